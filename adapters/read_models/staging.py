"""Worker processes for a long catch-up on an SQLite file: each reads a page of the log from the
store's file, checks each event against its hash chain link, decodes it a slice at a time and
builds every view's rows, and hands them back as a small serialised in-memory SQLite database,
which the projector attaches and copies in.

A worker is told what to build by plain descriptions of the views (their tables' names, design
and columns, and the projections' functions), so this module needs neither SQLAlchemy nor the
read models' tables.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adapters.chain_links import ChainMismatchError, LinkCheck, linked_rows
from adapters.worker_pool import WORKERS, worker_pool
from projections.recorded import Decoder, Recorded

if TYPE_CHECKING:
    from concurrent.futures import Future

# A worker decodes its page this many events at a time: small slices stay in the processor's
# caches (measured per event: 14.8 µs of work in slices of 2,000, 10.2 µs in slices of 200).
_SLICE = 200
# Workers take pages of about this many bytes of stored events (and at most a page's events).
PAGE_BYTES = 10_000_000
# A worker loading a page into PostgreSQL sends a table's rows once it holds this many, so that a
# page of long events is never held whole.
_LOADED_AT_ONCE = 2_000


@dataclass(frozen=True)
class StagedTable:
    """One of a view's tables, as a worker stages rows for it: its name, its design (SQLite's
    CREATE TABLE), the columns a row gives, the projection's function making an event's row
    (or None) and the kinds of event it makes rows of (None: every kind)."""

    name: str
    design: str
    columns: tuple[str, ...]
    row: Callable[[Recorded], Sequence[Any] | None]
    kinds: frozenset[str] | None


@dataclass(frozen=True)
class StagedView:
    """How a worker makes one view's part of a page: the tables it stages rows in or, for a view
    that is not append-only, the function preparing what the projector writes, and the one
    joining what two slices of the page prepared."""

    name: str
    tables: tuple[StagedTable, ...] = ()
    prepare: Callable[[Sequence[Recorded]], Any] | None = None
    combine: Callable[[Any, Any], Any] | None = None


@dataclass(frozen=True)
class StagedPage:
    """A page of the log made ready by a worker process: its rows for the append-only views in
    a serialised in-memory SQLite database, and what the other views prepared. A page that met
    an event not matching its chain link stops before it: ``problem`` holds what names it."""

    last: int
    count: int
    database: bytes
    prepared: dict[str, Any]
    problem: tuple[str, int, str | None, int | None] | None = None


def staged_page_size(engine: Any, events_table: str, most: int) -> int:
    """How many events a worker takes a page of: ``most``, or fewer where the newest events
    of the (SQLAlchemy) engine's store are long, so that a page holds about PAGE_BYTES."""
    sql = (
        f"SELECT avg(length(state)) FROM (SELECT state FROM {events_table} "  # noqa: S608
        "ORDER BY id DESC LIMIT 1000) newest"
    )
    with engine.connect() as connection:
        size = connection.exec_driver_sql(sql).scalar() or 0
    return max(1, min(most, int(PAGE_BYTES / max(float(size), 1.0))))


def worker_source(url: Any) -> str | None:
    """Where worker processes read the log of the store at the (SQLAlchemy) URL: the SQLite
    file, if Python's SQLite can serialise a database, or the PostgreSQL database's address;
    None where they cannot (a database in memory)."""
    if url.get_backend_name() == "postgresql":
        return str(url.set(drivername="postgresql").render_as_string(hide_password=False))
    if url.database in (None, "", ":memory:") or not hasattr(sqlite3.Connection, "serialize"):
        return None
    return str(url.database)


# The columns of the store's events table a projector reads, in the order Decoder.decode takes.
EVENT_COLUMNS = "id, originator_id, originator_version, topic, state"


def insert_statement(table: str, columns: Sequence[str], mark: str = "?") -> str:
    """An INSERT of one row's values into the named columns, with the driver's placeholder."""
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (names are ours)
        f"VALUES ({', '.join([mark] * len(columns))})"
    )


