"""A command imports only what it uses: ``--help`` nothing but the command line's own frame, and
a read command none of the other commands' modules, no writing, no worker processes and no
PostgreSQL driver for an SQLite store; when its views are up to date, not even the event store
or the projector, and ``list`` and ``status`` on an SQLite file not SQLAlchemy either. Each is
run in a fresh process, which then lists every module it imported."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from adapters.cli.exits import EXIT_REFUSED
from adapters.read_models import tables as read_model_tables
from adapters.read_models import views as read_model_views
from adapters.storage import EVENTS_TABLE, opened
from adapters.store_url import REGISTER_TABLES
from domain.register import PartnershipRegister

from .command import Partnerships, assert_refused
from .faults import sql

REFERENCE = "staffordshire-county-council--ivanovo"

_RUN_AND_LIST = (
    "import sys\n"
    "from adapters.cli import main\n"
    "try:\n"
    "    main(sys.argv[2:])\n"
    "except SystemExit as ended:\n"
    "    assert not ended.code, ended.code\n"
    "with open(sys.argv[1], 'w') as listing:\n"
    "    listing.write('\\n'.join(sorted(sys.modules)))\n"
)

# What no read command needs: the other commands and their schemas, recording, worker
# processes, PostgreSQL.
_NOT_FOR_READING = (
    "adapters.cli.recording",
    "adapters.schemas.recording",
    "adapters.schemas.integrity",
    "adapters.schemas.publishing",
    "adapters.schemas.administration",
    "adapters.cli.integrity",
    "adapters.cli.projections",
    "adapters.cli.demo",
    "adapters.demo",
    "multiprocessing",
    "concurrent.futures.process",
    "psycopg",
    "psycopg_pool",
)

# What no read command needs once its views are up to date: the event store (the library's, and
# the SQL dialects its helpers import), the register's writing, the projector that keeps views.
_NOT_FOR_FRESH_VIEWS = (
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.oracle",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.dialects.mysql",
    "sqlalchemy_utils",
    "eventsourcing_sqlalchemy",
    "adapters.storage",
    "adapters.chain",
    "adapters.protection",
    "adapters.writers",
    "adapters.access",
    "adapters.read_models.projector",
    "adapters.read_models.staging",
)


def imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules a run of ``partnerships ARGS`` imported, in a process of its own."""
    return run_and_list(tmp_path, *args)[0]


def run_and_list(tmp_path: Path, *args: str) -> tuple[set[str], str, str]:
    """The modules a run of ``partnerships ARGS`` imported, in a process of its own, and what
    it printed on standard output and standard error."""
    listing = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST, str(listing), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return set(listing.read_text().split()), done.stdout, done.stderr


def among(modules: set[str], packages: tuple[str, ...]) -> set[str]:
    """Those of the modules that are, or are inside, one of the packages."""
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)}


def test_help_imports_neither_the_database_nor_validation_nor_any_command(tmp_path: Path) -> None:
    modules = imported(tmp_path, "--help")

    assert "click" in modules
    heavy = ("sqlalchemy", "marshmallow", "eventsourcing", "psycopg", "adapters.cli.common")
    assert among(modules, heavy) == set()
    assert among(modules, ("adapters.cli",)) == {"adapters.cli", "adapters.cli.exits"}


READS = [
    ("status", REFERENCE),
    ("status", REFERENCE, "--as-of", "2010-01-01"),
    ("list",),
    ("audit",),
    ("audit", REFERENCE),
    ("visits",),
    ("expenses",),
    ("expenses", REFERENCE, "--by-year"),
]


