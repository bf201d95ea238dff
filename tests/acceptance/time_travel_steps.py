"""The steps that look back in time: where a partnership stood on a date, as the register knew
it at a moment or after a record, its replay record by record, and what changed between two
moments.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from adapters.read_models import (
    ReadModels,
)
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from domain.status import Change, HistoryEntry, PartnershipStatus, Point, summary
from tests.acceptance.vocabulary import (
    FIGURES,
    OWN_NUMBER,
    STATUS_COLUMNS,
    UNANSWERABLE,
    Column,
    as_written,
    caught_up,
    iso_date,
    last_recorded_at,
    noted,
    phrase,
    record_numbers,
    reference_of,
    report_reads,
)

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

    return OWN_NUMBER.sub(hashed, summary(entry.type, entry.data, entry.occurred_on))


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
