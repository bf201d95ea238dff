"""What the register answers: plain, frozen descriptions of partnerships and their history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.directions import INBOUND, OUTBOUND
from domain.errors import NotYetEstablishedError

if TYPE_CHECKING:  # the aggregate and its event store are the register's, not a reader's
    from domain.partnership import Partnership


@dataclass(frozen=True)
class Established:
    """The ids of a newly established partnership."""

    partnership_id: UUID
    reference: str


@dataclass(frozen=True)
class Amended:
    """A visit or expense corrected or voided: its whole id, and the partnership's version."""

    record_id: UUID
    version: int


@dataclass(frozen=True)
class VisitCounts:
    """How many delegations visited, by direction."""

    inbound: int
    outbound: int

    @property
    def total(self) -> int:
        return self.inbound + self.outbound


@dataclass(frozen=True)
class NamedRoom:
    """A room named in the partner's honour."""

    room: str
    building: str


@dataclass(frozen=True)
class PartnershipStatus:
    """Where a partnership stands."""

    partnership_id: UUID
    reference: str
    council: str
    city: str
    country: str
    description: str | None
    established_on: date
    severed_on: date | None
    severance_reason: str | None
    severance_announced_by: str | None
    visits: VisitCounts
    last_visit_on: date | None
    total_spend: Decimal
    rooms: tuple[NamedRoom, ...]
    version: int

    @property
    def status(self) -> str:
        return "active" if self.severed_on is None else "severed"


# A point in a partnership's life: a business date, a recording time, or a version.
Point = date | datetime | int


@dataclass(frozen=True)
class Change:
    """One field of a partnership's status that differs between two points, and why."""

    field: str
    was: Any
    now: Any
    caused_by: tuple[int, ...]


# The events that can change each part of a status.
_VISITS = ("DelegationVisited", "VisitCorrected", "VisitVoided")
_SEVERANCE = ("TiesSevered",)
CAUSES: dict[str, tuple[str, ...]] = {
    "visits": _VISITS,
    "last_visit_on": _VISITS,
    "total_spend": ("ExpenseIncurred", "ExpenseCorrected", "ExpenseVoided"),
    "rooms": ("RoomNamed",),
    "status": _SEVERANCE,
    "severed_on": _SEVERANCE,
    "severance_reason": _SEVERANCE,
    "severance_announced_by": _SEVERANCE,
}


# A status's fields to compare, in the order a difference lists them, each with how to read it.
_FLAT: tuple[tuple[str, Callable[[PartnershipStatus], Any]], ...] = (
    ("status", lambda s: s.status),
    ("severed_on", lambda s: s.severed_on),
    ("severance_reason", lambda s: s.severance_reason),
    ("severance_announced_by", lambda s: s.severance_announced_by),
    ("visits.inbound", lambda s: s.visits.inbound),
    ("visits.outbound", lambda s: s.visits.outbound),
    ("visits.total", lambda s: s.visits.total),
    ("last_visit_on", lambda s: s.last_visit_on),
    ("total_spend", lambda s: s.total_spend),
    ("rooms", lambda s: [f"{r.room}, {r.building}" for r in s.rooms]),
)


def flat_status_fields() -> tuple[str, ...]:
    """The names flat_status gives, in the order a difference lists them."""
    return tuple(name for name, _ in _FLAT)


