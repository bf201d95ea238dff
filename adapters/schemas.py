"""marshmallow schemas at the boundary: what each command accepts and what each document holds.

Input schemas take the raw strings of the command line and give typed values, or a
``ValidationError`` whose keys are the command's option names. Output schemas turn the
register's answers into JSON-ready documents.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from adapters.visible_text import problem_with, trimmed
from domain.partnership import DIRECTIONS
from domain.status import HistoryEntry, PartnershipStatus

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_POUNDS = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
_DIGITS = re.compile(r"[0-9]+")
_WHOLE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_WHOLE_ID_TEMPLATE = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"

#: The largest whole number (a version, a log position) the register takes: the largest an
#: SQLite or PostgreSQL integer column holds.
LARGEST_NUMBER = 2**63 - 1

#: How much of an id ``history`` prints, and the least of one a command takes.
SHORT_ID_LENGTH = 8

#: The longest PARTNERSHIP taken: room for any reference (at most REFERENCE_MAX_LENGTH) and
#: for the council and city typed as names, with spaces and punctuation.
PARTNERSHIP_MAX_LENGTH = 1000


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


def _partnership(**kwargs: Any) -> Text:
    """A PARTNERSHIP: its id, or its reference (or the council and city typed as names)."""
    return Text(max_length=PARTNERSHIP_MAX_LENGTH, **kwargs)


def _optional_text(max_length: int = 200) -> Text:
    return Text(load_default=None, allow_none=True, max_length=max_length)


class RecordingInput(Schema):
    """Who records a write, and on what evidence."""

    by = Text(required=True, max_length=100)
    source = _optional_text(500)


class EstablishInput(RecordingInput):
    council = Text(required=True)
    city = Text(required=True)
    country = Text(required=True)
    on = IsoDate(required=True)
    description = _optional_text(2000)


class VisitInput(RecordingInput):
    partnership = _partnership(required=True)
    on = IsoDate(required=True)
    direction = fields.String(
        required=True,
        validate=validate.OneOf(DIRECTIONS, error="must be inbound or outbound, not {input!r}"),
    )
    delegation = Text(required=True, max_length=500)
    member = fields.List(Text(max_length=100), load_default=())
    purpose = _optional_text(500)


class ExpenseInput(RecordingInput):
    partnership = _partnership(required=True)
    on = IsoDate(required=True)
    amount = Pounds(required=True)
    beneficiary = Text(required=True)
    purpose = Text(required=True, max_length=500)
    visit = RecordId(load_default=None, allow_none=True)
    department = _optional_text()
    irrecoverable_vat = Pounds(allow_zero=True, load_default=None, allow_none=True)
    category = _optional_text()
    card = fields.Boolean(load_default=False)
    paid_to_individual = fields.Boolean(load_default=False)


class NameRoomInput(RecordingInput):
    partnership = _partnership(required=True)
    room = Text(required=True)
    building = Text(required=True)
    on = IsoDate(required=True)


class SeverInput(RecordingInput):
    partnership = _partnership(required=True)
    on = IsoDate(required=True)
    reason = Text(required=True, max_length=1000)
    announced_by = Text(required=True)


class CorrectExpenseInput(RecordingInput):
    partnership = _partnership(required=True)
    expense_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)
    on = IsoDate(load_default=None, allow_none=True)
    amount = Pounds(load_default=None, allow_none=True)
    beneficiary = _optional_text()
    purpose = _optional_text(500)
    paid_to_individual = fields.Boolean(load_default=None, allow_none=True)


class CorrectVisitInput(RecordingInput):
    partnership = _partnership(required=True)
    visit_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)
    on = IsoDate(load_default=None, allow_none=True)
    direction = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(DIRECTIONS, error="must be inbound or outbound, not {input!r}"),
    )
    delegation = _optional_text(500)
    purpose = _optional_text(500)


class VoidExpenseInput(RecordingInput):
    partnership = _partnership(required=True)
    expense_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)


class VoidVisitInput(RecordingInput):
    partnership = _partnership(required=True)
    visit_id = RecordId(required=True)
    reason = Text(required=True, max_length=1000)


class PartnershipInput(Schema):
    partnership = _partnership(required=True)


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


class TimeTravelInput(Schema):
    """As of a business date, as known at a recording time, or at a version."""

    as_of = IsoDate(load_default=None, allow_none=True)
    as_known_at = Timestamp(load_default=None, allow_none=True)
    version = WholeNumber(
        least=1, too_small="a version counts from 1", load_default=None, allow_none=True
    )

    @validates_schema
    def one_recording_point(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("version") is not None and data.get("as_known_at") is not None:
            raise ValidationError("cannot be combined with --as-known-at", "version")


class DiffInput(Schema):
    partnership = _partnership(required=True)
    start = PointField(required=True, data_key="from")
    end = PointField(required=True, data_key="to")


class VerifyInput(Schema):
    """A digest an auditor kept, with the log position it covers; both or neither."""

    digest = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            r"^[0-9a-fA-F]{64}\Z", error="must be the 64 hexadecimal digits that digest printed"
        ),
    )
    position = WholeNumber(
        least=0,
        too_small="must be a log position, zero or more",
        load_default=None,
        allow_none=True,
    )

    @validates_schema
    def both_or_neither(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("digest") is None) != (data.get("position") is None):
            missing = "position" if data.get("position") is None else "digest"
            raise ValidationError("is required with the other", missing)


def jsonable(value: Any) -> Any:
    """A stored value as JSON: dates ISO, amounts and ids as strings."""
    if isinstance(value, date | Decimal | UUID):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def _money() -> fields.Decimal:
    return fields.Decimal(places=2, as_string=True)


class EstablishedDocument(Schema):
    partnership_id = fields.UUID()
    reference = fields.String()


class VisitCountsDocument(Schema):
    inbound = fields.Integer()
    outbound = fields.Integer()
    total = fields.Integer()


class RoomDocument(Schema):
    room = fields.String()
    building = fields.String()


class SummaryDocument(Schema):
    """One line of ``partnerships list``."""

    partnership_id = fields.UUID()
    reference = fields.String()
    council = fields.String()
    city = fields.String()
    country = fields.String()
    status = fields.String()
    established_on = fields.Date()


class StatusDocument(SummaryDocument):
    """``partnerships status``."""

    description = fields.String(allow_none=True)
    severed_on = fields.Date(allow_none=True)
    severance_reason = fields.String(allow_none=True)
    severance_announced_by = fields.String(allow_none=True)
    visits = fields.Nested(VisitCountsDocument)
    last_visit_on = fields.Date(allow_none=True)
    total_spend = _money()
    rooms = fields.List(fields.Nested(RoomDocument))
    version = fields.Integer()


class HistoryDocument(Schema):
    """One event of ``partnerships history``."""

    version = fields.Integer()
    type = fields.String()
    occurred_on = fields.Date()
    recorded_at = fields.DateTime(format="iso")
    recorded_by = fields.String()
    account = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    data = fields.Function(lambda entry: jsonable(entry.data))


class ChangeDocument(Schema):
    field = fields.String()
    was = fields.Function(lambda change: jsonable(change.was), data_key="from")
    now = fields.Function(lambda change: jsonable(change.now), data_key="to")
    caused_by = fields.List(fields.Integer())


class DigestDocument(Schema):
    position = fields.Integer()
    digest = fields.String()


class VerificationDocument(Schema):
    intact = fields.Boolean()
    events = fields.Integer()
    partnerships = fields.Integer()
    position = fields.Integer()
    digest = fields.String()
    digest_checked = fields.Boolean()
    events_after_digest = fields.Integer()
    problem = fields.String(allow_none=True)
    partnership_id = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True)
    problem_position = fields.Integer(allow_none=True)


AUDIT_COLUMNS = (
    "position",
    "partnership_id",
    "version",
    "type",
    "occurred_on",
    "recorded_at",
    "recorded_by",
    "account",
    "source",
    "summary",
    "data",
)


class AuditRowDocument(Schema):
    """One row of ``partnerships audit``."""

    position = fields.Integer()
    partnership_id = fields.String()
    version = fields.Integer()
    type = fields.String()
    occurred_on = fields.String()
    recorded_at = fields.String()
    recorded_by = fields.String()
    account = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    summary = fields.String()
    data = fields.Raw()


class ExpenseDocument(Schema):
    """One row of ``partnerships expenses``."""

    expense_id = fields.String()
    partnership_id = fields.String()
    occurred_on = fields.String()
    amount = _money()
    beneficiary = fields.String()
    purpose = fields.String()
    visit_id = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    irrecoverable_vat = fields.Decimal(places=2, as_string=True, allow_none=True)
    category = fields.String(allow_none=True)
    financial_year = fields.String()


class YearTotalDocument(Schema):
    """One row of ``partnerships expenses --by-year``."""

    year = fields.String()
    total = _money()
    count = fields.Integer()


class VisitDocument(Schema):
    """One row of ``partnerships visits``."""

    visit_id = fields.String()
    partnership_id = fields.String()
    occurred_on = fields.String()
    direction = fields.String()
    delegation = fields.String()
    members = fields.List(fields.String())
    purpose = fields.String(allow_none=True)
    spend = _money()


class ProjectionStateDocument(Schema):
    """One row of ``partnerships projections status``."""

    name = fields.String()
    position = fields.Integer()
    head = fields.Integer()
    lag = fields.Integer()


class GrantedDocument(Schema):
    """What ``partnerships grant`` did: the privileges the role now holds on each table."""

    role = fields.String()
    kind = fields.String()
    privileges = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


def status_document(status: PartnershipStatus) -> dict[str, Any]:
    document: dict[str, Any] = StatusDocument().dump(status)
    return document


def summary_documents(statuses: list[PartnershipStatus]) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = SummaryDocument(many=True).dump(statuses)
    return documents


def history_documents(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = HistoryDocument(many=True).dump(entries)
    return documents


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


class SpendInput(Schema):
    """What ``spend`` publishes: a year or a span of dates, and the threshold."""

    year = FinancialYear(load_default=None, allow_none=True)
    start = IsoDate(data_key="from", load_default=None, allow_none=True)
    end = IsoDate(data_key="to", load_default=None, allow_none=True)
    over = Pounds(allow_zero=True, load_default=None, allow_none=True)

    @validates_schema
    def _one_span(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["year"] is not None and (data["start"] or data["end"]):
            raise ValidationError("give a year or --from and --to, not both", "year")
        if data["start"] and data["end"] and data["start"] > data["end"]:
            raise ValidationError(f"must not be after --to ({data['end']})", "from")


class SpendLineDocument(Schema):
    """One line of ``partnerships spend --json``."""

    body_name = fields.String()
    date = fields.Date()
    transaction_number = fields.String()
    supplier = fields.String()
    amount = fields.Decimal(as_string=True)
    irrecoverable_vat = fields.Decimal(as_string=True, allow_none=True)
    department = fields.String(allow_none=True)
    purpose = fields.String()
    procurement_category = fields.String(allow_none=True)
    card_transaction = fields.Boolean()
    partnership = fields.String()


class ReportDocument(Schema):
    """What ``partnerships report --json`` prints."""

    out = fields.Function(lambda site: str(site.out))
    pages = fields.Integer()
    partnerships = fields.Integer()
    position = fields.Integer()
    digest = fields.String()
