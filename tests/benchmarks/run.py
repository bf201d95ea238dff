"""``make bench``: the register's speed, as ratios to baselines measured in the same run.

Usage: python -m tests.benchmarks.run [EVENTS]   (default 1,000,000)
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from adapters import chain
from adapters.read_models import ReadModels
from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.benchmarks.synthetic import TODAY, cached

CACHE = Path(".bench")
ROWS: list[tuple[str, str, str]] = []


def row(what: str, figure: str, against: str = "") -> None:
    ROWS.append((what, figure, against))
    print(f"  {what}: {figure} {against}", file=sys.stderr)


def raw_read_rate(path: Path) -> float:
    """The practical ceiling: sqlite3 rows plus json.loads, keyset pages of 1,000."""
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    last, count = 0, 0
    while True:
        page = connection.execute(
            "SELECT id, originator_id, originator_version, topic, state FROM partnerships_events "
            "WHERE id > ? ORDER BY id LIMIT 1000",
            (last,),
        ).fetchall()
        if not page:
            break
        for r in page:
            json.loads(r[4])
        count += len(page)
        last = page[-1][0]
    elapsed = time.perf_counter() - started
    connection.close()
    return count / elapsed


def library_read_rate(path: Path) -> float:
    """The baseline: the library's own notification log, read and decoded into domain events."""
    register = PartnershipRegister(environment(f"sqlite:///{path}"))
    started = time.perf_counter()
    last, count = 0, 0
    while True:
        page = register.recorder.select_notifications(
            start=last, limit=1000, inclusive_of_start=False
        )
        if not page:
            break
        for notification in page:
            register.mapper.to_domain_event(notification)
        count += len(page)
        last = page[-1].id
    elapsed = time.perf_counter() - started
    close(register)
    return count / elapsed