def flat_status(status: PartnershipStatus) -> dict[str, Any]:
    """A status as named fields ("visits.inbound", "total_spend", ...) to compare."""
    return {name: read(status) for name, read in _FLAT}


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded event: what happened, when, and who recorded it on what evidence;
    ``recorded_by`` is the name given, ``account`` the login that stored it (None: unknown)."""

    version: int
    type: str
    occurred_on: date
    recorded_at: datetime
    recorded_by: str
    account: str | None
    source: str | None
    data: dict[str, Any]


def status_of(partnership: Partnership, as_of: date | None = None) -> PartnershipStatus:
    """Describes a partnership as it stood on a business date (by default, as it stands): only
    what happened by then counts, as the register now knows it, corrections included."""
    if as_of is not None and as_of < partnership.established_on:
        raise NotYetEstablishedError(
            f"{partnership.reference} was established on {partnership.established_on}, "
            f"after {as_of}"
        )
    last = date.max if as_of is None else as_of
    visits = [v for v in partnership.visits.values() if v.occurred_on <= last]
    expenses = [e for e in partnership.expenses.values() if e.occurred_on <= last]
    severed = partnership.severed_on is not None and partnership.severed_on <= last
    return PartnershipStatus(
        partnership_id=partnership.id,
        reference=partnership.reference,
        council=partnership.council,
        city=partnership.city,
        country=partnership.country,
        description=partnership.description,
        established_on=partnership.established_on,
        severed_on=partnership.severed_on if severed else None,
        severance_reason=partnership.severance_reason if severed else None,
        severance_announced_by=partnership.severance_announced_by if severed else None,
        visits=VisitCounts(
            inbound=sum(1 for v in visits if v.direction == INBOUND),
            outbound=sum(1 for v in visits if v.direction == OUTBOUND),
        ),
        last_visit_on=max((v.occurred_on for v in visits), default=None),
        total_spend=sum((e.amount for e in expenses), Decimal("0.00")),
        rooms=tuple(
            NamedRoom(room=r.room, building=r.building)
            for r in partnership.rooms
            if r.named_on <= last
        ),
        version=partnership.version,
    )


_BOOKKEEPING = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "occurred_on",
        "recorded_by",
        "account",
        "source",
    }
)


def history_entry(event: Any) -> HistoryEntry:
    """Describes one stored event of a partnership."""
    return HistoryEntry(
        version=event.originator_version,
        type=type(event).__name__,
        occurred_on=event.occurred_on,
        recorded_at=event.timestamp,
        recorded_by=event.recorded_by,
        account=event.account,
        source=event.source,
        data={k: v for k, v in vars(event).items() if k not in _BOOKKEEPING},
    )


def summary(  # noqa: PLR0911 (one answer per kind of event)
    event_type: str, d: Mapping[str, Any], occurred_on: object = None
) -> str:
    """One line, in plain words, of what an event recorded (values typed or as strings);
    ``occurred_on`` is the event's business date, which a correction's changes include."""
    if event_type == "Established":
        return f"{d['council']} established a partnership with {d['city']}, {d['country']}"
    if event_type == "DelegationVisited":
        arrow = "to the council" if d["direction"] == INBOUND else "to the partner"
        members = f" ({', '.join(d['members'])})" if d["members"] else ""
        purpose = f": {d['purpose']}" if d["purpose"] else ""
        return f"Delegation {arrow}: {d['delegation']}{members}{purpose}"
    if event_type == "ExpenseIncurred":
        return f"£{Decimal(str(d['amount'])):,} paid to {d['beneficiary']} for {d['purpose']}"
    if event_type == "RoomNamed":
        return f"{d['room']} named in {d['building']}"
    if event_type == "TiesSevered":
        return f"Ties severed, announced by {d['announced_by']}: {d['reason']}"
    if event_type == "ExpenseCorrected":
        changes = _changes(
            {**d, "occurred_on": occurred_on},
            ("amount", "occurred_on", "beneficiary", "purpose", "paid_to_individual"),
            ("amount", "date", "beneficiary", "purpose", "paid to an individual"),
        )
        return f"Expense {str(d['expense_id'])[:8]} corrected ({changes}) because {d['reason']}"
    if event_type == "ExpenseVoided":
        amount = Decimal(str(d["amount"]))
        return f"Expense {str(d['expense_id'])[:8]} of £{amount:,} voided because {d['reason']}"
    if event_type == "VisitCorrected":
        changes = _changes(
            {**d, "occurred_on": occurred_on},
            ("occurred_on", "direction", "delegation", "purpose"),
            ("date", "direction", "delegation", "purpose"),
        )
        return f"Visit {str(d['visit_id'])[:8]} corrected ({changes}) because {d['reason']}"
    if event_type == "VisitVoided":
        return f"Visit {str(d['visit_id'])[:8]} voided because {d['reason']}"
    return event_type


def _changes(d: Mapping[str, Any], fields: tuple[str, ...], words: tuple[str, ...]) -> str:
    """What a correction changed, as "amount £3,500.00 to £3,050.00; date ... to ..."."""

    def shown(field: str, value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return f"£{Decimal(str(value)):,}" if field == "amount" else str(value)

    return "; ".join(
        f"{word} {shown(field, d['was_' + field])} to {shown(field, d[field])}"
        for field, word in zip(fields, words, strict=True)
        if d.get(field) is not None and str(d.get("was_" + field)) != str(d[field])
    )
