"""A tampered export is refused by import, which then stores nothing, and verify --file names
the first line that does not match."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from adapters import chain
from adapters.evidence.export_check import ExportCheck, exported_events, verify_file
from adapters.evidence.importing import ImportRefusedError, import_export
from adapters.evidence.store import store_of
from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.application.test_register import TODAY, establish, visit
from tests.integration.test_evidence import (
    count,
    exported,
    lines_to_workers,
    quiet_progress,
    record_history,
)

Lines = list[bytes]


@pytest.fixture(autouse=True, params=["in one process", "in worker processes"])
def checking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test of this module, with the lines checked in the command's process alone and
    with worker processes."""
    if request.param == "in worker processes":
        lines_to_workers(monkeypatch)
    return str(request.param)


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lines, chain.Digest, Lines]:
    """The lines of an export of a small register, the digest kept of it, and the lines of
    another register's export."""
    folder = tmp_path_factory.mktemp("exports")
    register = PartnershipRegister(environment(f"sqlite:///{folder / 'a.db'}"), today=lambda: TODAY)
    other = PartnershipRegister(environment(f"sqlite:///{folder / 'b.db'}"), today=lambda: TODAY)
    try:
        record_history(register)
        kept = chain.register_digest(register)
        reference = establish(other, "Ivanovo")
        visit(other, reference, date(2001, 6, 1))
        lines = exported(register, folder / "a.jsonl").read_bytes().splitlines(keepends=True)
        foreign = exported(other, folder / "b.jsonl").read_bytes().splitlines(keepends=True)
    finally:
        close(register)
        close(other)
    return lines, kept, foreign


def event(line: bytes) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads(line)
    return document


def edited_state(lines: Lines, _foreign: Lines) -> tuple[Lines, int]:
    at = next(i for i, line in enumerate(lines) if b"Flights" in line)
    changed = list(lines)
    changed[at] = lines[at].replace(b"Flights", b"Flighte")
    return changed, at + 1


def deleted_line(lines: Lines, _foreign: Lines) -> tuple[Lines, int]:
    # The third visit of the first partnership (line 5); its next event is named.
    gone = 4
    partnership = event(lines[gone])["partnership_id"]
    following = next(
        i for i in range(gone + 1, len(lines)) if event(lines[i])["partnership_id"] == partnership
    )
    return lines[:gone] + lines[gone + 1 :], following


def swapped_lines(lines: Lines, _foreign: Lines) -> tuple[Lines, int]:
    changed = list(lines)
    changed[2], changed[3] = lines[3], lines[2]
    return changed, 4


def line_from_another_export(lines: Lines, foreign: Lines) -> tuple[Lines, int]:
    # The other register's visit, version 2 of the same partnership, in place of this one's.
    at = next(
        i
        for i, line in enumerate(lines[1:], 1)
        if event(line)["partnership_id"] == event(foreign[2])["partnership_id"]
        and event(line)["version"] == 2
    )
    changed = list(lines)
    changed[at] = foreign[2].replace(
        b'"position":' + str(event(foreign[2])["position"]).encode(),
        b'"position":' + str(event(lines[at])["position"]).encode(),
    )
    return changed, at + 1


TAMPERINGS: list[Callable[[Lines, Lines], tuple[Lines, int]]] = [
    edited_state,
    deleted_line,
    swapped_lines,
    line_from_another_export,
]


def cut_off_with_a_new_header(lines: Lines, keep: int) -> Lines:
    """The first ``keep`` events, under a header recomputed for them: consistent on its own."""
    check = ExportCheck()
    body = lines[1 : keep + 1]
    header = event(lines[0])
    check.header = header
    for line in body:
        check.read_event(line)
    header.update(
        events=check.events,
        position=check.position,
        digest=check.digest,
        tree_size=check.events,
        tree_root=check.root(),
    )
    return [orjson.dumps(header) + b"\n", *body]


def verified(lines: Lines, kept: chain.Digest | None = None) -> chain.Verification:
    return verify_file(io.BytesIO(b"".join(lines)), kept)


def test_the_untouched_export_verifies(original: tuple[Lines, chain.Digest, Lines]) -> None:
    lines, kept, _ = original
    assert verified(lines, kept).intact


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda t: t.__name__)
def test_verify_file_names_the_first_line_of_a_tampered_export_that_does_not_match(
    original: tuple[Lines, chain.Digest, Lines], tamper: Callable[[Lines, Lines], tuple[Lines, int]]
) -> None:
    lines, _, foreign = original
    changed, line = tamper(lines, foreign)
    result = verified(changed)
    assert not result.intact
    assert str(result.problem).startswith(f"line {line} "), result.problem


