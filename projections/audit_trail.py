"""The audit trail: one row per event of the whole register, in log order.

A row holds what reports search and sort by: whose event it is, of what kind, when it happened and
when and by whom it was recorded (the name given and the account that stored it). The rest is not
copied: the row is keyed by the event's log position, and readers take the event's data, its
recording time as the store wrote it and its one-line summary from the stored event itself, in
the same database, so rewording a summary never needs a rebuild.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from projections.recorded import Recorded

NAME = "audit_trail"

COLUMNS = (
    "position",
    "partnership_id",
    "version",
    "event_type",
    "occurred_on",
    "recorded_us",
    "recorded_by",
    "account",
    "source",
)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def microseconds(moment: str | datetime) -> int:
    """A recording time as whole microseconds since 1970, to compare and index exactly."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    since = moment - _EPOCH
    return (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds


def row(event: Recorded) -> tuple[Any, ...]:
    """The audit trail's row for an event, in the order of COLUMNS."""
    return (
        event.position,
        event.partnership,
        event.version,
        event.type,
        event.occurred_on,
        microseconds(event.recorded_at),
        event.recorded_by,
        event.account,
        event.source,
    )