def rebuild(path: Path, events: int, library_rate: float, raw_rate: float) -> None:
    """The full rebuild, as a person runs it, in its own process; its memory is the peak of the
    sum over that process and the worker processes it starts, sampled as it runs."""
    command = [
        str(Path(sys.executable).with_name("partnerships")),
        "projections",
        "rebuild",
        "--db",
        f"sqlite:///{path}",
    ]
    subprocess.run(command, check=True, capture_output=True)  # build them once
    started = time.perf_counter()
    running = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while running.poll() is None:
        peak = max(peak, _tree_rss(running.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if running.returncode != 0:
        raise SystemExit(f"the rebuild failed with exit status {running.returncode}")
    rate = events / elapsed
    row(
        f"rebuild every read model from {events:,} events (target 100,000/s)",
        f"{rate:,.0f} events/s ({elapsed:.1f} s)",
        f"{rate / library_rate:.2f} × the library's read + decode; "
        f"{rate / raw_rate:.2f} × the raw read rate (target 0.25)",
    )
    row(
        "peak memory of a rebuild, its worker processes included (target < 300 MB)",
        f"{peak / 1024:,.0f} MB",
    )


def _tree_rss(pid: int) -> int:
    """Resident memory in KB of a process and every process it started (read from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for member in tree:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def verification(path: Path, raw_rate: float) -> None:
    register = PartnershipRegister(environment(f"sqlite:///{path}"))
    elapsed = float("inf")
    for _ in range(2):  # the better of two passes: the first may meet a cold page cache
        started = time.perf_counter()
        result = chain.verify_register(register)
        elapsed = min(elapsed, time.perf_counter() - started)
    close(register)
    assert result.intact, result.problem
    rate = result.events / elapsed
    row(
        f"verify {result.events:,} events (target 200,000/s)",
        f"{rate:,.0f} events/s",
        f"{rate / raw_rate:.2f} × the raw read rate",
    )


def chaining_cost(folder: Path) -> None:
    def plain(url: str) -> dict[str, str]:
        return environment(url) | {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy"}

    timings: dict[str, list[float]] = {"plain": [], "chained": []}
    for attempt in range(7):
        for kind, env in (("plain", plain), ("chained", environment)):
            url = f"sqlite:///{folder / f'{kind}-{attempt}.db'}"
            register = PartnershipRegister(env(url), today=lambda: TODAY)
            close(register)
            timings[kind].append(_timed_commands(url, env))
    best = {kind: min(values) for kind, values in timings.items()}
    events = 40 * 25
    row(
        "write, one command per event, plain store",
        f"{events / best['plain']:,.0f} events/s",
    )
    row(
        "write, one command per event, chained store (target < 1.15)",
        f"{events / best['chained']:,.0f} events/s",
        f"{best['chained'] / best['plain']:.3f} × the time of the plain store",
    )


def _timed_commands(url: str, env: Any) -> float:
    register = PartnershipRegister(env(url), today=lambda: TODAY)
    started = time.perf_counter()
    for n in range(40):
        reference = register.establish(
            council="Bench Council",
            city=f"City {n}",
            country="Nowhere",
            established_on=date(1990, 1, 1),
            recorded_by="bench",
        ).reference
        for k in range(24):
            register.record_visit(
                reference,
                occurred_on=date(1990, 1, 1) + timedelta(days=k),
                direction="inbound",
                delegation="Bench",
                recorded_by="bench",
            )
    elapsed = time.perf_counter() - started
    close(register)
    return elapsed


def long_history(register: PartnershipRegister) -> str:
    """Records one partnership of 10,000 events, visits and expenses by turns; its reference."""
    reference = register.establish(
        council="Bench Council",
        city="Long History",
        country="Nowhere",
        established_on=date(1900, 1, 1),
        recorded_by="bench",
    ).reference
    partnership = register.partnership_at(reference)
    for n in range(9_999):
        on = date(1900, 1, 1) + timedelta(days=n)
        if n % 2:
            partnership.record_visit(
                occurred_on=on, direction="inbound", delegation="D", recorded_by="b", today=TODAY
            )
        else:
            partnership.record_expense(
                occurred_on=on,
                amount=Decimal("12.34"),
                beneficiary="S",
                purpose="P",
                recorded_by="b",
                today=TODAY,
            )
    register.save(partnership)
    return reference


def time_travel(folder: Path) -> None:
    """As-of and as-known-at queries on one partnership of 10,000 events, against loading its
    current state, median of 15 runs each."""
    url = f"sqlite:///{folder / 'long.db'}"
    register = PartnershipRegister(environment(url), today=lambda: TODAY)
    reference = long_history(register)
    middle = register.history(reference)[5_000].recorded_at

    def median_ms(query: Any) -> float:
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            query()
            timings.append(time.perf_counter() - started)
        return statistics.median(timings) * 1000

    partnership_id = register.find(reference)
    models = ReadModels(register)
    models.catch_up()
    aggregate = median_ms(lambda: register.status(reference))
    current = median_ms(lambda: models.status(partnership_id))
    as_of = median_ms(lambda: models.status_at(partnership_id, as_of=date(1913, 9, 1)))
    known = median_ms(lambda: models.status_at(partnership_id, known_at=middle))
    close(register)
    row(
        "load the current state of a 10,000-event partnership from its events",
        f"{aggregate:.1f} ms",
    )
    row("status of it, from the read models (as `status` answers)", f"{current:.1f} ms")
    row(
        "status --as-of on it (target < 20 ms, within 3×)",
        f"{as_of:.1f} ms",
        f"{as_of / current:.2f} × the current status",
    )
    row(
        "status --as-known-at on it (target < 20 ms, within 3×)",
        f"{known:.1f} ms",
        f"{known / current:.2f} × the current status",
    )


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"synthetic register of {events:,} events (cached in {CACHE}/)", file=sys.stderr)
    path = cached(CACHE, events)
    raw_rate = max(raw_read_rate(path), raw_read_rate(path))
    row("raw read, sqlite3 rows + json.loads (the ceiling)", f"{raw_rate:,.0f} events/s")
    library_rate = library_read_rate(path)
    row("library notification log, read + decode (the baseline)", f"{library_rate:,.0f} events/s")
    rebuild(path, events, library_rate, raw_rate)
    verification(path, raw_rate)
    with tempfile.TemporaryDirectory() as folder:
        chaining_cost(Path(folder))
        time_travel(Path(folder))
    print(f"\nBenchmarks, {events:,}-event synthetic register on SQLite")
    print("| measure | figure | ratio |")
    print("|---|---|---|")
    for what, figure, against in ROWS:
        print(f"| {what} | {figure} | {against} |")


if __name__ == "__main__":
    main()
