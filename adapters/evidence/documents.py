"""marshmallow schemas of the evidence commands' inputs and documents: what a receipt, a
consistency proof and an import's summary hold, and the options that ask for them."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from adapters.schemas.fields import WholeNumber

_HEX = validate.Regexp(r"^[0-9a-fA-F]{64}$", error="must be 64 hexadecimal digits")
_OWN_HEX = validate.Regexp(r"^[0-9a-f]{64}$", error="must be 64 lower-case hexadecimal digits")
_COUNT = validate.Range(min=1, error="must be a whole number, one or more")
_ONE_OR_MORE = "must be one or more"


class ProveInput(Schema):
    version = WholeNumber(data_key="VERSION", required=True, least=1, too_small=_ONE_OR_MORE)
    tree_size = WholeNumber(load_default=None, allow_none=True, least=1, too_small=_ONE_OR_MORE)


class ConsistencyInput(Schema):
    from_size = WholeNumber(required=True, least=1, too_small=_ONE_OR_MORE)


class PublishedTreeInput(Schema):
    """A tree root and size an auditor was given; both or neither."""

    tree_root = fields.String(load_default=None, allow_none=True, validate=_HEX)
    tree_size = WholeNumber(load_default=None, allow_none=True, least=1, too_small=_ONE_OR_MORE)


class ReceiptEventDocument(Schema):
    """The event a receipt is for: its history row, and what its hash covers."""

    class Meta:
        unknown = RAISE

    version = fields.Integer(required=True, strict=True, validate=_COUNT)
    type = fields.String(required=True)
    occurred_on = fields.String(required=True, allow_none=True)
    recorded_at = fields.String(required=True)
    recorded_by = fields.String(required=True)
    account = fields.String(required=True, allow_none=True)
    source = fields.String(required=True, allow_none=True)
    data = fields.Dict(required=True)
    partnership_id = fields.UUID(required=True)
    topic = fields.String(required=True)
    state = fields.String(required=True)
    previous_hash = fields.String(required=True, validate=_OWN_HEX)


class ReceiptDocument(Schema):
    """An inclusion proof of one event (``prove --json``)."""

    class Meta:
        unknown = RAISE

    position = fields.Integer(required=True, strict=True, validate=_COUNT)
    leaf_index = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    tree_size = fields.Integer(required=True, strict=True, validate=_COUNT)
    tree_root = fields.String(required=True, validate=_OWN_HEX)
    event_hash = fields.String(required=True, validate=_OWN_HEX)
    path = fields.List(fields.String(validate=_OWN_HEX), required=True)
    event = fields.Nested(ReceiptEventDocument, required=True)


class ConsistencyDocument(Schema):
    """A consistency proof between two sizes of the tree (``consistency --json``)."""

    class Meta:
        unknown = RAISE

    from_size = fields.Integer(required=True, strict=True, validate=_COUNT)
    to_size = fields.Integer(required=True, strict=True, validate=_COUNT)
    from_root = fields.String(required=True, validate=_OWN_HEX)
    to_root = fields.String(required=True, validate=_OWN_HEX)
    path = fields.List(fields.String(validate=_OWN_HEX), required=True)


class ImportedDocument(Schema):
    events = fields.Integer()
    partnerships = fields.Integer()
    position = fields.Integer()
    digest = fields.String()
    tree_size = fields.Integer()
    tree_root = fields.String()


class CheckedDocument(Schema):
    """What check-proof and check-consistency found."""

    valid = fields.Boolean()
    problem = fields.String(allow_none=True)
