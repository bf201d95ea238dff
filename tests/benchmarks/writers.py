"""Measures writers racing on one partnership: the write rate when they take turns (SQLite's
immediate transactions) against the rate when each saves optimistically and retries on a
conflict, as commands did before, measured in the same run on fresh SQLite files.

WRITERS processes each record VISITS visits of the same partnership, one command at a time,
all starting together. The figure is events stored per second of the whole race; an
optimistic writer that runs out of retries stops, and its failures are counted.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from adapters.storage import close, environment, opened
from domain.errors import ConcurrentUpdateError
from domain.register import PartnershipRegister
from tests.application.test_register import STAFFORDSHIRE, TODAY, establish

WRITERS = 4
VISITS = 100


def _write(url: str, writer: int, taking_turns: bool, start: Any, failures: Any) -> None:
    if taking_turns:
        with opened(url) as register:
            _race(register, writer, start, failures)
    else:
        register = PartnershipRegister(environment(url), today=lambda: TODAY)
        try:
            _race(register, writer, start, failures)
        finally:
            close(register)


def _race(register: PartnershipRegister, writer: int, start: Any, failures: Any) -> None:
    start.wait()
    for n in range(VISITS):
        try:
            register.record_visit(
                STAFFORDSHIRE,
                occurred_on=date(2000, 1, 1) + timedelta(days=writer * 1000 + n),
                direction="inbound",
                delegation=f"writer {writer} visit {n}",
                recorded_by=f"writer {writer}",
            )
        except ConcurrentUpdateError:
            with failures.get_lock():
                failures.value += 1


def measure(folder: Path, taking_turns: bool) -> tuple[float, int, int]:
    """Events per second of the race, events stored, and commands that gave up."""
    url = f"sqlite:///{folder / ('turns.db' if taking_turns else 'optimistic.db')}"
    with opened(url) as register:
        establish(register)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS + 1)
    failures = context.Value("i", 0)
    writers = [
        context.Process(target=_write, args=(url, w, taking_turns, start, failures))
        for w in range(WRITERS)
    ]
    for process in writers:
        process.start()
    start.wait()
    started = time.perf_counter()
    for process in writers:
        process.join()
    elapsed = time.perf_counter() - started
    with opened(url) as register:
        stored = len(register.history(STAFFORDSHIRE)) - 1
    return stored / elapsed, stored, int(failures.value)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        optimistic, stored_o, failed_o = measure(Path(folder), taking_turns=False)
        turns, stored_t, failed_t = measure(Path(folder), taking_turns=True)
    print(f"\n{WRITERS} writers racing on one partnership, {VISITS} commands each (SQLite)")
    print("| writers | events/s | stored | gave up | ratio |")
    print("|---|---|---|---|---|")
    print(f"| optimistic, retrying (before) | {optimistic:,.0f} | {stored_o} | {failed_o} | 1.00 |")
    print(
        f"| taking turns (after) | {turns:,.0f} | {stored_t} | {failed_t} "
        f"| {turns / optimistic:.2f} |"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
