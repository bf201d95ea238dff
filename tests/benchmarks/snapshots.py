"""Measures the snapshot interval: what each costs on writing and what it saves on loading.

One partnership receives EVENTS visits, one command each, into a fresh SQLite file per interval;
then a fresh register loads it LOADS times. Figures are ratios to the run without snapshots,
measured in the same run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from adapters.storage import close, environment
from domain.partnership import Partnership
from domain.register import PartnershipRegister

EVENTS = 600
LOADS = 15
INTERVALS = [0, 10, 25, 50, 100, 200]


def register_with(interval: int, url: str) -> PartnershipRegister:
    class Measured(PartnershipRegister):
        name = "Partnerships"
        snapshotting_intervals: Any = {Partnership: interval} if interval else {}

    return Measured(environment(url))


def measure(interval: int, folder: Path) -> tuple[float, float]:
    url = f"sqlite:///{folder / f'interval-{interval}.db'}"
    register = register_with(interval, url)
    reference = register.establish(
        council="Bench Council",
        city="Bench City",
        country="Nowhere",
        established_on=date(1900, 1, 1),
        recorded_by="bench",
    ).reference
    started = time.perf_counter()
    for n in range(EVENTS):
        register.record_visit(
            reference,
            occurred_on=date(1900, 1, 1) + timedelta(days=n),
            direction="inbound",
            delegation="Bench delegation",
            recorded_by="bench",
        )
    write = (time.perf_counter() - started) / EVENTS
    close(register)
    loads = []
    for _ in range(LOADS):
        fresh = register_with(interval, url)
        started = time.perf_counter()
        fresh.status(reference)
        loads.append(time.perf_counter() - started)
        close(fresh)
    return write, statistics.median(loads)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for interval in INTERVALS:
            print(f"measuring interval {interval or 'none'}...", file=sys.stderr)
            rows.append((interval, *measure(interval, Path(folder))))
    _, base_write, base_load = rows[0]
    print(f"Snapshot interval, one partnership of {EVENTS + 1} events on SQLite")
    print("| interval | write ms/command | write ratio | load ms | load ratio |")
    print("|---|---|---|---|---|")
    for interval, write, load in rows:
        print(
            f"| {interval or 'none'} | {write * 1000:.2f} | {write / base_write:.2f} "
            f"| {load * 1000:.1f} | {load / base_load:.3f} |"
        )


if __name__ == "__main__":
    main()
