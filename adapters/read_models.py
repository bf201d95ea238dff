"""The read models: the projector that keeps their tables and the queries that read them.

The projector reads the notification log in pages straight through the database driver and
applies each page to every view behind it, in one transaction together with the views' new
positions, so a view is changed exactly once by each event: a crash rolls back both, and the
next run resumes where the last committed page ended. Each page first claims its views by moving
their positions on only if nobody else has; a projector that loses that race rolls back and
reads the positions again, so two processes catching up at once never apply a page twice.

A long catch-up on an SQLite file (a rebuild, above all) has worker processes decode the pages
and build their rows, a few pages ahead: each reads its page from the store's file and hands the
rows back as a small serialised in-memory SQLite database, which the projector attaches and
copies into the views with one statement per table, in the same one transaction per page.

On PostgreSQL the event store locks its table for every insert, so notification ids become
visible in order and a view that has read up to position N has not skipped anything below N.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from sqlalchemy import (
    Connection,
    Table,
    case,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from adapters.read_model_tables import (
    SCHEMA_VERSION,
    VIEW_NAMES,
    VIEWS,
    AppendOnlyView,
    View,
    audit_table,
    expense_corrections_table,
    ledger_table,
    metadata,
    positions_table,
    schema_table,
    status_table,
    unindexed_table,
    visit_corrections_table,
    visits_table,
)
from adapters.staging import EVENT_COLUMNS, StagedPage, Stager
from domain.errors import (
    NotYetEstablishedError,
    NotYetRecordedError,
    PartnershipNotFoundError,
    VersionNotFoundError,
)
from domain.partnership import INBOUND, Expense
from domain.register import PartnershipRegister
from domain.status import NamedRoom, PartnershipStatus, VisitCounts, summary
from projections.audit_trail import microseconds
from projections.money import financial_year, pounds
from projections.recorded import Decoder, Recorded

PAGE = 20_000
# A catch-up longer than this many pages, on an SQLite file, has worker processes build its rows.
STAGED_PAGES = 2

# Held while creating tables, so that commands meeting a new PostgreSQL store at once do not race.
_DDL_LOCK = 7_316_512_001


class _OvertakenError(Exception):
    """Raised inside a page's transaction when another projector moved a view on first."""


class UnknownViewError(ValueError):
    """Raised when a projection name is not one of the register's read models."""


@dataclass(frozen=True)
class ProjectionState:
    """How far a read model has read the log."""

    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


@dataclass(frozen=True)
class AuditRow:
    position: int
    partnership_id: str
    version: int
    type: str
    occurred_on: str
    recorded_at: str
    recorded_by: str
    account: str | None
    source: str | None
    summary: str
    data: dict[str, Any]


@dataclass(frozen=True)
class ExpenseRow:
    expense_id: str
    partnership_id: str
    occurred_on: str
    amount: Decimal
    beneficiary: str
    purpose: str
    visit_id: str | None
    department: str | None
    irrecoverable_vat: Decimal | None
    category: str | None
    financial_year: str


@dataclass(frozen=True)
class YearTotal:
    year: str
    total: Decimal
    count: int


@dataclass(frozen=True)
class VisitRow:
    visit_id: str
    partnership_id: str
    occurred_on: str
    direction: str
    delegation: str
    members: list[str]
    purpose: str | None
    spend: Decimal


