"""The register's read models: SQL tables a projector keeps from the event log, and the queries
of each view (status, audit trail, spending ledger, visits).

A command that reads views already up to date asks their ``Queries`` alone; the projector (and
the event store it reads) is imported only by what keeps the views, through ``ReadModels``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from adapters.read_models.audit import AuditRow
from adapters.read_models.ledger import ExpenseRow, YearTotal, expense_row, year_totals
from adapters.read_models.queries import Queries
from adapters.read_models.visits import VisitRow

if TYPE_CHECKING:
    from adapters.read_models.projector import (
        PAGE,
        HistoryMismatchError,
        ProjectionState,
        UnknownViewError,
    )
    from adapters.read_models.views import VIEW_NAMES, VIEWS
    from domain.register import PartnershipRegister

__all__ = [
    "PAGE",
    "VIEWS",
    "VIEW_NAMES",
    "AuditRow",
    "ExpenseRow",
    "HistoryMismatchError",
    "ProjectionState",
    "Queries",
    "ReadModels",
    "UnknownViewError",
    "VisitRow",
    "YearTotal",
    "expense_row",
    "year_totals",
]

# The names of the projector and the views, imported only when first asked for.
_KEEPING = {
    "PAGE": "projector",
    "HistoryMismatchError": "projector",
    "ProjectionState": "projector",
    "UnknownViewError": "projector",
    "VIEWS": "views",
    "VIEW_NAMES": "views",
}


def __getattr__(name: str) -> Any:
    module = _KEEPING.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(import_module(f"{__name__}.{module}"), name)


class ReadModels(Queries):
    """The register's read models in its own database: kept and rebuilt by their projector,
    and read by the queries of each view."""

    def __init__(
        self, register: PartnershipRegister, *, page: int | None = None, checked: bool = True
    ) -> None:
        from adapters.read_models.projector import PAGE, Projector  # noqa: PLC0415 (keeping only)

        self.projector = Projector(register, page=PAGE if page is None else page, checked=checked)
        super().__init__(self.projector.engine, self.projector.events)

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
