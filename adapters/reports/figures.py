"""The figures of a partnership's page, computed from its records: what stands, what was
corrected or voided and why, and for every figure the versions of the events behind it.

As of a date, a record counts when it stands dated by then (corrections at their corrected
dates and values, voided records never), as ``status --as-of`` counts it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from adapters.reports.formats import day, html, moment, money
from adapters.reports.reading import Records
from domain.directions import INBOUND


@dataclass(frozen=True)
class Sourced:
    """A figure as shown, and the versions of the events it is made from."""

    text: str
    versions: tuple[int, ...]


@dataclass(frozen=True)
class YearLine:
    """A UK financial year's spend."""

    year: str
    anchor: str
    pence: int
    total: Sourced
    count: int


# The lines of the long tables below hold HTML: text escaped once when the line is made.


@dataclass(frozen=True)
class ExpenseLine:
    on: str
    amount: str
    beneficiary: str
    purpose: str
    department: str
    category: str
    card: str
    vat: str
    individual: str
    voided: bool
    standing: str
    versions: tuple[int, ...]


@dataclass(frozen=True)
class VisitLine:
    on: str
    direction: str
    delegation: str
    members: str
    purpose: str
    voided: bool
    standing: str
    spend: Sourced
    versions: tuple[int, ...]


@dataclass(frozen=True)
class RoomLine:
    room: str
    building: str
    named_on: str
    version: int


@dataclass(frozen=True)
class TrailLine:
    version: int
    type: str
    on: str
    recorded_at: str
    recorded_by: str
    source: str
    summary: str
    later: bool


@dataclass(frozen=True)
class TimelineYear:
    """What happened in one calendar year of a partnership."""

    year: int
    inbound: int
    outbound: int
    expenses: int
    rooms: int


@dataclass(frozen=True)
class PartnershipPage:
    """Everything a partnership's page shows, written as it is shown."""

    reference: str
    council: str
    city: str
    country: str
    description: str
    status: str
    established_on: str
    severed_on: str
    severed_year: int | None
    severance_reason: str
    severance_announced_by: str
    version: int
    total_pence: int
    total_spend: Sourced
    visits_in: Sourced
    visits_out: Sourced
    years: list[YearLine]
    expenses: list[ExpenseLine]
    visits: list[VisitLine]
    rooms: list[RoomLine]
    trail: list[TrailLine]
    timeline: list[TimelineYear]


@dataclass
class _Standing:
    """A record as it stands after its corrections, with the versions of its events."""

    row: Any
    values: dict[str, Any]
    voided: bool
    standing: str
    versions: tuple[int, ...]


def _stand(
    row: Any, fixes: list[Any], version_of: dict[int, int], keys: Iterable[str]
) -> _Standing:
    values = {k: getattr(row, k) for k in keys}
    last = fixes[-1] if fixes else None
    if last is not None:
        for k in values:
            fixed = getattr(last, k, None)
            if fixed is not None:
                values[k] = fixed
    voided = bool(last is not None and last.voided)
    if voided:
        standing = f"Voided: {last.reason}" if last is not None else ""
    elif fixes:
        standing = "Corrected: " + "; ".join(f.reason for f in fixes)
    else:
        standing = ""
    versions = (version_of[row.position], *(version_of[f.position] for f in fixes))
    return _Standing(row, values, voided, standing, versions)


_EXPENSE = (
    "occurred_on",
    "financial_year",
    "amount_pence",
    "beneficiary",
    "purpose",
    "paid_to_individual",
)
_VISIT = ("occurred_on", "direction", "delegation", "purpose")


def _sourced(text: str, versions: Iterable[int]) -> Sourced:
    return Sourced(text, tuple(sorted(set(versions))))


