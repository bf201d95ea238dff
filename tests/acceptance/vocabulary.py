"""The features' vocabulary: how they write dates and amounts, how they name partnerships and
visits, and how the steps record things in the register.

The features name a partnership by its partner city ("the partnership with Ivanovo") and the
council's side of a visit as "the council".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from parse import with_pattern
from pytest_bdd import parsers

from adapters.protection import BrokenChainError
from adapters.read_models import ReadModels
from domain.directions import INBOUND, OUTBOUND
from domain.errors import (
    AlreadyEstablishedError,
    AlreadySeveredError,
    AlreadyVoidedError,
    DatedAfterSeveranceError,
    DatedBeforeEstablishmentError,
    DatedInFutureError,
    InvalidAmountError,
    NothingToCorrectError,
    NotYetEstablishedError,
    NotYetRecordedError,
    PartnershipNotFoundError,
    RegisterError,
    RoomAlreadyNamedError,
    SeveranceBeforeRecordsError,
    VersionNotFoundError,
    VisitNotFoundError,
)
from domain.register import PartnershipRegister
from domain.status import PartnershipStatus

# What a step records when it does not say: a feature whose outcome shows one of these says so
# in a Given ("unless a step says otherwise, ...").
RECORDED_BY = "the partnerships officer"
DELEGATION = "a civic delegation"
PAYEE = "Midlands Travel Ltd"
PAID_FOR = "the partnership's costs"
ANNOUNCED_BY = "the council leader"
SEVERED_BECAUSE = "there are no plans for any further exchanges"
THE_COUNCIL = "the council"

# The business reasons the features give for a refusal, and the error each one means.
REFUSALS: dict[str, type[RegisterError]] = {
    "the partnership is already established": AlreadyEstablishedError,
    "the date is in the future": DatedInFutureError,
    "the date is before the partnership was established": DatedBeforeEstablishmentError,
    "the date is after the ties were severed": DatedAfterSeveranceError,
    "the amount is not a sum of pounds and pence above zero": InvalidAmountError,
    "the irrecoverable VAT is more than the sum": InvalidAmountError,
    "the visit is not one of this partnership's": VisitNotFoundError,
    "the room is already named": RoomAlreadyNamedError,
    "the ties are already severed": AlreadySeveredError,
    "the severance would come before something already recorded": SeveranceBeforeRecordsError,
    "there is no such partnership": PartnershipNotFoundError,
    "the correction changes nothing": NothingToCorrectError,
    "the record is already void": AlreadyVoidedError,
    "its stored history does not match its chain": BrokenChainError,
}


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def iso_date(text: str) -> date:
    """A date written as the features write it: 1999-01-01."""
    return date.fromisoformat(text)


@with_pattern(r"-?£\d[\d,]*(?:\.\d+)?")
def pounds(text: str) -> Decimal:
    """An amount written as the features write it: £3,500.00, £12.5 or -£12.50."""
    sign = "-" if text.startswith("-") else ""
    return Decimal(sign + text.removeprefix("-").removeprefix("£").replace(",", ""))


def phrase(text: str) -> parsers.parse:
    """A step pattern in which ``{x:Date}`` is a date and ``{x:Money}`` an amount in pounds."""
    return parsers.parse(text, extra_types={"Date": iso_date, "Money": pounds})


# A partner city in a step that may go on to ask about the past ("... as it stood on ...").
CITY = r"(?P<city>(?:(?! as ).)+)"


def same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def table(datatable: list[list[str]]) -> list[dict[str, str]]:
    """The rows of a data table, each keyed by the table's header."""
    header, *rows = datatable
    return [dict(zip(header, row, strict=True)) for row in rows]


def reference_of(register: PartnershipRegister, city: str) -> str:
    """The reference of the partnership with a city; for a city the register does not know,
    the city itself, so that the register answers for it."""
    references = [s.reference for s in register.statuses() if same_words(s.city, city)]
    if len(references) > 1:
        pytest.fail(f"{len(references)} partnerships are with {city}: name it more precisely")
    return references[0] if references else city


# A report's column, as a data table heads it: how to read it from a row of the report, and
# how to read what the feature expects in it.
Column = tuple[Callable[[Any], object], Callable[[str], object]]


def optional(read: Callable[[str], object]) -> Callable[[str], object]:
    """A cell that may be left blank, for nothing."""
    return lambda text: read(text) if text.strip() else None


