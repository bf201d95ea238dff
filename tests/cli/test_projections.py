"""``projections``: how far the reports are, and rebuilding them, as people run it."""

from __future__ import annotations

from pathlib import Path

from .command import Partnerships, assert_refused
from .test_integrity import tamper


def test_a_rebuild_refuses_an_edited_event_naming_its_position_and_the_reports_stand(
    tmp_path: Path,
) -> None:
    partnerships = Partnerships(db=f"sqlite:///{tmp_path / 'register.db'}", cwd=tmp_path)
    partnerships.json("demo")
    spent = partnerships.json("expenses")
    expense = next(row for row in partnerships.json("audit") if row["type"] == "ExpenseIncurred")
    amount = expense["data"]["amount"].encode()
    tamper(tmp_path / "register.db", expense["position"], amount, b"999999.99")

    refused = partnerships("projections", "rebuild")

    # Off a terminal a rebuild first says, on a line of its own, how much it sets out to do.
    said = refused.stderr.splitlines()
    assert said[0].startswith("Rebuilding the read models"), refused
    assert_refused(
        refused._replace(stderr="\n".join(said[1:])),
        1,
        f"log position {expense['position']}",
        "partnerships verify",
    )
    assert partnerships.json("expenses") == spent
