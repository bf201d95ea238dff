"""Checks an export file with no database: every line against its schema, every event's hash
and chain link, the register digest and the Merkle tree root, and (given one) a digest an
auditor kept. Reports what ``verify`` reports, naming the first line that does not match.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

import orjson

from adapters.chain_links import GENESIS, Digest, Verification, event_hash, next_digest
from adapters.evidence import export_format, merkle
from adapters.evidence.event_schemas import state_problem

PAGE = 20_000
# Files of at least this many events (as their header says) are checked with worker processes.
WORTH_WORKERS = 100_000


class ExportedEvent(NamedTuple):
    """One event line, checked, with the register digest it ends in and the tree nodes its leaf
    completes (level, index, hash); ``laid_aside`` names the file a worker process laid its
    row aside in, for an import (its state may then be left out)."""

    line: int
    position: int
    partnership_id: str
    version: int
    topic: str
    state: bytes
    event_hash: str
    log_digest: str
    nodes: list[tuple[int, int, bytes]]
    laid_aside: str | None = None


class LineMismatchError(Exception):
    """Raised when a line of an export does not match; names the line."""

    def __init__(
        self,
        message: str,
        position: int | None = None,
        partnership_id: str | None = None,
        version: int | None = None,
    ) -> None:
        super().__init__(message)
        self.position = position
        self.partnership_id = partnership_id
        self.version = version


@dataclass
class ExportCheck:
    """Reads an export's lines in order and checks each against everything before it."""

    kept: Digest | None = None
    header: dict[str, Any] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    frontier: merkle.Frontier = field(default_factory=merkle.Frontier)
    digest: str = GENESIS
    position: int = 0
    events: int = 0
    line: int = 0
    digest_checked: bool = False
    events_after_digest: int = 0
    partnership: str | None = None

    def read_header(self, raw: bytes) -> dict[str, Any]:
        self.line = 1
        document = _parsed(raw, 1)
        problem = export_format.problem_of(export_format.HEADER, document)
        if problem is not None:
            raise LineMismatchError(
                f"line 1 is not the header of a partnership register export: {problem}"
            )
        self.header = dict(document)
        self.partnership = self.header["partnership_id"]
        return self.header

    def read_event(self, raw: bytes, pre: Prechecked | None = None) -> ExportedEvent:
        """Checks the next line against everything before it: in full, or, given what a worker
        process found of it already (``pre``), only against what came before it."""
        self.line += 1
        line = self.line
        if pre is None:
            document = _parsed(raw, line)
            problem = export_format.problem_of(export_format.EVENT_LINE, document)
            if problem is not None:
                raise LineMismatchError(f"line {line}: {problem}")
            pre = _fields(document, None)
            self._check_order(pre)
            problem = _state_problem(document, pre.state)
            if problem is not None:
                raise self._mismatch(pre, problem)
        else:
            self._check_order(pre)
        partnership_id = pre.partnership_id
        hashed = pre.hashed
        if hashed is None:
            hashed = event_hash(
                partnership_id,
                pre.version,
                pre.topic,
                pre.state,
                self.hashes.get(partnership_id, GENESIS),
            )
            if hashed != pre.claimed:
                raise self._mismatch(pre, _ALTERED)
        # The line's hash is the one it gives: its leaf is the one worked out from that.
        leaf = pre.leaf or merkle.leaf_hash(bytes.fromhex(hashed))
        nodes = self.frontier.append(leaf)
        self.digest = next_digest(self.digest, hashed)
        self.hashes[partnership_id] = hashed
        self.versions[partnership_id] = pre.version
        self.position = pre.position
        self.events += 1
        self.events_after_digest += self.digest_checked
        return ExportedEvent(
            line,
            pre.position,
            partnership_id,
            pre.version,
            pre.topic,
            pre.state,
            hashed,
            self.digest,
            nodes,
            pre.laid_aside,
        )

    def _mismatch(self, pre: Prechecked, what: str) -> LineMismatchError:
        return LineMismatchError(
            f"line {self.line} (partnership {pre.partnership_id} version {pre.version} at log "
            f"position {pre.position}) {what}",
            pre.position,
            pre.partnership_id,
            pre.version,
        )

    def _check_order(self, pre: Prechecked) -> None:
        """Checks the line against those before it: the digest kept, the log order, the
        partnership a partnership's export is of, the partnership's versions."""
        if self.kept is not None and not self.digest_checked and pre.position > self.kept.position:
            self._check_kept(self.line)
        if pre.position <= self.position:
            raise self._mismatch(
                pre, f"comes after log position {self.position}: lines were reordered or repeated"
            )
        if self.partnership is not None and pre.partnership_id != self.partnership:
            raise self._mismatch(
                pre, f"is not of partnership {self.partnership}, which the export is of"
            )
        expected = self.versions.get(pre.partnership_id, 0) + 1
        if pre.version != expected:
            raise self._mismatch(
                pre,
                f"comes where version {expected} should: an event is missing or out of order",
            )

    def _check_kept(self, line: int) -> None:
        assert self.kept is not None  # noqa: S101 - called only with a kept digest
        if self.position != self.kept.position:
            raise LineMismatchError(
                f"line {line}: the file has no event at log position {self.kept.position}, "
                f"which your digest covers (it goes from {self.position} to the next): events "
                "were removed",
                self.kept.position,
            )
        if self.digest != self.kept.digest:
            raise LineMismatchError(
                f"up to line {line - 1} (log position {self.kept.position}) the file does not "
                "match the digest you kept: its history was rewritten after the digest was taken",
                self.kept.position,
            )
        self.digest_checked = True

    def finish(self) -> None:
        """Checks the end of the file against its header (and a kept digest it never reached)."""
        last = self.line
        if self.kept is not None and not self.digest_checked:
            if self.position < self.kept.position:
                raise LineMismatchError(
                    f"the file stops at line {last} (log position {self.position}), before log "
                    f"position {self.kept.position} that your digest covers: events were cut off",
                    self.kept.position,
                )
            self._check_kept(last + 1)
        header = self.header
        if header["events"] != self.events:
            raise LineMismatchError(
                f"the file stops at line {last} with {self.events} events, but its header (line "
                f"1) says {header['events']}: lines were removed or added"
            )
        if header["position"] != self.position:
            raise LineMismatchError(
                f"the file's last event (line {last}) is at log position {self.position}, but "
                f"its header (line 1) says {header['position']}"
            )
        if self.partnership is None:
            if header["digest"] != self.digest:
                raise LineMismatchError(
                    f"the register digest recomputed over lines 2 to {last} does not match the "
                    "one in the header (line 1): the history or the header was changed"
                )
            if header["tree_size"] != self.events or header["tree_root"] != self.root():
                raise LineMismatchError(
                    f"the Merkle tree root recomputed over lines 2 to {last} does not match the "
                    "one in the header (line 1)"
                )
        elif header["digest"] != self.hashes.get(self.partnership, GENESIS):
            raise LineMismatchError(
                f"the last event hash of the partnership (line {last}) does not match the one "
                "in the header (line 1)"
            )

    def root(self) -> str:
        return self.frontier.root().hex()

    def verification(self, problem: LineMismatchError | None = None) -> Verification:
        if problem is None:
            return Verification(
                events=self.events,
                partnerships=len(self.versions),
                position=self.position,
                digest=self.digest,
                digest_checked=self.digest_checked,
                events_after_digest=self.events_after_digest,
            )
        return Verification(
            events=self.events,
            partnerships=len(self.versions),
            position=self.position,
            digest=self.digest,
            problem=str(problem),
            partnership_id=problem.partnership_id,
            version=problem.version,
            problem_position=problem.position,
        )


