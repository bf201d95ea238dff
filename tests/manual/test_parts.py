"""The manual's table of contents follows the order a newcomer learns the register in."""

from __future__ import annotations

from pathlib import Path

from manual.book import MORE, read_book

FEATURES = Path(__file__).resolve().parents[2] / "features"

# The order the manual's parts come in: the case, then recording (the README's rules follow it),
# reports, looking back, corrections, proving the history and rebuilding.
ORDER = (
    "The case",
    "Recording",
    "Reports",
    "Looking back",
    "Corrections",
    "Proving the history",
    "Rebuilding",
)


def test_the_parts_come_in_the_order_a_newcomer_learns_the_register() -> None:
    assert [part.title for part in read_book(FEATURES).parts] == list(ORDER)


def test_every_feature_is_placed_in_a_part_a_newcomer_would_meet_it_in() -> None:
    book = read_book(FEATURES)
    unplaced = [f.slug for part in book.parts if part.title == MORE for f in part.features]
    assert not unplaced, f"features in no part of the manual: {unplaced}"
    assert len(book.features) == len(list(FEATURES.glob("*.feature")))


def test_a_feature_no_part_names_still_appears_in_the_last_part(tmp_path: Path) -> None:
    (tmp_path / "a_new_capability.feature").write_text(
        "Feature: A new capability\n\n  Scenario: it works\n    Given today is 2026-11-28\n",
        encoding="utf-8",
    )
    book = read_book(tmp_path)
    assert [(part.title, [f.slug for f in part.features]) for part in book.parts] == [
        (MORE, ["a_new_capability"])
    ]
