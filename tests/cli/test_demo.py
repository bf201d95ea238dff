"""The demo: the Staffordshire–Ivanovo partnership, recorded into a fresh store and shown."""

from __future__ import annotations

import re
from pathlib import Path

from .command import Partnerships

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
    # The demo's records name the account that stored them, as a command's record does.
    partnerships.establish("Testshire", "Exampleville")
    (established,) = partnerships.history("testshire--exampleville")
    accounts = {e["account"] for e in partnerships.json("history", REFERENCE)}
    assert accounts == {established["account"]} != {None}


def test_running_the_demo_again_records_nothing_new(sqlite_url: str, tmp_path: Path) -> None:
    partnerships = Partnerships(db=sqlite_url, cwd=tmp_path)
    first = partnerships.json("demo")

    again = partnerships.json("demo")

    recorded = len(first["history"])
    assert recorded > 0
    assert len(again["history"]) == recorded
    assert again["status"]["version"] == recorded


def test_the_demo_records_its_story_beside_the_partnerships_a_store_already_holds(
    partnerships: Partnerships,
) -> None:
    other = partnerships.establish("Otherham Borough Council", "Elsewhere")

    shown = partnerships.json("demo")
    again = partnerships.json("demo")

    listed = sorted(entry["reference"] for entry in partnerships.json("list"))
    assert listed == sorted([other["reference"], REFERENCE])
    assert shown["status"]["reference"] == REFERENCE
    assert len(again["history"]) == len(shown["history"]) == 10


def test_the_demo_shows_the_story_as_the_store_holds_it_when_someone_added_to_it(
    sqlite_url: str, tmp_path: Path
) -> None:
    partnerships = Partnerships(db=sqlite_url, cwd=tmp_path)
    partnerships.json("demo")
    partnerships(
        "name-room",
        REFERENCE,
        "--room",
        "Ivanovo Hall",
        "--building",
        "Shire Hall",
        "--on",
        "2007-01-01",
    )

    shown = partnerships.json("demo")

    assert len(shown["history"]) == 11
