"""What the register takes from the command line, on SQLite and PostgreSQL: visible text only,
numbers and moments it can hold, each option once, records of a bounded size; references and
ids given back as the register printed them.

Every refusal is exit 2 (invalid input) or 1 (a rule), one line naming the option or the rule,
and nothing stored, which each test checks by counting the events afterwards.
"""

from __future__ import annotations

import re
import uuid

import pytest

from domain import partnership as partnership_module

from .command import Partnerships, assert_refused
from .in_process import run_in_process

VISITED_ON = "2010-01-01"
LATE_IN_UTC = "9999-12-31T23:59:59-12:00"  # a year 10000 in UTC


def _visit(partnership: str, *extra: str) -> tuple[str, ...]:
    return (
        "visit", partnership, "--on", VISITED_ON, "--direction", "inbound",
        "--delegation", "Guests", *extra,
    )  # fmt: skip


def _expense(partnership: str, *extra: str) -> tuple[str, ...]:
    return (
        "expense", partnership, "--on", VISITED_ON, "--amount", "100",
        "--beneficiary", "Testland Travel Ltd", "--purpose", "Flights", *extra,
    )  # fmt: skip


def test_invisible_text_is_refused_naming_the_option_and_nothing_is_stored(
    partnerships: Partnerships, subtests: pytest.Subtests
) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    expense, visit = _expense(reference), _visit(reference)
    refused = {
        "--by": (*visit, "--by", "\u200b"),
        "--beneficiary": (*expense[:6], "--beneficiary", "\u2060\ufeff", *expense[8:]),
        "--delegation": (*visit[:6], "--delegation", "\u3164"),
        "--purpose": (*expense[:8], "--purpose", "Flights\u202e"),
        "--member": (*visit, "--member", "Ann\u2028Bob"),
        "--source": (*visit, "--source", "Minute\t12"),
    }
    for option, command in refused.items():
        with subtests.test(option=option):
            assert_refused(partnerships(*command), 2, option)

    assert partnerships.event_count(reference) == 1


def test_text_with_joiners_inside_words_is_kept_byte_for_byte(partnerships: Partnerships) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    persian, family = "می\u200cخواهم", "👨\u200d👩\u200d👧"

    partnerships.json(*_visit(reference, "--member", persian, "--member", family))

    assert partnerships.history(reference)[1]["data"]["members"] == [persian, family]


def test_numbers_and_moments_the_register_cannot_hold_are_refused_naming_the_option(
    partnerships: Partnerships, subtests: pytest.Subtests
) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    refused = {
        ("--version", "١"): ("status", reference, "--version", "١"),
        ("--version", "1_0"): ("audit", reference, "--version", "1_0"),
        ("--version", "huge"): ("status", reference, "--version", "9" * 30),
        ("--as-known-at", "late"): ("status", reference, "--as-known-at", LATE_IN_UTC),
        ("--as-known-at", "early"): ("list", "--as-known-at", "0001-01-01T00:00:00+01:00"),
        ("--from", "huge"): ("diff", reference, "--from", str(2**63), "--to", "1"),
        ("--position", "huge"): ("verify", "--digest", "a" * 64, "--position", "9" * 30),
    }  # fmt: skip
    for (option, what), command in refused.items():
        with subtests.test(option=option, value=what):
            assert_refused(partnerships(*command), 2, option)

    assert partnerships.event_count(reference) == 1


def test_an_option_given_twice_is_refused_not_the_last_taken(
    partnerships: Partnerships, subtests: pytest.Subtests
) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    refused = {
        "--on": _visit(reference, "--on", "2011-01-01"),
        "--amount": _expense(reference, "--amount", "1000"),
        "--as-of": ("status", reference, "--as-of", "2011-01-01", "--as-of", "2012-01-01"),
        "--db": ("list", "--db", partnerships.db),  # given once more by the fixture
    }
    for option, command in refused.items():
        with subtests.test(option=option):
            assert_refused(partnerships(*command), 2, option, "given 2 times")

    assert partnerships.event_count(reference) == 1


def test_arguments_that_are_not_utf8_are_refused_naming_them(
    partnerships: Partnerships, subtests: pytest.Subtests
) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    # Bytes the shell passes on as they are; Python reads them as lone surrogates.
    not_utf8 = b"\xff\xfe".decode("utf-8", "surrogateescape")
    refused = {
        "PARTNERSHIP": ("status", reference + not_utf8),
        "--by": _visit(reference, "--by", "clerk" + not_utf8),
        "--on": (*_visit(reference)[:2], "--on", not_utf8, *_visit(reference)[4:]),
    }
    for name, command in refused.items():
        with subtests.test(name=name):
            assert_refused(partnerships(*command), 2, name, "not UTF-8")

    assert partnerships.event_count(reference) == 1


