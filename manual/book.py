"""The features as a book, read with Cucumber's own parser, in parts a newcomer learns in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from gherkin.parser import Parser

# The manual's parts, in the order a newcomer learns the register, and the features of each;
# the README's rules follow recording (see manual/render.py).
# A feature no part names is put in a last part, so that a new feature always appears; a test
# keeps that part empty, so that each feature is placed where a newcomer would meet it.
RECORDING = "Recording"
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The case", ("the_whole_case",)),
    (
        RECORDING,
        (
            "establishing",
            "delegation_visits",
            "expenses",
            "named_rooms",
            "severing_ties",
            "refusing_invisible_text",
        ),
    ),
    (
        "Reports",
        (
            "status_report",
            "audit_trail",
            "spending_by_financial_year",
            "the_committees_report",
            "the_spend_file",
        ),
    ),
    ("Looking back", ("looking_back_in_time", "retracing_the_history")),
    ("Corrections", ("correcting_records",)),
    (
        "Proving the history",
        (
            "proving_the_history_unchanged",
            "the_store_defends_its_history",
            "auditing_an_export",
            "checking_a_receipt",
        ),
    ),
    ("Rebuilding", ("rebuilding_reports",)),
)
MORE = "More of the register"

_RULE_TAG = re.compile(r"@rule-(\d+)$")
_PARAMETER = re.compile(r"<([^<>]+)>")


@dataclass(frozen=True)
class Table:
    """A data table or an examples table: its header and its rows, each row with its line."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Step:
    keyword: str
    text: str
    line: int
    table: Table | None = None
    doc_string: str | None = None


@dataclass(frozen=True)
class Example:
    """One row of an outline's examples: the values it gives and the line it stands on."""

    values: dict[str, str]
    line: int


@dataclass(frozen=True)
class Examples:
    name: str
    table: Table
    rows: tuple[Example, ...]


@dataclass(frozen=True)
class Scenario:
    keyword: str
    name: str
    description: str
    line: int
    tags: frozenset[str]
    steps: tuple[Step, ...]
    examples: tuple[Examples, ...] = ()
    anchor: str = ""

    @property
    def outline(self) -> bool:
        return bool(self.examples)

    @property
    def runs(self) -> tuple[Example | None, ...]:
        """What runs of it there are: one per example row of an outline, else one."""
        if not self.examples:
            return (None,)
        return tuple(row for block in self.examples for row in block.rows)

    @property
    def rules(self) -> tuple[int, ...]:
        """The README rules this scenario illustrates, from its own tags and its rule's."""
        found = (_RULE_TAG.match(tag) for tag in self.tags)
        return tuple(sorted({int(match[1]) for match in found if match}))

    def step_texts(self, background: tuple[Step, ...], example: Example | None) -> list[str]:
        """The text of every step as it runs for an example row, its background first."""
        values = example.values if example else {}
        return [
            _PARAMETER.sub(lambda m: values.get(m[1], m[0]), step.text)
            for step in (*background, *self.steps)
        ]


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    background: tuple[Step, ...]
    scenarios: tuple[Scenario, ...]
    anchor: str = ""


@dataclass(frozen=True)
class Feature:
    """One feature file: its description, its background and its rules (a rule without a name
    holds the scenarios written outside any `Rule:`)."""

    slug: str
    path: Path
    name: str
    description: str
    background: tuple[Step, ...]
    rules: tuple[Rule, ...]

    @property
    def scenarios(self) -> list[Scenario]:
        return [scenario for rule in self.rules for scenario in rule.scenarios]


@dataclass(frozen=True)
class Part:
    title: str
    anchor: str
    features: tuple[Feature, ...]


