"""A marshmallow schema's own checks, run without its machinery: for the hot loop that checks
every line of an export (a million lines), where a schema's ``load`` costs about 100 µs a line.

``compiled(schema)`` reads the schema's fields (their types, whether they may be null, their
validators) once and writes one Python function that tests them all in a row: a check that says
True only when ``schema.load`` would accept the document. When it says False, or when the schema
holds a field it does not know, the caller asks marshmallow itself, which then gives the verdict
and words the error. The check is only ever a shortcut for documents marshmallow accepts; tests
compare both on generated documents.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import InvalidOperation
from functools import cache
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from adapters.evidence.stored_fields import StrictBoolean, Transcoded

Check = Callable[[Any], bool]


def _never(_: Any) -> bool:
    return False


def _named(names: dict[str, Any], kind: str, value: object) -> str:
    """A name under which the written check finds an object it needs."""
    name = f"{kind}_{len(names)}"
    names[name] = value
    return name


def _type_test(field: fields.Field, value: str, names: dict[str, Any]) -> str | None:  # type: ignore[type-arg]
    """A Python expression, true when ``value`` has the field's type (validators aside), or
    None when the field is not one the check knows."""
    if isinstance(field, Transcoded):
        parse = _named(names, "parse", field.parse)  # raises on a text that does not parse
        return (
            f"type({value}) is dict and {value}.keys() == TRANSCODED_KEYS "
            f"and {value}['_type_'] == {field.type_name!r} and type({value}['_data_']) is str "
            f"and {parse}({value}['_data_']) is not None"
        )
    if type(field) is fields.String:
        return f"type({value}) is str"
    if type(field) is fields.Integer and field.strict:
        return f"type({value}) is int"
    if type(field) is StrictBoolean:
        return f"({value} is True or {value} is False)"
    inner = field.inner if type(field) is fields.List else None
    if inner is not None and type(inner) is fields.String and _plain(inner):
        return f"type({value}) is list and set(map(type, {value})) <= STR"
    return None


def _validator_test(validator: Any, value: str, names: dict[str, Any]) -> str:
    """A Python expression, true when the validator accepts ``value`` (marshmallow's own
    validators raise ValidationError instead of saying False)."""
    name = _named(names, "validator", validator)
    if type(validator) is validate.Regexp:
        return f"{name}.regex.match({value}) is not None"
    if type(validator) is validate.Equal:
        return f"{value} == {name}.comparable"
    return f"{name}({value}) is not False"


def _plain(field: fields.Field) -> bool:  # type: ignore[type-arg]
    return not (field.pre_load or field.post_load or field.validators or field.allow_none)


@cache
def compiled(schema: Schema) -> Check:
    """A check that is True only for documents ``schema.load`` accepts (see the module)."""
    if schema.unknown != RAISE or any(schema._hooks.values()):
        return _never
    names: dict[str, Any] = {}
    lines = []
    for number, (name, field) in enumerate(schema.fields.items()):
        value = f"value_{number}"
        test = _type_test(field, value, names)
        if test is None or not field.required or field.pre_load or field.post_load:
            return _never
        test = " and ".join([test, *(_validator_test(v, value, names) for v in field.validators)])
        if field.allow_none:  # marshmallow runs no validator on a null it allows
            test = f"{value} is None or ({test})"
        lines += [
            f"        {value} = document[{field.data_key or name!r}]",
            f"        if not ({test}):",
            "            return False",
        ]
    source = "\n".join(
        [
            "def check(document):",
            "    if type(document) is not dict or document.keys() != KEYS:",
            "        return False",
            "    try:",
            *lines,
            "    except (ValidationError, ValueError, InvalidOperation):",
            "        return False",
            "    return True",
        ]
    )
    scope: dict[str, Any] = {
        **names,
        "KEYS": frozenset(field.data_key or name for name, field in schema.fields.items()),
        "TRANSCODED_KEYS": frozenset(("_type_", "_data_")),
        "STR": frozenset((str,)),
        "ValidationError": ValidationError,
        "InvalidOperation": InvalidOperation,
    }
    # The source is made only from the schema's field names (as string literals) and names of
    # this module's making: no text from a document reaches it.
    exec(compile(source, f"<check of {type(schema).__name__}>", "exec"), scope)  # noqa: S102
    return scope["check"]  # type: ignore[no-any-return]
