"""One rebuild at a time: a second rebuild started while one runs is refused at once, with one
line and exit 1, and leaves the first to finish; a rebuild that was killed lets the next one
run."""

from __future__ import annotations

import signal
from pathlib import Path

import psycopg
import pytest

from adapters.read_models.one_rebuild import _REBUILD_LOCK

from .command import Partnerships, assert_refused
from .conftest import LONG_LOG_EVENTS
from .faults import ESTABLISH_OTHER, postgres_dsn
from .test_interruptions import ended, started, wait_for_workers

RUNNING = "another rebuild of this register's reports is running"


@pytest.fixture
def store(long_log: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "register.db"
    copy.write_bytes(long_log.read_bytes())
    return copy


def test_a_second_rebuild_is_refused_while_the_first_runs_and_the_first_completes(
    store: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{store}"
    first = started("projections", "rebuild", "--db", db, cwd=tmp_path)
    wait_for_workers(first, 2)  # building beside the views, well under way
    first.send_signal(signal.SIGSTOP)  # held there, however busy the machine, while it runs
    try:
        second = Partnerships(db=db, cwd=tmp_path)("projections", "rebuild")
    finally:
        first.send_signal(signal.SIGCONT)

    assert_refused(second, 1, RUNNING)
    code, _, err = ended(first)
    assert code == 0, err
    partnerships = Partnerships(db=db, cwd=tmp_path)
    assert len(partnerships.json("audit")) == LONG_LOG_EVENTS
    assert not list(tmp_path.glob("register.db-rebuilding"))  # the claim is gone with it


def test_a_killed_rebuild_lets_the_next_one_run(store: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{store}"
    killed = started("projections", "rebuild", "--db", db, cwd=tmp_path)
    wait_for_workers(killed, 2)
    killed.send_signal(signal.SIGKILL)
    ended(killed)

    again = Partnerships(db=db, cwd=tmp_path)

    assert again("projections", "rebuild").code == 0
    assert len(again.json("audit")) == LONG_LOG_EVENTS


@pytest.mark.postgres
def test_on_postgresql_a_rebuild_is_refused_while_another_session_rebuilds(
    postgres_url: str, tmp_path: Path
) -> None:
    partnerships = Partnerships(db=postgres_url, cwd=tmp_path)
    assert partnerships(*ESTABLISH_OTHER).code == 0
    with psycopg.connect(postgres_dsn(postgres_url), connect_timeout=10) as rebuilding:
        # What a rebuild in another session holds for as long as it runs.
        rebuilding.execute("SELECT pg_advisory_lock(%s)", (_REBUILD_LOCK,))

        refused = partnerships("projections", "rebuild")

        assert_refused(refused, 1, RUNNING)
    assert partnerships("projections", "rebuild").code == 0
    assert len(partnerships.json("audit")) == 1
