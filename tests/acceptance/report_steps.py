"""The steps that read the register's reports as the committee, the treasurer and the auditor
read them: the status report, the audit trail, spending by financial year and what each visit
cost, from the same queries the `partnerships` commands answer from.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from adapters.read_models import (
    AuditRow,
    ReadModels,
    VisitRow,
    YearTotal,
)
from domain.directions import INBOUND, OUTBOUND
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from domain.status import PartnershipStatus
from tests.acceptance.vocabulary import (
    CITY,
    DELEGATION,
    STATUS_COLUMNS,
    THE_COUNCIL,
    WENT,
    Column,
    attempt,
    caught_up,
    cities,
    in_pence,
    iso_date,
    optional,
    partnership_id_of,
    phrase,
    pounds,
    record_expense,
    reference_of,
    report_reads,
    same_words,
    status_of,
    table,
    unless_refused,
    visit_of,
)

# The status report


@when("the committee reads the status report", target_fixture="status_report")
def read_status_report(read_models: ReadModels) -> list[PartnershipStatus]:
    return caught_up(read_models).statuses()


@when(
    phrase("the committee asks for the status report of the partnership with {city}"),
    target_fixture="refusal",
)
def ask_for_one_status(
    register: PartnershipRegister, read_models: ReadModels, city: str
) -> RegisterError | None:
    return attempt(lambda: status_of(read_models, register, city))


@then("the status report reads:")
def status_report_reads(status_report: list[PartnershipStatus], datatable: list[list[str]]) -> None:
    report_reads("status report", status_report, STATUS_COLUMNS, datatable)


@then(phrase("the status report of the partnership with {city} reads:"))
def status_of_one_reads(
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    datatable: list[list[str]],
) -> None:
    status = status_of(read_models, register, city)
    report_reads(f"status report{unless_refused(refusal)}", [status], STATUS_COLUMNS, datatable)


@then("the status report agrees with each partnership's own history in the register")
def status_report_agrees(
    register: PartnershipRegister, status_report: list[PartnershipStatus]
) -> None:
    own = register.statuses()
    assert status_report == own, f"the report says {status_report}, the histories say {own}"


# The audit trail


def _visit_between(origin: str, destination: str) -> tuple[str, str]:
    """The partner city and direction of a visit written "from ORIGIN to DESTINATION"."""
    if same_words(destination, THE_COUNCIL):
        return origin, INBOUND
    if same_words(origin, THE_COUNCIL):
        return destination, OUTBOUND
    pytest.fail(f"a visit goes from or to {THE_COUNCIL!r}, not {origin} to {destination}")


def _twinned(register: PartnershipRegister, by: str, source: str | None, **r: Any) -> None:
    register.establish(
        council=r["council"],
        city=r["city"],
        country=r["country"],
        established_on=r["on"],
        recorded_by=by,
        source=source,
    )


def _visited(register: PartnershipRegister, by: str, source: str | None, **r: Any) -> None:
    city, direction = _visit_between(r["origin"], r["destination"])
    register.record_visit(
        reference_of(register, city),
        occurred_on=r["on"],
        direction=direction,
        delegation=DELEGATION,
        recorded_by=by,
        source=source,
    )


def _paid(register: PartnershipRegister, by: str, source: str | None, **r: Any) -> None:
    register.record_expense(
        reference_of(register, r["city"]),
        occurred_on=r["on"],
        amount=r["amount"],
        beneficiary=r["beneficiary"],
        purpose=r["purpose"],
        recorded_by=by,
        source=source,
    )


def _room_named(register: PartnershipRegister, by: str, source: str | None, **r: Any) -> None:
    register.name_room(
        reference_of(register, r["city"]),
        room=r["room"],
        building=r["building"],
        named_on=r["on"],
        recorded_by=by,
        source=source,
    )


def _severed(register: PartnershipRegister, by: str, source: str | None, **r: Any) -> None:
    register.sever(
        reference_of(register, r["city"]),
        severed_on=r["on"],
        reason=r["why"],
        announced_by=r["who"],
        recorded_by=by,
        source=source,
    )


# How a record is written in a history's data table, and how it is made.
RECORDS: tuple[tuple[parsers.parse, Callable[..., None]], ...] = (
    (phrase("{council} twinned with {city} in {country} since {on:Date}"), _twinned),
    (phrase("a delegation from {origin} visited {destination} on {on:Date}"), _visited),
    (
        phrase(
            "{amount:Money} paid to {beneficiary} on {on:Date} for {purpose}, "
            "charged to the partnership with {city}"
        ),
        _paid,
    ),
    (phrase('"{room}" in "{building}" named in honour of {city} on {on:Date}'), _room_named),
    (
        phrase("the ties with {city} severed on {on:Date}, announced by {who}, because {why}"),
        _severed,
    ),
)


@given("these records were made, in this order:")
def these_records(register: PartnershipRegister, datatable: list[list[str]]) -> None:
    for row in table(datatable):
        for pattern, make in RECORDS:
            found = pattern.parser.parse(row["record"])
            if found is not None:
                make(register, row["recorded by"], row["evidence"] or None, **found.named)
                break
        else:
            written = [pattern.name for pattern, _ in RECORDS]
            pytest.fail(f"no record is written {row['record']!r}; records are written {written}")


@given(phrase('an officer signed in as "{account}" made this record:'))
def records_from_account(
    register: PartnershipRegister, account: str, datatable: list[list[str]]
) -> None:
    """Stands for signing in to another account: the register is told the account, as its
    storage tells it whom the database or the operating system knows the officer as."""
    register.account = account
    these_records(register, datatable)


@when("the auditor reads the audit trail", target_fixture="audit_trail")
def read_audit_trail(read_models: ReadModels) -> list[AuditRow]:
    return caught_up(read_models).audit()


@when(
    parsers.re(f"the auditor reads the audit trail of the partnership with {CITY}"),
    target_fixture="audit_trail",
)
def read_audit_trail_of(
    register: PartnershipRegister, read_models: ReadModels, city: str
) -> list[AuditRow]:
    return caught_up(read_models).audit(partnership_id_of(register, city))


@then("the audit trail reads:")
def audit_trail_reads(
    register: PartnershipRegister, audit_trail: list[AuditRow], datatable: list[list[str]]
) -> None:
    city = cities(register)
    columns: dict[str, Column] = {
        "partner city": (lambda r: city[r.partnership_id], str),
        "on": (lambda r: date.fromisoformat(r.occurred_on), iso_date),
        "recorded by": (lambda r: r.recorded_by, str),
        "evidence": (lambda r: r.source, optional(str)),
        "summary": (lambda r: r.summary, str),
    }
    report_reads("audit trail", audit_trail, columns, datatable)


@then(
    phrase(
        'the last record shows "{name}" as its recorder, and "{account}" as the account that '
        "stored it"
    )
)
def last_record_shows_account(audit_trail: list[AuditRow], name: str, account: str) -> None:
    assert audit_trail, "the audit trail is empty"
    last = audit_trail[-1]
    assert (last.recorded_by, last.account) == (name, account), last


@then("each record in the audit trail shows when it was made, none earlier than the one before")
def audit_trail_in_order_made(audit_trail: list[AuditRow]) -> None:
    assert audit_trail, "the audit trail is empty"
    made = [datetime.fromisoformat(r.recorded_at) for r in audit_trail]
    positions = [r.position for r in audit_trail]
    assert all(when.tzinfo is not None for when in made), f"made at {made}, in no time zone"
    assert made == sorted(made), f"made at {made}"
    assert made[-1] <= datetime.now(UTC), f"the last record was made in the future: {made[-1]}"
    assert positions == sorted(set(positions)), f"the records stand at {positions}"


# Spending by financial year, and what each visit cost


@given(phrase("these sums were spent on the {city} visit of {on:Date}:"))
def these_sums_on_a_visit(
    register: PartnershipRegister, city: str, on: date, datatable: list[list[str]]
) -> None:
    visit_id = visit_of(register, city, on)
    for row in table(datatable):
        record_expense(
            register,
            city,
            iso_date(row["spent on"]),
            pounds(row["amount"]),
            beneficiary=row["paid to"],
            purpose=row["for"],
            visit_id=visit_id,
        )


YEAR_COLUMNS: dict[str, Column] = {
    "year": (lambda t: t.year, str),
    "total": (lambda t: in_pence(t.total), pounds),
    "sums": (lambda t: t.count, int),
}


@when("the treasurer totals the spending by financial year", target_fixture="year_totals")
def total_by_year(read_models: ReadModels) -> list[YearTotal]:
    return caught_up(read_models).totals_by_year()


@when(
    phrase("the treasurer totals the spending on the partnership with {city} by financial year"),
    target_fixture="year_totals",
)
def total_by_year_of(
    register: PartnershipRegister, read_models: ReadModels, city: str
) -> list[YearTotal]:
    return caught_up(read_models).totals_by_year(partnership_id_of(register, city))


@then("the spending by financial year is:")
def spending_by_year_is(year_totals: list[YearTotal], datatable: list[list[str]]) -> None:
    report_reads("spending by financial year", year_totals, YEAR_COLUMNS, datatable)


@when("the treasurer reads what each visit cost", target_fixture="visit_costs")
def read_visit_costs(read_models: ReadModels) -> list[VisitRow]:
    return caught_up(read_models).visits()


@then("the visits cost:")
def visits_cost(
    register: PartnershipRegister, visit_costs: list[VisitRow], datatable: list[list[str]]
) -> None:
    city = cities(register)
    columns: dict[str, Column] = {
        "partner city": (lambda v: city[v.partnership_id], str),
        "on": (lambda v: date.fromisoformat(v.occurred_on), iso_date),
        "delegation went": (lambda v: WENT[v.direction], str),
        "cost": (lambda v: in_pence(v.spend), pounds),
    }
    report_reads("visits' cost", visit_costs, columns, datatable)