def test_a_record_larger_than_64_kib_is_refused_naming_the_rule_and_nothing_is_stored(
    partnerships: Partnerships,
) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    members = [word for n in range(1000) for word in ("--member", f"{n:03} " + "x" * 96)]

    refused = partnerships(*_visit(reference, *members))

    assert_refused(refused, 1, "at most 64 KiB")
    assert partnerships.event_count(reference) == 1


def test_the_longest_reference_the_register_prints_is_taken_back_by_every_command(
    partnerships: Partnerships, subtests: pytest.Subtests
) -> None:
    printed = partnerships.establish("Council " + "c" * 192, "p" * 200)["reference"]
    assert len(printed) == 402
    visit_id = partnerships.json(*_visit(printed))["visit_id"]
    expense_id = partnerships.json(*_expense(printed))["expense_id"]
    taken = [
        ("status", printed),
        ("history", printed),
        ("replay", printed),
        ("diff", printed, "--from", "1", "--to", "2"),
        ("audit", printed),
        ("expenses", printed),
        ("visits", printed),
        ("name-room", printed, "--room", "Long Room", "--building", "Hall", "--on", VISITED_ON),
        ("correct-expense", printed, expense_id, "--reason", "r", "--amount", "90"),
        ("void-expense", printed, expense_id, "--reason", "r"),
        ("correct-visit", printed, visit_id, "--reason", "r", "--direction", "outbound"),
        ("void-visit", printed, visit_id, "--reason", "r"),
        ("sever", printed, "--on", VISITED_ON, "--reason", "r", "--announced-by", "a"),
    ]
    for command in taken:
        with subtests.test(command=command[0]):
            outcome = partnerships(*command)
            assert outcome.code == 0, outcome

    assert partnerships.event_count(printed) == 9


def test_text_of_32_hexadecimal_digits_between_hyphens_is_read_as_a_reference(
    partnerships: Partnerships,
) -> None:
    printed = partnerships.establish("Cafe", "Deadbeef Deadbeef Deadbeef Dead")["reference"]
    assert printed == "cafe--deadbeef-deadbeef-deadbeef-dead"

    status = partnerships.json("status", printed)

    assert status["reference"] == printed


def test_visits_and_expenses_are_taken_by_the_short_id_history_prints(
    partnerships: Partnerships,
) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    visit_id = partnerships.json(*_visit(reference))["visit_id"]
    expense_id = partnerships.json(*_expense(reference))["expense_id"]
    history = partnerships("history", reference).stdout
    short_visit, short_expense = re.findall(r"(?:visit|expense) ([0-9a-f]{8}), recorded", history)
    assert (short_visit, short_expense) == (visit_id[:8], expense_id[:8])

    linked = partnerships.json(*_expense(reference, "--visit", short_visit))
    corrected = partnerships.json(
        "correct-visit", reference, short_visit, "--reason", "r", "--direction", "outbound"
    )
    voided = partnerships.json("void-expense", reference, short_expense.upper(), "--reason", "r")

    assert corrected == {"visit_id": visit_id, "version": 5}
    assert voided == {"expense_id": expense_id, "version": 6}
    assert partnerships.history(reference)[3]["data"]["visit_id"] == visit_id
    assert linked["expense_id"] != expense_id


def test_a_short_id_of_no_record_is_not_found_and_one_too_short_is_invalid(
    partnerships: Partnerships,
) -> None:
    reference = partnerships.establish("Hygiene County Council", "Cleanton")["reference"]
    visit_id = partnerships.json(*_visit(reference))["visit_id"]
    unknown = format((int(visit_id[:8], 16) + 1) % 16**8, "08x")

    assert_refused(partnerships("void-visit", reference, unknown, "--reason", "r"), 1, "not found")
    assert_refused(
        partnerships("void-visit", reference, visit_id[:7], "--reason", "r"), 2, "VISIT_ID"
    )
    assert partnerships.event_count(reference) == 2


def test_a_short_id_that_several_records_share_is_refused_naming_them(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In this process, where the ids the next visits get can be chosen: two share a start."""
    shared = [uuid.UUID("4c88c9b5-0000-4000-8000-00000000000" + n) for n in "12"]
    upcoming = iter(shared)
    monkeypatch.setattr(partnership_module, "uuid4", lambda: next(upcoming))
    db = ("--db", sqlite_url)
    run_in_process(
        "establish", "--council", "Hygiene", "--city", "Cleanton", "--country", "Testland",
        "--on", "2001-01-01", *db,
    )  # fmt: skip
    for _ in shared:
        assert run_in_process(*_visit("hygiene--cleanton"), *db).code == 0

    refused = run_in_process("void-visit", "hygiene--cleanton", "4c88c9b5", "--reason", "r", *db)

    assert_refused(refused, 1, "could be any of 2 visits", str(shared[0]), str(shared[1]))
    assert len(run_in_process("history", "hygiene--cleanton", *db).stdout.splitlines()) == 6
