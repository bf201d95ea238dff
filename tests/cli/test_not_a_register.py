"""The register never creates or touches what is not a register: reads need one, nothing is
kept where nothing would last, another application's database is refused untouched, and a new
store is its owner's alone."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from .command import Partnerships, assert_refused, run
from .faults import ESTABLISH_OTHER, OTHER, postgres_dsn

READS = [
    ("list",),
    ("status", OTHER),
    ("history", OTHER),
    ("replay", OTHER),
    ("diff", OTHER, "--from", "1", "--to", "2"),
    ("audit",),
    ("expenses",),
    ("visits",),
    ("projections", "status"),
    ("projections", "rebuild"),
    ("digest",),
    ("verify",),
]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_reading_a_store_file_that_does_not_exist_is_refused_and_creates_nothing(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "mistyped.db"

    outcome = run(*command, "--db", f"sqlite:///{missing}", cwd=tmp_path)

    assert_refused(outcome, 1, f"no register at {missing}")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///x.db?mode=memory"])
@pytest.mark.parametrize("command", [ESTABLISH_OTHER, ("list",)], ids=["establish", "list"])
def test_a_store_that_would_keep_nothing_is_refused(
    tmp_path: Path, url: str, command: tuple[str, ...]
) -> None:
    assert_refused(run(*command, "--db", url, cwd=tmp_path), 2, "--db", "nothing recorded")


@pytest.mark.parametrize("command", [ESTABLISH_OTHER, ("list",)], ids=["establish", "list"])
def test_an_empty_partnerships_db_is_refused_not_read_as_a_path(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    outcome = run(*command, cwd=tmp_path, env={"PARTNERSHIPS_DB": ""})

    assert_refused(outcome, 2, "PARTNERSHIPS_DB", "empty")
    assert list(tmp_path.iterdir()) == []


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.mark.parametrize(
    "command", [ESTABLISH_OTHER, ("demo",), ("list",), ("verify",)], ids=" ".join
)
def test_an_sqlite_file_of_another_application_is_refused_and_left_byte_for_byte(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    theirs = folder / "payroll.db"
    with closing(sqlite3.connect(theirs)) as connection, connection:
        connection.execute("CREATE TABLE staff (name TEXT, salary INTEGER)")
        connection.execute("INSERT INTO staff VALUES ('Ann', 30000)")
    before = fingerprint(folder)

    outcome = run(*command, "--db", f"sqlite:///{theirs}", cwd=tmp_path)

    assert_refused(outcome, 1, str(theirs), "holds other tables and no register", "untouched")
    assert fingerprint(folder) == before


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("minutes of the twinning committee\n" * 200)
    before = notes.read_bytes()

    outcome = run(*ESTABLISH_OTHER, "--db", f"sqlite:///{notes}", cwd=tmp_path)

    assert_refused(outcome, 1, str(notes), "not a register")
    assert notes.read_bytes() == before


def tables_and_columns(url: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(postgres_dsn(url), connect_timeout=10) as connection:
        rows = connection.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


@pytest.mark.postgres
@pytest.mark.parametrize("command", [ESTABLISH_OTHER, ("list",), ("demo",)], ids=" ".join)
def test_a_postgresql_database_of_another_application_is_refused_and_left_untouched(
    postgres_url: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    with psycopg.connect(postgres_dsn(postgres_url), connect_timeout=10) as connection:
        connection.execute("CREATE TABLE staff (name TEXT, salary INTEGER)")
        connection.execute("INSERT INTO staff VALUES ('Ann', 30000)")
    before = tables_and_columns(postgres_url)

    outcome = run(*command, "--db", postgres_url, cwd=tmp_path)

    assert_refused(outcome, 1, "holds other tables and no register", "untouched")
    assert tables_and_columns(postgres_url) == before


@pytest.mark.postgres
def test_reading_an_empty_postgresql_database_is_refused_and_creates_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    outcome = run("list", "--db", postgres_url, cwd=tmp_path)

    assert_refused(outcome, 1, "no register at")
    assert tables_and_columns(postgres_url) == []


def test_a_new_store_file_is_readable_and_writable_by_its_owner_only(tmp_path: Path) -> None:
    store = tmp_path / "register.db"
    partnerships = Partnerships(db=f"sqlite:///{store}", cwd=tmp_path)

    assert partnerships(*ESTABLISH_OTHER).code == 0

    made = [p for p in tmp_path.iterdir() if p.name.startswith("register.db")]
    assert store in made
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in made} == dict.fromkeys(
        (p.name for p in made), 0o600
    )
