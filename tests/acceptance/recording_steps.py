"""The steps that record a partnership's life as its features tell it: establishing it, its
visits, what it cost, the rooms named in its honour and the severing of its ties.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pytest_bdd import parsers, then, when

from adapters.read_models import (
    ReadModels,
)
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from domain.status import PartnershipStatus
from tests.acceptance.vocabulary import (
    ANNOUNCED_BY,
    RECORDED_BY,
    SEVERED_BECAUSE,
    attempt,
    caught_up,
    iso_date,
    phrase,
    record_expense,
    record_visit,
    reference_of,
    sever,
    status_of,
    table,
    unless_refused,
    visit_of,
)


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
