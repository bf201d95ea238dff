"""Money in read models: whole pence in integers, so no database ever rounds it."""

from __future__ import annotations

from decimal import Decimal


def pence(amount: str | None) -> int:
    """Pence from an amount as stored ("3500.00"); None is zero."""
    if amount is None:
        return 0
    pounds, _, fraction = amount.partition(".")
    return int(pounds) * 100 + int((fraction + "00")[:2])


def pounds(pence_: int) -> Decimal:
    """The amount in pounds, exactly, with two decimal places."""
    return Decimal(pence_).scaleb(-2).quantize(Decimal("0.01"))


def financial_year(on: str) -> str:
    """The UK financial year (1 April to 31 March) of an ISO date, e.g. "2016/17"."""
    year, month = int(on[:4]), int(on[5:7])
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"
