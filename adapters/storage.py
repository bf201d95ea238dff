"""Where the register keeps its events: an SQLAlchemy URL, SQLite by default."""

from __future__ import annotations

import os
import pwd
import time
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import PersistenceError
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from domain.register import PartnershipRegister

DEFAULT_DB = "sqlite:///partnerships.db"


class UnsupportedDatabaseError(ValueError):
    """Raised when a database URL is malformed or names a database the register cannot use."""


def normalise_url(url: str) -> str:
    """The URL to give SQLAlchemy: PostgreSQL always through psycopg 3."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise UnsupportedDatabaseError(
            f"{url!r} is not a database URL such as {DEFAULT_DB} "
            "or postgresql+psycopg://user@host/database"
        ) from None
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.get_backend_name() != "sqlite":
        raise UnsupportedDatabaseError(
            "the register keeps its records in SQLite or PostgreSQL, "
            f"not {parsed.get_backend_name()}"
        )
    return parsed.render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The URL as it may be shown to people: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def environment(url: str) -> dict[str, str]:
    """The eventsourcing settings that store the register's events at the given URL."""
    return {
        "PERSISTENCE_MODULE": "adapters.chain:ChainedSQLAlchemyFactory",
        "SQLALCHEMY_URL": normalise_url(url),
    }


@contextmanager
def opened(url: str) -> Iterator[PartnershipRegister]:
    """The register stored at the URL, its connections closed afterwards."""
    register = _constructed(environment(url))
    try:
        register.account = account_of(register)
        yield register
    finally:
        close(register)


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
