"""Long exports are checked with worker processes: they find what the command's own process
finds, in every damaged export, and when they cannot start or die the export is checked in full
all the same."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from adapters import chain
from adapters.evidence import lines_in_workers
from tests.integration.test_evidence import lines_to_workers
from tests.integration.test_export_tampering import (
    TAMPERINGS,
    Lines,
    cut_off_with_a_new_header,
    edited_state,
    original,
    verified,
)

__all__ = ["original"]  # the fixture, shared


MALFORMED: list[Callable[[bytes], bytes]] = [
    lambda line: line[:40] + b"\n",
    lambda line: line.replace(b'"version":', b'"versio":'),
    lambda line: line.replace(b'\\"recorded_by\\":', b'\\"recorded_bye\\":'),
    lambda line: line.replace(b'"event_hash":"', b'"event_hash":"0'),
]


def every_damaged_export(lines: Lines, foreign: Lines) -> Iterator[Lines]:
    yield lines
    for tamper in TAMPERINGS:
        yield tamper(lines, foreign)[0]
    for at in (1, 2, 5, len(lines) - 1):
        for damage in MALFORMED:
            changed = list(lines)
            changed[at] = damage(lines[at])
            yield changed
    yield [*lines[:4], b"\n", *lines[4:]]
    yield lines[:-2]
    yield cut_off_with_a_new_header(lines, 7)


def test_worker_processes_find_what_one_process_finds_in_every_damaged_export(
    original: tuple[Lines, chain.Digest, Lines], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines, kept, foreign = original
    damaged = list(every_damaged_export(lines, foreign))
    alone = [verified(changed, kept) for changed in damaged]
    lines_to_workers(monkeypatch)
    in_workers = [verified(changed, kept) for changed in damaged]
    assert in_workers == alone
    assert [found.intact for found in alone] == [True] + [False] * (len(damaged) - 1)


def _dies(_lines: list[bytes], _aside: object) -> None:
    os._exit(1)


def test_an_export_is_checked_in_full_when_workers_cannot_start_or_die(
    original: tuple[Lines, chain.Digest, Lines], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines, kept, foreign = original
    tampered, line = edited_state(lines, foreign)
    monkeypatch.setattr(lines_in_workers, "_checked_share", _dies)
    assert verified(lines, kept).intact
    assert str(verified(tampered).problem).startswith(f"line {line} ")

    def cannot_start() -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(lines_in_workers, "worker_pool", cannot_start)
    assert verified(lines, kept).intact
    assert str(verified(tampered).problem).startswith(f"line {line} ")
