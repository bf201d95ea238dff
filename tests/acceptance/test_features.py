"""The features in features/, bound to the register, with the steps only one feature uses.

The steps several features share are in conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import delete, select, update

from adapters import chain
from adapters.storage import close, environment
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from domain.status import PartnershipStatus
from tests.acceptance.vocabulary import (
    RECORDED_BY,
    attempt,
    iso_date,
    phrase,
    record_expense,
    record_visit,
    reference_of,
    sever,
    table,
    unless_refused,
    visit_of,
)
from tests.integration.test_tamper_evidence import rechain

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
def look_up(register: PartnershipRegister, typed: str) -> PartnershipStatus:
    return register.status(typed)


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
    register: PartnershipRegister, refusal: RegisterError | None, city: str, on: date
) -> None:
    last = register.status(reference_of(register, city)).last_visit_on
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
    refusal: RegisterError | None,
    city: str,
    datatable: list[list[str]],
) -> None:
    expected = [(row["room"], row["building"]) for row in table(datatable)]
    rooms = [(r.room, r.building) for r in register.status(reference_of(register, city)).rooms]
    assert rooms == expected, f"the rooms named are {rooms}{unless_refused(refusal)}"


# Severing ties


@when(phrase("the ties with {city} are severed on {on:Date}"), target_fixture="refusal")
def sever_ties(register: PartnershipRegister, city: str, on: date) -> RegisterError | None:
    return attempt(lambda: sever(register, city, on))


@when(
    phrase("the ties with {city} are severed on {on:Date}, announced by {who}, because {why}"),
    target_fixture="refusal",
)
def sever_ties_announced(
    register: PartnershipRegister, city: str, on: date, who: str, why: str
) -> RegisterError | None:
    return attempt(lambda: sever(register, city, on, announced_by=who, reason=why))


# Proving the history unchanged


@given(
    phrase("the register is kept in its own database file, and today is {today:Date}"),
    target_fixture="register",
)
def register_in_a_file(tmp_path: Path, today: date) -> Iterator[PartnershipRegister]:
    register = PartnershipRegister(
        environment(f"sqlite:///{tmp_path / 'register.db'}"), today=lambda: today
    )
    yield register
    close(register)


@given("the auditor has written down the register's digest", target_fixture="written_down")
def written_down(register: PartnershipRegister) -> chain.Digest:
    return chain.register_digest(register)


@given(phrase("someone with access to the database {alteration}"))
def altered(register: PartnershipRegister, alteration: str) -> None:
    recorder: Any = register.recorder
    events, links, engine = (
        recorder.events_record_cls.__table__,
        recorder.chain,
        recorder.datastore.engine,
    )
    visit = events.c.id == 2
    with engine.begin() as connection:
        state = bytes(connection.execute(select(events.c.state).where(visit)).scalar_one())
        if alteration == "changed who recorded the visit":
            changed = state.replace(RECORDED_BY.encode(), b"the mayor")
            connection.execute(update(events).where(visit).values(state=changed))
        elif alteration == "deleted the record of the visit":
            connection.execute(delete(events).where(visit))
        elif alteration == "removed the visit together with its link to the record before":
            connection.execute(delete(events).where(visit))
            connection.execute(delete(links).where(links.c.notification_id == 2))
        elif alteration == "rewrote the visit's delegation and recomputed every link":
            changed = state.replace(b"a civic delegation", b"an impostor delegation")
            assert changed != state
            connection.execute(update(events).where(visit).values(state=changed))
        else:
            raise AssertionError(f"no such alteration in the feature's steps: {alteration}")
    if "recomputed every link" in alteration:
        rechain(events, links, engine)


@when(
    "the auditor checks the register against the digest written down",
    target_fixture="verification",
)
def check_against(register: PartnershipRegister, written_down: chain.Digest) -> chain.Verification:
    return chain.verify_register(register, written_down)


@then(
    phrase(
        "the register's history is proven unchanged, with {added:d} record added since the digest"
    )
)
def proven_unchanged(verification: chain.Verification, added: int) -> None:
    assert verification.intact, verification.problem
    assert verification.digest_checked
    assert verification.events_after_digest == added


@then(phrase('the register\'s history is found altered, at "{where}"'))
def found_altered(verification: chain.Verification, where: str) -> None:
    assert not verification.intact
    assert where in (verification.problem or ""), verification.problem
