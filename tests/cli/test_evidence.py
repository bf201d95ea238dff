"""``export``, ``import``, ``verify --file``, ``prove``, ``check-proof``, ``consistency`` and
``check-consistency``: evidence an auditor takes away and checks on their own machine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .command import Partnerships, assert_refused, parsed, run
from .in_process import run_in_process

REFERENCE = "staffordshire-county-council--ivanovo"
VERIFY_KEYS = {
    "intact",
    "events",
    "partnerships",
    "position",
    "digest",
    "digest_checked",
    "events_after_digest",
    "problem",
    "partnership_id",
    "version",
    "problem_position",
}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Partnerships:
    """The demo register in an SQLite file, shared by the tests that do not change it."""
    folder = tmp_path_factory.mktemp("demo")
    partnerships = Partnerships(db=f"sqlite:///{folder / 'register.db'}", cwd=folder)
    partnerships.json("demo")
    return partnerships


@pytest.fixture
def demo(recorded: Partnerships, tmp_path: Path) -> Partnerships:
    """The shared demo register, run from this test's own folder."""
    return Partnerships(db=recorded.db, cwd=tmp_path)


@pytest.fixture
def own_demo(partnerships: Partnerships) -> Partnerships:
    """A demo register of this test's own, on SQLite and on PostgreSQL."""
    partnerships.json("demo")
    return partnerships


def offline(*args: str, cwd: Path) -> Any:
    """A command run with no database given at all."""
    return run(*args, cwd=cwd)


def elsewhere(tmp_path: Path, name: str = "imported.db") -> Partnerships:
    return Partnerships(db=f"sqlite:///{tmp_path / name}", cwd=tmp_path)


def test_an_export_imported_elsewhere_gives_the_same_digest_history_and_reports(
    own_demo: Partnerships, tmp_path: Path
) -> None:
    demo = own_demo
    exported = demo("export", "register.jsonl", "--json")
    header = parsed(exported)
    copy = elsewhere(tmp_path)

    imported = copy.json("import", "register.jsonl")

    digest = demo.json("digest")
    assert copy.json("digest") == digest
    assert (header["digest"], header["tree_root"]) == (digest["digest"], digest["tree_root"])
    assert imported == {
        "events": 10,
        "partnerships": 1,
        "position": 10,
        "digest": digest["digest"],
        "tree_size": 10,
        "tree_root": digest["tree_root"],
    }
    for report in (("history", REFERENCE), ("audit",), ("expenses",), ("visits",), ("list",)):
        assert copy.json(*report) == demo.json(*report)
    assert copy.json("verify")["intact"] is True


def test_an_export_written_to_standard_output_is_the_same_file(
    demo: Partnerships, tmp_path: Path
) -> None:
    demo("export", "register.jsonl")
    to_stdout = demo("export", "-")
    lines = to_stdout.stdout.splitlines()
    on_disk = (tmp_path / "register.jsonl").read_text().splitlines()
    assert to_stdout.code == 0
    assert lines[1:] == on_disk[1:]
    assert json.loads(lines[0])["digest"] == json.loads(on_disk[0])["digest"]


def test_an_auditor_verifies_an_export_with_no_database(demo: Partnerships, tmp_path: Path) -> None:
    kept = demo.json("digest")
    demo("export", "register.jsonl")

    text = offline("verify", "--file", "register.jsonl", cwd=tmp_path)
    report = parsed(
        offline(
            "verify",
            "--file",
            "register.jsonl",
            "--digest",
            kept["digest"],
            "--position",
            str(kept["position"]),
            "--json",
            cwd=tmp_path,
        )
    )

    assert text.code == 0
    assert "Intact: 10 events of 1 partnership" in text.stdout
    assert set(report) == VERIFY_KEYS == set(demo.json("verify"))
    assert (report["intact"], report["digest_checked"], report["digest"]) == (
        True,
        True,
        kept["digest"],
    )
    assert not (tmp_path / "partnerships.db").exists()