@dataclass
class Book:
    parts: list[Part] = field(default_factory=list)

    @property
    def features(self) -> list[Feature]:
        return [feature for part in self.parts for feature in part.features]

    def scenarios_of_rule(self) -> dict[int, list[Scenario]]:
        """The scenarios tagged with each README rule, in the book's order."""
        by_rule: dict[int, list[Scenario]] = {}
        for feature in self.features:
            for scenario in feature.scenarios:
                for number in scenario.rules:
                    by_rule.setdefault(number, []).append(scenario)
        return dict(sorted(by_rule.items()))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def read_feature(path: Path) -> Feature:
    """A feature file as the book holds it, parsed by Cucumber's own parser."""
    document = cast(dict[str, Any], Parser().parse(path.read_text(encoding="utf-8")))
    data = document["feature"]
    name = path.stem
    background: tuple[Step, ...] = ()
    loose: list[Scenario] = []
    rules: list[Rule] = []
    feature_tags = _tags(data)
    for child in data["children"]:
        if "background" in child:
            background = _steps(child["background"])
        elif "scenario" in child:
            loose.append(_scenario(child["scenario"], feature_tags, name))
        elif "rule" in child:
            rules.append(_rule(child["rule"], feature_tags, name))
    if loose:
        rules.insert(0, Rule("", "", (), tuple(loose), f"{name}--scenarios"))
    return Feature(
        slug=name,
        path=path,
        name=data["name"],
        description=_text(data["description"]),
        background=background,
        rules=tuple(rules),
    )


def read_book(folder: Path) -> Book:
    """Every feature in a folder, each in its part."""
    features = {path.stem: read_feature(path) for path in sorted(folder.glob("*.feature"))}
    book = Book()
    placed: set[str] = set()
    for title, names in PARTS:
        chosen = tuple(features[name] for name in names if name in features)
        placed.update(names)
        if chosen:
            book.parts.append(Part(title, f"part-{slug(title)}", chosen))
    rest = tuple(feature for name, feature in features.items() if name not in placed)
    if rest:
        book.parts.append(Part(MORE, f"part-{slug(MORE)}", rest))
    return book


def _text(description: str) -> str:
    """A description without the indentation it has in its file."""
    return "\n".join(line.strip() for line in description.splitlines()).strip()


def _tags(node: dict[str, Any]) -> frozenset[str]:
    return frozenset(tag["name"] for tag in node.get("tags", ()))


def _table(rows: list[dict[str, Any]]) -> Table:
    header, *body = rows
    return Table(
        header=tuple(cell["value"] for cell in header["cells"]),
        rows=tuple(tuple(cell["value"] for cell in row["cells"]) for row in body),
        lines=tuple(row["location"]["line"] for row in body),
    )


def _steps(node: dict[str, Any]) -> tuple[Step, ...]:
    return tuple(
        Step(
            keyword=step["keyword"].strip(),
            text=step["text"],
            line=step["location"]["line"],
            table=_table(step["dataTable"]["rows"]) if "dataTable" in step else None,
            doc_string=step["docString"]["content"] if "docString" in step else None,
        )
        for step in node["steps"]
    )


def _scenario(data: dict[str, Any], inherited: frozenset[str], feature: str) -> Scenario:
    examples = []
    for block in data.get("examples", ()):
        table = _table([block["tableHeader"], *block["tableBody"]])
        rows = tuple(
            Example(dict(zip(table.header, row, strict=True)), line)
            for row, line in zip(table.rows, table.lines, strict=True)
        )
        examples.append(Examples(block["name"], table, rows))
    line = data["location"]["line"]
    return Scenario(
        keyword=data["keyword"],
        name=data["name"],
        description=_text(data["description"]),
        line=line,
        tags=inherited | _tags(data) | {t for b in data.get("examples", ()) for t in _tags(b)},
        steps=_steps(data),
        examples=tuple(examples),
        anchor=f"{feature}--{line}",
    )


def _rule(data: dict[str, Any], inherited: frozenset[str], feature: str) -> Rule:
    tags = inherited | _tags(data)
    background: tuple[Step, ...] = ()
    scenarios = []
    for child in data["children"]:
        if "background" in child:
            background = _steps(child["background"])
        elif "scenario" in child:
            scenarios.append(_scenario(child["scenario"], tags, feature))
    return Rule(
        name=data["name"],
        description=_text(data["description"]),
        background=background,
        scenarios=tuple(scenarios),
        anchor=f"{feature}--rule-{data['location']['line']}",
    )
