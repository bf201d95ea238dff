"""How reports write amounts and dates, one way throughout: £10,354.00 and 16 March 2018."""

from __future__ import annotations

from functools import cache

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def html(text: str) -> str:
    """Text made safe to write into HTML as it is (&, <, >, quotes escaped). The long tables of
    a page (visits, expenses, the audit trail) are escaped once, here, when their rows are made,
    and written by the templates without escaping again: escaping each of a million cells as
    the template writes it took most of the report's time."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
    return text


def money(pence: int) -> str:
    """Whole pence as pounds sterling: ``£10,354.00``."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


@cache
def day(iso: str) -> str:
    """An ISO date (or the date of an ISO moment) as people write it: ``16 March 2018``."""
    return f"{int(iso[8:10])} {_MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"


def moment(iso: str) -> str:
    """A recording time (ISO 8601 in UTC) in the same style: ``16 March 2018 09:30 UTC``."""
    return f"{day(iso[:10])} {iso[11:16]} UTC"
