"""What the commands that look after the store accept and print: grant, and projections."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from adapters.schemas.fields import Text


class GrantInput(Schema):
    """``partnerships grant KIND ROLE``: the kinds are adapters.access.KINDS."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            ("officer", "auditor"), error="must be officer or auditor, not {input!r}"
        ),
    )
    # PostgreSQL keeps names of at most 63 bytes.
    role = Text(required=True, max_length=63)


class GrantedDocument(Schema):
    """What ``partnerships grant`` did: the privileges the role now holds on each table."""

    role = fields.String()
    kind = fields.String()
    privileges = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ProjectionStateDocument(Schema):
    """One row of ``partnerships projections status``."""

    name = fields.String()
    position = fields.Integer()
    head = fields.Integer()
    lag = fields.Integer()