def test_a_tampered_export_is_refused_by_verify_and_import_naming_the_line(
    demo: Partnerships, tmp_path: Path
) -> None:
    demo("export", "register.jsonl")
    path = tmp_path / "register.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    lines[8] = lines[8].replace(b"6854.00", b"654.00")
    assert lines[8] != path.read_bytes().splitlines(keepends=True)[8]
    path.write_bytes(b"".join(lines))
    copy = elsewhere(tmp_path)

    verified = offline("verify", "--file", "register.jsonl", cwd=tmp_path)
    report = offline("verify", "--file", "register.jsonl", "--json", cwd=tmp_path)
    imported = copy("import", "register.jsonl")

    assert_refused(verified, 1, "line 9", "altered")
    assert report.code == 1
    assert json.loads(report.stdout)["problem_position"] == 8
    assert_refused(imported, 1, "line 9", "cannot be imported")
    assert copy.json("digest")["position"] == 0
    assert copy.json("audit") == []


def test_importing_into_a_register_that_holds_events_is_refused_and_stores_nothing(
    demo: Partnerships, tmp_path: Path
) -> None:
    demo("export", "register.jsonl")
    before = demo.json("digest")

    assert_refused(demo("import", "register.jsonl"), 1, "already holds events")
    assert demo.json("digest") == before


def test_an_import_file_that_cannot_be_read_is_invalid_input(tmp_path: Path) -> None:
    assert_refused(elsewhere(tmp_path)("import", "missing.jsonl"), 2, "FILE")
    assert_refused(offline("verify", "--file", "missing.jsonl", cwd=tmp_path), 2, "FILE")


@pytest.mark.parametrize(
    ("command", "code", "named"),
    [
        ("check-proof", 2, "FILE: - is not a JSON document"),
        ("check-consistency", 2, "FILE: - is not a JSON document"),
        ("verify --file", 1, "the file is empty"),
    ],
)
def test_a_file_read_from_an_empty_standard_input_is_refused(
    command: str, code: int, named: str
) -> None:
    """``-`` names standard input; with nothing piped in, there is nothing to check."""
    assert_refused(run_in_process(*command.split(), "-"), code, named)


def test_a_receipt_for_an_expense_checks_with_no_database(
    demo: Partnerships, tmp_path: Path
) -> None:
    head = demo.json("digest")
    receipt = demo.json("prove", REFERENCE, "8")
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))

    checked = offline(
        "check-proof",
        "receipt.json",
        "--tree-root",
        head["tree_root"],
        "--tree-size",
        str(head["tree_size"]),
        cwd=tmp_path,
    )
    report = parsed(offline("check-proof", "receipt.json", "--json", cwd=tmp_path))

    assert receipt["event"]["type"] == "ExpenseIncurred"
    assert receipt["event"]["data"]["amount"] == "6854.00"
    assert (receipt["tree_size"], receipt["tree_root"]) == (10, head["tree_root"])
    assert receipt["leaf_index"] == receipt["position"] - 1
    assert checked.code == 0, checked
    assert "The receipt holds" in checked.stdout
    assert report == {"valid": True, "problem": None}


def test_a_receipt_altered_or_checked_against_another_root_fails(
    demo: Partnerships, tmp_path: Path
) -> None:
    receipt = demo.json("prove", REFERENCE, "8")
    altered = dict(receipt, path=["0" * 64, *receipt["path"][1:]])
    amount = dict(receipt["event"], data=dict(receipt["event"]["data"], amount="654.00"))
    (tmp_path / "path.json").write_text(json.dumps(altered))
    (tmp_path / "amount.json").write_text(json.dumps(dict(receipt, event=amount)))
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))

    assert_refused(offline("check-proof", "path.json", cwd=tmp_path), 1, "audit path")
    assert_refused(offline("check-proof", "amount.json", cwd=tmp_path), 1, "data")
    assert_refused(
        offline(
            "check-proof",
            "receipt.json",
            "--tree-root",
            "ab" * 32,
            "--tree-size",
            "10",
            cwd=tmp_path,
        ),
        1,
        "tree root",
    )


