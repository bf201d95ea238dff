"""The steps that throw the reports away and rebuild them from the history.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from pytest_bdd import given, then, when
from sqlalchemy import delete

from adapters.read_models import (
    VIEWS,
    ProjectionState,
    ReadModels,
)
from domain.register import PartnershipRegister
from tests.acceptance.vocabulary import (
    caught_up,
    phrase,
)

# Rebuilding the reports

# The reports as the features name them, and the read model each one is.
REPORTS = {
    "status report": "status",
    "audit trail": "audit_trail",
    "spending ledger": "spending_ledger",
    "record of visits": "visits",
}


def report_named(name: str) -> str:
    if name not in REPORTS:
        pytest.fail(f"no report is called {name!r}; the reports are {sorted(REPORTS)}")
    return REPORTS[name]


def every_report(register: PartnershipRegister, read_models: ReadModels) -> dict[str, object]:
    """Everything the reports answer, of the whole register and of each partnership."""
    models = caught_up(read_models)
    answers: dict[str, object] = {
        "the status report": models.statuses(),
        "the audit trail": models.audit(),
        "the spending ledger": models.expenses(),
        "the spending by financial year": models.totals_by_year(),
        "the record of visits": models.visits(),
    }
    for pid in register.partnership_ids():
        answers[f"the status of {pid}"] = models.status(pid)
        answers[f"the audit trail of {pid}"] = models.audit(pid)
        answers[f"the spending ledger of {pid}"] = models.expenses(pid)
        answers[f"the spending by financial year of {pid}"] = models.totals_by_year(pid)
        answers[f"the record of visits of {pid}"] = models.visits(pid)
    return answers


@given("every report has been read", target_fixture="reports_before")
def reports_read(register: PartnershipRegister, read_models: ReadModels) -> dict[str, object]:
    answers = every_report(register, read_models)
    assert answers["the audit trail"], "the reports were read before anything was recorded"
    return answers


@given(phrase("a fault left the {report} empty"))
def report_lost(register: PartnershipRegister, read_models: ReadModels, report: str) -> None:
    """Empties a report's tables behind its back (``read_models`` makes sure they exist)."""
    name = report_named(report)
    (view,) = (v for v in VIEWS if v.name == name)
    engine = cast(Any, register.recorder).datastore.engine
    with engine.begin() as connection:
        for view_table in view.tables:
            connection.execute(delete(view_table))


@given("all the reports were thrown away and rebuilt from the history")
def all_reports_rebuilt(read_models: ReadModels) -> None:
    read_models.rebuild()


@when(
    "all the reports are thrown away and rebuilt from the history",
    target_fixture="rebuilt",
)
def rebuild_every_report(read_models: ReadModels) -> list[ProjectionState]:
    read_models.rebuild()
    return read_models.states()


@when(phrase("the {report} is thrown away and rebuilt from the history"), target_fixture="rebuilt")
def rebuild_one_report(read_models: ReadModels, report: str) -> list[ProjectionState]:
    read_models.rebuild([report_named(report)])
    return read_models.states()


@then("every report has read the whole history")
def every_report_up_to_date(register: PartnershipRegister, rebuilt: list[ProjectionState]) -> None:
    recorded = sum(len(register.history(str(pid))) for pid in register.partnership_ids())
    assert sorted(s.name for s in rebuilt) == sorted(REPORTS.values()), rebuilt
    assert all(s.head == recorded for s in rebuilt), f"{recorded} records; {rebuilt}"
    assert all(s.position == s.head and s.lag == 0 for s in rebuilt), rebuilt


@then("every report reads exactly as it did before")
def every_report_as_before(
    register: PartnershipRegister, read_models: ReadModels, reports_before: dict[str, object]
) -> None:
    after = every_report(register, read_models)
    assert after.keys() == reports_before.keys()
    changed = [name for name in after if after[name] != reports_before[name]]
    assert not changed, (
        f"{', '.join(changed)} read differently; {changed[0]} was\n"
        f"{reports_before[changed[0]]}\nand became\n{after[changed[0]]}"
    )
