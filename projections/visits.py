"""Visits: one row per delegation's visit as first recorded, and one per correction or void.

A visit as it stands is its row overlaid by its latest correction, unless that voids it. Its
spend is the sum of the expenses that belong to it, as they stand in the spending ledger.
"""

from __future__ import annotations

from typing import Any

import orjson

from projections.recorded import Recorded, key

NAME = "visits"

# The kinds of event that make the visits' rows, and their corrections' rows.
VISITS = frozenset({"DelegationVisited"})
CORRECTIONS = frozenset({"VisitCorrected", "VisitVoided"})

COLUMNS = (
    "visit_id",
    "position",
    "partnership_id",
    "occurred_on",
    "direction",
    "delegation",
    "members",
    "purpose",
)

CORRECTION_COLUMNS = (
    "position",
    "visit_id",
    "occurred_on",
    "direction",
    "delegation",
    "purpose",
    "voided",
    "reason",
)


def row(event: Recorded) -> tuple[Any, ...] | None:
    """The row of a visit, in the order of COLUMNS; None for any other event."""
    if event.type != "DelegationVisited":
        return None
    d = event.stored
    return (
        key(d["visit_id"]),
        event.position,
        event.partnership,
        event.occurred_on,
        d["direction"],
        d["delegation"],
        orjson.dumps(d.get("members") or []).decode(),
        d.get("purpose"),
    )


def correction(event: Recorded) -> tuple[Any, ...] | None:
    """The row of a correction or a void, in the order of CORRECTION_COLUMNS; else None."""
    if event.type == "VisitCorrected":
        d = event.stored
        delegation, purpose, voided = d["delegation"], d.get("purpose"), 0
    elif event.type == "VisitVoided":
        d = event.stored
        delegation, purpose, voided = None, None, 1
    else:
        return None
    return (
        event.position,
        key(d["visit_id"]),
        event.occurred_on,
        d["direction"],
        delegation,
        purpose,
        voided,
        d["reason"],
    )
