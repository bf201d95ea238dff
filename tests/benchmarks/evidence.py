"""``make bench``, evidence: export and import of the bench register, receipts on it, and the
cost of keeping the Merkle tree on the write path; ratios to baselines measured in the same run.

Usage: python -m tests.benchmarks.evidence [EVENTS]   (default 1,000,000)

- export: the whole command, against the raw read rate of the same file (sqlite3 + json.loads);
- import into SQLite and PostgreSQL: the whole command (checking the file, writing, building the
  reports), against inserting the same rows (events, chain links, tree nodes) raw, in one
  transaction, into the same kind of store;
- memory: the peak resident memory of each command's process, sampled every 50 ms;
- proofs: ``prove`` and ``consistency`` on the bench register, made in-process, median ms;
- writes: one command per event, with the chain and tree against the library's plain store.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg

from adapters.evidence import merkle
from adapters.evidence.receipts import consistency_proof, inclusion_proof, tree_head
from adapters.evidence.store import Store, store_of
from adapters.evidence.tree import NodeRow, grow_by
from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.benchmarks import run
from tests.benchmarks.run import _tree_rss, raw_read_rate
from tests.benchmarks.synthetic import cached

CACHE = Path(".bench")
COMMAND = str(Path(sys.executable).with_name("partnerships"))
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
ROWS: list[tuple[str, str, str]] = []


def row(what: str, figure: str, against: str = "") -> None:
    ROWS.append((what, figure, against))
    print(f"  {what}: {figure} {against}", file=sys.stderr)


def measured(*args: str) -> tuple[float, int]:
    """Runs ``partnerships ARGS``; its seconds and peak resident memory in MB."""
    started = time.perf_counter()
    running = subprocess.Popen([COMMAND, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while running.poll() is None:
        peak = max(peak, _tree_rss(running.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if running.returncode != 0:
        error = running.stderr.read().decode() if running.stderr else ""
        raise SystemExit(f"partnerships {args[0]} failed: {error}")
    return elapsed, peak // 1024


def source_pages(path: Path) -> Iterator[list[Any]]:
    """The bench register's events with their chain links, page by page, in log order."""
    register = PartnershipRegister(environment(f"sqlite:///{path}"))
    store = store_of(register)
    try:
        with store.reading() as cursor:
            last = 0
            while True:
                cursor.execute(
                    "SELECT e.id, e.originator_id, e.originator_version, e.topic, e.state, "
                    "c.originator_id, c.event_hash, c.log_digest FROM partnerships_events e "
                    "JOIN partnerships_chain c ON c.notification_id = e.id "
                    "WHERE e.id > ? ORDER BY e.id LIMIT 20000",
                    (last,),
                )
                page = cursor.fetchall()
                if not page:
                    return
                yield page
                last = page[-1][0]
    finally:
        close(register)


def raw_insert_rate(path: Path, url: str, events: int) -> float:
    """Events/s of inserting the rows an import writes, raw, in one transaction (the time of
    the inserts only: reading the source and building the rows is not counted)."""
    register = PartnershipRegister(environment(url))
    store = store_of(register)
    sqlite = store.is_sqlite
    frontier = merkle.Frontier()
    spent = 0.0
    try:
        with store.writing() as cursor:
            for page in source_pages(path):
                tree: list[NodeRow] = []
                events_rows = []
                chain_rows = []
                for position, stored_id, version, topic, state, text_id, hashed, digest in page:
                    key = stored_id if sqlite else uuid.UUID(bytes=bytes(stored_id))
                    events_rows.append((position, key, version, topic, bytes(state)))
                    chain_rows.append((position, text_id, version, hashed, digest))
                    grow_by(frontier, position, hashed, tree)
                started = time.perf_counter()
                _insert(
                    store,
                    cursor,
                    store.events,
                    "id, originator_id, originator_version, topic, state",
                    events_rows,
                )
                _insert(
                    store,
                    cursor,
                    store.chain,
                    "notification_id, originator_id, originator_version, event_hash, log_digest",
                    chain_rows,
                )
                _insert(store, cursor, store.tree.tree, "level, node_index, hash, position", tree)
                spent += time.perf_counter() - started
            started = time.perf_counter()
        spent += time.perf_counter() - started  # the commit
    finally:
        close(register)
    return events / spent


def _insert(store: Store, cursor: Any, table: str, columns: str, rows: list[Any]) -> None:
    if store.is_sqlite:
        marks = ", ".join("?" for _ in columns.split(","))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        return
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for values in rows:
            copy.write_row(values)


