"""Reading a partnership that has only just been established."""

from __future__ import annotations

from pathlib import Path

from .command import Partnerships


def test_a_newly_established_partnership_is_active_with_nothing_recorded_yet(
    sqlite_url: str, tmp_path: Path
) -> None:
    partnerships = Partnerships(db=sqlite_url, cwd=tmp_path)
    established = partnerships.establish("Readshire County Council", "Newton", on="2020-05-01")

    status = partnerships.json("status", established["reference"])

    expected = {
        "partnership_id": established["partnership_id"],
        "reference": "readshire-county-council--newton",
        "council": "Readshire County Council",
        "city": "Newton",
        "country": "Testland",
        "status": "active",
        "established_on": "2020-05-01",
        "severed_on": None,
        "severance_reason": None,
        "visits": {"inbound": 0, "outbound": 0, "total": 0},
        "last_visit_on": None,
        "total_spend": "0.00",
        "rooms": [],
        "version": 1,
    }
    assert {field: status.get(field) for field in expected} == expected
