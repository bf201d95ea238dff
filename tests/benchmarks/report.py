"""``make bench``: the HTML report, against the time to read the same data from the read models.

The report of the 1,000,000-event bench register (5,000 partnerships; target under 120 s) and
of one partnership of 10,000 events (target under 5 s). The baseline of each ratio is reading
every row the report reads (the same queries, events decoded), without computing, laying out
or writing a page.

Usage: python -m tests.benchmarks.report [EVENTS]   (default 1,000,000)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from sqlalchemy.engine import Engine

from adapters import chain
from adapters.read_models import ReadModels
from adapters.reports.reading import RegisterRecords
from adapters.reports.site import write_site
from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.benchmarks.run import CACHE, long_history
from tests.benchmarks.synthetic import TODAY, cached

Timing = tuple[float, float]  # seconds of the clock, seconds of this process's CPU


def _started() -> Timing:
    return time.perf_counter(), time.process_time()


def _since(started: Timing) -> Timing:
    return time.perf_counter() - started[0], time.process_time() - started[1]


def read_seconds(register: PartnershipRegister, partnership_id: UUID | None = None) -> Timing:
    """The baseline: every row the report reads, read and its events decoded."""
    recorder: Any = register.recorder
    records = RegisterRecords(
        cast(Engine, recorder.datastore.engine),
        recorder.events_record_cls.__table__,
        head=chain.register_digest(register).position,
        partnership_id=None if partnership_id is None else str(partnership_id),
    )
    started = _started()
    rows = sum(len(r.events) + len(r.expenses) + len(r.visits) for r in records.partnerships())
    elapsed = _since(started)
    assert rows
    return elapsed


def report_seconds(
    register: PartnershipRegister, out: Path, partnership_id: UUID | None = None
) -> tuple[Timing, int]:
    started = _started()
    site = write_site(register, out, partnership_id=partnership_id)
    elapsed = _since(started)
    size = sum(p.stat().st_size for p in out.iterdir())
    shutil.rmtree(out)
    assert site.pages > 1
    return elapsed, size


def measure(what: str, target: float, read: Timing, report: Timing, size: int) -> str:
    """A table row: the clock's time and the CPU's (on a shared machine the clock's counts
    the waits for a core), each against reading the same data."""
    met = "met" if report[0] < target else "NOT met"
    return (
        f"| {what} (target < {target:.0f} s, {met}) | {report[0]:.1f} s ({report[1]:.1f} s of "
        f"CPU), {size / 1e6:,.0f} MB of pages | {report[0] / read[0]:.1f} × reading the same "
        f"data ({read[0]:.1f} s; CPU {report[1] / read[1]:.1f} ×, {read[1]:.1f} s) |"
    )


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    path = cached(CACHE, events)
    rows = []
    with tempfile.TemporaryDirectory(dir=CACHE) as folder:
        register = PartnershipRegister(environment(f"sqlite:///{path}"))
        ReadModels(register).catch_up()
        read = read_seconds(register)
        report, size = report_seconds(register, Path(folder) / "site")
        close(register)
        rows.append(measure(f"report of the {events:,}-event register", 120, read, report, size))
        print(rows[-1], file=sys.stderr)

        long = PartnershipRegister(
            environment(f"sqlite:///{Path(folder) / 'long.db'}"), today=lambda: TODAY
        )
        pid = long.find(long_history(long))
        ReadModels(long).catch_up()
        read = min(read_seconds(long, pid) for _ in range(3))
        report, size = min(report_seconds(long, Path(folder) / "one", pid) for _ in range(3))
        close(long)
        rows.append(measure("report of one 10,000-event partnership", 5, read, report, size))
    print(f"\nThe report, {events:,}-event synthetic register on SQLite")
    print("| measure | figure | ratio |")
    print("|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