def report_reads(
    name: str, rows: Sequence[Any], columns: Mapping[str, Column], datatable: list[list[str]]
) -> None:
    """Checks a report row by row, in order, in the columns the data table heads."""
    header = datatable[0]
    unknown = [h for h in header if h not in columns]
    if unknown:
        pytest.fail(f"the {name} has no column {unknown[0]!r}; it has {sorted(columns)}")
    expected = [tuple(columns[h][1](row[h]) for h in header) for row in table(datatable)]
    actual = [tuple(columns[h][0](row) for h in header) for row in rows]
    assert actual == expected, f"the {name} reads {header}:\n" + "\n".join(map(str, actual))


def noted(noted_times: Mapping[str, datetime], moment: str) -> datetime:
    if moment not in noted_times:
        pytest.fail(f"the auditor noted no time as {moment!r}; noted: {sorted(noted_times)}")
    return noted_times[moment]


def caught_up(read_models: ReadModels) -> ReadModels:
    """The reports brought up to date with the history before they answer, as the command does."""
    read_models.catch_up()
    return read_models


def status_of(
    read_models: ReadModels, register: PartnershipRegister, city: str
) -> PartnershipStatus:
    """Where the partnership with a city stands, read from its status report as `status` reads
    it; refused as "not found" for a city the register does not know."""
    return caught_up(read_models).status(register.find(reference_of(register, city)))


def visit_of(register: PartnershipRegister, city: str, on: date) -> UUID:
    """The id of the one visit recorded on a date in the partnership with a city."""
    visits = [
        entry.data["visit_id"]
        for entry in register.history(reference_of(register, city))
        if entry.type == "DelegationVisited" and entry.occurred_on == on
    ]
    if len(visits) != 1:
        pytest.fail(f"expected one visit on {on} with {city}, found {len(visits)}")
    return UUID(str(visits[0]))


def record_visit(
    register: PartnershipRegister,
    origin: str,
    destination: str,
    on: date,
    delegation: str = DELEGATION,
) -> UUID:
    """Records a visit from the partner city to the council, or from the council to it."""
    if same_words(destination, THE_COUNCIL):
        city, direction = origin, INBOUND
    elif same_words(origin, THE_COUNCIL):
        city, direction = destination, OUTBOUND
    else:
        pytest.fail(f"a visit goes from or to {THE_COUNCIL!r}, not {origin} to {destination}")
    return register.record_visit(
        reference_of(register, city),
        occurred_on=on,
        direction=direction,
        delegation=delegation,
        recorded_by=RECORDED_BY,
    )


def record_expense(
    register: PartnershipRegister,
    city: str,
    on: date,
    amount: Decimal,
    *,
    beneficiary: str = PAYEE,
    purpose: str = PAID_FOR,
    visit_id: UUID | None = None,
) -> UUID:
    return register.record_expense(
        reference_of(register, city),
        occurred_on=on,
        amount=amount,
        beneficiary=beneficiary,
        purpose=purpose,
        visit_id=visit_id,
        recorded_by=RECORDED_BY,
    )


def sever(
    register: PartnershipRegister,
    city: str,
    on: date,
    *,
    announced_by: str,
    reason: str,
) -> None:
    register.sever(
        reference_of(register, city),
        severed_on=on,
        reason=reason,
        announced_by=announced_by,
        recorded_by=RECORDED_BY,
    )


# Reading the reports

# A summary names a corrected or voided record by the first characters of its id, the number
# the register gives it; the features write N for them, and the step checks they are its own.
OWN_NUMBER = re.compile(r"\b(Expense|Visit) ([0-9a-f]{8})\b")


def in_pence(amount: Decimal) -> Decimal:
    """An amount of a report, which must be written in pounds and pence."""
    assert amount.as_tuple().exponent == -2, f"£{amount} is not in pounds and pence"
    return amount


def rooms_text(status: PartnershipStatus) -> str:
    return "; ".join(f"{r.room} ({r.building})" for r in status.rooms)


