"""The features in features/, bound to the register, with the steps only one feature uses.

The steps several features share are in conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

import pytest
from marshmallow import Schema, ValidationError
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from adapters import chain
from adapters.read_models import (
    VIEWS,
    AuditRow,
    ProjectionState,
    ReadModels,
    VisitRow,
    YearTotal,
)
from adapters.schemas import ExpenseInput, VisitInput
from domain.errors import RegisterError
from domain.partnership import INBOUND, OUTBOUND
from domain.register import PartnershipRegister
from domain.status import Change, HistoryEntry, PartnershipStatus, Point, summary
from tests.acceptance.publishing_steps import *  # noqa: F403 (the steps of publishing)
from tests.acceptance.vocabulary import (
    ANNOUNCED_BY,
    CITY,
    DELEGATION,
    FIGURES,
    RECORDED_BY,
    SEVERED_BECAUSE,
    THE_COUNCIL,
    UNANSWERABLE,
    Column,
    as_written,
    attempt,
    caught_up,
    expense_as_recorded,
    iso_date,
    last_recorded_at,
    noted,
    optional,
    phrase,
    pounds,
    record_expense,
    record_numbers,
    record_visit,
    reference_of,
    report_reads,
    same_words,
    sever,
    status_of,
    table,
    unless_refused,
    visit_as_recorded,
    visit_of,
)
from tests.integration.test_tamper_evidence import rechain
from tests.tampering import drop_protection

scenarios(".")


def unquoted(text: str) -> str:
    """A name as written, without the quotes that keep its leading or trailing spaces in a table."""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


# Establishing a partnership


@when(
    phrase("{council} establishes a partnership with {city} in {country} dated {on:Date}"),
    converters={"council": unquoted, "city": unquoted},
    target_fixture="refusal",
)
def establish(
    register: PartnershipRegister, council: str, city: str, country: str, on: date
) -> RegisterError | None:
    return attempt(
        lambda: register.establish(
            council=council,
            city=city,
            country=country,
            established_on=on,
            recorded_by=RECORDED_BY,
        )
    )


@when(
    parsers.parse("someone looks up the reference {typed}"),
    converters={"typed": unquoted},
    target_fixture="found",
)
def look_up(
    register: PartnershipRegister, read_models: ReadModels, typed: str
) -> PartnershipStatus:
    return caught_up(read_models).status(register.find(typed))


@then("the register holds these partnerships:")
def holds_partnerships(
    register: PartnershipRegister, refusal: RegisterError | None, datatable: list[list[str]]
) -> None:
    expected = [
        (row["reference"], row["council"], row["city"], row["country"], iso_date(row["since"]))
        for row in table(datatable)
    ]
    held = [
        (s.reference, s.council, s.city, s.country, s.established_on) for s in register.statuses()
    ]
    assert held == expected, f"it holds {held}{unless_refused(refusal)}"


@then("the register holds no partnerships")
def holds_none(register: PartnershipRegister) -> None:
    held = [s.reference for s in register.statuses()]
    assert held == [], f"it holds {held}"


@then(phrase("they find {council}'s partnership with {city} in {country} since {since:Date}"))
def they_find(found: PartnershipStatus, council: str, city: str, country: str, since: date) -> None:
    assert (found.council, found.city, found.country, found.established_on) == (
        council,
        city,
        country,
        since,
    )


# Delegation visits


@when(
    phrase("a delegation from {origin} is recorded as visiting {destination} on {on:Date}"),
    target_fixture="refusal",
)
def visit(
    register: PartnershipRegister, origin: str, destination: str, on: date
) -> RegisterError | None:
    return attempt(lambda: record_visit(register, origin, destination, on))


@then(phrase("the partnership with {city} was last visited on {on:Date}"))
def last_visited(
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    on: date,
) -> None:
    last = status_of(read_models, register, city).last_visit_on
    assert last == on, f"it was last visited on {last}{unless_refused(refusal)}"


# Expenses


@when(
    phrase("{amount:Money} spent on {on:Date} is recorded against the partnership with {city}"),
    target_fixture="refusal",
)
def spend(
    register: PartnershipRegister, amount: Decimal, on: date, city: str
) -> RegisterError | None:
    return attempt(lambda: record_expense(register, city, on, amount))


@when(
    phrase(
        "{amount:Money} spent on {on:Date} for the {visit_city} visit of {visit_on:Date} "
        "is recorded against the partnership with {city}"
    ),
    target_fixture="refusal",
)
def spend_on_visit(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    amount: Decimal,
    on: date,
    visit_city: str,
    visit_on: date,
    city: str,
) -> RegisterError | None:
    visit_id = visit_of(register, visit_city, visit_on)
    return attempt(lambda: record_expense(register, city, on, amount, visit_id=visit_id))


@then(phrase("the {city} visit of {on:Date} has cost {amount:Money}"))
def visit_has_cost(
    register: PartnershipRegister,
    refusal: RegisterError | None,
    city: str,
    on: date,
    amount: Decimal,
) -> None:
    visit_id = visit_of(register, city, on)
    spend = sum(
        (
            Decimal(entry.data["amount"])
            for entry in register.history(reference_of(register, city))
            if entry.type == "ExpenseIncurred" and entry.data["visit_id"] == visit_id
        ),
        Decimal("0.00"),
    )
    assert spend == amount, f"the visit has cost £{spend}{unless_refused(refusal)}"


# Named rooms


@when(
    phrase('"{room}" in "{building}" is named in honour of {city} on {on:Date}'),
    target_fixture="refusal",
)
def name_room(
    register: PartnershipRegister, room: str, building: str, city: str, on: date
) -> RegisterError | None:
    return attempt(
        lambda: register.name_room(
            reference_of(register, city),
            room=room,
            building=building,
            named_on=on,
            recorded_by=RECORDED_BY,
        )
    )


@then(phrase("the rooms named in honour of {city} are:"))
def rooms_named(
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    datatable: list[list[str]],
) -> None:
    expected = [(row["room"], row["building"]) for row in table(datatable)]
    rooms = [(r.room, r.building) for r in status_of(read_models, register, city).rooms]
    assert rooms == expected, f"the rooms named are {rooms}{unless_refused(refusal)}"


# Severing ties


@when(phrase("the ties with {city} are severed on {on:Date}"), target_fixture="refusal")
def sever_ties(register: PartnershipRegister, city: str, on: date) -> RegisterError | None:
    return attempt(
        lambda: sever(register, city, on, announced_by=ANNOUNCED_BY, reason=SEVERED_BECAUSE)
    )


@when(
    phrase("the ties with {city} are severed on {on:Date}, announced by {who}, because {why}"),
    target_fixture="refusal",
)
def sever_ties_announced(
    register: PartnershipRegister, city: str, on: date, who: str, why: str
) -> RegisterError | None:
    return attempt(lambda: sever(register, city, on, announced_by=who, reason=why))


@when(
    phrase("the ties with {city} are severed on {on:Date}, announced by {who}, who said:"),
    target_fixture="refusal",
)
def sever_ties_in_their_words(
    register: PartnershipRegister, city: str, on: date, who: str, docstring: str
) -> RegisterError | None:
    return attempt(lambda: sever(register, city, on, announced_by=who, reason=docstring))


# Proving the history unchanged


@given("the auditor has written down the register's digest", target_fixture="written_down")
def written_down(register: PartnershipRegister) -> chain.Digest:
    return chain.register_digest(register)


def stored_rows(register: PartnershipRegister) -> tuple[Any, Any, Any]:
    """The register's stored records, the links between them, and the database holding both."""
    recorder: Any = register.recorder
    return recorder.events_record_cls.__table__, recorder.chain, recorder.datastore.engine


