"""The projections' own pieces, without a database: money, financial years, recording times and
the rows an event makes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest

from projections import audit_trail, spending_ledger, visits
from projections.audit_trail import microseconds
from projections.money import financial_year, pence
from projections.recorded import Decoder

VISIT_ID = "ff2500c80438445d9b0357c09d5fb1df"
EXPENSE_ID = "a97ac39ddc0d441c8d514b7cdf33b1e9"
PARTNERSHIP = bytes.fromhex("933de5f42c8b59d8a609bffc16addafd")
TOPIC = "domain.partnership:Partnership."


def stored(**fields: object) -> bytes:
    """An event's state as the register stores it (without an account, as before version 2 of
    most events)."""
    return orjson.dumps(
        {
            "occurred_on": {"_data_": "2017-03-31", "_type_": "date_iso"},
            "timestamp": {"_data_": "2026-11-28T12:49:15.012452+00:00", "_type_": "datetime_iso"},
            "recorded_by": "officer",
            "source": "Minute 12",
            **fields,
        }
    )


def expense() -> bytes:
    return stored(
        class_version=3,
        account="jclerk",
        expense_id={"_data_": EXPENSE_ID, "_type_": "uuid_hex"},
        visit_id={"_data_": VISIT_ID, "_type_": "uuid_hex"},
        amount={"_data_": "6854.00", "_type_": "decimal_str"},
        irrecoverable_vat={"_data_": "0.10", "_type_": "decimal_str"},
        beneficiary="Travel agent",
        purpose="Flights",
        department="International",
        category="Travel",
        card_transaction=False,
        paid_to_individual=False,
    )


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("3500.00", 350_000), ("0.10", 10), ("0.00", 0), ("12", 1_200), ("12.5", 1_250), (None, 0)],
)
def test_amounts_become_whole_pence_exactly(amount: str | None, expected: int) -> None:
    assert pence(amount) == expected


@pytest.mark.parametrize(
    ("on", "year"),
    [
        ("2017-03-31", "2016/17"),
        ("2017-04-01", "2017/18"),
        ("1999-12-31", "1999/00"),
        ("2000-01-01", "1999/00"),
    ],
)
def test_financial_years_run_from_april_to_march(on: str, year: str) -> None:
    assert financial_year(on) == year
    assert financial_year(on) == year  # the second time from what it remembered


def test_recording_times_become_exact_microseconds() -> None:
    moment = datetime(2026, 11, 28, 12, 49, 15, 12_452, tzinfo=UTC)
    since = moment - datetime(1970, 1, 1, tzinfo=UTC)
    assert microseconds(moment.isoformat()) == since // timedelta(microseconds=1)
    assert (
        microseconds(moment.replace(microsecond=0)) == (since.days * 86_400 + since.seconds) * 10**6
    )


def test_an_expense_makes_one_ledger_row_and_no_other() -> None:
    event = Decoder().decode(7, PARTNERSHIP, 3, TOPIC + "ExpenseIncurred", expense())

    assert spending_ledger.row(event) == (
        bytes.fromhex(EXPENSE_ID),
        7,
        PARTNERSHIP,
        "2017-03-31",
        "2016/17",
        685_400,
        "Travel agent",
        "Flights",
        bytes.fromhex(VISIT_ID),
        "International",
        10,
        "Travel",
        0,
        0,
    )
    assert spending_ledger.correction(event) is None
    assert visits.row(event) is None
    assert audit_trail.row(event)[:2] == (7, PARTNERSHIP)
    assert audit_trail.row(event)[3:] == (
        "ExpenseIncurred",
        "2017-03-31",
        microseconds("2026-11-28T12:49:15.012452+00:00"),
        "officer",
        "jclerk",
        "Minute 12",
    )


def test_an_event_reads_as_plain_values_with_hyphenated_ids() -> None:
    event = Decoder().decode(7, PARTNERSHIP, 3, TOPIC + "ExpenseIncurred", expense())

    assert event.partnership_id == "933de5f4-2c8b-59d8-a609-bffc16addafd"
    assert event.partnership == PARTNERSHIP
    assert event.data["expense_id"] == "a97ac39d-dc0d-441c-8d51-4b7cdf33b1e9"
    assert event.data["amount"] == "6854.00"
    assert event.stored["amount"] == {"_data_": "6854.00", "_type_": "decimal_str"}


def test_an_expense_stored_before_card_transactions_reads_with_the_flag_filled_in() -> None:
    old = orjson.loads(expense())
    del old["class_version"], old["card_transaction"], old["account"]

    event = Decoder().decode(7, PARTNERSHIP, 3, TOPIC + "ExpenseIncurred", orjson.dumps(old))

    assert event.data["card_transaction"] is False
    assert event.account is None
    assert spending_ledger.row(event) is not None


def test_an_event_reads_with_the_account_that_stored_it_kept_apart_from_its_data() -> None:
    event = Decoder().decode(7, PARTNERSHIP, 3, TOPIC + "ExpenseIncurred", expense())

    assert (event.recorded_by, event.account) == ("officer", "jclerk")
    assert "account" not in event.data


@pytest.mark.parametrize(
    "kind",
    [
        "Established",
        "DelegationVisited",
        "RoomNamed",
        "TiesSevered",
        "ExpenseCorrected",
        "ExpenseVoided",
        "VisitCorrected",
        "VisitVoided",
    ],
)
def test_an_event_stored_before_accounts_were_recorded_reads_as_account_unknown(
    kind: str,
) -> None:
    event = Decoder().decode(7, PARTNERSHIP, 3, TOPIC + kind, stored())

    assert (event.recorded_by, event.account) == ("officer", None)
    assert audit_trail.row(event)[-2:] == (None, "Minute 12")


def test_an_expense_stored_with_the_card_flag_but_before_accounts_reads_as_account_unknown() -> (
    None
):
    older = orjson.loads(expense())
    del older["account"], older["paid_to_individual"]
    older["class_version"] = 2

    event = Decoder().decode(7, PARTNERSHIP, 3, TOPIC + "ExpenseIncurred", orjson.dumps(older))

    assert event.account is None
    assert event.data["card_transaction"] is False


def test_an_expense_stored_before_payments_to_individuals_were_marked_reads_as_not_one() -> None:
    older = orjson.loads(expense())
    del older["account"], older["paid_to_individual"]
    older["class_version"] = 2

    event = Decoder().decode(7, PARTNERSHIP, 3, TOPIC + "ExpenseIncurred", orjson.dumps(older))

    assert event.data["paid_to_individual"] is False
    assert spending_ledger.row(event)[-1] == 0


def test_a_correction_stored_before_payments_to_individuals_were_marked_reads_as_not_one() -> None:
    old = stored(
        expense_id={"_data_": EXPENSE_ID, "_type_": "uuid_hex"},
        visit_id=None,
        amount={"_data_": "6000.00", "_type_": "decimal_str"},
        beneficiary="Travel agent",
        purpose="Flights",
        was_occurred_on={"_data_": "2017-03-31", "_type_": "date_iso"},
        was_amount={"_data_": "6854.00", "_type_": "decimal_str"},
        was_beneficiary="Travel agent",
        was_purpose="Flights",
        reason="Invoice misread",
    )

    event = Decoder().decode(9, PARTNERSHIP, 4, TOPIC + "ExpenseCorrected", old)

    assert event.data["paid_to_individual"] is False
    assert event.data["was_paid_to_individual"] is False
    assert spending_ledger.correction(event) == (
        9,
        bytes.fromhex(EXPENSE_ID),
        "2017-03-31",
        "2016/17",
        600_000,
        "Travel agent",
        "Flights",
        0,
        0,
        "Invoice misread",
    )
