"""Remaking the read models from the recorded events when they are found damaged.

The read models hold nothing the events do not: when one of their tables was dropped, or a row
holds what no projection writes (a position that is not a number, a date that is not a date),
they are dropped whole and made again from the log. The events themselves are never touched.
"""

from __future__ import annotations

import sqlite3
from decimal import InvalidOperation
from typing import TYPE_CHECKING

from sqlalchemy import text

from adapters.read_models.tables import metadata, schema_table

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# The same key the read models hold while they make their tables on PostgreSQL.
_DDL_LOCK = 7_316_512_001


def damaged(error: BaseException) -> bool:
    """Whether the error says the read models' tables or rows are not as the register made
    them (as opposed to a database that is busy, full or out of reach)."""
    # Only once something failed: an SQLite store never loads PostgreSQL's driver.
    import psycopg  # noqa: PLC0415
    from psycopg import errors as pg_errors  # noqa: PLC0415

    cause: BaseException | None = error
    while cause is not None:
        orig = getattr(cause, "orig", None)
        found = orig if orig is not None else cause
        if isinstance(found, ValueError | TypeError | KeyError | InvalidOperation):
            return True
        if isinstance(found, pg_errors.UndefinedTable | pg_errors.UndefinedColumn):
            return True
        if isinstance(found, psycopg.DataError):
            return True
        if isinstance(found, sqlite3.OperationalError) and (
            "no such table" in str(found) or "no such column" in str(found)
        ):
            return True
        cause = cause.__cause__
    return False


def drop_read_models(engine: Engine) -> None:
    """Drops every table of the read models (and their design's version, so that the next
    ``ReadModels`` makes them anew and catches them up from the first event)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _DDL_LOCK})
        metadata.drop_all(connection, checkfirst=True)
        schema_table.drop(connection, checkfirst=True)
