"""marshmallow fields for values as the register's store writes them: dates, amounts, ids and
moments as ``{"_type_": ..., "_data_": ...}``, and booleans that are only ever true or false."""

from __future__ import annotations

import re
import typing
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from marshmallow import ValidationError, fields


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


_HEX_ID = re.compile("[0-9a-f]{32}")


def _parsed_id(text: str) -> object:
    if not _HEX_ID.fullmatch(text):
        raise ValueError("is not 32 lower-case hexadecimal digits")
    return text


TRANSCODED: dict[type, tuple[str, Any]] = {
    date: ("date_iso", _parsed_date),
    datetime: ("datetime_iso", _parsed_moment),
    Decimal: ("decimal_str", _parsed_amount),
    UUID: ("uuid_hex", _parsed_id),
}


_TRANSCODED_KEYS = {"_type_", "_data_"}


class Transcoded(fields.Field):  # type: ignore[type-arg]
    """A value the store writes as ``{"_type_": NAME, "_data_": TEXT}``; TEXT must parse."""

    def __init__(self, kind: type, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.type_name, self.parse = TRANSCODED[kind]

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if (
            type(value) is not dict
            or value.keys() != _TRANSCODED_KEYS
            or value["_type_"] != self.type_name
            or type(value["_data_"]) is not str
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