def record_at(register: PartnershipRegister, city: str, visited_on: str) -> Any:
    """The stored record of the one visit on a date in the partnership with a city."""
    events, _, engine = stored_rows(register)
    version = next(
        entry.version
        for entry in register.history(reference_of(register, city))
        if entry.type == "DelegationVisited" and entry.occurred_on.isoformat() == visited_on
    )
    with engine.connect() as connection:
        return connection.execute(
            select(events).where(
                events.c.originator_id == register.find(reference_of(register, city)),
                events.c.originator_version == version,
            )
        ).one()


def _edit_recorder(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "2000-06-01")
    state = bytes(row.state).replace(RECORDED_BY.encode(), b"the mayor")
    connection.execute(update(events).where(events.c.id == row.id).values(state=state))


def _delete(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "1999-10-01")
    connection.execute(delete(events).where(events.c.id == row.id))


def _insert(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "2000-06-01")
    connection.execute(
        insert(events).values(
            originator_id=row.originator_id,
            originator_version=row.originator_version + 1,
            topic=row.topic,
            state=bytes(row.state).replace(b"2000-06-01", b"2001-06-01"),
        )
    )


def _swap(register: PartnershipRegister, events: Any, connection: Any) -> None:
    first = record_at(register, "Tarlenheim", "1999-10-01")
    second = record_at(register, "Tarlenheim", "2000-06-01")
    connection.execute(update(events).where(events.c.id == first.id).values(state=second.state))
    connection.execute(update(events).where(events.c.id == second.id).values(state=first.state))


