"""The hash chain's arithmetic, and the check of each stored event against its chain link.

An event's hash covers its partnership, version, type, stored state and the previous event's hash
of the same partnership; the register digest chains every event hash in log order. Both verify and
the read models' projector check events with these functions; this module needs neither SQLAlchemy
nor the event store, so that the projector's worker processes start quickly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

GENESIS = "0" * 64
# A check remembers the text of at most this many stored partnership ids at once.
_REMEMBERED_IDS = 100_000
_sha256 = hashlib.sha256


def event_hash(partnership_id: str, version: int, topic: str, state: bytes, previous: str) -> str:
    """The hash of one stored event, chained to the previous event of the same partnership."""
    digest = hashlib.sha256(f"{partnership_id}\n{version}\n{topic}\n{previous}\n".encode())
    digest.update(state)
    return digest.hexdigest()


def next_digest(digest: str, hash_of_event: str) -> str:
    """The register digest after one more event in log order."""
    return hashlib.sha256(f"{digest}{hash_of_event}".encode()).hexdigest()


def uuid_text(value: Any) -> str:
    """A partnership id as text with hyphens, from the store's own form (bytes, UUID, text)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return str(UUID(bytes=bytes(value)))
    return str(UUID(str(value)))


def as_bytes(state: Any) -> bytes:
    """A stored state as bytes: stored so, but a hand-edit with SQL can leave text behind."""
    return state.encode() if isinstance(state, str) else bytes(state)


@dataclass(frozen=True)
class Digest:
    """The register digest after the event at a log position."""

    position: int
    digest: str


@dataclass(frozen=True)
class Verification:
    """What verify found: intact, or the first place the stored history does not match."""

    events: int
    partnerships: int
    position: int
    digest: str
    problem: str | None = None
    partnership_id: str | None = None
    version: int | None = None
    problem_position: int | None = None
    digest_checked: bool = False
    events_after_digest: int = 0

    @property
    def intact(self) -> bool:
        return self.problem is None


class ChainMismatchError(Exception):
    """Raised when a stored event does not match its hash chain; names where."""

    def __init__(
        self, message: str, position: int, partnership_id: str | None, version: int | None
    ) -> None:
        super().__init__(message)
        self.position = position
        self.partnership_id = partnership_id
        self.version = version


def diagnose(row: tuple[Any, ...], versions: dict[str, int], hashed: str, digest: str) -> None:
    """Raises the error that names what is wrong with a row a lean check stopped at.

    Rows: position, partnership, version, topic, state, and the link's partnership, version,
    event hash and log digest (None where there is no link, or no event)."""
    position, stored_id, stored_version, _, _, linked_id, linked_version, linked_hash = row[:8]
    if stored_id is None:
        raise ChainMismatchError(
            f"the event of partnership {linked_id} version {linked_version} at log position "
            f"{position} is missing: it was deleted",
            position,
            linked_id,
            linked_version,
        )
    partnership_id = uuid_text(stored_id)
    version = int(stored_version)
    where = f"partnership {partnership_id} version {version} at log position {position}"

    def mismatch(what: str) -> ChainMismatchError:
        return ChainMismatchError(f"{where} {what}", position, partnership_id, version)

    if linked_hash is None:
        raise mismatch("has no chain link: it was written outside the register")
    if (linked_id, linked_version) != (partnership_id, version):
        raise mismatch(
            f"stands where the chain recorded partnership {linked_id} version "
            f"{linked_version}: the event was moved or renumbered"
        )
    expected = versions.get(partnership_id, 0) + 1
    if version != expected:
        raise mismatch(
            f"comes where version {expected} should: an event is missing or out of order"
        )
    if hashed != linked_hash:
        raise mismatch("does not match its recorded hash: its stored content was altered")
    if digest != row[8]:
        raise ChainMismatchError(
            f"the register digest at log position {position} does not match: an event before "
            "it was removed or the log was reordered",
            position,
            partnership_id,
            version,
        )


def linked_rows(events_table: str, chain_table: str, mark: str, limit: str = "") -> str:
    """The SQL reading the events after one log position up to another, each with its chain
    link, in log order: the rows ``LinkCheck.check_rows`` takes (the table names are the
    store's)."""
    return (
        "SELECT e.id, e.originator_id, e.originator_version, e.topic, e.state, "  # noqa: S608
        "c.originator_id, c.originator_version, c.event_hash, c.log_digest "
        f"FROM {events_table} e LEFT OUTER JOIN {chain_table} c ON c.notification_id = e.id "
        f"WHERE e.id > {mark} AND e.id <= {mark} ORDER BY e.id{limit}"
    )


