"""The register's read models: SQL tables a projector keeps from the event log, and the queries
of each view (status, audit trail, spending ledger, visits).

Every name here is imported only when first asked for, so that each command loads only what it
uses: one that reads views already up to date asks their ``Queries`` alone (or, for where
partnerships stand on an SQLite store, ``fresh_status`` with no SQLAlchemy at all); the
projector (and the event store it reads) is imported only by what keeps the views, through
``ReadModels``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.read_models.audit import AuditRow
    from adapters.read_models.keeping import ReadModels
    from adapters.read_models.ledger import ExpenseRow, YearTotal, expense_row, year_totals
    from adapters.read_models.projector import (
        PAGE,
        HistoryMismatchError,
        ProjectionState,
        UnknownViewError,
    )
    from adapters.read_models.queries import Queries
    from adapters.read_models.views import VIEW_NAMES, VIEWS
    from adapters.read_models.visits import VisitRow

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

# Each name, by the module of this package it is imported from when first asked for.
_MODULES = {
    "AuditRow": "audit",
    "ExpenseRow": "ledger",
    "YearTotal": "ledger",
    "expense_row": "ledger",
    "year_totals": "ledger",
    "Queries": "queries",
    "VisitRow": "visits",
    "ReadModels": "keeping",
    "PAGE": "projector",
    "HistoryMismatchError": "projector",
    "ProjectionState": "projector",
    "UnknownViewError": "projector",
    "VIEWS": "views",
    "VIEW_NAMES": "views",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(import_module(f"{__name__}.{module}"), name)
