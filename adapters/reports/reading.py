"""What the reports read from the read models: one query per table for the whole register (or
one partnership), streamed partnership by partnership, as the register knew it at a position.

A report is made from the log up to one position (the head when it starts, or for "as known at"
each partnership's last event recorded by then, as ``status --as-known-at`` counts it), so
writers carrying on meanwhile never make its pages disagree with each other.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, LargeBinary, Select, TypeDecorator, func, select, type_coerce
from sqlalchemy.engine import Engine

from adapters.read_models.tables import (
    audit_table,
    expense_corrections_table,
    ledger_table,
    status_table,
    visit_corrections_table,
    visits_table,
)
from domain.status import summary
from projections.audit_trail import microseconds
from projections.recorded import Decoder


def _raw(table: Any) -> list[Any]:
    """The table's columns, ids as their 16 bytes: a report compares and groups them, and
    never shows them, so they are not turned into text a million times."""
    return [
        type_coerce(c, LargeBinary).label(c.name)
        if isinstance(c.type, TypeDecorator) and isinstance(c.type.impl, LargeBinary)
        else c
        for c in table.c
    ]


@dataclass(frozen=True)
class Event:
    """A row of a partnership's audit trail."""

    position: int
    version: int
    type: str
    occurred_on: str
    recorded_at: str
    recorded_by: str
    source: str | None
    summary: str


@dataclass
class Records:
    """Everything recorded about one partnership up to a log position, as the read models hold
    it: its status row, its events, its expenses and visits as first recorded, and the
    corrections and voids over each (in log order)."""

    status: dict[str, Any]
    events: list[Event] = field(default_factory=list)
    expenses: list[Any] = field(default_factory=list)
    visits: list[Any] = field(default_factory=list)
    expense_corrections: dict[bytes, list[Any]] = field(default_factory=dict)
    visit_corrections: dict[bytes, list[Any]] = field(default_factory=dict)


