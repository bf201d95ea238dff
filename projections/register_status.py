"""The register status: one row per partnership, kept up to date event by event."""

from __future__ import annotations

from typing import Any

from domain.partnership import INBOUND
from projections.money import pence
from projections.recorded import Recorded

NAME = "status"


def established(event: Recorded) -> dict[str, Any]:
    """The first row of a partnership."""
    d = event.data
    return {
        "partnership_id": event.partnership_id,
        "reference": d["reference"],
        "council": d["council"],
        "city": d["city"],
        "country": d["country"],
        "description": d.get("description"),
        "established_on": event.occurred_on,
        "severed_on": None,
        "severance_reason": None,
        "severance_announced_by": None,
        "visits_inbound": 0,
        "visits_outbound": 0,
        "last_visit_on": None,
        "total_spend_pence": 0,
        "rooms": [],
        "version": event.version,
    }


def apply(row: dict[str, Any], event: Recorded) -> None:
    """Changes a partnership's row (in place) by one of its later events."""
    d = event.data
    if event.type == "DelegationVisited":
        row["visits_inbound" if d["direction"] == INBOUND else "visits_outbound"] += 1
        last = row["last_visit_on"]
        if last is None or event.occurred_on > last:
            row["last_visit_on"] = event.occurred_on
    elif event.type == "ExpenseIncurred":
        row["total_spend_pence"] += pence(d["amount"])
    elif event.type == "RoomNamed":
        row["rooms"] = [*row["rooms"], {"room": d["room"], "building": d["building"]}]
    elif event.type == "TiesSevered":
        row["severed_on"] = event.occurred_on
        row["severance_reason"] = d["reason"]
        row["severance_announced_by"] = d["announced_by"]
    row["version"] = event.version
