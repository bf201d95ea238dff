"""A lint of the features as a manual: short steps, no jargon, distinct scenario names, and no
Then that only repeats its When. It reads `Rule:` blocks and their backgrounds, as Cucumber does.

`python -m manual.lint [FOLDER]` prints each problem as FILE:LINE: WHAT and exits 1 if any.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from manual.book import Book, Feature, Scenario, Step, read_book

# A step longer than this no longer reads as one line of the manual.
LONGEST_STEP = 140

# Words of the machine, not of a council officer, with the plain words to use instead.
JARGON: tuple[tuple[str, str], ...] = (
    (r"log position", "say which record, in the order the records were made"),
    (r"database file", "say where the register is kept only if it matters to the reader"),
    (r"#", "name the record by what it says"),
    (r"\bids?\b|\buuids?\b", "name things by what they are: the visit of 2016-09-15"),
    (r"(?<![\w-])--[a-z]", "say what the reader asks, not which option the command takes"),
    (r"\bjson\b", "say what the reader reads"),
    (r"\bsql\b", "say what happened to the records"),
    (r"\baggregates?\b|\bprojections?\b|\bread models?\b", "say which report"),
    (r"\bnull\b|\bnone\b(?= *\|)|\btrue\b|\bfalse\b", "write what it means"),
)
_JARGON = [(re.compile(pattern, re.IGNORECASE), advice) for pattern, advice in JARGON]

# A Then whose words are this much the same as its When's repeats it.
REPEATS = 0.85


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def problems(book: Book) -> list[Problem]:
    found: list[Problem] = []
    names: dict[str, tuple[Path, int]] = {}
    for feature in book.features:
        found.extend(_steps_problems(feature))
        for scenario in feature.scenarios:
            found.extend(_jargon(feature.path, scenario.line, scenario.name, "the scenario's name"))
            found.extend(_repeated_when(feature.path, scenario))
            for block in scenario.examples:
                for line, row in zip(block.table.lines, block.table.rows, strict=True):
                    for cell in row:
                        found.extend(_jargon(feature.path, line, cell, "the example"))
            key = " ".join(scenario.name.casefold().split())
            if key in names:
                first = names[key]
                found.append(
                    Problem(
                        feature.path,
                        scenario.line,
                        f"the scenario's name is also that of {first[0].name}:{first[1]}; "
                        "every scenario needs a name of its own",
                    )
                )
            else:
                names[key] = (feature.path, scenario.line)
    return sorted(found, key=lambda p: (str(p.path), p.line))


def _all_steps(feature: Feature) -> Iterator[Step]:
    yield from feature.background
    for rule in feature.rules:
        yield from rule.background
        for scenario in rule.scenarios:
            yield from scenario.steps


def _steps_problems(feature: Feature) -> Iterator[Problem]:
    for step in _all_steps(feature):
        if len(step.text) > LONGEST_STEP:
            yield Problem(
                feature.path,
                step.line,
                f"the step is {len(step.text)} characters long; keep it within {LONGEST_STEP}",
            )
        yield from _jargon(feature.path, step.line, step.text, "the step")
        if step.table is not None:
            cells = [*step.table.header, *(cell for row in step.table.rows for cell in row)]
            for cell in cells:
                yield from _jargon(feature.path, step.line, cell, "the step's table")


def _jargon(path: Path, line: int, text: str, where: str) -> Iterator[Problem]:
    for pattern, advice in _JARGON:
        found = pattern.search(text)
        if found:
            yield Problem(path, line, f"{where} says {found[0]!r}: {advice}")


def _repeated_when(path: Path, scenario: Scenario) -> Iterator[Problem]:
    whens = [step for step in scenario.steps if step.keyword == "When"]
    for when in whens:
        for then in _thens(scenario):
            said, stated = when.text.casefold().split(), then.text.casefold().split()
            if SequenceMatcher(None, said, stated).ratio() >= REPEATS:
                yield Problem(
                    path,
                    then.line,
                    "the Then repeats its When; state the outcome the reader can check",
                )


def _thens(scenario: Scenario) -> Iterator[Step]:
    """The Then steps, with the And and But steps that follow them."""
    in_then = False
    for step in scenario.steps:
        if step.keyword in {"Given", "When"}:
            in_then = False
        elif step.keyword == "Then":
            in_then = True
        if in_then:
            yield step


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "features"
    found = problems(read_book(folder))
    for problem in found:
        sys.stdout.write(f"{problem}\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
