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
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from adapters.evidence.export_format import first_problem
from domain.partnership import Partnership


def _parsed_date(text: str) -> object:
    return date.fromisoformat(text)


def _parsed_moment(text: str) -> object:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("has no time zone")
    return moment


def _parsed_amount(text: str) -> object:
    amount = Decimal(text)
    if not amount.is_finite():
        raise InvalidOperation
    return amount


def _parsed_id(text: str) -> object:
    if len(text) != 32:
        raise ValueError("is not 32 hexadecimal digits")
    return UUID(hex=text)


_TRANSCODED: dict[type, tuple[str, Any]] = {
    date: ("date_iso", _parsed_date),
    datetime: ("datetime_iso", _parsed_moment),
    Decimal: ("decimal_str", _parsed_amount),
    UUID: ("uuid_hex", _parsed_id),
}


class Transcoded(fields.Field):  # type: ignore[type-arg]
    """A value the store writes as ``{"_type_": NAME, "_data_": TEXT}``; TEXT must parse."""

    def __init__(self, kind: type, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.type_name, self.parse = _TRANSCODED[kind]

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if (
            not isinstance(value, dict)
            or set(value) != {"_type_", "_data_"}
            or value["_type_"] != self.type_name
            or not isinstance(value["_data_"], str)
        ):
            raise ValidationError(f"must be a stored {self.type_name} value")
        try:
            self.parse(value["_data_"])
        except (ValueError, InvalidOperation):
            raise ValidationError(f"{value['_data_']!r} is not a valid {self.type_name}") from None
        return value


class StrictBoolean(fields.Boolean):
    """true or false, and nothing else that looks like them."""

    truthy: typing.ClassVar[set[Any]] = {True}  # type: ignore[misc]
    falsy: typing.ClassVar[set[Any]] = {False}  # type: ignore[misc]


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
    if annotation in _TRANSCODED:
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


def _added_by_upcasters(event_class: type[Aggregate.Event], version: int) -> set[str]:
    """The fields the class's upcasters fill in for a state stored at ``version``."""
    probe: dict[str, Any] = {}
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
    try:
        schema.load(state)
    except ValidationError as error:
        return "state." + first_problem(error.messages)
    return None
