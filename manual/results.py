"""What the last run of the features said of each scenario, read from pytest-bdd's cucumber JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manual.book import Book, Example, Feature, Scenario

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


@dataclass(frozen=True)
class Run:
    """One run of a scenario (one example row of an outline) and how it ended."""

    feature: Feature
    scenario: Scenario
    example: Example | None
    outcome: str
    message: str = ""


def read_runs(book: Book, cucumber_json: Path) -> list[Run]:
    """Every run the book asks for, in its order, each with the outcome the JSON reports; a run
    the JSON does not report (not collected, or skipped before it started) counts as skipped."""
    reported = _reported(json.loads(cucumber_json.read_text(encoding="utf-8")))
    runs = []
    for feature in book.features:
        for rule in feature.rules:
            background = (*feature.background, *rule.background)
            for scenario in rule.scenarios:
                candidates = reported.get((feature.path.name, scenario.line), [])
                for example in scenario.runs:
                    expected = scenario.step_texts(background, example)
                    found = _take_matching(candidates, expected)
                    if found is None:
                        runs.append(Run(feature, scenario, example, SKIPPED, "not run"))
                    else:
                        runs.append(Run(feature, scenario, example, *_outcome(found)))
    return runs


def _reported(features: list[dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    by_scenario: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for feature in features:
        name = Path(feature["uri"]).name
        for element in feature["elements"]:
            by_scenario.setdefault((name, element["line"]), []).append(element)
    return by_scenario


def _take_matching(candidates: list[dict[str, Any]], expected: list[str]) -> dict[str, Any] | None:
    """The first reported run whose steps are the expected ones (or their beginning, when it
    stopped at a failure), taken out of the candidates so that it answers for one row only."""
    for index, element in enumerate(candidates):
        names = [step["name"] for step in element["steps"]]
        if names and names == expected[: len(names)]:
            return candidates.pop(index)
    return None


def _outcome(element: dict[str, Any]) -> tuple[str, str]:
    statuses = [step["result"]["status"] for step in element["steps"]]
    for step in element["steps"]:
        if step["result"]["status"] == FAILED:
            return FAILED, f"failed at “{step['keyword']} {step['name']}”"
    if SKIPPED in statuses:
        return SKIPPED, "skipped"
    return PASSED, ""
