"""The event rows an import lays aside until the whole file is checked, in files of a stretch of
the file each: an SQLite database of one table for an SQLite store, PostgreSQL's COPY text for
PostgreSQL. Worker processes lay aside the shares of lines they checked whole; the import's own
process the rest. Nothing here needs the store."""

from __future__ import annotations

import binascii
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

SQLITE = "sqlite"
COPY = "copy"
SUFFIX = {SQLITE: ".db", COPY: ".copy"}

# An event's row: its log position, partnership id (text), version, topic and stored state.
Row = tuple[int, str, int, str, bytes]


def lay_aside(kind: str, path: Path | str, rows: Sequence[Row]) -> None:
    """Writes the rows, in log order, into a new file of the kind."""
    if kind == SQLITE:
        _in_sqlite(path, rows)
    else:
        _as_copy_text(path, rows)


def _in_sqlite(path: Path | str, rows: Sequence[Row]) -> None:
    keys: dict[str, bytes] = {}

    def key(partnership_id: str) -> bytes:
        found = keys.get(partnership_id)
        if found is None:
            found = keys[partnership_id] = UUID(partnership_id).bytes
        return found

    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # thrown away afterwards: no journal needed
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        db.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, originator_id BLOB, "
            "originator_version INTEGER, topic TEXT, state BLOB)"
        )
        db.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?)",
            [
                (position, key(pid), version, topic, state)
                for position, pid, version, topic, state in rows
            ],
        )
        db.execute("COMMIT")
    finally:
        db.close()


def _as_copy_text(path: Path | str, rows: Sequence[Row]) -> None:
    topics: dict[str, bytes] = {}
    lines = []
    for position, partnership_id, version, topic, state in rows:
        text = topics.get(topic)
        if text is None:
            text = topics[topic] = copy_text(topic)
        # The id is checked to be hexadecimal digits and hyphens; the state goes as hex.
        lines.append(
            b"%d\t%b\t%d\t%b\t\\\\x%b\n"
            % (position, partnership_id.encode(), version, text, binascii.hexlify(state))
        )
    with Path(path).open("wb") as file:
        file.write(b"".join(lines))


def copy_text(text: str) -> bytes:
    """A text value as COPY's text format writes it (backslash, tab and line breaks escaped)."""
    for plain, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(plain, escaped)
    return text.encode()
