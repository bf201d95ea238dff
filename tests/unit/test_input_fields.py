"""Numbers, moments, points and record ids as the boundary reads them from the command line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from marshmallow import ValidationError

from adapters.cli.common import partnership_name, validated
from adapters.cli.exits import InvalidInputError
from adapters.schemas.common import PartnershipInput
from adapters.schemas.fields import (
    LARGEST_NUMBER,
    PointField,
    RecordId,
    Timestamp,
    WholeNumber,
)
from adapters.schemas.limits import PARTNERSHIP_MAX_LENGTH
from domain.references import REFERENCE_MAX_LENGTH

VISIT_ID = "4c88c9b5-5904-4064-a198-72e0e5a1e072"


def version() -> WholeNumber:
    return WholeNumber(least=1, too_small="a version counts from 1")


class TestWholeNumbers:
    def test_digits_are_read_as_a_number(self) -> None:
        assert version().deserialize(" 12 ") == 12
        assert version().deserialize(str(LARGEST_NUMBER)) == LARGEST_NUMBER

    @pytest.mark.parametrize(
        "text",
        ["١", "١٢", "१२", "１２", "1_0", "+1", "-1", "1.0", "1e3", "0x10", " ", "12a"],
        ids=[
            "Arabic-Indic digit",
            "Arabic-Indic digits",
            "Devanagari digits",
            "full-width digits",
            "underscore",
            "plus sign",
            "minus sign",
            "decimal",
            "exponent",
            "hexadecimal",
            "blank",
            "trailing letter",
        ],
    )
    def test_anything_but_the_digits_0_to_9_is_refused(self, text: str) -> None:
        with pytest.raises(ValidationError, match="written with the digits 0-9"):
            version().deserialize(text)

    @pytest.mark.parametrize(
        "text", [str(LARGEST_NUMBER + 1), "9" * 30, "1" * 5000], ids=["one more", "30", "5000"]
    )
    def test_a_number_larger_than_a_database_holds_is_refused(self, text: str) -> None:
        with pytest.raises(ValidationError, match=f"at most {LARGEST_NUMBER}"):
            version().deserialize(text)

    def test_the_smallest_is_enforced_with_its_own_words(self) -> None:
        with pytest.raises(ValidationError, match="a version counts from 1"):
            version().deserialize("0")
        assert WholeNumber(least=0, too_small="").deserialize("0") == 0


class TestMoments:
    def test_a_moment_is_read_in_utc(self) -> None:
        assert Timestamp().deserialize("2017-06-01T10:00:00+01:00") == datetime(
            2017, 6, 1, 9, tzinfo=UTC
        )

    @pytest.mark.parametrize(
        "text", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00"], ids=["late", "early"]
    )
    def test_a_moment_outside_the_calendar_in_utc_is_refused(self, text: str) -> None:
        with pytest.raises(ValidationError, match="outside the calendar"):
            Timestamp().deserialize(text)

    def test_a_moment_with_other_digits_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="written like"):
            Timestamp().deserialize("٢٠١٧-06-01T09:00:00Z")

    def test_a_moment_without_its_offset_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="UTC offset"):
            Timestamp().deserialize("2017-06-01T09:00:00")


class TestPoints:
    def test_a_point_is_a_version_a_date_or_a_moment(self) -> None:
        assert PointField().deserialize("12") == 12
        assert PointField().deserialize("2016-12-31") == date(2016, 12, 31)
        assert PointField().deserialize("2017-06-01T09:00:00Z") == datetime(
            2017, 6, 1, 9, tzinfo=UTC
        )

    def test_a_version_too_large_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="at most"):
            PointField().deserialize("9" * 40)

    def test_a_moment_outside_the_calendar_is_refused_as_such(self) -> None:
        with pytest.raises(ValidationError, match="outside the calendar"):
            PointField().deserialize("9999-12-31T23:59:59-12:00")

    def test_other_digits_are_not_a_version(self) -> None:
        with pytest.raises(ValidationError, match="must be a version"):
            PointField().deserialize("١٢")


class TestRecordIds:
    def test_a_whole_id_is_read_as_an_id(self) -> None:
        assert RecordId().deserialize(VISIT_ID.upper()) == UUID(VISIT_ID)

    @pytest.mark.parametrize("length", [8, 9, 13, 20, 35])
    def test_the_beginning_of_an_id_is_kept_for_the_register_to_find(self, length: int) -> None:
        assert RecordId().deserialize(VISIT_ID[:length].upper()) == VISIT_ID[:length]

    @pytest.mark.parametrize(
        "text",
        [
            VISIT_ID[:7],
            "4c88c9b55904",
            "4c88c9b5x",
            VISIT_ID.replace("-", ""),
            "{" + VISIT_ID + "}",
            "urn:uuid:" + VISIT_ID,
            VISIT_ID + "0",
            "cafe--deadbeef-deadbeef-deadbeef-dead",
        ],
        ids=["7", "no hyphen", "not hex", "no hyphens", "braces", "urn", "too long", "reference"],
    )
    def test_anything_but_an_id_as_printed_or_its_beginning_is_refused(self, text: str) -> None:
        with pytest.raises(ValidationError, match="first 8 characters or more"):
            RecordId().deserialize(text)


def test_every_reference_the_register_makes_is_short_enough_to_be_given_back() -> None:
    assert PARTNERSHIP_MAX_LENGTH >= REFERENCE_MAX_LENGTH


def _taken(take: Callable[[str], str], text: str) -> tuple[str, str]:
    """What became of the text: taken as a PARTNERSHIP (and as what), or refused (and why)."""
    try:
        return "taken", take(text)
    except InvalidInputError as refused:
        return "refused", str(refused)


def _by_its_schema(text: str) -> str:
    return str(validated(PartnershipInput(), {"partnership": text})["partnership"])


# Text around the edges of what a PARTNERSHIP may be: long, spaced, invisible, or not text.
_EDGES = st.sampled_from(
    [
        "x" * PARTNERSHIP_MAX_LENGTH,
        " " * 5 + "x" * PARTNERSHIP_MAX_LENGTH + "\u3000",
        "x" * (PARTNERSHIP_MAX_LENGTH + 1),
        " \u00a0 ",
        "\u3164",
        "a\u200db",
        "a\u200b",
        "\udcff",
        "\x00",
        "",
    ]
)


@given(text=st.text(max_size=40) | _EDGES | st.text(min_size=990, max_size=1010))
@example(text="  Staffordshire County Council--Ivanovo ")
def test_a_partnership_is_taken_without_its_schema_exactly_as_its_schema_takes_it(
    text: str,
) -> None:
    assert _taken(partnership_name, text) == _taken(_by_its_schema, text)
