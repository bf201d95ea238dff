"""Steps of the features about evidence taken away: an exported register checked on an
auditor's own machine, and a receipt for one expense checked against a published digest.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from adapters import chain
from adapters.evidence.export_check import verify_file
from adapters.evidence.exporting import write_export
from adapters.evidence.importing import ImportRefusedError, import_export
from adapters.evidence.receipts import ReceiptCheck, check_inclusion, inclusion_proof, tree_head
from adapters.evidence.store import store_of
from adapters.read_models import ReadModels
from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.acceptance.vocabulary import phrase, reference_of
from tests.integration.test_export_tampering import cut_off_with_a_new_header


@contextmanager
def _quietly(_label: str, _total: int) -> Iterator[Callable[[int], None]]:
    yield lambda _: None


@given("the council has published the register's digest", target_fixture="published")
def published(register: PartnershipRegister) -> dict[str, Any]:
    kept = chain.register_digest(register)
    head = tree_head(store_of(register))
    return {
        "digest": kept,
        "tree_size": head.size,
        "tree_root": head.root,
    }


@given("the council has exported the register's history to a file", target_fixture="export_file")
def export_file(register: PartnershipRegister, tmp_path: Path) -> Path:
    path = tmp_path / "register-history.jsonl"
    with path.open("wb") as out:
        write_export(store_of(register), out)
    return path


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _cut_off_last(lines: list[bytes]) -> list[bytes]:
    return cut_off_with_a_new_header(lines, len(lines) - 2)


FILE_ALTERATIONS: dict[str, Callable[[list[bytes]], list[bytes]]] = {
    "changed the amount of the expense in the file": lambda lines: [
        *lines[:3],
        lines[3].replace(b"6854.00", b"654.00"),
    ],
    "deleted the record of the visit from the file": lambda lines: [*lines[:2], *lines[3:]],
    "swapped the records of the visit and the expense in the file": lambda lines: [
        *lines[:2],
        lines[3],
        lines[2],
    ],
    "cut off the expense and rewrote the file's first line to match": _cut_off_last,
}


def alter_the_file(export_file: Path, alteration: str) -> None:
    lines = _lines(export_file)
    changed = FILE_ALTERATIONS[alteration](lines)
    assert changed != lines
    export_file.write_bytes(b"".join(changed))


@when(
    "the auditor verifies the file against the published digest, on their own machine",
    target_fixture="verification",
)
def verify_the_file(export_file: Path, published: dict[str, Any]) -> chain.Verification:
    with export_file.open("rb") as file:
        return verify_file(file, published["digest"])


@then(phrase("the file is proven to be the register's whole history of {events:d} records"))
def file_proven(verification: chain.Verification, events: int) -> None:
    assert verification.intact, verification.problem
    assert verification.digest_checked
    assert verification.events == events


@then(phrase('the file is found altered, at "{where}"'))
def file_found_altered(verification: chain.Verification, where: str) -> None:
    assert not verification.intact
    assert where in (verification.problem or ""), verification.problem


@pytest.fixture
def new_register(tmp_path: Path) -> Iterator[PartnershipRegister]:
    register = PartnershipRegister(environment(f"sqlite:///{tmp_path / 'moved.db'}"))
    yield register
    close(register)


@when("the file is imported into a new, empty register", target_fixture="import_refusal")
def import_the_file(export_file: Path, new_register: PartnershipRegister) -> str | None:
    try:
        import_export(store_of(new_register), export_file, _quietly)
    except ImportRefusedError as refused:
        return str(refused)
    return None


@then("the new register's digest is the one the council published")
def same_digest(
    new_register: PartnershipRegister, published: dict[str, Any], import_refusal: str | None
) -> None:
    assert import_refusal is None, import_refusal
    assert chain.register_digest(new_register) == published["digest"]
    assert tree_head(store_of(new_register)).root == published["tree_root"]


@then("the new register's spending report is the same as the old one's")
def same_spending(new_register: PartnershipRegister, register: PartnershipRegister) -> None:
    old, new = ReadModels(register), ReadModels(new_register)
    old.catch_up()
    new.catch_up()
    assert new.expenses() == old.expenses()
    assert new.totals_by_year() == old.totals_by_year()


@then(phrase('the import is refused, naming "{where}"'))
def import_refused(import_refusal: str | None, where: str) -> None:
    assert import_refusal is not None
    assert where in import_refusal, import_refusal


@then("the new register holds no records")
def holds_nothing(new_register: PartnershipRegister) -> None:
    assert chain.register_digest(new_register).position == 0
    assert tree_head(store_of(new_register)).size == 0


# Receipts


def _expense_version(register: PartnershipRegister, amount: Decimal) -> tuple[str, int]:
    reference = reference_of(register, "Tarlenheim")
    for entry in register.history(reference):
        if entry.type == "ExpenseIncurred" and entry.data["amount"] == amount:
            return reference, entry.version
    raise AssertionError(f"no expense of £{amount} was recorded")


@given(
    phrase("a journalist was given a receipt for the expense of {amount:Money}"),
    target_fixture="receipt",
)
def receipt_now(register: PartnershipRegister, amount: Decimal) -> dict[str, Any]:
    reference, version = _expense_version(register, amount)
    store = store_of(register)
    return inclusion_proof(register, store, register.find(reference), version)


@given(
    phrase(
        "a journalist was given a receipt for the expense of {amount:Money}, "
        "for the published digest"
    ),
    target_fixture="receipt",
)
def receipt_for_published(
    register: PartnershipRegister, amount: Decimal, published: dict[str, Any]
) -> dict[str, Any]:
    reference, version = _expense_version(register, amount)
    store = store_of(register)
    assert tree_head(store).size > published["tree_size"]
    return inclusion_proof(
        register, store, register.find(reference), version, published["tree_size"]
    )


def _flipped(hashed: str) -> str:
    return ("1" if hashed[0] == "0" else "0") + hashed[1:]


# Not what someone with access to the database does: that is the integrity steps' own.
@given(parsers.re(r"someone (?!with access to the database )(?P<alteration>.+)"))
def altered_evidence(request: pytest.FixtureRequest, alteration: str) -> None:
    """Someone alters the export file, a receipt, or the digest a receipt is checked against."""
    if alteration in FILE_ALTERATIONS:
        alter_the_file(request.getfixturevalue("export_file"), alteration)
        return
    receipt: dict[str, Any] = request.getfixturevalue("receipt")
    if alteration == "showed the expense's amount as £654.00 in the receipt":
        receipt["event"]["data"]["amount"] = "654.00"
    elif alteration == "changed one hash of the receipt's proof":
        receipt["path"][0] = _flipped(receipt["path"][0])
    elif alteration == "changed the digest the journalist checks against":
        published = request.getfixturevalue("published")
        published["tree_root"] = _flipped(published["tree_root"])
    else:
        raise AssertionError(f"no such alteration in the feature's steps: {alteration}")


@when(
    "the journalist checks the receipt against the published digest, on their own machine",
    target_fixture="receipt_check",
)
def check_the_receipt(receipt: dict[str, Any], published: dict[str, Any]) -> ReceiptCheck:
    # The receipt travels as a file: what is checked is what was written down.
    carried = json.loads(json.dumps(receipt))
    offline = PartnershipRegister({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    return check_inclusion(offline, carried, published["tree_root"], published["tree_size"])


@then(phrase("the receipt proves the expense of {amount:Money} is in the published history"))
def receipt_holds(receipt_check: ReceiptCheck, amount: Decimal) -> None:
    assert receipt_check.valid, receipt_check.problem
    event = receipt_check.receipt["event"]
    assert (event["type"], Decimal(event["data"]["amount"])) == ("ExpenseIncurred", amount)


@then(phrase('the receipt does not hold, because "{why}"'))
def receipt_fails(receipt_check: ReceiptCheck, why: str) -> None:
    assert not receipt_check.valid
    assert why in (receipt_check.problem or ""), receipt_check.problem
