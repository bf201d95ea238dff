"""Visits: one row per delegation's visit, both directions, with the spend attributed to it."""

from __future__ import annotations

from typing import Any

import orjson

from projections.money import pence
from projections.recorded import Recorded

NAME = "visits"

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
SPEND_COLUMNS = ("position", "visit_id", "spend_pence")


def row(event: Recorded) -> tuple[Any, ...] | None:
    """The row of a visit, in the order of COLUMNS; None for any other event."""
    if event.type != "DelegationVisited":
        return None
    d = event.data
    return (
        d["visit_id"],
        event.position,
        event.partnership_id,
        event.occurred_on,
        d["direction"],
        d["delegation"],
        orjson.dumps(d.get("members") or []).decode(),
        d.get("purpose"),
    )


def spend(event: Recorded) -> tuple[Any, ...] | None:
    """An expense's spend attributed to its visit, in the order of SPEND_COLUMNS; None if the
    event is no expense of a visit. A visit's spend is the sum of what is attributed to it."""
    if event.type != "ExpenseIncurred" or not event.data.get("visit_id"):
        return None
    return (event.position, event.data["visit_id"], pence(event.data["amount"]))
