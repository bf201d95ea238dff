"""The read models' SQL tables and their views: what each table holds, and how a page of events
changes each view, in the projector's process or staged by a worker.

Every view but the status only ever appends rows: an append-only view is named by its tables,
and for each the projection's function giving an event's row there and the kinds of event it
makes rows of. Ids are kept as their 16 bytes and read back as text with hyphens.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    delete,
    insert,
    select,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateTable

from adapters.staging import StagedTable, StagedView, insert_statement, rows
from projections import audit_trail, register_status, spending_ledger, visits
from projections.recorded import Recorded

_IN_CHUNK = 2_000

# Raise when the read models' tables change: they are then dropped and rebuilt from the log.
SCHEMA_VERSION = 8


class _Id(TypeDecorator[str]):
    """An id (partnership, visit, expense) kept as its 16 bytes, the form a projection's rows
    give it in, and read back as text with hyphens; text or a UUID may be compared with it."""

    impl = LargeBinary(16)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | bytearray | None:
        if value is None or isinstance(value, bytes | bytearray):
            return value
        return UUID(str(value)).bytes

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(UUID(bytes=bytes(value)))


metadata = MetaData()
schema_table = Table("read_models_schema", MetaData(), Column("version", Integer, nullable=False))
_big = BigInteger().with_variant(Integer(), "sqlite")

# Tables whose indexes a rebuild dropped and has not yet made again.
unindexed_table = Table(
    "read_models_unindexed", metadata, Column("name", String(40), primary_key=True)
)

positions_table = Table(
    "projection_positions",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("position", _big, nullable=False),
)

status_table = Table(
    "register_status",
    metadata,
    Column("partnership_id", _Id, primary_key=True),
    Column("position", _big, nullable=False),
    Column("reference", Text, nullable=False),
    Column("council", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("country", Text, nullable=False),
    Column("description", Text),
    Column("established_on", String(10), nullable=False),
    Column("severed_on", String(10)),
    Column("severance_reason", Text),
    Column("severance_announced_by", Text),
    Column("severed_position", _big),
    Column("rooms", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

audit_table = Table(
    "audit_trail",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("partnership_id", _Id, nullable=False),
    Column("version", Integer, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("recorded_us", _big, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("account", Text),
    Column("source", Text),
    Index("audit_trail_partnership", "partnership_id", "recorded_us"),
)

# Rows are keyed by log position, so a rebuild appends in key order; the indexes on random ids
# are dropped while a rebuild loads and made again at its end, which is many times faster.
ledger_table = Table(
    "spending_ledger",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("expense_id", _Id, nullable=False),
    Column("partnership_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("amount_pence", _big, nullable=False),
    Column("beneficiary", Text, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("visit_id", _Id),
    Column("department", Text),
    Column("irrecoverable_vat_pence", _big),
    Column("category", Text),
    Index("spending_ledger_partnership", "partnership_id"),
)

visits_table = Table(
    "visit_log",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("visit_id", _Id, nullable=False),
    Column("partnership_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("delegation", Text, nullable=False),
    Column("members", Text, nullable=False),
    Column("purpose", Text),
    Index("visit_log_partnership", "partnership_id"),
)

visit_corrections_table = Table(
    "visit_corrections",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("visit_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("delegation", Text),
    Column("purpose", Text),
    Column("voided", Integer, nullable=False),
    Index("visit_corrections_visit", "visit_id"),
)

expense_corrections_table = Table(
    "expense_corrections",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("expense_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("amount_pence", _big, nullable=False),
    Column("beneficiary", Text),
    Column("purpose", Text),
    Column("voided", Integer, nullable=False),
    Index("expense_corrections_expense", "expense_id"),
)

Index("register_status_order", status_table.c.position)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


class View(Protocol):
    """A read model: its name, its tables, and how a page of events changes it: ``prepare``
    does the work that needs no database, before the page's transaction, and ``write`` the
    rest, inside it, so that the store's write lock is held as briefly as possible; ``plan``
    tells a worker process how to do the first part for a page it stages."""

    name: str
    tables: tuple[Table, ...]

    def prepare(self, events: Sequence[Recorded]) -> Any: ...

    def write(self, connection: Connection, prepared: Any) -> None: ...

    def plan(self) -> StagedView: ...


class StatusView:
    name = register_status.NAME
    tables: tuple[Table, ...] = (status_table,)

    def prepare(self, events: Sequence[Recorded]) -> register_status.Prepared:
        return register_status.prepare(events)

    def plan(self) -> StagedView:
        return StagedView(
            self.name, prepare=register_status.prepare, combine=register_status.combine
        )

    def write(self, connection: Connection, prepared: register_status.Prepared) -> None:
        changes, versions = prepared
        new = {e.partnership_id for e in changes if e.type == "Established"}
        known = sorted(versions.keys() - new)
        rows: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(known):
            for found in connection.execute(
                select(status_table).where(status_table.c.partnership_id.in_(chunk))
            ):
                row = dict(found._mapping)
                row["rooms"] = json.loads(row["rooms"])
                rows[row["partnership_id"]] = row
        for event in changes:
            if event.type == "Established":
                rows[event.partnership_id] = register_status.established(event)
            elif event.partnership_id in rows:
                register_status.apply(rows[event.partnership_id], event)
        for partnership_id, version in versions.items():
            if partnership_id in rows:
                rows[partnership_id]["version"] = version
        for chunk in _chunks(known):
            connection.execute(delete(status_table).where(status_table.c.partnership_id.in_(chunk)))
        if rows:
            connection.execute(
                insert(status_table),
                [r | {"rooms": json.dumps(r["rooms"], ensure_ascii=False)} for r in rows.values()],
            )


def _insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Inserts many rows through the driver's own executemany, when the projector builds a page
    itself (on PostgreSQL, or for the few events a command adds)."""
    if rows:
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        connection.exec_driver_sql(insert_statement(table.fullname, columns, mark), rows)


