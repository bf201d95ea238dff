"""Who recorded it: the name given with --by, and beside it the account that stored the event,
which the person recording cannot choose."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from sqlalchemy.engine import make_url

from adapters.storage import login_name

from .command import Partnerships

CLAIMED = "Philip Atkins, leader of the council"
# What someone might set to pass for another login; none of it changes the account.
DISGUISE = {
    "PARTNERSHIPS_USER": CLAIMED,
    "LOGNAME": "mallory",
    "USER": "mallory",
    "LNAME": "mallory",
    "USERNAME": "mallory",
    "PGUSER": "mallory",
}


def expected_account(partnerships: Partnerships) -> str:
    """The account the store knows: the database user on PostgreSQL, the login on SQLite."""
    url = make_url(partnerships.db)
    if url.get_backend_name() == "postgresql":
        return url.username or ""
    return login_name()


def test_history_and_audit_show_the_name_given_and_the_account_that_stored_each_event(
    partnerships: Partnerships,
) -> None:
    disguised = replace(partnerships, env=DISGUISE)
    reference = disguised.establish("Testshire County Council", "Exampleville")["reference"]
    disguised.json(
        "visit",
        reference,
        *("--on", "2002-02-02", "--direction", "inbound", "--delegation", "Mayor"),
        *("--by", "Ann Officer"),
    )
    account = expected_account(partnerships)
    assert account not in {"", "mallory"}

    history = partnerships.history(reference)
    audit = partnerships.json("audit", reference)
    printed_history = partnerships("history", reference).stdout
    # Wide enough that the audit's table keeps each cell on one line.
    printed_audit = replace(partnerships, env={"COLUMNS": "250"})("audit", reference).stdout
    audit_csv = list(csv.DictReader(io.StringIO(partnerships("audit", "--csv").stdout)))

    assert [(e["recorded_by"], e["account"]) for e in history] == [
        (CLAIMED, account),
        ("Ann Officer", account),
    ]
    assert [(r["recorded_by"], r["account"]) for r in audit] == [
        (CLAIMED, account),
        ("Ann Officer", account),
    ]
    assert [(r["recorded_by"], r["account"]) for r in audit_csv] == [
        (CLAIMED, account),
        ("Ann Officer", account),
    ]
    assert f"by {CLAIMED} (account {account})" in printed_history
    assert f"  Ann Officer (account {account})  " in printed_audit
    assert "account" not in history[0]["data"]
