"""Every rule of the README is shown by at least one scenario tagged with its number."""

from __future__ import annotations

from pathlib import Path

from manual.book import read_book
from manual.rules import readme_rules

FEATURES = Path(__file__).resolve().parents[2] / "features"


def test_every_rule_of_the_readme_has_a_scenario_tagged_with_it() -> None:
    tagged = read_book(FEATURES).scenarios_of_rule()
    untagged = [number for number in readme_rules() if not tagged.get(number)]
    assert not untagged, f"no scenario is tagged @rule-N for README rules {untagged}"


def test_every_rule_tag_names_a_rule_of_the_readme() -> None:
    tagged = read_book(FEATURES).scenarios_of_rule()
    unknown = sorted(set(tagged) - set(readme_rules()))
    assert not unknown, f"scenarios are tagged with rules the README does not have: {unknown}"


def test_the_readme_rules_are_read_whole_and_without_their_links(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# R\n\n## The rules\n\nIntro.\n\n1. First rule,\n   on two lines. "
        "([its scenarios](build/docs/index.html#rule-1))\n2. Second rule.\n\n"
        "## Next\n\n3. Not a rule.\n",
        encoding="utf-8",
    )
    assert readme_rules(readme) == {1: "First rule, on two lines.", 2: "Second rule."}


def test_a_rule_tag_on_a_rule_block_counts_for_its_scenarios(tmp_path: Path) -> None:
    (tmp_path / "sample.feature").write_text(
        "Feature: f\n  @rule-2\n  Rule: r\n    Scenario: one\n      Given a\n"
        "    @rule-5\n    Scenario: two\n      Given b\n",
        encoding="utf-8",
    )
    tagged = read_book(tmp_path).scenarios_of_rule()
    assert {number: [s.name for s in found] for number, found in tagged.items()} == {
        2: ["one", "two"],
        5: ["two"],
    }
