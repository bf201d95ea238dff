"""The steps of the whole Staffordshire–Ivanovo case: its records as the officer made them from
the newspaper's report, and the register's own demonstration of the same case.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from pytest_bdd import given, parsers, then, when

from adapters import demo
from adapters.read_models import AuditRow, ReadModels
from adapters.storage import close, environment
from domain.directions import INBOUND, OUTBOUND
from domain.register import PartnershipRegister
from domain.status import HistoryEntry
from tests.acceptance.vocabulary import (
    RECORDED_BY,
    iso_date,
    phrase,
    status_of,
    table,
)

NOTE = "date approximate because"


class Case:
    """The records of one partnership, made in order: each knows the last visit before it."""

    def __init__(self, register: PartnershipRegister, description: str | None) -> None:
        self.register = register
        self.description = description
        self.reference = ""
        self.last_visit: UUID | None = None

    def established(self, on: date, source: str, **found: Any) -> None:
        self.reference = self.register.establish(
            council=found["council"],
            city=found["city"],
            country=found["country"],
            established_on=on,
            description=self.description,
            recorded_by=RECORDED_BY,
            source=source,
        ).reference

    def visit(self, direction: str) -> Callable[..., None]:
        def visited(on: date, source: str, **found: Any) -> None:
            self.last_visit = self.register.record_visit(
                self.reference,
                occurred_on=on,
                direction=direction,
                delegation=found["delegation"],
                purpose=found.get("purpose"),
                recorded_by=RECORDED_BY,
                source=source,
            )

        return visited

    def paid_for_travel(self, on: date, source: str, **found: Any) -> None:
        self.register.record_expense(
            self.reference,
            occurred_on=on,
            amount=found["amount"],
            beneficiary=found["payee"],
            purpose=found["purpose"],
            visit_id=self.last_visit,
            category="Travel",
            recorded_by=RECORDED_BY,
            source=source,
        )

    def room_named(self, on: date, source: str, **found: Any) -> None:
        self.register.name_room(
            self.reference,
            room=found["room"],
            building=found["building"],
            named_on=on,
            recorded_by=RECORDED_BY,
            source=source,
        )

    def severed(self, on: date, source: str, **found: Any) -> None:
        self.register.sever(
            self.reference,
            severed_on=on,
            reason=found["why"],
            announced_by=found["who"],
            recorded_by=RECORDED_BY,
            source=source,
        )

    def records(self) -> tuple[tuple[parsers.parse, Callable[..., None]], ...]:
        """How each record is written in the case's table, most particular first."""
        return (
            (
                phrase("{council} established a partnership with {city} in {country}"),
                self.established,
            ),
            (phrase('"{delegation}" went to {city}: "{purpose}"'), self.visit(OUTBOUND)),
            (phrase('"{delegation}" went to {city}'), self.visit(OUTBOUND)),
            (phrase('"{delegation}" came to the council: "{purpose}"'), self.visit(INBOUND)),
            (phrase('"{delegation}" came to the council'), self.visit(INBOUND)),
            (
                phrase('{amount:Money} paid to "{payee}" for "{purpose}", travel for that visit'),
                self.paid_for_travel,
            ),
            (phrase('"{room}" named in "{building}"'), self.room_named),
            (phrase('ties severed, announced by "{who}": "{why}"'), self.severed),
        )


def cited(evidence: str, note: str) -> str:
    """The evidence of a record, with the reason its date is approximate, as the demo cites it."""
    return f"{evidence} (date approximate: {note})" if note else evidence


@given(phrase('the evidence is the report "{report}"'), target_fixture="evidence")
def the_evidence(report: str) -> str:
    return report


@given("the partnership is described as:", target_fixture="description")
def described(docstring: str) -> str:
    return docstring


@given("the partnerships officer made these records from the report, in this order:")
def case_recorded(
    register: PartnershipRegister,
    evidence: str,
    description: str,
    datatable: list[list[str]],
) -> None:
    case = Case(register, description)
    for row in table(datatable):
        for pattern, make in case.records():
            found = pattern.parser.parse(row["what happened"])
            if found is not None:
                make(iso_date(row["on"]), cited(evidence, row[NOTE]), **found.named)
                break
        else:
            pytest.fail(f"no record is written {row['what happened']!r}")


@then(phrase("the status report describes the partnership with {city} as the description above"))
def described_as(
    register: PartnershipRegister, read_models: ReadModels, description: str, city: str
) -> None:
    shown = status_of(read_models, register, city).description
    assert shown == description, f"the status report describes it as {shown!r}"


@then("the audit trail reads, every record on the report's evidence:")
def audit_trail_on_evidence(
    audit_trail: list[AuditRow], evidence: str, datatable: list[list[str]]
) -> None:
    expected = [
        (row["on"], row["recorded by"], cited(evidence, row[NOTE]), row["summary"])
        for row in table(datatable)
    ]
    actual = [(r.occurred_on, r.recorded_by, r.source, r.summary) for r in audit_trail]
    assert actual == expected, "the audit trail reads:\n" + "\n".join(map(str, actual))


@when(
    "the register's demonstration is recorded in a register of its own",
    target_fixture="demonstration",
)
def demonstration_recorded(tmp_path: Path) -> Iterator[list[HistoryEntry]]:
    shown = PartnershipRegister(environment(f"sqlite:///{tmp_path / 'demonstration.db'}"))
    try:
        demo.record(shown)
        yield shown.history(demo.REFERENCE)
    finally:
        close(shown)


def as_told(history: list[HistoryEntry]) -> list[tuple[object, ...]]:
    """A history without what differs between two registers telling the same case: who typed
    it in, when, and the numbers the register gave its records (a visit is named by its date)."""
    visits = {
        entry.data["visit_id"]: entry.occurred_on
        for entry in history
        if entry.type == "DelegationVisited"
    }
    told = []
    for entry in history:
        data = {k: v for k, v in entry.data.items() if k not in {"visit_id", "expense_id"}}
        if entry.data.get("visit_id") in visits and entry.type != "DelegationVisited":
            data["visit on"] = visits[entry.data["visit_id"]]
        told.append((entry.version, entry.type, entry.occurred_on, entry.source, data))
    return told


@then("it holds the same ten records, dated and worded the same, on the same evidence")
def same_case(register: PartnershipRegister, demonstration: list[HistoryEntry]) -> None:
    case = register.history(demo.REFERENCE)
    assert len(case) == len(demonstration) == 10, (len(case), len(demonstration))
    differing = [
        (told, shown)
        for told, shown in zip(as_told(case), as_told(demonstration), strict=True)
        if told != shown
    ]
    assert not differing, "the demonstration differs:\n" + "\n".join(map(str, differing))
    assert {entry.recorded_by for entry in demonstration} == {demo.RECORDER}