def export_and_import(path: Path, folder: Path, events: int) -> None:
    raw = max(raw_read_rate(path), raw_read_rate(path))
    row("raw read, sqlite3 rows + json.loads (the export's baseline)", f"{raw:,.0f} events/s")
    source = f"sqlite:///{path}"
    measured("digest", "--db", source)  # the tree of a store older than it, built once
    exported = folder / "register.jsonl"
    elapsed, peak = measured("export", str(exported), "--db", source)
    rate = events / elapsed
    row(
        f"export {events:,} events (target ≥ 0.5 × the raw read rate)",
        f"{rate:,.0f} events/s ({elapsed:.1f} s, {exported.stat().st_size / 1e6:,.0f} MB)",
        f"{rate / raw:.2f} × the raw read rate",
    )
    row("peak memory of the export (target < 300 MB)", f"{peak} MB")

    baseline = raw_insert_rate(path, f"sqlite:///{folder / 'raw.db'}", events)
    row("raw insert of the same rows into SQLite (the baseline)", f"{baseline:,.0f} events/s")
    elapsed, peak = measured("import", str(exported), "--db", f"sqlite:///{folder / 'in.db'}")
    rate = events / elapsed
    row(
        "import into SQLite: check, write, build the reports (target ≥ 50,000/s)",
        f"{rate:,.0f} events/s ({elapsed:.1f} s)",
        f"{rate / baseline:.2f} × the raw insert rate",
    )
    row("peak memory of the import into SQLite (target < 300 MB)", f"{peak} MB")
    with _postgres_database() as raw_url, _postgres_database() as url:
        baseline = raw_insert_rate(path, raw_url, events)
        row(
            "raw insert of the same rows into PostgreSQL, COPY (the baseline)",
            f"{baseline:,.0f} events/s",
        )
        elapsed, peak = measured("import", str(exported), "--db", url)
        rate = events / elapsed
        row(
            "import into PostgreSQL: check, write, build the reports (target ≥ 20,000/s)",
            f"{rate:,.0f} events/s ({elapsed:.1f} s)",
            f"{rate / baseline:.2f} × the raw insert rate",
        )
        row("peak memory of the import into PostgreSQL (target < 300 MB)", f"{peak} MB")


class _postgres_database:  # noqa: N801 - used as a context manager, named for what it gives
    def __enter__(self) -> str:
        self.name = f"partnerships_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        return f"{SERVER}/{self.name}"

    def __exit__(self, *_: object) -> None:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def proofs(path: Path) -> None:
    register = PartnershipRegister(environment(f"sqlite:///{path}"))
    store = store_of(register)
    size = tree_head(store).size
    rng = random.Random(1)
    with store.reading() as cursor:
        positions = [rng.randrange(1, size + 1) for _ in range(100)]
        cursor.execute(
            "SELECT originator_id, originator_version FROM partnerships_events "  # noqa: S608
            f"WHERE id IN ({','.join('?' for _ in positions)})",
            positions,
        )
        chosen = [(uuid.UUID(bytes=bytes(i)), int(v)) for i, v in cursor.fetchall()]
    timings, lengths = [], []
    for partnership_id, version in chosen:
        started = time.perf_counter()
        receipt = inclusion_proof(register, store, partnership_id, version)
        timings.append(time.perf_counter() - started)
        lengths.append(len(receipt["path"]))
    consistency = []
    for _ in range(20):
        started = time.perf_counter()
        consistency_proof(store, rng.randrange(1, size))
        consistency.append(time.perf_counter() - started)
    close(register)
    row(
        f"prove one event of {size:,} (target < 50 ms, about 2·log2(n) hashes)",
        f"{statistics.median(timings) * 1000:.1f} ms median, {max(timings) * 1000:.1f} ms worst",
        f"{max(lengths)} hashes at most (log2(n) = {size.bit_length() - 1})",
    )
    row(
        "consistency proof from a random earlier size",
        f"{statistics.median(consistency) * 1000:.1f} ms median",
    )


def writes(folder: Path) -> None:
    """The write path with chain and tree against the library's plain store: run.py's
    measurement, which stores through the same recorder the tree is kept by."""
    run.ROWS.clear()
    run.chaining_cost(folder)
    for what, figure, against, _ in run.ROWS:
        row(what.replace("chained store", "chain and tree"), figure, against)


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"synthetic register of {events:,} events (cached in {CACHE}/)", file=sys.stderr)
    path = cached(CACHE, events)
    with tempfile.TemporaryDirectory(dir=CACHE) as folder:
        export_and_import(path, Path(folder), events)
        proofs(path)
        writes(Path(folder))
    print(f"\nEvidence benchmarks, {events:,}-event synthetic register")
    print("| measure | figure | ratio |")
    print("|---|---|---|")
    for what, figure, against in ROWS:
        print(f"| {what} | {figure} | {against} |")


if __name__ == "__main__":
    main()
