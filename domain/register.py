"""The partnership register: the application that runs commands against partnerships and answers
questions about them."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol, MutableOrImmutableAggregate, Snapshot
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    RecordConflictError,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic

from domain.errors import (
    AlreadyEstablishedError,
    ConcurrentUpdateError,
    EventTooLargeError,
    NotYetEstablishedError,
    NotYetRecordedError,
    PartnershipNotFoundError,
    VersionNotFoundError,
)
from domain.partnership import Expense, Partnership, RecordId
from domain.references import partnership_id_named
from domain.status import (
    CAUSES,
    Amended,
    Change,
    Established,
    HistoryEntry,
    PartnershipStatus,
    Point,
    flat_status,
    flat_status_fields,
    history_entry,
    status_of,
)
from domain.transcodings import CanonicalJSONTranscoder, DateAsISO

T = TypeVar("T")

# A snapshot every 50 events: loading then replays at most 49 events after the newest
# snapshot, while the write path pays for a snapshot only once in 50 events.
SNAPSHOT_INTERVAL = 50

LOG_PAGE = 1000

#: The most room one event may take in the store, as stored (UTF-8 JSON): 64 KiB.
EVENT_MAX_BYTES = 64 * 1024


class SizedMapper(Mapper[UUID]):
    """Writes events as the store keeps them, refusing any that would take more than
    ``EVENT_MAX_BYTES``; snapshots, which hold a whole partnership, are not events."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        if not isinstance(domain_event, Snapshot) and len(stored.state) > EVENT_MAX_BYTES:
            raise EventTooLargeError(
                f"one record may take at most {EVENT_MAX_BYTES // 1024} KiB in the register, "
                f"and this one would take {len(stored.state):,} bytes; nothing was recorded"
            )
        return stored


