"""The export file: JSON Lines, a header line then one line per event in log order, and the
marshmallow schemas of both kinds of line.

Header: ``{"format": "partnership-register-export", "format_version": 1, "exported_at",
"events", "position", "digest", "tree_size", "tree_root", "partnership_id"}``. Event line:
``{"position", "partnership_id", "version", "type", "class_version", "recorded_at", "state",
"event_hash"}``, where ``type`` is the event's stored type (its topic) and ``state`` the stored
state as text, exactly the bytes the chain hashes.
"""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from adapters.evidence.schema_check import compiled

FORMAT = "partnership-register-export"
FORMAT_VERSION = 1

_HEX = validate.Regexp(r"^[0-9a-f]{64}$", error="must be 64 lower-case hexadecimal digits")
_UUID = validate.Regexp(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    error="must be a partnership id such as 40db4e96-fcda-5fe0-9fde-a37d07c7abab",
)


class HeaderSchema(Schema):
    """The first line: what the export covers and the digest and tree root it ends in."""

    class Meta:
        unknown = RAISE

    format = fields.String(required=True, validate=validate.Equal(FORMAT))
    format_version = fields.Integer(
        required=True, strict=True, validate=validate.Equal(FORMAT_VERSION)
    )
    exported_at = fields.String(required=True)
    events = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    position = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    digest = fields.String(required=True, validate=_HEX)
    tree_size = fields.Integer(
        required=True, strict=True, allow_none=True, validate=validate.Range(min=0)
    )
    tree_root = fields.String(required=True, allow_none=True, validate=_HEX)
    partnership_id = fields.String(required=True, allow_none=True, validate=_UUID)


class EventLineSchema(Schema):
    """One event as stored, with its hash."""

    class Meta:
        unknown = RAISE

    position = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    partnership_id = fields.String(required=True, validate=_UUID)
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    type = fields.String(required=True, validate=validate.Length(min=1))
    class_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    recorded_at = fields.String(required=True)
    state = fields.String(required=True)
    event_hash = fields.String(required=True, validate=_HEX)


HEADER = HeaderSchema()
EVENT_LINE = EventLineSchema()


def problem_of(schema: Schema, document: Any) -> str | None:
    """The first field of a line that breaks its schema, named, or None."""
    if compiled(schema)(document):
        return None
    try:
        schema.load(document)
    except ValidationError as error:
        return first_problem(error.messages)
    return None


def first_problem(messages: Any, field: str = "") -> str:
    """The first of marshmallow's messages, as ``field.inner: message``."""
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        return first_problem(value, f"{field}.{key}" if field else str(key))
    if isinstance(messages, list):
        return first_problem(messages[0], field)
    text = "is required" if messages == "Missing data for required field." else str(messages)
    return f"{field}: {text}" if field else text


def stored_value(state: bytes, key: bytes) -> bytes | None:
    """The text of a top-level transcoded value (``"key":{"_data_":"..."``) or number in a
    stored state, found without parsing it: quotes inside JSON strings are escaped, so the key
    with its quotes appears only where it is a key."""
    mark = b'"' + key + b'":'
    at = state.find(mark)
    if at < 0:
        return None
    at += len(mark)
    if state.startswith(b'{"_data_":"', at):
        at += len(b'{"_data_":"')
        return state[at : state.index(b'"', at)]
    end = at
    while end < len(state) and state[end : end + 1].isdigit():
        end += 1
    return state[at:end]
