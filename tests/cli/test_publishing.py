"""The commands that publish: the spend file (CSV and JSON), the HTML report, and the
terminal's tables; every file read back as a spreadsheet or a browser would read it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from .command import Partnerships, assert_refused

OTHERHAM = "otherham-borough-council--elsewhere"
IVANOVO = "staffordshire-county-council--ivanovo"
HEADER = [
    "Body name",
    "Date",
    "Transaction number",
    "Supplier",
    "Amount",
    "Irrecoverable VAT",
    "Department",
    "Purpose",
    "Procurement category",
    "Card transaction",
    "Partnership",
]


def _expense(store: Partnerships, on: str, amount: str, *extra: str, **named: str) -> str:
    options = [f"--{k.replace('_', '-')}={v}" for k, v in named.items()]
    recorded: dict[str, str] = store.json(
        "expense", OTHERHAM, "--on", on, "--amount", amount, *options, *extra
    )
    return recorded["expense_id"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Partnerships:
    """The demo, and Otherham–Elsewhere with expenses at and around the threshold: a card
    payment under £500, a payment to a person, a voided and a corrected one."""
    where = tmp_path_factory.mktemp("publishing")
    store = Partnerships(db=f"sqlite:///{where / 'register.db'}", cwd=where)
    store.json("demo")
    store.establish("Otherham Borough Council", "Elsewhere", on="2003-03-03")
    common = {"beneficiary": "Coach hire", "purpose": "Transport", "department": "Civic"}
    _expense(
        store,
        "2016-06-01",
        "120.00",
        "--card",
        beneficiary='=HYPERLINK("http://example.invalid")',
        purpose="Flowers",
        category="Gifts",
        irrecoverable_vat="20.00",
    )
    _expense(
        store,
        "2016-07-01",
        "800.00",
        "--paid-to-individual",
        beneficiary="Jane Smith",
        purpose="Interpreting",
    )
    _expense(store, "2016-08-01", "499.99", **common)
    _expense(store, "2016-08-02", "500.00", **common)
    voided = _expense(store, "2016-08-03", "700.00", **common)
    store.json("void-expense", OTHERHAM, voided, "--reason", "Entered twice")
    corrected = _expense(store, "2016-08-04", "600.00", **common)
    store.json("correct-expense", OTHERHAM, corrected, "--reason", "Misread", "--amount", "650")
    _expense(store, "2016-09-01", "900.00", **common)
    _expense(store, "2016-09-01", "901.00", **common)
    return store


def _csv(store: Partnerships, *args: str) -> tuple[bytes, list[list[str]]]:
    printed = store.raw("spend", "--csv", *args)
    return printed, list(csv.reader(io.StringIO(printed.decode("utf-8-sig"), newline="")))


def test_the_spend_file_is_a_csv_with_the_transparency_codes_columns(store: Partnerships) -> None:
    printed, (header, *rows) = _csv(store)

    assert printed.startswith(b"\xef\xbb\xbf")
    assert printed.count(b"\r\n") == len(rows) + 1
    assert b"\n" not in printed.replace(b"\r\n", b"")
    assert header == HEADER
    ivanovo = rows[1]
    assert ivanovo[0] == "Staffordshire County Council"
    assert ivanovo[1] == "20/04/2016"
    assert ivanovo[4:6] == ["6854.00", ""]
    assert ivanovo[9:] == ["No", IVANOVO]


def test_the_spend_file_holds_expenses_over_500_and_card_payments_as_they_stand(
    store: Partnerships,
) -> None:
    _, (_, *rows) = _csv(store)

    assert [(r[1], r[4]) for r in rows[:5]] == [
        ("16/05/2005", "3500.00"),
        ("20/04/2016", "6854.00"),
        ("01/06/2016", "120.00"),
        ("01/07/2016", "800.00"),
        ("04/08/2016", "650.00"),
    ]
    same_day = rows[5:]
    assert {(r[1], r[4]) for r in same_day} == {("01/09/2016", "900.00"), ("01/09/2016", "901.00")}
    assert same_day[0][2] < same_day[1][2]  # the same day: by transaction number
    card = rows[2]
    assert card[9] == "Yes"
    assert card[5] == "20.00"
    assert card[8] == "Gifts"


def test_a_payment_to_a_person_is_published_redacted(store: Partnerships) -> None:
    _, (_, *rows) = _csv(store)

    assert rows[3][3] == "REDACTED PERSONAL DATA"
    assert "Jane Smith" not in store.raw("spend", "--csv").decode("utf-8")
    assert "Jane Smith" not in store("spend", "--json").stdout


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised(store: Partnerships) -> None:
    _, (_, *rows) = _csv(store)

    assert rows[2][3] == """'=HYPERLINK("http://example.invalid")"""
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_financial_year_limits_the_spend_file_to_april_to_march(store: Partnerships) -> None:
    _, (_, *rows) = _csv(store, "--year", "2016/17")
    assert rows
    assert all(r[1].endswith("/2016") for r in rows)
    _, (_, *rows) = _csv(store, "--from", "2016-08-01", "--to", "2016-08-31")
    assert [r[1] for r in rows] == ["04/08/2016"]


