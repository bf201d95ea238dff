"""Steps that record sums and visits with every detail an officer gives, and read them back as the
officer sees them: the spending ledger, the record of visits and the audit trail, now or as they
stood in the past, from the same queries the `expenses`, `visits` and `audit` commands answer from.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import parsers, then, when

from adapters.read_models import AuditRow, ExpenseRow, ReadModels, VisitRow, expense_row
from domain.directions import INBOUND, OUTBOUND
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from tests.acceptance.vocabulary import (
    CITY,
    RECORDED_BY,
    THE_COUNCIL,
    Column,
    attempt,
    caught_up,
    iso_date,
    noted,
    optional,
    phrase,
    pounds,
    reference_of,
    report_reads,
    same_words,
    table,
    went_to,
)

YES_NO = {"yes": True, "no": False}


def _optional(text: str) -> str | None:
    return text or None


# Recording with every detail


@when(
    phrase(
        "{amount:Money} spent on {on:Date}, {vat:Money} of it irrecoverable VAT, "
        "is recorded against the partnership with {city}"
    ),
    target_fixture="refusal",
)
def spend_with_vat(
    register: PartnershipRegister, amount: Decimal, on: date, vat: Decimal, city: str
) -> RegisterError | None:
    return attempt(
        lambda: register.record_expense(
            reference_of(register, city),
            occurred_on=on,
            amount=amount,
            beneficiary="Exeford Florists",
            purpose="flowers for the visiting mayor",
            irrecoverable_vat=vat,
            recorded_by=RECORDED_BY,
        )
    )


@when(
    phrase("these sums are recorded against the partnership with {city}:"),
    target_fixture="refusal",
)
def record_sums_in_full(
    register: PartnershipRegister, city: str, datatable: list[list[str]]
) -> RegisterError | None:
    def record_all() -> None:
        for row in table(datatable):
            if row["paid by procurement card"] not in YES_NO:
                pytest.fail(f"paid by procurement card is yes or no, not {row!r}")
            register.record_expense(
                reference_of(register, city),
                occurred_on=iso_date(row["spent on"]),
                amount=pounds(row["amount"]),
                beneficiary=row["paid to"],
                purpose=row["for"],
                department=_optional(row["department"]),
                category=_optional(row["category"]),
                card_transaction=YES_NO[row["paid by procurement card"]],
                recorded_by=RECORDED_BY,
            )

    return attempt(record_all)


@when("these delegations are recorded as visiting:", target_fixture="refusal")
def record_visits_in_full(
    register: PartnershipRegister, datatable: list[list[str]]
) -> RegisterError | None:
    def record_all() -> None:
        for row in table(datatable):
            inbound = same_words(row["to"], THE_COUNCIL)
            register.record_visit(
                reference_of(register, row["from"] if inbound else row["to"]),
                occurred_on=iso_date(row["on"]),
                direction=INBOUND if inbound else OUTBOUND,
                delegation=row["delegation"],
                members=tuple(name.strip() for name in row["members"].split(";") if name.strip()),
                purpose=_optional(row["purpose"]),
                recorded_by=RECORDED_BY,
            )

    return attempt(record_all)


# The spending ledger and the record of visits, as they stand


@when(
    parsers.re(f"the treasurer reads the spending ledger of the partnership with {CITY}"),
    target_fixture="ledger",
)
def read_ledger(
    register: PartnershipRegister, read_models: ReadModels, city: str
) -> list[ExpenseRow]:
    return caught_up(read_models).expenses(register.find(reference_of(register, city)))


def _ledger_in_the_past(register: PartnershipRegister, city: str, **when: Any) -> list[ExpenseRow]:
    """The ledger asked about the past, answered as `expenses` answers it: from the
    partnership's own records."""
    return [
        expense_row(partnership_id, expense)
        for partnership_id, expense in register.expenses(reference_of(register, city), **when)
    ]


@when(
    phrase(
        "the treasurer reads the spending ledger of the partnership with {city} "
        "as it stood on {on:Date}"
    ),
    target_fixture="ledger",
)
def read_ledger_as_of(register: PartnershipRegister, city: str, on: date) -> list[ExpenseRow]:
    return _ledger_in_the_past(register, city, as_of=on)


@when(
    phrase(
        "the treasurer reads the spending ledger of the partnership with {city} "
        "as the register gave it at {moment}"
    ),
    target_fixture="ledger",
)
def read_ledger_as_known_at(
    register: PartnershipRegister, noted_times: Mapping[str, datetime], city: str, moment: str
) -> list[ExpenseRow]:
    return _ledger_in_the_past(register, city, known_at=noted(noted_times, moment))


@when(
    phrase(
        "the treasurer reads the spending ledger of the partnership with {city} "
        "as it stood after record {number:d}"
    ),
    target_fixture="ledger",
)
def read_ledger_at_record(
    register: PartnershipRegister, city: str, number: int
) -> list[ExpenseRow]:
    return _ledger_in_the_past(register, city, version=number)


