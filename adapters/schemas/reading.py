"""What the commands that read the register print: the documents of list, status, history,
replay, diff, audit, expenses and visits, and the input of diff."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from adapters.schemas.fields import PointField, jsonable, money, partnership_text
from domain.status import HistoryEntry, PartnershipStatus


class DiffInput(Schema):
    partnership = partnership_text(required=True)
    start = PointField(required=True, data_key="from")
    end = PointField(required=True, data_key="to")


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
    total_spend = money()
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
    amount = money()
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
    total = money()
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
    spend = money()


def status_document(status: PartnershipStatus) -> dict[str, Any]:
    document: dict[str, Any] = StatusDocument().dump(status)
    return document


def summary_documents(statuses: list[PartnershipStatus]) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = SummaryDocument(many=True).dump(statuses)
    return documents


def history_documents(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = HistoryDocument(many=True).dump(entries)
    return documents
