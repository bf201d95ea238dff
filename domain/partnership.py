"""The Partnership aggregate: a council's twinning with a partner city and what happened in it.

Each command checks the rules and then triggers one event; each event's ``apply`` only assigns
state, so that history recorded under yesterday's rules still loads under today's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.domain import Snapshot as AggregateSnapshot

from domain.errors import (
    AlreadySeveredError,
    DatedAfterSeveranceError,
    DatedBeforeEstablishmentError,
    DatedInFutureError,
    InvalidAmountError,
    InvalidDirectionError,
    MissingDetailError,
    RoomAlreadyNamedError,
    SeveranceBeforeRecordsError,
    VisitNotFoundError,
)

# Partnership ids are derived from the reference under this namespace. Never change it:
# every stored event is keyed by an id made with it.
PARTNERSHIP_NAMESPACE = UUID("6f1c1a52-3d1e-5b7e-9a51-2f0d5c3b7a10")

INBOUND = "inbound"
OUTBOUND = "outbound"
DIRECTIONS = (INBOUND, OUTBOUND)

PENNY = Decimal("0.01")


def _slug(text: str) -> str:
    """Lower-case words joined by single hyphens, accents dropped, any script kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = "".join(c if c.isalnum() else " " for c in kept).split()
    return "-".join(words)


def reference_for(council: str, city: str) -> str:
    """The readable reference of a partnership, e.g. ``staffordshire-county-council--ivanovo``.

    Words within a name are joined by one hyphen and the two names by two, so different pairs
    never share a reference.
    """
    return f"{_slug(council)}--{_slug(city)}"


def as_reference(name: str) -> str:
    """A reference as someone may type it (other capitals, spaces), written as the register does."""
    return "--".join(_slug(part) for part in name.split("--"))


def partnership_id_for(reference: str) -> UUID:
    """The partnership id derived from its reference, so a pair can only be established once."""
    return uuid5(PARTNERSHIP_NAMESPACE, reference)


def _require(**details: str | None) -> None:
    for name, value in details.items():
        if value is None or not value.strip():
            raise MissingDetailError(f"{name.replace('_', ' ')} must not be empty")


def _money(amount: Decimal, what: str, *, allow_zero: bool = False) -> Decimal:
    """Checks an amount of pounds sterling and returns it with exactly two decimal places."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise InvalidAmountError(
            f"{what} must be an exact decimal amount in pounds, not {amount!r}"
        )
    if amount < 0 or (amount == 0 and not allow_zero):
        smallest = "zero or more" if allow_zero else "more than zero"
        raise InvalidAmountError(f"{what} must be {smallest}, not {amount}")
    if amount != amount.quantize(PENNY):
        raise InvalidAmountError(f"{what} must have at most two decimal places, not {amount}")
    return amount.quantize(PENNY)


@dataclass(frozen=True)
class Visit:
    """A delegation's visit, inbound to the council or outbound to the partner."""

    visit_id: UUID
    occurred_on: date
    direction: str
    delegation: str
    members: tuple[str, ...]
    purpose: str | None


@dataclass(frozen=True)
class Expense:
    """Money spent on the partnership, in pounds sterling."""

    expense_id: UUID
    occurred_on: date
    amount: Decimal
    beneficiary: str
    purpose: str
    visit_id: UUID | None
    department: str | None
    irrecoverable_vat: Decimal | None
    category: str | None


@dataclass(frozen=True)
class Room:
    """A room named in the partner's honour."""

    room: str
    building: str
    named_on: date


