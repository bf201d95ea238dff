"""Reading views that are already up to date straight from an SQLite store: through a plain
SQLAlchemy engine, with no event store, no projector and nothing written.

A view is up to date when the read models are of this design and whole (no rebuild left an
index to make), and every view has read the log up to its last event and no further, as
``fresh_status.views_up_to_date`` finds out. Whatever
else is found (a view behind, one that claims to have read past the log, a table missing or a
row no projection writes, a register table not yet made) is left to the full path, which
brings the views up to date, or remakes them, as every command always has. (``list`` and
``status`` on a store named ``sqlite:///FILE`` read the status view the same way without
SQLAlchemy: ``fresh_status``.)
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    create_engine,
)
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.read_models.fresh_status import views_up_to_date
from adapters.read_models.queries import Queries
from adapters.store_url import EVENTS_TABLE, REGISTER_TABLES

# The columns of the event store's table the read models' queries read (the audit trail takes
# each event's own fields from it).
events_table = Table(
    EVENTS_TABLE,
    MetaData(),
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("topic", Text, nullable=False),
    Column("state", LargeBinary, nullable=False),
)


class FreshQueries(Queries):
    """The read models' queries over an engine of their own, which ``close`` lets go of."""

    def close(self) -> None:
        self._engine.dispose()


def fresh_queries(url: URL, tables: list[str], connect_args: dict[str, Any]) -> FreshQueries | None:
    """The read models' queries over the SQLite store at the URL (whose tables are named),
    when its views are up to date; None when they must first be brought up to date."""
    if url.get_backend_name() != "sqlite" or not set(REGISTER_TABLES) <= set(tables):
        return None
    engine = create_engine(url, connect_args=connect_args)
    try:
        if _up_to_date(engine):
            return FreshQueries(engine, events_table)
    except (SQLAlchemyError, sqlite3.Error, ValueError, TypeError):
        pass  # tables missing or rows damaged: the full path remakes them
    engine.dispose()
    return None


def _up_to_date(engine: Engine) -> bool:
    """Whether the read models are up to date (``views_up_to_date``, on the engine's own
    SQLite connection)."""
    with engine.connect() as connection:
        return views_up_to_date(connection.connection.dbapi_connection)  # type: ignore[arg-type]
