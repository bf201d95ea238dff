"""Steps shared by the features: the register, what was recorded in it, and what it refused.

The register is the only state kept between steps, apart from the refusal a When step caught,
which the Then steps judge.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then

from adapters.read_models import ReadModels
from adapters.storage import close, environment
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from tests.acceptance.vocabulary import (
    ANNOUNCED_BY,
    DELEGATION,
    PAID_FOR,
    PAYEE,
    RECORDED_BY,
    REFUSALS,
    SEVERED_BECAUSE,
    iso_date,
    phrase,
    pounds,
    record_expense,
    record_visit,
    reference_of,
    sever,
    status_of,
    table,
    unless_refused,
)


def pytest_bdd_apply_tag(tag: str, function: object) -> bool | None:
    """A `@rule-N` tag links a scenario to rule N of the README in the manual; it is no marker."""
    if tag.startswith("rule-"):
        return True
    return None


@pytest.fixture
def refusal() -> RegisterError | None:
    """What the register refused in the When step: nothing, until a When step says otherwise."""
    return None


@pytest.fixture
def read_models(register: PartnershipRegister) -> ReadModels:
    """The register's reports, kept in its own database beside the history."""
    return ReadModels(register)


# Given

# What the steps record when they do not say, in the words a Given states it with.
UNSAID = (
    f"{RECORDED_BY} makes each record",
    f"each delegation is {DELEGATION}",
    f"sums are paid to {PAYEE} for {PAID_FOR}",
    f"ties are severed as announced by {ANNOUNCED_BY}, because {SEVERED_BECAUSE}",
)


@given(parsers.parse("unless a step says otherwise, {what}"))
def unless_said(what: str) -> None:
    """States what the steps record when they do not say, so that no outcome rests on a hidden
    default; fails if the steps record something else."""
    assert what in UNSAID, f"the steps do not record that; unless told, {'; '.join(UNSAID)}"


@given(phrase("today is {today:Date}"), target_fixture="register")
def register_on(tmp_path: Path, today: date) -> Iterator[PartnershipRegister]:
    """A register of its own, kept in an SQLite file as the command keeps it, so that its
    reports are read from the same tables the command reads them from."""
    register = PartnershipRegister(
        environment(f"sqlite:///{tmp_path / 'register.db'}"), today=lambda: today
    )
    yield register
    close(register)


@given(phrase("{council} is twinned with {city} in {country} since {since:Date}"))
def twinned(
    register: PartnershipRegister, council: str, city: str, country: str, since: date
) -> None:
    register.establish(
        council=council,
        city=city,
        country=country,
        established_on=since,
        recorded_by=RECORDED_BY,
    )


@given(phrase("a delegation from {origin} visited {destination} on {on:Date}"))
def visited(register: PartnershipRegister, origin: str, destination: str, on: date) -> None:
    record_visit(register, origin, destination, on)


@given("these delegations visited:")
def these_visits(register: PartnershipRegister, datatable: list[list[str]]) -> None:
    for row in table(datatable):
        record_visit(register, row["from"], row["to"], iso_date(row["on"]), row["delegation"])


@given(phrase("{amount:Money} spent on {on:Date} was recorded against the partnership with {city}"))
def spent(register: PartnershipRegister, amount: Decimal, on: date, city: str) -> None:
    record_expense(register, city, on, amount)


@given(phrase("these sums were spent on the partnership with {city}:"))
def these_sums(register: PartnershipRegister, city: str, datatable: list[list[str]]) -> None:
    for row in table(datatable):
        record_expense(
            register,
            city,
            iso_date(row["spent on"]),
            pounds(row["amount"]),
            beneficiary=row["paid to"],
            purpose=row["for"],
        )


@given(phrase('"{room}" in "{building}" was named in honour of {city} on {on:Date}'))
def room_named(
    register: PartnershipRegister, room: str, building: str, city: str, on: date
) -> None:
    register.name_room(
        reference_of(register, city),
        room=room,
        building=building,
        named_on=on,
        recorded_by=RECORDED_BY,
    )


