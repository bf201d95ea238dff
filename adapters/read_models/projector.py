"""The projector: keeps the read models' tables from the event log, catches them up, rebuilds
them beside the current ones and swaps them in.

The projector reads the notification log in pages straight through the database driver and
applies each page to every view behind it, in one transaction together with the views' new
positions, so a view is changed exactly once by each event: a crash rolls back both, and the
next run resumes where the last committed page ended. Each page first claims its views by moving
their positions on only if nobody else has; a projector that loses that race rolls back and
reads the positions again, so two processes catching up at once never apply a page twice.

Every event is checked against its hash chain link as it is taken on (``LinkCheck``): a view
never takes on an edited, inserted or reordered event; the projector stops before it, the views
keeping every event before it.

A rebuild builds new views in tables beside the current ones (``rebuilding_...``) while readers
keep reading the current ones, then swaps them in with one transaction. A rebuild killed part-way
leaves the current views as they were; the next rebuild drops what it left.

A long catch-up on an SQLite file (a rebuild, above all) has worker processes decode the pages
and build their rows, a few pages ahead (``staging``). On PostgreSQL the event store locks its
table for every insert, so notification ids become visible in order and a view that has read up
to position N has not skipped anything below N.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.schema import CreateTable

from adapters.chain_links import ChainMismatchError, LinkCheck, linked_rows
from adapters.read_models.one_rebuild import only_rebuild
from adapters.read_models.staging import (
    EVENT_COLUMNS,
    StagedPage,
    Stager,
    staged_page_size,
    worker_source,
)
from adapters.read_models.tables import (
    BESIDE,
    SCHEMA_VERSION,
    metadata,
    positions_table,
    schema_table,
    unindexed_table,
)
from adapters.read_models.views import REBUILDING, VIEW_NAMES, VIEWS, AppendOnlyView, View
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from projections.recorded import Decoder, Recorded

PAGE = 20_000
# A catch-up longer than this many pages, on an SQLite file, has worker processes build its rows.
STAGED_PAGES = 2

# How long a rebuild's swap waits for readers to let go of the tables on PostgreSQL before it
# lets them go on and tries again, and how many times it tries.
_SWAP_WAIT = "200ms"
_SWAP_TRIES = 600

# Held while creating tables, so that commands meeting a new PostgreSQL store at once do not race.
_DDL_LOCK = 7_316_512_001


class _OvertakenError(Exception):
    """Raised inside a page's transaction when another projector moved a view on first."""


class UnknownViewError(ValueError):
    """Raised when a projection name is not one of the register's read models."""


class HistoryMismatchError(RegisterError):
    """Raised when the projector meets a stored event that does not match its hash chain."""


@dataclass(frozen=True)
class ProjectionState:
    """How far a read model has read the log."""

    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


def _stopped(found: ChainMismatchError) -> HistoryMismatchError:
    return HistoryMismatchError(
        f"the stored history does not match its hash chain: {found}; the reports stay as they "
        "were before it (run 'partnerships verify')"
    )


