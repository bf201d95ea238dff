"""A row of the status view, with the visits and spend summed for its partnership, as the
``PartnershipStatus`` it describes (as it stands, or stood): one reading of the view's rows for
the queries through SQLAlchemy and for those in plain SQL (``fresh_status``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import NotYetEstablishedError
from domain.status import NamedRoom, PartnershipStatus, VisitCounts
from projections.money import pounds


def status_of_row(
    row: Any,
    visited: Any,
    spend: Mapping[str, int],
    *,
    as_of: date | None = None,
    up_to: int | None = None,
    version: int | None = None,
) -> PartnershipStatus:
    """The partnership of a row of the status view (its columns by name, the id as text), with
    its visits as they stand (``inbound``, ``outbound``, ``last_visit_on``; None for none) and
    every partnership's spend in pence by id; as it stood on ``as_of``, up to the log position
    ``up_to``, after its ``version``-th event, where given."""

    def day(text: str | None) -> date | None:
        return None if text is None else date.fromisoformat(text)

    established_on = date.fromisoformat(row["established_on"])
    if as_of is not None and as_of < established_on:
        raise NotYetEstablishedError(
            f"{row['reference']} was established on {established_on}, after {as_of}"
        )
    last_day = date.max if as_of is None else as_of
    last_position = row["severed_position"] if up_to is None else up_to
    severed_on = day(row["severed_on"])
    severed = (
        severed_on is not None
        and severed_on <= last_day
        and row["severed_position"] <= last_position
    )
    rooms = [
        r
        for r in json.loads(row["rooms"])
        if date.fromisoformat(r["named_on"]) <= last_day
        and (up_to is None or r["position"] <= up_to)
    ]
    return PartnershipStatus(
        partnership_id=UUID(row["partnership_id"]),
        reference=row["reference"],
        council=row["council"],
        city=row["city"],
        country=row["country"],
        description=row["description"],
        established_on=established_on,
        severed_on=severed_on if severed else None,
        severance_reason=row["severance_reason"] if severed else None,
        severance_announced_by=row["severance_announced_by"] if severed else None,
        visits=VisitCounts(
            inbound=int(visited.inbound) if visited else 0,
            outbound=int(visited.outbound) if visited else 0,
        ),
        last_visit_on=day(visited.last_visit_on) if visited else None,
        total_spend=pounds(spend.get(row["partnership_id"], 0)),
        rooms=tuple(NamedRoom(r["room"], r["building"]) for r in rooms),
        version=row["version"] if version is None else version,
    )
