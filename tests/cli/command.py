"""The real ``partnerships`` command, run as a subprocess the way people and scripts run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

COMMAND = Path(sys.executable).with_name("partnerships")
TIMEOUT_SECONDS = 60

# Settings the command reads from the environment; a test sets the ones it means to use.
_OWN_VARIABLES = ("PARTNERSHIPS_DB", "PARTNERSHIPS_USER", "PARTNERSHIPS_DEBUG")


class Outcome(NamedTuple):
    """What one run of the command did: its exit code and what it printed."""

    code: int
    stdout: str
    stderr: str


def run(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Outcome:
    """Runs ``partnerships ARGS`` in ``cwd``, with a timeout, and returns what it did."""
    environment = {k: v for k, v in os.environ.items() if k not in _OWN_VARIABLES}
    environment.update(env or {})
    completed = subprocess.run(
        [str(COMMAND), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    return Outcome(completed.returncode, completed.stdout, completed.stderr)


def parsed(outcome: Outcome) -> Any:
    """The JSON a successful ``--json`` run printed."""
    assert outcome.code == 0, outcome
    assert "Traceback" not in outcome.stderr, outcome.stderr
    return json.loads(outcome.stdout)


def assert_refused(outcome: Outcome, code: int, *words: str) -> None:
    """The command failed with ``code``: one line on stderr naming ``words``, no traceback."""
    assert outcome.code == code, outcome
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert len(outcome.stderr.strip().splitlines()) == 1, outcome.stderr
    assert outcome.stdout == "", outcome.stdout
    for word in words:
        assert word in outcome.stderr, outcome.stderr


@dataclass(frozen=True)
class Partnerships:
    """The ``partnerships`` command pointed at one store with ``--db``."""

    db: str
    cwd: Path
    env: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, *args: str) -> Outcome:
        return run(*args, "--db", self.db, cwd=self.cwd, env=self.env)

    def raw(self, *args: str) -> bytes:
        """The bytes a successful run printed, exactly (line ends and all)."""
        environment = {k: v for k, v in os.environ.items() if k not in _OWN_VARIABLES}
        environment.update(self.env)
        completed = subprocess.run(
            [str(COMMAND), *args, "--db", self.db],
            cwd=self.cwd,
            env=environment,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return completed.stdout

    def json(self, *args: str) -> Any:
        return parsed(self(*args, "--json"))

    def history(self, partnership: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.json("history", partnership)
        return events

    def event_count(self, partnership: str) -> int:
        return len(self.history(partnership))

    def partnership_count(self) -> int:
        return len(self.json("list"))

    def establish(self, council: str, city: str, on: str = "2001-01-01") -> dict[str, str]:
        established: dict[str, str] = self.json(
            "establish", "--council", council, "--city", city, "--country", "Testland", "--on", on
        )
        return established
