"""The register's own tables as the evidence code reads and writes them: DB-API cursors over
the events, the chain and the tree, inside a transaction that holds the store's write lock
when it writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from sqlalchemy.engine import Engine

from adapters.chain import ChainedApplicationRecorder, NoChainError
from adapters.evidence.tree import TreeTables


@dataclass(frozen=True)
class Store:
    """One register's events, chain and tree tables, and its engine."""

    engine: Engine
    events: str
    chain: str
    tree: TreeTables

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def mark(self) -> str:
        return self.tree.mark

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """A cursor for reads."""
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            yield cursor
            cursor.close()
        finally:
            raw.rollback()
            raw.close()

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """A cursor in one transaction holding the store's write lock, as the event store's
        own writes take it; committed when the block ends, rolled back if it raises."""
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if self.is_sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            else:
                cursor.execute(f"LOCK TABLE {self.events} IN EXCLUSIVE MODE")
            yield cursor
            cursor.close()
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()

    def partnership_key(self, partnership_id: UUID) -> object:
        """A partnership id as the events table stores it (16 bytes in SQLite)."""
        return partnership_id.bytes if self.is_sqlite else partnership_id

    def catch_up_tree(self, progress_for: Callable[[int], Any] | None = None) -> int:
        """Builds the tree's missing leaves (all of them, for a store from before the tree),
        under the write lock; returns how many it added."""
        with self.reading() as cursor:
            if self._tree_complete(cursor):
                return 0
        with self.writing() as cursor:
            _, position = self.tree.last_leaf(cursor)
            cursor.execute(
                f"SELECT count(*) FROM {self.chain} WHERE notification_id > {self.mark}",  # noqa: S608
                (position,),
            )
            missing = int(cursor.fetchone()[0])
            with (progress_for or _no_progress)(missing) as done:
                return self.tree.mend(cursor, None, done)

    def _tree_complete(self, cursor: Any) -> bool:
        _, position = self.tree.last_leaf(cursor)
        cursor.execute(f"SELECT max(notification_id) FROM {self.chain}")  # noqa: S608
        last = cursor.fetchone()[0]
        return (last or 0) == position


@contextmanager
def _no_progress(_: int) -> Iterator[Callable[[int], None]]:
    yield lambda _: None


def store_of(register: Any) -> Store:
    """The evidence tables of a register kept in SQLite or PostgreSQL."""
    recorder = register.recorder
    if not isinstance(recorder, ChainedApplicationRecorder):
        raise NoChainError("this store keeps no hash chain; only SQLite and PostgreSQL stores do")
    engine = cast(Engine, recorder.datastore.engine)
    chain = recorder.chain.fullname
    tree = TreeTables(recorder.tree.fullname, chain, engine.dialect.paramstyle)
    return Store(engine, recorder.events_record_cls.__table__.fullname, chain, tree)
