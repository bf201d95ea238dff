"""Imports an export into an empty register: the whole file is checked first (every line, hash,
chain link, the digest and the tree root), then written in one transaction with the events'
own log positions, chain links and tree, so the register ends with the same history, digest
and tree as the one exported. Nothing is stored if anything is wrong.

The check reads the file once and lays the rows it will write (events, chain links, tree nodes)
aside in a scratch file as it goes, so that the file is read and hashed once, memory stays flat
whatever its size, and what is written is exactly what was checked. The scratch file is in the
form the store loads fastest: an SQLite database that an SQLite store copies from inside SQLite,
or PostgreSQL's COPY text that a PostgreSQL store reads as it comes.
"""

from __future__ import annotations

import binascii
import gc
import io
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from adapters.chain_links import Digest
from adapters.evidence.export_check import (
    ExportCheck,
    ExportedEvent,
    LineMismatchError,
    exported_events,
)
from adapters.evidence.laid_aside import COPY, SQLITE, SUFFIX, Row, lay_aside
from adapters.evidence.store import Store
from domain.errors import RegisterError

PAGE = 20_000

Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]

EVENT_COLUMNS = "id, originator_id, originator_version, topic, state"
CHAIN_COLUMNS = "notification_id, originator_id, originator_version, event_hash, log_digest"
TREE_COLUMNS = "level, node_index, hash, position"


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
    path: Path,
    progress: Callable[[int], None],
    kept: Digest | None = None,
    keep: Callable[[list[ExportedEvent]], None] = lambda _: None,
    aside: tuple[str, str] | None = None,
) -> ExportCheck:
    """The whole file checked, its events handed to ``keep`` a page at a time as they pass
    (worker processes lay rows aside as ``aside`` says); raises naming the first line that
    does not match, once every worker has stopped."""
    check = ExportCheck(kept=kept)
    with _opened(path) as file, _no_cyclic_collection():
        try:
            page: list[ExportedEvent] = []
            with closing(exported_events(file, check, progress, aside)) as events:
                for event in events:
                    page.append(event)
                    if len(page) == PAGE:
                        keep(page)
                        page = []
            keep(page)
        except LineMismatchError as problem:
            raise ImportRefusedError(f"{path} cannot be imported: {problem}") from None
    if check.partnership is not None:
        raise ImportRefusedError(
            f"{path} is the export of partnership {check.partnership} alone; only the "
            "export of a whole register can be imported"
        )
    return check


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """A page of checked events is tens of thousands of objects and no reference cycles: the
    cyclic collector would only rescan them, over and over (it doubled the check's time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def import_export(
    store: Store, path: Path, progress: Progress, kept: Digest | None = None
) -> Imported:
    """Checks the export at ``path`` (against a digest kept of the register it came from, if
    given), then writes it into the empty register."""
    with store.reading() as cursor:
        _refuse_unless_empty(store, cursor)
    with _scratch(store) as scratch:
        with progress("Checking the export", _events_in(path)) as done:
            check = checked(path, done, kept, scratch.keep, scratch.aside)
        scratch.close()
        with progress("Importing the history", check.events) as done:
            scratch.load(done, check.events)
    if not store.is_sqlite:
        _vacuumed(store)
    return Imported(
        events=check.events,
        partnerships=len(check.versions),
        position=check.position,
        digest=check.digest,
        tree_size=check.frontier.size,
        tree_root=check.root(),
    )


def _vacuumed(store: Store) -> None:
    """PostgreSQL: the imported tables vacuumed and analysed straight away. Otherwise the first
    reads of each page (the reports' rebuild, next) mark its rows as committed and so write the
    whole history a second time, and the planner knows nothing of the tables' sizes (measured
    on a million events: the rebuild after the import took 18.8 s, against 25.8 s without)."""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in (store.events, store.chain, store.tree.tree):
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")


def _refuse_unless_empty(store: Store, cursor: Any) -> None:
    cursor.execute(f"SELECT 1 FROM {store.events} LIMIT 1")  # noqa: S608
    if cursor.fetchone() is not None:
        raise ImportRefusedError(
            "the register already holds events; an export is imported only into an empty one"
        )


def _events_in(path: Path) -> int:
    """How many events the file's header says it holds, for the progress bar (0 if it says
    nothing that reads as a count: the check then says what is wrong with it)."""
    with _opened(path) as file:
        try:
            count = orjson.loads(file.readline()).get("events")
        except (orjson.JSONDecodeError, AttributeError):
            return 0
    return count if type(count) is int and count >= 0 else 0


@contextmanager
def _scratch(store: Store) -> Iterator[_SQLiteScratch | _CopyScratch]:
    """A scratch file for the store's kind, in a folder of its own removed afterwards."""
    try:
        made = tempfile.TemporaryDirectory(prefix="partnerships-import-")
    except OSError as error:
        raise _unable_to_lay_aside(tempfile.gettempdir(), error) from None
    with made as folder:
        kind = _SQLiteScratch if store.is_sqlite else _CopyScratch
        scratch = kind(store, Path(folder))
        try:
            yield scratch
        finally:
            scratch.close()


