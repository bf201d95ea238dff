"""History stored under an earlier version of an event still loads, projects and verifies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from adapters import chain
from adapters.read_models import ReadModels
from domain.partnership import Partnership
from domain.register import PartnershipRegister
from tests.application.test_register import STAFFORDSHIRE, establish


def version_1_expense(register: PartnershipRegister, amount: str) -> StoredEvent:
    """An expense exactly as version 1 of the event stored it: no procurement-card flag."""
    partnership_id = register.find(STAFFORDSHIRE)
    version = len(register.history(STAFFORDSHIRE)) + 1
    state = {
        "amount": {"_type_": "decimal_str", "_data_": amount},
        "beneficiary": "Travel agent",
        "category": "Travel",
        "department": None,
        "expense_id": {"_type_": "uuid_hex", "_data_": uuid4().hex},
        "irrecoverable_vat": None,
        "occurred_on": {"_type_": "date_iso", "_data_": "2005-05-16"},
        "purpose": "Flights",
        "recorded_by": "clerk",
        "source": "Invoice 17",
        "timestamp": {"_type_": "datetime_iso", "_data_": "2019-01-07T09:30:00+00:00"},
        "visit_id": None,
    }
    return StoredEvent(
        originator_id=partnership_id,
        originator_version=version,
        topic=get_topic(Partnership.ExpenseIncurred),
        state=orjson.dumps(state, option=orjson.OPT_SORT_KEYS),
    )


def version_1_visit(register: PartnershipRegister) -> StoredEvent:
    """A visit exactly as version 1 of the event stored it: no account."""
    partnership_id = register.find(STAFFORDSHIRE)
    state = {
        "delegation": "Mayor's delegation",
        "direction": "inbound",
        "members": ["Ann"],
        "occurred_on": {"_type_": "date_iso", "_data_": "2006-06-01"},
        "purpose": None,
        "recorded_by": "clerk",
        "source": None,
        "timestamp": {"_type_": "datetime_iso", "_data_": "2019-01-08T09:30:00+00:00"},
        "visit_id": {"_type_": "uuid_hex", "_data_": uuid4().hex},
    }
    return StoredEvent(
        originator_id=partnership_id,
        originator_version=len(register.history(STAFFORDSHIRE)) + 1,
        topic=get_topic(Partnership.DelegationVisited),
        state=orjson.dumps(state, option=orjson.OPT_SORT_KEYS),
    )


def version_2_expense(register: PartnershipRegister) -> StoredEvent:
    """An expense as version 2 of the event stored it: the card flag, but no account."""
    stored = version_1_expense(register, "12.50")
    state = orjson.loads(stored.state) | {"class_version": 2, "card_transaction": True}
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=orjson.dumps(state, option=orjson.OPT_SORT_KEYS),
    )


@pytest.fixture
def register(register: PartnershipRegister) -> PartnershipRegister:
    """The shared empty register, with an expense stored as version 1 of its event."""
    establish(register)
    register.recorder.insert_events([version_1_expense(register, "3500.00")])
    return register


class UpcastingContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_a_version_1_expense_loads_as_not_paid_by_card(
        self, register: PartnershipRegister
    ) -> None:
        loaded: Any = register.repository.get(register.find(STAFFORDSHIRE))
        (expense,) = loaded.expenses.values()
        assert (expense.amount, expense.card_transaction) == (Decimal("3500.00"), False)
        assert register.history(STAFFORDSHIRE)[1].data["card_transaction"] is False
        assert chain.verify_register(register).intact

    def test_a_version_1_expense_projects_into_every_report(
        self, register: PartnershipRegister
    ) -> None:
        models = ReadModels(register)
        models.catch_up()
        assert models.status(register.find(STAFFORDSHIRE)).total_spend == Decimal("3500.00")
        assert [t.total for t in models.totals_by_year()] == [Decimal("3500.00")]
        (row,) = [r for r in models.audit() if r.type == "ExpenseIncurred"]
        assert row.data["card_transaction"] is False

    def test_events_stored_before_accounts_read_as_account_unknown_and_still_verify(
        self, register: PartnershipRegister
    ) -> None:
        register.recorder.insert_events([version_1_visit(register)])
        register.recorder.insert_events([version_2_expense(register)])
        before = [e.state for e in register.recorder.select_events(register.find(STAFFORDSHIRE))]

        history = register.history(STAFFORDSHIRE)
        models = ReadModels(register)
        models.catch_up()

        assert [(e.type, e.account) for e in history[1:]] == [
            ("ExpenseIncurred", None),
            ("DelegationVisited", None),
            ("ExpenseIncurred", None),
        ]
        assert history[3].data["card_transaction"] is True
        assert [r.account for r in models.audit()][1:] == [None, None, None]
        after = [e.state for e in register.recorder.select_events(register.find(STAFFORDSHIRE))]
        assert after == before
        assert chain.verify_register(register).intact

    def test_new_events_beside_old_ones_record_their_account(
        self, register: PartnershipRegister
    ) -> None:
        register.account = "jclerk"
        register.record_visit(
            STAFFORDSHIRE,
            occurred_on=date(2016, 4, 20),
            direction="outbound",
            delegation="Council delegation",
            recorded_by="clerk",
        )
        stored = register.recorder.select_events(register.find(STAFFORDSHIRE))
        assert b'"account":"jclerk"' in stored[-1].state
        assert b'"class_version":2' in stored[-1].state
        assert [e.account for e in register.history(STAFFORDSHIRE)] == [None, None, "jclerk"]
        assert chain.verify_register(register).intact

    def test_a_version_1_expense_loads_as_not_paid_to_an_individual(
        self, register: PartnershipRegister
    ) -> None:
        loaded: Any = register.repository.get(register.find(STAFFORDSHIRE))
        (expense,) = loaded.expenses.values()
        assert expense.paid_to_individual is False
        models = ReadModels(register)
        models.catch_up()
        (row,) = [r for r in models.audit() if r.type == "ExpenseIncurred"]
        assert row.data["paid_to_individual"] is False

    def test_new_expenses_beside_old_ones_are_stored_as_the_newest_version(
        self, register: PartnershipRegister
    ) -> None:
        register.record_expense(
            STAFFORDSHIRE,
            occurred_on=date(2016, 4, 20),
            amount=Decimal("6854.00"),
            beneficiary="Hotel",
            purpose="Rooms",
            card_transaction=True,
            recorded_by="clerk",
        )
        stored = register.recorder.select_events(register.find(STAFFORDSHIRE))
        assert b'"class_version":3' in stored[-1].state
        assert b"class_version" not in stored[1].state
        assert register.status(STAFFORDSHIRE).total_spend == Decimal("10354.00")


class TestOnSQLiteFile(UpcastingContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url


class TestOnPostgreSQL(UpcastingContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