class AppendOnlyView:
    """A view that events only ever add rows to: for each of its tables, the columns, the
    projection's function giving an event's row there (or None), and the kinds of event that
    function makes rows of (None: every kind)."""

    def __init__(
        self,
        name: str,
        *kinds: tuple[
            Table, Sequence[str], Callable[[Recorded], Sequence[Any] | None], frozenset[str] | None
        ],
    ) -> None:
        self.name = name
        self.kinds = kinds
        self.tables: tuple[Table, ...] = tuple(kind[0] for kind in kinds)

    def prepare(self, events: Sequence[Recorded]) -> list[list[Sequence[Any]]]:
        return [rows(events, row, kinds) for _, _, row, kinds in self.kinds]

    def write(self, connection: Connection, prepared: list[list[Sequence[Any]]]) -> None:
        for (table, columns, _, _), made in zip(self.kinds, prepared, strict=True):
            _insert_rows(connection, table, columns, made)

    def plan(self) -> StagedView:
        """How a worker stages this view's rows: in tables of the very design of ours, so that
        copying them over moves whole records without unpacking them."""
        return StagedView(
            self.name,
            tuple(
                StagedTable(table.name, _sqlite_design(table), tuple(columns), row, kinds)
                for table, columns, row, kinds in self.kinds
            ),
        )

    def copy(self, connection: Connection, schema: str) -> None:
        """Copies the rows a worker staged, attached as the schema, into the read model."""
        for table, _, _, _ in self.kinds:
            connection.exec_driver_sql(
                f"INSERT INTO main.{table.name} SELECT * FROM {schema}.{table.name}"  # noqa: S608
            )


VIEWS: tuple[View, ...] = (
    StatusView(),
    AppendOnlyView(audit_trail.NAME, (audit_table, audit_trail.COLUMNS, audit_trail.row, None)),
    AppendOnlyView(
        spending_ledger.NAME,
        (ledger_table, spending_ledger.COLUMNS, spending_ledger.row, spending_ledger.EXPENSES),
        (
            expense_corrections_table,
            spending_ledger.CORRECTION_COLUMNS,
            spending_ledger.correction,
            spending_ledger.CORRECTIONS,
        ),
    ),
    AppendOnlyView(
        visits.NAME,
        (visits_table, visits.COLUMNS, visits.row, visits.VISITS),
        (visit_corrections_table, visits.CORRECTION_COLUMNS, visits.correction, visits.CORRECTIONS),
    ),
)
VIEW_NAMES = tuple(v.name for v in VIEWS)


@cache
def _sqlite_design(table: Table) -> str:
    """The table as SQLite makes it, without its indexes, for workers to stage rows in."""
    return str(CreateTable(table, if_not_exists=True).compile(dialect=sqlite.dialect()))