def test_a_receipt_at_a_published_size_checks_against_the_root_published_then(
    tmp_path: Path,
) -> None:
    demo = elsewhere(tmp_path, "register.db")
    demo.json("demo")
    published = demo.json("digest")
    demo(
        "visit",
        REFERENCE,
        "--on",
        "2017-05-01",
        "--direction",
        "inbound",
        "--delegation",
        "Youth exchange",
    )
    receipt = demo.json("prove", REFERENCE, "8", "--tree-size", str(published["tree_size"]))
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))

    checked = offline(
        "check-proof",
        "receipt.json",
        "--tree-root",
        published["tree_root"],
        "--tree-size",
        str(published["tree_size"]),
        cwd=tmp_path,
    )

    assert checked.code == 0, checked
    assert demo.json("digest")["tree_size"] == 11


def test_today_s_history_is_proved_to_extend_every_earlier_one(
    demo: Partnerships, tmp_path: Path
) -> None:
    for size in (1, 4, 10):
        proof = demo.json("consistency", "--from-size", str(size))
        (tmp_path / "proof.json").write_text(json.dumps(proof))
        assert proof["to_size"] == 10
        assert offline("check-consistency", "proof.json", cwd=tmp_path).code == 0
    proof = demo.json("consistency", "--from-size", "3")
    (tmp_path / "proof.json").write_text(json.dumps(dict(proof, from_root="ab" * 32)))
    assert_refused(offline("check-consistency", "proof.json", cwd=tmp_path), 1, "prefix")


@pytest.mark.parametrize(
    ("args", "code", "named"),
    [
        (("prove", REFERENCE, "x"), 2, "VERSION"),
        (("prove", REFERENCE, "0"), 2, "VERSION"),
        (("prove", REFERENCE, "99"), 1, "no version 99"),
        (("prove", "nowhere--nobody", "1"), 1, "nowhere--nobody"),
        (("prove", REFERENCE, "3", "--tree-size", "2"), 1, "size"),
        (("consistency", "--from-size", "0"), 2, "--from-size"),
        (("consistency", "--from-size", "11"), 1, "--from-size"),
        (("export", "out.jsonl", "nowhere--nobody"), 1, "nowhere--nobody"),
    ],
)
def test_evidence_commands_refuse_bad_requests_in_one_line(
    demo: Partnerships, args: tuple[str, ...], code: int, named: str
) -> None:
    assert_refused(demo(*args), code, named)


@pytest.mark.parametrize(
    ("document", "named"),
    [
        ("not json", "not a JSON document"),
        ('{"position": 1}', "FILE: "),
        ('{"from_size": 1, "to_size": 2, "from_root": "x", "to_root": "y", "path": []}', "FILE: "),
    ],
)
def test_a_malformed_receipt_is_invalid_input(tmp_path: Path, document: str, named: str) -> None:
    (tmp_path / "receipt.json").write_text(document)
    assert_refused(offline("check-proof", "receipt.json", cwd=tmp_path), 2, named)
    assert_refused(offline("check-consistency", "receipt.json", cwd=tmp_path), 2, named)


def test_an_import_is_checked_against_the_digest_published_when_given(
    demo: Partnerships, tmp_path: Path
) -> None:
    kept = demo.json("digest")
    demo("export", "register.jsonl")
    copy = elsewhere(tmp_path)

    assert_refused(copy("import", "register.jsonl", "--digest", kept["digest"]), 2, "--position")
    wrong = copy("import", "register.jsonl", "--digest", "ab" * 32, "--position", "10")
    imported = copy.json("import", "register.jsonl", "--digest", kept["digest"], "--position", "10")

    assert_refused(wrong, 1, "does not match the digest you kept")
    assert imported["digest"] == kept["digest"]
