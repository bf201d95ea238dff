"""Where the register keeps its events: an SQLAlchemy URL, SQLite by default.

Only commands that record create a store; every other command needs a register that is already
there. A database that holds other tables and no register is refused and left untouched, and a
new SQLite file is readable and writable by its owner only.
"""

from __future__ import annotations

import logging
import os
import pwd
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.persistence import PersistenceError
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from adapters import timeouts, writers
from adapters.chain import ChainedSQLAlchemyFactory
from adapters.protection import ProtectedApplicationRecorder
from adapters.store_url import (
    DEFAULT_DB,
    EVENTS_TABLE,
    ForeignDatabaseError,
    NoRegisterError,
    StoreLockedError,
    UnsupportedDatabaseError,
    check_sqlite_file,
    check_tables,
    display_url,
    normalise_url,
    parsed_url,
)
from domain.register import PartnershipRegister

__all__ = [
    "DEFAULT_DB",
    "EVENTS_TABLE",
    "ForeignDatabaseError",
    "NoRegisterError",
    "StoreFactory",
    "StoreLockedError",
    "UnsupportedDatabaseError",
    "account_of",
    "close",
    "display_url",
    "environment",
    "login_name",
    "normalise_url",
    "opened",
]


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
    parsed = parsed_url(url)
    if parsed.get_backend_name() == "sqlite":
        lock = timeouts.from_environment().connect_args("sqlite")["timeout"]
        check_sqlite_file(Path(str(parsed.database)), creating=creating, lock_timeout=lock)
    else:
        # The driver logs what it ignores while it abandons a failed batch; the command says
        # what failed in one line of its own, so those notes must not reach standard error.
        logging.getLogger("psycopg").addHandler(logging.NullHandler())
    register = _constructed(environment(url, create_tables=False))
    try:
        engine: Engine = register.recorder.datastore.engine  # type: ignore[attr-defined]
        if parsed.get_backend_name() == "postgresql":
            check_tables(_table_names(engine), display_url(url), creating=creating)
        _create_tables(register)
        _write_ahead(register)
        writers.take_turns(register)
        register.account = account_of(register)
        yield register
    finally:
        close(register)


def _table_names(engine: Engine) -> list[str]:
    return list(inspect(engine).get_table_names())


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


def _write_ahead(register: PartnershipRegister) -> None:
    """An SQLite file in write-ahead-log mode, where readers and a writer never wait for each
    other. The library sets it only when it first stores or reads through its own transactions;
    a store made otherwise (by an import, above all) would stay in rollback-journal mode, where
    a rebuild's worker processes and the projector block each other at every page."""
    datastore = getattr(register.recorder, "datastore", None)
    if datastore is not None and datastore.is_sqlite_filedb and not datastore.is_sqlite_wal_mode:
        datastore.init_sqlite_wal_mode()


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