@given(phrase("the ties with {city} were severed on {on:Date}"))
def severed(register: PartnershipRegister, city: str, on: date) -> None:
    sever(register, city, on, announced_by=ANNOUNCED_BY, reason=SEVERED_BECAUSE)


@given(phrase("the ties with {city} were severed on {on:Date}, announced by {who}, because {why}"))
def severed_by(register: PartnershipRegister, city: str, on: date, who: str, why: str) -> None:
    sever(register, city, on, announced_by=who, reason=why)


@given(phrase("the ties with {city} were severed on {on:Date}, announced by {who}, who said:"))
def severed_in_their_words(
    register: PartnershipRegister, city: str, on: date, who: str, docstring: str
) -> None:
    sever(register, city, on, announced_by=who, reason=docstring)


# Then: what was refused


@then(parsers.parse("the register refuses it because {reason}"))
def refused_because(refusal: RegisterError | None, reason: str) -> None:
    if reason not in REFUSALS:
        pytest.fail(f"no refusal is known as {reason!r}; known: {sorted(REFUSALS)}")
    assert refusal is not None, f"the register accepted it, though {reason}"
    assert isinstance(refusal, REFUSALS[reason]), f"refused for another reason: {refusal}"


@then(parsers.parse('the explanation mentions "{fact}"'))
def explanation_mentions(refusal: RegisterError | None, fact: str) -> None:
    assert refusal is not None, "the register accepted it"
    assert fact in str(refusal), f"{fact!r} is not mentioned in: {refusal}"


# Then: what the register holds


@then(
    parsers.re(
        r"the history of the partnership with (?P<city>.+?) (?:still )?holds "
        r"(?P<count>\d+) records?"
    ),
    converters={"count": int},
)
def history_holds(
    register: PartnershipRegister, refusal: RegisterError | None, city: str, count: int
) -> None:
    history = register.history(reference_of(register, city))
    recorded = [entry.type for entry in history]
    assert len(history) == count, f"it holds {recorded}{unless_refused(refusal)}"


@then(
    parsers.re(
        r"the partnership with (?P<city>.+?) has (?P<total>\d+) visits?: "
        r"(?P<inbound>\d+) to the council and (?P<outbound>\d+) to the partner city"
    ),
    converters={"total": int, "inbound": int, "outbound": int},
)
def visits_counted(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    total: int,
    inbound: int,
    outbound: int,
) -> None:
    visits = status_of(read_models, register, city).visits
    counted = (visits.total, visits.inbound, visits.outbound)
    assert counted == (total, inbound, outbound), f"counted {counted}{unless_refused(refusal)}"


@then(phrase("the partnership with {city} has cost {amount:Money} in all"))
def has_cost(
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    amount: Decimal,
) -> None:
    spend = status_of(read_models, register, city).total_spend
    assert spend == amount, f"it has cost £{spend}{unless_refused(refusal)}"
    assert spend.as_tuple().exponent == -2, f"£{spend} is not in pounds and pence"


@then(parsers.re(r"the partnership with (?P<city>.+?) is (?:still )?active"))
def is_active(register: PartnershipRegister, read_models: ReadModels, city: str) -> None:
    status = status_of(read_models, register, city)
    assert status.status == "active", f"its ties were severed on {status.severed_on}"
    assert status.severed_on is None


@then(phrase("the ties with {city} were severed on {on:Date}, announced by {who}, because {why}"))
def ties_severed(  # noqa: PLR0917 (pytest passes fixtures and step arguments by name)
    register: PartnershipRegister,
    read_models: ReadModels,
    refusal: RegisterError | None,
    city: str,
    on: date,
    who: str,
    why: str,
) -> None:
    status = status_of(read_models, register, city)
    severance = (status.status, status.severed_on, status.severance_announced_by)
    assert severance == ("severed", on, who), f"{severance}{unless_refused(refusal)}"
    assert status.severance_reason == why