def _move(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Zenda", "2002-03-01")
    partnership = register.find(reference_of(register, "Tarlenheim"))
    connection.execute(
        update(events)
        .where(events.c.id == row.id)
        .values(
            originator_id=partnership,
            originator_version=len(register.history(str(partnership))) + 1,
        )
    )


def _rewrite(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "2000-06-01")
    state = bytes(row.state).replace(b"guests from Tarlenheim", b"impostors from Tarlenheim")
    connection.execute(update(events).where(events.c.id == row.id).values(state=state))


def _cut(register: PartnershipRegister, events: Any, connection: Any) -> None:
    _, links, _ = stored_rows(register)
    last = connection.execute(select(func.max(events.c.id))).scalar_one()
    connection.execute(delete(events).where(events.c.id >= last - 1))
    connection.execute(delete(links).where(links.c.notification_id >= last - 1))


# What someone with access to the database did, as the features tell it, and how to do it.
ALTERATIONS: dict[str, Callable[[PartnershipRegister, Any, Any], None]] = {
    "edited who recorded the visit of 2000-06-01": _edit_recorder,
    "deleted the record of the visit of 1999-10-01": _delete,
    "inserted a record of a visit from Tarlenheim that never took place": _insert,
    "swapped the records of the visits of 1999-10-01 and 2000-06-01": _swap,
    "moved the visit of 2002-03-01 from the partnership with Zenda to Tarlenheim": _move,
    "rewrote the delegation of the visit of 2000-06-01 and made every link again": _rewrite,
    "cut off the last two records with their links": _cut,
}


@given(phrase("someone with access to the database {alteration}"), target_fixture="partners")
def altered(register: PartnershipRegister, alteration: str) -> dict[str, str]:
    """Alters the stored records, after dropping the triggers by which the database refuses
    such edits; returns each partnership's id by its city, as it was known before (an altered
    history may no longer load)."""
    if alteration not in ALTERATIONS:
        pytest.fail(f"no alteration is known as {alteration!r}; known: {sorted(ALTERATIONS)}")
    partners = {city: pid for pid, city in cities(register).items()}
    events, links, engine = stored_rows(register)
    with engine.begin() as connection:
        drop_protection(connection)
        ALTERATIONS[alteration](register, events, connection)
    if "made every link again" in alteration:
        rechain(events, links, engine)
    return partners


@when(
    "the auditor checks the register against the digest written down",
    target_fixture="verification",
)
def check_against(register: PartnershipRegister, written_down: chain.Digest) -> chain.Verification:
    return chain.verify_register(register, written_down)


@when("the auditor asks the register to verify its history", target_fixture="verification")
def verify(register: PartnershipRegister) -> chain.Verification:
    return chain.verify_register(register)


@then(
    phrase(
        "every record is linked to the one before it: {records:d} records of "
        "{partnerships:d} partnerships"
    )
)
def all_linked(verification: chain.Verification, records: int, partnerships: int) -> None:
    assert verification.intact, verification.problem
    assert (verification.events, verification.partnerships) == (records, partnerships)


@then(
    phrase(
        "the register's history is proven unchanged, with {added:d} record added since the digest"
    )
)
def proven_unchanged(verification: chain.Verification, added: int) -> None:
    assert verification.intact, verification.problem
    assert verification.digest_checked
    assert verification.events_after_digest == added


@then(phrase("the history is found altered at record {version:d} of the partnership with {city}"))
def found_altered(
    partners: dict[str, str], verification: chain.Verification, version: int, city: str
) -> None:
    assert not verification.intact, "the history was proven intact"
    where = (verification.partnership_id, verification.version)
    assert where == (partners[city], version), verification.problem


@then("the history is found to differ from the one the digest was taken of")
def found_rewritten(verification: chain.Verification) -> None:
    assert not verification.intact, "the history was proven intact"
    assert "does not match the digest" in (verification.problem or ""), verification.problem


@then("the history is found to stop short of the digest written down")
def found_cut_short(verification: chain.Verification) -> None:
    assert not verification.intact, "the history was proven intact"
    assert "no longer reaches" in (verification.problem or ""), verification.problem


@then("without the digest the register could not have told")
def not_without_the_digest(register: PartnershipRegister) -> None:
    alone = chain.verify_register(register)
    assert alone.intact, f"the register found it alone: {alone.problem}"


# The store defends its history


@when(
    "someone with access to the database tries to change who recorded the visit",
    target_fixture="database_refusal",
)
def try_to_change(register: PartnershipRegister) -> Exception | None:
    recorder: Any = register.recorder
    events, engine = recorder.events_record_cls.__table__, recorder.datastore.engine
    try:
        with engine.begin() as connection:
            state = bytes(
                connection.execute(select(events.c.state).where(events.c.id == 2)).one()[0]
            )
            changed = state.replace(RECORDED_BY.encode(), b"the mayor")
            connection.execute(update(events).where(events.c.id == 2).values(state=changed))
    except DBAPIError as refused:
        return refused
    return None


@then("the database refuses the change")
def database_refused(database_refusal: Exception | None) -> None:
    assert database_refusal is not None, "the database let the record be changed"
    assert "never edited or deleted" in str(database_refusal)


@then("the register's history is proven intact")
def proven_intact(register: PartnershipRegister) -> None:
    verification = chain.verify_register(register)
    assert verification.intact, verification.problem


# Reports: the status report, the audit trail, spending by financial year and visits' cost


def in_pence(amount: Decimal) -> Decimal:
    """An amount of a report, which must be written in pounds and pence."""
    assert amount.as_tuple().exponent == -2, f"£{amount} is not in pounds and pence"
    return amount


def rooms_text(status: PartnershipStatus) -> str:
    return "; ".join(f"{r.room} ({r.building})" for r in status.rooms)


STATUS_COLUMNS: dict[str, Column] = {
    "partner city": (lambda s: s.city, str),
    "council": (lambda s: s.council, str),
    "status": (lambda s: s.status, str),
    "since": (lambda s: s.established_on, iso_date),
    "severed on": (lambda s: s.severed_on, optional(iso_date)),
    "announced by": (lambda s: s.severance_announced_by, optional(str)),
    "reason for severing": (lambda s: s.severance_reason, optional(str)),
    "description": (lambda s: s.description, optional(str)),
    "visits to the council": (lambda s: s.visits.inbound, int),
    "visits to the partner city": (lambda s: s.visits.outbound, int),
    "last visited": (lambda s: s.last_visit_on, optional(iso_date)),
    "cost": (lambda s: in_pence(s.total_spend), pounds),
    "rooms named": (rooms_text, str),
}

YEAR_COLUMNS: dict[str, Column] = {
    "year": (lambda t: t.year, str),
    "total": (lambda t: in_pence(t.total), pounds),
    "sums": (lambda t: t.count, int),
}

WENT = {INBOUND: "to the council", OUTBOUND: "to the partner city"}


def cities(register: PartnershipRegister) -> dict[str, str]:
    """The partner city of each partnership, by its id as the reports write it."""
    return {str(s.partnership_id): s.city for s in register.statuses()}


def partnership_id_of(register: PartnershipRegister, city: str) -> UUID:
    return register.find(reference_of(register, city))


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


# Where a visit went, as the features write it.
WENT_TO = {text: direction for direction, text in WENT.items()}


def went_to(text: str) -> str:
    if text not in WENT_TO:
        pytest.fail(f"a delegation goes {' or '.join(WENT_TO)}, not {text!r}")
    return WENT_TO[text]


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


# A summary names a corrected or voided record by the first characters of its id, the number
# the register gives it; the features write N for them, and the step checks they are its own.
_OWN_NUMBER = re.compile(r"\b(Expense|Visit) ([0-9a-f]{8})\b")


def summary_with_own_numbers_as_n(row: AuditRow) -> str:
    def hashed(found: re.Match[str]) -> str:
        own = str(row.data.get("expense_id" if found[1] == "Expense" else "visit_id"))
        assert own.startswith(found[2]), f"{row.summary!r} is a record of {own}"
        return f"{found[1]} N"

    return _OWN_NUMBER.sub(hashed, row.summary)


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


# Looking back in time


@dataclass(frozen=True)
class Answer:
    """What the register answered about the past: where partnerships stood, or why it could not
    say."""

    statuses: list[PartnershipStatus]
    refusal: RegisterError | None


def status_at(
    register: PartnershipRegister, read_models: ReadModels, city: str, **when: Any
) -> PartnershipStatus:
    """Where a partnership stood, read from the status report as `status` reads it when asked
    about the past (`as_of`, `known_at`, `version`)."""
    models = caught_up(read_models)
    return models.status_at(register.find(reference_of(register, city)), **when)


def ask(question: Callable[[], list[PartnershipStatus]]) -> Answer:
    try:
        return Answer(question(), None)
    except RegisterError as refusal:
        return Answer([], refusal)


@pytest.fixture
def noted_times() -> dict[str, datetime]:
    """The moments the auditor noted, by the name the feature gives each: none, until noted."""
    return {}


@given(parsers.parse('the auditor noted the time as "{moment}"'), target_fixture="noted_times")
def note_the_time(
    register: PartnershipRegister, noted_times: dict[str, datetime], moment: str
) -> dict[str, datetime]:
    return {**noted_times, moment: last_recorded_at(register)}


@when(
    phrase("the auditor asks where the partnership with {city} stood on {on:Date}"),
    target_fixture="answer",
)
def ask_as_of(
    register: PartnershipRegister, read_models: ReadModels, city: str, on: date
) -> Answer:
    return ask(lambda: [status_at(register, read_models, city, as_of=on)])


@when(
    phrase("the auditor asks what the register said about the partnership with {city} at {moment}"),
    target_fixture="answer",
)
def ask_as_known_at(
    register: PartnershipRegister,
    read_models: ReadModels,
    noted_times: dict[str, datetime],
    city: str,
    moment: str,
) -> Answer:
    known_at = noted(noted_times, moment)
    return ask(lambda: [status_at(register, read_models, city, known_at=known_at)])


@when(
    phrase(
        "the auditor asks what the register said at {moment} about where the partnership "
        "with {city} stood on {on:Date}"
    ),
    target_fixture="answer",
)
def ask_as_known_at_as_of(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    read_models: ReadModels,
    noted_times: dict[str, datetime],
    moment: str,
    city: str,
    on: date,
) -> Answer:
    known_at = noted(noted_times, moment)
    return ask(lambda: [status_at(register, read_models, city, as_of=on, known_at=known_at)])


@when(
    phrase("the auditor asks where the partnership with {city} stood after record {number:d}"),
    target_fixture="answer",
)
def ask_at_record(
    register: PartnershipRegister, read_models: ReadModels, city: str, number: int
) -> Answer:
    return ask(lambda: [status_at(register, read_models, city, version=number)])


@when(
    phrase("the committee asks for the list of partnerships as it stood on {on:Date}"),
    target_fixture="answer",
)
def ask_list_as_of(register: PartnershipRegister, on: date) -> Answer:
    return ask(lambda: register.statuses(as_of=on))


@when(
    phrase("the committee asks for the list of partnerships as the register gave it at {moment}"),
    target_fixture="answer",
)
def ask_list_as_known_at(
    register: PartnershipRegister, noted_times: dict[str, datetime], moment: str
) -> Answer:
    known_at = noted(noted_times, moment)
    return ask(lambda: register.statuses(known_at=known_at))


@then("the register answers:")
def register_answers(answer: Answer, datatable: list[list[str]]) -> None:
    assert answer.refusal is None, f"the register could not answer: {answer.refusal}"
    report_reads("answer", answer.statuses, STATUS_COLUMNS, datatable)


@then(parsers.parse("the register cannot answer, because {reason}"), target_fixture="refusal")
def cannot_answer(answer: Answer, reason: str) -> RegisterError:
    """Checks why the register could not answer; the reason is then the refusal whose
    explanation the next step reads."""
    if reason not in UNANSWERABLE:
        pytest.fail(f"no reason is known as {reason!r}; known: {sorted(UNANSWERABLE)}")
    assert answer.refusal is not None, f"the register answered {answer.statuses}, though {reason}"
    assert isinstance(answer.refusal, UNANSWERABLE[reason]), f"for another reason: {answer.refusal}"
    return answer.refusal


# Retracing a partnership's history

# A step of a replay: the record, and where it left the partnership.
Step = tuple[HistoryEntry, PartnershipStatus]


def said_with_own_numbers_as_n(entry: HistoryEntry) -> str:
    """What a record says in plain words, with N for the own number of a record it corrects."""

    def hashed(found: re.Match[str]) -> str:
        own = str(entry.data.get("expense_id" if found[1] == "Expense" else "visit_id"))
        assert own.startswith(found[2]), f"record {entry.version} is of {own}"
        return f"{found[1]} N"

    return _OWN_NUMBER.sub(hashed, summary(entry.type, entry.data, entry.occurred_on))


def after_step(read: Callable[[PartnershipStatus], object]) -> Callable[[Step], object]:
    return lambda step: read(step[1])


REPLAY_COLUMNS: dict[str, Column] = {
    "record": (lambda step: step[0].version, int),
    "on": (lambda step: step[0].occurred_on, iso_date),
    "what was recorded": (lambda step: said_with_own_numbers_as_n(step[0]), str),
    **{name: (after_step(read), parse) for name, (read, parse) in STATUS_COLUMNS.items()},
}

CHANGE_COLUMNS: dict[str, Column] = {
    "what": (lambda change: FIGURES[change.field], str),
    "was": (lambda change: as_written(change.was), str),
    "now": (lambda change: as_written(change.now), str),
    "because of records": (lambda change: change.caused_by, record_numbers),
}


@when(
    phrase("the auditor replays the history of the partnership with {city}"),
    target_fixture="replay",
)
def replay_history(register: PartnershipRegister, city: str) -> list[Step]:
    return register.replay(reference_of(register, city))


@then("the replay reads:")
def replay_reads(replay: list[Step], datatable: list[list[str]]) -> None:
    report_reads("replay", replay, REPLAY_COLUMNS, datatable)


def point(noted_times: Mapping[str, datetime], text: str) -> Point:
    """A point in a partnership's life as the features write it: "record 4", a date, or a
    moment the auditor noted."""
    if text.startswith("record "):
        return int(text.removeprefix("record "))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    return noted(noted_times, text)


@when(
    phrase(
        "the auditor asks what changed in the partnership with {city} between {start} and {end}"
    ),
    target_fixture="changes",
)
def ask_what_changed(
    register: PartnershipRegister,
    noted_times: dict[str, datetime],
    city: str,
    start: str,
    end: str,
) -> list[Change]:
    return register.diff(
        reference_of(register, city), point(noted_times, start), point(noted_times, end)
    )


@then("these changed:")
def these_changed(changes: list[Change], datatable: list[list[str]]) -> None:
    report_reads("list of changes", changes, CHANGE_COLUMNS, datatable)


@then("nothing changed")
def nothing_changed(changes: list[Change]) -> None:
    assert changes == [], f"changed: {changes}"


# Refusing invisible text: what is put to the register passes its door (the command line's
# schemas, where the rule for text lives) before the register is asked.

WRITTEN = {
    "a zero-width space": "\u200b",
    "a word joiner and a byte order mark": "\u2060\ufeff",
    "a Hangul filler": "\u3164",
    "three spaces": "   ",
    '"Tarlenheim Travel" reversed by a right-to-left override': "\u202eTarlenheim Travel",
    '"Tarlenheim Travel" split by a line separator': "Tarlenheim\u2028Travel",
    '"Tarlenheim Travel" with a zero-width space inside': "Tarlenheim\u200b Travel",
    "a Persian name with a non-joiner inside a word": "می\u200cخواهم",
    "a family emoji joined by zero-width joiners": "👨\u200d👩\u200d👧",
}

# The door's words for each reason the features give, and the field each role is written in.
TEXT_REFUSALS = {
    "it shows nothing": "must not be empty",
    "it holds a hidden character": "control or invisible formatting characters",
}
TEXT_FIELDS = {"payee": "beneficiary", "recorder": "by"}


@dataclass(frozen=True)
class Put:
    """Text put to the register for a field, and what the door refused, keyed by field."""

    field: str
    written: str
    refused: dict[str, Any] | None


def through_the_door(schema: Schema, raw: dict[str, Any]) -> tuple[dict[str, Any] | None, Put]:
    """The values the schema takes (None when it refuses), and what was put for the field."""
    field = next(f for f in TEXT_FIELDS.values() if raw.get(f) in WRITTEN.values())
    try:
        return schema.load(raw), Put(field, raw[field], None)
    except ValidationError as refusal:
        return None, Put(field, raw[field], dict(refusal.messages))


@when(
    phrase("{amount:Money} spent on {on:Date} is put to the register as paid to {payee}"),
    target_fixture="put",
)
def put_expense(register: PartnershipRegister, amount: Decimal, on: date, payee: str) -> Put:
    raw = {
        "partnership": reference_of(register, "Tarlenheim"),
        "on": on.isoformat(),
        "amount": str(amount),
        "beneficiary": WRITTEN[payee],
        "purpose": "Interpreting",
        "by": RECORDED_BY,
    }
    values, put = through_the_door(ExpenseInput(), raw)
    if values is not None:
        record_expense(
            register,
            "Tarlenheim",
            values["on"],
            values["amount"],
            beneficiary=values["beneficiary"],
        )
    return put


@when(
    phrase("a delegation's visit on {on:Date} is put to the register as recorded by {recorder}"),
    target_fixture="put",
)
def put_visit(register: PartnershipRegister, on: date, recorder: str) -> Put:
    raw = {
        "partnership": reference_of(register, "Tarlenheim"),
        "on": on.isoformat(),
        "direction": INBOUND,
        "delegation": "Guests from Tarlenheim",
        "by": WRITTEN[recorder],
    }
    values, put = through_the_door(VisitInput(), raw)
    if values is not None:
        register.record_visit(
            values["partnership"],
            occurred_on=values["on"],
            direction=values["direction"],
            delegation=values["delegation"],
            recorded_by=values["by"],
        )
    return put


@then(phrase("the register refuses the {role} because {reason}"))
def text_refused(put: Put, role: str, reason: str) -> None:
    assert put.refused is not None, f"the register took the {role}"
    assert list(put.refused) == [TEXT_FIELDS[role]], f"refused for another reason: {put.refused}"
    assert TEXT_REFUSALS[reason] in put.refused[put.field][0], put.refused


@then(phrase("the {role} is recorded exactly as written"))
def recorded_as_written(register: PartnershipRegister, put: Put, role: str) -> None:
    assert put.refused is None, f"the register refused it: {put.refused}"
    last = register.history(reference_of(register, "Tarlenheim"))[-1]
    assert last.data[TEXT_FIELDS[role]] == put.written
