"""The read models' views: how a page of events changes each, in the projector's process or
staged by a worker.

Every view but the status only ever appends rows: an append-only view is named by its tables,
and for each the projection's function giving an event's row there and the kinds of event it
makes rows of. A view can also be had over the tables a rebuild builds beside its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any, Protocol

from sqlalchemy import Connection, Table, delete, insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateTable

from adapters.read_models.staging import StagedTable, StagedView, insert_statement, rows
from adapters.read_models.tables import (
    audit_table,
    beside,
    expense_corrections_table,
    ledger_table,
    status_table,
    visit_corrections_table,
    visits_table,
)
from projections import audit_trail, register_status, spending_ledger, visits
from projections.recorded import Recorded

_IN_CHUNK = 2_000
# The name of the view a rebuild builds beside a view: its position is kept under it.
REBUILDING = "rebuilding:"
# Rows a page gives a table at least, for PostgreSQL to be sent them with COPY.
_COPIED = 200


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


class View(Protocol):
    """A read model: its name, its tables, and how a page of events changes it: ``prepare``
    does the work that needs no database, before the page's transaction, and ``write`` the
    rest, inside it, so that the store's write lock is held as briefly as possible; ``plan``
    tells a worker process how to do the first part for a page it stages; ``beside`` is the
    same view over the tables a rebuild builds beside its own."""

    name: str
    tables: tuple[Table, ...]

    def prepare(self, events: Sequence[Recorded]) -> Any: ...

    def write(self, connection: Connection, prepared: Any) -> None: ...

    def plan(self) -> StagedView: ...

    def beside(self) -> View: ...


class StatusView:
    def __init__(self, name: str = register_status.NAME, table: Table = status_table) -> None:
        self.name = name
        self.table = table
        self.tables: tuple[Table, ...] = (table,)

    def beside(self) -> StatusView:
        return StatusView(REBUILDING + self.name, beside(self.table))

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
                select(self.table).where(self.table.c.partnership_id.in_(chunk))
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
            connection.execute(delete(self.table).where(self.table.c.partnership_id.in_(chunk)))
        if rows:
            connection.execute(
                insert(self.table),
                [r | {"rooms": json.dumps(r["rooms"], ensure_ascii=False)} for r in rows.values()],
            )


def _insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Inserts many rows through the driver's own executemany, when the projector builds a page
    itself (on PostgreSQL, or for the few events a command adds)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql" and len(rows) >= _COPIED:
        raw: Any = connection.connection.dbapi_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table.fullname} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
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

    def beside(self) -> AppendOnlyView:
        return AppendOnlyView(
            REBUILDING + self.name,
            *((beside(table), columns, row, kinds) for table, columns, row, kinds in self.kinds),
        )

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