class Partnership(Aggregate):
    """A council's twinning with a partner city, and everything recorded about it."""

    class Established(Aggregate.Created):
        """The partnership began."""

        reference: str
        council: str
        city: str
        country: str
        occurred_on: date
        description: str | None
        recorded_by: str
        source: str | None

    class DelegationVisited(Aggregate.Event):
        """A delegation visited, in either direction."""

        visit_id: UUID
        occurred_on: date
        direction: str
        delegation: str
        members: list[str]
        purpose: str | None
        recorded_by: str
        source: str | None

        def apply(self, aggregate: Partnership) -> None:
            aggregate.visits[self.visit_id] = Visit(
                visit_id=self.visit_id,
                occurred_on=self.occurred_on,
                direction=self.direction,
                delegation=self.delegation,
                members=tuple(self.members),
                purpose=self.purpose,
            )

    class ExpenseIncurred(Aggregate.Event):
        """Money was spent on the partnership."""

        expense_id: UUID
        occurred_on: date
        amount: Decimal
        beneficiary: str
        purpose: str
        visit_id: UUID | None
        department: str | None
        irrecoverable_vat: Decimal | None
        category: str | None
        recorded_by: str
        source: str | None

        def apply(self, aggregate: Partnership) -> None:
            aggregate.expenses[self.expense_id] = Expense(
                expense_id=self.expense_id,
                occurred_on=self.occurred_on,
                amount=self.amount,
                beneficiary=self.beneficiary,
                purpose=self.purpose,
                visit_id=self.visit_id,
                department=self.department,
                irrecoverable_vat=self.irrecoverable_vat,
                category=self.category,
            )

    class RoomNamed(Aggregate.Event):
        """A room was named in the partner's honour."""

        room: str
        building: str
        occurred_on: date
        recorded_by: str
        source: str | None

        def apply(self, aggregate: Partnership) -> None:
            aggregate.rooms.append(
                Room(room=self.room, building=self.building, named_on=self.occurred_on)
            )

    class TiesSevered(Aggregate.Event):
        """The partnership's ties were cut."""

        occurred_on: date
        reason: str
        announced_by: str
        recorded_by: str
        source: str | None

        def apply(self, aggregate: Partnership) -> None:
            aggregate.severed_on = self.occurred_on
            aggregate.severance_reason = self.reason
            aggregate.severance_announced_by = self.announced_by

    class Snapshot(AggregateSnapshot):
        """The state at a version, its visits, expenses and rooms kept as plain fields."""

        @classmethod
        def take(cls, aggregate: Any) -> Any:
            snapshot = super().take(aggregate)
            state = dict(
                snapshot.state,
                visits=[dict(vars(v), members=list(v.members)) for v in aggregate.visits.values()],
                expenses=[dict(vars(e)) for e in aggregate.expenses.values()],
                rooms=[dict(vars(r)) for r in aggregate.rooms],
            )
            return replace(snapshot, state=state)

        def mutate(self, _: None) -> Any:
            visits = [Visit(**dict(v, members=tuple(v["members"]))) for v in self.state["visits"]]
            expenses = [Expense(**e) for e in self.state["expenses"]]
            state = dict(
                self.state,
                visits={v.visit_id: v for v in visits},
                expenses={e.expense_id: e for e in expenses},
                rooms=[Room(**r) for r in self.state["rooms"]],
            )
            return super(Partnership.Snapshot, replace(self, state=state)).mutate(None)

    def __init__(
        self,
        *,
        reference: str,
        council: str,
        city: str,
        country: str,
        occurred_on: date,
        description: str | None,
    ) -> None:
        """Only ever called with an Established event's fields: use ``establish`` to begin one."""
        self.reference = reference
        self.council = council
        self.city = city
        self.country = country
        self.established_on = occurred_on
        self.description = description
        self.visits: dict[UUID, Visit] = {}
        self.expenses: dict[UUID, Expense] = {}
        self.rooms: list[Room] = []
        self.severed_on: date | None = None
        self.severance_reason: str | None = None
        self.severance_announced_by: str | None = None

    @classmethod
    def establish(
        cls,
        *,
        council: str,
        city: str,
        country: str,
        established_on: date,
        description: str | None,
        recorded_by: str,
        source: str | None,
        today: date,
    ) -> Partnership:
        """Begins a partnership between a council and a partner city."""
        _require(council=council, city=city, country=country, recorded_by=recorded_by)
        if established_on > today:
            raise DatedInFutureError(
                f"the establishment date {established_on} is in the future (today is {today})"
            )
        reference = reference_for(council, city)
        if "" in reference.split("--"):
            raise MissingDetailError("council and city must each contain a letter or a digit")
        return cls._create(
            cls.Established,
            id=partnership_id_for(reference),
            reference=reference,
            council=council,
            city=city,
            country=country,
            occurred_on=established_on,
            description=description,
            recorded_by=recorded_by,
            source=source,
        )

    @property
    def is_severed(self) -> bool:
        return self.severed_on is not None

    def record_visit(
        self,
        *,
        occurred_on: date,
        direction: str,
        delegation: str,
        members: tuple[str, ...] = (),
        purpose: str | None = None,
        recorded_by: str,
        source: str | None = None,
        today: date,
    ) -> UUID:
        """Records a delegation's visit and returns the visit's new id."""
        _require(delegation=delegation, recorded_by=recorded_by)
        if direction not in DIRECTIONS:
            raise InvalidDirectionError(f"direction must be inbound or outbound, not {direction!r}")
        self._check_business_date("the visit", occurred_on, today)
        visit_id = uuid4()
        self.trigger_event(
            self.DelegationVisited,
            visit_id=visit_id,
            occurred_on=occurred_on,
            direction=direction,
            delegation=delegation,
            members=list(members),
            purpose=purpose,
            recorded_by=recorded_by,
            source=source,
        )
        return visit_id

    def record_expense(
        self,
        *,
        occurred_on: date,
        amount: Decimal,
        beneficiary: str,
        purpose: str,
        visit_id: UUID | None = None,
        department: str | None = None,
        irrecoverable_vat: Decimal | None = None,
        category: str | None = None,
        recorded_by: str,
        source: str | None = None,
        today: date,
    ) -> UUID:
        """Records money spent on the partnership and returns the expense's new id."""
        _require(beneficiary=beneficiary, purpose=purpose, recorded_by=recorded_by)
        exact_amount = _money(amount, "the amount")
        vat = None
        if irrecoverable_vat is not None:
            vat = _money(irrecoverable_vat, "the irrecoverable VAT", allow_zero=True)
            if vat > exact_amount:
                raise InvalidAmountError(
                    f"the irrecoverable VAT ({vat}) cannot exceed the amount ({exact_amount})"
                )
        if visit_id is not None and visit_id not in self.visits:
            raise VisitNotFoundError(
                f"visit {visit_id} is not a visit of the partnership {self.reference}"
            )
        self._check_business_date("the expense", occurred_on, today)
        expense_id = uuid4()
        self.trigger_event(
            self.ExpenseIncurred,
            expense_id=expense_id,
            occurred_on=occurred_on,
            amount=exact_amount,
            beneficiary=beneficiary,
            purpose=purpose,
            visit_id=visit_id,
            department=department,
            irrecoverable_vat=vat,
            category=category,
            recorded_by=recorded_by,
            source=source,
        )
        return expense_id

    def name_room(
        self,
        *,
        room: str,
        building: str,
        named_on: date,
        recorded_by: str,
        source: str | None = None,
        today: date,
    ) -> None:
        """Records that a room was named in the partner's honour."""
        _require(room=room, building=building, recorded_by=recorded_by)
        for named in self.rooms:
            if (_slug(named.room), _slug(named.building)) == (_slug(room), _slug(building)):
                raise RoomAlreadyNamedError(
                    f"{named.room} in {named.building} was already named on {named.named_on}"
                )
        self._check_business_date("the naming", named_on, today)
        self.trigger_event(
            self.RoomNamed,
            room=room,
            building=building,
            occurred_on=named_on,
            recorded_by=recorded_by,
            source=source,
        )

    def sever(
        self,
        *,
        severed_on: date,
        reason: str,
        announced_by: str,
        recorded_by: str,
        source: str | None = None,
        today: date,
    ) -> None:
        """Records that the partnership's ties were severed."""
        _require(reason=reason, announced_by=announced_by, recorded_by=recorded_by)
        if self.severed_on is not None:
            raise AlreadySeveredError(
                f"the partnership {self.reference} was already severed on {self.severed_on}"
            )
        self._check_business_date("the severance", severed_on, today)
        latest = self.latest_record_date()
        if latest is not None and severed_on < latest:
            raise SeveranceBeforeRecordsError(
                f"the severance date {severed_on} precedes a record already dated {latest}"
            )
        self.trigger_event(
            self.TiesSevered,
            occurred_on=severed_on,
            reason=reason,
            announced_by=announced_by,
            recorded_by=recorded_by,
            source=source,
        )

    def latest_record_date(self) -> date | None:
        """The latest business date among visits, expenses and named rooms."""
        dates = [v.occurred_on for v in self.visits.values()]
        dates += [e.occurred_on for e in self.expenses.values()]
        dates += [r.named_on for r in self.rooms]
        return max(dates, default=None)

    def _check_business_date(self, what: str, on: date, today: date) -> None:
        if on > today:
            raise DatedInFutureError(
                f"{what} is dated {on}, which is in the future (today is {today})"
            )
        if on < self.established_on:
            raise DatedBeforeEstablishmentError(
                f"{what} is dated {on}, before the partnership was established on "
                f"{self.established_on}"
            )
        if self.severed_on is not None and on > self.severed_on:
            raise DatedAfterSeveranceError(
                f"{what} is dated {on}, after the ties were severed on {self.severed_on}"
            )
