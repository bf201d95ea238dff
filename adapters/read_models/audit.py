"""The audit trail's query: one row per event in log order, its recording time, summary and
data read from the stored event itself, which the row is keyed to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.engine import Engine

from adapters.read_models.tables import audit_table
from domain.status import summary
from projections.recorded import Decoder, Recorded


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


def audit(engine: Engine, events: Table, partnership_id: UUID | None = None) -> list[AuditRow]:
    """The audit trail (of one partnership, or all)."""
    query = (
        select(audit_table, events.c.topic, events.c.state)
        .select_from(audit_table.join(events, events.c.id == audit_table.c.position))
        .order_by(audit_table.c.position)
    )
    if partnership_id is not None:
        query = query.where(audit_table.c.partnership_id == str(partnership_id))
    decoder = Decoder()
    with engine.connect() as connection:
        return [
            _audit_row(r, decoder.decode(r.position, r.partnership_id, r.version, r.topic, r.state))
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
