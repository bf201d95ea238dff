"""The reports (audit trail, spending ledger, visits) and the projections that keep them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from adapters.storage import login_name

from .command import Partnerships, assert_refused

REFERENCE = "staffordshire-county-council--ivanovo"
DEMO_EVENTS = 10
PROJECTIONS = ["status", "audit_trail", "spending_ledger", "visits"]
AUDIT_KEYS = {
    "position",
    "partnership_id",
    "type",
    "occurred_on",
    "recorded_at",
    "recorded_by",
    "account",
    "source",
    "summary",
    "data",
}
EXPENSE_KEYS = {
    "expense_id",
    "partnership_id",
    "occurred_on",
    "amount",
    "beneficiary",
    "purpose",
    "visit_id",
    "financial_year",
}
VISIT_KEYS = {"visit_id", "partnership_id", "occurred_on", "direction", "delegation", "spend"}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Partnerships:
    """One SQLite store, only read by the tests that use it: the demo, then one partnership
    more, established after it, so that the reports hold a second partnership's record."""
    where = tmp_path_factory.mktemp("reports")
    partnerships = Partnerships(db=f"sqlite:///{where / 'register.db'}", cwd=where)
    partnerships.json("demo")
    partnerships.establish("Otherham Borough Council", "Elsewhere", on="2003-03-03")
    return partnerships


def test_the_audit_trail_lists_every_event_of_the_register_in_log_order(
    demo_store: Partnerships,
) -> None:
    rows = demo_store.json("audit")

    assert len(rows) == DEMO_EVENTS + 1
    assert all(row.keys() >= AUDIT_KEYS for row in rows), rows[0].keys()
    assert [row["position"] for row in rows] == list(range(1, DEMO_EVENTS + 2))
    assert [row["type"] for row in rows][:2] == ["Established", "DelegationVisited"]
    assert rows[0]["recorded_by"] == "partnerships demo"
    assert {row["account"] for row in rows} == {login_name()}
    assert rows[0]["source"].startswith("Express & Star")
    assert rows[0]["data"]["city"] == "Ivanovo"
    assert rows[-1]["type"] == "Established"
    assert rows[-1]["data"]["city"] == "Elsewhere"
    assert rows[-1]["summary"] == (
        "Otherham Borough Council established a partnership with Elsewhere, Testland"
    )


def test_the_audit_trail_of_one_partnership_holds_only_its_events(
    demo_store: Partnerships,
) -> None:
    rows = demo_store.json("audit", REFERENCE)

    assert len(rows) == DEMO_EVENTS
    assert {row["partnership_id"] for row in rows} == {rows[0]["partnership_id"]}
    assert rows[0]["data"]["reference"] == REFERENCE
    assert [row["position"] for row in rows] == list(range(1, DEMO_EVENTS + 1))
    assert rows[-1]["type"] == "TiesSevered"


def test_the_audit_trail_as_csv_has_every_column_of_its_json_and_one_line_per_event(
    demo_store: Partnerships,
) -> None:
    printed = demo_store.raw("audit", "--csv")

    assert printed.startswith(b"\xef\xbb\xbf")  # UTF-8, said so for spreadsheets
    text = printed.decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(text, newline="")))
    assert header == list(demo_store.json("audit")[0].keys())
    assert header[:3] == ["position", "partnership_id", "version"]
    assert text.count("\r\n") == DEMO_EVENTS + 2  # RFC 4180: every line ends CRLF
    assert [int(line[0]) for line in lines] == list(range(1, DEMO_EVENTS + 2))
    assert lines[4][3:5] == ["ExpenseIncurred", "2005-05-16"]
    assert lines[4][2] == "5"
    assert lines[4][6:8] == ["partnerships demo", login_name()]
    assert '"amount": "3500.00"' in lines[4][10]
    assert "£3,500.00" in lines[4][9]


