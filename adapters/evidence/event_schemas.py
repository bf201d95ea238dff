"""marshmallow schemas for the stored state of every kind of event, one per event type and
class version, made from the event classes themselves.

The fields of an event class's current version are read from its annotations, so a field added
to a class (with a new class version and its upcaster) is known here without a second list.
What an older version lacked is found by running the class's upcasters from that version on an
empty state and seeing which fields they fill in. Values are checked in the form the store
writes them: dates, amounts, ids and moments as ``{"_type_": ..., "_data_": ...}``.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from adapters.evidence.export_format import first_problem
from adapters.evidence.schema_check import compiled
from adapters.evidence.stored_fields import TRANSCODED, StrictBoolean, Transcoded
from domain.partnership import Partnership


def _field(annotation: Any) -> fields.Field:  # type: ignore[type-arg]
    """The marshmallow field for an annotation of an event class."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(members) < len(typing.get_args(annotation))
        (annotation,) = members
        origin = typing.get_origin(annotation)
    options: dict[str, Any] = {"required": True, "allow_none": optional}
    if origin is list:
        (item,) = typing.get_args(annotation)
        return fields.List(_field(item), **options)
    if annotation in TRANSCODED:
        return Transcoded(annotation, **options)
    if annotation is bool:
        return StrictBoolean(**options)
    if annotation is int:
        return fields.Integer(strict=True, **options)
    if annotation is str:
        return fields.String(**options)
    raise TypeError(f"no stored form is known for {annotation!r}")


def _event_classes() -> list[type[Aggregate.Event]]:
    return [
        value
        for value in vars(Partnership).values()
        if isinstance(value, type)
        and issubclass(value, Aggregate.Event)
        and set(typing.get_type_hints(value)) - set(typing.get_type_hints(Aggregate.Created))
    ]


class _Probe(dict[str, Any]):
    """An empty state in which an upcaster may read any field (it reads as null)."""

    def __missing__(self, key: str) -> None:
        return None


def _added_by_upcasters(event_class: type[Aggregate.Event], version: int) -> set[str]:
    """The fields the class's upcasters fill in for a state stored at ``version``."""
    probe = _Probe()
    current: int = getattr(event_class, "class_version", 1)
    for step in range(version, current):
        getattr(event_class, f"upcast_v{step}_v{step + 1}")(probe)
    return set(probe)


@cache
def event_schemas() -> dict[tuple[str, int], Schema]:
    """A schema for every (topic, class version) the register stores."""
    schemas: dict[tuple[str, int], Schema] = {}
    for event_class in _event_classes():
        hints = typing.get_type_hints(event_class)
        own = {
            name: hint
            for name, hint in hints.items()
            if name not in ("originator_id", "originator_version")
            and typing.get_origin(hint) is not typing.ClassVar
        }
        current: int = getattr(event_class, "class_version", 1)
        for version in range(1, current + 1):
            absent = _added_by_upcasters(event_class, version)
            declared: dict[str, Any] = {
                name: _field(hint) for name, hint in own.items() if name not in absent
            }
            if issubclass(event_class, Aggregate.Created):
                declared["originator_topic"] = fields.String(required=True)
            if version > 1:
                declared["class_version"] = fields.Integer(
                    required=True, strict=True, validate=validate.Equal(version)
                )
            declared["Meta"] = type("Meta", (), {"unknown": RAISE})
            name = f"{event_class.__name__}V{version}State"
            schemas[(get_topic(event_class), version)] = type(name, (Schema,), declared)()
    return schemas


def state_problem(topic: str, class_version: int, state: Any) -> str | None:
    """What is wrong with an event's stored state, or None when it is well formed."""
    schema = event_schemas().get((topic, class_version))
    if schema is None:
        return f"no event of type {topic!r} at class version {class_version} is known"
    if compiled(schema)(state):
        return None
    try:
        schema.load(state)
    except ValidationError as error:
        return "state." + first_problem(error.messages)
    return None
