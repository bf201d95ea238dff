"""``list`` and ``status`` on an SQLite store named in the plainest form (sqlite:///FILE) read up
to date views without SQLAlchemy: whatever state the store is in, they print, refuse and repair
exactly as when the same store is named in a form only SQLAlchemy reads (sqlite+pysqlite:///FILE),
which takes the path every read took before."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from adapters.storage import opened

from .command import Outcome
from .faults import DEMO
from .in_process import run_in_process
from .test_startup import record_behind_the_views

PLAIN = "sqlite:///"
THROUGH_SQLALCHEMY = "sqlite+pysqlite:///"

COMMANDS = [
    ("status", DEMO),
    ("status", DEMO, "--json"),
    ("status", f"  {DEMO.upper()} "),
    ("status", "40db4e96-fcda-5fe0-9fde-a37d07c7abab"),
    ("status", "nowhere--nobody"),
    ("list",),
    ("list", "--json"),
]


def _sql(*statements: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        with closing(sqlite3.connect(path)) as connection, connection:
            for statement in statements:
                connection.execute(statement)

    return change


def _behind(path: Path) -> None:
    record_behind_the_views(f"sqlite:///{path}")


def _removed(path: Path) -> None:
    path.unlink()


def _foreign(path: Path) -> None:
    path.unlink()
    _sql("CREATE TABLE staff (name TEXT, salary INTEGER)")(path)


def _not_a_database(path: Path) -> None:
    path.unlink()
    path.write_text("minutes of the twinning committee\n" * 200)


def _no_views_yet(path: Path) -> None:
    path.unlink()
    with opened(f"sqlite:///{path}", creating=True):
        pass


# What is done to a copy of the demonstration store before the command reads it.
STATES: dict[str, Callable[[Path], None]] = {
    "views up to date": lambda path: None,
    "views behind the log": _behind,
    "a view past the log": _sql(
        "UPDATE projection_positions SET position = position + 5 WHERE name = 'visits'"
    ),
    "a status row damaged": _sql("UPDATE register_status SET established_on = 'garbage'"),
    "a status id damaged": _sql("UPDATE register_status SET partnership_id = x'00'"),
    "a visit's date damaged": _sql("UPDATE visit_log SET occurred_on = 'garbage'"),
    "a view's table dropped": _sql("DROP TABLE visit_log"),
    "a correction's table dropped": _sql("DROP TABLE expense_corrections"),
    "views of another design": _sql("UPDATE read_models_schema SET version = 1"),
    "a rebuild not finished": _sql("INSERT INTO read_models_unindexed VALUES ('visit_log')"),
    "no views made yet": _no_views_yet,
    "no store at all": _removed,
    "another application's store": _foreign,
    "a file that is no database": _not_a_database,
}


@pytest.fixture(scope="module")
def demonstration(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration store, its views up to date: each test reads copies of it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run_in_process("demo", "--db", f"sqlite:///{path}").code == 0
    return path


def read_twice(
    demonstration: Path, folder: Path, state: Callable[[Path], None], *command: str
) -> tuple[Outcome, Outcome]:
    """The command on two copies of the store in the given state: named plainly, and named in
    a form only SQLAlchemy reads, whose URL its outcome then names plainly too."""
    outcomes = []
    for form in (PLAIN, THROUGH_SQLALCHEMY):
        path = folder / form.split(":")[0].replace("+", "-") / "demo.db"
        path.parent.mkdir()
        shutil.copy(demonstration, path)
        state(path)
        outcome = run_in_process(*command, "--db", f"{form}{path}")
        outcomes.append(
            Outcome(
                outcome.code,
                outcome.stdout.replace(f"{form}{path}", f"{PLAIN}<store>"),
                outcome.stderr.replace(f"{form}{path}", f"{PLAIN}<store>").replace(
                    str(path), "<store>"
                ),
            )
        )
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("state", STATES.values(), ids=STATES)
def test_a_plain_url_reads_as_a_url_only_sqlalchemy_reads(
    demonstration: Path, tmp_path: Path, state: Callable[[Path], None], command: tuple[str, ...]
) -> None:
    plainly, through_sqlalchemy = read_twice(demonstration, tmp_path, state, *command)

    assert plainly == through_sqlalchemy


@pytest.mark.parametrize("command", [("status", DEMO), ("list",)], ids=" ".join)
@pytest.mark.parametrize("timeout", ["0", "soon", "nan"])
def test_a_lock_timeout_set_wrong_is_refused_alike(
    demonstration: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    timeout: str,
    command: tuple[str, ...],
) -> None:
    monkeypatch.setenv("PARTNERSHIPS_LOCK_TIMEOUT", timeout)

    plainly, through_sqlalchemy = read_twice(demonstration, tmp_path, lambda path: None, *command)

    assert plainly == through_sqlalchemy
    assert plainly.code == 2
    assert "PARTNERSHIPS_LOCK_TIMEOUT" in plainly.stderr


def test_the_views_a_plain_url_finds_up_to_date_print_what_they_hold(
    demonstration: Path, tmp_path: Path
) -> None:
    plainly, through_sqlalchemy = read_twice(
        demonstration, tmp_path, lambda path: None, "status", DEMO
    )

    assert plainly == through_sqlalchemy
    assert plainly.code == 0
    assert "visits        5 (2 inbound, 3 outbound), the last on 2016-09-15" in plainly.stdout
