"""``make bench``: the register's speed, as ratios to baselines measured in the same run.

Usage: python -m tests.benchmarks.run [EVENTS [HEAVY_EVENTS]]   (default 1,000,000 and 60,000)

Two synthetic registers, one of each shape (tests/benchmarks/synthetic.py), are generated once
into SQLite files under .bench/ and copied into PostgreSQL databases the bench creates and
drops. Every rebuild and verify is measured against reading the same rows raw and parsing them
with orjson, in the same run; start-up against a bare ``python -c pass``.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from adapters import chain
from adapters.read_models import ReadModels
from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.benchmarks import postgres, startup
from tests.benchmarks.synthetic import TODAY, cached

CACHE = Path(".bench")
ROWS: list[tuple[str, str, str, str]] = []
MB = 1_000_000


def row(what: str, figure: str, against: str = "", target: str = "") -> None:
    ROWS.append((what, figure, against, target))
    print(f"  {what}: {figure} {against} {target}", file=sys.stderr)


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


def sqlite_raw_read(path: Path) -> tuple[int, int, float]:
    """The ceiling on SQLite: sqlite3 rows in keyset pages plus orjson: events, bytes, seconds."""
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    last, count, size = 0, 0, 0
    while True:
        page = connection.execute(
            "SELECT id, originator_id, originator_version, topic, state FROM partnerships_events "
            "WHERE id > ? ORDER BY id LIMIT 1000",
            (last,),
        ).fetchall()
        if not page:
            break
        for r in page:
            orjson.loads(r[4])
            size += len(r[4])
        count += len(page)
        last = page[-1][0]
    elapsed = time.perf_counter() - started
    connection.close()
    return count, size, elapsed


def best_of(times: int, measure: Callable[[], tuple[int, int, float]]) -> tuple[int, int, float]:
    """The fastest of several runs (the first may meet a cold cache)."""
    return min((measure() for _ in range(times)), key=lambda r: r[2])


_REBUILD = (
    "import sys, time\n"
    "from adapters.read_models import ReadModels\n"
    "from adapters.storage import opened\n"
    "with opened(sys.argv[1]) as register:\n"
    "    models = ReadModels(register, checked=sys.argv[2] == 'checked')\n"
    "    started = time.perf_counter()\n"
    "    models.rebuild()\n"
    "    print(time.perf_counter() - started)\n"
)


def rebuilt(url: str, checks: str) -> tuple[float, int]:
    """A rebuild of every read model in a process of its own: the seconds the rebuild took
    (its worker processes' start included; the Python process's own start-up and imports, as
    in the raw read it is measured against, not), and the peak of the memory of that process
    and the worker processes it starts, sampled as it runs (KB)."""
    running = subprocess.Popen(
        [sys.executable, "-c", _REBUILD, url, checks],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while running.poll() is None:
        peak = max(peak, _tree_rss(running.pid))
        time.sleep(0.05)
    out = running.stdout.read().decode() if running.stdout else ""
    if running.returncode != 0:
        error = running.stderr.read().decode() if running.stderr else ""
        raise SystemExit(f"the rebuild failed with exit status {running.returncode}: {error}")
    return float(out.split()[-1]), peak


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


def rates(events: int, size: int, seconds: float) -> str:
    return f"{events / seconds:,.0f} events/s, {size / seconds / MB:,.1f} MB/s ({seconds:.1f} s)"


def measure_store(
    where: str, url: str, shape: str, raw: tuple[int, int, float], *, compare_checks: bool
) -> None:
    """Rebuild and verify on one store, each against the raw read + orjson of its rows."""
    events, size, raw_seconds = raw
    raw_rate = events / raw_seconds
    row(f"{where}, {shape}: raw read + orjson (the ceiling)", rates(events, size, raw_seconds))
    if where == "SQLite":  # built once, so that a rebuild replaces them (PostgreSQL: so it does)
        rebuilt(url, "checked")
    target = "≥ 0.4×" if where == "SQLite" else "≥ 0.3×"
    if compare_checks:
        unchecked = min(rebuilt(url, "unchecked")[0] for _ in range(2))
        checked_runs = [rebuilt(url, "checked") for _ in range(2)]
        seconds = min(t for t, _ in checked_runs)
        peak = max(p for _, p in checked_runs)
        row(
            f"{where}, {shape}: rebuild without the chain checks",
            rates(events, size, unchecked),
            f"{events / unchecked / raw_rate:.2f} × raw",
        )
    else:
        seconds, peak = rebuilt(url, "checked")
    row(
        f"{where}, {shape}: rebuild every read model, events checked against the chain",
        rates(events, size, seconds),
        f"{events / seconds / raw_rate:.2f} × raw",
        target,
    )
    if compare_checks:
        row(
            f"{where}, {shape}: the checked rebuild against the unchecked one",
            f"{events / seconds:,.0f} events/s",
            f"{unchecked / seconds:.2f} × the unchecked rate",
            "≥ 100,000/s and ≥ 0.9×",
        )
    row(
        f"{where}, {shape}: peak memory of the rebuild, workers included",
        f"{peak / 1024:,.0f} MB",
        "",
        "< 300 MB",
    )
    register = PartnershipRegister(environment(url))
    seconds = float("inf")
    for _ in range(2):  # the better of two passes: the first may meet a cold page cache
        started = time.perf_counter()
        result = chain.verify_register(register)
        seconds = min(seconds, time.perf_counter() - started)
    close(register)
    assert result.intact, result.problem
    row(
        f"{where}, {shape}: verify",
        rates(result.events, size, seconds),
        f"{result.events / seconds / raw_rate:.2f} × raw",
        "≥ 0.8×",
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
    heavy = int(sys.argv[2]) if len(sys.argv) > 2 else 60_000
    with tempfile.TemporaryDirectory() as folder:
        for what, seconds, ratio, target in startup.measured(Path(folder)):
            row(what, f"{seconds * 1000:.0f} ms of processor time", f"{ratio:.1f} ×", target)
    for shape, count in (("bench", events), ("heavy", heavy)):
        print(f"synthetic register, {shape} shape, {count:,} events (in {CACHE}/)", file=sys.stderr)
        path = cached(CACHE, count, shape)
        raw = best_of(2, lambda: sqlite_raw_read(path))  # noqa: B023 (used at once)
        measure_store("SQLite", f"sqlite:///{path}", shape, raw, compare_checks=shape == "bench")
        with postgres.copied(path) as url:
            raw = best_of(2, lambda: _timed(postgres.raw_read, url))
            measure_store("PostgreSQL", url, shape, raw, compare_checks=False)
    with tempfile.TemporaryDirectory() as folder:
        chaining_cost(Path(folder))
        time_travel(Path(folder))
    print(f"\nBenchmarks: {events:,} events of the bench's shape, {heavy:,} of the heavy one")
    print("| measure | figure | ratio | target |")
    print("|---|---|---|---|")
    for what, figure, against, target in ROWS:
        print(f"| {what} | {figure} | {against} | {target} |")


def _timed(read: Callable[[str], tuple[int, int]], url: str) -> tuple[int, int, float]:
    started = time.perf_counter()
    count, size = read(url)
    return count, size, time.perf_counter() - started


if __name__ == "__main__":
    main()