def partnership_page(records: Records, as_of: date | None = None) -> PartnershipPage | None:
    """The page of a partnership, as of a date (None: now); None if not yet established."""
    s = records.status
    if as_of is not None and s["established_on"] > as_of.isoformat():
        return None
    last = "9999-12-31" if as_of is None else as_of.isoformat()
    version_of = {e.position: e.version for e in records.events}

    expenses = [
        _stand(r, records.expense_corrections.get(r.expense_id, []), version_of, _EXPENSE)
        for r in records.expenses
    ]
    expenses = [e for e in expenses if e.values["occurred_on"] <= last]
    expenses.sort(key=lambda e: (e.values["occurred_on"], e.row.position))
    counted = [e for e in expenses if not e.voided]

    visits = [
        _stand(r, records.visit_corrections.get(r.visit_id, []), version_of, _VISIT)
        for r in records.visits
    ]
    visits = [v for v in visits if v.values["occurred_on"] <= last]
    visits.sort(key=lambda v: (v.values["occurred_on"], v.row.position))

    by_visit: dict[str, list[_Standing]] = defaultdict(list)
    for e in expenses:
        if e.row.visit_id is not None:
            by_visit[e.row.visit_id].append(e)

    by_year: dict[str, list[_Standing]] = defaultdict(list)
    for e in expenses:
        by_year[e.values["financial_year"]].append(e)
    years = []
    for year in sorted(by_year):
        standing = [e for e in by_year[year] if not e.voided]
        if not standing:
            continue
        pence = sum(e.values["amount_pence"] for e in standing)
        years.append(
            YearLine(
                year=year,
                anchor="year-" + year.replace("/", "-"),
                pence=pence,
                total=_sourced(money(pence), (v for e in by_year[year] for v in e.versions)),
                count=len(standing),
            )
        )

    total = sum(e.values["amount_pence"] for e in counted)
    directions = {
        d: [v for v in visits if v.values["direction"] == d] for d in (INBOUND, "outbound")
    }
    severed = s["severed_on"] is not None and s["severed_on"] <= last
    rooms = [r for r in s["rooms"] if r["named_on"] <= last]
    return PartnershipPage(
        reference=s["reference"],
        council=s["council"],
        city=s["city"],
        country=s["country"],
        description=s["description"] or "",
        status="severed" if severed else "active",
        established_on=day(s["established_on"]),
        severed_on=day(s["severed_on"]) if severed else "",
        severed_year=int(s["severed_on"][:4]) if severed else None,
        severance_reason=(s["severance_reason"] or "") if severed else "",
        severance_announced_by=(s["severance_announced_by"] or "") if severed else "",
        version=max(version_of.values(), default=s["version"]),
        total_pence=total,
        total_spend=_sourced(money(total), (v for e in expenses for v in e.versions)),
        visits_in=_count(directions[INBOUND]),
        visits_out=_count(directions["outbound"]),
        years=years,
        expenses=[_expense_line(e) for e in expenses],
        visits=[_visit_line(v, by_visit.get(v.row.visit_id, [])) for v in visits],
        rooms=[
            RoomLine(
                html(r["room"]), html(r["building"]), day(r["named_on"]), version_of[r["position"]]
            )
            for r in rooms
        ],
        trail=[
            TrailLine(
                version=e.version,
                type=e.type,
                on=day(e.occurred_on),
                recorded_at=moment(e.recorded_at),
                recorded_by=html(e.recorded_by),
                source=html(e.source or ""),
                summary=html(e.summary),
                later=e.occurred_on > last,
            )
            for e in records.events
        ],
        timeline=_timeline(
            s["established_on"], s["severed_on"] if severed else None, counted, visits, rooms
        ),
    )


def _count(visits: list[_Standing]) -> Sourced:
    standing = sum(1 for v in visits if not v.voided)
    return _sourced(f"{standing:,}", (n for v in visits for n in v.versions))


def _expense_line(e: _Standing) -> ExpenseLine:
    r, v = e.row, e.values
    return ExpenseLine(
        on=day(v["occurred_on"]),
        amount=money(v["amount_pence"]),
        beneficiary=html(v["beneficiary"]),
        purpose=html(v["purpose"]),
        department=html(r.department or ""),
        category=html(r.category or ""),
        card="Yes" if r.card_transaction else "No",
        vat="" if r.irrecoverable_vat_pence is None else money(r.irrecoverable_vat_pence),
        individual="Yes" if v["paid_to_individual"] else "No",
        voided=e.voided,
        standing=html(e.standing),
        versions=e.versions,
    )


def _visit_line(v: _Standing, expenses: list[_Standing]) -> VisitLine:
    pence = sum(e.values["amount_pence"] for e in expenses if not e.voided)
    members = v.row.members
    return VisitLine(
        on=day(v.values["occurred_on"]),
        direction=v.values["direction"],
        delegation=html(v.values["delegation"]),
        members=html(", ".join(_members(members))),
        purpose=html(v.values["purpose"] or ""),
        voided=v.voided,
        standing=html(v.standing),
        spend=_sourced(money(pence), (n for e in expenses for n in e.versions)),
        versions=v.versions,
    )


def _members(text: str) -> list[str]:
    return [] if text == "[]" else list(json.loads(text))


def _timeline(
    established_on: str,
    severed_on: str | None,
    expenses: list[_Standing],
    visits: list[_Standing],
    rooms: list[dict[str, Any]],
) -> list[TimelineYear]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for v in visits:
        if not v.voided:
            counts[int(v.values["occurred_on"][:4])][
                0 if v.values["direction"] == INBOUND else 1
            ] += 1
    for e in expenses:
        counts[int(e.values["occurred_on"][:4])][2] += 1
    for r in rooms:
        counts[int(r["named_on"][:4])][3] += 1
    first = int(established_on[:4])
    end = max([*counts, first, int(severed_on[:4]) if severed_on else first])
    return [TimelineYear(y, *counts.get(y, (0, 0, 0, 0))) for y in range(first, end + 1)]
