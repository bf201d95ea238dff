"""The manual's pages and its summary, written from the book and the runs of its scenarios."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from manual.book import RECORDING, Book, Example, Scenario
from manual.glossary import GLOSSARY, glossed
from manual.results import FAILED, PASSED, SKIPPED, Run
from manual.rules import readme_rules

TEMPLATES = Path(__file__).resolve().parent / "templates"
INDEX, SUMMARY = "index.html", "summary.json"
# An outcome in words, so that it never rests on colour alone.
WORDS = {PASSED: "Passed", FAILED: "Failed", SKIPPED: "Skipped"}


@dataclass(frozen=True)
class Edition:
    """What a manual was made from: the commit, when the features ran, and what they said."""

    commit: str
    generated_at: str
    runs: list[Run]

    def counts(self) -> dict[str, int]:
        outcomes = Counter(run.outcome for run in self.runs)
        return {
            "scenarios": len(self.runs),
            PASSED: outcomes[PASSED],
            FAILED: outcomes[FAILED],
            SKIPPED: outcomes[SKIPPED],
        }


def edition_of(runs: list[Run], repository: Path) -> Edition:
    return Edition(_commit(repository), datetime.now(UTC).isoformat(timespec="seconds"), runs)


def write_manual(book: Book, edition: Edition, folder: Path, readme: Path) -> list[Path]:
    """Writes the manual's page and its summary into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rules = readme_rules(readme)
    tagged = book.scenarios_of_rule()
    outcome = {(run.scenario.anchor, _line(run.example)): run for run in edition.runs}
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["glossed"] = glossed
    environment.filters["placeholders"] = placeholders
    environment.globals["fresh"] = set
    environment.globals["words"] = WORDS
    environment.globals["verdict"] = verdict
    page = environment.get_template("manual.html.j2").render(
        book=book,
        edition=edition,
        counts=edition.counts(),
        feature_count=len(book.features),
        rules_after=_rules_after(book),
        rules=rules,
        tagged=tagged,
        glossary=sorted(GLOSSARY, key=lambda term: term.word.casefold()),
        run_of=lambda scenario, example=None: outcome[(scenario.anchor, _line(example))],
        runs_of=lambda scenario: [outcome[(scenario.anchor, _line(e))] for e in scenario.runs],
        styles=(TEMPLATES / "manual.css").read_text(encoding="utf-8"),
    )
    index = folder / INDEX
    index.write_text(page, encoding="utf-8")
    summary = folder / SUMMARY
    summary.write_text(
        json.dumps(summary_of(book, edition, rules, tagged), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return [index, summary]


def summary_of(
    book: Book, edition: Edition, rules: dict[int, str], tagged: dict[int, list[Scenario]]
) -> dict[str, object]:
    return {
        "commit": edition.commit,
        "generated_at": edition.generated_at,
        "features": len(book.features),
        **edition.counts(),
        "rules": {
            str(number): [scenario.name for scenario in tagged.get(number, [])]
            for number in sorted(set(rules) | set(tagged))
        },
    }


def verdict(runs: list[Run]) -> tuple[str, str]:
    """How a scenario ended, in words: its outcome, or for an outline how many of its examples
    passed and how each other one ended."""
    if len(runs) == 1 and runs[0].example is None:
        run = runs[0]
        return run.outcome, f"{run.outcome}{f' ({run.message})' if run.message else ''}."
    passed = sum(run.outcome == PASSED for run in runs)
    others = [
        f"example {n} {run.outcome}" for n, run in enumerate(runs, 1) if run.outcome != PASSED
    ]
    outcome = (
        PASSED if not others else FAILED if any(r.outcome == FAILED for r in runs) else SKIPPED
    )
    return outcome, "; ".join([f"{passed} of {len(runs)} examples passed", *others]) + "."


def placeholders(text: Markup) -> Markup:
    """An outline's <placeholders>, already escaped in `text`, marked as variables."""
    marked = re.sub(r"&lt;([^&<>]+)&gt;", r"<var>&lt;\1&gt;</var>", str(text))
    return Markup(marked)  # noqa: S704 (the text was escaped; only <var> tags are added)


def _rules_after(book: Book) -> int:
    """The part after which the rules are listed: recording, where a newcomer first meets them."""
    titles = [part.title for part in book.parts]
    return titles.index(RECORDING) if RECORDING in titles else len(titles) - 1


def _line(example: Example | None) -> int | None:
    return None if example is None else example.line


def _commit(repository: Path) -> str:
    try:
        found = subprocess.run(  # noqa: S603 (git, asked which commit the manual was made at)
            ["git", "-C", str(repository), "rev-parse", "--short=12", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return found.stdout.strip()
