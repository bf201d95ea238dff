"""The steps that put text to the register through its door, the command line's schemas, and
see invisible text refused.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError
from pytest_bdd import then, when

from adapters.schemas.recording import ExpenseInput, VisitInput
from domain.directions import INBOUND
from domain.register import PartnershipRegister
from tests.acceptance.vocabulary import (
    RECORDED_BY,
    phrase,
    record_expense,
    reference_of,
)

# Refusing invisible text: what is put to the register passes its door (the command line's
# schemas, where the rule for text lives) before the register is asked.

WRITTEN = {
    "a zero-width space": "\u200b",
    "a word joiner and a byte order mark": "\u2060\ufeff",
    "a Hangul filler": "\u3164",
    "three spaces": "   ",
    '"Tarlenheim Travel" reversed by a right-to-left override': "\u202eTarlenheim Travel",
    '"Tarlenheim Travel" split by a line separator': "Tarlenheim\u2028Travel",
    '"Tarlenheim Travel" with a zero-width space inside': "Tarlenheim\u200b Travel",
    "a Persian name with a non-joiner inside a word": "می\u200cخواهم",
    "a family emoji joined by zero-width joiners": "👨\u200d👩\u200d👧",
}

# The door's words for each reason the features give, and the field each role is written in.
TEXT_REFUSALS = {
    "it shows nothing": "must not be empty",
    "it holds a hidden character": "control or invisible formatting characters",
}
TEXT_FIELDS = {"payee": "beneficiary", "recorder": "by"}


@dataclass(frozen=True)
class Put:
    """Text put to the register for a field, and what the door refused, keyed by field."""

    field: str
    written: str
    refused: dict[str, Any] | None


def through_the_door(schema: Schema, raw: dict[str, Any]) -> tuple[dict[str, Any] | None, Put]:
    """The values the schema takes (None when it refuses), and what was put for the field."""
    field = next(f for f in TEXT_FIELDS.values() if raw.get(f) in WRITTEN.values())
    try:
        return schema.load(raw), Put(field, raw[field], None)
    except ValidationError as refusal:
        return None, Put(field, raw[field], dict(refusal.messages))


@when(
    phrase("{amount:Money} spent on {on:Date} is put to the register as paid to {payee}"),
    target_fixture="put",
)
def put_expense(register: PartnershipRegister, amount: Decimal, on: date, payee: str) -> Put:
    raw = {
        "partnership": reference_of(register, "Tarlenheim"),
        "on": on.isoformat(),
        "amount": str(amount),
        "beneficiary": WRITTEN[payee],
        "purpose": "Interpreting",
        "by": RECORDED_BY,
    }
    values, put = through_the_door(ExpenseInput(), raw)
    if values is not None:
        record_expense(
            register,
            "Tarlenheim",
            values["on"],
            values["amount"],
            beneficiary=values["beneficiary"],
        )
    return put


@when(
    phrase("a delegation's visit on {on:Date} is put to the register as recorded by {recorder}"),
    target_fixture="put",
)
def put_visit(register: PartnershipRegister, on: date, recorder: str) -> Put:
    raw = {
        "partnership": reference_of(register, "Tarlenheim"),
        "on": on.isoformat(),
        "direction": INBOUND,
        "delegation": "Guests from Tarlenheim",
        "by": WRITTEN[recorder],
    }
    values, put = through_the_door(VisitInput(), raw)
    if values is not None:
        register.record_visit(
            values["partnership"],
            occurred_on=values["on"],
            direction=values["direction"],
            delegation=values["delegation"],
            recorded_by=values["by"],
        )
    return put


@then(phrase("the register refuses the {role} because {reason}"))
def text_refused(put: Put, role: str, reason: str) -> None:
    assert put.refused is not None, f"the register took the {role}"
    assert list(put.refused) == [TEXT_FIELDS[role]], f"refused for another reason: {put.refused}"
    assert TEXT_REFUSALS[reason] in put.refused[put.field][0], put.refused


@then(phrase("the {role} is recorded exactly as written"))
def recorded_as_written(register: PartnershipRegister, put: Put, role: str) -> None:
    assert put.refused is None, f"the register refused it: {put.refused}"
    last = register.history(reference_of(register, "Tarlenheim"))[-1]
    assert last.data[TEXT_FIELDS[role]] == put.written
