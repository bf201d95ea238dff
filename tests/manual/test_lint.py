"""The lint of the features as a manual: the features pass it, and it finds what it looks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from manual.book import read_book
from manual.lint import problems

FEATURES = Path(__file__).resolve().parents[2] / "features"


def lint(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "sample.feature").write_text(text, encoding="utf-8")
    return [problem.what for problem in problems(read_book(tmp_path))]


def test_the_features_pass_the_lint() -> None:
    found = problems(read_book(FEATURES))
    assert not found, "\n".join(map(str, found))


def test_a_long_step_inside_a_rule_is_found(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        "Feature: f\n  Rule: r\n    Scenario: s\n      Given " + "a very long step " * 10 + "\n",
    )
    assert found == ["the step is 169 characters long; keep it within 140"]


@pytest.mark.parametrize(
    ("step", "word"),
    [
        ("the visit at log position 2 was deleted", "log position"),
        ("the register is kept in its own database file", "database file"),
        ("expense # was voided", "#"),
        ("the visit's id is noted", "id"),
        ("the auditor asks with --as-of 2016-12-31", "--a"),
        ("the JSON reads", "JSON"),
        ("someone ran SQL on it", "SQL"),
        ("the read model is rebuilt", "read model"),
    ],
)
def test_jargon_in_a_step_is_found(tmp_path: Path, step: str, word: str) -> None:
    found = lint(tmp_path, f"Feature: f\n  Rule: r\n    Background:\n      Given {step}\n")
    assert len(found) == 1
    assert found[0].startswith(f"the step says {word!r}")


def test_jargon_in_a_table_or_an_example_is_found(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        "Feature: f\n  Scenario Outline: s\n    Then it reads:\n      | what |\n      | JSON |\n"
        "    Examples:\n      | where          |\n      | log position 2 |\n",
    )
    assert [what.split(":")[0] for what in found] == [
        "the step's table says 'JSON'",
        "the example says 'log position'",
    ]


def test_two_scenarios_of_one_name_are_found_even_in_different_rules(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        "Feature: f\n  Rule: one\n    Scenario: the same\n      Given a\n"
        "  Rule: two\n    Scenario: The  same\n      Given b\n",
    )
    assert len(found) == 1
    assert "also that of sample.feature:3" in found[0]


def test_a_then_that_repeats_its_when_is_found_and_an_outcome_is_not(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        "Feature: f\n  Rule: r\n"
        "    Scenario: repeated\n"
        "      When the ties with Ivanovo are severed on 2018-03-16, announced by Philip Atkins\n"
        "      Then the ties with Ivanovo were severed on 2018-03-16, announced by Philip Atkins\n"
        "    Scenario: stated\n"
        "      When the ties with Ivanovo are severed on 2018-03-16, announced by Philip Atkins\n"
        "      Then the partnership with Ivanovo is severed since 2018-03-16\n",
    )
    assert found == ["the Then repeats its When; state the outcome the reader can check"]
