"""What the register answers: plain, frozen descriptions of partnerships and their history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.partnership import INBOUND, OUTBOUND, Partnership


@dataclass(frozen=True)
class Established:
    """The ids of a newly established partnership."""

    partnership_id: UUID
    reference: str


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


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded event: what happened, when, and who recorded it on what evidence."""

    version: int
    type: str
    occurred_on: date
    recorded_at: datetime
    recorded_by: str
    source: str | None
    data: dict[str, Any]


def status_of(partnership: Partnership) -> PartnershipStatus:
    """Describes a partnership's current state."""
    visits = partnership.visits.values()
    return PartnershipStatus(
        partnership_id=partnership.id,
        reference=partnership.reference,
        council=partnership.council,
        city=partnership.city,
        country=partnership.country,
        description=partnership.description,
        established_on=partnership.established_on,
        severed_on=partnership.severed_on,
        severance_reason=partnership.severance_reason,
        severance_announced_by=partnership.severance_announced_by,
        visits=VisitCounts(
            inbound=sum(1 for v in visits if v.direction == INBOUND),
            outbound=sum(1 for v in visits if v.direction == OUTBOUND),
        ),
        last_visit_on=max((v.occurred_on for v in visits), default=None),
        total_spend=sum((e.amount for e in partnership.expenses.values()), Decimal("0.00")),
        rooms=tuple(NamedRoom(room=r.room, building=r.building) for r in partnership.rooms),
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
        source=event.source,
        data={k: v for k, v in vars(event).items() if k not in _BOOKKEEPING},
    )


def summary(event_type: str, d: Mapping[str, Any]) -> str:
    """One line, in plain words, of what an event recorded (amounts as Decimal or string)."""
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
    return event_type
