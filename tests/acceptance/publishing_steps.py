"""The steps of the features about what the register publishes: the committee's report and
the Transparency Code spend file.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pytest_bdd import given, parsers, then, when

from adapters.read_models import ReadModels
from adapters.reports.site import write_site
from adapters.reports.spend import HEADER, spend_lines
from adapters.schemas.fields import FinancialYear
from adapters.spreadsheet import csv_text
from domain.register import PartnershipRegister
from tests.acceptance.vocabulary import RECORDED_BY, phrase, reference_of, table
from tests.reports.pages import Page


def _report(register: PartnershipRegister, folder: Path, known_at: datetime | None = None) -> Path:
    ReadModels(register).catch_up()
    write_site(register, folder, known_at=known_at)
    return folder


def _page(register: PartnershipRegister, report: Path, city: str) -> Page:
    return Page(report / f"{reference_of(register, city)}.html")


@given(
    phrase("{amount:Money} was paid by procurement card on {on:Date} to {supplier} for {purpose}")
)
def paid_by_card(
    register: PartnershipRegister, amount: Decimal, on: date, supplier: str, purpose: str
) -> None:
    register.record_expense(
        reference_of(register, "Tarlenheim"),
        occurred_on=on,
        amount=amount,
        beneficiary=supplier,
        purpose=purpose,
        card_transaction=True,
        recorded_by=RECORDED_BY,
    )


@given(phrase("{amount:Money} was paid on {on:Date} to {person}, a person, for {purpose}"))
def paid_to_a_person(
    register: PartnershipRegister, amount: Decimal, on: date, person: str, purpose: str
) -> None:
    register.record_expense(
        reference_of(register, "Tarlenheim"),
        occurred_on=on,
        amount=amount,
        beneficiary=person,
        purpose=purpose,
        paid_to_individual=True,
        recorded_by=RECORDED_BY,
    )


@when("the committee's report is written", target_fixture="report")
def report_written(register: PartnershipRegister, tmp_path: Path) -> Path:
    return _report(register, tmp_path / "report")


@when(
    phrase("the committee's report is written as the register described it at {moment}"),
    target_fixture="report",
)
def report_written_then(
    register: PartnershipRegister,
    noted_times: dict[str, datetime],
    moment: str,
    tmp_path: Path,
) -> Path:
    return _report(register, tmp_path / "report", noted_times[moment])


@then(phrase("the report's index lists the partnerships with {first} and {second}"))
def index_lists(register: PartnershipRegister, report: Path, first: str, second: str) -> None:
    index = Page(report / "index.html")
    for city in (first, second):
        assert f"{reference_of(register, city)}.html" in index.links, f"{city} is not listed"


@then(phrase("the report's index says the partnership with {city} has cost {amount:Money} in all"))
def index_says_cost(
    register: PartnershipRegister, report: Path, city: str, amount: Decimal
) -> None:
    cells = Page(report / "index.html").rows[f"p-{reference_of(register, city)}"]
    assert cells[-1] == f"£{amount:,}", cells


@then(phrase("the page of the partnership with {city} shows the spending by financial year:"))
def page_years(
    register: PartnershipRegister, report: Path, city: str, datatable: list[list[str]]
) -> None:
    page = _page(register, report, city)
    shown = [
        {"year": year, "total": page.row_figure(row_id).text, "sums": cells[1]}
        for row_id, cells in page.rows.items()
        if row_id.startswith("year-")
        for year in [cells[0]]
    ]
    assert shown == table(datatable)


@then(
    phrase("the page of the partnership with {city} says it has cost {amount:Money} in all"),
    target_fixture="followed",
)
def page_cost(
    register: PartnershipRegister, report: Path, city: str, amount: Decimal
) -> tuple[Page, list[int]]:
    page = _page(register, report, city)
    total = page.figures["total-spend"]
    assert total.text == f"£{amount:,}"
    return page, total.events


@then("following that total leads to these records of its audit trail:")
def total_leads_to(followed: tuple[Page, list[int]], datatable: list[list[str]]) -> None:
    page, events = followed
    summaries = [" ".join(page.rows[f"event-{n}"]) for n in events]
    wanted = [row["a record that reads"] for row in table(datatable)]
    assert len(summaries) == len(wanted), summaries
    for words in wanted:
        assert any(words in summary for summary in summaries), f"{words!r} not in {summaries}"


@then("every page of the report says it shows the register as it was described at a past moment")
def every_page_says_when(report: Path) -> None:
    for page in report.glob("*.html"):
        assert "As the register described it at" in Page(page).text, page.name


@then(phrase('the page of the partnership with {city} does not mention "{words}"'))
def page_silent(register: PartnershipRegister, report: Path, city: str, words: str) -> None:
    assert words not in _page(register, report, city).text


@when(
    parsers.parse("the transparency officer publishes the spend file for {year}"),
    target_fixture="spend_file",
)
def publish_spend_file(register: PartnershipRegister, year: str) -> list[dict[str, str]]:
    ReadModels(register).catch_up()
    start, end = FinancialYear().deserialize(year)
    lines = spend_lines(register, start=start, end=end)
    text = csv_text(HEADER, (line.cells() for line in lines))
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@then("the spend file reads:")
def spend_file_reads(spend_file: list[dict[str, str]], datatable: list[list[str]]) -> None:
    wanted = table(datatable)
    columns = list(wanted[0])
    assert [{c: row[c] for c in columns} for row in spend_file] == wanted


@then(phrase("every row of the spend file names {council} as the body"))
def spend_file_body(spend_file: list[dict[str, str]], council: str) -> None:
    assert {row["Body name"] for row in spend_file} == {council}
