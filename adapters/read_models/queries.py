"""What the commands that read ask the read models: the queries of every view, and finding a
partnership by its id or reference, over the read models' tables alone."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.engine import Engine

from adapters.read_models import audit as _audit
from adapters.read_models import ledger as _ledger
from adapters.read_models import status as _status
from adapters.read_models import visits as _visits
from adapters.read_models.audit import AuditRow
from adapters.read_models.ledger import ExpenseRow, YearTotal
from adapters.read_models.tables import status_table
from adapters.read_models.visits import VisitRow
from domain.errors import PartnershipNotFoundError
from domain.references import partnership_id_named
from domain.status import PartnershipStatus


class Queries:
    """The read models' queries, over the engine of the register's database and its table of
    events (which the audit trail reads each event's own fields from)."""

    def __init__(self, engine: Engine, events: Table) -> None:
        self._engine = engine
        self._events = events

    def find(self, partnership: str) -> UUID:
        """The id of the partnership named by its id or its reference, as the status view
        knows it (every partnership recorded, once the views are up to date)."""
        name = partnership.strip()
        partnership_id = partnership_id_named(name)
        query = select(status_table.c.partnership_id).where(
            status_table.c.partnership_id == str(partnership_id)
        )
        with self._engine.connect() as connection:
            if connection.execute(query).first() is None:
                raise PartnershipNotFoundError(f"no partnership has the id or reference {name!r}")
        return partnership_id

    def references(self) -> dict[str, str]:
        """Every partnership's reference by its id, for tables that name each row's one."""
        query = select(status_table.c.partnership_id, status_table.c.reference)
        with self._engine.connect() as connection:
            return {str(pid): str(reference) for pid, reference in connection.execute(query)}

    def status(self, partnership_id: UUID) -> PartnershipStatus:
        return _status.status(self._engine, partnership_id)

    def statuses(self) -> list[PartnershipStatus]:
        return _status.statuses(self._engine)

    def status_at(
        self,
        partnership_id: UUID,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> PartnershipStatus:
        return _status.status_at(
            self._engine, partnership_id, as_of=as_of, known_at=known_at, version=version
        )

    def audit(self, partnership_id: UUID | None = None) -> list[AuditRow]:
        return _audit.audit(self._engine, self._events, partnership_id)

    def expenses(self, partnership_id: UUID | None = None) -> list[ExpenseRow]:
        return _ledger.expenses(self._engine, partnership_id)

    def totals_by_year(self, partnership_id: UUID | None = None) -> list[YearTotal]:
        return _ledger.totals_by_year(self._engine, partnership_id)

    def visits(self, partnership_id: UUID | None = None) -> list[VisitRow]:
        return _visits.visits(self._engine, partnership_id)
