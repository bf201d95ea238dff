"""The register status: one row per partnership for what belongs to the partnership itself.

Its visits and its spend are not counted here but summed, when asked, over the visits and the
spending ledger as corrected, so a correction or a voided record changes them in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.recorded import Recorded

NAME = "status"

# The events that change a partnership's row beyond its version.
CHANGES = frozenset({"Established", "RoomNamed", "TiesSevered"})


def established(event: Recorded) -> dict[str, Any]:
    """The first row of a partnership."""
    d = event.data
    return {
        "partnership_id": event.partnership_id,
        "position": event.position,
        "reference": d["reference"],
        "council": d["council"],
        "city": d["city"],
        "country": d["country"],
        "description": d.get("description"),
        "established_on": event.occurred_on,
        "severed_on": None,
        "severance_reason": None,
        "severance_announced_by": None,
        "severed_position": None,
        "rooms": [],
        "version": event.version,
    }


def apply(row: dict[str, Any], event: Recorded) -> None:
    """Changes a partnership's row (in place) by one of its later events."""
    d = event.data
    if event.type == "RoomNamed":
        room = {
            "room": d["room"],
            "building": d["building"],
            "named_on": event.occurred_on,
            "position": event.position,
        }
        row["rooms"] = [*row["rooms"], room]
    elif event.type == "TiesSevered":
        row["severed_on"] = event.occurred_on
        row["severance_reason"] = d["reason"]
        row["severance_announced_by"] = d["announced_by"]
        row["severed_position"] = event.position
    row["version"] = event.version


Prepared = tuple[list[Recorded], dict[str, int]]


def prepare(events: Sequence[Recorded]) -> Prepared:
    """A stretch of the log's events that change a partnership's row, and each partnership's
    newest version: all the rest leaves the status as it was."""
    versions = {e.partnership_id: e.version for e in events}
    return [e for e in events if e.type in CHANGES], versions


def combine(first: Prepared, then: Prepared) -> Prepared:
    """What two consecutive stretches of the log prepared, as one (the first, added to)."""
    first[0].extend(then[0])
    first[1].update(then[1])
    return first
