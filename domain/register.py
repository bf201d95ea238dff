"""The partnership register: the application that runs commands against partnerships and answers
questions about them."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import JSONTranscoder, RecordConflictError, Transcoder
from eventsourcing.utils import get_topic

from domain.errors import (
    AlreadyEstablishedError,
    ConcurrentUpdateError,
    PartnershipNotFoundError,
)
from domain.partnership import Partnership, as_reference, partnership_id_for
from domain.status import (
    Established,
    HistoryEntry,
    PartnershipStatus,
    history_entry,
    status_of,
)
from domain.transcodings import CanonicalJSONTranscoder, DateAsISO

T = TypeVar("T")

# A snapshot every 50 events: loading then replays at most 49 events after the newest
# snapshot, while the write path pays for a snapshot only once in 50 events.
SNAPSHOT_INTERVAL = 50

LOG_PAGE = 1000


class PartnershipRegister(Application[UUID]):
    """Records the history of a council's partnerships and answers questions about it."""

    name = "Partnerships"
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = {
        Partnership: SNAPSHOT_INTERVAL
    }

    #: How many times a command is tried when other writers keep changing its partnership.
    attempts = 8

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env)
        self._today = today

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
        visit_id: UUID | None = None,
        department: str | None = None,
        irrecoverable_vat: Decimal | None = None,
        category: str | None = None,
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
                recorded_by=recorded_by,
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
                source=source,
                today=self._today(),
            ),
        )

    # Queries

    def find(self, partnership: str) -> UUID:
        """The id of the partnership named by its id or its reference."""
        name = partnership.strip()
        try:
            partnership_id = UUID(name)
        except ValueError:
            partnership_id = partnership_id_for(as_reference(name))
        if not self._exists(partnership_id):
            raise PartnershipNotFoundError(f"no partnership has the id or reference {name!r}")
        return partnership_id

    def status(self, partnership: str) -> PartnershipStatus:
        """Where a partnership stands now."""
        return status_of(self._load(self.find(partnership)))

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

    def statuses(self) -> list[PartnershipStatus]:
        """Where every partnership stands now."""
        return [status_of(self._load(pid)) for pid in self.partnership_ids()]

    # Internals

    def _exists(self, partnership_id: UUID) -> bool:
        return bool(self.recorder.select_events(partnership_id, limit=1))

    def _load(self, partnership_id: UUID) -> Partnership:
        try:
            partnership: Any = self.repository.get(partnership_id)
        except AggregateNotFoundError:
            raise PartnershipNotFoundError(f"no partnership has the id {partnership_id}") from None
        return cast(Partnership, partnership)

    def _change(self, partnership: str, command: Callable[[Partnership], T]) -> T:
        """Runs a command on the newest state, saving it; on a conflicting write by someone
        else, reloads, re-checks the rules and tries again, a few times with growing pauses."""
        partnership_id = self.find(partnership)
        for attempt in range(self.attempts):
            aggregate = self._load(partnership_id)
            result = command(aggregate)
            try:
                self.save(aggregate)
            except RecordConflictError:
                time.sleep(random.uniform(0, min(0.5, 0.02 * 2**attempt)))  # noqa: S311 (jitter, not secrecy)
                continue
            return result
        raise ConcurrentUpdateError(
            f"the partnership {partnership} kept changing under other writers; "
            f"nothing was recorded, try again"
        )