def test_the_spending_ledger_lists_each_expense_in_pounds_and_pence_with_its_year(
    demo_store: Partnerships,
) -> None:
    rows = demo_store.json("expenses")

    assert all(row.keys() >= EXPENSE_KEYS for row in rows), rows
    assert [(r["occurred_on"], r["amount"], r["financial_year"]) for r in rows] == [
        ("2005-05-16", "3500.00", "2005/06"),
        ("2016-04-20", "6854.00", "2016/17"),
    ]
    assert all(r["visit_id"] for r in rows)
    assert rows[0]["purpose"] == "The council's visit to Russia"


def test_spending_by_year_totals_the_demo_by_uk_financial_year(demo_store: Partnerships) -> None:
    assert demo_store.json("expenses", "--by-year") == [
        {"year": "2005/06", "total": "3500.00", "count": 1},
        {"year": "2016/17", "total": "6854.00", "count": 1},
    ]


def test_visits_show_the_spend_attributed_to_each(demo_store: Partnerships) -> None:
    rows = demo_store.json("visits")

    assert all(row.keys() >= VISIT_KEYS for row in rows), rows
    assert [(r["occurred_on"], r["direction"], r["spend"]) for r in rows] == [
        ("1999-10-01", "outbound", "0.00"),
        ("2000-06-01", "inbound", "0.00"),
        ("2005-05-16", "outbound", "3500.00"),
        ("2016-04-20", "outbound", "6854.00"),
        ("2016-09-15", "inbound", "0.00"),
    ]
    assert rows[2]["delegation"] == "Council delegation to Russia"


def _reports(partnerships: Partnerships) -> dict[str, Any]:
    return {
        "audit": partnerships.json("audit"),
        "expenses": partnerships.json("expenses"),
        "visits": partnerships.json("visits"),
    }


def _assert_up_to_date(states: list[dict[str, Any]], head: int) -> None:
    assert [state["name"] for state in states] == PROJECTIONS
    for state in states:
        assert state == {"name": state["name"], "position": head, "head": head, "lag": 0}


def test_rebuilding_every_projection_gives_the_same_reports(partnerships: Partnerships) -> None:
    status_before = partnerships.json("demo")["status"]
    states_before = partnerships.json("projections", "status")
    before = _reports(partnerships)

    rebuilt = partnerships.json("projections", "rebuild")

    _assert_up_to_date(states_before, DEMO_EVENTS)
    assert rebuilt == states_before
    assert _reports(partnerships) == before
    assert partnerships.json("status", REFERENCE) == status_before
    assert len(before["audit"]) == DEMO_EVENTS


def test_rebuilding_a_projection_that_does_not_exist_is_refused_naming_the_projections(
    sqlite_url: str, tmp_path: Path
) -> None:
    refused = Partnerships(db=sqlite_url, cwd=tmp_path)("projections", "rebuild", "nope")

    assert_refused(refused, 2, "'nope'", *PROJECTIONS)


def test_a_visit_is_in_the_reports_as_soon_as_it_is_recorded(
    sqlite_url: str, tmp_path: Path
) -> None:
    partnerships = Partnerships(db=sqlite_url, cwd=tmp_path)
    established = partnerships.establish("Prompt County Council", "Soonville", on="2010-01-01")
    recorded = partnerships.json(
        "visit",
        established["reference"],
        "--on",
        "2012-05-06",
        "--direction",
        "inbound",
        "--delegation",
        "The mayor of Soonville",
    )

    states = partnerships.json("projections", "status")
    visits = partnerships.json("visits")

    _assert_up_to_date(states, 2)
    assert [(v["visit_id"], v["partnership_id"], v["occurred_on"]) for v in visits] == [
        (recorded["visit_id"], established["partnership_id"], "2012-05-06")
    ]
    assert (visits[0]["direction"], visits[0]["delegation"], visits[0]["spend"]) == (
        "inbound",
        "The mayor of Soonville",
        "0.00",
    )
