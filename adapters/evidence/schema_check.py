"""A marshmallow schema's own checks, run without its machinery: for the hot loop that checks
every line of an export (a million lines), where a schema's ``load`` costs about 100 µs a line.

``compiled(schema)`` reads the schema's fields (their types, whether they may be null, their
validators) and returns a check that says True only when ``schema.load`` would accept the
document; when it says False, or when the schema holds a field it does not know, the caller
asks marshmallow itself, which then gives the verdict and words the error. The check is only
ever a shortcut for documents marshmallow accepts; tests compare both on generated documents.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields

from adapters.evidence.stored_fields import StrictBoolean, Transcoded

Check = Callable[[Any], bool]

_STRING, _INTEGER, _BOOLEAN, _TRANSCODED, _STRINGS = range(5)


def _never(_: Any) -> bool:
    return False


def _kind(field: fields.Field) -> tuple[int, Any] | None:  # type: ignore[type-arg]
    """What a field's value must be, or None when this field is not one the check knows."""
    if isinstance(field, Transcoded):
        return _TRANSCODED, field
    if type(field) is fields.String:
        return _STRING, None
    if type(field) is fields.Integer and field.strict:
        return _INTEGER, None
    if type(field) is StrictBoolean:
        return _BOOLEAN, None
    inner = field.inner if type(field) is fields.List else None
    if inner is not None and type(inner) is fields.String and _plain(inner):
        return _STRINGS, None
    return None


def _plain(field: fields.Field) -> bool:  # type: ignore[type-arg]
    return not (field.pre_load or field.post_load or field.validators or field.allow_none)


@cache
def compiled(schema: Schema) -> Check:
    """A check that is True only for documents ``schema.load`` accepts (see the module)."""
    if schema.unknown != RAISE or any(schema._hooks.values()):
        return _never
    spec = []
    for name, field in schema.fields.items():
        kind = _kind(field)
        if kind is None or not field.required or field.pre_load or field.post_load:
            return _never
        spec.append((field.data_key or name, kind[0], kind[1], field.allow_none, field.validators))
    keys = {key for key, *_ in spec}

    def check(document: Any) -> bool:  # noqa: PLR0911, PLR0912 (one answer per kind of field)
        if type(document) is not dict or document.keys() != keys:
            return False
        for key, kind, transcoded, allow_none, validators in spec:
            value = document[key]
            if value is None:
                if allow_none:
                    continue
                return False
            if kind == _STRING:
                if type(value) is not str:
                    return False
            elif kind == _TRANSCODED:
                try:
                    transcoded._deserialize(value, None, None)
                except ValidationError:
                    return False
            elif kind == _INTEGER:
                if type(value) is not int:
                    return False
            elif kind == _BOOLEAN:
                if value is not True and value is not False:
                    return False
            elif type(value) is not list or any(type(item) is not str for item in value):
                return False
            if validators:
                try:
                    for validator in validators:
                        validator(value)
                except ValidationError:
                    return False
        return True

    return check
