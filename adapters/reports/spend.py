"""The Transparency Code spend file: every expense as it stands over the threshold, and every
procurement-card expense whatever its amount, in date order and then by transaction number;
payments to individuals published as REDACTED PERSONAL DATA."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from adapters.read_models.standing import current_expenses
from adapters.read_models.tables import status_table
from projections.money import pounds

REDACTED = "REDACTED PERSONAL DATA"
THRESHOLD = Decimal("500")

HEADER = (
    "Body name",
    "Date",
    "Transaction number",
    "Supplier",
    "Amount",
    "Irrecoverable VAT",
    "Department",
    "Purpose",
    "Procurement category",
    "Card transaction",
    "Partnership",
)


@dataclass(frozen=True)
class SpendLine:
    """One published item of expenditure."""

    body_name: str
    date: date
    transaction_number: str
    supplier: str
    amount: Decimal
    irrecoverable_vat: Decimal | None
    department: str | None
    purpose: str
    procurement_category: str | None
    card_transaction: bool
    partnership: str

    def cells(self) -> tuple[Any, ...]:
        """The line as the CSV's cells, in the order of HEADER."""
        return (
            self.body_name,
            self.date.strftime("%d/%m/%Y"),
            self.transaction_number,
            self.supplier,
            self.amount,
            self.irrecoverable_vat,
            self.department,
            self.purpose,
            self.procurement_category,
            "Yes" if self.card_transaction else "No",
            self.partnership,
        )


def spend_lines(
    register: Any,
    *,
    partnership_id: UUID | None = None,
    start: date | None = None,
    end: date | None = None,
    over: Decimal = THRESHOLD,
) -> list[SpendLine]:
    """The spend file's lines, from the read models (brought up to date by the caller)."""
    spent = current_expenses()
    parties = status_table.c
    query = (
        select(spent, parties.council, parties.reference)
        .select_from(spent.join(status_table, parties.partnership_id == spent.c.partnership_id))
        .where(or_(spent.c.amount_pence > int(over * 100), spent.c.card_transaction == 1))
        .order_by(spent.c.occurred_on, spent.c.expense_id)
    )
    if partnership_id is not None:
        query = query.where(spent.c.partnership_id == str(partnership_id))
    if start is not None:
        query = query.where(spent.c.occurred_on >= start.isoformat())
    if end is not None:
        query = query.where(spent.c.occurred_on <= end.isoformat())
    engine = cast(Engine, register.recorder.datastore.engine)
    with engine.connect() as connection:
        return [
            SpendLine(
                body_name=r.council,
                date=date.fromisoformat(r.occurred_on),
                transaction_number=r.expense_id,
                supplier=REDACTED if r.paid_to_individual else r.beneficiary,
                amount=pounds(r.amount_pence),
                irrecoverable_vat=None
                if r.irrecoverable_vat_pence is None
                else pounds(r.irrecoverable_vat_pence),
                department=r.department,
                purpose=r.purpose,
                procurement_category=r.category,
                card_transaction=bool(r.card_transaction),
                partnership=r.reference,
            )
            for r in connection.execute(query)
        ]
