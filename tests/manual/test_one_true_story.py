"""The manual tells one true story: wherever a feature speaks of Ivanovo, it tells only what the
register's demonstration records of the Staffordshire–Ivanovo partnership. Invented cases use
plainly invented partnerships."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from adapters import demo
from domain.register import PartnershipRegister
from manual.book import Book, Step, read_book

FEATURES = Path(__file__).resolve().parents[2] / "features"
CITY = "Ivanovo"
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_AMOUNT = re.compile(r"£[\d,]+\.\d\d")
_PARAMETER = re.compile(r"<([^<>]+)>")
_TODAY = re.compile(r"^today is \d{4}-\d{2}-\d{2}$")


class Story:
    """What the demonstration records: its dates, sums, payees, delegations and announcer."""

    def __init__(self) -> None:
        register = PartnershipRegister({"PERSISTENCE_MODULE": "eventsourcing.popo"})
        demo.record(register)
        history = register.history(demo.REFERENCE)
        self.dates = {entry.occurred_on.isoformat() for entry in history}
        spent = [Decimal(e.data["amount"]) for e in history if e.type == "ExpenseIncurred"]
        self.amounts = {f"£{amount:,.2f}" for amount in [*spent, sum(spent), Decimal("0.00")]}
        self.words = {
            "paid to": {e.data["beneficiary"] for e in history if e.type == "ExpenseIncurred"},
            "delegation": {e.data["delegation"] for e in history if e.type == "DelegationVisited"},
            "announced by": {e.data["announced_by"] for e in history if e.type == "TiesSevered"},
        }


def told_of_ivanovo(book: Book) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Every step text and table row that speaks of Ivanovo, as it runs (each example row of
    an outline on its own), with where it stands and its table's cells by column."""
    for feature in book.features:
        for rule in feature.rules:
            for scenario in rule.scenarios:
                for example in scenario.runs:
                    values = example.values if example else {}
                    steps = (*feature.background, *rule.background, *scenario.steps)
                    where = f"{feature.path.name}:{scenario.line} ({scenario.name})"
                    yield from _steps_told(steps, values, where)


def _steps_told(
    steps: tuple[Step, ...], values: dict[str, str], where: str
) -> Iterator[tuple[str, str, dict[str, str]]]:
    def filled(text: str) -> str:
        return _PARAMETER.sub(lambda m: values.get(m[1], m[0]), text)

    for step in steps:
        text = filled(step.text)
        about = CITY in text
        if about and not _TODAY.match(text):
            yield where, text, {}
        if step.table:
            for row in step.table.rows:
                cells = dict(zip(step.table.header, (filled(c) for c in row), strict=True))
                if about or any(CITY in cell for cell in cells.values()):
                    yield where, " | ".join(cells.values()), cells


@pytest.fixture(scope="module")
def story() -> Story:
    return Story()


@pytest.fixture(scope="module")
def told() -> list[tuple[str, str, dict[str, str]]]:
    return list(told_of_ivanovo(read_book(FEATURES)))


def test_every_date_told_of_ivanovo_is_a_date_of_the_story(
    story: Story, told: list[tuple[str, str, dict[str, str]]]
) -> None:
    wrong = [
        f"{where}: {date} in {text!r}"
        for where, text, _ in told
        for date in _DATE.findall(text)
        if date not in story.dates
    ]
    assert not wrong, "dates the story does not have:\n" + "\n".join(wrong)


def test_every_sum_told_of_ivanovo_is_a_sum_of_the_story(
    story: Story, told: list[tuple[str, str, dict[str, str]]]
) -> None:
    wrong = [
        f"{where}: {amount} in {text!r}"
        for where, text, _ in told
        for amount in _AMOUNT.findall(text)
        if amount not in story.amounts
    ]
    assert not wrong, "sums the story does not have:\n" + "\n".join(wrong)


def test_every_payee_delegation_and_announcer_of_ivanovo_is_the_storys(
    story: Story, told: list[tuple[str, str, dict[str, str]]]
) -> None:
    wrong = [
        f"{where}: {column} {cells[column]!r}"
        for where, _, cells in told
        for column, words in story.words.items()
        if cells.get(column, "").strip() and cells[column] not in words
    ]
    assert not wrong, "words the story does not have:\n" + "\n".join(wrong)


def test_a_fact_the_story_does_not_have_is_found(tmp_path: Path) -> None:
    (tmp_path / "invented.feature").write_text(
        "Feature: Invented\n\n  Scenario: an invented sum\n"
        "    Given £250.00 spent on 2005-05-18 was recorded against the partnership with Ivanovo\n"
        "    And these delegations visited:\n"
        "      | on         | from    | to          | delegation          |\n"
        "      | 2000-06-01 | Ivanovo | the council | guests from Ivanovo |\n",
        encoding="utf-8",
    )
    found = list(told_of_ivanovo(read_book(tmp_path)))
    story = Story()
    assert [d for _, t, _ in found for d in _DATE.findall(t) if d not in story.dates] == [
        "2005-05-18"
    ]
    assert [a for _, t, _ in found for a in _AMOUNT.findall(t) if a not in story.amounts] == [
        "£250.00"
    ]
    assert [c["delegation"] for _, _, c in found if c] == ["guests from Ivanovo"]
