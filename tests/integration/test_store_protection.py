"""The store defends its history itself: the database refuses edits and deletions of the events
and their chain links, and no write is stacked on a partnership whose stored history no longer
matches its chain."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from adapters import chain
from adapters.protection import BrokenChainError
from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.application.test_register import STAFFORDSHIRE, TODAY, establish, visit
from tests.tampering import drop_protection


@pytest.fixture
def register(register: PartnershipRegister) -> PartnershipRegister:
    """The shared empty register, with one partnership of four events."""
    establish(register)
    for year in (2001, 2005, 2010):
        visit(register, STAFFORDSHIRE, date(year, 6, 1))
    return register


def tables(register: PartnershipRegister) -> tuple[Any, Any, Any]:
    recorder: Any = register.recorder
    return recorder.events_record_cls.__table__, recorder.chain, recorder.datastore.engine


def count(register: PartnershipRegister, table: Any) -> int:
    _, _, engine = tables(register)
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def tamper(register: PartnershipRegister, *statements: Any) -> None:
    """Drops the store's triggers, as someone set on changing the history must, then runs the
    statements."""
    _, _, engine = tables(register)
    with engine.begin() as connection:
        drop_protection(connection)
        for statement in statements:
            connection.execute(statement)


def reopened(url: str) -> PartnershipRegister:
    return PartnershipRegister(environment(url), today=lambda: TODAY)


class StoreProtectionContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    @pytest.mark.parametrize("table", ["events", "chain"])
    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE {table} SET originator_version = originator_version + 100",
            "DELETE FROM {table} WHERE originator_version = 2",
            "DELETE FROM {table}",
        ],
    )
    def test_the_database_refuses_to_edit_or_delete_the_history(
        self, register: PartnershipRegister, table: str, statement: str
    ) -> None:
        events, links, engine = tables(register)
        name = {"events": events, "chain": links}[table].name
        with (
            pytest.raises(DBAPIError, match="never edited or deleted"),
            engine.begin() as connection,
        ):
            connection.execute(text(statement.format(table=name)))
        assert (count(register, events), count(register, links)) == (4, 4)
        assert chain.verify_register(register).intact

    def test_verify_catches_an_edit_made_after_the_triggers_were_dropped(
        self, register: PartnershipRegister
    ) -> None:
        events, _, _ = tables(register)
        tamper(register, update(events).where(events.c.id == 3).values(topic="x:y"))
        result = chain.verify_register(register)
        assert (result.version, result.problem_position) == (3, 3)

    def test_a_store_whose_triggers_were_dropped_has_them_again_after_its_next_write(
        self, register: PartnershipRegister, url: str
    ) -> None:
        events, _, engine = tables(register)
        tamper(register)
        later = reopened(url)
        try:
            visit(later, STAFFORDSHIRE, date(2011, 1, 1))
        finally:
            close(later)
        with (
            pytest.raises(DBAPIError, match="never edited or deleted"),
            engine.begin() as connection,
        ):
            connection.execute(delete(events))
        assert count(register, events) == 5

    def test_a_write_on_a_partnership_whose_last_event_was_edited_is_refused(
        self, register: PartnershipRegister
    ) -> None:
        events, links, engine = tables(register)
        with engine.connect() as connection:
            state = connection.execute(select(events.c.state).where(events.c.id == 4)).scalar()
        edited = bytes(state).replace(b"Guests", b"Guesss")
        tamper(register, update(events).where(events.c.id == 4).values(state=edited))
        partnership_id = register.find(STAFFORDSHIRE)
        with pytest.raises(BrokenChainError) as refused:
            visit(register, STAFFORDSHIRE, date(2012, 1, 1))
        message = str(refused.value)
        assert f"partnership {partnership_id}" in message
        assert "its stored history does not match its chain at version 4, log position 4" in (
            message
        )
        assert (count(register, events), count(register, links)) == (4, 4)

    def test_a_write_on_a_partnership_whose_last_event_was_deleted_is_refused(
        self, register: PartnershipRegister
    ) -> None:
        events, links, _ = tables(register)
        tamper(register, delete(events).where(events.c.id == 4))
        with pytest.raises(BrokenChainError, match="at version 4, log position 4"):
            visit(register, STAFFORDSHIRE, date(2012, 1, 1))
        assert (count(register, events), count(register, links)) == (3, 4)

    def test_establishing_again_a_partnership_whose_events_were_deleted_is_refused(
        self, register: PartnershipRegister
    ) -> None:
        events, links, _ = tables(register)
        tamper(register, delete(events))
        with pytest.raises(BrokenChainError, match="at version 4, log position 4"):
            establish(register)
        assert (count(register, events), count(register, links)) == (0, 4)

    def test_an_intact_partnership_takes_writes_as_before(
        self, register: PartnershipRegister
    ) -> None:
        other = establish(register, "Tarnów")
        for year in (2001, 2002):
            visit(register, other, date(year, 1, 1))
            visit(register, STAFFORDSHIRE, date(year, 2, 2))
        assert chain.verify_register(register).events == 4 + 5


class TestOnSQLiteFile(StoreProtectionContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url


class TestOnPostgreSQL(StoreProtectionContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