def test_a_lower_threshold_publishes_more(store: Partnerships) -> None:
    _, (_, *rows) = _csv(store, "--over", "100")
    assert {"499.99", "500.00"} <= {r[4] for r in rows}


def test_the_spend_file_as_json_has_the_fields_the_issue_names(store: Partnerships) -> None:
    lines: list[dict[str, Any]] = store.json("spend", OTHERHAM)

    assert list(lines[0]) == [
        "body_name",
        "date",
        "transaction_number",
        "supplier",
        "amount",
        "irrecoverable_vat",
        "department",
        "purpose",
        "procurement_category",
        "card_transaction",
        "partnership",
    ]
    assert lines[0]["date"] == "2016-06-01"
    assert lines[0]["card_transaction"] is True
    assert lines[0]["amount"] == "120.00"
    assert lines[1]["supplier"] == "REDACTED PERSONAL DATA"
    assert {line["partnership"] for line in lines} == {OTHERHAM}


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--year", "2016/18"), "--year"),
        (("--year", "2016/17", "--from", "2016-05-01"), "--year"),
        (("--from", "2017-01-01", "--to", "2016-01-01"), "--from"),
        (("--over", "-5"), "--over"),
        (("--csv", "--json"), "--csv"),
    ],
)
def test_a_spend_file_asked_for_wrongly_is_refused_naming_the_option(
    store: Partnerships, args: tuple[str, ...], named: str
) -> None:
    assert_refused(store("spend", *args), 2, named)


def test_an_expense_marked_as_paid_to_a_person_is_recorded_so_and_may_be_corrected(
    store: Partnerships,
) -> None:
    history = store.history(OTHERHAM)
    (paid,) = [e for e in history if e["data"].get("beneficiary") == "Jane Smith"]
    assert paid["data"]["paid_to_individual"] is True
    assert all(
        e["data"]["paid_to_individual"] is False
        for e in history
        if e["type"] == "ExpenseIncurred" and e is not paid
    )


def test_the_report_writes_a_site_and_says_where_and_from_what(
    store: Partnerships, tmp_path: Path
) -> None:
    document = store.json("report", "--out", str(tmp_path / "site"))

    assert set(document) == {"out", "pages", "partnerships", "position", "digest"}
    # The index, a page for each partnership and one for each financial year with spend.
    years = len(list((tmp_path / "site").glob("year-*.html")))
    assert years >= 2
    assert (document["pages"], document["partnerships"]) == (1 + 2 + years, 2)
    assert document["digest"] == store.json("digest")["digest"]
    assert (tmp_path / "site" / f"{IVANOVO}.html").exists()
    printed = store("report", "--out", str(tmp_path / "again"), IVANOVO)
    assert printed.stdout.strip() == str(tmp_path / "again" / "index.html")


@pytest.mark.parametrize(
    ("args", "code", "named"),
    [
        (("--as-of", "16/03/2018"), 2, "--as-of"),
        (("--as-known-at", "yesterday"), 2, "--as-known-at"),
        ((IVANOVO, "--as-of", "1990-01-01"), 1, "not yet established"),
        (("nowhere--at-all",), 1, "nowhere--at-all"),
    ],
)
def test_a_report_asked_for_wrongly_is_refused_and_writes_nothing(
    store: Partnerships, tmp_path: Path, args: tuple[str, ...], code: int, named: str
) -> None:
    assert_refused(store("report", "--out", str(tmp_path / "site"), *args), code, named)
    assert list(tmp_path.iterdir()) == []


def test_a_report_into_a_file_is_refused(store: Partnerships, tmp_path: Path) -> None:
    (tmp_path / "site").write_text("kept")
    assert_refused(store("report", "--out", str(tmp_path / "site")), 2, "--out")
    assert (tmp_path / "site").read_text() == "kept"


def test_list_is_a_table_with_headers_sorted_by_reference(store: Partnerships) -> None:
    lines = store("list").stdout.splitlines()

    assert lines[0].split()[:3] == ["Reference", "Status", "Established"]
    assert set(lines[1]) == {"-", " "}
    assert [line.split()[0] for line in lines[2:] if line[:1] != " "] == [OTHERHAM, IVANOVO]


def test_the_register_wide_ledger_and_visits_name_each_rows_partnership(
    store: Partnerships,
) -> None:
    expenses = store("expenses").stdout.splitlines()
    visits = store("visits").stdout.splitlines()

    assert "Partnership" in expenses[0]
    assert "Partnership" in visits[0]
    assert any(OTHERHAM in line for line in expenses)
    assert all(IVANOVO in line for line in visits[2:] if line[:1] != " ")
    assert "Partnership" not in store("expenses", IVANOVO).stdout.splitlines()[0]


def test_long_text_wraps_to_the_terminals_width(store: Partnerships) -> None:
    narrow = Partnerships(store.db, store.cwd, env={"COLUMNS": "100"})
    lines = narrow("expenses").stdout.splitlines()

    assert max(len(line) for line in lines) <= 100
    assert any(line.startswith(" " * 20) for line in lines)  # a purpose carried on