def test_a_cut_off_tail_under_a_recomputed_header_is_caught_by_the_digest_kept(
    original: tuple[Lines, chain.Digest, Lines],
) -> None:
    lines, kept, _ = original
    shortened = cut_off_with_a_new_header(lines, 7)
    assert verified(shortened).intact  # consistent on its own: only the kept digest can tell
    result = verified(shortened, kept)
    assert not result.intact
    assert "stops at line 8" in str(result.problem)
    assert "cut off" in str(result.problem)


def test_a_cut_off_tail_under_the_old_header_is_caught_by_the_header(
    original: tuple[Lines, chain.Digest, Lines],
) -> None:
    lines, _, _ = original
    result = verified(lines[:-2])
    assert "stops at line 9" in str(result.problem)


def test_an_edited_header_digest_is_caught(original: tuple[Lines, chain.Digest, Lines]) -> None:
    lines, _, _ = original
    header = event(lines[0])
    header["digest"] = "0" * 64
    result = verified([orjson.dumps(header) + b"\n", *lines[1:]])
    assert "header (line 1)" in str(result.problem)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda line: line[:40] + b"\n", id="a line cut short"),
        pytest.param(lambda line: line.replace(b'"version":', b'"versio":'), id="a field renamed"),
        pytest.param(
            lambda line: line.replace(b'\\"recorded_by\\":', b'\\"recorded_bye\\":'),
            id="a field renamed inside the state",
        ),
    ],
)
def test_a_malformed_line_is_named(
    original: tuple[Lines, chain.Digest, Lines], damage: Callable[[bytes], bytes]
) -> None:
    lines, _, _ = original
    changed = list(lines)
    changed[5] = damage(lines[5])
    assert str(verified(changed).problem).startswith("line 6")


@pytest.fixture(
    params=[
        pytest.param("sqlite_url", id="sqlite"),
        pytest.param("postgres_url", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def empty_register(request: pytest.FixtureRequest) -> Iterator[PartnershipRegister]:
    register = PartnershipRegister(
        environment(request.getfixturevalue(request.param)), today=lambda: TODAY
    )
    yield register
    close(register)


def stored_count(register: PartnershipRegister) -> int:
    recorder: Any = register.recorder
    tables = (recorder.events_record_cls.__table__, recorder.chain, recorder.tree)
    return sum(count(register, table) for table in tables)


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda t: t.__name__)
def test_import_refuses_a_tampered_export_naming_the_line_and_stores_nothing(
    original: tuple[Lines, chain.Digest, Lines],
    tamper: Callable[[Lines, Lines], tuple[Lines, int]],
    empty_register: PartnershipRegister,
    tmp_path: Path,
) -> None:
    lines, _, foreign = original
    changed, line = tamper(lines, foreign)
    path = tmp_path / "tampered.jsonl"
    path.write_bytes(b"".join(changed))
    with pytest.raises(ImportRefusedError, match=f"line {line} "):
        import_export(store_of(empty_register), path, quiet_progress)
    assert stored_count(empty_register) == 0


def test_import_refuses_a_partnerships_export(
    original: tuple[Lines, chain.Digest, Lines],
    empty_register: PartnershipRegister,
    tmp_path: Path,
) -> None:
    lines, _, _ = original
    path = tmp_path / "whole.jsonl"
    path.write_bytes(b"".join(lines))
    check = ExportCheck()
    with path.open("rb") as file:
        assert sum(1 for _ in exported_events(file, check)) == 10
    header = event(lines[0])
    partnership = event(lines[1])["partnership_id"]
    own = [line for line in lines[1:] if event(line)["partnership_id"] == partnership]
    header.update(
        partnership_id=partnership,
        events=len(own),
        position=event(own[-1])["position"],
        digest=event(own[-1])["event_hash"],
        tree_size=None,
        tree_root=None,
    )
    one = tmp_path / "one.jsonl"
    one.write_bytes(b"".join([orjson.dumps(header) + b"\n", *own]))
    with pytest.raises(ImportRefusedError, match="alone"):
        import_export(store_of(empty_register), one, quiet_progress)
    assert stored_count(empty_register) == 0


def test_import_refuses_a_cut_off_tail_against_the_digest_kept_and_stores_nothing(
    original: tuple[Lines, chain.Digest, Lines],
    empty_register: PartnershipRegister,
    tmp_path: Path,
) -> None:
    lines, kept, _ = original
    path = tmp_path / "shortened.jsonl"
    path.write_bytes(b"".join(cut_off_with_a_new_header(lines, 7)))
    with pytest.raises(ImportRefusedError, match="stops at line 8"):
        import_export(store_of(empty_register), path, quiet_progress, kept)
    assert stored_count(empty_register) == 0
    path.write_bytes(b"".join(lines[:-3]))
    with pytest.raises(ImportRefusedError, match="stops at line 8"):
        import_export(store_of(empty_register), path, quiet_progress)
    assert stored_count(empty_register) == 0

