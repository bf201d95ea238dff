"""Correcting and voiding records with the command line: each command adds exactly one event,
the reports count records as they stand, and the history keeps every original.

The commands run once, in order, against one store holding the demo; each test judges what
one step of that story printed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from .command import Outcome, Partnerships, assert_refused

REFERENCE = "staffordshire-county-council--ivanovo"
DEMO_EVENTS = 10
AUDITOR = "Jane Ward"
CREDIT_NOTE = "Credit note CN-2005/118"
WHY_CORRECTED = "the invoice was for £3,050.00, not £3,500.00"


@dataclass(frozen=True)
class Story:
    """What each command printed, in the order they ran."""

    demo: list[dict[str, Any]]
    corrected: dict[str, Any]
    by_year: list[dict[str, Any]]
    audit: list[dict[str, Any]]
    visit_voided: dict[str, Any]
    status: dict[str, Any]
    expense_voided: dict[str, Any]
    voided_again: Outcome
    visit_corrected: dict[str, Any]
    bad_amount: Outcome
    unknown_expense: Outcome
    malformed_expense: Outcome
    verified: dict[str, Any]
    history: list[dict[str, Any]]


def _expense(history: list[dict[str, Any]], amount: str) -> str:
    """The id of the demo's expense of an amount."""
    (found,) = (
        e["data"]["expense_id"]
        for e in history
        if e["type"] == "ExpenseIncurred" and e["data"]["amount"] == amount
    )
    return str(found)


def _visit(history: list[dict[str, Any]], on: str) -> str:
    """The id of the demo's visit on a date."""
    (found,) = (
        e["data"]["visit_id"]
        for e in history
        if e["type"] == "DelegationVisited" and e["occurred_on"] == on
    )
    return str(found)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    where = tmp_path_factory.mktemp("corrections")
    run = Partnerships(db=f"sqlite:///{where / 'register.db'}", cwd=where)
    demo = run.json("demo")["history"]
    first_expense = _expense(demo, "3500.00")
    last_expense = _expense(demo, "6854.00")
    guests = _visit(demo, "2000-06-01")
    last_visit = _visit(demo, "2016-09-15")
    recording = ("--by", AUDITOR, "--source", CREDIT_NOTE)

    corrected = run.json(
        "correct-expense",
        REFERENCE,
        first_expense,
        "--amount",
        "3050",
        "--reason",
        WHY_CORRECTED,
        *recording,
    )
    by_year = run.json("expenses", "--by-year")
    audit = run.json("audit")
    visit_voided = run.json(
        "void-visit", REFERENCE, guests, "--reason", "recorded twice", *recording
    )
    status = run.json("status", REFERENCE)
    void = ("void-expense", REFERENCE, last_expense, "--reason", "refunded", *recording)
    expense_voided = run.json(*void)
    voided_again = run(*void)
    visit_corrected = run.json(
        "correct-visit",
        REFERENCE,
        last_visit,
        "--direction",
        "outbound",
        "--on",
        "2016-09-16",
        "--reason",
        "the council's delegation went, a day later",
        *recording,
    )
    bad_amount = run(
        "correct-expense", REFERENCE, first_expense, "--amount", "12.345", "--reason", "a typo"
    )
    unknown_expense = run(
        "correct-expense", REFERENCE, str(uuid.uuid4()), "--amount", "12", "--reason", "a typo"
    )
    malformed_expense = run(
        "correct-expense", REFERENCE, "not-an-id", "--amount", "12", "--reason", "a typo"
    )
    return Story(
        demo=demo,
        corrected=corrected,
        by_year=by_year,
        audit=audit,
        visit_voided=visit_voided,
        status=status,
        expense_voided=expense_voided,
        voided_again=voided_again,
        visit_corrected=visit_corrected,
        bad_amount=bad_amount,
        unknown_expense=unknown_expense,
        malformed_expense=malformed_expense,
        verified=run.json("verify"),
        history=run.history(REFERENCE),
    )


def test_correcting_an_expense_prints_its_id_and_the_partnerships_new_version(
    story: Story,
) -> None:
    first_expense = _expense(story.demo, "3500.00")

    assert len(story.demo) == DEMO_EVENTS
    assert story.corrected == {"expense_id": first_expense, "version": DEMO_EVENTS + 1}


