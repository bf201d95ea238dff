"""Where partnerships stand, read in plain SQL from an SQLite store whose views are up to date:
the same answers as the read models' queries through SQLAlchemy, on registers with corrections,
voids, severance and named rooms; and views it cannot vouch for left to the full path."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings

from adapters import demo, timeouts
from adapters.read_models import ReadModels
from adapters.read_models import tables as read_model_tables
from adapters.read_models.fresh import fresh_queries
from adapters.read_models.fresh_status import (
    SCHEMA_VERSION,
    VIEW_NAMES,
    FreshStatuses,
    fresh_statuses,
)
from adapters.storage import close, environment
from adapters.store_url import REGISTER_TABLES, check_sqlite_file, parsed_url
from domain.errors import PartnershipNotFoundError
from domain.register import PartnershipRegister
from tests.application.test_register import STAFFORDSHIRE, TODAY, establish, visit
from tests.application.test_time_travel import commands, record
from tests.integration.test_read_models import TARNOW, record_history

LOCK_TIMEOUT = {"timeout": 5.0}


@contextmanager
def stored(path: Path) -> Iterator[tuple[PartnershipRegister, ReadModels]]:
    """A register in the SQLite file, and its read models."""
    register = PartnershipRegister(environment(f"sqlite:///{path}"), today=lambda: TODAY)
    try:
        yield register, ReadModels(register)
    finally:
        close(register)


@contextmanager
def plain(path: Path) -> Iterator[FreshStatuses | None]:
    """The plain reading of the store, when it finds the views up to date (else None)."""
    tables = check_sqlite_file(path, creating=False)
    found = fresh_statuses(str(path), tables, LOCK_TIMEOUT)
    try:
        yield found
    finally:
        if found is not None:
            found.close()


def assert_the_same_answers(path: Path, models: ReadModels) -> None:
    """The plain reading answers as the read models' queries do: every status, each alone,
    and each partnership found by its reference and by its id."""
    models.catch_up()
    with plain(path) as statuses:
        assert statuses is not None
        everyone = models.statuses()
        assert statuses.statuses() == everyone
        for status in everyone:
            assert statuses.status(status.partnership_id) == models.status(status.partnership_id)
            for name in (
                status.reference,
                f" {status.reference.upper()} ",
                str(status.partnership_id),
            ):
                assert statuses.find(name) == models.find(name)
        for unknown in ("nowhere--nobody", str(uuid4())):
            with pytest.raises(PartnershipNotFoundError) as found_by_sql:
                models.find(unknown)
            with pytest.raises(PartnershipNotFoundError) as found_plainly:
                statuses.find(unknown)
            assert str(found_plainly.value) == str(found_by_sql.value)
        nobody = uuid4()
        with pytest.raises(PartnershipNotFoundError) as found_by_sql:
            models.status(nobody)
        with pytest.raises(PartnershipNotFoundError) as found_plainly:
            statuses.status(nobody)
        assert str(found_plainly.value) == str(found_by_sql.value)


def test_the_plain_reading_answers_as_the_queries_do_on_a_register_of_every_kind_of_record(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.db"
    with stored(path) as (register, models):
        record_history(register, models)
        establish(register, "Besançon", council="Exeter City Council")  # nothing recorded since
        for room, building, named_on in (
            ("Sala Tarnowska", "Shire Hall", date(2010, 5, 1)),
            ("Tarnów Suite", "Civic Centre", date(2012, 1, 9)),
        ):
            register.name_room(
                TARNOW, room=room, building=building, named_on=named_on, recorded_by="clerk"
            )
        moved = visit(register, TARNOW, date(2011, 7, 1))
        register.correct_visit(
            TARNOW,
            moved,
            reason="a later visit, dated wrongly",
            occurred_on=date(2025, 1, 31),
            recorded_by="auditor",
        )
        visit(register, TARNOW, date(2024, 2, 29))

        assert_the_same_answers(path, models)
        assert {s.status for s in models.statuses()} == {"active", "severed"}


def test_the_plain_reading_answers_as_the_queries_do_on_the_demonstration_register(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.db"
    with stored(path) as (register, models):
        demo.record(register)

        assert_the_same_answers(path, models)


def test_the_plain_reading_of_a_register_of_no_partnerships_yet_finds_none(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.db"
    with stored(path) as (_, models):
        models.catch_up()

        with plain(path) as statuses:
            assert statuses is not None
            assert statuses.statuses() == models.statuses() == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=commands)
def test_the_plain_reading_answers_as_the_queries_do_after_any_history(
    history: list[tuple[str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.db"
        with stored(path) as (register, models):
            record(register, history)
            establish(register, "Tarnów")
            visit(register, TARNOW, date(2003, 4, 1))
            spent = register.record_expense(
                TARNOW,
                occurred_on=date(2003, 4, 2),
                amount=Decimal("120.50"),
                beneficiary="Supplier",
                purpose="Travel",
                recorded_by="clerk",
            )
            register.void_expense(TARNOW, spent, reason="paid twice", recorded_by="clerk")

            assert_the_same_answers(path, models)


def test_the_design_and_views_it_checks_are_those_of_the_read_models() -> None:
    assert SCHEMA_VERSION == read_model_tables.SCHEMA_VERSION
    assert VIEW_NAMES == read_model_tables.VIEW_NAMES


@pytest.fixture
def up_to_date(tmp_path: Path) -> Path:
    """An SQLite register of two partnerships whose views are up to date."""
    path = tmp_path / "register.db"
    with stored(path) as (register, models):
        establish(register)
        establish(register, "Tarnów")
        visit(register, STAFFORDSHIRE)
        models.catch_up()
    with plain(path) as statuses:
        assert statuses is not None
    return path


def _sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as connection, connection:
        for statement in statements:
            connection.execute(statement)


LEFT_TO_THE_FULL_PATH = {
    "a view behind the log": "UPDATE projection_positions SET position = position - 1 "
    "WHERE name = 'visits'",
    "a view past the log": "UPDATE projection_positions SET position = position + 5 "
    "WHERE name = 'audit_trail'",
    "a view with no position": "DELETE FROM projection_positions WHERE name = 'status'",
    "views of another design": "UPDATE read_models_schema SET version = version - 1",
    "no design recorded": "DELETE FROM read_models_schema",
    "a rebuild that made no indexes yet": "INSERT INTO read_models_unindexed VALUES ('visit_log')",
    "a position that is not a number": "UPDATE projection_positions SET position = 'x' "
    "WHERE name = 'visits'",
    "the positions' table gone": "DROP TABLE projection_positions",
    "the design's table gone": "DROP TABLE read_models_schema",
}


@pytest.mark.parametrize("change", LEFT_TO_THE_FULL_PATH.values(), ids=LEFT_TO_THE_FULL_PATH)
def test_views_it_cannot_vouch_for_are_left_to_the_full_path_as_the_sqlalchemy_reading_leaves_them(
    up_to_date: Path, change: str
) -> None:
    _sql(up_to_date, change)
    tables = check_sqlite_file(up_to_date, creating=False)

    sqlalchemy_reading = fresh_queries(parsed_url(f"sqlite:///{up_to_date}"), tables, LOCK_TIMEOUT)

    assert sqlalchemy_reading is None
    assert fresh_statuses(str(up_to_date), tables, LOCK_TIMEOUT) is None


@pytest.mark.parametrize("missing", REGISTER_TABLES)
def test_a_store_without_one_of_the_register_tables_is_left_to_the_full_path(
    up_to_date: Path, missing: str
) -> None:
    tables = [t for t in check_sqlite_file(up_to_date, creating=False) if t != missing]

    assert fresh_statuses(str(up_to_date), tables, LOCK_TIMEOUT) is None


@contextmanager
def held_exclusively(path: Path) -> Iterator[None]:
    """Another process's write lock on the store, held while the block runs (the store in
    SQLite's rollback journal, in which a writer's lock keeps readers out)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


def test_a_lock_held_longer_than_the_lock_timeout_ends_a_plain_read_as_it_ends_the_other(
    up_to_date: Path,
) -> None:
    _sql(up_to_date, "PRAGMA journal_mode = DELETE")
    tables = check_sqlite_file(up_to_date, creating=False)
    waits = timeouts.from_environment({timeouts.LOCK: "0.3"})
    connect_args = waits.connect_args("sqlite")
    readers: list[Any] = [
        fresh_statuses(str(up_to_date), tables, connect_args),
        fresh_queries(parsed_url(f"sqlite:///{up_to_date}"), tables, connect_args),
    ]
    said = []
    with held_exclusively(up_to_date):
        for reader in readers:
            started = time.monotonic()
            with pytest.raises(Exception) as failed:  # noqa: PT011 (each library's own error)
                reader.statuses()
            assert time.monotonic() - started >= 0.3
            said.append(timeouts.explained(failed.value, waits))
            reader.close()

    assert said[0] == said[1]
    assert said[0] is not None
    assert "write lock" in said[0]
