"""The register's read models: SQL tables a projector keeps from the event log, and the queries
of each view (status, audit trail, spending ledger, visits)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from uuid import UUID

from adapters.read_models import audit as _audit
from adapters.read_models import ledger as _ledger
from adapters.read_models import status as _status
from adapters.read_models import visits as _visits
from adapters.read_models.audit import AuditRow
from adapters.read_models.ledger import ExpenseRow, YearTotal, expense_row, year_totals
from adapters.read_models.projector import (
    PAGE,
    HistoryMismatchError,
    ProjectionState,
    Projector,
    UnknownViewError,
)
from adapters.read_models.views import VIEW_NAMES, VIEWS
from adapters.read_models.visits import VisitRow
from domain.register import PartnershipRegister
from domain.status import PartnershipStatus

__all__ = [
    "VIEWS",
    "VIEW_NAMES",
    "AuditRow",
    "ExpenseRow",
    "HistoryMismatchError",
    "ProjectionState",
    "ReadModels",
    "UnknownViewError",
    "VisitRow",
    "YearTotal",
    "expense_row",
    "year_totals",
]


class ReadModels:
    """The register's read models in its own database: kept and rebuilt by their projector,
    and read by the queries of each view."""

    def __init__(
        self, register: PartnershipRegister, *, page: int = PAGE, checked: bool = True
    ) -> None:
        self.projector = Projector(register, page=page, checked=checked)
        self._engine = self.projector.engine

    # Keeping

    def head(self) -> int:
        return self.projector.head()

    def positions(self) -> dict[str, int]:
        return self.projector.positions()

    def lag(self) -> int:
        return self.projector.lag()

    def states(self) -> list[ProjectionState]:
        return self.projector.states()

    def known(self, name: str) -> str:
        return self.projector.known(name)

    def catch_up(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        return self.projector.catch_up(names, progress)

    def rebuild(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        return self.projector.rebuild(names, progress)

    # Reading

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
        return _audit.audit(self._engine, self.projector.events, partnership_id)

    def expenses(self, partnership_id: UUID | None = None) -> list[ExpenseRow]:
        return _ledger.expenses(self._engine, partnership_id)

    def totals_by_year(self, partnership_id: UUID | None = None) -> list[YearTotal]:
        return _ledger.totals_by_year(self._engine, partnership_id)

    def visits(self, partnership_id: UUID | None = None) -> list[VisitRow]:
        return _visits.visits(self._engine, partnership_id)
