"""The audit trail: one row per event of the whole register, in log order.

A row's event data is not copied: the row is keyed by the event's log position, and readers
take the data from the stored event itself, in the same database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.status import summary
from projections.recorded import Recorded

NAME = "audit_trail"

COLUMNS = (
    "position",
    "partnership_id",
    "version",
    "event_type",
    "occurred_on",
    "recorded_at",
    "recorded_us",
    "recorded_by",
    "source",
    "summary",
)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def microseconds(moment: str | datetime) -> int:
    """A recording time as whole microseconds since 1970, to compare and index exactly."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def row(event: Recorded) -> tuple[Any, ...]:
    """The audit trail's row for an event, in the order of COLUMNS."""
    return (
        event.position,
        event.partnership_id,
        event.version,
        event.type,
        event.occurred_on,
        event.recorded_at,
        microseconds(event.recorded_at),
        event.recorded_by,
        event.source,
        summary(event.type, event.data, event.occurred_on),
    )
