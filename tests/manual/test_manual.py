"""The manual is written from the features' structure and the results of their run."""

from __future__ import annotations

import json
from pathlib import Path

from manual.book import read_book
from manual.render import edition_of, write_manual
from manual.results import read_runs

FEATURE = """Feature: Counting visits
  Why the register counts visits.

  Background:
    Given today is 2026-11-28

  @rule-2
  Rule: A visit is counted once

    Scenario: one visit
      When a visit is recorded on 2016-09-15
      Then the partnership has 1 visit

    Scenario Outline: visits on <date>
      When a visit is recorded on <date>
      Then the partnership has <count> visit

      Examples:
        | date       | count |
        | 2016-09-15 | 1     |
        | 2016-09-16 | 1     |

  Rule: A rule not yet run

    Scenario: never run
      Given nothing
"""
README = "# R\n\n## The rules\n\n1. One.\n2. Two.\n"


def step(keyword: str, name: str, line: int, status: str) -> dict[str, object]:
    return {"keyword": keyword, "name": name, "line": line, "result": {"status": status}}


def element(line: int, name: str, date: str, last: str) -> dict[str, object]:
    """A scenario's run as pytest-bdd's cucumber JSON reports it."""
    return {
        "keyword": "Scenario",
        "name": name,
        "line": line,
        "steps": [
            step("Given", "today is 2026-11-28", 5, "passed"),
            step("When", f"a visit is recorded on {date}", line + 1, "passed"),
            step("Then", "the partnership has 1 visit", line + 2, last),
        ],
    }


def build(tmp_path: Path) -> tuple[str, dict[str, object]]:
    features = tmp_path / "features"
    features.mkdir()
    (features / "counting.feature").write_text(FEATURE, encoding="utf-8")
    results = tmp_path / "cucumber.json"
    reported = [
        element(10, "one visit", "2016-09-15", "passed"),
        # The outline's rows, reported in another order than written: matched by their steps.
        element(14, "visits on 2016-09-16", "2016-09-16", "failed"),
        element(14, "visits on 2016-09-15", "2016-09-15", "passed"),
    ]
    results.write_text(
        json.dumps([{"uri": "counting.feature", "elements": reported}]), encoding="utf-8"
    )
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    book = read_book(features)
    out = tmp_path / "docs"
    write_manual(book, edition_of(read_runs(book, results), tmp_path), out, readme)
    page = (out / "index.html").read_text(encoding="utf-8")
    return page, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_the_summary_counts_each_example_row_as_a_scenario_and_lists_each_rules_scenarios(
    tmp_path: Path,
) -> None:
    _, summary = build(tmp_path)

    assert {
        key: summary[key] for key in ("features", "scenarios", "passed", "failed", "skipped")
    } == {
        "features": 1,
        "scenarios": 4,
        "passed": 2,
        "failed": 1,
        "skipped": 1,
    }
    assert summary["rules"] == {"1": [], "2": ["one visit", "visits on <date>"]}
    assert set(summary) == {
        "commit",
        "generated_at",
        "features",
        "scenarios",
        "passed",
        "failed",
        "skipped",
        "rules",
    }


def test_the_page_says_in_words_how_each_scenario_and_example_row_ended(tmp_path: Path) -> None:
    page, _ = build(tmp_path)

    assert "Result: passed." in page
    assert "Result: 1 of 2 examples passed; example 2 failed." in page
    assert (
        '<td class="outcome failed">Failed (failed at “Then the partnership has 1 visit”)</td>'
        in page
    )
    assert "Result: skipped (not run)." in page
    assert "No scenario shows this rule yet." in page


def test_the_page_keeps_to_itself_and_links_words_to_the_glossary(tmp_path: Path) -> None:
    page, _ = build(tmp_path)

    assert "http://" not in page
    assert "https://" not in page
    assert "<script" not in page
    assert '<a class="term" href="#term-partnership">partnership</a>' in page
    assert 'id="term-partnership"' in page
    assert page.count("<h1") == 1