class PartnershipRegister(Application[UUID]):
    """Records the history of a council's partnerships and answers questions about it."""

    name = "Partnerships"
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = {
        Partnership: SNAPSHOT_INTERVAL
    }

    #: How many times a command is tried when other writers keep changing its partnership
    #: (only where writers do not take turns: a store that serialises them never conflicts).
    attempts = 8

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        today: Callable[[], date] = date.today,
        account: str | None = None,
    ) -> None:
        super().__init__(env)
        self._today = today
        #: What a command holds while it loads, checks and saves a partnership, given its id:
        #: the store's adapter makes writers take turns there; in memory nothing is needed.
        self.one_writer_at_a_time: Callable[[UUID], AbstractContextManager[object]] = lambda _: (
            nullcontext()
        )
        #: The account that stores this register's events: told by the storage adapter, which
        #: knows who it connects as; never by the caller. None: not known.
        self.account = account

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=SizedMapper)

    def construct_transcoder(self) -> Transcoder:
        transcoder = CanonicalJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # Commands

    def establish(
        self,
        *,
        council: str,
        city: str,
        country: str,
        established_on: date,
        description: str | None = None,
        recorded_by: str,
        source: str | None = None,
    ) -> Established:
        """Begins a partnership; the same council and city cannot be established twice."""
        partnership = Partnership.establish(
            council=council,
            city=city,
            country=country,
            established_on=established_on,
            description=description,
            recorded_by=recorded_by,
            account=self.account,
            source=source,
            today=self._today(),
        )
        already = AlreadyEstablishedError(
            f"{council} and {city} are already established as {partnership.reference}"
        )
        if self._exists(partnership.id):
            raise already
        try:
            self.save(partnership)
        except RecordConflictError:
            raise already from None
        return Established(partnership_id=partnership.id, reference=partnership.reference)

    def record_visit(
        self,
        partnership: str,
        *,
        occurred_on: date,
        direction: str,
        delegation: str,
        members: tuple[str, ...] = (),
        purpose: str | None = None,
        recorded_by: str,
        source: str | None = None,
    ) -> UUID:
        """Records a delegation's visit and returns its id."""
        return self._change(
            partnership,
            lambda p: p.record_visit(
                occurred_on=occurred_on,
                direction=direction,
                delegation=delegation,
                members=members,
                purpose=purpose,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
                today=self._today(),
            ),
        )

    def record_expense(
        self,
        partnership: str,
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
        source: str | None = None,
    ) -> UUID:
        """Records money spent on a partnership and returns the expense's id."""
        return self._change(
            partnership,
            lambda p: p.record_expense(
                occurred_on=occurred_on,
                amount=amount,
                beneficiary=beneficiary,
                purpose=purpose,
                visit_id=visit_id,
                department=department,
                irrecoverable_vat=irrecoverable_vat,
                category=category,
                card_transaction=card_transaction,
                paid_to_individual=paid_to_individual,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
                today=self._today(),
            ),
        )

    def name_room(
        self,
        partnership: str,
        *,
        room: str,
        building: str,
        named_on: date,
        recorded_by: str,
        source: str | None = None,
    ) -> None:
        """Records that a room was named in the partner's honour."""
        self._change(
            partnership,
            lambda p: p.name_room(
                room=room,
                building=building,
                named_on=named_on,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
                today=self._today(),
            ),
        )

    def sever(
        self,
        partnership: str,
        *,
        severed_on: date,
        reason: str,
        announced_by: str,
        recorded_by: str,
        source: str | None = None,
    ) -> None:
        """Records that a partnership's ties were severed."""
        self._change(
            partnership,
            lambda p: p.sever(
                severed_on=severed_on,
                reason=reason,
                announced_by=announced_by,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
                today=self._today(),
            ),
        )

    def correct_expense(
        self,
        partnership: str,
        expense_id: RecordId,
        *,
        reason: str,
        occurred_on: date | None = None,
        amount: Decimal | None = None,
        beneficiary: str | None = None,
        purpose: str | None = None,
        paid_to_individual: bool | None = None,
        recorded_by: str,
        source: str | None = None,
    ) -> Amended:
        """Corrects an expense by a new event;
        returns the record's whole id and the partnership's new version."""
        return self._recorded(
            partnership,
            lambda p: p.correct_expense(
                expense_id,
                reason=reason,
                occurred_on=occurred_on,
                amount=amount,
                beneficiary=beneficiary,
                purpose=purpose,
                paid_to_individual=paid_to_individual,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
                today=self._today(),
            ),
        )

    def void_expense(
        self,
        partnership: str,
        expense_id: RecordId,
        *,
        reason: str,
        recorded_by: str,
        source: str | None = None,
    ) -> Amended:
        """Voids an expense by a new event;
        returns the record's whole id and the partnership's new version."""
        return self._recorded(
            partnership,
            lambda p: p.void_expense(
                expense_id,
                reason=reason,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
            ),
        )

    def correct_visit(
        self,
        partnership: str,
        visit_id: RecordId,
        *,
        reason: str,
        occurred_on: date | None = None,
        direction: str | None = None,
        delegation: str | None = None,
        purpose: str | None = None,
        recorded_by: str,
        source: str | None = None,
    ) -> Amended:
        """Corrects a visit by a new event;
        returns the record's whole id and the partnership's new version."""
        return self._recorded(
            partnership,
            lambda p: p.correct_visit(
                visit_id,
                reason=reason,
                occurred_on=occurred_on,
                direction=direction,
                delegation=delegation,
                purpose=purpose,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
                today=self._today(),
            ),
        )

    def void_visit(
        self,
        partnership: str,
        visit_id: RecordId,
        *,
        reason: str,
        recorded_by: str,
        source: str | None = None,
    ) -> Amended:
        """Voids a visit by a new event;
        returns the record's whole id and the partnership's new version."""
        return self._recorded(
            partnership,
            lambda p: p.void_visit(
                visit_id,
                reason=reason,
                recorded_by=recorded_by,
                account=self.account,
                source=source,
            ),
        )

    # Queries

    def find(self, partnership: str) -> UUID:
        """The id of the partnership named by its id or its reference."""
        name = partnership.strip()
        partnership_id = partnership_id_named(name)
        if not self._exists(partnership_id):
            raise PartnershipNotFoundError(f"no partnership has the id or reference {name!r}")
        return partnership_id

    def status(
        self,
        partnership: str,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> PartnershipStatus:
        """Where a partnership stands now; or stood on a business date (``as_of``, from all
        that is recorded now); or as the register described it at a recording time
        (``known_at``) or after its N-th event (``version``); ``as_of`` combines with either."""
        return status_of(self.partnership_at(partnership, known_at, version), as_of=as_of)

    def partnership_at(
        self, partnership: str, known_at: datetime | None = None, version: int | None = None
    ) -> Partnership:
        """The partnership as it was after its N-th event, or as known at a recording time."""
        return self._at(self.find(partnership), partnership, known_at, version)

    def _at(
        self,
        partnership_id: UUID,
        partnership: str,
        known_at: datetime | None,
        version: int | None,
    ) -> Partnership:
        if known_at is not None:
            version = self._version_known_at(partnership_id, known_at)
            if version == 0:
                raise NotYetRecordedError(
                    f"the register held nothing about {partnership} at {known_at.isoformat()}"
                )
        elif version is not None:  # a version known by a time is one the store holds
            head = self._head_version(partnership_id)
            if not 1 <= version <= head:
                raise VersionNotFoundError(
                    f"{partnership} has versions 1 to {head}, not version {version}"
                )
        return self._load(partnership_id, version)

    def _head_version(self, partnership_id: UUID) -> int:
        (last,) = self.recorder.select_events(partnership_id, desc=True, limit=1)
        return last.originator_version

    def _recorded_at(self, partnership_id: UUID, version: int) -> datetime:
        (stored,) = self.recorder.select_events(partnership_id, gt=version - 1, lte=version)
        event: Any = self.mapper.to_domain_event(stored)
        recorded: datetime = event.timestamp
        return recorded

    def _version_known_at(self, partnership_id: UUID, known_at: datetime) -> int:
        """How many of a partnership's events were recorded by then. Versions are recorded in
        order, so their recording times rise with them: a binary search over the versions is
        the index from recording time to version, a handful of single-row reads."""
        known, unknown = 0, self._head_version(partnership_id) + 1
        while unknown - known > 1:
            middle = (known + unknown) // 2
            if self._recorded_at(partnership_id, middle) <= known_at:
                known = middle
            else:
                unknown = middle
        return known

    def history(self, partnership: str) -> list[HistoryEntry]:
        """Every event recorded for a partnership, in order."""
        return [history_entry(e) for e in self.events.get(self.find(partnership))]

    def partnership_ids(self) -> Iterator[UUID]:
        """The id of every partnership, in the order they were established."""
        topic = get_topic(Partnership.Established)
        last = 0
        while True:
            page = self.recorder.select_notifications(
                start=last, limit=LOG_PAGE, topics=[topic], inclusive_of_start=False
            )
            if not page:
                return
            for notification in page:
                yield UUID(str(notification.originator_id))
            last = page[-1].id

    def statuses(
        self, *, as_of: date | None = None, known_at: datetime | None = None
    ) -> list[PartnershipStatus]:
        """Where every partnership stands now, or stood then (see ``status``); partnerships not
        yet established on ``as_of`` or not yet recorded at ``known_at`` are left out."""
        found = []
        for partnership_id in self.partnership_ids():
            try:
                known = self._at(partnership_id, str(partnership_id), known_at, None)
                found.append(status_of(known, as_of=as_of))
            except (NotYetEstablishedError, NotYetRecordedError):
                continue
        return found

    def expenses(
        self,
        partnership: str | None = None,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> list[tuple[UUID, Expense]]:
        """The expenses standing (of one partnership, or all) as of a date or as known at a
        time, with their partnership's id, in date order."""
        if partnership is None:
            named = [(pid, str(pid)) for pid in self.partnership_ids()]
        else:
            named = [(self.find(partnership), partnership)]
        last = date.max if as_of is None else as_of
        found = []
        for partnership_id, name in named:
            try:
                known = self._at(partnership_id, name, known_at, version)
            except NotYetRecordedError:
                if partnership is not None:
                    raise
                continue
            found += [(known.id, e) for e in known.expenses.values() if e.occurred_on <= last]
        return sorted(found, key=lambda pair: pair[1].occurred_on)

    def replay(self, partnership: str) -> list[tuple[HistoryEntry, PartnershipStatus]]:
        """Every event of a partnership, each with the state it produced."""
        steps = []
        aggregate: Any = None
        event: Any
        for event in self.events.get(self.find(partnership)):
            aggregate = event.mutate(aggregate)
            steps.append((history_entry(event), status_of(aggregate)))
        return steps

    def diff(self, partnership: str, start: Point, end: Point) -> list[Change]:
        """What changed in a partnership's status between two points (dates, recording times
        or versions), field by field, with the events that changed each field.

        Each point counts the events known by then and dated by its date. The walk from one
        point to the other goes through what both count: first taking away, event by event
        and date by date, what only the first counts, then adding what only the second
        counts; each event at which a field changes on the way is named for it."""
        partnership_id = self.find(partnership)
        first_known, first_date = self._coordinates(partnership_id, start)
        last_known, last_date = self._coordinates(partnership_id, end)
        history = [history_entry(e) for e in self.events.get(partnership_id)]
        both_known = min(first_known, last_known)
        first_day, last_day = (date.max if d is None else d for d in (first_date, last_date))
        both_day = min(first_day, last_day)
        causes: dict[str, set[int]] = {}

        def blame(before: dict[str, Any], after: dict[str, Any], events: list[int]) -> None:
            for field in before.keys() | after.keys():
                if before.get(field) != after.get(field):
                    kinds = CAUSES.get(field.split(".")[0], ())
                    causes.setdefault(field, set()).update(
                        v for v in events if history[v - 1].type in kinds
                    )

        def through_events(low: int, high: int, day: date) -> None:
            walked: Any = self._load(partnership_id, low)
            seen = _figures(walked, day)
            event: Any
            for event in self.events.get(partnership_id, gt=low, lte=high):
                walked = event.mutate(walked)
                now = _figures(walked, day)
                blame(seen, now, [event.originator_version])
                seen = now

        def through_dates(known: int, low: date, high: date) -> None:
            partnership_then = self._load(partnership_id, known)
            seen = _figures(partnership_then, low)
            dated = [e for e in history[:known] if low < e.occurred_on <= high]
            for day in sorted({e.occurred_on for e in dated}):
                now = _figures(partnership_then, day)
                blame(seen, now, [e.version for e in dated if e.occurred_on == day])
                seen = now

        through_events(both_known, first_known, first_day)
        through_dates(both_known, both_day, first_day)
        through_dates(both_known, both_day, last_day)
        through_events(both_known, last_known, last_day)
        before = _figures(self._load(partnership_id, first_known), first_date)
        after = _figures(self._load(partnership_id, last_known), last_date)
        return [
            Change(
                field=field,
                was=before.get(field),
                now=after.get(field),
                caused_by=tuple(sorted(causes.get(field, ()))),
            )
            for field in flat_status_fields()
            if before.get(field) != after.get(field)
        ]

    def _coordinates(self, partnership_id: UUID, point: Point) -> tuple[int, date | None]:
        """A point as (how many events were known, the business date looked at)."""
        if isinstance(point, datetime):
            known = self._version_known_at(partnership_id, point)
            if known == 0:
                raise NotYetRecordedError(
                    f"the register held nothing about this partnership at {point.isoformat()}"
                )
            return known, None
        if isinstance(point, date):
            return self._head_version(partnership_id), point
        head = self._head_version(partnership_id)
        if not 1 <= point <= head:
            raise VersionNotFoundError(f"the partnership has versions 1 to {head}, not {point}")
        return point, None

    # Internals

    def _exists(self, partnership_id: UUID) -> bool:
        return bool(self.recorder.select_events(partnership_id, limit=1))

    def _load(self, partnership_id: UUID, version: int | None = None) -> Partnership:
        try:
            partnership: Any = self.repository.get(partnership_id, version=version)
        except AggregateNotFoundError:
            raise PartnershipNotFoundError(f"no partnership has the id {partnership_id}") from None
        return cast(Partnership, partnership)

    def _recorded(self, partnership: str, command: Callable[[Partnership], UUID]) -> Amended:
        """Runs a correction or a void; the record's id and the partnership's version after it."""

        def then_version(p: Partnership) -> Amended:
            return Amended(record_id=command(p), version=p.version)

        return self._change(partnership, then_version)

    def _change(self, partnership: str, command: Callable[[Partnership], T]) -> T:
        """Runs a command on the newest state and saves it, while no other writer may change
        the partnership; where writers do not take turns and someone else's write conflicts,
        reloads, re-checks the rules and tries again, a few times with growing pauses."""
        partnership_id = self.find(partnership)
        for attempt in range(self.attempts):
            try:
                with self.one_writer_at_a_time(partnership_id):
                    aggregate = self._load(partnership_id)
                    result = command(aggregate)
                    self.save(aggregate)
            except RecordConflictError:
                time.sleep(random.uniform(0, min(0.5, 0.02 * 2**attempt)))  # noqa: S311 (jitter, not secrecy)
                continue
            return result
        raise ConcurrentUpdateError(
            f"the partnership {partnership} kept changing under other writers; "
            f"nothing was recorded, try again"
        )


def _figures(partnership: Partnership, as_of: date | None) -> dict[str, Any]:
    """A partnership's status as named fields, as of a date; nothing before it was established."""
    if as_of is not None and as_of < partnership.established_on:
        return {}
    return flat_status(status_of(partnership, as_of=as_of))
