"""The demo: the Staffordshire–Ivanovo partnership, recorded into a fresh store and shown."""

from __future__ import annotations

import re
from pathlib import Path

from .command import Partnerships, assert_refused

REFERENCE = "staffordshire-county-council--ivanovo"


def test_the_demo_records_the_staffordshire_ivanovo_history_and_shows_it(
    partnerships: Partnerships,
) -> None:
    shown = partnerships("demo")
    status = partnerships.json("status", REFERENCE)

    assert shown.code == 0, shown
    assert re.search(r"severed\b.*\b2018-03-\d\d", shown.stdout), shown.stdout
    assert "£10,354.00" in shown.stdout
    assert "The Ivanovo Room" in shown.stdout
    assert status["total_spend"] == "10354.00"
    assert status["status"] == "severed"
    assert status["severed_on"].startswith("2018-03")


def test_running_the_demo_again_records_nothing_new(sqlite_url: str, tmp_path: Path) -> None:
    partnerships = Partnerships(db=sqlite_url, cwd=tmp_path)
    first = partnerships.json("demo")

    again = partnerships.json("demo")

    recorded = len(first["history"])
    assert recorded > 0
    assert len(again["history"]) == recorded
    assert again["status"]["version"] == recorded


def test_the_demo_refuses_a_store_holding_another_partnership_and_records_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    partnerships = Partnerships(db=sqlite_url, cwd=tmp_path)
    other = partnerships.establish("Otherham Borough Council", "Elsewhere")

    refused = partnerships("demo")

    assert_refused(refused, 1, "already holds other records")
    listed = partnerships.json("list")
    assert [entry["reference"] for entry in listed] == [other["reference"]]
