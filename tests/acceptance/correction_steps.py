"""The steps that correct and void records, and check that the history keeps every original.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, then, when

from adapters.read_models import (
    AuditRow,
)
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from domain.status import HistoryEntry
from tests.acceptance.vocabulary import (
    OWN_NUMBER,
    RECORDED_BY,
    Column,
    attempt,
    cities,
    expense_as_recorded,
    iso_date,
    optional,
    phrase,
    reference_of,
    report_reads,
    visit_as_recorded,
    went_to,
)

# Correcting records


@dataclass(frozen=True)
class Corrector:
    """Who records the corrections, and on what evidence."""

    who: str
    evidence: str | None


@pytest.fixture
def corrector() -> Corrector:
    """The partnerships officer, citing nothing, unless a Given step names someone else."""
    return Corrector(RECORDED_BY, None)


@given(
    phrase("corrections are recorded by {who}, on the evidence of {evidence}"),
    target_fixture="corrector",
)
def corrections_recorded_by(who: str, evidence: str) -> Corrector:
    return Corrector(who, evidence)


def _correct_sum(
    register: PartnershipRegister,
    corrector: Corrector,
    recorded_as: Decimal,
    on: date,
    why: str,
    **changes: Any,
) -> None:
    reference, expense_id = expense_as_recorded(register, recorded_as, on)
    register.correct_expense(
        reference,
        expense_id,
        reason=why,
        recorded_by=corrector.who,
        source=corrector.evidence,
        **changes,
    )


def _void_sum(
    register: PartnershipRegister, corrector: Corrector, amount: Decimal, on: date, why: str
) -> None:
    reference, expense_id = expense_as_recorded(register, amount, on)
    register.void_expense(
        reference, expense_id, reason=why, recorded_by=corrector.who, source=corrector.evidence
    )


def _correct_visit(
    register: PartnershipRegister,
    corrector: Corrector,
    city: str,
    on: date,
    why: str,
    **changes: Any,
) -> None:
    register.correct_visit(
        reference_of(register, city),
        visit_as_recorded(register, city, on),
        reason=why,
        recorded_by=corrector.who,
        source=corrector.evidence,
        **changes,
    )


def _void_visit(
    register: PartnershipRegister, corrector: Corrector, city: str, on: date, why: str
) -> None:
    register.void_visit(
        reference_of(register, city),
        visit_as_recorded(register, city, on),
        reason=why,
        recorded_by=corrector.who,
        source=corrector.evidence,
    )


SUM = "the {amount:Money} spent on {on:Date}"
VISIT = "the {city} visit of {on:Date}"


@given(phrase(SUM + " was corrected to {new:Money}, because {why}"))
def sum_was_corrected(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    corrector: Corrector,
    amount: Decimal,
    on: date,
    new: Decimal,
    why: str,
) -> None:
    _correct_sum(register, corrector, amount, on, why, amount=new)


@when(phrase(SUM + " is corrected to {new:Money}, because {why}"), target_fixture="refusal")
def correct_sum(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    corrector: Corrector,
    amount: Decimal,
    on: date,
    new: Decimal,
    why: str,
) -> RegisterError | None:
    return attempt(lambda: _correct_sum(register, corrector, amount, on, why, amount=new))


@given(phrase(SUM + " was corrected to have been spent on {new:Date}, because {why}"))
def sum_was_redated(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    corrector: Corrector,
    amount: Decimal,
    on: date,
    new: date,
    why: str,
) -> None:
    _correct_sum(register, corrector, amount, on, why, occurred_on=new)


@when(
    phrase(SUM + " is corrected to have been spent on {new:Date}, because {why}"),
    target_fixture="refusal",
)
def redate_sum(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    corrector: Corrector,
    amount: Decimal,
    on: date,
    new: date,
    why: str,
) -> RegisterError | None:
    return attempt(lambda: _correct_sum(register, corrector, amount, on, why, occurred_on=new))


@given(phrase(SUM + " was voided, because {why}"))
def sum_was_voided(
    register: PartnershipRegister, corrector: Corrector, amount: Decimal, on: date, why: str
) -> None:
    _void_sum(register, corrector, amount, on, why)


@when(phrase(SUM + " is voided, because {why}"), target_fixture="refusal")
def void_sum(
    register: PartnershipRegister, corrector: Corrector, amount: Decimal, on: date, why: str
) -> RegisterError | None:
    return attempt(lambda: _void_sum(register, corrector, amount, on, why))


@given(phrase(VISIT + " was corrected to have gone {went}, because {why}"))
def visit_was_turned(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    corrector: Corrector,
    city: str,
    on: date,
    went: str,
    why: str,
) -> None:
    _correct_visit(register, corrector, city, on, why, direction=went_to(went))


@when(phrase(VISIT + " is corrected to have gone {went}, because {why}"), target_fixture="refusal")
def turn_visit(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    corrector: Corrector,
    city: str,
    on: date,
    went: str,
    why: str,
) -> RegisterError | None:
    direction = went_to(went)
    return attempt(lambda: _correct_visit(register, corrector, city, on, why, direction=direction))


@when(
    phrase(VISIT + " is corrected to have taken place on {new:Date}, because {why}"),
    target_fixture="refusal",
)
def redate_visit(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    corrector: Corrector,
    city: str,
    on: date,
    new: date,
    why: str,
) -> RegisterError | None:
    return attempt(lambda: _correct_visit(register, corrector, city, on, why, occurred_on=new))


@given(phrase(VISIT + " was voided, because {why}"))
def visit_was_voided(
    register: PartnershipRegister, corrector: Corrector, city: str, on: date, why: str
) -> None:
    _void_visit(register, corrector, city, on, why)


@when(phrase(VISIT + " is voided, because {why}"), target_fixture="refusal")
def void_visit(
    register: PartnershipRegister, corrector: Corrector, city: str, on: date, why: str
) -> RegisterError | None:
    return attempt(lambda: _void_visit(register, corrector, city, on, why))


@given(
    phrase("the auditor has noted every record in the history of the partnership with {city}"),
    target_fixture="noted",
)
def noted_history(register: PartnershipRegister, city: str) -> list[HistoryEntry]:
    return register.history(reference_of(register, city))


@then(
    phrase(
        "the history of the partnership with {city} still begins with the records the auditor "
        "noted, each unchanged"
    )
)
def noted_records_unchanged(
    register: PartnershipRegister, noted: list[HistoryEntry], city: str
) -> None:
    history = register.history(reference_of(register, city))
    assert history[: len(noted)] == noted, f"the history now begins {history[: len(noted)]}"


def summary_with_own_numbers_as_n(row: AuditRow) -> str:
    def hashed(found: re.Match[str]) -> str:
        own = str(row.data.get("expense_id" if found[1] == "Expense" else "visit_id"))
        assert own.startswith(found[2]), f"{row.summary!r} is a record of {own}"
        return f"{found[1]} N"

    return OWN_NUMBER.sub(hashed, row.summary)


@then("the audit trail reads, N standing for the number the register gives a record:")
def audit_trail_reads_numbered(
    register: PartnershipRegister, audit_trail: list[AuditRow], datatable: list[list[str]]
) -> None:
    city = cities(register)
    columns: dict[str, Column] = {
        "partner city": (lambda r: city[r.partnership_id], str),
        "on": (lambda r: date.fromisoformat(r.occurred_on), iso_date),
        "recorded by": (lambda r: r.recorded_by, str),
        "evidence": (lambda r: r.source, optional(str)),
        "summary": (summary_with_own_numbers_as_n, str),
    }
    report_reads("audit trail", audit_trail, columns, datatable)
