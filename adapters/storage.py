"""Where the register keeps its events: an SQLAlchemy URL, SQLite by default.

Only commands that record create a store; every other command needs a register that is already
there. A database that holds other tables and no register is refused and left untouched, and a
new SQLite file is readable and writable by its owner only.
"""

from __future__ import annotations

import logging
import os
import pwd
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.persistence import PersistenceError
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from adapters import timeouts, writers
from adapters.chain import ChainedSQLAlchemyFactory
from adapters.protection import ProtectedApplicationRecorder
from domain.register import PartnershipRegister

DEFAULT_DB = "sqlite:///partnerships.db"
EVENTS_TABLE = f"{PartnershipRegister.name.lower()}_events"


class UnsupportedDatabaseError(ValueError):
    """Raised when a database URL is malformed or names a database the register cannot use."""


class NoRegisterError(Exception):
    """Raised when a command that only reads is pointed at a store that holds no register."""


class ForeignDatabaseError(Exception):
    """Raised when a database holds other tables and no register: it is not the register's."""


def _parsed(url: str) -> URL:
    if not url.strip():
        raise UnsupportedDatabaseError(
            f"is empty; give a database URL such as {DEFAULT_DB} (or unset PARTNERSHIPS_DB)"
        )
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


def normalise_url(url: str) -> str:
    """The URL to give SQLAlchemy: PostgreSQL always through psycopg 3, SQLite only as a file."""
    return _parsed(url).render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The URL as it may be shown to people: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


class TimedDatastore(SQLAlchemyDatastore):
    """The library's datastore, whose connections wait no longer than the timeouts allow."""

    def __init__(self, **kwargs: Any) -> None:
        url = kwargs.get("url")
        if url:
            backend = make_url(url).get_backend_name()
            kwargs["connect_args"] = timeouts.from_environment().connect_args(backend)
        super().__init__(**kwargs)


class StoreFactory(ChainedSQLAlchemyFactory):
    """The register's store: hash-chained events, through connections that never hang."""

    datastore_class = TimedDatastore
    application_recorder_class = ProtectedApplicationRecorder


def environment(url: str, *, create_tables: bool = True) -> dict[str, str]:
    """The eventsourcing settings that store the register's events at the given URL."""
    return {
        "PERSISTENCE_MODULE": "adapters.storage:StoreFactory",
        "SQLALCHEMY_URL": normalise_url(url),
        "CREATE_TABLE": "true" if create_tables else "false",
    }


@contextmanager
def opened(url: str, *, creating: bool = True) -> Iterator[PartnershipRegister]:
    """The register stored at the URL, its connections closed afterwards. Only when
    ``creating`` (a command that records) may the store be made; a database holding other
    tables and no register is refused either way, before anything is written to it."""
    parsed = _parsed(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(Path(str(parsed.database)), creating=creating)
    else:
        # The driver logs what it ignores while it abandons a failed batch; the command says
        # what failed in one line of its own, so those notes must not reach standard error.
        logging.getLogger("psycopg").addHandler(logging.NullHandler())
    register = _constructed(environment(url, create_tables=False))
    try:
        engine: Engine = register.recorder.datastore.engine  # type: ignore[attr-defined]
        if parsed.get_backend_name() == "postgresql":
            _check_tables(_table_names(engine), display_url(url), creating=creating)
        _create_tables(register)
        writers.take_turns(register)
        register.account = account_of(register)
        yield register
    finally:
        close(register)


def _check_sqlite_file(path: Path, *, creating: bool) -> None:
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
        return
    if path.is_dir():
        raise NoRegisterError(f"no register at {where}: it is a folder")
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
            names = [
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
        connection.close()
    except sqlite3.DatabaseError as error:
        raise ForeignDatabaseError(
            f"{where} is not a register ({error}); it was left untouched"
        ) from None
    _check_tables(names, where, creating=creating)


def _table_names(engine: Engine) -> list[str]:
    return list(inspect(engine).get_table_names())


def _check_tables(names: list[str], where: str, *, creating: bool) -> None:
    if EVENTS_TABLE in names:
        return
    if names:
        raise ForeignDatabaseError(
            f"{where} holds other tables and no register; it was left untouched"
        )
    if not creating:
        raise NoRegisterError(f"no register at {where}")


def _create_tables(register: PartnershipRegister) -> None:
    """The register's tables, made where missing (all of them, the first time)."""
    for pause in (0.1, 0.2, None):
        try:
            register.recorder.create_table()  # type: ignore[attr-defined]
            if register.snapshots is not None:
                register.snapshots.recorder.create_table()  # type: ignore[attr-defined]
            return
        except (SQLAlchemyError, PersistenceError):
            # Several commands meeting a new store at once: one of them may lose the race.
            if pause is None:
                raise
            time.sleep(pause)
def login_name() -> str:
    """The operating system account this process runs as: the name of its real user id, which
    environment variables such as LOGNAME or USER cannot change (unlike ``getpass.getuser``)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a user id with no entry in the password database
        return f"uid {uid}"


def account_of(register: PartnershipRegister) -> str:
    """The account that stores the register's events: on PostgreSQL the database session user,
    whom the server authenticated; on an SQLite file, which has no accounts, this process's
    operating system login."""
    engine = _engine(register)
    if engine is None or engine.dialect.name != "postgresql":
        return login_name()
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT session_user")).scalar_one())


def _constructed(env: dict[str, str]) -> PartnershipRegister:
    """The register; it creates its tables on first use, and when several commands meet a new
    store at once one of them may lose that race: it then simply tries again."""
    for pause in (0.1, 0.2):
        try:
            return PartnershipRegister(env)
        except (SQLAlchemyError, PersistenceError):
            time.sleep(pause)
    return PartnershipRegister(env)


def close(register: PartnershipRegister) -> None:
    """Closes the register and its database connections (the SQLAlchemy store keeps a pool)."""
    register.close()
    engine = _engine(register)
    if engine is not None:
        engine.dispose()


def _engine(register: PartnershipRegister) -> Engine | None:
    """The SQLAlchemy engine the register's events are stored through (None in memory)."""
    engine: Engine | None = getattr(getattr(register.recorder, "datastore", None), "engine", None)
    return engine