LEDGER_COLUMNS: dict[str, Column] = {
    "spent on": (lambda r: r.occurred_on, str),
    "amount": (lambda r: r.amount, pounds),
    "paid to": (lambda r: r.beneficiary, str),
    "for": (lambda r: r.purpose, str),
    "department": (lambda r: r.department, optional(str)),
    "category": (lambda r: r.category, optional(str)),
    "irrecoverable VAT": (lambda r: r.irrecoverable_vat, optional(pounds)),
    "financial year": (lambda r: r.financial_year, str),
}


@then("the spending ledger reads:")
def ledger_reads(ledger: list[ExpenseRow], datatable: list[list[str]]) -> None:
    report_reads("spending ledger", ledger, LEDGER_COLUMNS, datatable)


@then(phrase("the spending ledger of the partnership with {city} reads:"))
def ledger_of_reads(
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    datatable: list[list[str]],
) -> None:
    assert refusal is None, f"the register refused: {refusal}"
    rows = caught_up(read_models).expenses(register.find(reference_of(register, city)))
    report_reads("spending ledger", rows, LEDGER_COLUMNS, datatable)


@then(
    parsers.re(
        r"the record of the (?P<amount>£[\d,.]+) spent on (?P<on>\S+) says it was "
        r"(?P<paid>paid|not paid) by procurement card"
    )
)
def paid_by_card(register: PartnershipRegister, amount: str, on: str, paid: str) -> None:
    """What the partnership's history (the `history` command) says of one sum."""
    found = [
        entry.data
        for pid in register.partnership_ids()
        for entry in register.history(str(pid))
        if entry.type == "ExpenseIncurred"
        and entry.occurred_on == iso_date(on)
        and Decimal(str(entry.data["amount"])) == pounds(amount)
    ]
    assert len(found) == 1, f"{len(found)} sums of {amount} were spent on {on}"
    assert found[0]["card_transaction"] is (paid == "paid"), found[0]


VISIT_COLUMNS: dict[str, Column] = {
    "on": (lambda v: v.occurred_on, str),
    "delegation went": (lambda v: v.direction, went_to),
    "delegation": (lambda v: v.delegation, str),
    "members": (lambda v: v.members, lambda t: [n.strip() for n in t.split(";") if n.strip()]),
    "purpose": (lambda v: v.purpose, optional(str)),
    "cost": (lambda v: v.spend, pounds),
}


@then(phrase("the record of visits of the partnership with {city} reads:"))
def visits_of_read(
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    datatable: list[list[str]],
) -> None:
    assert refusal is None, f"the register refused: {refusal}"
    rows: list[VisitRow] = caught_up(read_models).visits(
        register.find(reference_of(register, city))
    )
    report_reads("record of visits", rows, VISIT_COLUMNS, datatable)


# The audit trail in the past


def _trail_in_the_past(
    register: PartnershipRegister,
    read_models: ReadModels,
    city: str,
    *,
    as_of: date | None = None,
    known_at: datetime | None = None,
    version: int | None = None,
) -> list[AuditRow]:
    """The trail asked about the past, as `audit` answers it: its rows dated by the date,
    recorded by the moment, or up to the record."""
    rows = caught_up(read_models).audit(register.find(reference_of(register, city)))
    return [
        row
        for row in rows
        if (as_of is None or row.occurred_on <= as_of.isoformat())
        and (known_at is None or datetime.fromisoformat(row.recorded_at) <= known_at)
        and (version is None or row.version <= version)
    ]


@when(
    phrase(
        "the auditor reads the audit trail of the partnership with {city} as it stood on {on:Date}"
    ),
    target_fixture="audit_trail",
)
def read_trail_as_of(
    register: PartnershipRegister, read_models: ReadModels, city: str, on: date
) -> list[AuditRow]:
    return _trail_in_the_past(register, read_models, city, as_of=on)


@when(
    phrase(
        "the auditor reads the audit trail of the partnership with {city} "
        "as the register gave it at {moment}"
    ),
    target_fixture="audit_trail",
)
def read_trail_as_known_at(
    register: PartnershipRegister,
    read_models: ReadModels,
    noted_times: Mapping[str, datetime],
    city: str,
    moment: str,
) -> list[AuditRow]:
    return _trail_in_the_past(register, read_models, city, known_at=noted(noted_times, moment))


@when(
    phrase(
        "the auditor reads the audit trail of the partnership with {city} "
        "as it stood after record {number:d}"
    ),
    target_fixture="audit_trail",
)
def read_trail_at_record(
    register: PartnershipRegister, read_models: ReadModels, city: str, number: int
) -> list[AuditRow]:
    return _trail_in_the_past(register, read_models, city, version=number)
