"""The status view's queries: partnerships as they stand, or stood on a date, as known at a
moment or after a version, with their visits and spend summed over the other views."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from adapters.read_models.standing import current_expenses, current_visits
from adapters.read_models.status_rows import status_of_row
from adapters.read_models.tables import audit_table, status_table
from domain.directions import INBOUND
from domain.errors import (
    NotYetRecordedError,
    PartnershipNotFoundError,
    VersionNotFoundError,
)
from domain.status import PartnershipStatus
from projections.audit_trail import microseconds


def status(engine: Engine, partnership_id: UUID) -> PartnershipStatus:
    """A partnership as it stands."""
    found = _statuses(engine, str(partnership_id))
    if not found:
        raise PartnershipNotFoundError(f"no partnership has the id {partnership_id}")
    return found[0]


def statuses(engine: Engine) -> list[PartnershipStatus]:
    """Every partnership as it stands, in the order they were established."""
    return _statuses(engine, None)


def status_at(
    engine: Engine,
    partnership_id: UUID,
    *,
    as_of: date | None = None,
    known_at: datetime | None = None,
    version: int | None = None,
) -> PartnershipStatus:
    """A partnership as it stood on a business date, as the register described it at a
    recording time or after its N-th event, or both: every row carries the log position
    that recorded it, so "as known then" keeps the rows recorded up to the partnership's
    last event by then, and "as of" the facts dated by the date."""
    pid, audit = str(partnership_id), audit_table.c
    up_to = None
    with engine.connect() as connection:
        if known_at is not None:
            up_to = connection.execute(
                select(func.max(audit.position)).where(
                    audit.partnership_id == pid, audit.recorded_us <= microseconds(known_at)
                )
            ).scalar()
            if up_to is None:
                raise NotYetRecordedError(
                    f"the register held nothing about {pid} at {known_at.isoformat()}"
                )
        elif version is not None:
            up_to = connection.execute(
                select(audit.position).where(audit.partnership_id == pid, audit.version == version)
            ).scalar()
            if up_to is None:
                head = connection.execute(
                    select(func.max(audit.version)).where(audit.partnership_id == pid)
                ).scalar()
                raise VersionNotFoundError(f"{pid} has versions 1 to {head}, not version {version}")
    found = _statuses(engine, pid, as_of=as_of, up_to=up_to)
    if not found:
        raise PartnershipNotFoundError(f"no partnership has the id {partnership_id}")
    return found[0]


def _statuses(
    engine: Engine,
    partnership_id: str | None,
    *,
    as_of: date | None = None,
    up_to: int | None = None,
) -> list[PartnershipStatus]:
    """Partnerships with their visits and spend summed over the records as they stand (or
    stood: recorded up to a log position, dated by a date)."""
    visited = current_visits(up_to)
    spent = current_expenses(up_to)
    counts = select(
        visited.c.partnership_id,
        func.sum(case((visited.c.direction == INBOUND, 1), else_=0)).label("inbound"),
        func.sum(case((visited.c.direction == INBOUND, 0), else_=1)).label("outbound"),
        func.max(visited.c.occurred_on).label("last_visit_on"),
    ).group_by(visited.c.partnership_id)
    totals = select(spent.c.partnership_id, func.sum(spent.c.amount_pence).label("pence")).group_by(
        spent.c.partnership_id
    )
    rows = select(status_table).order_by(status_table.c.position)
    versions = None
    if as_of is not None:
        counts = counts.where(visited.c.occurred_on <= as_of.isoformat())
        totals = totals.where(spent.c.occurred_on <= as_of.isoformat())
    if partnership_id is not None:
        rows = rows.where(status_table.c.partnership_id == partnership_id)
        counts = counts.where(visited.c.partnership_id == partnership_id)
        totals = totals.where(spent.c.partnership_id == partnership_id)
    if up_to is not None:
        rows = rows.where(status_table.c.position <= up_to)
        versions = (
            select(audit_table.c.partnership_id, func.max(audit_table.c.version))
            .where(audit_table.c.position <= up_to)
            .group_by(audit_table.c.partnership_id)
        )
        if partnership_id is not None:
            versions = versions.where(audit_table.c.partnership_id == partnership_id)
    with engine.connect() as connection:
        visit_figures = {r.partnership_id: r for r in connection.execute(counts)}
        spend = {r.partnership_id: int(r.pence) for r in connection.execute(totals)}
        known: dict[str, int] | None = None
        if versions is not None:
            known = {pid: int(v) for pid, v in connection.execute(versions)}
        return [
            status_of_row(
                r._mapping,
                visit_figures.get(r.partnership_id),
                spend,
                as_of=as_of,
                up_to=up_to,
                version=None if known is None else known.get(r.partnership_id),
            )
            for r in connection.execute(rows)
        ]
