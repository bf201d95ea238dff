"""A command imports only what it uses: ``--help`` nothing but the command line's own frame, and
a read command none of the other commands' modules, no writing, no worker processes and no
PostgreSQL driver for an SQLite store. Each is run in a fresh process, which then lists every
module it imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .command import Partnerships

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

# What no read command needs: the other commands, recording, worker processes, PostgreSQL.
_NOT_FOR_READING = (
    "adapters.cli.recording",
    "adapters.cli.integrity",
    "adapters.cli.projections",
    "adapters.cli.demo",
    "adapters.demo",
    "multiprocessing",
    "concurrent.futures.process",
    "psycopg",
    "psycopg_pool",
)


def imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules a run of ``partnerships ARGS`` imported, in a process of its own."""
    listing = tmp_path / "modules.txt"
    subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST, str(listing), *args],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return set(listing.read_text().split())


def among(modules: set[str], packages: tuple[str, ...]) -> set[str]:
    """Those of the modules that are, or are inside, one of the packages."""
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)}


def test_help_imports_neither_the_database_nor_validation_nor_any_command(tmp_path: Path) -> None:
    modules = imported(tmp_path, "--help")

    assert "click" in modules
    heavy = ("sqlalchemy", "marshmallow", "eventsourcing", "psycopg", "adapters.cli.common")
    assert among(modules, heavy) == set()
    assert among(modules, ("adapters.cli",)) == {"adapters.cli", "adapters.cli.exits"}


@pytest.mark.parametrize(
    "command", [("status", REFERENCE), ("list",), ("audit", REFERENCE), ("visits",)]
)
def test_a_read_command_imports_no_other_command_nor_writing_nor_postgresql(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    db = f"sqlite:///{tmp_path / 'register.db'}"
    Partnerships(db=db, cwd=tmp_path).json("demo")

    modules = imported(tmp_path, *command, "--db", db)

    assert "adapters.cli.reading" in modules
    assert among(modules, _NOT_FOR_READING) == set()
