"""The spending ledger's queries: expenses as they stand, and totals by financial year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from adapters.read_models.standing import current_expenses
from domain.partnership import Expense
from projections.money import financial_year, pounds


@dataclass(frozen=True)
class ExpenseRow:
    expense_id: str
    partnership_id: str
    occurred_on: str
    amount: Decimal
    beneficiary: str
    purpose: str
    visit_id: str | None
    department: str | None
    irrecoverable_vat: Decimal | None
    category: str | None
    financial_year: str


@dataclass(frozen=True)
class YearTotal:
    year: str
    total: Decimal
    count: int


def expenses(engine: Engine, partnership_id: UUID | None = None) -> list[ExpenseRow]:
    """Every expense as it stands (of one partnership, or all), by date."""
    spent = current_expenses()
    query = select(spent).order_by(spent.c.occurred_on, spent.c.position)
    if partnership_id is not None:
        query = query.where(spent.c.partnership_id == str(partnership_id))
    with engine.connect() as connection:
        return [_expense(r) for r in connection.execute(query)]


def _expense(r: Any) -> ExpenseRow:
    return ExpenseRow(
        expense_id=r.expense_id,
        partnership_id=r.partnership_id,
        occurred_on=r.occurred_on,
        amount=pounds(r.amount_pence),
        beneficiary=r.beneficiary,
        purpose=r.purpose,
        visit_id=r.visit_id,
        department=r.department,
        irrecoverable_vat=None
        if r.irrecoverable_vat_pence is None
        else pounds(r.irrecoverable_vat_pence),
        category=r.category,
        financial_year=r.financial_year,
    )


def totals_by_year(engine: Engine, partnership_id: UUID | None = None) -> list[YearTotal]:
    """The expenses as they stand, totalled by UK financial year."""
    spent = current_expenses()
    year = spent.c.financial_year
    query = select(year, func.sum(spent.c.amount_pence), func.count()).group_by(year).order_by(year)
    if partnership_id is not None:
        query = query.where(spent.c.partnership_id == str(partnership_id))
    with engine.connect() as connection:
        return [
            YearTotal(year=y, total=pounds(int(total)), count=int(count))
            for y, total, count in connection.execute(query)
        ]


def expense_row(partnership_id: UUID, expense: Expense) -> ExpenseRow:
    """An expense from a partnership's own state, as the ledger would show it."""
    on = expense.occurred_on.isoformat()
    return ExpenseRow(
        expense_id=str(expense.expense_id),
        partnership_id=str(partnership_id),
        occurred_on=on,
        amount=expense.amount,
        beneficiary=expense.beneficiary,
        purpose=expense.purpose,
        visit_id=None if expense.visit_id is None else str(expense.visit_id),
        department=expense.department,
        irrecoverable_vat=expense.irrecoverable_vat,
        category=expense.category,
        financial_year=financial_year(on),
    )


def year_totals(rows: Iterable[ExpenseRow]) -> list[YearTotal]:
    """Totals by financial year of the given expenses."""
    totals: dict[str, tuple[Decimal, int]] = {}
    for row in rows:
        total, count = totals.get(row.financial_year, (Decimal("0.00"), 0))
        totals[row.financial_year] = (total + row.amount, count + 1)
    return [YearTotal(year, total, count) for year, (total, count) in sorted(totals.items())]
