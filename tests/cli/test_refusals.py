"""Commands the register refuses: exit 2 for invalid input, 1 for a broken rule or an unknown
partnership; always one line on stderr, never a traceback, and nothing stored.

The refusals share one register, recorded once for the module: a refused command changes
nothing, which each test checks by counting the events afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .command import Partnerships, assert_refused, run

COUNCIL = "Refusalshire County Council"
SEVERED_ON = "2018-03-16"
VISITED_ON = "2010-01-01"


@dataclass(frozen=True)
class Register:
    """A register holding a severed and an active partnership, and how many events each has."""

    partnerships: Partnerships
    severed: str
    severed_events: int
    active: str
    active_events: int
    active_visit: str


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Register:
    folder = tmp_path_factory.mktemp("refusals")
    partnerships = Partnerships(db=f"sqlite:///{folder / 'register.db'}", cwd=folder)

    severed = partnerships.establish(COUNCIL, "Severedton")["reference"]
    named = partnerships(
        "name-room",
        severed,
        "--room",
        "The Severedton Room",
        "--building",
        "Shire Hall",
        "--on",
        "2006-06-01",
    )
    assert named.code == 0, named
    partnerships.json(
        "sever",
        severed,
        "--on",
        SEVERED_ON,
        "--reason",
        "No further exchanges",
        "--announced-by",
        "The council leader",
    )

    active = partnerships.establish(COUNCIL, "Activeville")["reference"]
    visit = partnerships.json(
        "visit",
        active,
        "--on",
        VISITED_ON,
        "--direction",
        "inbound",
        "--delegation",
        "Guests from Activeville",
    )
    return Register(
        partnerships=partnerships,
        severed=severed,
        severed_events=3,
        active=active,
        active_events=2,
        active_visit=visit["visit_id"],
    )


def _expense(partnership: str, on: str, amount: str = "100.00") -> tuple[str, ...]:
    return (
        "expense",
        partnership,
        "--on",
        on,
        "--amount",
        amount,
        "--beneficiary",
        "Testland Travel Ltd",
        "--purpose",
        "Flights",
    )


def _visit(partnership: str, on: str, direction: str = "outbound") -> tuple[str, ...]:
    return (
        "visit",
        partnership,
        "--on",
        on,
        "--direction",
        direction,
        "--delegation",
        "The council leader",
    )


def _sever(partnership: str, on: str) -> tuple[str, ...]:
    return (
        "sever",
        partnership,
        "--on",
        on,
        "--reason",
        "No further exchanges",
        "--announced-by",
        "The council leader",
    )


# Rules of the register: exit 1.


def test_a_visit_after_severance_is_refused_and_nothing_is_stored(register: Register) -> None:
    refused = register.partnerships(*_visit(register.severed, "2018-03-17"))

    assert_refused(refused, 1, "2018-03-17", SEVERED_ON)
    assert register.partnerships.event_count(register.severed) == register.severed_events


def test_an_expense_dated_before_establishment_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    refused = register.partnerships(*_expense(register.active, "2000-12-31"))

    assert_refused(refused, 1, "2000-12-31", "established")
    assert register.partnerships.event_count(register.active) == register.active_events


def test_a_visit_dated_in_the_future_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    refused = register.partnerships(*_visit(register.active, "2999-01-01"))

    assert_refused(refused, 1, "2999-01-01", "future")
    assert register.partnerships.event_count(register.active) == register.active_events


def test_severing_a_partnership_twice_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    refused = register.partnerships(*_sever(register.severed, "2018-04-01"))

    assert_refused(refused, 1, "already severed")
    assert register.partnerships.event_count(register.severed) == register.severed_events


def test_naming_the_same_room_twice_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    refused = register.partnerships(
        "name-room",
        register.severed,
        "--room",
        "The Severedton Room",
        "--building",
        "Shire Hall",
        "--on",
        "2007-01-01",
    )

    assert_refused(refused, 1, "already named")
    assert register.partnerships.event_count(register.severed) == register.severed_events


def test_a_severance_dated_before_a_recorded_visit_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    refused = register.partnerships(*_sever(register.active, "2009-12-31"))

    assert_refused(refused, 1, "2009-12-31", VISITED_ON)
    assert register.partnerships.event_count(register.active) == register.active_events


def test_an_expense_for_another_partnerships_visit_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    refused = register.partnerships(
        *_expense(register.severed, VISITED_ON), "--visit", register.active_visit
    )

    assert_refused(refused, 1, register.active_visit)
    assert register.partnerships.event_count(register.severed) == register.severed_events


def test_establishing_the_same_council_and_city_twice_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    refused = register.partnerships(
        "establish",
        "--council",
        COUNCIL,
        "--city",
        "Activeville",
        "--country",
        "Elsewhere",
        "--on",
        "2002-02-02",
    )

    assert_refused(refused, 1, "already established")
    history = register.partnerships.history(register.active)
    assert len(history) == register.active_events
    assert history[0]["data"]["country"] == "Testland"


def test_a_partnership_that_does_not_exist_is_not_found_and_nothing_is_stored(
    register: Register,
) -> None:
    written = register.partnerships(*_visit("nowhere-council--nowhere", "2005-01-01"))
    read = register.partnerships("status", "nowhere-council--nowhere")

    assert_refused(written, 1, "nowhere-council--nowhere")
    assert_refused(read, 1, "nowhere-council--nowhere")
    assert register.partnerships.partnership_count() == 2


# Invalid input, refused before the register is asked: exit 2, naming the option.


def test_invalid_input_is_refused_naming_the_option_and_nothing_is_stored(
    register: Register, subtests: pytest.Subtests
) -> None:
    active = register.active
    invalid = [
        ("--on", "2018-13-01", _visit(active, "2018-13-01")),
        ("--on", "18/03/2018", _expense(active, "18/03/2018")),
        ("--on", "2018-02-30", _sever(active, "2018-02-30")),
        *(
            ("--amount", amount, _expense(active, VISITED_ON, amount))
            for amount in ("0", "-5", "1.005", "abc", "1e3", "10,000")
        ),
        ("--direction", "sideways", _visit(active, VISITED_ON, direction="sideways")),
        ("--visit", "not-a-visit", (*_expense(active, VISITED_ON), "--visit", "not-a-visit")),
        ("--purpose", "missing", _expense(active, VISITED_ON)[:-2]),
        ("--colour", "unknown", (*_visit(active, VISITED_ON), "--colour", "red")),
    ]
    for option, value, command in invalid:
        with subtests.test(option=option, value=value):
            assert_refused(register.partnerships(*command), 2, option)

    # Events are only ever added, so an unchanged count means none of them stored anything.
    assert register.partnerships.event_count(active) == register.active_events


def test_an_unsupported_database_url_is_refused_naming_db_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    refused = run(
        "establish",
        "--council",
        COUNCIL,
        "--city",
        "Nowhere",
        "--country",
        "Testland",
        "--on",
        "2001-01-01",
        "--db",
        "mysql://clerk@localhost/register",
        cwd=tmp_path,
    )

    assert_refused(refused, 2, "--db")
    assert list(tmp_path.iterdir()) == []
