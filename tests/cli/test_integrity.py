"""``digest`` and ``verify``: an auditor keeps a digest, and later proves the history unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.tampering import dropping_protection

from .command import Partnerships, assert_refused

REFERENCE = "staffordshire-county-council--ivanovo"


def tamper(db_file: Path, position: int, old: bytes, new: bytes) -> None:
    """Edits a stored event behind the register's back, first dropping the triggers by which
    the database refuses it, as anyone who means to alter the history must."""
    with sqlite3.connect(db_file) as connection:
        for statement in dropping_protection("sqlite"):
            connection.execute(statement)
        (state,) = connection.execute(
            "SELECT state FROM partnerships_events WHERE id = ?", (position,)
        ).fetchone()
        for statement in dropping_protection("sqlite"):
            connection.execute(statement)
        connection.execute(
            "UPDATE partnerships_events SET state = ? WHERE id = ?",
            (bytes(state).replace(old, new), position),
        )


def test_an_auditor_keeps_a_digest_and_later_proves_the_history_only_grew(
    tmp_path: Path,
) -> None:
    partnerships = Partnerships(db=f"sqlite:///{tmp_path / 'register.db'}", cwd=tmp_path)
    partnerships.json("demo")
    kept = partnerships.json("digest")
    assert kept["position"] == 10
    assert len(kept["digest"]) == 64

    partnerships(
        "visit",
        REFERENCE,
        "--on",
        "2017-05-01",
        "--direction",
        "inbound",
        "--delegation",
        "Youth exchange",
    )
    proof = partnerships.json(
        "verify", "--digest", kept["digest"], "--position", str(kept["position"])
    )

    assert proof["intact"] is True
    assert (proof["digest_checked"], proof["events_after_digest"]) == (True, 1)
    assert proof["events"] == 11


def test_verify_names_the_event_whose_stored_content_was_altered(tmp_path: Path) -> None:
    db_file = tmp_path / "register.db"
    partnerships = Partnerships(db=f"sqlite:///{db_file}", cwd=tmp_path)
    partnerships.json("demo")
    tamper(db_file, 8, b"6854.00", b"654.00")

    refused = partnerships("verify")
    report = partnerships("verify", "--json")

    assert_refused(refused, 1, "version 8", "log position 8", "altered")
    assert report.code == 1
    assert '"intact": false' in report.stdout


def test_a_digest_without_its_position_is_invalid_input(tmp_path: Path) -> None:
    partnerships = Partnerships(db=f"sqlite:///{tmp_path / 'register.db'}", cwd=tmp_path)

    assert_refused(partnerships("verify", "--digest", "ab" * 32), 2, "--position")
    assert_refused(partnerships("verify", "--digest", "xyz", "--position", "3"), 2, "--digest")
    assert_refused(
        partnerships("verify", "--digest", "ab" * 32, "--position", "x"), 2, "--position"
    )
