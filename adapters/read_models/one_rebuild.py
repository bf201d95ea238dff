"""One rebuild at a time on a store. A rebuild started while another runs is refused at once,
before it touches anything: otherwise it would drop the tables the first one is building beside
the views. The claim is held for the rebuild's whole run by the operating system (a lock on a
file beside an SQLite store) or by the server (an advisory lock of the rebuild's PostgreSQL
session), so a rebuild that is killed lets go of it at once."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from domain.errors import RegisterError

# The advisory lock a PostgreSQL rebuild holds (another key than the projector's DDL lock).
_REBUILD_LOCK = 7_316_512_002


class RebuildRunningError(RegisterError):
    """Raised when another rebuild of the same store's read models is running."""


_RUNNING = (
    "another rebuild of this register's reports is running (the reports keep answering "
    "meanwhile); wait for it to finish"
)


# The stores this process holds the claim on: a command may claim it before the rebuild does.
_HELD: set[str] = set()


@contextmanager
def only_rebuild(engine: Engine) -> Iterator[None]:
    """Held while a rebuild runs; raises RebuildRunningError if another one holds it. Taken
    again inside itself (by the same process, on the same store), it is already held."""
    store = engine.url.render_as_string(hide_password=True)
    if store in _HELD:
        yield
        return
    with _claim(engine):
        _HELD.add(store)
        try:
            yield
        finally:
            _HELD.discard(store)


@contextmanager
def _claim(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with _postgresql_claim(engine):
            yield
        return
    database = engine.url.database
    if not database or database == ":memory:":  # nobody else can reach the store
        yield
        return
    with _file_claim(Path(f"{database}-rebuilding")):
        yield


@contextmanager
def _postgresql_claim(engine: Engine) -> Iterator[None]:
    with engine.connect() as connection:
        claimed = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": _REBUILD_LOCK}
        ).scalar_one()
        connection.commit()
        if not claimed:
            raise RebuildRunningError(_RUNNING)
        try:
            yield
        finally:
            connection.rollback()  # a failed statement may have left the session's transaction
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _REBUILD_LOCK})
            connection.commit()


@contextmanager
def _file_claim(path: Path) -> Iterator[None]:
    """An exclusive lock on the file, made (owner only) if missing and removed afterwards. The
    lock is taken on the file the path names once it is held: a file removed meanwhile by the
    rebuild that held it is left for a new one."""
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise RebuildRunningError(_RUNNING) from None
        try:
            same = os.stat(path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(handle)