_ALTERED = (
    "does not match its recorded hash: its content was altered, or it comes from another history"
)


class Prechecked(NamedTuple):
    """An event line's fields, once the line passed every check that needs nothing before it
    (its JSON, its schema, its state's): ``claimed`` is the event hash the line gives, and
    ``hashed`` the one worked out, or None where that needs a line not seen yet; ``leaf`` is
    the tree's leaf hash of ``claimed``, worked out ahead, or None; ``laid_aside`` names the
    file a worker laid the line's row aside in, for an import (``state`` is then left out
    where ``hashed`` is worked out already)."""

    position: int
    partnership_id: str
    version: int
    topic: str
    state: bytes
    claimed: str
    hashed: str | None
    leaf: bytes | None = None
    laid_aside: str | None = None


def _fields(document: dict[str, Any], hashed: str | None, leaf: bytes | None = None) -> Prechecked:
    return Prechecked(
        document["position"],
        document["partnership_id"],
        document["version"],
        document["type"],
        document["state"].encode(),
        document["event_hash"],
        hashed,
        leaf,
    )


def _state_problem(document: dict[str, Any], state: bytes) -> str | None:
    """What is wrong with a line's state, or None: it must be a JSON object of the line's
    event type and class version, recorded when the line says."""
    try:
        parsed = orjson.loads(state)
    except orjson.JSONDecodeError:
        return "has a state that is not JSON"
    if not isinstance(parsed, dict):
        return "has a state that is not a JSON object"
    problem = state_problem(document["type"], document["class_version"], parsed)
    if problem is not None:
        return f"is not a well-formed event: {problem}"
    if parsed.get("class_version", 1) != document["class_version"]:
        return "gives a class_version its state does not have"
    if parsed["timestamp"]["_data_"] != document["recorded_at"]:
        return "gives a recorded_at its state does not have"
    return None