class RegisterRecords:
    """Reads the read models for a report, up to the log position ``head``, optionally for one
    partnership and as the register described it at ``known_at``."""

    def __init__(
        self,
        engine: Engine,
        events_table: Any,
        *,
        head: int,
        partnership_id: str | None = None,
        known_at: datetime | None = None,
    ) -> None:
        self._engine = engine
        self._events = events_table
        self._head = head
        self._partnership_id = partnership_id
        self._known_at = known_at

    def _only(self, query: Select[Any], table: Any) -> Select[Any]:
        query = query.where(table.c.position <= self._head)
        if self._partnership_id is not None:
            query = query.where(table.c.partnership_id == self._partnership_id)
        return query

    def count(self) -> int:
        """How many partnerships the report will have pages for (at most)."""
        query = self._only(select(func.count()).select_from(status_table), status_table)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def _known_positions(self, connection: Connection) -> dict[bytes, int] | None:
        """Each partnership's last log position recorded by ``known_at`` (None: no limit)."""
        if self._known_at is None:
            return None
        audit = audit_table.c
        query = self._only(
            select(type_coerce(audit.partnership_id, LargeBinary), func.max(audit.position))
            .where(audit.recorded_us <= microseconds(self._known_at))
            .group_by(audit.partnership_id),
            audit_table,
        )
        return {bytes(pid): int(position) for pid, position in connection.execute(query)}

    def partnerships(self) -> Iterator[Records]:
        """Each partnership's records, in the order of their ids."""
        with self._engine.connect() as connection:
            known = self._known_positions(connection)
            expense_fixes = self._corrections(connection, expense_corrections_table, "expense_id")
            visit_fixes = self._corrections(connection, visit_corrections_table, "visit_id")
            streams = {
                "events": self._audit(connection),
                "expenses": self._rows(connection, ledger_table),
                "visits": self._rows(connection, visits_table),
            }
            ahead: dict[str, tuple[bytes, list[Any]] | None] = {
                name: next(stream, None) for name, stream in streams.items()
            }
            statuses = connection.execute(
                self._only(select(*_raw(status_table)), status_table).order_by(
                    status_table.c.partnership_id
                )
            ).mappings()
            for row in list(statuses):
                pid = bytes(row["partnership_id"])
                up_to = self._head if known is None else known.get(pid)
                taken: dict[str, list[Any]] = {}
                for name, stream in streams.items():
                    # Every stream is in the order of partnership ids too: take this one's rows.
                    group = ahead[name]
                    while group is not None and group[0] < pid:
                        group = next(stream, None)
                    if group is not None and group[0] == pid:
                        taken[name] = group[1]
                        group = next(stream, None)
                    ahead[name] = group
                if up_to is None:  # not yet recorded at that moment
                    continue
                yield _records(dict(row), taken, up_to, expense_fixes, visit_fixes)

    def _rows(self, connection: Connection, table: Any) -> Iterator[tuple[bytes, list[Any]]]:
        query = self._only(select(*_raw(table)), table).order_by(
            table.c.partnership_id, table.c.position
        )
        result = connection.execution_options(stream_results=True, yield_per=5_000).execute(query)
        for pid, rows in groupby(result, key=lambda r: r.partnership_id):
            yield bytes(pid), list(rows)

    def _audit(self, connection: Connection) -> Iterator[tuple[bytes, list[Any]]]:
        audit, events = audit_table.c, self._events.c
        query = self._only(
            select(
                audit.position,
                type_coerce(audit.partnership_id, LargeBinary).label("partnership_id"),
                audit.version,
                audit.event_type,
                audit.recorded_by,
                audit.source,
                events.topic,
                events.state,
            )
            .select_from(audit_table.join(self._events, events.id == audit.position))
            .order_by(audit.partnership_id, audit.recorded_us),
            audit_table,
        )
        result = connection.execution_options(stream_results=True, yield_per=5_000).execute(query)
        decoder = Decoder()
        for pid, rows in groupby(result, key=lambda r: r.partnership_id):
            trail = []
            for r in rows:
                event = decoder.decode(r.position, bytes(pid), r.version, r.topic, r.state)
                trail.append(
                    Event(
                        position=r.position,
                        version=r.version,
                        type=r.event_type,
                        occurred_on=event.occurred_on,
                        recorded_at=event.recorded_at,
                        recorded_by=r.recorded_by,
                        source=r.source,
                        summary=summary(event.type, event.data, event.occurred_on),
                    )
                )
            trail.sort(key=lambda e: e.position)
            yield bytes(pid), trail

    def _corrections(self, connection: Connection, table: Any, key: str) -> dict[bytes, list[Any]]:
        """Every correction and void up to the head, by the record it is over, in log order.
        Corrections are few beside the records, so they are held whole."""
        query = (
            select(*_raw(table)).where(table.c.position <= self._head).order_by(table.c.position)
        )
        found: dict[bytes, list[Any]] = {}
        for row in connection.execute(query):
            found.setdefault(bytes(row._mapping[key]), []).append(row)
        return found


def _records(
    status: dict[str, Any],
    taken: dict[str, list[Any]],
    up_to: int,
    expense_fixes: dict[bytes, list[Any]],
    visit_fixes: dict[bytes, list[Any]],
) -> Records:
    status["rooms"] = [r for r in json.loads(status["rooms"]) if r["position"] <= up_to]
    if status["severed_position"] is not None and status["severed_position"] > up_to:
        status.update(severed_on=None, severance_reason=None, severance_announced_by=None)
    events = [e for e in taken.get("events", []) if e.position <= up_to]
    expenses = [r for r in taken.get("expenses", []) if r.position <= up_to]
    visits = [r for r in taken.get("visits", []) if r.position <= up_to]
    return Records(
        status=status,
        events=events,
        expenses=expenses,
        visits=visits,
        expense_corrections={
            r.expense_id: [c for c in expense_fixes.get(r.expense_id, []) if c.position <= up_to]
            for r in expenses
        },
        visit_corrections={
            r.visit_id: [c for c in visit_fixes.get(r.visit_id, []) if c.position <= up_to]
            for r in visits
        },
    )
