"""Where partnerships stand, read straight from an SQLite store whose views are up to date, with
the standard library's ``sqlite3`` and plain SQL: ``list`` and ``status`` answered without
SQLAlchemy, whose import alone took longer than all the rest of either command.

It decides whether the views are up to date (for ``fresh`` too), and reads the status view as its
queries do (``status``; records as ``standing`` has them: a record's latest correction over it,
the voided left out); tests hold the two to the same answers. Whatever else it finds (views
behind, tables missing, rows no projection writes) it leaves to the full path.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple
from uuid import UUID

from adapters.read_models.status_rows import status_of_row
from adapters.store_url import EVENTS_TABLE, REGISTER_TABLES
from domain.directions import INBOUND
from domain.errors import PartnershipNotFoundError
from domain.references import partnership_id_named
from domain.status import PartnershipStatus

# The read models' design and their views, as ``tables.SCHEMA_VERSION`` and ``tables.VIEW_NAMES``
# give them; a test holds the two together, this module importing no SQLAlchemy.
SCHEMA_VERSION = 8
VIEW_NAMES = ("status", "audit_trail", "spending_ledger", "visits")

# The statements below read one partnership with this condition on the table named, else all.
_ONE = "AND {table}.partnership_id = :partnership"


def _latest(corrections: str, key: str) -> str:
    """Each record's latest correction or void (as ``standing`` has it): the row of the
    greatest position among the corrections of its key."""
    return f"""
        SELECT c.* FROM {corrections} AS c
        JOIN (SELECT max(position) AS position FROM {corrections} GROUP BY {key}) AS latest
            ON latest.position = c.position
    """  # noqa: S608 (the names are this module's own)


def _visit_figures(one: str) -> str:
    """Each partnership's visits as they stand (the direction and date of each from its latest
    correction, the voided left out): how many each way, and the last one's date."""
    return f"""
        SELECT partnership_id,
            sum(CASE WHEN direction = :inbound THEN 1 ELSE 0 END) AS inbound,
            sum(CASE WHEN direction = :inbound THEN 0 ELSE 1 END) AS outbound,
            max(occurred_on) AS last_visit_on
        FROM (
            SELECT v.partnership_id AS partnership_id,
                coalesce(f.direction, v.direction) AS direction,
                coalesce(f.occurred_on, v.occurred_on) AS occurred_on
            FROM visit_log AS v
            LEFT JOIN ({_latest("visit_corrections", "visit_id")}) AS f
                ON f.visit_id = v.visit_id
            WHERE coalesce(f.voided, 0) = 0 {one.format(table="v")}
        )
        GROUP BY partnership_id
    """  # noqa: S608


def _spend(one: str) -> str:
    """Each partnership's spend in pence: every expense as it stands, its amount from its
    latest correction, the voided left out."""
    return f"""
        SELECT e.partnership_id, sum(coalesce(f.amount_pence, e.amount_pence)) AS pence
        FROM spending_ledger AS e
        LEFT JOIN ({_latest("expense_corrections", "expense_id")}) AS f
            ON f.expense_id = e.expense_id
        WHERE coalesce(f.voided, 0) = 0 {one.format(table="e")}
        GROUP BY e.partnership_id
    """  # noqa: S608


def _status_rows(one: str) -> str:
    """The status view's rows, in the order the partnerships were established."""
    return f"""
        SELECT partnership_id, position, reference, council, city, country, description,
            established_on, severed_on, severance_reason, severance_announced_by,
            severed_position, rooms, version
        FROM register_status AS s
        WHERE 1 = 1 {one.format(table="s")}
        ORDER BY position
    """  # noqa: S608


class VisitFigures(NamedTuple):
    """A partnership's visits as they stand: how many each way, and the last one's date."""

    inbound: int
    outbound: int
    last_visit_on: str | None


