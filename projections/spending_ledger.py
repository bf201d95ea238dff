"""The spending ledger: one row per expense as first recorded, and one per correction or void.

An expense as it stands is its row overlaid by its latest correction, unless that voids it;
totals by partnership, financial year and visit are sums over expenses as they stand. Both
kinds of row are only ever added, so the ledger is rebuilt by appending.
"""

from __future__ import annotations

from typing import Any

from projections.money import financial_year, pence
from projections.recorded import Recorded, key, plain

NAME = "spending_ledger"

# The kinds of event that make the ledger's rows, and its corrections' rows.
EXPENSES = frozenset({"ExpenseIncurred"})
CORRECTIONS = frozenset({"ExpenseCorrected", "ExpenseVoided"})

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
    "card_transaction",
    "paid_to_individual",
)

CORRECTION_COLUMNS = (
    "position",
    "expense_id",
    "occurred_on",
    "financial_year",
    "amount_pence",
    "beneficiary",
    "purpose",
    "paid_to_individual",
    "voided",
    "reason",
)


def row(event: Recorded) -> tuple[Any, ...] | None:
    """The ledger's row for an expense, in the order of COLUMNS; None for any other event."""
    if event.type != "ExpenseIncurred":
        return None
    d = event.stored
    vat = plain(d.get("irrecoverable_vat"))
    return (
        key(d["expense_id"]),
        event.position,
        event.partnership,
        event.occurred_on,
        financial_year(event.occurred_on),
        pence(plain(d["amount"])),
        d["beneficiary"],
        d["purpose"],
        key(d.get("visit_id")),
        d.get("department"),
        None if vat is None else pence(vat),
        d.get("category"),
        int(d["card_transaction"]),
        int(d["paid_to_individual"]),
    )


def correction(event: Recorded) -> tuple[Any, ...] | None:
    """The row of a correction or a void, in the order of CORRECTION_COLUMNS; else None."""
    values: tuple[Any, str | None, str | None, int | None, int]
    if event.type == "ExpenseCorrected":
        d = event.stored
        values = (d["amount"], d["beneficiary"], d["purpose"], int(d["paid_to_individual"]), 0)
    elif event.type == "ExpenseVoided":
        d = event.stored
        values = (d["amount"], None, None, None, 1)
    else:
        return None
    amount, beneficiary, purpose, paid_to_individual, voided = values
    return (
        event.position,
        key(d["expense_id"]),
        event.occurred_on,
        financial_year(event.occurred_on),
        pence(plain(amount)),
        beneficiary,
        purpose,
        paid_to_individual,
        voided,
        d["reason"],
    )
