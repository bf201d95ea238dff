"""What the commands that record accept, and what they print: each write's input, checked, and
the new partnership's document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from adapters.schemas.fields import IsoDate, Pounds, RecordId, Text, optional_text, partnership_text
from domain.directions import DIRECTIONS


class RecordingInput(Schema):
    """Who records a write, and on what evidence."""

    by = Text(required=True, max_length=100)
    source = optional_text(500)


class EstablishInput(RecordingInput):
    council = Text(required=True)
    city = Text(required=True)
    country = Text(required=True)
    on = IsoDate(required=True)
    description = optional_text(2000)


class VisitInput(RecordingInput):
    partnership = partnership_text(required=True)
    on = IsoDate(required=True)
    direction = fields.String(
        required=True,
        validate=validate.OneOf(DIRECTIONS, error="must be inbound or outbound, not {input!r}"),
    )
    delegation = Text(required=True, max_length=500)
    member = fields.List(Text(max_length=100), load_default=())
    purpose = optional_text(500)


class ExpenseInput(RecordingInput):
    partnership = partnership_text(required=True)
    on = IsoDate(required=True)
    amount = Pounds(required=True)
    beneficiary = Text(required=True)
    purpose = Text(required=True, max_length=500)
    visit = RecordId(load_default=None, allow_none=True)
    department = optional_text()
    irrecoverable_vat = Pounds(allow_zero=True, load_default=None, allow_none=True)
    category = optional_text()
    card = fields.Boolean(load_default=False)
    paid_to_individual = fields.Boolean(load_default=False)


class NameRoomInput(RecordingInput):
    partnership = partnership_text(required=True)
    room = Text(required=True)
    building = Text(required=True)
    on = IsoDate(required=True)


class SeverInput(RecordingInput):
    partnership = partnership_text(required=True)
    on = IsoDate(required=True)
    reason = Text(required=True, max_length=1000)
    announced_by = Text(required=True)


class CorrectExpenseInput(RecordingInput):
    partnership = partnership_text(required=True)
    expense_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)
    on = IsoDate(load_default=None, allow_none=True)
    amount = Pounds(load_default=None, allow_none=True)
    beneficiary = optional_text()
    purpose = optional_text(500)
    paid_to_individual = fields.Boolean(load_default=None, allow_none=True)


class CorrectVisitInput(RecordingInput):
    partnership = partnership_text(required=True)
    visit_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)
    on = IsoDate(load_default=None, allow_none=True)
    direction = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(DIRECTIONS, error="must be inbound or outbound, not {input!r}"),
    )
    delegation = optional_text(500)
    purpose = optional_text(500)


class VoidExpenseInput(RecordingInput):
    partnership = partnership_text(required=True)
    expense_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)


class VoidVisitInput(RecordingInput):
    partnership = partnership_text(required=True)
    visit_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)


class EstablishedDocument(Schema):
    partnership_id = fields.UUID()
    reference = fields.String()
