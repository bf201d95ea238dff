"""The report as a static site: an index of the register and a page per partnership, written
from the read models up to one log position, laid out by the templates beside this module."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy.engine import Engine

from adapters import chain
from adapters.reports import charts
from adapters.reports.figures import PartnershipPage, Sourced, YearLine, partnership_page
from adapters.reports.formats import day, moment, money
from adapters.reports.reading import RegisterRecords
from adapters.reports.rows import expense_rows, sourced, trail_rows, visit_rows
from domain.errors import NotYetEstablishedError, NotYetRecordedError
from domain.register import PartnershipRegister

_TEMPLATES = Environment(
    loader=PackageLoader("adapters.reports"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
# A figure with the events behind it: thousands on a page, written in code (rows.py).
_TEMPLATES.globals["sourced"] = sourced


@dataclass(frozen=True)
class Made:
    """What every page says about how it was made."""

    banner: str
    made_at: str
    position: int
    digest: str


@dataclass(frozen=True)
class Site:
    """A report written: where, how many pages, of how many partnerships, from which log."""

    out: Path
    index: Path
    pages: int
    partnerships: int
    position: int
    digest: str


@dataclass(frozen=True)
class YearShare:
    """One partnership's part of a financial year's spend, on that year's page."""

    reference: str
    page: str
    council: str
    city: str
    pence: int
    count: int
    total: str


@dataclass(frozen=True)
class IndexRow:
    reference: str
    page: str
    council: str
    city: str
    country: str
    status: str
    established_on: str
    severed_on: str
    inbound: str
    outbound: str
    spend: str


def banner(as_of: date | None, known_at: datetime | None) -> str:
    """What the top of every page says the report shows."""
    if as_of is not None and known_at is not None:
        return (
            f"As of {day(as_of.isoformat())}, as the register described it at "
            f"{moment(known_at.isoformat())}: what it held then about that date."
        )
    if as_of is not None:
        return f"As of {day(as_of.isoformat())}: what was true on that date, as known now."
    if known_at is not None:
        return (
            f"As the register described it at {moment(known_at.isoformat())}: "
            "only what had been recorded by then."
        )
    return "The register as it stands now."


def page_name(reference: str) -> str:
    """The file of a partnership's page, as a link writes it."""
    return quote(reference) + ".html"