def rows(
    events: Sequence[Recorded],
    row: Callable[[Recorded], Sequence[Any] | None],
    kinds: frozenset[str] | None,
) -> list[Sequence[Any]]:
    """The rows the events make, by the projection's function, offered only the kinds of event
    it makes rows of."""
    return [r for e in events if (kinds is None or e.type in kinds) and (r := row(e)) is not None]


def _stage_page(
    path: str,
    events_table: str,
    chain_table: str | None,
    views: tuple[StagedView, ...],
    *,
    after: int,
    last: int,
    behind: dict[str, int],
) -> StagedPage:
    """Runs in a worker process: reads the events after ``after`` up to ``last`` from the
    store's file, checks them against their chain links (when a chain is named), decodes them
    and builds every view's rows for those past its position, a slice at a time so that a
    page's decoded events are never all held at once."""
    views = tuple(v for v in views if behind[v.name] < last)
    store = sqlite3.connect(path)
    page = sqlite3.connect(":memory:", isolation_level=None)
    inserts = {}
    for view in views:
        for table in view.tables:
            page.execute(table.design)
            inserts[table.name] = insert_statement(table.name, table.columns)
    try:
        check = None
        if chain_table is not None:
            check = LinkCheck(
                events_table, chain_table, "?", lambda q, args: store.execute(q, args).fetchone()
            )
        cursor = store.execute(_page_query(events_table, chain_table, "?"), (after, last))
        page.execute("BEGIN")
        built = _built(
            cursor.fetchmany,
            check,
            views,
            after=after,
            behind=behind,
            add=lambda table, made: page.executemany(inserts[table.name], made),
        )
        page.execute("COMMIT")
        return built.staged(last, page.serialize() if views else b"")
    finally:
        page.close()
        store.close()


def _load_page(
    dsn: str,
    events_table: str,
    chain_table: str | None,
    views: tuple[StagedView, ...],
    *,
    after: int,
    last: int,
    behind: dict[str, int],
) -> StagedPage:
    """Runs in a worker process of a rebuild (or a verify) on PostgreSQL: reads the page whole
    (it holds about PAGE_BYTES of events, and reading it at once is faster than through a
    server-side cursor), checks and decodes it as on SQLite, and loads the append-only views'
    rows straight into the tables the rebuild builds, with one COPY a table; hands back what
    the other views prepared."""
    import psycopg  # noqa: PLC0415 (only a rebuild on PostgreSQL loads pages so)

    views = tuple(v for v in views if behind[v.name] < last)
    tables = {t.name: t for v in views for t in v.tables}
    waiting: dict[str, list[Sequence[Any]]] = {name: [] for name in tables}
    with (
        psycopg.connect(dsn) as connection,
        connection.cursor() as reading,  # the page at once: it holds about PAGE_BYTES
        connection.cursor() as copying,
    ):

        def load(name: str) -> None:
            table = tables[name]
            with copying.copy(f"COPY {name} ({', '.join(table.columns)}) FROM STDIN") as copy:
                for row in waiting[name]:
                    copy.write_row(row)
            waiting[name].clear()

        def add(table: StagedTable, made: list[Sequence[Any]]) -> None:
            waiting[table.name].extend(made)
            if len(waiting[table.name]) >= _LOADED_AT_ONCE:
                load(table.name)

        check = None
        if chain_table is not None:
            check = LinkCheck(
                events_table,
                chain_table,
                "%s",
                lambda q, args: connection.execute(q, args).fetchone(),
            )
        reading.execute(_page_query(events_table, chain_table, "%s"), (after, last))
        built = _built(reading.fetchmany, check, views, after=after, behind=behind, add=add)
        for name in tables:
            if waiting[name]:
                load(name)
        connection.commit()
    return built.staged(last, b"")


def _page_query(events_table: str, chain_table: str | None, mark: str) -> str:
    if chain_table is not None:
        return linked_rows(events_table, chain_table, mark)
    return (
        f"SELECT {EVENT_COLUMNS} FROM {events_table} "  # noqa: S608 (names are ours)
        f"WHERE id > {mark} AND id <= {mark} ORDER BY id"
    )


