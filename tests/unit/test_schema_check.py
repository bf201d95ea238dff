"""The compiled check of a marshmallow schema only ever accepts what the schema itself accepts,
and accepts well-formed documents, so that checking an export takes its fast path."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields

from adapters.evidence import export_format
from adapters.evidence.event_schemas import event_schemas
from adapters.evidence.schema_check import compiled
from adapters.evidence.stored_fields import StrictBoolean, Transcoded

SCHEMAS = [
    pytest.param(schema, id=f"{topic.rsplit('.', 1)[1]} v{version}")
    for (topic, version), schema in event_schemas().items()
] + [
    pytest.param(export_format.EVENT_LINE, id="event line"),
    pytest.param(export_format.HEADER, id="header"),
]

GOOD_TRANSCODED = {
    "date_iso": "2016-04-20",
    "datetime_iso": "2026-11-28T09:30:00.123456+00:00",
    "decimal_str": "6854.00",
    "uuid_hex": "40db4e96fcda5fe09fdea37d07c7abab",
}

ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    1.5,
    "",
    "text",
    "2016-02-30",
    "ab" * 32,
    "AB" * 32,
    [],
    ["a"],
    [1],
    {},
    {"_type_": "date_iso"},
    {"_type_": "date_iso", "_data_": 20160420},
    *({"_type_": kind, "_data_": "nonsense"} for kind in GOOD_TRANSCODED),
    *({"_type_": kind, "_data_": data} for kind, data in GOOD_TRANSCODED.items()),
    {"_type_": "date_iso", "_data_": "2016-04-20", "extra": 1},
    "40db4e96-fcda-5fe0-9fde-a37d07c7abab",
    "partnership-register-export",
]


def good_value(field: fields.Field, name: str) -> Any:  # type: ignore[type-arg]  # noqa: PLR0911
    """A value the field accepts."""
    if isinstance(field, Transcoded):
        return {"_type_": field.type_name, "_data_": GOOD_TRANSCODED[field.type_name]}
    if isinstance(field, StrictBoolean):
        return False
    if isinstance(field, fields.List):
        return ["A member"]
    if isinstance(field, fields.Integer):
        for candidate in (1, 2, 3, 0):
            if not field.validators or all(_passes(v, candidate) for v in field.validators):
                return candidate
    if name == "format":
        return export_format.FORMAT
    if name == "partnership_id":
        return "40db4e96-fcda-5fe0-9fde-a37d07c7abab"
    if name in ("digest", "tree_root", "event_hash"):
        return "ab" * 32
    return "some text"


def _passes(validator: Any, value: Any) -> bool:
    try:
        validator(value)
    except Exception:  # noqa: BLE001 - any refusal
        return False
    return True


def good_document(schema: Schema) -> dict[str, Any]:
    return {
        field.data_key or name: good_value(field, name) for name, field in schema.fields.items()
    }


@pytest.mark.parametrize("schema", SCHEMAS)
def test_a_well_formed_document_takes_the_fast_path(schema: Schema) -> None:
    document = good_document(schema)
    assert schema.validate(document) == {}
    assert compiled(schema)(document)


@pytest.mark.parametrize("schema", SCHEMAS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_path_never_accepts_what_the_schema_refuses(
    schema: Schema, data: st.DataObject
) -> None:
    document = good_document(schema)
    changes = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from([*document, "unexpected"]),
                st.one_of(st.sampled_from(ODD_VALUES), st.just("<drop>")),
            ),
            min_size=1,
            max_size=3,
        )
    )
    for key, value in changes:
        if value == "<drop>":
            document.pop(key, None)
        else:
            document[key] = value
    if compiled(schema)(document):
        assert schema.validate(document) == {}, document
