"""Whoever alters stored rows directly with SQL, verify notices and names where.

Each test records a small history through the register, tampers with the stored rows in one
way, and runs the same verification the ``verify`` command runs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import delete, func, insert, select, update

from adapters import chain, parallel_verify
from domain.register import PartnershipRegister
from tests.application.test_register import STAFFORDSHIRE, establish, visit
from tests.tampering import drop_protection

TARNOW = "staffordshire-county-council--tarnow"


def history(register: PartnershipRegister) -> None:
    """Two partnerships, three visits and an expense of £3,500.00 at log position 6."""
    establish(register, "Ivanovo")
    establish(register, "Tarnów")
    for year in (2001, 2005, 2010):
        visit(register, STAFFORDSHIRE, date(year, 6, 1))
    register.record_expense(
        TARNOW,
        occurred_on=date(2012, 5, 1),
        amount=Decimal("3500.00"),
        beneficiary="Travel agent",
        purpose="Flights",
        recorded_by="clerk",
    )
    visit(register, TARNOW, date(2013, 1, 1))


@pytest.fixture
def register(register: PartnershipRegister) -> PartnershipRegister:
    """The shared empty register, with two partnerships, visits and an expense."""
    history(register)
    return register


def tables(register: PartnershipRegister) -> tuple[Any, Any, Any]:
    recorder: Any = register.recorder
    return recorder.events_record_cls.__table__, recorder.chain, recorder.datastore.engine


def execute(register: PartnershipRegister, *statements: Any) -> None:
    """Runs the statements after dropping the triggers that would refuse them."""
    _, _, engine = tables(register)
    with engine.begin() as connection:
        drop_protection(connection)
        for statement in statements:
            connection.execute(statement)


def stored(register: PartnershipRegister, position: int) -> Any:
    events, _, engine = tables(register)
    with engine.connect() as connection:
        return connection.execute(select(events).where(events.c.id == position)).one()


def every_history_to_workers(patch: pytest.MonkeyPatch) -> None:
    """Has verify give every history, however short, to worker processes first, in pages of
    two events (they confirm an intact one; one process names a problem they find)."""
    patch.setattr(parallel_verify, "WORTH_WORKERS", 0)
    patch.setattr(parallel_verify, "PAGE", 2)


def found(register: PartnershipRegister, kept: chain.Digest | None = None) -> chain.Verification:
    return chain.verify_register(register, kept)


class TamperEvidenceContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_an_untouched_store_verifies(self, register: PartnershipRegister) -> None:
        result = found(register)
        assert result.intact, result.problem
        assert (result.events, result.partnerships, result.position) == (7, 2, 7)
        assert result.digest == chain.register_digest(register).digest

    def test_editing_a_byte_of_an_events_data_is_caught(
        self, register: PartnershipRegister
    ) -> None:
        events, _, _ = tables(register)
        state = bytes(stored(register, 3).state).replace(b"Guests", b"Guesss")
        execute(register, update(events).where(events.c.id == 3).values(state=state))
        result = found(register)
        assert not result.intact
        assert (result.partnership_id, result.version, result.problem_position) == (
            str(register.find(STAFFORDSHIRE)),
            2,
            3,
        )
        assert "altered" in (result.problem or "")

    def test_changing_who_recorded_an_event_is_caught(self, register: PartnershipRegister) -> None:
        events, _, _ = tables(register)
        state = bytes(stored(register, 6).state).replace(b'"clerk"', b'"mayor"')
        execute(register, update(events).where(events.c.id == 6).values(state=state))
        result = found(register)
        assert (result.partnership_id, result.version) == (str(register.find(TARNOW)), 2)

    def test_deleting_an_event_is_caught(self, register: PartnershipRegister) -> None:
        events, _, _ = tables(register)
        execute(register, delete(events).where(events.c.id == 4))
        result = found(register)
        assert (result.problem_position, result.version) == (4, 3)
        assert "deleted" in (result.problem or "")

    def test_deleting_an_event_with_its_chain_link_is_caught(
        self, register: PartnershipRegister
    ) -> None:
        events, links, _ = tables(register)
        execute(
            register,
            delete(events).where(events.c.id == 4),
            delete(links).where(links.c.notification_id == 4),
        )
        result = found(register)
        assert (result.partnership_id, result.version, result.problem_position) == (
            str(register.find(STAFFORDSHIRE)),
            4,
            5,
        )
        assert "missing or out of order" in (result.problem or "")

    @pytest.mark.parametrize(("moved_to", "first"), [(100, 6), (0, 0)])
    def test_a_link_moved_off_its_event_is_caught_in_log_order(
        self, register: PartnershipRegister, moved_to: int, first: int
    ) -> None:
        """As many links as events, but the link of the event at 6 stands at a position no
        event holds: after the log's end (event 6 has no link, found first) or before its
        start (that link's missing event, found first)."""
        _, links, _ = tables(register)
        execute(
            register,
            update(links).where(links.c.notification_id == 6).values(notification_id=moved_to),
        )
        result = found(register)
        assert result.problem_position == first
        assert ("it was deleted" if first == 0 else "has no chain link") in (result.problem or "")

    def test_deleting_the_last_event_of_a_partnership_with_its_link_is_caught(
        self, register: PartnershipRegister
    ) -> None:
        events, links, _ = tables(register)
        execute(
            register,
            delete(events).where(events.c.id == 5),
            delete(links).where(links.c.notification_id == 5),
        )
        result = found(register)
        assert result.problem_position == 6
        assert "register digest" in (result.problem or "")

    def test_inserting_a_forged_event_is_caught(self, register: PartnershipRegister) -> None:
        events, _, _ = tables(register)
        original = stored(register, 5)
        forged = bytes(original.state).replace(b"2010-06-01", b"2011-06-01")
        execute(
            register,
            insert(events).values(
                originator_id=original.originator_id,
                originator_version=original.originator_version + 1,
                topic=original.topic,
                state=forged,
            ),
        )
        result = found(register)
        assert (result.partnership_id, result.version, result.problem_position) == (
            str(register.find(STAFFORDSHIRE)),
            5,
            8,
        )
        assert "outside the register" in (result.problem or "")

    def test_swapping_two_events_is_caught(self, register: PartnershipRegister) -> None:
        events, _, _ = tables(register)
        third, fourth = stored(register, 3), stored(register, 4)
        execute(
            register,
            update(events).where(events.c.id == 3).values(state=fourth.state),
            update(events).where(events.c.id == 4).values(state=third.state),
        )
        result = found(register)
        assert (result.version, result.problem_position) == (2, 3)

    def test_reordering_two_events_of_a_partnership_is_caught(
        self, register: PartnershipRegister
    ) -> None:
        events, _, _ = tables(register)
        execute(
            register,
            update(events).where(events.c.id == 3).values(originator_version=99),
            update(events).where(events.c.id == 4).values(originator_version=2),
            update(events).where(events.c.id == 3).values(originator_version=3),
        )
        result = found(register)
        assert result.problem_position == 3
        assert "moved or renumbered" in (result.problem or "")

    def test_moving_an_event_to_another_partnership_is_caught(
        self, register: PartnershipRegister
    ) -> None:
        events, _, _ = tables(register)
        execute(
            register,
            update(events)
            .where(events.c.id == 5)
            .values(originator_id=register.find(TARNOW), originator_version=4),
        )
        result = found(register)
        assert (result.partnership_id, result.version, result.problem_position) == (
            str(register.find(TARNOW)),
            4,
            5,
        )

    def test_truncating_the_tail_after_a_digest_was_taken_is_caught(
        self, register: PartnershipRegister
    ) -> None:
        kept = chain.register_digest(register)
        events, links, _ = tables(register)
        execute(
            register,
            delete(events).where(events.c.id >= 6),
            delete(links).where(links.c.notification_id >= 6),
        )
        assert found(register).intact  # without the digest, a clean cut cannot be seen
        result = found(register, kept)
        assert not result.intact
        assert result.problem_position == kept.position
        assert "removed" in (result.problem or "")

    def test_a_rewritten_and_rechained_history_fails_against_a_kept_digest(
        self, register: PartnershipRegister
    ) -> None:
        kept = chain.register_digest(register)
        events, links, engine = tables(register)
        state = bytes(stored(register, 3).state).replace(b"Guests", b"Others")
        execute(register, update(events).where(events.c.id == 3).values(state=state))
        rechain(events, links, engine)
        assert found(register).intact  # someone with write access recomputed every hash
        result = found(register, kept)
        assert not result.intact
        assert "rewritten" in (result.problem or "")

    def test_later_events_only_extend_a_kept_digest(self, register: PartnershipRegister) -> None:
        kept = chain.register_digest(register)
        visit(register, STAFFORDSHIRE, date(2014, 1, 1))
        visit(register, TARNOW, date(2014, 2, 1))
        result = found(register, kept)
        assert result.intact, result.problem
        assert (result.digest_checked, result.events_after_digest) == (True, 2)
        assert result.digest != kept.digest

    def test_a_store_after_many_corrections_verifies(self, register: PartnershipRegister) -> None:
        expense_id = register.record_expense(
            STAFFORDSHIRE,
            occurred_on=date(2014, 1, 1),
            amount=Decimal("100.00"),
            beneficiary="Travel agent",
            purpose="Flights",
            recorded_by="clerk",
        )
        for pence in range(1, 31):
            register.correct_expense(
                STAFFORDSHIRE,
                expense_id,
                reason=f"correction {pence}",
                amount=Decimal(100) + Decimal(pence) / 100,
                recorded_by="auditor",
                source="Audit memo",
            )
        visits_of = [e.data["visit_id"] for e in register.history(STAFFORDSHIRE)[1:4]]
        register.correct_visit(
            STAFFORDSHIRE,
            visits_of[0],
            reason="wrong day",
            occurred_on=date(2001, 6, 2),
            recorded_by="auditor",
        )
        register.void_visit(STAFFORDSHIRE, visits_of[1], reason="never happened", recorded_by="a")
        register.void_expense(STAFFORDSHIRE, expense_id, reason="duplicate", recorded_by="a")
        result = found(register)
        assert result.intact, result.problem
        assert result.events == 7 + 1 + 30 + 3

    def test_many_events_across_partnerships_verify(self, register: PartnershipRegister) -> None:
        for day in range(1, 29):
            visit(register, STAFFORDSHIRE if day % 2 else TARNOW, date(2015, 2, day))
        result = found(register)
        assert result.intact, result.problem
        assert result.events == 7 + 28


def rechain(events: Any, links: Any, engine: Any) -> None:
    """What someone with write access and this source code could do after an edit."""
    with engine.begin() as connection:
        drop_protection(connection)
        rows = connection.execute(select(events).order_by(events.c.id)).all()
        connection.execute(delete(links))
        digest, previous = chain.GENESIS, {}
        for row in rows:
            pid = str(UUID(str(row.originator_id)))
            hashed = chain.event_hash(
                pid,
                row.originator_version,
                row.topic,
                bytes(row.state),
                previous.get(pid, chain.GENESIS),
            )
            previous[pid] = hashed
            digest = chain.next_digest(digest, hashed)
            connection.execute(
                insert(links).values(
                    notification_id=row.id,
                    originator_id=pid,
                    originator_version=row.originator_version,
                    event_hash=hashed,
                    log_digest=digest,
                )
            )
        assert connection.execute(select(func.count()).select_from(links)).scalar_one() == len(rows)


class TestOnSQLiteFile(TamperEvidenceContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url


class TestOnPostgreSQL(TamperEvidenceContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url


class TestWithWorkersOnSQLiteFile(TamperEvidenceContract):
    @pytest.fixture
    def url(self, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
        every_history_to_workers(monkeypatch)
        return sqlite_url


class TestWithWorkersOnPostgreSQL(TamperEvidenceContract):
    @pytest.fixture
    def url(self, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
        every_history_to_workers(monkeypatch)
        return postgres_url
