"""Records as they stand: each visit or expense with its latest correction over it, the voided
left out, as SQL the queries of every view build on ("latest correction wins")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, select

from adapters.read_models.tables import (
    expense_corrections_table,
    ledger_table,
    visit_corrections_table,
    visits_table,
)


def _latest(corrections: Table, key: str, up_to: int | None) -> Any:
    """Each record's latest correction or void (recorded up to a log position)."""
    newest = select(corrections.c[key], func.max(corrections.c.position).label("position"))
    if up_to is not None:
        newest = newest.where(corrections.c.position <= up_to)
    latest = newest.group_by(corrections.c[key]).subquery()
    return (
        select(corrections)
        .select_from(corrections.join(latest, latest.c.position == corrections.c.position))
        .subquery()
    )


def _standing(
    records: Table, corrections: Table, key: str, corrected: Sequence[str], up_to: int | None
) -> Any:
    """Every record of the table as it stands (or stood at a log position): the corrected
    columns from its latest correction over it, the voided left out."""
    fix = _latest(corrections, key, up_to)
    query = (
        select(
            *(
                func.coalesce(fix.c[c.name], c).label(c.name) if c.name in corrected else c
                for c in records.c
            )
        )
        .select_from(records.outerjoin(fix, fix.c[key] == records.c[key]))
        .where(func.coalesce(fix.c.voided, 0) == 0)
    )
    if up_to is not None:
        query = query.where(records.c.position <= up_to)
    return query.subquery()


def current_expenses(up_to: int | None = None) -> Any:
    """Every expense as it stands (or stood at a log position)."""
    corrected = (
        "occurred_on",
        "financial_year",
        "amount_pence",
        "beneficiary",
        "purpose",
        "paid_to_individual",
    )
    return _standing(ledger_table, expense_corrections_table, "expense_id", corrected, up_to)


def current_visits(up_to: int | None = None) -> Any:
    """Every visit as it stands (or stood at a log position)."""
    corrected = ("occurred_on", "direction", "delegation", "purpose")
    return _standing(visits_table, visit_corrections_table, "visit_id", corrected, up_to)
