"""The fields and validators of the boundary's marshmallow schemas: text as the register takes
it, dates, amounts, whole numbers, timestamps, points in time and record ids, as the command
line gives them; each refused with a message naming what it must be."""


from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from marshmallow import ValidationError, fields, validate

from adapters.schemas.limits import PARTNERSHIP_MAX_LENGTH, SHORT_ID_LENGTH
from adapters.visible_text import problem_with, trimmed

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_POUNDS = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")


_DIGITS = re.compile(r"[0-9]+")


_WHOLE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


_WHOLE_ID_TEMPLATE = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"

#: The largest whole number (a version, a log position) the register takes: the largest an
#: SQLite or PostgreSQL integer column holds.


LARGEST_NUMBER = 2**63 - 1


class VisibleText(validate.Validator):
    """Refuses text that breaks the rule for text (``adapters.visible_text``), saying how."""

    def __call__(self, value: Any) -> Any:
        problem = problem_with(str(value))
        if problem is not None:
            raise ValidationError(problem)
        return value


class Text(fields.String):
    """A line of visible text (``VisibleText``), its surrounding spaces trimmed, of a bounded
    length."""

    def __init__(self, *, max_length: int = 200, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            VisibleText(),
            validate.Length(max=max_length, error="must be at most {max} characters"),
            *self.validators,
        ]

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        return trimmed(text)


def _shown(value: Any) -> str:
    """A value quoted for a message, cut short when long: the message stays one short line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + "…" + text[-5:]


class IsoDate(fields.Field[date]):
    """A calendar date written YYYY-MM-DD."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
            raise ValidationError(f"must be a date written YYYY-MM-DD, not {_shown(value)}")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(f"{_shown(value)} is not a date in the calendar") from None


class Pounds(fields.Field[Decimal]):
    """An amount of pounds sterling: digits, optionally a point and one or two digits of pence."""

    def __init__(self, *, allow_zero: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_zero = allow_zero

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        # Parsed straight from the text: the amount is never a float on its way in.
        smallest = "zero or more" if self.allow_zero else "more than zero"
        rule = f"must be an amount in pounds, {smallest}, with at most two decimal places"
        if not isinstance(value, str) or not _POUNDS.fullmatch(value.strip()):
            raise ValidationError(f"{rule} (such as 3500 or 3500.00), not {_shown(value)}")
        amount = Decimal(value.strip())
        if amount == 0 and not self.allow_zero:
            raise ValidationError(f"{rule}, not {_shown(value)}")
        return amount


class WholeNumber(fields.Field[int]):
    """A whole number written with the digits 0-9, from ``least`` to the largest a database
    column holds."""

    def __init__(self, *, least: int, too_small: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.least = least
        self.too_small = too_small

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        text = str(value).strip()
        if not _DIGITS.fullmatch(text):
            raise ValidationError(
                f"must be a whole number written with the digits 0-9, not {_shown(value)}"
            )
        if len(text.lstrip("0")) > len(str(LARGEST_NUMBER)) or int(text) > LARGEST_NUMBER:
            raise ValidationError(f"must be at most {LARGEST_NUMBER}, not {_shown(value)}")
        number = int(text)
        if number < self.least:
            raise ValidationError(self.too_small)
        return number


class Timestamp(fields.Field[datetime]):
    """A moment written ISO 8601 with a UTC offset or Z, e.g. 2017-06-01T09:00:00Z."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        text = str(value).strip()
        written_like = f"must be a moment written like 2017-06-01T09:00:00Z, not {_shown(value)}"
        if not text.isascii():
            raise ValidationError(written_like)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(written_like) from None
        if moment.tzinfo is None:
            raise ValidationError(f"must say its UTC offset or end in Z: {_shown(value)}")
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError(
                f"{_shown(value)} is outside the calendar once written in UTC (years 1 to 9999)"
            ) from None


class PointField(fields.Field[date | datetime | int]):
    """A point in a partnership's life: a version (12), a date (2016-12-31) or a moment."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> date | datetime | int:
        text = str(value).strip()
        if _DIGITS.fullmatch(text):
            return WholeNumber(least=1, too_small="a version counts from 1")._deserialize(
                text, attr, data
            )
        if _ISO_DATE.fullmatch(text):
            return IsoDate()._deserialize(text, attr, data)
        try:
            return Timestamp()._deserialize(text, attr, data)
        except ValidationError as error:
            if "outside the calendar" in str(error):
                raise
            raise ValidationError(
                "must be a version (12), a date (2016-12-31) or a moment with its UTC offset "
                f"(2017-06-01T09:00:00Z), not {_shown(value)}"
            ) from None


class RecordId(fields.Field[UUID | str]):
    """A visit's or an expense's id as the register prints it: whole, or its first 8 or more
    characters as ``history`` shows them (the register then finds the one record meant)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> UUID | str:
        text = str(value).strip().lower()
        if _WHOLE_ID.fullmatch(text):
            return UUID(text)
        if len(text) >= SHORT_ID_LENGTH and _WHOLE_ID_TEMPLATE.startswith(
            re.sub("[0-9a-f]", "x", text)
        ):
            return text
        raise ValidationError(
            f"must be an id as the register prints it, or its first {SHORT_ID_LENGTH} "
            f"characters or more, not {_shown(value)}"
        )


def partnership_text(**kwargs: Any) -> Text:
    """A PARTNERSHIP: its id, or its reference (or the council and city typed as names)."""
    return Text(max_length=PARTNERSHIP_MAX_LENGTH, **kwargs)


def optional_text(max_length: int = 200) -> Text:
    """Text an option may leave out (None)."""
    return Text(load_default=None, allow_none=True, max_length=max_length)


def jsonable(value: Any) -> Any:
    """A stored value as JSON: dates ISO, amounts and ids as strings."""
    if isinstance(value, date | Decimal | UUID):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def money() -> fields.Decimal:
    """An amount in a document: pounds to two places, as a string."""
    return fields.Decimal(places=2, as_string=True)


_FINANCIAL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")


class FinancialYear(fields.Field[tuple[date, date]]):
    """A UK financial year written 2016/17: from 1 April 2016 to 31 March 2017."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> tuple[date, date]:
        found = _FINANCIAL_YEAR.fullmatch(str(value).strip())
        if not found or (int(found[1]) + 1) % 100 != int(found[2]):
            raise ValidationError(
                f"must be a financial year written like 2016/17 (April to March), not {value!r}"
            )
        start = int(found[1])
        return date(start, 4, 1), date(start + 1, 3, 31)
