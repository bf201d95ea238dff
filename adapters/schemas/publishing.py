"""What report and spend accept and print."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from adapters.schemas.fields import FinancialYear, IsoDate, Pounds


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