class LinkCheck:
    """Checks events read in log order from a position on against their chain links, as a
    projector takes them on: each must be linked as stored, follow its partnership's previous
    version, hash to its link's hash and extend the register digest. Where the events before
    the first one checked are needed (a partnership's previous hash, the digest so far), they
    are read from the chain, joined to the events still stored; ``fetch`` runs a query with
    parameters and gives its first row, or None."""

    def __init__(
        self,
        events_table: str,
        chain_table: str,
        mark: str,
        fetch: Callable[[str, tuple[Any, ...]], tuple[Any, ...] | None],
    ) -> None:
        self._fetch = fetch
        self._digest_before = (
            f"SELECT c.log_digest FROM {chain_table} c JOIN {events_table} e "  # noqa: S608
            f"ON e.id = c.notification_id WHERE e.id <= {mark} ORDER BY e.id DESC LIMIT 1"
        )
        self._hash_before = (
            f"SELECT c.event_hash FROM {chain_table} c JOIN {events_table} e "  # noqa: S608
            f"ON e.id = c.notification_id WHERE c.originator_id = {mark} "
            f"AND c.originator_version = {mark} AND e.id <= {mark}"
        )
        self._after = self._last = 0
        self._digest: str | None = None
        self._hashes: dict[str, str] = {}
        self._versions: dict[str, int] = {}
        self._names: dict[Any, str] = {}  # a stored partnership id's text, as partnership_of gives

    def start(self, after: int) -> None:
        """Checks from the event after the given log position on: carrying on from the last
        event checked, if it stands there."""
        if after == self._last and self._digest is not None:
            return
        self._after = after
        self._digest = None
        self._hashes.clear()
        self._versions.clear()

    def check_rows(
        self, rows: Sequence[tuple[Any, ...]], partnership_of: Callable[[Any], str]
    ) -> tuple[int, ChainMismatchError | None]:
        """Checks the rows in order (``partnership_of`` gives a stored id as text), taking each
        that matches as the next one checked: how many matched, and what names the first that
        did not (or None). The loop runs for every event projected, so it keeps what it uses in
        local names."""
        hashes, versions, names = self._hashes, self._versions, self._names
        digest = self._digest
        if digest is None:
            found = self._fetch(self._digest_before, (self._after,))
            digest = GENESIS if found is None else found[0]
        sha256 = _sha256
        matched = 0
        try:
            for row in rows:
                partnership_id = names.get(row[1])
                if partnership_id is None:
                    if len(names) >= _REMEMBERED_IDS:  # however many partnerships a log holds
                        names.clear()
                    partnership_id = names[row[1]] = partnership_of(row[1])
                version = row[2]
                previous = hashes.get(partnership_id)
                if previous is None:
                    previous = self._previous(row, partnership_id, version)
                elif version != versions[partnership_id] + 1:
                    diagnose(row, versions, GENESIS, GENESIS)
                if row[7] is None or row[5] != partnership_id or row[6] != version:
                    diagnose(row, versions, GENESIS, GENESIS)
                # event_hash and next_digest, written out.
                state = row[4]
                hashing = sha256(f"{partnership_id}\n{version}\n{row[3]}\n{previous}\n".encode())
                hashing.update(state if type(state) is bytes else as_bytes(state))
                hashed = hashing.hexdigest()
                following = sha256(f"{digest}{hashed}".encode()).hexdigest()
                if hashed != row[7] or following != row[8]:
                    diagnose(row, versions, hashed, following)
                hashes[partnership_id] = hashed
                versions[partnership_id] = version
                digest = following
                matched += 1
        except ChainMismatchError as found:
            return matched, found
        finally:
            self._digest = digest
            if matched:
                self._last = rows[matched - 1][0]
        return matched, None

    def _previous(self, row: tuple[Any, ...], partnership_id: str, version: int) -> str:
        """The hash of the partnership's previous version, stored before the first checked."""
        self._versions[partnership_id] = version - 1
        if version == 1:
            return GENESIS
        found = self._fetch(self._hash_before, (partnership_id, version - 1, self._after))
        if found is None:
            raise ChainMismatchError(
                f"partnership {partnership_id} version {version} at log position {row[0]} "
                f"follows no stored version {version - 1}: an event is missing or out of order",
                row[0],
                partnership_id,
                version,
            )
        return str(found[0])
