"""The register as an application: commands and queries through its store.

``RegisterContract`` is run here in memory, and again on an SQLite file and on PostgreSQL in
tests/integration/test_stores.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from adapters.storage import close
from domain.errors import (
    AlreadyEstablishedError,
    ConcurrentUpdateError,
    DatedAfterSeveranceError,
    EventTooLargeError,
    PartnershipNotFoundError,
    VisitNotFoundError,
)
from domain.references import REFERENCE_MAX_LENGTH, partnership_id_for
from domain.register import SNAPSHOT_INTERVAL, PartnershipRegister
from domain.status import summary

TODAY = date(2026, 11, 28)
BY = "clerk"
STAFFORDSHIRE = "staffordshire-county-council--ivanovo"


def establish(
    register: PartnershipRegister,
    city: str = "Ivanovo",
    council: str = "Staffordshire County Council",
) -> str:
    return register.establish(
        council=council,
        city=city,
        country="Russia",
        established_on=date(1999, 1, 1),
        recorded_by=BY,
        source="Express & Star",
    ).reference


def visit(
    register: PartnershipRegister,
    partnership: str,
    on: date = date(2000, 6, 1),
    members: tuple[str, ...] = (),
) -> Any:
    return register.record_visit(
        partnership,
        occurred_on=on,
        direction="inbound",
        delegation="Guests",
        members=members,
        recorded_by=BY,
    )


class InterruptedRegister(PartnershipRegister):
    """A register in which, just before a save, another writer records a visit first."""

    interruptions = 0
    interrupting = False

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.interruptions and not self.interrupting:
            self.interruptions -= 1
            self.interrupting = True
            try:
                visit(self, STAFFORDSHIRE, date(2001, 1, 1))
            finally:
                self.interrupting = False
        return super().save(*objs, **kwargs)


class RegisterContract:
    """What every store must do for the register."""

    @pytest.fixture
    def env(self) -> dict[str, str] | None:
        return None

    @pytest.fixture
    def register(self, env: dict[str, str] | None) -> Iterator[PartnershipRegister]:
        register = PartnershipRegister(env, today=lambda: TODAY)
        yield register
        close(register)

    @pytest.fixture
    def interrupted(self, env: dict[str, str] | None) -> Iterator[InterruptedRegister]:
        register = InterruptedRegister(env, today=lambda: TODAY)
        yield register
        close(register)

    def test_a_recorded_history_reads_back_as_status_and_history(
        self, register: PartnershipRegister
    ) -> None:
        reference = establish(register)
        visit_id = register.record_visit(
            reference,
            occurred_on=date(2016, 4, 20),
            direction="outbound",
            delegation="Council delegation",
            members=("Ann", "Bob"),
            purpose="Talks",
            recorded_by="officer",
            source="Minute 12",
        )
        register.record_expense(
            reference,
            occurred_on=date(2016, 4, 21),
            amount=Decimal("6854.00"),
            beneficiary="Travel agent",
            purpose="Flights",
            visit_id=visit_id,
            irrecoverable_vat=Decimal("0.10"),
            recorded_by=BY,
        )
        register.name_room(
            reference,
            room="The Ivanovo Room",
            building="County Buildings",
            named_on=date(2006, 6, 1),
            recorded_by=BY,
        )
        register.sever(
            reference,
            severed_on=date(2018, 3, 16),
            reason="Salisbury",
            announced_by="Philip Atkins",
            recorded_by=BY,
        )

        status = register.status(reference)
        assert status.status == "severed"
        assert status.severed_on == date(2018, 3, 16)
        assert (status.visits.inbound, status.visits.outbound, status.visits.total) == (0, 1, 1)
        assert status.last_visit_on == date(2016, 4, 20)
        assert status.total_spend == Decimal("6854.00")
        assert [(r.room, r.building) for r in status.rooms] == [
            ("The Ivanovo Room", "County Buildings")
        ]
        assert status.version == 5

        history = register.history(reference)
        assert [e.type for e in history] == [
            "Established",
            "DelegationVisited",
            "ExpenseIncurred",
            "RoomNamed",
            "TiesSevered",
        ]
        assert [e.version for e in history] == [1, 2, 3, 4, 5]
        visited = history[1]
        assert visited.occurred_on == date(2016, 4, 20)
        assert (visited.recorded_by, visited.source) == ("officer", "Minute 12")
        assert visited.recorded_at.utcoffset() is not None
        assert visited.data["members"] == ["Ann", "Bob"]
        assert history[2].data["amount"] == Decimal("6854.00")
        assert history[2].data["irrecoverable_vat"] == Decimal("0.10")
        assert (
            summary(history[4].type, history[4].data)
            == "Ties severed, announced by Philip Atkins: Salisbury"
        )

    def test_every_event_records_the_account_the_register_was_told_beside_the_name_given(
        self, env: dict[str, str] | None
    ) -> None:
        register = PartnershipRegister(env, today=lambda: TODAY, account="jclerk")
        try:
            reference = establish(register)
            visit_id = visit(register, reference)
            expense_id = register.record_expense(
                reference,
                occurred_on=date(2000, 6, 2),
                amount=Decimal("10.00"),
                beneficiary="Hotel",
                purpose="Rooms",
                recorded_by="Ann Officer",
            )
            register.correct_expense(
                reference, expense_id, reason="r", amount=Decimal("12.00"), recorded_by=BY
            )
            register.void_expense(reference, expense_id, reason="r", recorded_by=BY)
            register.correct_visit(reference, visit_id, reason="r", delegation="M", recorded_by=BY)
            register.void_visit(reference, visit_id, reason="r", recorded_by=BY)
            register.name_room(
                reference, room="R", building="B", named_on=date(2001, 1, 1), recorded_by=BY
            )
            register.sever(
                reference,
                severed_on=date(2002, 1, 1),
                reason="r",
                announced_by="Leader",
                recorded_by=BY,
            )
            history = register.history(reference)
        finally:
            close(register)
        assert len({e.type for e in history}) == 9
        assert {e.account for e in history} == {"jclerk"}
        assert history[2].recorded_by == "Ann Officer"
        assert all("account" not in e.data for e in history)

    def test_a_register_told_no_account_records_it_as_unknown(
        self, register: PartnershipRegister
    ) -> None:
        visit(register, establish(register))
        assert [e.account for e in register.history(STAFFORDSHIRE)] == [None, None]

    def test_a_partnership_is_found_by_its_id_or_its_reference(
        self, register: PartnershipRegister
    ) -> None:
        established = register.establish(
            council="Staffordshire County Council",
            city="Ivanovo",
            country="Russia",
            established_on=date(1999, 1, 1),
            recorded_by=BY,
        )
        assert register.find(str(established.partnership_id)) == established.partnership_id
        assert register.find(established.reference) == established.partnership_id
        assert register.find(established.reference.upper()) == established.partnership_id

    def test_text_of_32_hexadecimal_digits_between_hyphens_is_a_reference_not_an_id(
        self, register: PartnershipRegister
    ) -> None:
        reference = establish(register, "deadbeef deadbeef deadbeef dead", council="Cafe")
        assert reference == "cafe--deadbeef-deadbeef-deadbeef-dead"
        assert register.find(reference) == partnership_id_for(reference)

    def test_the_longest_reference_is_found(self, register: PartnershipRegister) -> None:
        reference = establish(register, "b" * 200, council="Council " + "a" * 192)
        assert len(reference) == REFERENCE_MAX_LENGTH
        assert register.find(reference) == partnership_id_for(reference)

    def test_one_event_larger_than_the_limit_is_refused_and_nothing_is_stored(
        self, register: PartnershipRegister
    ) -> None:
        reference = establish(register)
        members = tuple(f"{n:03} " + "x" * 96 for n in range(1000))
        with pytest.raises(EventTooLargeError, match="at most 64 KiB"):
            visit(register, reference, members=members)
        assert len(register.history(reference)) == 1
        visit(register, reference, members=members[:500])
        assert register.history(reference)[1].data["members"] == list(members[:500])

    def test_a_partnership_whose_events_pass_the_limit_together_still_takes_snapshots(
        self, register: PartnershipRegister
    ) -> None:
        reference = establish(register)
        members = tuple("x" * 100 for _ in range(400))
        for _ in range(SNAPSHOT_INTERVAL):
            visit(register, reference, members=members)
        assert register.status(reference).visits.total == SNAPSHOT_INTERVAL

    def test_an_unknown_partnership_is_not_found(self, register: PartnershipRegister) -> None:
        establish(register)
        for name in ["nowhere--nobody", "00000000-0000-0000-0000-000000000000"]:
            with pytest.raises(PartnershipNotFoundError, match="no partnership"):
                register.status(name)
            with pytest.raises(PartnershipNotFoundError):
                visit(register, name)

    def test_the_same_council_and_city_are_not_established_twice(
        self, register: PartnershipRegister
    ) -> None:
        establish(register)
        with pytest.raises(AlreadyEstablishedError):
            register.establish(
                council="staffordshire  county council",
                city="IVANOVO",
                country="Russia",
                established_on=date(2001, 1, 1),
                recorded_by=BY,
            )
        assert len(register.history(STAFFORDSHIRE)) == 1
        assert register.status(STAFFORDSHIRE).established_on == date(1999, 1, 1)

    def test_a_refused_command_stores_nothing(self, register: PartnershipRegister) -> None:
        reference = establish(register)
        register.sever(
            reference,
            severed_on=date(2018, 3, 16),
            reason="Salisbury",
            announced_by="Philip Atkins",
            recorded_by=BY,
        )
        with pytest.raises(DatedAfterSeveranceError):
            visit(register, reference, date(2019, 1, 1))
        with pytest.raises(VisitNotFoundError):
            register.record_expense(
                reference,
                occurred_on=date(2017, 1, 1),
                amount=Decimal("1.00"),
                beneficiary="x",
                purpose="y",
                visit_id=register.find(reference),
                recorded_by=BY,
            )
        assert len(register.history(reference)) == 2

    def test_every_partnership_is_listed_in_the_order_established(
        self, register: PartnershipRegister
    ) -> None:
        establish(register, "Ivanovo")
        establish(register, "Tarnów")
        statuses = register.statuses()
        assert [s.city for s in statuses] == ["Ivanovo", "Tarnów"]
        assert {s.status for s in statuses} == {"active"}

    def test_spend_is_totalled_exactly(self, register: PartnershipRegister) -> None:
        reference = establish(register)
        for _ in range(3):
            register.record_expense(
                reference,
                occurred_on=date(2010, 1, 1),
                amount=Decimal("0.10"),
                beneficiary="x",
                purpose="y",
                recorded_by=BY,
            )
        assert register.status(reference).total_spend == Decimal("0.30")

    def test_a_long_history_loads_the_same_with_snapshots(
        self, register: PartnershipRegister
    ) -> None:
        reference = establish(register)
        for day in range(SNAPSHOT_INTERVAL * 2 + 5):
            visit(register, reference, date(2000, 1, 1) + timedelta(days=day))
        partnership_id = register.find(reference)
        assert register.snapshots is not None
        snapshots = list(register.snapshots.get(partnership_id))
        assert [s.originator_version for s in snapshots] == [
            SNAPSHOT_INTERVAL,
            SNAPSHOT_INTERVAL * 2,
        ]
        from_snapshot = register.repository.get(partnership_id)
        from_events: Any = None
        for event in register.events.get(partnership_id):
            from_events = event.mutate(from_events)
        assert from_snapshot.version == SNAPSHOT_INTERVAL * 2 + 6
        assert vars(from_snapshot) == vars(from_events)

    def test_a_command_that_meets_another_writer_reloads_and_is_recorded(
        self, interrupted: InterruptedRegister
    ) -> None:
        establish(interrupted)
        interrupted.interruptions = 1
        visit(interrupted, STAFFORDSHIRE, date(2002, 2, 2))
        dates = [e.occurred_on for e in interrupted.history(STAFFORDSHIRE)]
        assert dates == [date(1999, 1, 1), date(2001, 1, 1), date(2002, 2, 2)]

    def test_a_command_that_keeps_meeting_other_writers_fails_and_stores_nothing(
        self, interrupted: InterruptedRegister
    ) -> None:
        establish(interrupted)
        interrupted.interruptions = interrupted.attempts
        with pytest.raises(ConcurrentUpdateError, match="nothing was recorded"):
            visit(interrupted, STAFFORDSHIRE, date(2002, 2, 2))
        dates = [e.occurred_on for e in interrupted.history(STAFFORDSHIRE)]
        assert date(2002, 2, 2) not in dates
        assert len(dates) == 1 + interrupted.attempts


class TestInMemory(RegisterContract):
    """The register on the library's in-memory store."""
