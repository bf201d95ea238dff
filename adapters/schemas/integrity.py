"""What digest and verify accept and print."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from adapters.schemas.fields import WholeNumber


class VerifyInput(Schema):
    """A digest an auditor kept, with the log position it covers; both or neither."""

    digest = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            r"^[0-9a-fA-F]{64}\Z", error="must be the 64 hexadecimal digits that digest printed"
        ),
    )
    position = WholeNumber(
        least=0,
        too_small="must be a log position, zero or more",
        load_default=None,
        allow_none=True,
    )

    @validates_schema
    def both_or_neither(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("digest") is None) != (data.get("position") is None):
            missing = "position" if data.get("position") is None else "digest"
            raise ValidationError("is required with the other", missing)


class DigestDocument(Schema):
    position = fields.Integer()
    digest = fields.String()


class VerificationDocument(Schema):
    intact = fields.Boolean()
    events = fields.Integer()
    partnerships = fields.Integer()
    position = fields.Integer()
    digest = fields.String()
    digest_checked = fields.Boolean()
    events_after_digest = fields.Integer()
    problem = fields.String(allow_none=True)
    partnership_id = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True)
    problem_position = fields.Integer(allow_none=True)