def _unable_to_lay_aside(folder: str | Path, error: OSError | sqlite3.Error) -> ImportRefusedError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return ImportRefusedError(
        f"the checked rows could not be laid aside in {folder} ({reason}); an import needs "
        "about the file's size free there (TMPDIR names another folder); nothing was stored"
    )


@contextmanager
def _laying_aside(folder: Path) -> Iterator[None]:
    """Turns a failure of the scratch file (a full disk, above all) into a refusal saying so."""
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        raise _unable_to_lay_aside(folder, error) from None


class _EventFiles:
    """The files an import's event rows are laid aside in, in log order: the files worker
    processes wrote for the shares they checked whole, and between them files this process
    writes for the rest."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind = kind
        self.folder = folder
        self.paths: list[Path] = []
        self._last: str | None = None
        self._own: list[Row] = []

    def take(self, event: ExportedEvent) -> None:
        """The event's row, laid aside by a worker already or to be laid aside here."""
        if event.laid_aside is None:
            self._own.append(
                (event.position, event.partnership_id, event.version, event.topic, event.state)
            )
        elif event.laid_aside != self._last:
            self.flush()  # the rows before it come first
            self._last = event.laid_aside
            self.paths.append(Path(event.laid_aside))

    def flush(self) -> None:
        """Lays aside the rows taken here since the last file."""
        if self._own:
            path = self.folder / f"own-{len(self.paths)}{SUFFIX[self.kind]}"
            with _laying_aside(self.folder):
                lay_aside(self.kind, path, self._own)
            self.paths.append(path)
            self._last = None
            self._own = []


