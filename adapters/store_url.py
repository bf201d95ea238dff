"""Where the register is kept, and whether a database is one: the URL it is given, and the
checks made before anything is opened, with no event store imported (a read command that finds
its reports up to date needs no more). SQLAlchemy reads the URL, except in its plainest form
(``sqlite:///FILE``), which is read here without it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DEFAULT_DB = "sqlite:///partnerships.db"
# The register's tables: its application's name (``PartnershipRegister.name``), lower case,
# before each; a test holds the two together, this module importing no event store.
_PREFIX = "partnerships"
EVENTS_TABLE = f"{_PREFIX}_events"
REGISTER_TABLES = (EVENTS_TABLE, f"{_PREFIX}_snapshots", f"{_PREFIX}_chain", f"{_PREFIX}_tree")


class UnsupportedDatabaseError(ValueError):
    """Raised when a database URL is malformed or names a database the register cannot use."""


class NoRegisterError(Exception):
    """Raised when a command that only reads is pointed at a store that holds no register."""


class ForeignDatabaseError(Exception):
    """Raised when a database holds other tables and no register: it is not the register's."""


class StoreLockedError(Exception):
    """Raised when another process held a lock on an SQLite store for longer than the lock
    timeout while the command was finding out whether it holds a register."""


def parsed_url(url: str) -> URL:
    """The URL, checked: SQLite as a file, or PostgreSQL (always through psycopg 3)."""
    if not url.strip():
        raise UnsupportedDatabaseError(
            f"is empty; give a database URL such as {DEFAULT_DB} (or unset PARTNERSHIPS_DB)"
        )
    from sqlalchemy.engine import make_url  # noqa: PLC0415 (only for a URL read by it)
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise UnsupportedDatabaseError(
            f"{url!r} is not a database URL such as {DEFAULT_DB} "
            "or postgresql+psycopg://user@host/database"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise UnsupportedDatabaseError(
            f"the register keeps its records in SQLite or PostgreSQL, not {backend}"
        )
    if not parsed.database or parsed.database == ":memory:" or parsed.query:
        raise UnsupportedDatabaseError(
            f"{url!r} names no file, and nothing recorded in it would be kept; "
            "give a file, e.g. sqlite:///partnerships.db"
        )
    return parsed


# The plainest form of an SQLite URL: the file's path follows it, as written.
_PLAIN_SQLITE = "sqlite:///"


def plain_sqlite_file(url: str) -> str | None:
    """The file an SQLite URL of the plainest form (``sqlite:///FILE``, no query) names, read
    without SQLAlchemy, as ``parsed_url`` reads it (its ``database``); None for any other form,
    which ``parsed_url`` reads, or refuses."""
    url = url.strip()
    if not url.startswith(_PLAIN_SQLITE):
        return None
    path = url.removeprefix(_PLAIN_SQLITE)
    if not path or path == ":memory:" or "?" in path:
        return None
    return path


def normalise_url(url: str) -> str:
    """The URL to give SQLAlchemy: PostgreSQL always through psycopg 3, SQLite only as a file."""
    return parsed_url(url).render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The URL as it may be shown to people: without its password."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415 (only once there is one to show)
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def check_sqlite_file(path: Path, *, creating: bool, lock_timeout: float = 10.0) -> list[str]:
    """The tables of the SQLite file, when it is a register (or, ``creating``, none at all yet:
    the file is then made); else NoRegisterError or ForeignDatabaseError, the file untouched,
    or StoreLockedError when another process held it locked for longer than ``lock_timeout``
    seconds."""
    where = str(path)
    if not path.exists():
        if not creating:
            raise NoRegisterError(f"no register at {where}")
        try:
            # Readable and writable by its owner only; SQLite gives its journal files the same.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # another command made it a moment ago
            pass
        except OSError as error:
            why = error.strerror
            raise NoRegisterError(f"cannot create a register at {where}: {why}") from None
        return []
    if path.is_dir():
        raise NoRegisterError(f"no register at {where}: it is a folder")
    try:
        with sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=lock_timeout
        ) as connection:
            names = [
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
        connection.close()
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise ForeignDatabaseError(
                f"{where} is not a register ({error}); it was left untouched"
            ) from None
        raise StoreLockedError(
            f"the register at {where} could not be read: another process held a lock on it for "
            f"more than {lock_timeout:g} s (PARTNERSHIPS_LOCK_TIMEOUT)"
        ) from None
    except sqlite3.DatabaseError as error:
        raise ForeignDatabaseError(
            f"{where} is not a register ({error}); it was left untouched"
        ) from None
    check_tables(names, where, creating=creating)
    return names


def check_tables(names: list[str], where: str, *, creating: bool) -> None:
    if EVENTS_TABLE in names:
        return
    if names:
        raise ForeignDatabaseError(
            f"{where} holds other tables and no register; it was left untouched"
        )
    if not creating:
        raise NoRegisterError(f"no register at {where}")