class Projector:
    """Keeps the register's read models from its event log: catch-up, rebuild, workers."""

    def __init__(
        self, register: PartnershipRegister, *, page: int = PAGE, checked: bool = True
    ) -> None:
        self._page = page
        self._workers_failed = False
        recorder: Any = register.recorder
        datastore = getattr(recorder, "datastore", None)
        if datastore is None:
            msg = "read models need an SQL store; the in-memory store has none"
            raise TypeError(msg)
        self.engine = cast(Engine, datastore.engine)
        self.events = recorder.events_record_cls.__table__
        chain = getattr(recorder, "chain", None) if checked else None
        self._chain: str | None = None if chain is None else chain.fullname
        self._check: LinkCheck | None = None
        self._mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        if not self._schema_is_ready():
            self._ensure_schema()

    def _schema_is_ready(self) -> bool:
        """The check every command makes: one query, when the tables are of this design and
        no rebuild has left its indexes to be made."""
        try:
            with self.engine.connect() as connection:
                version = connection.execute(select(schema_table.c.version)).scalar()
                unindexed = connection.execute(select(unindexed_table.c.name).limit(1)).first()
        except SQLAlchemyError:  # a store that has no read models yet, or older ones
            return False
        return version == SCHEMA_VERSION and unindexed is None

    def _ensure_schema(self) -> None:
        """Creates the read models' tables and their indexes; drops and recreates them if they
        are of an older design (they are rebuilt from the log on the next catch-up). Several
        commands may meet a new store at once: PostgreSQL serialises them with a lock, SQLite
        by trying again."""
        for attempt in range(3):
            try:
                with self.engine.begin() as connection:
                    if connection.dialect.name == "postgresql":
                        connection.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _DDL_LOCK}
                        )
                    schema_table.create(connection, checkfirst=True)
                    found = connection.execute(select(schema_table.c.version)).scalar()
                    if found is not None and found != SCHEMA_VERSION:
                        metadata.drop_all(connection, checkfirst=True)
                    if found != SCHEMA_VERSION:
                        connection.execute(delete(schema_table))
                        connection.execute(insert(schema_table).values(version=SCHEMA_VERSION))
                    metadata.create_all(connection, checkfirst=True)
                    # Indexes an older rebuild cut short left out are made again here.
                    _make_indexes(connection, list(metadata.tables.values()))
                    present = set(connection.execute(select(positions_table.c.name)).scalars())
                    missing = [{"name": n, "position": 0} for n in VIEW_NAMES if n not in present]
                    if missing:
                        connection.execute(insert(positions_table), missing)
                return
            except OperationalError:
                if attempt == 2:
                    raise
                time.sleep(0.1 * (attempt + 1))

    # How far

    def head(self) -> int:
        """The position of the newest event in the log."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.max(self.events.c.id))).scalar() or 0)

    def positions(self) -> dict[str, int]:
        """How far each view (and each view a rebuild is building) has read the log."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(positions_table.c.name, positions_table.c.position))
            return {name: int(position) for name, position in rows}

    def lag(self) -> int:
        """How many events the furthest-behind read model has yet to apply."""
        positions = self.positions()
        return self.head() - min(positions[name] for name in VIEW_NAMES)

    def states(self) -> list[ProjectionState]:
        head, positions = self.head(), self.positions()
        return [ProjectionState(name, positions[name], head) for name in VIEW_NAMES]

    def known(self, name: str) -> str:
        """The name, if it is one of the read models'."""
        self._chosen([name])
        return name

    def _chosen(self, names: Iterable[str] | None) -> list[View]:
        if names is None:
            return list(VIEWS)
        wanted = list(names)
        unknown = [n for n in wanted if n not in VIEW_NAMES]
        if unknown:
            raise UnknownViewError(
                f"there is no projection called {unknown[0]!r}; "
                f"the projections are {', '.join(VIEW_NAMES)}"
            )
        return [v for v in VIEWS if v.name in wanted]

    # Catching up

    def catch_up(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        """Applies every event not yet applied to the named views (all by default)."""
        return self._caught_up(self._chosen(names), progress)

    def _caught_up(self, chosen: list[View], progress: Callable[[int], None] | None) -> int:
        # A page makes tens of thousands of objects and no reference cycles: the cyclic
        # collector would only rescan them, over and over.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._catch_up(chosen, Decoder(), progress)
        except ChainMismatchError as found:
            raise _stopped(found) from None
        finally:
            if collecting:
                gc.enable()

    def _catch_up(
        self, chosen: list[View], decoder: Decoder, progress: Callable[[int], None] | None
    ) -> int:
        applied = 0
        while True:
            positions = self.positions()
            behind = {v.name: positions[v.name] for v in chosen}
            stager = self._stager(chosen, behind)
            if stager is not None:
                applied += self._catch_up_in_workers(chosen, stager, progress, applied)
                continue
            after = min(behind.values())
            page = self._read(after)
            if not page:
                return applied
            events, problem = self._checked(page, after, decoder)
            if events:
                last = events[-1].position
                prepared = {
                    view.name: view.prepare([e for e in events if e.position > behind[view.name]])
                    for view in chosen
                    if behind[view.name] < last
                }

                def write(view: View, connection: Connection) -> None:
                    view.write(connection, prepared[view.name])  # noqa: B023 (used at once)

                if not self._apply(chosen, behind, last, write):
                    continue
                applied += len(events)
                if progress is not None:
                    progress(applied)
            if problem is not None:
                raise problem

    def _checked(
        self, page: list[tuple[Any, ...]], after: int, decoder: Decoder
    ) -> tuple[list[Recorded], ChainMismatchError | None]:
        """The page's events decoded, up to the first that does not match its chain link (if
        any, given as the second value)."""
        if self._chain is None:
            return [decoder.decode(*row[:5]) for row in page], None
        if self._check is None:
            self._check = LinkCheck(self.events.fullname, self._chain, self._mark, self._fetch)
        check = self._check
        check.start(after)
        matched, found = check.check_rows(page, lambda stored: decoder.partnership_id(stored)[0])
        return [decoder.decode(*row[:5]) for row in page[:matched]], found

    def _fetch(self, sql: str, parameters: tuple[Any, ...]) -> tuple[Any, ...] | None:
        with self.engine.connect() as connection:
            found = connection.exec_driver_sql(sql, parameters).first()
            return None if found is None else tuple(found)

    def _read(self, after: int) -> list[tuple[Any, ...]]:
        """The page of events after the position, each with its chain link when checked."""
        if self._chain is None:
            sql = (
                f"SELECT {EVENT_COLUMNS} FROM {self.events.fullname} "  # noqa: S608 (ours)
                f"WHERE id > {self._mark} AND id <= {self._mark} ORDER BY id LIMIT {self._page}"
            )
        else:
            sql = linked_rows(self.events.fullname, self._chain, self._mark, f" LIMIT {self._page}")
        with self.engine.connect() as connection:
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(sql, (after, 2**62))
                return list(cursor.fetchall())
            finally:
                cursor.close()

    def _catch_up_in_workers(
        self,
        chosen: list[View],
        stager: Stager,
        progress: Callable[[int], None] | None,
        applied: int,
    ) -> int:
        """Catches the views up to the head with worker processes building each page's rows,
        a few pages ahead, while this process copies them in, page by page in log order, each
        in one transaction with the views' positions as always. Returns the events applied,
        stopping early if another projector moves a view on first, or if the workers fail: the
        projector then carries on by itself from the last page it applied. A page that stops at
        an event not matching its chain is applied up to it, and the mismatch raised."""
        from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415 (as the Stager)

        done = 0
        try:
            for after, page in stager:
                now = {name: max(position, after) for name, position in stager.behind.items()}
                if (page.count or page.problem is None) and not self._apply_staged(
                    chosen, now, page
                ):
                    return done
                done += page.count
                if progress is not None:
                    progress(applied + done)
                if page.problem is not None:
                    raise ChainMismatchError(*page.problem)
        except (BrokenProcessPool, OSError):
            self._workers_failed = True
        finally:
            stager.close()
        if self._workers_failed and self.engine.dialect.name == "postgresql":
            self._unload_beyond(chosen)
        return done

    def _unload_beyond(self, chosen: list[View]) -> None:
        """Deletes the rows workers loaded into a rebuild's tables beyond the pages applied,
        so that the projector can carry on by itself from there."""
        positions = self.positions()
        with self.engine.begin() as connection:
            for view in chosen:
                if isinstance(view, AppendOnlyView):
                    for table in view.tables:
                        connection.execute(
                            delete(table).where(table.c.position > positions[view.name])
                        )

    def _workers_read_from(self, chosen: list[View]) -> str | None:
        """Where worker processes would read the log (``worker_source``): on PostgreSQL only
        for a rebuild, whose own tables they load their pages into; None where none can."""
        if self.engine.dialect.name == "postgresql" and not all(
            v.name.startswith(REBUILDING) for v in chosen
        ):
            return None
        return worker_source(self.engine.url)

    def _stager(self, chosen: list[View], behind: dict[str, int]) -> Stager | None:
        """Worker processes to stage the pages up to the head of the log, when they are worth
        starting, with more than a few pages to go: on an SQLite file, and for a rebuild on
        PostgreSQL, whose workers load their pages into the tables it builds."""
        where = self._workers_read_from(chosen)
        if where is None or self._workers_failed:
            return None
        head = self.head()
        if head - min(behind.values()) <= STAGED_PAGES * self._page:
            return None
        page = staged_page_size(self.engine, self.events.fullname, self._page)
        from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415 (as the Stager)

        try:
            return Stager(
                where,
                self.events.fullname,
                self._chain,
                tuple(v.plan() for v in chosen),
                behind=behind,
                head=head,
                page=page,
                loads=self.engine.dialect.name == "postgresql",
            )
        except (BrokenProcessPool, OSError):  # a machine that cannot start processes
            self._workers_failed = True
            return None

    def _apply_staged(self, chosen: list[View], behind: dict[str, int], page: StagedPage) -> bool:
        """Applies a page a worker staged: on SQLite its database attached and its rows copied
        from there; on PostgreSQL its rows are loaded already, and only the views that are not
        append-only are written."""
        if self.engine.dialect.name == "postgresql":

            def loaded(view: View, connection: Connection) -> None:
                if not isinstance(view, AppendOnlyView):
                    view.write(connection, page.prepared[view.name])

            return self._apply(chosen, behind, page.last, loaded)
        with self.engine.connect() as connection:
            raw: Any = connection.connection.dbapi_connection
            connection.exec_driver_sql("ATTACH DATABASE ':memory:' AS staged")
            try:
                raw.deserialize(page.database, name="staged")

                def write(view: View, connection: Connection) -> None:
                    if isinstance(view, AppendOnlyView):
                        view.copy(connection, "staged")
                    else:
                        view.write(connection, page.prepared[view.name])

                try:
                    _claim_and_write(connection, chosen, behind, page.last, write)
                except _OvertakenError:
                    connection.rollback()
                    return False
                connection.commit()
                return True
            finally:
                # An interruption (Ctrl-C) inside a statement invalidates the connection: its
                # database, staged one included, is gone with it, and nothing is left to detach.
                if not connection.invalidated:
                    connection.rollback()
                    connection.exec_driver_sql("DETACH DATABASE staged")
                    connection.commit()

    def _apply(
        self,
        chosen: list[View],
        behind: dict[str, int],
        last: int,
        write: Callable[[View, Connection], None],
    ) -> bool:
        """Applies one page in one transaction; False if another projector got there first."""
        try:
            with self.engine.begin() as connection:
                _claim_and_write(connection, chosen, behind, last, write)
        except _OvertakenError:
            return False
        return True

    # Rebuilding

    def rebuild(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        """Builds the named views (all by default) anew from the whole log, beside the current
        ones, which keep answering meanwhile, and swaps them in with one transaction. One
        rebuild at a time: another one running meanwhile is refused (RebuildRunningError)."""
        chosen = self._chosen(names)
        with only_rebuild(self.engine):
            return self._rebuilt(chosen, progress)

    def _rebuilt(self, chosen: list[View], progress: Callable[[int], None] | None) -> int:
        building = [view.beside() for view in chosen]
        self._clear_beside()
        with self.engine.begin() as connection:
            for view in building:
                for table in view.tables:  # without indexes: they are made once it is loaded
                    connection.execute(CreateTable(table))
            connection.execute(
                insert(positions_table), [{"name": v.name, "position": 0} for v in building]
            )
        try:
            applied = self._caught_up(building, progress)
            if self.engine.dialect.name == "postgresql":
                with self.engine.begin() as connection:
                    for view in building:
                        for table in view.tables:
                            for index in table.indexes:
                                index.create(connection)

            def more(n: int) -> None:
                if progress is not None:
                    progress(applied + n)

            # What was recorded meanwhile, before the swap; after it, the usual catch-up.
            applied += self._caught_up(building, more)
            self._swap(chosen, building)
        except Exception:
            with suppress(SQLAlchemyError):  # else the next rebuild does it
                self._clear_beside()
            raise
        self.catch_up([v.name for v in chosen])
        return applied

    def _swap(self, chosen: list[View], building: list[View]) -> None:
        """In one transaction: the views built beside take the current ones' places, names
        and positions, and the current ones are dropped. On PostgreSQL it first takes every
        table involved, waiting only briefly for readers and trying again: a reader holding
        one table while it waits for another never meets a deadlock, only a short wait."""
        for attempt in range(_SWAP_TRIES):
            try:
                with self._freeing() as connection:
                    if connection.dialect.name == "postgresql":
                        names = [t.name for v in (*chosen, *building) for t in v.tables]
                        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{_SWAP_WAIT}'")
                        connection.exec_driver_sql(
                            f"LOCK TABLE {', '.join(names)} IN ACCESS EXCLUSIVE MODE"
                        )
                    self._swapped(connection, chosen, building)
                return
            except OperationalError as error:
                if getattr(error.orig, "sqlstate", None) != "55P03" or attempt == _SWAP_TRIES - 1:
                    raise
                time.sleep(0.05 * (attempt % 10 + 1))

    @staticmethod
    def _swapped(connection: Connection, chosen: list[View], building: list[View]) -> None:
        sqlite = connection.dialect.name == "sqlite"
        for view, built in zip(chosen, building, strict=True):
            # Positions first: on PostgreSQL this waits for a page another projector is
            # applying to the current view, and makes it start again on the new one.
            built_at = connection.execute(
                select(positions_table.c.position).where(positions_table.c.name == built.name)
            ).scalar_one()
            connection.execute(
                update(positions_table)
                .where(positions_table.c.name == view.name)
                .values(position=built_at)
            )
            connection.execute(delete(positions_table).where(positions_table.c.name == built.name))
            for table, new in zip(view.tables, built.tables, strict=True):
                granted = [] if sqlite else _granted(connection, table.name)
                connection.exec_driver_sql(f"DROP TABLE {table.name}")
                connection.exec_driver_sql(f"ALTER TABLE {new.name} RENAME TO {table.name}")
                if sqlite:  # SQLite cannot rename an index: they are made here
                    for index in table.indexes:
                        index.create(connection)
                    continue
                quote = connection.dialect.identifier_preparer.quote
                for grantee, privilege in granted:  # officers and auditors keep their rights
                    connection.exec_driver_sql(
                        f"GRANT {privilege} ON {table.name} TO {quote(grantee)}"
                    )
                connection.exec_driver_sql(
                    f"ALTER TABLE {table.name} RENAME CONSTRAINT {new.name}_pkey "
                    f"TO {table.name}_pkey"
                )
                for index in table.indexes:
                    connection.exec_driver_sql(
                        f"ALTER INDEX {BESIDE}{index.name} RENAME TO {index.name}"
                    )

    def _clear_beside(self) -> None:
        """Drops whatever an earlier rebuild left half-built beside the views."""
        with self._freeing() as connection:
            for view in VIEWS:
                for table in view.beside().tables:
                    table.drop(connection, checkfirst=True)
            connection.execute(
                delete(positions_table).where(positions_table.c.name.startswith(REBUILDING))
            )

    @contextmanager
    def _freeing(self) -> Iterator[Connection]:
        """A transaction that drops tables. Some builds of SQLite overwrite every page freed
        with zeros: for the views, which hold nothing the events beside them do not, that would
        only write them all once more (355 MB for a million events). Only this connection, and
        only here: it is set back afterwards."""
        with self.engine.begin() as connection:
            zeroing = None
            if connection.dialect.name == "sqlite":
                zeroing = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
                connection.exec_driver_sql("PRAGMA secure_delete = OFF")
            yield connection
            if zeroing is not None:
                connection.exec_driver_sql(f"PRAGMA secure_delete = {int(zeroing)}")


def _granted(connection: Connection, table: str) -> list[tuple[str, str]]:
    """The privileges other roles than its owner hold on a PostgreSQL table (see ``grant``)."""
    rows = connection.execute(
        text(
            "SELECT g.grantee, g.privilege_type FROM information_schema.role_table_grants g "
            "JOIN pg_tables t ON t.schemaname = g.table_schema AND t.tablename = g.table_name "
            "WHERE g.table_schema = current_schema() AND g.table_name = :table "
            "AND g.grantee <> t.tableowner"
        ),
        {"table": table},
    )
    return [(grantee, privilege) for grantee, privilege in rows]


def _make_indexes(connection: Connection, tables: Sequence[Table]) -> None:
    """Makes any of the tables' indexes that is missing, and strikes them off as unindexed."""
    for table in tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)
    names = [t.name for t in tables]
    connection.execute(delete(unindexed_table).where(unindexed_table.c.name.in_(names)))


def _claim_and_write(
    connection: Connection,
    chosen: list[View],
    behind: dict[str, int],
    last: int,
    write: Callable[[View, Connection], None],
) -> None:
    """Moves each view that is behind the page's last position on to it, if nobody else has
    moved it meanwhile, and writes the page's changes to it."""
    for view in chosen:
        position = behind[view.name]
        if position >= last:
            continue
        claimed = connection.execute(
            update(positions_table)
            .where(positions_table.c.name == view.name, positions_table.c.position == position)
            .values(position=last)
        ).rowcount
        if not claimed:
            raise _OvertakenError
        write(view, connection)