class ReadModels:
    """The register's read models in its own database: kept, rebuilt and read."""

    def __init__(self, register: PartnershipRegister, *, page: int = PAGE) -> None:
        self._page = page
        self._workers_failed = False
        recorder: Any = register.recorder
        datastore = getattr(recorder, "datastore", None)
        if datastore is None:
            msg = "read models need an SQL store; the in-memory store has none"
            raise TypeError(msg)
        self._engine = cast(Engine, datastore.engine)
        self._events = recorder.events_record_cls.__table__
        if not self._schema_is_ready():
            self._ensure_schema()

    def _schema_is_ready(self) -> bool:
        """The check every command makes: one query, when the tables are of this design and
        no rebuild has left its indexes to be made."""
        try:
            with self._engine.connect() as connection:
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
                with self._engine.begin() as connection:
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
                    # Indexes a rebuild cut short left out are made again here.
                    self._make_indexes(connection, list(metadata.tables.values()))
                    present = set(connection.execute(select(positions_table.c.name)).scalars())
                    missing = [{"name": n, "position": 0} for n in VIEW_NAMES if n not in present]
                    if missing:
                        connection.execute(insert(positions_table), missing)
                return
            except OperationalError:
                if attempt == 2:
                    raise
                time.sleep(0.1 * (attempt + 1))

    # Keeping

    def head(self) -> int:
        """The position of the newest event in the log."""
        with self._engine.connect() as connection:
            return int(connection.execute(select(func.max(self._events.c.id))).scalar() or 0)

    def positions(self) -> dict[str, int]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(positions_table.c.name, positions_table.c.position))
            return {name: int(position) for name, position in rows}

    def lag(self) -> int:
        """How many events the furthest-behind read model has yet to apply."""
        return self.head() - min(self.positions().values())

    def states(self) -> list[ProjectionState]:
        head, positions = self.head(), self.positions()
        return [ProjectionState(name, positions[name], head) for name in VIEW_NAMES]

    def catch_up(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        """Applies every event not yet applied to the named views (all by default)."""
        chosen = self._chosen(names)
        decoder = Decoder()
        # A page makes tens of thousands of objects and no reference cycles: the cyclic
        # collector would only rescan them, over and over.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._catch_up(chosen, decoder, progress)
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
            stager = self._stager(behind)
            if stager is not None:
                applied += self._catch_up_in_workers(chosen, stager, progress, applied)
                continue
            page = self._read(min(behind.values()))
            if not page:
                return applied
            events = [decoder.decode(*row) for row in page]
            last = events[-1].position
            prepared = {
                view.name: view.prepare([e for e in events if e.position > behind[view.name]])
                for view in chosen
                if behind[view.name] < last
            }

            def write(view: View, connection: Connection) -> None:
                view.write(connection, prepared[view.name])  # noqa: B023 (used at once)

            if self._apply(chosen, behind, last, write):
                applied += len(events)
                if progress is not None:
                    progress(applied)

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
        projector then carries on by itself from the last page it applied."""
        done = 0
        try:
            for after, page in stager:
                now = {name: max(position, after) for name, position in stager.behind.items()}
                if not self._apply_staged(chosen, now, page):
                    return done
                done += page.count
                if progress is not None:
                    progress(applied + done)
        except (BrokenProcessPool, OSError):
            self._workers_failed = True
        finally:
            stager.close()
        return done

    def _stager(self, behind: dict[str, int]) -> Stager | None:
        """Worker processes to stage the pages up to the head of the log, when they are worth
        starting: on an SQLite file, with more than a few pages to go."""
        url = self._engine.url
        if self._workers_failed or url.get_backend_name() != "sqlite":
            return None
        if not hasattr(sqlite3.Connection, "serialize"):  # an SQLite built without it
            return None
        if url.database in (None, "", ":memory:"):
            return None
        head = self.head()
        if head - min(behind.values()) <= STAGED_PAGES * self._page:
            return None
        try:
            views = tuple(v.plan() for v in VIEWS if v.name in behind)
            return Stager(
                str(url.database),
                self._events.fullname,
                views,
                behind=behind,
                head=head,
                page=self._page,
            )
        except (BrokenProcessPool, OSError):  # a machine that cannot start processes
            self._workers_failed = True
            return None

    def _apply_staged(self, chosen: list[View], behind: dict[str, int], page: StagedPage) -> bool:
        """Applies a page a worker staged: its database attached, its rows copied from there."""
        with self._engine.connect() as connection:
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
                    self._claim_and_write(connection, chosen, behind, page.last, write)
                except _OvertakenError:
                    connection.rollback()
                    return False
                connection.commit()
                return True
            finally:
                connection.rollback()
                connection.exec_driver_sql("DETACH DATABASE staged")
                connection.commit()

    def rebuild(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        """Empties the named views (all by default) and applies the whole log again."""
        chosen = self._chosen(names)
        tables = [table for view in chosen for table in view.tables]
        # Started first: the workers read their first pages while the views are emptied.
        stager = self._stager({view.name: 0 for view in chosen})
        try:
            self._empty(chosen, tables)
        except BaseException:
            if stager is not None:
                stager.close()
            raise
        applied = 0
        if stager is not None:
            applied = self._catch_up_in_workers(chosen, stager, progress, 0)

        def more(n: int) -> None:
            if progress is not None:
                progress(applied + n)

        applied += self.catch_up([v.name for v in chosen], more)
        with self._engine.begin() as connection:
            self._make_indexes(connection, tables)
        return applied

    def _empty(self, chosen: list[View], tables: list[Table]) -> None:
        """Empties the views, sets their positions back to the start, and drops their indexes
        while they load."""
        with self._engine.begin() as connection:
            zeroing = None
            if connection.dialect.name == "sqlite":
                # Some builds of SQLite overwrite every page a delete frees with zeros: for the
                # views, which hold nothing the events beside them do not, that would only write
                # them all once more (355 MB for a million events). Only this connection, and
                # only here: it is set back below.
                zeroing = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
                connection.exec_driver_sql("PRAGMA secure_delete = OFF")
            for view in chosen:
                for table in view.tables:
                    connection.execute(delete(table))
                connection.execute(
                    update(positions_table)
                    .where(positions_table.c.name == view.name)
                    .values(position=0)
                )
            # Noted first, so that a rebuild cut short leaves word to make them again.
            noted = set(connection.execute(select(unindexed_table.c.name)).scalars())
            unnoted = [{"name": t.name} for t in tables if t.name not in noted]
            if unnoted:
                connection.execute(insert(unindexed_table), unnoted)
            for table in tables:
                for index in table.indexes:
                    index.drop(connection, checkfirst=True)
            if zeroing is not None:
                connection.exec_driver_sql(f"PRAGMA secure_delete = {int(zeroing)}")

    @staticmethod
    def _make_indexes(connection: Connection, tables: Sequence[Table]) -> None:
        """Makes any of the tables' indexes that is missing, and strikes them off as unindexed."""
        for table in tables:
            for index in table.indexes:
                index.create(connection, checkfirst=True)
        names = [t.name for t in tables]
        connection.execute(delete(unindexed_table).where(unindexed_table.c.name.in_(names)))

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

    def _read(self, after: int) -> list[tuple[Any, ...]]:
        events = self._events
        mark = "?" if self._engine.dialect.paramstyle == "qmark" else "%s"
        sql = (
            f"SELECT {EVENT_COLUMNS} FROM {events.fullname} "  # noqa: S608 (names are ours)
            f"WHERE id > {mark} ORDER BY id LIMIT {self._page}"
        )
        with self._engine.connect() as connection:
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(sql, (after,))
                return list(cursor.fetchall())
            finally:
                cursor.close()

    def _apply(
        self,
        chosen: list[View],
        behind: dict[str, int],
        last: int,
        write: Callable[[View, Connection], None],
    ) -> bool:
        """Applies one page in one transaction; False if another projector got there first."""
        try:
            with self._engine.begin() as connection:
                self._claim_and_write(connection, chosen, behind, last, write)
        except _OvertakenError:
            return False
        return True

    @staticmethod
    def _claim_and_write(
        connection: Connection,
        chosen: list[View],
        behind: dict[str, int],
        last: int,
        write: Callable[[View, Connection], None],
    ) -> None:
        """Moves each view that is behind the page's last position on to it, if nobody else
        has moved it meanwhile, and writes the page's changes to it."""
        for view in chosen:
            position = behind[view.name]
            if position >= last:
                continue
            claimed = connection.execute(
                update(positions_table)
                .where(
                    positions_table.c.name == view.name,
                    positions_table.c.position == position,
                )
                .values(position=last)
            ).rowcount
            if not claimed:
                raise _OvertakenError
            write(view, connection)

    # Reading

    def status(self, partnership_id: UUID) -> PartnershipStatus:
        found = self._statuses(str(partnership_id))
        if not found:
            raise PartnershipNotFoundError(f"no partnership has the id {partnership_id}")
        return found[0]

    def statuses(self) -> list[PartnershipStatus]:
        return self._statuses(None)

    def status_at(
        self,
        partnership_id: UUID,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> PartnershipStatus:
        """A partnership as it stood on a business date, as the register described it at a
        recording time or after its N-th event, or both: every row carries the log position
        that recorded it, so "as known then" keeps the rows recorded up to the partnership's
        last event by then, and "as of" the facts dated by the date."""
        pid, audit = str(partnership_id), audit_table.c
        up_to = None
        with self._engine.connect() as connection:
            if known_at is not None:
                up_to = connection.execute(
                    select(func.max(audit.position)).where(
                        audit.partnership_id == pid, audit.recorded_us <= microseconds(known_at)
                    )
                ).scalar()
                if up_to is None:
                    raise NotYetRecordedError(
                        f"the register held nothing about {pid} at {known_at.isoformat()}"
                    )
            elif version is not None:
                up_to = connection.execute(
                    select(audit.position).where(
                        audit.partnership_id == pid, audit.version == version
                    )
                ).scalar()
                if up_to is None:
                    head = connection.execute(
                        select(func.max(audit.version)).where(audit.partnership_id == pid)
                    ).scalar()
                    raise VersionNotFoundError(
                        f"{pid} has versions 1 to {head}, not version {version}"
                    )
        found = self._statuses(pid, as_of=as_of, up_to=up_to)
        if not found:
            raise PartnershipNotFoundError(f"no partnership has the id {partnership_id}")
        return found[0]

    def _statuses(
        self, partnership_id: str | None, *, as_of: date | None = None, up_to: int | None = None
    ) -> list[PartnershipStatus]:
        """Partnerships with their visits and spend summed over the records as they stand (or
        stood: recorded up to a log position, dated by a date)."""
        visited = current_visits(up_to)
        spent = current_expenses(up_to)
        counts = select(
            visited.c.partnership_id,
            func.sum(case((visited.c.direction == INBOUND, 1), else_=0)).label("inbound"),
            func.sum(case((visited.c.direction == INBOUND, 0), else_=1)).label("outbound"),
            func.max(visited.c.occurred_on).label("last_visit_on"),
        ).group_by(visited.c.partnership_id)
        totals = select(
            spent.c.partnership_id, func.sum(spent.c.amount_pence).label("pence")
        ).group_by(spent.c.partnership_id)
        rows = select(status_table).order_by(status_table.c.position)
        versions = None
        if as_of is not None:
            counts = counts.where(visited.c.occurred_on <= as_of.isoformat())
            totals = totals.where(spent.c.occurred_on <= as_of.isoformat())
        if partnership_id is not None:
            rows = rows.where(status_table.c.partnership_id == partnership_id)
            counts = counts.where(visited.c.partnership_id == partnership_id)
            totals = totals.where(spent.c.partnership_id == partnership_id)
        if up_to is not None:
            rows = rows.where(status_table.c.position <= up_to)
            versions = (
                select(audit_table.c.partnership_id, func.max(audit_table.c.version))
                .where(audit_table.c.position <= up_to)
                .group_by(audit_table.c.partnership_id)
            )
            if partnership_id is not None:
                versions = versions.where(audit_table.c.partnership_id == partnership_id)
        with self._engine.connect() as connection:
            visit_figures = {r.partnership_id: r for r in connection.execute(counts)}
            spend = {r.partnership_id: int(r.pence) for r in connection.execute(totals)}
            known: dict[str, int] | None = None
            if versions is not None:
                known = {pid: int(v) for pid, v in connection.execute(versions)}
            return [
                _status(
                    r._mapping,
                    visit_figures.get(r.partnership_id),
                    spend,
                    as_of=as_of,
                    up_to=up_to,
                    version=None if known is None else known.get(r.partnership_id),
                )
                for r in connection.execute(rows)
            ]

    def audit(self, partnership_id: UUID | None = None) -> list[AuditRow]:
        """The audit trail; each row's recording time, summary and data are read from the
        stored event itself, which the row is keyed to."""
        events = self._events
        query = (
            select(audit_table, events.c.topic, events.c.state)
            .select_from(audit_table.join(events, events.c.id == audit_table.c.position))
            .order_by(audit_table.c.position)
        )
        if partnership_id is not None:
            query = query.where(audit_table.c.partnership_id == str(partnership_id))
        decoder = Decoder()
        with self._engine.connect() as connection:
            return [
                _audit_row(
                    r, decoder.decode(r.position, r.partnership_id, r.version, r.topic, r.state)
                )
                for r in connection.execute(query)
            ]

    def expenses(self, partnership_id: UUID | None = None) -> list[ExpenseRow]:
        spent = current_expenses()
        query = select(spent).order_by(spent.c.occurred_on, spent.c.position)
        if partnership_id is not None:
            query = query.where(spent.c.partnership_id == str(partnership_id))
        with self._engine.connect() as connection:
            return [
                ExpenseRow(
                    expense_id=r.expense_id,
                    partnership_id=r.partnership_id,
                    occurred_on=r.occurred_on,
                    amount=pounds(r.amount_pence),
                    beneficiary=r.beneficiary,
                    purpose=r.purpose,
                    visit_id=r.visit_id,
                    department=r.department,
                    irrecoverable_vat=None
                    if r.irrecoverable_vat_pence is None
                    else pounds(r.irrecoverable_vat_pence),
                    category=r.category,
                    financial_year=r.financial_year,
                )
                for r in connection.execute(query)
            ]

    def totals_by_year(self, partnership_id: UUID | None = None) -> list[YearTotal]:
        spent = current_expenses()
        year = spent.c.financial_year
        query = (
            select(year, func.sum(spent.c.amount_pence), func.count()).group_by(year).order_by(year)
        )
        if partnership_id is not None:
            query = query.where(spent.c.partnership_id == str(partnership_id))
        with self._engine.connect() as connection:
            return [
                YearTotal(year=y, total=pounds(int(total)), count=int(count))
                for y, total, count in connection.execute(query)
            ]

    def visits(self, partnership_id: UUID | None = None) -> list[VisitRow]:
        visited = current_visits()
        spent = current_expenses()
        spend = (
            select(spent.c.visit_id, func.sum(spent.c.amount_pence).label("pence"))
            .where(spent.c.visit_id.is_not(None))
            .group_by(spent.c.visit_id)
            .subquery()
        )
        query = (
            select(visited, func.coalesce(spend.c.pence, 0).label("spend_pence"))
            .select_from(visited.outerjoin(spend, spend.c.visit_id == visited.c.visit_id))
            .order_by(visited.c.occurred_on, visited.c.position)
        )
        if partnership_id is not None:
            query = query.where(visited.c.partnership_id == str(partnership_id))
        with self._engine.connect() as connection:
            return [
                VisitRow(
                    visit_id=r.visit_id,
                    partnership_id=r.partnership_id,
                    occurred_on=r.occurred_on,
                    direction=r.direction,
                    delegation=r.delegation,
                    members=json.loads(r.members),
                    purpose=r.purpose,
                    spend=pounds(int(r.spend_pence)),
                )
                for r in connection.execute(query)
            ]


def _audit_row(row: Any, event: Recorded) -> AuditRow:
    return AuditRow(
        position=row.position,
        partnership_id=row.partnership_id,
        version=row.version,
        type=row.event_type,
        occurred_on=row.occurred_on,
        recorded_at=event.recorded_at,
        recorded_by=row.recorded_by,
        account=row.account,
        source=row.source,
        summary=summary(event.type, event.data, event.occurred_on),
        data=event.data,
    )


def expense_row(partnership_id: UUID, expense: Expense) -> ExpenseRow:
    """An expense from a partnership's own state, as the ledger would show it."""
    on = expense.occurred_on.isoformat()
    return ExpenseRow(
        expense_id=str(expense.expense_id),
        partnership_id=str(partnership_id),
        occurred_on=on,
        amount=expense.amount,
        beneficiary=expense.beneficiary,
        purpose=expense.purpose,
        visit_id=None if expense.visit_id is None else str(expense.visit_id),
        department=expense.department,
        irrecoverable_vat=expense.irrecoverable_vat,
        category=expense.category,
        financial_year=financial_year(on),
    )


def year_totals(rows: Iterable[ExpenseRow]) -> list[YearTotal]:
    """Totals by financial year of the given expenses."""
    totals: dict[str, tuple[Decimal, int]] = {}
    for row in rows:
        total, count = totals.get(row.financial_year, (Decimal("0.00"), 0))
        totals[row.financial_year] = (total + row.amount, count + 1)
    return [YearTotal(year, total, count) for year, (total, count) in sorted(totals.items())]


def _latest(corrections: Table, key: str, up_to: int | None) -> Any:
    """Each record's latest correction or void (recorded up to a log position)."""
    newest = select(corrections.c[key], func.max(corrections.c.position).label("position"))
    if up_to is not None:
        newest = newest.where(corrections.c.position <= up_to)
    latest = newest.group_by(corrections.c[key]).subquery()
    return (
        select(corrections)
        .select_from(corrections.join(latest, latest.c.position == corrections.c.position))
        .subquery()
    )


def _standing(
    records: Table, corrections: Table, key: str, corrected: Sequence[str], up_to: int | None
) -> Any:
    """Every record of the table as it stands (or stood at a log position): the corrected
    columns from its latest correction over it, the voided left out."""
    fix = _latest(corrections, key, up_to)
    query = (
        select(
            *(
                func.coalesce(fix.c[c.name], c).label(c.name) if c.name in corrected else c
                for c in records.c
            )
        )
        .select_from(records.outerjoin(fix, fix.c[key] == records.c[key]))
        .where(func.coalesce(fix.c.voided, 0) == 0)
    )
    if up_to is not None:
        query = query.where(records.c.position <= up_to)
    return query.subquery()


def current_expenses(up_to: int | None = None) -> Any:
    """Every expense as it stands (or stood at a log position)."""
    corrected = ("occurred_on", "financial_year", "amount_pence", "beneficiary", "purpose")
    return _standing(ledger_table, expense_corrections_table, "expense_id", corrected, up_to)


def current_visits(up_to: int | None = None) -> Any:
    """Every visit as it stands (or stood at a log position)."""
    corrected = ("occurred_on", "direction", "delegation", "purpose")
    return _standing(visits_table, visit_corrections_table, "visit_id", corrected, up_to)


def _status(
    row: Any,
    visited: Any,
    spend: dict[str, int],
    *,
    as_of: date | None = None,
    up_to: int | None = None,
    version: int | None = None,
) -> PartnershipStatus:
    def day(text: str | None) -> date | None:
        return None if text is None else date.fromisoformat(text)

    established_on = date.fromisoformat(row["established_on"])
    if as_of is not None and as_of < established_on:
        raise NotYetEstablishedError(
            f"{row['reference']} was established on {established_on}, after {as_of}"
        )
    last_day = date.max if as_of is None else as_of
    last_position = row["severed_position"] if up_to is None else up_to
    severed_on = day(row["severed_on"])
    severed = (
        severed_on is not None
        and severed_on <= last_day
        and row["severed_position"] <= last_position
    )
    rooms = [
        r
        for r in json.loads(row["rooms"])
        if date.fromisoformat(r["named_on"]) <= last_day
        and (up_to is None or r["position"] <= up_to)
    ]
    return PartnershipStatus(
        partnership_id=UUID(row["partnership_id"]),
        reference=row["reference"],
        council=row["council"],
        city=row["city"],
        country=row["country"],
        description=row["description"],
        established_on=established_on,
        severed_on=severed_on if severed else None,
        severance_reason=row["severance_reason"] if severed else None,
        severance_announced_by=row["severance_announced_by"] if severed else None,
        visits=VisitCounts(
            inbound=int(visited.inbound) if visited else 0,
            outbound=int(visited.outbound) if visited else 0,
        ),
        last_visit_on=day(visited.last_visit_on) if visited else None,
        total_spend=pounds(spend.get(row["partnership_id"], 0)),
        rooms=tuple(NamedRoom(r["room"], r["building"]) for r in rooms),
        version=row["version"] if version is None else version,
    )
