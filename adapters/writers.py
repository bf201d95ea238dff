"""Writers take turns: a command holds its partnership from loading it to saving it.

On SQLite the command's transaction begins IMMEDIATE, taking the store's write lock before it
reads; on PostgreSQL it takes a transaction-level advisory lock on the partnership. Either way
the lock ends with the transaction, so a killed command never leaves it held, and two commands
can no longer both read version N and both try to save N+1.

PostgreSQL queues the waiters for a lock in order, so the lock timeout bounds a wait. SQLite's
busy handler only polls: a writer that saves again and again can take the lock back each time
before a waiter's next poll. So on SQLite a writer gives up only when, for a whole busy timeout,
nobody committed anything: while the others make progress it keeps its place in the race.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from domain.register import PartnershipRegister

# The first of the two keys of every advisory lock a writer takes: this register's own class of
# lock, apart from any other application's in the same database.
_WRITER_LOCKS = 0x7061_7274  # "part"


def take_turns(register: PartnershipRegister) -> None:
    """Makes the register's commands take turns with every other writer of the same store."""
    recorder: Any = register.recorder

    @contextmanager
    def one_writer_at_a_time(partnership_id: UUID) -> Iterator[None]:
        with recorder.transaction(commit=True) as session:
            connection = session.connection()
            if connection.dialect.name == "sqlite":
                _begin_immediate(connection)
            else:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:kind, :key)"),
                    {"kind": _WRITER_LOCKS, "key": _key(partnership_id)},
                )
            yield

    register.one_writer_at_a_time = one_writer_at_a_time


def _begin_immediate(connection: Connection) -> None:
    """Takes SQLite's write lock, waiting as long as other writers keep committing, and no
    longer than one busy timeout when nobody does."""
    seen = connection.exec_driver_sql("PRAGMA data_version").scalar()
    while True:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            now = connection.exec_driver_sql("PRAGMA data_version").scalar()
            if now == seen:  # a whole busy timeout and nobody committed: the lock is stuck
                raise
            seen = now
        else:
            return


def _key(partnership_id: UUID) -> int:
    """The partnership's advisory lock key: 32 bits of its id, as PostgreSQL's signed int4."""
    return int.from_bytes(partnership_id.bytes[:4], "big", signed=True)