class _SQLiteScratch:
    """Rows laid aside in SQLite databases (no journal, no index: they are thrown away), which
    the store attaches and copies into its tables in one transaction: the events in files of a
    stretch of the log each (``_EventFiles``), and in one more each event's chain link and leaf
    (a row costs more to lay aside than its bytes do) and the tree's other nodes."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self.aside = (SQLITE, str(folder))
        self.events = _EventFiles(SQLITE, folder)
        self.path = folder / "links.db"
        with _laying_aside(folder):
            self.db: sqlite3.Connection | None = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode = OFF")
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("BEGIN")
            self.db.execute(
                "CREATE TABLE links (id INTEGER PRIMARY KEY, partnership_id TEXT, "
                "originator_version INTEGER, event_hash TEXT, log_digest TEXT, "
                "leaf_index INTEGER, leaf TEXT)"
            )
            self.db.execute("CREATE TABLE nodes (level INTEGER, node_index INTEGER, hash TEXT)")

    def keep(self, events: list[ExportedEvent]) -> None:
        assert self.db is not None  # noqa: S101 - kept only while open
        rows = []
        nodes: list[tuple[int, int, str]] = []
        take = self.events.take
        for event in events:
            take(event)
            _, leaf_index, leaf = event.nodes[0]
            rows.append(
                (
                    event.position,
                    event.partnership_id,
                    event.version,
                    event.event_hash,
                    event.log_digest,
                    leaf_index,
                    leaf.hex(),
                )
            )
            nodes.extend((level, index, hashed.hex()) for level, index, hashed in event.nodes[1:])
        self.events.flush()
        with _laying_aside(self.folder):
            self.db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self.db.executemany("INSERT INTO nodes VALUES (?, ?, ?)", nodes)

    def close(self) -> None:
        if self.db is not None:
            db, self.db = self.db, None
            with _laying_aside(self.folder):
                try:
                    db.execute("COMMIT")
                finally:
                    db.close()

    def load(self, progress: Callable[[int], None], events: int) -> None:
        store = self.store
        store.engine.dispose()  # this process's idle connections, so that the journal can change
        raw = store.engine.raw_connection()
        try:
            cursor = raw.cursor()
            journalled = _rollback_journal(cursor)
            cursor.execute("ATTACH DATABASE ? AS scratch", (str(self.path),))
            try:
                cursor.execute("BEGIN IMMEDIATE")
                _refuse_unless_empty(store, cursor)
                # A file at a time, read through a connection of its own: SQLite cannot let go
                # of a database attached inside a transaction, and may hold only ten at once.
                insert = (
                    f"INSERT INTO {store.events} ({EVENT_COLUMNS}) "  # noqa: S608
                    "VALUES (?, ?, ?, ?, ?)"
                )
                select = f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id"  # noqa: S608
                files = self.events.paths
                for number, path in enumerate(files, 1):
                    with closing(sqlite3.connect(path)) as laid_aside:
                        rows: Any = laid_aside.execute(select)
                        cursor.executemany(insert, rows)
                    progress(events * number // len(files))
                cursor.execute(
                    f"INSERT INTO {store.chain} ({CHAIN_COLUMNS}) "  # noqa: S608
                    "SELECT id, partnership_id, originator_version, event_hash, log_digest "
                    "FROM scratch.links ORDER BY id"
                )
                cursor.execute(
                    f"INSERT INTO {store.tree.tree} ({TREE_COLUMNS}) "  # noqa: S608
                    "SELECT 0, leaf_index, leaf, id FROM scratch.links ORDER BY id"
                )
                cursor.execute(
                    f"INSERT INTO {store.tree.tree} ({TREE_COLUMNS}) "  # noqa: S608
                    "SELECT level, node_index, hash, NULL FROM scratch.nodes ORDER BY rowid"
                )
                raw.commit()
            except BaseException:
                raw.rollback()
                raise
            finally:
                cursor.execute("DETACH DATABASE scratch")
                if journalled:
                    _write_ahead_again(cursor)
                cursor.close()
        finally:
            raw.close()


def _rollback_journal(cursor: Any) -> bool:
    """Writes the import through a rollback journal rather than the write-ahead log, when no
    other connection has the store open: an empty store's journal holds next to nothing, where
    the log would take every page of the history and then copy it into the file (measured on a
    million events: 8.8 s against 17.0 s). A crash part-way still leaves the store empty. True
    if the journal changed; where another connection holds the store, the log is kept."""
    try:
        cursor.execute("PRAGMA journal_mode = DELETE")
        return str(cursor.fetchone()[0]).lower() == "delete"
    except sqlite3.OperationalError:  # another connection holds the store: keep the log
        return False


def _write_ahead_again(cursor: Any) -> None:
    """Back to the write-ahead log, where readers and a writer never wait for each other;
    should another connection already hold the store, the next command that opens it does it."""
    with suppress(sqlite3.OperationalError):
        cursor.execute("PRAGMA journal_mode = WAL")


class _CopyScratch:
    """Rows laid aside as PostgreSQL's COPY text, which the store reads in blocks in one
    transaction: the events in files of a stretch of the log each (``_EventFiles``), the chain
    and the tree in a file each."""

    TABLES = ("chain", "tree")

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self.aside = (COPY, str(folder))
        self.events = _EventFiles(COPY, folder)
        self.paths = {name: folder / f"{name}.copy" for name in self.TABLES}
        with _laying_aside(folder):
            self.files: dict[str, IO[bytes]] | None = {
                name: path.open("wb") for name, path in self.paths.items()
            }

    def keep(self, events: list[ExportedEvent]) -> None:
        assert self.files is not None  # noqa: S101 - kept only while open
        chain_lines = []
        tree_lines = []
        take = self.events.take
        for event in events:
            take(event)
            # The id, hashes and digests are checked to be hexadecimal digits and hyphens.
            chain_lines.append(
                b"%d\t%b\t%d\t%b\t%b\n"
                % (
                    event.position,
                    event.partnership_id.encode(),
                    event.version,
                    event.event_hash.encode(),
                    event.log_digest.encode(),
                )
            )
            level, index, leaf = event.nodes[0]
            tree_lines.append(
                b"%d\t%d\t%b\t%d\n" % (level, index, binascii.hexlify(leaf), event.position)
            )
            tree_lines.extend(
                b"%d\t%d\t%b\t\\N\n" % (level, index, binascii.hexlify(hashed))
                for level, index, hashed in event.nodes[1:]
            )
        self.events.flush()
        with _laying_aside(self.folder):
            self.files["chain"].write(b"".join(chain_lines))
            self.files["tree"].write(b"".join(tree_lines))

    def close(self) -> None:
        if self.files is not None:
            files, self.files = self.files, None
            with _laying_aside(self.folder):
                for file in files.values():
                    file.close()

    def load(self, progress: Callable[[int], None], events: int) -> None:
        store = self.store
        tables = {
            "chain": (store.chain, CHAIN_COLUMNS),
            "tree": (store.tree.tree, TREE_COLUMNS),
        }
        with store.writing() as cursor:
            _refuse_unless_empty(store, cursor)
            files = self.events.paths
            with cursor.copy(f"COPY {store.events} ({EVENT_COLUMNS}) FROM STDIN") as copy:
                for number, path in enumerate(files, 1):
                    with path.open("rb") as file:
                        while block := file.read(1 << 20):
                            copy.write(block)
                    progress(events * number // len(files))
            for name in self.TABLES:
                table, columns = tables[name]
                with (
                    self.paths[name].open("rb") as file,
                    cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    while block := file.read(1 << 20):
                        copy.write(block)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{store.events}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {store.events}), 0) + 1, false)"
            )
