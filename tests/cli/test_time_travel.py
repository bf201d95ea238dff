"""Looking back in time with the command line: --as-of, --as-known-at and --version on the
reports, the replay and the comparison of two points, and the inputs each refuses.

One store holds the demo, recorded once; every test only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from .command import Partnerships, assert_refused

REFERENCE = "staffordshire-county-council--ivanovo"
DEMO_EVENTS = 10


@dataclass(frozen=True)
class Demo:
    """The command pointed at a store holding the demo, and the history the demo printed."""

    run: Partnerships
    history: list[dict[str, Any]]

    def version_of_expense(self, amount: str) -> int:
        (version,) = (
            e["version"]
            for e in self.history
            if e["type"] == "ExpenseIncurred" and e["data"]["amount"] == amount
        )
        return int(version)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    where = tmp_path_factory.mktemp("time_travel")
    run = Partnerships(db=f"sqlite:///{where / 'register.db'}", cwd=where)
    history = run.json("demo")["history"]
    assert len(history) == DEMO_EVENTS
    return Demo(run, history)


# Where a partnership stood


def test_as_of_a_date_counts_only_what_had_happened_by_then(demo: Demo) -> None:
    status = demo.run.json("status", REFERENCE, "--as-of", "2010-12-31")

    assert (status["total_spend"], status["status"], status["severed_on"]) == (
        "3500.00",
        "active",
        None,
    )
    assert status["visits"]["total"] == 3


def test_at_version_1_the_partnership_is_only_established(demo: Demo) -> None:
    status = demo.run.json("status", REFERENCE, "--version", "1")

    assert status["visits"]["total"] == 0
    assert (status["total_spend"], status["version"]) == ("0.00", 1)


def test_as_known_at_the_moment_of_the_fourth_record_leaves_out_the_later_ones(
    demo: Demo,
) -> None:
    fourth = demo.history[3]["recorded_at"]

    status = demo.run.json("status", REFERENCE, "--as-known-at", fourth)

    assert (status["version"], status["visits"]["total"], status["total_spend"]) == (4, 3, "0.00")


def test_a_date_before_the_establishment_is_refused_in_one_line(demo: Demo) -> None:
    outcome = demo.run("status", REFERENCE, "--as-of", "1990-01-01")

    assert_refused(outcome, 1, "1999-01-01", "1990-01-01")


def test_a_moment_before_anything_was_recorded_is_refused_in_one_line(demo: Demo) -> None:
    outcome = demo.run("status", REFERENCE, "--as-known-at", "2000-01-01T00:00:00Z")

    assert_refused(outcome, 1, "2000-01-01")


def test_a_moment_without_its_utc_offset_is_refused_as_invalid(demo: Demo) -> None:
    outcome = demo.run("status", REFERENCE, "--as-known-at", "2017-06-01T09:00:00")

    assert_refused(outcome, 2, "--as-known-at")


def test_a_version_and_a_moment_together_are_refused_as_invalid(demo: Demo) -> None:
    outcome = demo.run(
        "status", REFERENCE, "--version", "3", "--as-known-at", "2017-06-01T09:00:00Z"
    )

    assert_refused(outcome, 2, "--version", "--as-known-at")


def test_the_list_as_of_a_date_before_the_severance_shows_the_partnership_active(
    demo: Demo,
) -> None:
    listed = demo.run.json("list", "--as-of", "2017-12-31")

    assert [(p["reference"], p["status"]) for p in listed] == [(REFERENCE, "active")]


# The other reports, looking back


def test_the_ledger_as_of_a_date_holds_only_the_sums_spent_by_then(demo: Demo) -> None:
    rows = demo.run.json("expenses", "--as-of", "2010-12-31")

    assert [(r["occurred_on"], r["amount"]) for r in rows] == [("2005-05-16", "3500.00")]


def test_the_yearly_totals_at_the_version_of_the_first_expense_hold_it_alone(
    demo: Demo,
) -> None:
    first = demo.version_of_expense("3500.00")

    totals = demo.run.json("expenses", REFERENCE, "--version", str(first), "--by-year")

    assert totals == [{"year": "2005/06", "total": "3500.00", "count": 1}]


def test_the_audit_trail_at_version_2_holds_two_records(demo: Demo) -> None:
    rows = demo.run.json("audit", REFERENCE, "--version", "2")

    assert [(r["version"], r["type"]) for r in rows] == [
        (1, "Established"),
        (2, "DelegationVisited"),
    ]


def test_a_version_of_the_whole_audit_trail_is_refused_as_invalid(demo: Demo) -> None:
    outcome = demo.run("audit", "--version", "2")

    assert_refused(outcome, 2, "--version", "PARTNERSHIP")


# Replaying and comparing


def test_the_replay_gives_each_record_with_the_state_it_left(demo: Demo) -> None:
    steps = demo.run.json("replay", REFERENCE)

    assert len(steps) == DEMO_EVENTS
    assert all(set(step) == {"event", "state"} for step in steps)
    assert [step["event"]["version"] for step in steps] == list(range(1, DEMO_EVENTS + 1))
    assert steps[-1]["state"]["total_spend"] == "10354.00"
    assert steps[-1]["state"]["status"] == "severed"


def test_the_difference_between_two_dates_names_the_expense_that_changed_the_spend(
    demo: Demo,
) -> None:
    costliest = demo.version_of_expense("6854.00")

    changes = demo.run.json("diff", REFERENCE, "--from", "2010-01-01", "--to", "2017-01-01")

    (spend,) = (c for c in changes["changes"] if c["field"] == "total_spend")
    assert (spend["from"], spend["to"]) == ("3500.00", "10354.00")
    assert costliest in spend["caused_by"]


def test_a_version_compared_with_itself_has_no_changes(demo: Demo) -> None:
    assert demo.run.json("diff", REFERENCE, "--from", "4", "--to", "4") == {"changes": []}


def test_a_point_that_is_neither_version_date_nor_moment_is_refused_as_invalid(
    demo: Demo,
) -> None:
    outcome = demo.run("diff", REFERENCE, "--from", "last spring", "--to", "4")

    assert_refused(outcome, 2, "--from")