def test_spending_by_year_totals_the_corrected_amount(story: Story) -> None:
    assert story.by_year == [
        {"year": "2005/06", "total": "3050.00", "count": 1},
        {"year": "2016/17", "total": "6854.00", "count": 1},
    ]


def test_the_history_keeps_the_original_expense_and_adds_the_correction_with_who_and_why(
    story: Story,
) -> None:
    first_expense = _expense(story.demo, "3500.00")
    original = story.history[4]
    correction = story.history[DEMO_EVENTS]

    assert original == story.demo[4]
    assert (original["type"], original["data"]["amount"]) == ("ExpenseIncurred", "3500.00")
    assert correction["version"] == DEMO_EVENTS + 1
    assert correction["type"] == "ExpenseCorrected"
    assert (correction["recorded_by"], correction["source"]) == (AUDITOR, CREDIT_NOTE)
    assert correction["occurred_on"] == "2005-05-16"
    assert correction["data"]["expense_id"] == first_expense
    assert (correction["data"]["was_amount"], correction["data"]["amount"]) == (
        "3500.00",
        "3050.00",
    )
    assert correction["data"]["reason"] == WHY_CORRECTED


def test_the_audit_trail_ends_with_the_correction_and_its_reason(story: Story) -> None:
    last = story.audit[-1]

    assert len(story.audit) == DEMO_EVENTS + 1
    assert (last["type"], last["recorded_by"], last["source"]) == (
        "ExpenseCorrected",
        AUDITOR,
        CREDIT_NOTE,
    )
    assert WHY_CORRECTED in last["summary"], last["summary"]
    assert "£3,500.00 to £3,050.00" in last["summary"], last["summary"]


def test_a_voided_visit_is_no_longer_counted_in_the_status(story: Story) -> None:
    guests = _visit(story.demo, "2000-06-01")

    assert story.visit_voided == {"visit_id": guests, "version": DEMO_EVENTS + 2}
    assert story.status["visits"] == {"inbound": 1, "outbound": 3, "total": 4}
    assert story.status["total_spend"] == "9904.00"
    assert story.status["version"] == DEMO_EVENTS + 2


def test_voiding_an_expense_twice_is_refused_the_second_time_and_nothing_is_stored(
    story: Story,
) -> None:
    last_expense = _expense(story.demo, "6854.00")

    assert story.expense_voided == {"expense_id": last_expense, "version": DEMO_EVENTS + 3}
    assert_refused(story.voided_again, 1, last_expense, "void already")
    assert [entry["type"] for entry in story.history[DEMO_EVENTS + 2 :]] == [
        "ExpenseVoided",
        "VisitCorrected",
    ]


def test_correcting_a_visit_adds_one_event_keeping_what_it_was(story: Story) -> None:
    last_visit = _visit(story.demo, "2016-09-15")
    correction = story.history[-1]

    assert story.visit_corrected == {"visit_id": last_visit, "version": DEMO_EVENTS + 4}
    assert (correction["type"], correction["occurred_on"]) == ("VisitCorrected", "2016-09-16")
    assert (correction["data"]["was_direction"], correction["data"]["direction"]) == (
        "inbound",
        "outbound",
    )
    assert correction["data"]["was_occurred_on"] == "2016-09-15"


def test_an_amount_that_is_not_pounds_and_pence_is_invalid_input_naming_the_option(
    story: Story,
) -> None:
    assert_refused(story.bad_amount, 2, "--amount", "12.345")


def test_an_expense_the_partnership_does_not_have_is_refused(story: Story) -> None:
    assert_refused(story.unknown_expense, 1, "is not an expense of the partnership", REFERENCE)


def test_an_expense_id_that_is_not_an_id_is_invalid_input(story: Story) -> None:
    assert_refused(story.malformed_expense, 2, "'not-an-id'")


def test_the_corrections_added_one_event_each_and_the_refusals_none(story: Story) -> None:
    corrections = DEMO_EVENTS + 4

    assert [entry["version"] for entry in story.history] == list(range(1, corrections + 1))
    assert story.history[:DEMO_EVENTS] == story.demo
    assert story.verified["events"] == corrections


def test_the_stored_history_verifies_intact_after_the_corrections(story: Story) -> None:
    assert story.verified["intact"] is True, story.verified
    assert story.verified["problem"] is None
