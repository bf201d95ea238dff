"""Stores in trouble: what the fault tests do to a store, and the writes they try on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from .command import Outcome, Partnerships

DEMO = "staffordshire-county-council--ivanovo"
OTHER = "fault-county-council--somewhere"
ESTABLISH_OTHER = (
    "establish",
    "--council",
    "Fault County Council",
    "--city",
    "Somewhere",
    "--country",
    "Testland",
    "--on",
    "2001-01-01",
)


def sql(url: str, statement: str) -> list[tuple[Any, ...]]:
    """Runs one statement on the store behind the register's back, committing it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with closing(sqlite3.connect(str(parsed.database))) as connection, connection:
            return connection.execute(statement).fetchall()
    with psycopg.connect(postgres_dsn(url), autocommit=True, connect_timeout=10) as connection:
        cursor = connection.execute(statement)  # type: ignore[call-overload]
        return cursor.fetchall() if cursor.description else []


def postgres_dsn(url: str) -> str:
    """The libpq connection string of a PostgreSQL store's URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def stored_events(url: str) -> int:
    """How many events the store holds, counted in its table."""
    return int(sql(url, "SELECT count(*) FROM partnerships_events")[0][0])


def demo_ids(partnerships: Partnerships) -> dict[str, list[str]]:
    """The ids of the demo's visits and expenses, from its history (its events, not reports)."""
    history = partnerships.history(DEMO)
    return {
        "visit": [e["data"]["visit_id"] for e in history if e["type"] == "DelegationVisited"],
        "expense": [e["data"]["expense_id"] for e in history if e["type"] == "ExpenseIncurred"],
    }


def writes(ids: dict[str, list[str]]) -> list[tuple[str, Sequence[str], int]]:
    """Every kind of write, as the arguments of one command and how many events it stores;
    on a store holding the demo and the other partnership."""
    return [
        (
            "establish",
            (
                "establish",
                "--council",
                "Second Council",
                "--city",
                "Elsewhere",
                "--country",
                "Testland",
                "--on",
                "2002-02-02",
            ),
            1,
        ),
        (
            "visit",
            (
                "visit",
                OTHER,
                "--on",
                "2003-01-01",
                "--direction",
                "inbound",
                "--delegation",
                "Guests",
            ),
            1,
        ),
        (
            "expense",
            (
                "expense",
                OTHER,
                "--on",
                "2003-01-02",
                "--amount",
                "10.00",
                "--beneficiary",
                "Printer",
                "--purpose",
                "Programmes",
            ),
            1,
        ),
        (
            "name-room",
            (
                "name-room",
                OTHER,
                "--room",
                "Somewhere Room",
                "--building",
                "Town Hall",
                "--on",
                "2003-01-03",
            ),
            1,
        ),
        (
            "correct-expense",
            (
                "correct-expense",
                DEMO,
                ids["expense"][0],
                "--reason",
                "invoice misread",
                "--amount",
                "3600.00",
            ),
            1,
        ),
        ("void-expense", ("void-expense", DEMO, ids["expense"][1], "--reason", "duplicate"), 1),
        (
            "correct-visit",
            (
                "correct-visit",
                DEMO,
                ids["visit"][0],
                "--reason",
                "minutes",
                "--purpose",
                "Exchanges between the regions",
            ),
            1,
        ),
        ("void-visit", ("void-visit", DEMO, ids["visit"][1], "--reason", "never happened"), 1),
        (
            "sever",
            (
                "sever",
                OTHER,
                "--on",
                "2004-01-01",
                "--reason",
                "council decision",
                "--announced-by",
                "the leader",
            ),
            1,
        ),
    ]


def assert_truthful(outcome: Outcome, before: int, after: int, events: int) -> None:
    """Exit 0 if and only if the write was stored; one line on stderr at most; no traceback."""
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert len(outcome.stderr.strip().splitlines()) <= 1, outcome.stderr
    if after == before:
        assert outcome.code != 0, outcome
    else:
        assert after == before + events, (before, after)
        assert outcome.code == 0, outcome


Fault = Callable[[str], None]
