"""Checks an export file with no database: every line against its schema, every event's hash
and chain link, the register digest and the Merkle tree root, and (given one) a digest an
auditor kept. Reports what ``verify`` reports, naming the first line that does not match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

import orjson

from adapters.chain_links import GENESIS, Digest, Verification, event_hash, next_digest
from adapters.evidence import export_format, merkle
from adapters.evidence.event_schemas import state_problem

PAGE = 20_000


class ExportedEvent(NamedTuple):
    """One event line, checked, with the register digest it ends in and the tree nodes its leaf
    completes (level, index, hash)."""

    line: int
    position: int
    partnership_id: str
    version: int
    topic: str
    state: bytes
    event_hash: str
    log_digest: str
    nodes: list[tuple[int, int, bytes]]


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

    def read_event(self, raw: bytes) -> ExportedEvent:
        """Checks the next line against everything before it."""
        self.line += 1
        line = self.line
        document = _parsed(raw, line)
        problem = export_format.problem_of(export_format.EVENT_LINE, document)
        if problem is not None:
            raise LineMismatchError(f"line {line}: {problem}")
        position = document["position"]
        partnership_id = document["partnership_id"]
        version = document["version"]
        state = document["state"].encode()
        hashed = self._checked_hash(line, document, state)
        nodes = self.frontier.append(merkle.leaf_hash(bytes.fromhex(hashed)))
        self.digest = next_digest(self.digest, hashed)
        self.hashes[partnership_id] = hashed
        self.versions[partnership_id] = version
        self.position = position
        self.events += 1
        self.events_after_digest += self.digest_checked
        return ExportedEvent(
            line,
            position,
            partnership_id,
            version,
            document["type"],
            state,
            hashed,
            self.digest,
            nodes,
        )

    def _checked_hash(self, line: int, document: dict[str, Any], state: bytes) -> str:
        position = document["position"]
        partnership_id = document["partnership_id"]
        version = document["version"]

        def mismatch(what: str) -> LineMismatchError:
            return LineMismatchError(
                f"line {line} (partnership {partnership_id} version {version} at log position "
                f"{position}) {what}",
                position,
                partnership_id,
                version,
            )

        if self.kept is not None and not self.digest_checked and position > self.kept.position:
            self._check_kept(line)
        if position <= self.position:
            raise mismatch(
                f"comes after log position {self.position}: lines were reordered or repeated"
            )
        if self.partnership is not None and partnership_id != self.partnership:
            raise mismatch(f"is not of partnership {self.partnership}, which the export is of")
        expected = self.versions.get(partnership_id, 0) + 1
        if version != expected:
            raise mismatch(
                f"comes where version {expected} should: an event is missing or out of order"
            )
        self._check_state(document, state, mismatch)
        hashed = event_hash(
            partnership_id,
            version,
            document["type"],
            state,
            self.hashes.get(partnership_id, GENESIS),
        )
        if hashed != document["event_hash"]:
            raise mismatch(
                "does not match its recorded hash: its content was altered, or it comes from "
                "another history"
            )
        return hashed

    def _check_state(
        self, document: dict[str, Any], state: bytes, mismatch: Callable[[str], LineMismatchError]
    ) -> None:
        try:
            parsed = orjson.loads(state)
        except orjson.JSONDecodeError:
            raise mismatch("has a state that is not JSON") from None
        if not isinstance(parsed, dict):
            raise mismatch("has a state that is not a JSON object")
        problem = state_problem(document["type"], document["class_version"], parsed)
        if problem is not None:
            raise mismatch(f"is not a well-formed event: {problem}")
        if parsed.get("class_version", 1) != document["class_version"]:
            raise mismatch("gives a class_version its state does not have")
        if parsed["timestamp"]["_data_"] != document["recorded_at"]:
            raise mismatch("gives a recorded_at its state does not have")

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
    file: IO[bytes], check: ExportCheck, progress: Callable[[int], None] = lambda _: None
) -> Iterator[ExportedEvent]:
    """Every event of an export, checked as it is read; raises at the first line that does not
    match (an empty file, or one with no header, included)."""
    first = file.readline()
    if not first.strip():
        raise LineMismatchError("line 1 is missing: the file is empty")
    check.read_header(first)
    for raw in file:
        if raw.isspace():  # a line is never empty: it holds at least its line break
            check.line += 1
            raise LineMismatchError(f"line {check.line} is empty")
        yield check.read_event(raw)
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