def prechecked(lines: list[bytes]) -> list[Prechecked | None]:
    """Runs in a worker process, over a share of an export's event lines in order: each line
    checked as far as it can be without the lines before the share (None for a line that
    fails, which the command's own process checks again in order, naming what is wrong). A
    line's hash is worked out where an earlier line of its partnership is in the share, from
    the hash that line gives; the command's process, which checks that one first, works out
    the rest."""
    given: dict[str, str] = {}
    found: list[Prechecked | None] = []
    for raw in lines:
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError:
            found.append(None)
            continue
        if (
            type(document) is not dict
            or export_format.problem_of(export_format.EVENT_LINE, document) is not None
            or _state_problem(document, state := document["state"].encode()) is not None
        ):
            found.append(None)
            continue
        partnership_id = document["partnership_id"]
        claimed = document["event_hash"]
        previous = given.get(partnership_id)
        hashed = None
        if previous is not None:
            hashed = event_hash(
                partnership_id, document["version"], document["type"], state, previous
            )
            if hashed != claimed:
                found.append(None)
                continue
        given[partnership_id] = claimed
        # The line's schema holds its hash to 64 hexadecimal digits.
        found.append(_fields(document, hashed, merkle.leaf_hash(bytes.fromhex(claimed))))
    return found


def _parsed(raw: bytes, line: int) -> Any:
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise LineMismatchError(
            f"line {line} is not JSON: the file is damaged or cut off"
        ) from None
    if not isinstance(document, dict):
        raise LineMismatchError(f"line {line} is not a JSON object")
    return document


def exported_events(
    file: IO[bytes],
    check: ExportCheck,
    progress: Callable[[int], None] = lambda _: None,
    aside: tuple[str, str] | None = None,
) -> Generator[ExportedEvent, None, None]:
    """Every event of an export, checked as it is read; raises at the first line that does not
    match (an empty file, or one with no header, included). A long file's lines are checked
    in worker processes as far as they can be on their own (``shares_prechecked``), which lay
    the rows of an import aside (``aside``: the kind of file and the folder) as they go."""
    first = file.readline()
    if not first.strip():
        raise LineMismatchError("line 1 is missing: the file is empty")
    header = check.read_header(first)
    lines: Generator[tuple[bytes, Prechecked | None], None, None]
    if header["events"] >= WORTH_WORKERS:
        from adapters.evidence.lines_in_workers import shares_prechecked  # noqa: PLC0415

        lines = shares_prechecked(file, aside)
    else:
        lines = ((raw, None) for raw in file)
    with closing(lines):  # at once, should a line stop the check: its workers end with it
        for raw, pre in lines:
            if raw.isspace():  # a line is never empty: it holds at least its line break
                check.line += 1
                raise LineMismatchError(f"line {check.line} is empty")
            yield check.read_event(raw, pre)
            if check.events % PAGE == 0:
                progress(check.events)
    check.finish()
    progress(check.events)


def verify_file(
    file: IO[bytes], kept: Digest | None = None, progress: Callable[[int], None] = lambda _: None
) -> Verification:
    """What ``verify --file`` reports for an export."""
    check = ExportCheck(kept=kept)
    try:
        for _ in exported_events(file, check, progress):
            pass
    except LineMismatchError as problem:
        return check.verification(problem)
    return check.verification()
