"""The Partnership aggregate: a council's twinning with a partner city and what happened in it.

Each command checks the rules and then triggers one event; each event's ``apply`` only assigns
state, so that history recorded under yesterday's rules still loads under today's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.domain import Snapshot as AggregateSnapshot

from domain.directions import DIRECTIONS
from domain.errors import (
    AlreadySeveredError,
    AlreadyVoidedError,
    AmbiguousIdError,
    DatedAfterSeveranceError,
    DatedBeforeEstablishmentError,
    DatedInFutureError,
    ExpenseNotFoundError,
    InvalidAmountError,
    InvalidDirectionError,
    MissingDetailError,
    NothingToCorrectError,
    ReferenceTooLongError,
    RoomAlreadyNamedError,
    SeveranceBeforeRecordsError,
    VisitNotFoundError,
)
from domain.references import REFERENCE_MAX_LENGTH, partnership_id_for, reference_for, slug

PENNY = Decimal("0.01")


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


def _check_vat(vat: Decimal | None, amount: Decimal) -> None:
    if vat is not None and vat > amount:
        raise InvalidAmountError(
            f"the irrecoverable VAT ({vat}) cannot exceed the amount ({amount})"
        )


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise InvalidDirectionError(f"direction must be inbound or outbound, not {direction!r}")


def _corrected(record: Any, what: str, **changes: Any) -> Any:
    """The record (a frozen dataclass) with the changes given, None leaving a field as it was;
    a correction that changes nothing is refused."""
    now = replace(record, **{k: v for k, v in changes.items() if v is not None})
    if now == record:
        raise NothingToCorrectError(f"the correction leaves {what} as it is")
    return now


def _account_unknown(state: dict[str, Any]) -> None:
    """Events stored before the register recorded accounts: the account that stored them is
    unknown."""
    state["account"] = None


#: A visit's or an expense's id, whole or the beginning of it as ``history`` prints it.
RecordId = UUID | str


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
    card_transaction: bool = False
    paid_to_individual: bool = False


def _visit_row(v: Visit) -> list[Any]:
    return [
        v.visit_id.hex,
        v.occurred_on.isoformat(),
        v.direction,
        v.delegation,
        list(v.members),
        v.purpose,
    ]


def _visit_from(row: list[Any]) -> Visit:
    visit_id, on, direction, delegation, members, purpose = row
    return Visit(
        UUID(visit_id), date.fromisoformat(on), direction, delegation, tuple(members), purpose
    )


def _expense_row(e: Expense) -> list[Any]:
    return [
        e.expense_id.hex,
        e.occurred_on.isoformat(),
        str(e.amount),
        e.beneficiary,
        e.purpose,
        None if e.visit_id is None else e.visit_id.hex,
        e.department,
        None if e.irrecoverable_vat is None else str(e.irrecoverable_vat),
        e.category,
        e.card_transaction,
        e.paid_to_individual,
    ]


def _expense_from(row: list[Any]) -> Expense:
    expense_id, on, amount, beneficiary, purpose, visit_id, department, vat, category = row[:9]
    card, paid = row[9:]
    return Expense(
        UUID(expense_id),
        date.fromisoformat(on),
        Decimal(amount),
        beneficiary,
        purpose,
        None if visit_id is None else UUID(visit_id),
        department,
        None if vat is None else Decimal(vat),
        category,
        card,
        paid,
    )


def _room_row(r: Room) -> list[Any]:
    return [r.room, r.building, r.named_on.isoformat()]


def _room_from(row: list[Any]) -> Room:
    room, building, named_on = row
    return Room(room, building, date.fromisoformat(named_on))


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
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown).
        class_version = 2
        upcast_v1_v2 = staticmethod(_account_unknown)

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
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown).
        class_version = 2
        upcast_v1_v2 = staticmethod(_account_unknown)

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
        card_transaction: bool
        paid_to_individual: bool
        recorded_by: str
        source: str | None
        account: str | None

        # Version 2 added card_transaction, the Transparency Code's procurement-card flag;
        # version 3 account, the login that stored the event (None: unknown), and
        # paid_to_individual (the spend file publishes such a payee redacted).
        class_version = 3

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Expenses recorded before the flag existed were not card transactions."""
            state["card_transaction"] = False

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Expenses recorded before version 3 were stored by an account not known, and
            were not marked as paid to a person."""
            _account_unknown(state)
            state["paid_to_individual"] = False

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
                card_transaction=self.card_transaction,
                paid_to_individual=self.paid_to_individual,
            )

    class RoomNamed(Aggregate.Event):
        """A room was named in the partner's honour."""

        room: str
        building: str
        occurred_on: date
        recorded_by: str
        source: str | None
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown).
        class_version = 2
        upcast_v1_v2 = staticmethod(_account_unknown)

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
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown).
        class_version = 2
        upcast_v1_v2 = staticmethod(_account_unknown)

        def apply(self, aggregate: Partnership) -> None:
            aggregate.severed_on = self.occurred_on
            aggregate.severance_reason = self.reason
            aggregate.severance_announced_by = self.announced_by

    class ExpenseCorrected(Aggregate.Event):
        """An expense was recorded wrongly: here it is as it should be, and as it was."""

        expense_id: UUID
        occurred_on: date
        amount: Decimal
        beneficiary: str
        purpose: str
        visit_id: UUID | None
        was_occurred_on: date
        was_amount: Decimal
        was_beneficiary: str
        was_purpose: str
        paid_to_individual: bool
        was_paid_to_individual: bool
        reason: str
        recorded_by: str
        source: str | None
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown), and
        # paid_to_individual with its earlier value.
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Corrections recorded before version 2 were stored by an account not known, and
            were of expenses not marked as paid to a person."""
            _account_unknown(state)
            state["paid_to_individual"] = False
            state["was_paid_to_individual"] = False

        def apply(self, aggregate: Partnership) -> None:
            aggregate.expenses[self.expense_id] = replace(
                aggregate.expenses[self.expense_id],
                occurred_on=self.occurred_on,
                amount=self.amount,
                beneficiary=self.beneficiary,
                purpose=self.purpose,
                paid_to_individual=self.paid_to_individual,
            )

    class ExpenseVoided(Aggregate.Event):
        """An expense should never have been recorded; it stays in the history, void."""

        expense_id: UUID
        occurred_on: date
        amount: Decimal
        visit_id: UUID | None
        reason: str
        recorded_by: str
        source: str | None
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown).
        class_version = 2
        upcast_v1_v2 = staticmethod(_account_unknown)

        def apply(self, aggregate: Partnership) -> None:
            aggregate.voided_expenses[self.expense_id] = aggregate.expenses.pop(self.expense_id)

    class VisitCorrected(Aggregate.Event):
        """A visit was recorded wrongly: here it is as it should be, and as it was."""

        visit_id: UUID
        occurred_on: date
        direction: str
        delegation: str
        purpose: str | None
        was_occurred_on: date
        was_direction: str
        was_delegation: str
        was_purpose: str | None
        reason: str
        recorded_by: str
        source: str | None
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown).
        class_version = 2
        upcast_v1_v2 = staticmethod(_account_unknown)

        def apply(self, aggregate: Partnership) -> None:
            aggregate.visits[self.visit_id] = replace(
                aggregate.visits[self.visit_id],
                occurred_on=self.occurred_on,
                direction=self.direction,
                delegation=self.delegation,
                purpose=self.purpose,
            )

    class VisitVoided(Aggregate.Event):
        """A visit should never have been recorded; it stays in the history, void."""

        visit_id: UUID
        occurred_on: date
        direction: str
        reason: str
        recorded_by: str
        source: str | None
        account: str | None

        # Version 2 added account, the login that stored the event (None: unknown).
        class_version = 2
        upcast_v1_v2 = staticmethod(_account_unknown)

        def apply(self, aggregate: Partnership) -> None:
            aggregate.voided_visits[self.visit_id] = aggregate.visits.pop(self.visit_id)

    # Snapshot state: version 2 added voided visits and expenses; version 3 keeps visits,
    # expenses and rooms as rows of plain values, which load many times faster than objects;
    # version 4 adds to each expense's row whether it was paid to an individual.
    class_version = 4

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before voiding existed has nothing voided."""
        state.setdefault("voided_visits", [])
        state.setdefault("voided_expenses", [])

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """Visits, expenses and rooms kept as objects' fields become rows of plain values."""
        for key in ("visits", "voided_visits"):
            state[key] = [
                _visit_row(Visit(**dict(v, members=tuple(v["members"])))) for v in state[key]
            ]
        for key in ("expenses", "voided_expenses"):
            # A version-3 row ends with the card flag; version 4 adds one more value after it.
            state[key] = [_expense_row(Expense(**e))[:10] for e in state[key]]
        state["rooms"] = [_room_row(Room(**r)) for r in state["rooms"]]

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        """Expenses in a snapshot taken before the flag existed were not paid to individuals."""
        for key in ("expenses", "voided_expenses"):
            state[key] = [[*row, False] for row in state[key]]

    class Snapshot(AggregateSnapshot):
        """The state at a version; visits, expenses and rooms as rows of plain values."""

        @classmethod
        def take(cls, aggregate: Any) -> Any:
            snapshot = super().take(aggregate)
            state = dict(
                snapshot.state,
                visits=[_visit_row(v) for v in aggregate.visits.values()],
                voided_visits=[_visit_row(v) for v in aggregate.voided_visits.values()],
                expenses=[_expense_row(e) for e in aggregate.expenses.values()],
                voided_expenses=[_expense_row(e) for e in aggregate.voided_expenses.values()],
                rooms=[_room_row(r) for r in aggregate.rooms],
            )
            return replace(snapshot, state=state)

        def mutate(self, _: None) -> Any:
            state = dict(self.state)
            version = state.pop("class_version", 1)
            while version < Partnership.class_version:
                getattr(Partnership, f"upcast_v{version}_v{version + 1}")(state)
                version += 1
            visits = [_visit_from(row) for row in state["visits"]]
            voided_visits = [_visit_from(row) for row in state["voided_visits"]]
            expenses = [_expense_from(row) for row in state["expenses"]]
            voided_expenses = [_expense_from(row) for row in state["voided_expenses"]]
            state.update(
                class_version=version,
                visits={v.visit_id: v for v in visits},
                voided_visits={v.visit_id: v for v in voided_visits},
                expenses={e.expense_id: e for e in expenses},
                voided_expenses={e.expense_id: e for e in voided_expenses},
                rooms=[_room_from(row) for row in state["rooms"]],
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
        self.voided_visits: dict[UUID, Visit] = {}
        self.voided_expenses: dict[UUID, Expense] = {}
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
        account: str | None = None,
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
        if len(reference) > REFERENCE_MAX_LENGTH:
            raise ReferenceTooLongError(
                f"the reference made from the council and the city would be {len(reference)} "
                f"characters long; a reference is at most {REFERENCE_MAX_LENGTH}"
            )
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
            account=account,
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
        account: str | None = None,
        source: str | None = None,
        today: date,
    ) -> UUID:
        """Records a delegation's visit and returns the visit's new id."""
        _require(delegation=delegation, recorded_by=recorded_by)
        _check_direction(direction)
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
            account=account,
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
        visit_id: RecordId | None = None,
        department: str | None = None,
        irrecoverable_vat: Decimal | None = None,
        category: str | None = None,
        card_transaction: bool = False,
        paid_to_individual: bool = False,
        recorded_by: str,
        account: str | None = None,
        source: str | None = None,
        today: date,
    ) -> UUID:
        """Records money spent on the partnership and returns the expense's new id."""
        _require(beneficiary=beneficiary, purpose=purpose, recorded_by=recorded_by)
        exact_amount = _money(amount, "the amount")
        vat = None
        if irrecoverable_vat is not None:
            vat = _money(irrecoverable_vat, "the irrecoverable VAT", allow_zero=True)
            _check_vat(vat, exact_amount)
        visit = None if visit_id is None else self._live_visit(visit_id)
        self._check_business_date("the expense", occurred_on, today)
        expense_id = uuid4()
        self.trigger_event(
            self.ExpenseIncurred,
            expense_id=expense_id,
            occurred_on=occurred_on,
            amount=exact_amount,
            beneficiary=beneficiary,
            purpose=purpose,
            visit_id=None if visit is None else visit.visit_id,
            department=department,
            irrecoverable_vat=vat,
            category=category,
            card_transaction=card_transaction,
            paid_to_individual=paid_to_individual,
            recorded_by=recorded_by,
            account=account,
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
        account: str | None = None,
        source: str | None = None,
        today: date,
    ) -> None:
        """Records that a room was named in the partner's honour."""
        _require(room=room, building=building, recorded_by=recorded_by)
        for named in self.rooms:
            if (slug(named.room), slug(named.building)) == (slug(room), slug(building)):
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
            account=account,
            source=source,
        )

    def sever(
        self,
        *,
        severed_on: date,
        reason: str,
        announced_by: str,
        recorded_by: str,
        account: str | None = None,
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
            account=account,
            source=source,
        )

    def correct_expense(
        self,
        expense_id: RecordId,
        *,
        reason: str,
        occurred_on: date | None = None,
        amount: Decimal | None = None,
        beneficiary: str | None = None,
        purpose: str | None = None,
        paid_to_individual: bool | None = None,
        recorded_by: str,
        account: str | None = None,
        source: str | None = None,
        today: date,
    ) -> UUID:
        """Corrects an expense; the original stays in the history. Returns its whole id."""
        _require(reason=reason, recorded_by=recorded_by)
        was = self._live_expense(expense_id)
        now = _corrected(
            was,
            f"expense {was.expense_id}",
            occurred_on=occurred_on,
            amount=None if amount is None else _money(amount, "the amount"),
            beneficiary=beneficiary,
            purpose=purpose,
            paid_to_individual=paid_to_individual,
        )
        _require(beneficiary=now.beneficiary, purpose=now.purpose)
        _check_vat(now.irrecoverable_vat, now.amount)
        self._check_business_date("the corrected expense", now.occurred_on, today)
        self.trigger_event(
            self.ExpenseCorrected,
            expense_id=was.expense_id,
            occurred_on=now.occurred_on,
            amount=now.amount,
            beneficiary=now.beneficiary,
            purpose=now.purpose,
            visit_id=now.visit_id,
            was_occurred_on=was.occurred_on,
            was_amount=was.amount,
            was_beneficiary=was.beneficiary,
            was_purpose=was.purpose,
            paid_to_individual=now.paid_to_individual,
            was_paid_to_individual=was.paid_to_individual,
            reason=reason,
            recorded_by=recorded_by,
            account=account,
            source=source,
        )
        return was.expense_id

    def void_expense(
        self,
        expense_id: RecordId,
        *,
        reason: str,
        recorded_by: str,
        account: str | None = None,
        source: str | None = None,
    ) -> UUID:
        """Voids an expense recorded in error; it stays in the history. Returns its whole id."""
        _require(reason=reason, recorded_by=recorded_by)
        was = self._live_expense(expense_id)
        self.trigger_event(
            self.ExpenseVoided,
            expense_id=was.expense_id,
            occurred_on=was.occurred_on,
            amount=was.amount,
            visit_id=was.visit_id,
            reason=reason,
            recorded_by=recorded_by,
            account=account,
            source=source,
        )
        return was.expense_id

    def correct_visit(
        self,
        visit_id: RecordId,
        *,
        reason: str,
        occurred_on: date | None = None,
        direction: str | None = None,
        delegation: str | None = None,
        purpose: str | None = None,
        recorded_by: str,
        account: str | None = None,
        source: str | None = None,
        today: date,
    ) -> UUID:
        """Corrects a visit; the original stays in the history. Returns its whole id."""
        _require(reason=reason, recorded_by=recorded_by)
        was = self._live_visit(visit_id)
        now = _corrected(
            was,
            f"visit {was.visit_id}",
            occurred_on=occurred_on,
            direction=direction,
            delegation=delegation,
            purpose=purpose,
        )
        _require(delegation=now.delegation)
        _check_direction(now.direction)
        self._check_business_date("the corrected visit", now.occurred_on, today)
        self.trigger_event(
            self.VisitCorrected,
            visit_id=was.visit_id,
            occurred_on=now.occurred_on,
            direction=now.direction,
            delegation=now.delegation,
            purpose=now.purpose,
            was_occurred_on=was.occurred_on,
            was_direction=was.direction,
            was_delegation=was.delegation,
            was_purpose=was.purpose,
            reason=reason,
            recorded_by=recorded_by,
            account=account,
            source=source,
        )
        return was.visit_id

    def void_visit(
        self,
        visit_id: RecordId,
        *,
        reason: str,
        recorded_by: str,
        account: str | None = None,
        source: str | None = None,
    ) -> UUID:
        """Voids a visit recorded in error; it stays in the history, and so do its expenses.
        Returns its whole id."""
        _require(reason=reason, recorded_by=recorded_by)
        was = self._live_visit(visit_id)
        self.trigger_event(
            self.VisitVoided,
            visit_id=was.visit_id,
            occurred_on=was.occurred_on,
            direction=was.direction,
            reason=reason,
            recorded_by=recorded_by,
            account=account,
            source=source,
        )
        return was.visit_id

    def _live_expense(self, given: RecordId) -> Expense:
        expense_id = self._one_of(given, "expense", self.expenses, self.voided_expenses)
        if expense_id in self.voided_expenses:
            raise AlreadyVoidedError(f"expense {expense_id} is void already")
        if expense_id not in self.expenses:
            raise ExpenseNotFoundError(
                f"expense {expense_id} is not an expense of the partnership {self.reference}"
            )
        return self.expenses[expense_id]

    def _live_visit(self, given: RecordId) -> Visit:
        visit_id = self._one_of(given, "visit", self.visits, self.voided_visits)
        if visit_id in self.voided_visits:
            raise AlreadyVoidedError(f"visit {visit_id} is void already")
        if visit_id not in self.visits:
            raise VisitNotFoundError(
                f"visit {visit_id} is not a visit of the partnership {self.reference}"
            )
        return self.visits[visit_id]

    def _one_of(
        self, given: RecordId, kind: str, live: Mapping[UUID, Any], voided: Mapping[UUID, Any]
    ) -> UUID:
        """The id of the one visit or expense (standing or void) whose id is or begins with
        ``given``; a beginning that several share is refused, naming them."""
        if isinstance(given, UUID):
            return given
        matching = sorted(str(i) for i in (*live, *voided) if str(i).startswith(given))
        if not matching:
            not_found = VisitNotFoundError if kind == "visit" else ExpenseNotFoundError
            raise not_found(
                f"{kind} {given} not found: no {kind} of the partnership {self.reference} "
                "has an id beginning so"
            )
        if len(matching) > 1:
            raise AmbiguousIdError(
                f"{kind} {given} could be any of {len(matching)} {kind}s of the partnership "
                f"{self.reference}: {', '.join(matching)}; give more of the id"
            )
        return UUID(matching[0])

    def latest_record_date(self) -> date | None:
        """The latest business date among live visits, expenses and named rooms."""
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