STATUS_COLUMNS: dict[str, Column] = {
    "partner city": (lambda s: s.city, str),
    "council": (lambda s: s.council, str),
    "status": (lambda s: s.status, str),
    "since": (lambda s: s.established_on, iso_date),
    "severed on": (lambda s: s.severed_on, optional(iso_date)),
    "announced by": (lambda s: s.severance_announced_by, optional(str)),
    "reason for severing": (lambda s: s.severance_reason, optional(str)),
    "description": (lambda s: s.description, optional(str)),
    "visits to the council": (lambda s: s.visits.inbound, int),
    "visits to the partner city": (lambda s: s.visits.outbound, int),
    "last visited": (lambda s: s.last_visit_on, optional(iso_date)),
    "cost": (lambda s: in_pence(s.total_spend), pounds),
    "rooms named": (rooms_text, str),
}

# Where a visit went, as the features write it.
WENT = {INBOUND: "to the council", OUTBOUND: "to the partner city"}
WENT_TO = {text: direction for direction, text in WENT.items()}


def went_to(text: str) -> str:
    if text not in WENT_TO:
        pytest.fail(f"a delegation goes {' or '.join(WENT_TO)}, not {text!r}")
    return WENT_TO[text]


def cities(register: PartnershipRegister) -> dict[str, str]:
    """The partner city of each partnership, by its id as the reports write it."""
    return {str(s.partnership_id): s.city for s in register.statuses()}


def partnership_id_of(register: PartnershipRegister, city: str) -> UUID:
    return register.find(reference_of(register, city))


def attempt(command: Callable[[], object]) -> RegisterError | None:
    """Runs a command, returning the register's refusal instead of raising it."""
    try:
        command()
    except RegisterError as refusal:
        return refusal
    return None


def unless_refused(refusal: RegisterError | None) -> str:
    """A hint for a failed check of what should have been recorded."""
    return "" if refusal is None else f" (the register refused: {refusal})"


def expense_as_recorded(
    register: PartnershipRegister, amount: Decimal, on: date
) -> tuple[str, UUID]:
    """The reference of the partnership and the id of the one sum spent on a date, found by
    the amount and date it was first recorded with or was corrected to, voided or not."""
    found = {
        (reference, UUID(str(entry.data["expense_id"])))
        for reference in (str(pid) for pid in register.partnership_ids())
        for entry in register.history(reference)
        if entry.type in {"ExpenseIncurred", "ExpenseCorrected", "ExpenseVoided"}
        and entry.occurred_on == on
        and Decimal(entry.data["amount"]) == amount
    }
    if len(found) != 1:
        pytest.fail(f"expected one sum of £{amount} spent on {on}, found {len(found)}")
    return found.pop()


def visit_as_recorded(register: PartnershipRegister, city: str, on: date) -> UUID:
    """The id of the one visit of a partnership on a date, found by the date it was first
    recorded with or was corrected to, voided or not."""
    found = {
        UUID(str(entry.data["visit_id"]))
        for entry in register.history(reference_of(register, city))
        if entry.type in {"DelegationVisited", "VisitCorrected", "VisitVoided"}
        and entry.occurred_on == on
    }
    if len(found) != 1:
        pytest.fail(f"expected one visit on {on} with {city}, found {len(found)}")
    return found.pop()


# Looking back in time

# The business reasons the features give when the register cannot answer a question about the
# past, and the error each one means.
UNANSWERABLE: dict[str, type[RegisterError]] = {
    "the partnership was not yet established then": NotYetEstablishedError,
    "nothing about the partnership had been recorded by then": NotYetRecordedError,
    "its history holds no such record": VersionNotFoundError,
}

# The figures of a partnership that can change, as the features name them.
FIGURES = {
    "status": "status",
    "severed_on": "severed on",
    "severance_reason": "reason for severing",
    "severance_announced_by": "announced by",
    "visits.inbound": "visits to the council",
    "visits.outbound": "visits to the partner city",
    "visits.total": "visits in all",
    "last_visit_on": "last visited",
    "total_spend": "cost",
    "rooms": "rooms named",
}


def as_written(value: object) -> str:
    """A figure as the features write it: £10,354.00, 2016-09-15, rooms joined by "; ", and
    nothing at all for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        assert value.as_tuple().exponent == -2, f"£{value} is not in pounds and pence"
        return f"£{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def record_numbers(text: str) -> tuple[int, ...]:
    """Numbers of records as the features list them: "6, 9", or nothing."""
    return tuple(int(number) for number in text.replace(" and ", ",").split(",") if number.strip())


def last_recorded_at(register: PartnershipRegister) -> datetime:
    """When the register made its latest record, of any partnership."""
    return max(register.history(str(pid))[-1].recorded_at for pid in register.partnership_ids())
