"""Writers take turns: a command holds its partnership from loading it to saving it.

On SQLite the command's transaction begins IMMEDIATE, taking the store's write lock before it
reads (waiting up to the busy timeout for another writer to finish); on PostgreSQL it takes a
transaction-level advisory lock on the partnership (waiting up to the lock timeout). Either way
the lock ends with the transaction, so a killed command never leaves it held, and two commands
can no longer both read version N and both try to save N+1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import text

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
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:kind, :key)"),
                    {"kind": _WRITER_LOCKS, "key": _key(partnership_id)},
                )
            yield

    register.one_writer_at_a_time = one_writer_at_a_time


def _key(partnership_id: UUID) -> int:
    """The partnership's advisory lock key: 32 bits of its id, as PostgreSQL's signed int4."""
    return int.from_bytes(partnership_id.bytes[:4], "big", signed=True)