@pytest.mark.parametrize("command", READS)
def test_a_read_command_on_up_to_date_views_imports_no_other_command_nor_writing_nor_store(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    db = f"sqlite:///{tmp_path / 'register.db'}"
    Partnerships(db=db, cwd=tmp_path).json("demo")

    modules = imported(tmp_path, *command, "--db", db)

    assert "adapters.cli.reading" in modules
    assert among(modules, _NOT_FOR_READING) == set()
    assert among(modules, _NOT_FOR_FRESH_VIEWS) == set()


# What ``list`` and ``status`` never need on an SQLite store whose views are up to date: any SQL
# library but the standard one; and, printing text, neither the documents' schemas (validation)
# nor the event store's library.
_NOT_FOR_STANDING = ("sqlalchemy",)
_NOT_FOR_STANDING_AS_TEXT = ("marshmallow", "eventsourcing")

STANDINGS = [
    ("status", REFERENCE),
    ("status", REFERENCE, "--json"),
    ("list",),
    ("list", "--json"),
]


@pytest.mark.parametrize("command", STANDINGS, ids=" ".join)
def test_status_and_list_on_up_to_date_views_of_an_sqlite_store_import_no_sqlalchemy(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    db = f"sqlite:///{tmp_path / 'register.db'}"
    Partnerships(db=db, cwd=tmp_path).json("demo")

    modules, shown, _ = run_and_list(tmp_path, *command, "--db", db)

    assert REFERENCE in shown
    assert "adapters.read_models.fresh_status" in modules
    assert among(modules, _NOT_FOR_STANDING) == set()
    if "--json" not in command:
        assert among(modules, _NOT_FOR_STANDING_AS_TEXT) == set()


def test_the_register_tables_a_read_looks_for_are_those_the_register_makes(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'register.db'}"
    with opened(db, creating=True):
        pass

    made = {name for (name,) in sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}

    assert made == set(REGISTER_TABLES)
    assert f"{PartnershipRegister.name.lower()}_events" == EVENTS_TABLE


def test_the_views_a_read_finds_up_to_date_are_every_view_the_projector_keeps() -> None:
    assert read_model_tables.VIEW_NAMES == read_model_views.VIEW_NAMES


def record_behind_the_views(db: str) -> None:
    """Records a visit through the register alone, leaving the views one event behind."""
    with opened(db, creating=False) as register:
        register.record_visit(
            REFERENCE,
            occurred_on=date(2017, 5, 1),
            direction="inbound",
            delegation="Ivanovo schools",
            recorded_by="a test",
        )


def test_a_read_on_views_behind_the_log_catches_them_up_and_answers_with_every_event(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'register.db'}"
    partnerships = Partnerships(db=db, cwd=tmp_path)
    partnerships.json("demo")
    before = partnerships.json("status", REFERENCE)
    record_behind_the_views(db)

    modules, shown, _ = run_and_list(tmp_path, "status", REFERENCE, "--json", "--db", db)

    assert "adapters.read_models.projector" in modules  # the views were brought up to date
    status = json.loads(shown)
    assert status["version"] == before["version"] + 1
    assert status["visits"]["inbound"] == before["visits"]["inbound"] + 1
    visits = partnerships.json("visits", REFERENCE)
    assert [v["delegation"] for v in visits].count("Ivanovo schools") == 1
    modules, _, _ = run_and_list(tmp_path, "visits", "--db", db)
    assert among(modules, _NOT_FOR_FRESH_VIEWS) == set()  # up to date again: read straight


def test_a_read_of_views_damaged_while_up_to_date_remakes_them_and_asks_to_run_it_again(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'register.db'}"
    partnerships = Partnerships(db=db, cwd=tmp_path)
    partnerships.json("demo")
    before = partnerships.json("status", REFERENCE)
    sql(db, "UPDATE register_status SET established_on = 'garbage'")

    refused = partnerships("status", REFERENCE)

    assert_refused(
        refused, EXIT_REFUSED, "the reports were damaged", "remade", "run the command again"
    )
    assert partnerships.json("status", REFERENCE) == before


def test_a_read_of_views_claiming_to_have_read_past_the_log_remakes_them_and_answers(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'register.db'}"
    partnerships = Partnerships(db=db, cwd=tmp_path)
    partnerships.json("demo")
    before = partnerships.json("status", REFERENCE)
    (head,) = sql(db, "SELECT max(id) FROM partnerships_events")[0]
    sql(db, f"UPDATE projection_positions SET position = {int(head) + 5} WHERE name = 'visits'")  # noqa: S608

    shown = partnerships("status", REFERENCE, "--json")

    assert shown.code == 0, shown
    assert "remaking them from the recorded events" in shown.stderr
    assert json.loads(shown.stdout) == before


# What an auditor's checks with no database never need: the event store and its SQL dialects.
_NOT_FOR_OFFLINE_CHECKS = (
    "eventsourcing_sqlalchemy",
    "sqlalchemy_utils",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
    "adapters.storage",
    "adapters.chain",
    "adapters.evidence.store",
)


@pytest.mark.parametrize("check", ["check-proof", "check-consistency", "verify --file"])
def test_the_checks_made_with_no_database_import_no_event_store(
    tmp_path: Path, check: str
) -> None:
    partnerships = Partnerships(db=f"sqlite:///{tmp_path / 'register.db'}", cwd=tmp_path)
    partnerships.json("demo")
    evidence = tmp_path / "evidence"
    if check == "check-proof":
        evidence.write_text(json.dumps(partnerships.json("prove", REFERENCE, "3")))
    elif check == "check-consistency":
        evidence.write_text(json.dumps(partnerships.json("consistency", "--from-size", "3")))
    else:
        assert partnerships("export", str(evidence)).code == 0

    modules = imported(tmp_path, *check.split(), str(evidence))

    assert "adapters.cli.evidence" in modules
    assert among(modules, _NOT_FOR_OFFLINE_CHECKS) == set()