@dataclass
class _Built:
    """What building a page gave: how many events, what the views that are not append-only
    prepared, and the first event that did not match its chain link (if one did not)."""

    count: int
    prepared: dict[str, Any]
    problem: ChainMismatchError | None

    def staged(self, last: int, database: bytes) -> StagedPage:
        found = self.problem
        if found is None:
            return StagedPage(last, self.count, database, self.prepared)
        return StagedPage(
            found.position - 1,
            self.count,
            database,
            self.prepared,
            (str(found), found.position, found.partnership_id, found.version),
        )


def _built(
    fetch: Callable[[int], list[Any]],
    check: LinkCheck | None,
    views: tuple[StagedView, ...],
    *,
    after: int,
    behind: dict[str, int],
    add: Callable[[StagedTable, list[Sequence[Any]]], object],
) -> _Built:
    """Checks, decodes and builds the rows of the events ``fetch`` gives, a slice at a time,
    giving each table's rows to ``add``; stops before an event that does not match its link."""
    decoder = Decoder()
    if check is not None:
        check.start(after)
    built = _Built(0, {}, None)
    while built.problem is None and (slice_ := fetch(_SLICE)):
        if check is not None:
            slice_, built.problem = _checked(check, decoder, slice_)
        built.count += len(slice_)
        if not views:  # checking alone (a verify), nothing to decode
            continue
        events = [decoder.decode(*row[:5]) for row in slice_]
        for view in views:
            start = behind[view.name]
            mine = events if start <= after else [e for e in events if e.position > start]
            for table in view.tables:
                add(table, rows(mine, table.row, table.kinds))
            if view.prepare is not None:
                ready = view.prepare(mine)
                earlier = built.prepared.get(view.name)
                if earlier is not None and view.combine is not None:
                    ready = view.combine(earlier, ready)
                built.prepared[view.name] = ready
    return built


def _checked(
    check: LinkCheck, decoder: Decoder, slice_: list[Any]
) -> tuple[list[Any], ChainMismatchError | None]:
    """The rows of the slice up to the first whose event does not match its chain link, and
    what names that one (or None)."""
    matched, found = check.check_rows(slice_, lambda stored: decoder.partnership_id(stored)[0])
    return (slice_, None) if found is None else (slice_[:matched], found)


class Stager:
    """Worker processes staging the pages of the log from the views' positions up to a head,
    a few pages ahead of the projector that applies them: from an SQLite file, or (``loads``)
    loading them into a PostgreSQL rebuild's tables."""

    def __init__(
        self,
        path: str,
        events_table: str,
        chain_table: str | None,
        views: tuple[StagedView, ...],
        *,
        behind: dict[str, int],
        head: int,
        page: int,
        loads: bool = False,
    ) -> None:
        self.behind = behind
        self._stage: Callable[..., StagedPage] = _load_page if loads else _stage_page
        self._args = (path, events_table, chain_table, views)
        self._starts = iter(range(min(behind.values(), default=0), head, page))
        self._page, self._head = page, head
        self._pending: deque[tuple[int, Future[StagedPage]]] = deque()
        self._pool = worker_pool()
        # A page staged and waiting for each worker at most: pages of long events are large.
        for _ in range(2 * WORKERS):
            self._submit()

    def _submit(self) -> None:
        after = next(self._starts, None)
        if after is not None:
            last = min(after + self._page, self._head)
            path, events_table, chain_table, views = self._args
            staging = self._pool.submit(
                self._stage,
                path,
                events_table,
                chain_table,
                views,
                after=after,
                last=last,
                behind=self.behind,
            )
            self._pending.append((after, staging))

    def __iter__(self) -> Iterator[tuple[int, StagedPage]]:
        """Each page in log order, with the position it starts after, once it is staged."""
        while self._pending:
            after, staging = self._pending.popleft()
            page = staging.result()
            self._submit()
            yield after, page

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
