"""No command hangs: a server that never answers, or a lock held elsewhere, ends the command
after its timeout with one line naming the cause, exit 1, and nothing recorded."""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from .command import Partnerships, assert_refused, run
from .faults import ESTABLISH_OTHER, OTHER, postgres_dsn, stored_events

VISIT = ("visit", OTHER, "--on", "2003-01-01", "--direction", "inbound", "--delegation", "Guests")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never says a word; its number."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        listener.close()


@pytest.mark.parametrize("command", [("list",), ESTABLISH_OTHER])
def test_a_server_that_never_answers_ends_the_command_after_the_connect_timeout(
    silent_server: int, tmp_path: Path, command: tuple[str, ...]
) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/register"

    outcome = run(*command, "--db", url, cwd=tmp_path, env={"PARTNERSHIPS_CONNECT_TIMEOUT": "2"})

    assert_refused(outcome, 1, "did not answer within 2 s", "PARTNERSHIPS_CONNECT_TIMEOUT")


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"PARTNERSHIPS_LOCK_TIMEOUT": "1"}, "PARTNERSHIPS_LOCK_TIMEOUT"),
        (
            {"PARTNERSHIPS_LOCK_TIMEOUT": "60", "PARTNERSHIPS_STATEMENT_TIMEOUT": "1"},
            "PARTNERSHIPS_STATEMENT_TIMEOUT",
        ),
    ],
)
@pytest.mark.parametrize("command", [VISIT, ("list",)])
def test_a_table_locked_by_another_session_ends_the_command_after_its_timeout(
    postgres_url: str,
    tmp_path: Path,
    settings: dict[str, str],
    named: str,
    command: tuple[str, ...],
) -> None:
    partnerships = Partnerships(db=postgres_url, cwd=tmp_path)
    assert partnerships(*ESTABLISH_OTHER).code == 0
    before = stored_events(postgres_url)
    with psycopg.connect(postgres_dsn(postgres_url), connect_timeout=10) as other:
        other.execute("LOCK TABLE partnerships_events IN ACCESS EXCLUSIVE MODE")
        outcome = Partnerships(db=postgres_url, cwd=tmp_path, env=settings)(*command)
        other.rollback()

    assert_refused(outcome, 1, named, "could not be used")
    assert stored_events(postgres_url) == before
    if command == VISIT:
        assert "nothing was recorded" in outcome.stderr


def impatient(sqlite_url: str, tmp_path: Path) -> Partnerships:
    """The command on a store holding a partnership, waiting a second at most for a lock."""
    partnerships = Partnerships(db=sqlite_url, cwd=tmp_path, env={"PARTNERSHIPS_LOCK_TIMEOUT": "1"})
    assert partnerships(*ESTABLISH_OTHER).code == 0
    return partnerships


@contextmanager
def held_by_another(sqlite_url: str, *statements: str) -> Iterator[None]:
    """The SQLite store held by another connection, which ran the statements, until the end."""
    path = str(make_url(sqlite_url).database)
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        for statement in statements:
            other.execute(statement)
        yield
        other.execute("ROLLBACK")


def test_a_write_lock_held_on_an_sqlite_store_ends_a_write_after_the_busy_timeout(
    sqlite_url: str, tmp_path: Path
) -> None:
    partnerships = impatient(sqlite_url, tmp_path)
    before = stored_events(sqlite_url)
    with held_by_another(sqlite_url, "BEGIN IMMEDIATE"):
        outcome = partnerships(*VISIT)

    assert_refused(outcome, 1, "write lock", "PARTNERSHIPS_LOCK_TIMEOUT", "nothing was recorded")
    assert stored_events(sqlite_url) == before
    assert partnerships(*VISIT).code == 0


@pytest.mark.parametrize(
    "command",
    [("list",), ("status", OTHER), ("list", "--json"), ("verify",), VISIT],
    ids=["list", "status", "list --json", "verify", "visit"],
)
def test_a_store_locked_by_another_process_is_said_to_be_locked_not_foreign(
    sqlite_url: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A lock that keeps even readers out (SQLite's exclusive locking mode, which a tool holding
    the file may set) ends any command after the lock timeout, saying so: it is no sign that
    the file is not a register."""
    partnerships = impatient(sqlite_url, tmp_path)
    before = stored_events(sqlite_url)
    with held_by_another(sqlite_url, "PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE"):
        outcome = partnerships(*command)

    assert_refused(outcome, 1, "lock", "PARTNERSHIPS_LOCK_TIMEOUT")
    assert "not a register" not in outcome.stderr
    assert stored_events(sqlite_url) == before
    assert partnerships(*command).code == 0


@pytest.mark.parametrize("value", ["0", "-1", "soon", "1e999", "nan", "٣"])
def test_a_timeout_that_is_not_a_number_of_seconds_is_refused(
    sqlite_url: str, tmp_path: Path, value: str
) -> None:
    outcome = run(
        *ESTABLISH_OTHER,
        "--db",
        sqlite_url,
        cwd=tmp_path,
        env={"PARTNERSHIPS_LOCK_TIMEOUT": value},
    )

    assert_refused(outcome, 2, "PARTNERSHIPS_LOCK_TIMEOUT")
    assert not Path(str(make_url(sqlite_url).database)).exists()
