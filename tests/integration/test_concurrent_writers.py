"""Writers in separate processes saving the same partnership at once never lose an event, even
while every core of the machine is kept busy: they take turns rather than retry."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.storage import opened
from tests.application.test_register import STAFFORDSHIRE, establish

WRITERS = 4
VISITS_EACH = 15
BUSY_LOOP = "while True: pass"


@pytest.fixture(autouse=True)
def every_core_kept_busy() -> Iterator[None]:
    """A process spinning on every core for the test's duration, as on a loaded server."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(os.cpu_count() or 1)
    ]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
        for spinner in spinners:
            spinner.wait(timeout=30)


def record_visits(url: str, writer: int, start: Any) -> None:
    """One writer process: waits for the others, then records its visits one command at a time."""
    with opened(url) as register:
        start.wait()
        for n in range(VISITS_EACH):
            register.record_visit(
                STAFFORDSHIRE,
                occurred_on=date(2000, 1, 1) + timedelta(days=writer * 100 + n),
                direction="inbound",
                delegation=f"writer {writer} visit {n}",
                recorded_by=f"writer {writer}",
            )


def run_writers(url: str) -> list[int]:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS)
    writers = [
        context.Process(target=record_visits, args=(url, writer, start))
        for writer in range(WRITERS)
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    return [process.exitcode if process.exitcode is not None else -1 for process in writers]


def recorded_delegations(url: str) -> list[str]:
    with opened(url) as register:
        return [e.data["delegation"] for e in register.history(STAFFORDSHIRE)[1:]]


def partnerships_command() -> str:
    return str(Path(sys.executable).with_name("partnerships"))


class ConcurrentWritersContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_writers_in_separate_processes_lose_no_event(self, url: str) -> None:
        with opened(url) as register:
            establish(register)
        assert run_writers(url) == [0] * WRITERS
        delegations = recorded_delegations(url)
        expected = {f"writer {w} visit {n}" for w in range(WRITERS) for n in range(VISITS_EACH)}
        assert len(delegations) == WRITERS * VISITS_EACH
        assert set(delegations) == expected
        with opened(url) as register:
            assert register.status(STAFFORDSHIRE).visits.total == WRITERS * VISITS_EACH

    def test_commands_run_at_once_are_all_recorded(self, url: str) -> None:
        with opened(url) as register:
            establish(register)
        commands = [
            subprocess.Popen(
                [
                    partnerships_command(),
                    "visit",
                    STAFFORDSHIRE,
                    "--on",
                    f"2001-01-{day:02d}",
                    "--direction",
                    "outbound",
                    "--delegation",
                    f"command {day}",
                    "--db",
                    url,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for day in range(1, 7)
        ]
        outcomes = [(c.wait(timeout=120), c.stderr.read() if c.stderr else "") for c in commands]
        for command in commands:
            for stream in (command.stdout, command.stderr):
                if stream:
                    stream.close()
        assert outcomes == [(0, "")] * 6
        assert sorted(recorded_delegations(url)) == sorted(f"command {d}" for d in range(1, 7))


class TestOnOneSQLiteFile(ConcurrentWritersContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url


class TestOnPostgreSQL(ConcurrentWritersContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
