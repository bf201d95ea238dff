"""Imports an export into an empty register: the whole file is checked first (every line, hash,
chain link, the digest and the tree root), then written in one transaction with the events'
own log positions, chain links and tree, so the register ends with the same history, digest
and tree as the one exported. Nothing is stored if anything is wrong."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from adapters.chain import Digest
from adapters.evidence import merkle
from adapters.evidence.export_check import ExportCheck, LineMismatchError, exported_events
from adapters.evidence.store import Store
from adapters.evidence.tree import NodeRow, grow_by
from domain.errors import RegisterError

PAGE = 20_000

Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


class ImportRefusedError(RegisterError):
    """Raised when an export cannot be imported; nothing has been stored."""


@dataclass(frozen=True)
class Imported:
    """What an import stored."""

    events: int
    partnerships: int
    position: int
    digest: str
    tree_size: int
    tree_root: str


def _opened(path: Path) -> IO[bytes]:
    try:
        return io.open(path, "rb")  # noqa: UP020 - a binary file for orjson
    except OSError as error:
        raise ImportRefusedError(f"FILE: cannot read {path}: {error.strerror}") from None


def checked(
    path: Path, progress: Callable[[int], None], kept: Digest | None = None
) -> ExportCheck:
    """The whole file checked; raises naming the first line that does not match."""
    check = ExportCheck(kept=kept)
    with _opened(path) as file:
        try:
            for _ in exported_events(file, check, progress):
                pass
        except LineMismatchError as problem:
            raise ImportRefusedError(f"{path} cannot be imported: {problem}") from None
    if check.partnership is not None:
        raise ImportRefusedError(
            f"{path} is the export of partnership {check.partnership} alone; only the "
            "export of a whole register can be imported"
        )
    return check


def import_export(
    store: Store, path: Path, progress: Progress, kept: Digest | None = None
) -> Imported:
    """Checks the export at ``path`` (against a digest kept of the register it came from, if
    given), then writes it into the empty register."""
    with store.reading() as cursor:
        _refuse_unless_empty(store, cursor)
    with progress("Checking the export", _line_count(path)) as done:
        first = checked(path, done, kept)
    with progress("Importing the history", first.events) as done, store.writing() as cursor:
        _refuse_unless_empty(store, cursor)
        second = ExportCheck(validate=False)
        writer = _Writer(store, cursor)
        with _opened(path) as file:
            try:
                batch = []
                for event in exported_events(file, second):
                    batch.append(event)
                    if len(batch) == PAGE:
                        writer.write(batch)
                        done(second.events)
                        batch = []
                writer.write(batch)
            except LineMismatchError as problem:
                raise ImportRefusedError(
                    f"{path} changed while it was imported ({problem}); nothing was stored"
                ) from None
        if (
            second.file_hash.digest() != first.file_hash.digest()
            or second.digest != first.digest
            or writer.frontier.root() != first.frontier.root()
        ):
            raise ImportRefusedError(f"{path} changed while it was imported; nothing was stored")
        writer.finish()
        done(second.events)
    return Imported(
        events=second.events,
        partnerships=len(second.versions),
        position=second.position,
        digest=second.digest,
        tree_size=writer.frontier.size,
        tree_root=writer.frontier.root().hex(),
    )


def _refuse_unless_empty(store: Store, cursor: Any) -> None:
    cursor.execute(f"SELECT 1 FROM {store.events} LIMIT 1")  # noqa: S608
    if cursor.fetchone() is not None:
        raise ImportRefusedError(
            "the register already holds events; an export is imported only into an empty one"
        )


def _line_count(path: Path) -> int:
    """How many events the file holds, for the progress bar (its lines after the header)."""
    count = 0
    with _opened(path) as file:
        while chunk := file.read(1 << 20):
            count += chunk.count(b"\n")
    return max(count - 1, 0)


class _Writer:
    """Appends checked events, their chain links and tree nodes inside the import's transaction."""

    def __init__(self, store: Store, cursor: Any) -> None:
        self.store = store
        self.cursor = cursor
        self.frontier = merkle.Frontier()
        self.ids: dict[str, UUID] = {}
        self.sqlite = store.is_sqlite

    def write(self, events: list[Any]) -> None:
        if not events:
            return
        event_rows = []
        chain_rows = []
        tree_rows: list[NodeRow] = []
        ids = self.ids
        for event in events:
            partnership = ids.get(event.partnership_id)
            if partnership is None:
                partnership = ids[event.partnership_id] = UUID(event.partnership_id)
            event_rows.append(
                (
                    event.position,
                    partnership.bytes if self.sqlite else partnership,
                    event.version,
                    event.topic,
                    event.state,
                )
            )
            chain_rows.append(
                (
                    event.position,
                    event.partnership_id,
                    event.version,
                    event.event_hash,
                    event.log_digest,
                )
            )
            grow_by(self.frontier, event.position, event.event_hash, tree_rows)
        store = self.store
        self._insert(
            store.events, "id, originator_id, originator_version, topic, state", event_rows
        )
        self._insert(
            store.chain,
            "notification_id, originator_id, originator_version, event_hash, log_digest",
            chain_rows,
        )
        self._insert(store.tree.tree, "level, node_index, hash, position", tree_rows)

    def _insert(self, table: str, columns: str, rows: list[Any]) -> None:
        if self.sqlite:
            marks = ", ".join("?" for _ in columns.split(","))
            self.cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                rows,
            )
            return
        with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        if not self.sqlite:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{self.store.events}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {self.store.events}), 0) + 1, false)"
            )
