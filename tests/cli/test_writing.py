"""Recording a partnership's history with the write commands, and reading it back."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID

from .command import Partnerships

CLERK = "Clerk to the Council"
ARCHIVIST = "A. Archivist"

SUMMARY_FIELDS = (
    "partnership_id",
    "reference",
    "council",
    "city",
    "country",
    "status",
    "established_on",
)


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_what_the_write_commands_record_reads_back_the_same_in_status_history_and_list(
    partnerships: Partnerships,
) -> None:
    clerk = replace(partnerships, env={"PARTNERSHIPS_USER": CLERK})

    established = clerk.json(
        "establish",
        "--council",
        "Testshire County Council",
        "--city",
        "Exampleville",
        "--country",
        "Testland",
        "--on",
        "2001-02-03",
        "--description",
        "Exchanges between schools",
        "--source",
        "Council minute 12/2001",
    )
    assert set(established) == {"partnership_id", "reference"}
    partnership_id = str(UUID(established["partnership_id"]))
    reference = established["reference"]
    assert reference == "testshire-county-council--exampleville"

    # Named by id; dated on the day the partnership was established.
    outbound = clerk.json(
        "visit",
        partnership_id,
        "--on",
        "2001-02-03",
        "--direction",
        "outbound",
        "--delegation",
        "The council leader and two officers",
        "--member",
        "A. Leader",
        "--member",
        "B. Officer",
        "--purpose",
        "To sign the charter",
    )
    assert set(outbound) == {"visit_id"}
    outbound_visit = str(UUID(outbound["visit_id"]))

    expense = clerk.json(
        "expense",
        reference,
        "--on",
        "2001-02-03",
        "--amount",
        "1234.5",
        "--beneficiary",
        "Exampleville Travel Ltd",
        "--purpose",
        "Flights for the charter signing",
        "--visit",
        outbound_visit,
        "--department",
        "Chief Executive's Office",
        "--irrecoverable-vat",
        "205.75",
        "--category",
        "Travel",
    )
    assert set(expense) == {"expense_id"}
    expense_id = str(UUID(expense["expense_id"]))

    # Named by reference, recorded by someone named with --by, confirmed in one line of text.
    room = clerk(
        "name-room",
        reference,
        "--room",
        "The Exampleville Room",
        "--building",
        "County Buildings",
        "--on",
        "2006-06-01",
        "--by",
        ARCHIVIST,
    )
    assert room.code == 0, room
    assert "The Exampleville Room" in _one_line(room.stdout)

    # On the same day as the latest record: not before it, so allowed.
    severance = clerk.json(
        "sever",
        partnership_id,
        "--on",
        "2006-06-01",
        "--reason",
        "No further exchanges are planned",
        "--announced-by",
        "The council leader",
    )
    assert isinstance(severance, dict)

    status = clerk.json("status", reference)
    history = clerk.history(partnership_id)
    listed = clerk.json("list")

    assert {k: status[k] for k in (*SUMMARY_FIELDS, "severed_on", "severance_reason")} == {
        "partnership_id": partnership_id,
        "reference": reference,
        "council": "Testshire County Council",
        "city": "Exampleville",
        "country": "Testland",
        "status": "severed",
        "established_on": "2001-02-03",
        "severed_on": "2006-06-01",
        "severance_reason": "No further exchanges are planned",
    }
    assert status["visits"] == {"inbound": 0, "outbound": 1, "total": 1}
    assert status["last_visit_on"] == "2001-02-03"
    assert status["total_spend"] == "1234.50"
    assert status["rooms"] == [{"room": "The Exampleville Room", "building": "County Buildings"}]
    assert status["version"] == 5

    assert [{k: entry[k] for k in SUMMARY_FIELDS} for entry in listed] == [
        {k: status[k] for k in SUMMARY_FIELDS}
    ]

    assert [event["version"] for event in history] == [1, 2, 3, 4, 5]
    assert [event["type"] for event in history] == [
        "Established",
        "DelegationVisited",
        "ExpenseIncurred",
        "RoomNamed",
        "TiesSevered",
    ]
    assert [event["occurred_on"] for event in history] == [
        "2001-02-03",
        "2001-02-03",
        "2001-02-03",
        "2006-06-01",
        "2006-06-01",
    ]
    # PARTNERSHIPS_USER is the recorder unless --by names another.
    assert [event["recorded_by"] for event in history] == [
        CLERK,
        CLERK,
        CLERK,
        ARCHIVIST,
        CLERK,
    ]
    assert [event["source"] for event in history] == [
        "Council minute 12/2001",
        None,
        None,
        None,
        None,
    ]
    recorded = [datetime.fromisoformat(event["recorded_at"]) for event in history]
    assert all(moment.tzinfo is not None for moment in recorded), recorded
    assert all(moment.utcoffset() == timedelta(0) for moment in recorded), recorded
    assert recorded == sorted(recorded)

    assert [event["data"] for event in history] == [
        {
            "reference": reference,
            "council": "Testshire County Council",
            "city": "Exampleville",
            "country": "Testland",
            "description": "Exchanges between schools",
        },
        {
            "visit_id": outbound_visit,
            "direction": "outbound",
            "delegation": "The council leader and two officers",
            "members": ["A. Leader", "B. Officer"],
            "purpose": "To sign the charter",
        },
        {
            "expense_id": expense_id,
            "amount": "1234.50",
            "beneficiary": "Exampleville Travel Ltd",
            "purpose": "Flights for the charter signing",
            "visit_id": outbound_visit,
            "department": "Chief Executive's Office",
            "irrecoverable_vat": "205.75",
            "category": "Travel",
            "card_transaction": False,
            "paid_to_individual": False,
        },
        {"room": "The Exampleville Room", "building": "County Buildings"},
        {"reason": "No further exchanges are planned", "announced_by": "The council leader"},
    ]