def write_site(
    register: PartnershipRegister,
    out: Path,
    *,
    partnership_id: UUID | None = None,
    as_of: date | None = None,
    known_at: datetime | None = None,
    progress: Callable[[int], AbstractContextManager[Callable[[int], None]]] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Site:
    """Writes the report into ``out`` (made if missing): pages are written aside first and
    moved in only when all are done, so a failure leaves no half-written report. ``progress``
    is given the number of pages to come and yields a function told how many are done."""
    kept = chain.register_digest(register)
    recorder: Any = register.recorder
    records = RegisterRecords(
        cast(Engine, recorder.datastore.engine),
        recorder.events_record_cls.__table__,
        head=kept.position,
        partnership_id=None if partnership_id is None else str(partnership_id),
        known_at=known_at,
    )
    made = Made(
        banner=banner(as_of, known_at),
        made_at=moment(now().isoformat()),
        position=kept.position,
        digest=kept.digest,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        with (progress or _quiet)(records.count() + 1) as done:
            seen, rows, shares = _write_pages(records, aside, made, as_of, done)
        if partnership_id is not None and not rows:
            _refuse_missing(seen, as_of, known_at)
        years = _write_years(aside, made, shares)
        _write_index(aside, made, rows, years)
        out.mkdir(exist_ok=True)
        for written in aside.iterdir():
            os.replace(written, out / written.name)
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    return Site(
        out=out,
        index=out / "index.html",
        pages=len(rows) + len(years) + 1,
        partnerships=len(rows),
        position=kept.position,
        digest=kept.digest,
    )


@contextmanager
def _quiet(_: int) -> Iterator[Callable[[int], None]]:
    yield lambda _: None


def _refuse_missing(seen: int, as_of: date | None, known_at: datetime | None) -> None:
    """Why the one partnership asked for has no page: not yet recorded, or not established."""
    if not seen and known_at is not None:
        raise NotYetRecordedError(
            f"the register held nothing about that partnership at {known_at.isoformat()}"
        )
    raise NotYetEstablishedError(f"that partnership was not yet established on {as_of}")


def _write_pages(
    records: RegisterRecords,
    folder: Path,
    made: Made,
    as_of: date | None,
    progress: Callable[[int], None],
) -> tuple[int, list[IndexRow], dict[str, list[YearShare]]]:
    """Writes each partnership's page; returns how many partnerships were read, the index's
    rows, and each financial year's spend by partnership."""
    template = _TEMPLATES.get_template("partnership.html")
    later = "" if as_of is None else day(as_of.isoformat())
    rows: list[IndexRow] = []
    years: dict[str, list[YearShare]] = {}
    done = 0
    for done, found in enumerate(records.partnerships(), start=1):
        page = partnership_page(found, as_of)
        if page is not None:
            name = page_name(page.reference)
            html = template.render(
                p=page,
                rows={
                    "visits": visit_rows(page.visits),
                    "expenses": expense_rows(page.expenses),
                    "trail": trail_rows(page.trail),
                },
                made=made,
                later=later,
                chart_spend=charts.spend_chart(page.years),
                chart_timeline=charts.timeline(page.timeline, page.severed_year),
            )
            (folder / f"{page.reference}.html").write_text(html, encoding="utf-8")
            rows.append(_index_row(page, name))
            for y in page.years:
                years.setdefault(y.year, []).append(
                    YearShare(
                        reference=page.reference,
                        page=name,
                        council=page.council,
                        city=page.city,
                        pence=y.pence,
                        count=y.count,
                        total=y.total.text,
                    )
                )
        progress(done)
    return done, rows, years


def _index_row(page: PartnershipPage, name: str) -> IndexRow:
    return IndexRow(
        reference=page.reference,
        page=name,
        council=page.council,
        city=page.city,
        country=page.country,
        status=page.status,
        established_on=page.established_on,
        severed_on=page.severed_on,
        inbound=page.visits_in.text,
        outbound=page.visits_out.text,
        spend=page.total_spend.text,
    )


def _write_years(
    folder: Path, made: Made, shares: dict[str, list[YearShare]]
) -> list[YearLine]:
    """Writes a page for each financial year with spend, giving each partnership's part of it
    with a link to that year on the partnership's page (which links to the events behind it);
    returns the register's years, in order."""
    template = _TEMPLATES.get_template("year.html")
    lines = []
    for year, parts in sorted(shares.items()):
        parts.sort(key=lambda s: s.reference)
        pence = sum(s.pence for s in parts)
        line = YearLine(
            year=year,
            anchor="year-" + year.replace("/", "-"),
            pence=pence,
            total=Sourced(money(pence), ()),
            count=sum(s.count for s in parts),
        )
        html = template.render(made=made, year=line, first=int(year[:4]), shares=parts)
        (folder / year_page(line)).write_text(html, encoding="utf-8")
        lines.append(line)
    return lines


def year_page(year: YearLine) -> str:
    """The file of a financial year's page: ``year-2016-17.html``."""
    return f"{year.anchor}.html"


def _write_index(folder: Path, made: Made, rows: list[IndexRow], lines: list[YearLine]) -> None:
    rows.sort(key=lambda r: r.reference)
    severed = sum(1 for r in rows if r.status == "severed")
    totals = {
        "partnerships": f"{len(rows):,}",
        "active": f"{len(rows) - severed:,}",
        "severed": f"{severed:,}",
        "inbound": f"{sum(int(r.inbound.replace(',', '')) for r in rows):,}",
        "outbound": f"{sum(int(r.outbound.replace(',', '')) for r in rows):,}",
        "spend": money(sum(y.pence for y in lines)),
    }
    html = _TEMPLATES.get_template("index.html").render(
        made=made, rows=rows, years=lines, totals=totals, chart=charts.spend_chart(lines)
    )
    (folder / "index.html").write_text(html, encoding="utf-8")
