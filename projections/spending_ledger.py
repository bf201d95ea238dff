"""The spending ledger: one row per expense, totalled by partnership, financial year and visit."""

from __future__ import annotations

from typing import Any

from projections.money import financial_year, pence
from projections.recorded import Recorded

NAME = "spending_ledger"

COLUMNS = (
    "expense_id",
    "position",
    "partnership_id",
    "occurred_on",
    "financial_year",
    "amount_pence",
    "beneficiary",
    "purpose",
    "visit_id",
    "department",
    "irrecoverable_vat_pence",
    "category",
)


def row(event: Recorded) -> tuple[Any, ...] | None:
    """The ledger's row for an expense, in the order of COLUMNS; None for any other event."""
    if event.type != "ExpenseIncurred":
        return None
    d = event.data
    vat = d.get("irrecoverable_vat")
    return (
        d["expense_id"],
        event.position,
        event.partnership_id,
        event.occurred_on,
        financial_year(event.occurred_on),
        pence(d["amount"]),
        d["beneficiary"],
        d["purpose"],
        d.get("visit_id"),
        d.get("department"),
        None if vat is None else pence(vat),
        d.get("category"),
    )
