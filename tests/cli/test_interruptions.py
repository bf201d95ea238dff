"""Ctrl-C ends any command with exit 130 and one line; a rebuild's worker processes print
nothing, interrupted or killed, and no warning about what they leave is printed after them."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from .command import COMMAND, Partnerships
from .conftest import LONG_LOG_EVENTS as EVENTS
from .faults import ESTABLISH_OTHER, postgres_dsn


def started(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """The command, started in a session of its own, as a terminal runs it."""
    return subprocess.Popen(
        [str(COMMAND), *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether the process is alive (not gone, and not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for_workers(command: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + 120
    while len(children(command.pid)) < count:
        assert command.poll() is None, command.communicate()
        assert time.monotonic() < deadline, "the rebuild started no worker processes"
        time.sleep(0.05)
    time.sleep(0.5)  # the workers are at work, not starting


def ended(command: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Its exit code and everything printed, once every process that could print is gone."""
    out, err = command.communicate(timeout=120)
    return command.returncode, out, err


def only_progress(lines: list[str]) -> bool:
    """Whether the lines are nothing but the rebuild's own note of its progress (printed where
    standard error is not a terminal): no traceback, no worker's or tracker's warning."""
    return all(line.startswith("Rebuilding the read models: ") for line in lines)


@pytest.fixture
def store(long_log: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "register.db"
    copy.write_bytes(long_log.read_bytes())
    return copy


def test_ctrl_c_ends_a_rebuild_with_exit_130_and_one_line(store: Path, tmp_path: Path) -> None:
    rebuild = started("projections", "rebuild", "--db", f"sqlite:///{store}", cwd=tmp_path)
    wait_for_workers(rebuild, 2)

    os.killpg(rebuild.pid, signal.SIGINT)  # what Ctrl-C at a terminal does

    code, out, err = ended(rebuild)
    assert code == 130, (out, err)
    assert only_progress(err.splitlines()[:-1]), err
    assert err.splitlines()[-1] == "partnerships: interrupted", err
    again = Partnerships(db=f"sqlite:///{store}", cwd=tmp_path)
    assert again("projections", "rebuild").code == 0
    assert len(again.json("audit")) == EVENTS


def test_a_killed_rebuild_leaves_no_worker_and_no_warning_behind(
    store: Path, tmp_path: Path
) -> None:
    rebuild = started("projections", "rebuild", "--db", f"sqlite:///{store}", cwd=tmp_path)
    wait_for_workers(rebuild, 2)
    workers = children(rebuild.pid)

    os.kill(rebuild.pid, signal.SIGKILL)

    code, _, err = ended(rebuild)  # ends once the workers and their tracker have gone too
    assert code == -signal.SIGKILL
    assert only_progress(err.splitlines()), err
    # A worker closes its output while it exits, a moment before it is gone: wait for that.
    deadline = time.monotonic() + 30
    while [pid for pid in workers if running(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if running(pid)]


@pytest.mark.postgres
def test_ctrl_c_ends_a_command_waiting_for_a_lock_with_exit_130(
    postgres_url: str, tmp_path: Path
) -> None:
    partnerships = Partnerships(db=postgres_url, cwd=tmp_path)
    assert partnerships(*ESTABLISH_OTHER).code == 0
    with psycopg.connect(postgres_dsn(postgres_url), connect_timeout=10) as other:
        other.execute("LOCK TABLE partnerships_events IN ACCESS EXCLUSIVE MODE")
        waiting = started(
            "list", "--db", postgres_url, cwd=tmp_path, env={"PARTNERSHIPS_LOCK_TIMEOUT": "60"}
        )
        time.sleep(3)
        assert waiting.poll() is None, waiting.communicate()
        os.killpg(waiting.pid, signal.SIGINT)
        code, out, err = ended(waiting)
        other.rollback()

    assert (code, out, err) == (130, "", "partnerships: interrupted\n")