class FreshStatuses:
    """Where partnerships stand, from the status view of an SQLite store whose views are up to
    date, over a connection of its own, which ``close`` lets go of."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def close(self) -> None:
        self._connection.close()

    def find(self, partnership: str) -> UUID:
        """The id of the partnership named by its id or its reference, as the status view
        knows it (every partnership recorded, the views being up to date)."""
        name = partnership.strip()
        partnership_id = partnership_id_named(name)
        found = self._connection.execute(
            "SELECT partnership_id FROM register_status WHERE partnership_id = ?",
            (partnership_id.bytes,),
        ).fetchone()
        if found is None:
            raise PartnershipNotFoundError(f"no partnership has the id or reference {name!r}")
        return partnership_id

    def status(self, partnership_id: UUID) -> PartnershipStatus:
        """A partnership as it stands."""
        found = self._statuses(partnership_id)
        if not found:
            raise PartnershipNotFoundError(f"no partnership has the id {partnership_id}")
        return found[0]

    def statuses(self) -> list[PartnershipStatus]:
        """Every partnership as it stands, in the order they were established."""
        return self._statuses(None)

    def _statuses(self, partnership_id: UUID | None) -> list[PartnershipStatus]:
        """Partnerships with their visits and spend summed over the records as they stand."""
        parameters: dict[str, Any] = {"inbound": INBOUND}
        one = ""
        if partnership_id is not None:
            parameters["partnership"] = partnership_id.bytes
            one = _ONE
        figures = {
            _id_text(pid): VisitFigures(inbound, outbound, last)
            for pid, inbound, outbound, last in self._connection.execute(
                _visit_figures(one), parameters
            )
        }
        spend: dict[Any, int] = {  # by the id as text
            _id_text(pid): int(pence)
            for pid, pence in self._connection.execute(_spend(one), parameters)
        }
        rows = self._connection.execute(_status_rows(one), parameters)
        return [
            status_of_row(row, figures.get(row["partnership_id"]), spend) for row in _by_name(rows)
        ]


def _id_text(value: Any) -> str | None:
    """An id as the read models keep it (its 16 bytes), read back as text with hyphens, as
    ``tables`` reads every id."""
    return None if value is None else str(UUID(bytes=bytes(value)))


def _by_name(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    """The rows of a query of the status view, each a dict of its columns, the id as text."""
    names = [column[0] for column in cursor.description]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        row["partnership_id"] = _id_text(row["partnership_id"])
        yield row


def fresh_statuses(
    path: str, tables: Iterable[str], connect_args: dict[str, Any]
) -> FreshStatuses | None:
    """Where partnerships stand in the SQLite store at the path (whose tables are named, and
    whose driver is given the connect_args), when its views are up to date; None when they must
    first be brought up to date, or it cannot tell."""
    if not set(REGISTER_TABLES) <= set(tables):
        return None
    connection = None
    try:
        # The file as SQLAlchemy's SQLite driver opens it: by its absolute path.
        connection = sqlite3.connect(os.path.abspath(path), **connect_args)
        if views_up_to_date(connection):
            return FreshStatuses(connection)
    except (sqlite3.Error, ValueError, TypeError):
        pass  # tables missing or rows damaged: the full path remakes them
    if connection is not None:
        connection.close()
    return None


def views_up_to_date(connection: sqlite3.Connection) -> bool:
    """Whether the read models of the SQLite store the connection reads are of this design,
    whole, and have read the log exactly up to its last event (raises if their tables are
    missing or their rows damaged). Positions are read before the head, so that events
    recorded meanwhile only make the views look behind, never ahead."""
    version = _scalar(connection, "SELECT version FROM read_models_schema")
    unindexed = connection.execute("SELECT name FROM read_models_unindexed LIMIT 1").fetchone()
    positions = {
        str(name): int(position)
        for name, position in connection.execute("SELECT name, position FROM projection_positions")
    }
    head = int(_scalar(connection, f"SELECT max(id) FROM {EVENTS_TABLE}") or 0)  # noqa: S608
    return (
        version == SCHEMA_VERSION
        and unindexed is None
        and all(positions.get(name) == head for name in VIEW_NAMES)
        and max(positions.values(), default=0) <= head
    )


def _scalar(connection: sqlite3.Connection, query: str) -> Any:
    """The first column of the query's first row, or None when it has none."""
    row = connection.execute(query).fetchone()
    return None if row is None else row[0]
