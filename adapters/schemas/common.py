"""What many commands accept alike: a PARTNERSHIP, and a point in time to look back from."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validates_schema

from adapters.schemas.fields import IsoDate, Timestamp, WholeNumber, partnership_text


class PartnershipInput(Schema):
    partnership = partnership_text(required=True)


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
