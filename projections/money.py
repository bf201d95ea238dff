"""Money in read models: whole pence in integers, so no database ever rounds it."""

from __future__ import annotations

from decimal import Decimal


def pence(amount: str | None) -> int:
    """Pence from an amount as stored ("3500.00"); None is zero."""
    if amount is None:
        return 0
    if amount[-3:-2] == ".":  # as the register stores every amount: two decimal places
        return int(amount[:-3] + amount[-2:])
    pounds, _, fraction = amount.partition(".")
    return int(pounds) * 100 + int((fraction + "00")[:2])


def pounds(pence_: int) -> Decimal:
    """The amount in pounds, exactly, with two decimal places."""
    return Decimal(pence_).scaleb(-2).quantize(Decimal("0.01"))


_YEARS: dict[str, str] = {}


def financial_year(on: str) -> str:
    """The UK financial year (1 April to 31 March) of an ISO date, e.g. "2016/17"."""
    month = on[:7]
    known = _YEARS.get(month)
    if known is None:
        year = int(on[:4])
        start = year if int(on[5:7]) >= 4 else year - 1
        known = _YEARS[month] = f"{start}/{(start + 1) % 100:02d}"
    return known
