"""The visits' query: every visit as it stands, with its spend summed over its expenses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from adapters.read_models.standing import current_expenses, current_visits
from projections.money import pounds


@dataclass(frozen=True)
class VisitRow:
    visit_id: str
    partnership_id: str
    occurred_on: str
    direction: str
    delegation: str
    members: list[str]
    purpose: str | None
    spend: Decimal


def visits(engine: Engine, partnership_id: UUID | None = None) -> list[VisitRow]:
    """Every visit as it stands (of one partnership, or all), by date."""
    visited = current_visits()
    spent = current_expenses()
    spend = (
        select(spent.c.visit_id, func.sum(spent.c.amount_pence).label("pence"))
        .where(spent.c.visit_id.is_not(None))
        .group_by(spent.c.visit_id)
        .subquery()
    )
    query = (
        select(visited, func.coalesce(spend.c.pence, 0).label("spend_pence"))
        .select_from(visited.outerjoin(spend, spend.c.visit_id == visited.c.visit_id))
        .order_by(visited.c.occurred_on, visited.c.position)
    )
    if partnership_id is not None:
        query = query.where(visited.c.partnership_id == str(partnership_id))
    with engine.connect() as connection:
        return [
            VisitRow(
                visit_id=r.visit_id,
                partnership_id=r.partnership_id,
                occurred_on=r.occurred_on,
                direction=r.direction,
                delegation=r.delegation,
                members=json.loads(r.members),
                purpose=r.purpose,
                spend=pounds(int(r.spend_pence)),
            )
            for r in connection.execute(query)
        ]
