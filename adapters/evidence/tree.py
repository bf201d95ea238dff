"""The register's Merkle tree (RFC 9162), kept beside the hash chain in ``<name>_tree``.

Its leaves are the event hashes in log order. The table holds every perfect subtree's hash,
keyed by ``(level, node_index)``: the leaves at level 0 (with the log position of their event),
and each interior node once both its halves exist. A tree of n leaves thus keeps about 2n rows,
and any root, inclusion proof or consistency proof of any size up to n is a few dozen lookups
by key. New leaves are added in the transaction that stores their events, after the chain links.

A store that held events before the tree existed gets its tree built from the chain on first
use (``catch_up``); the write path also mends a tree that is behind before it appends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, SmallInteger, String, Table

from adapters.evidence import merkle
from domain.errors import RegisterError

PAGE = 20_000


def tree_table(events_table_name: str, schema: str | None) -> Table:
    """The table of the tree's nodes, named after the register's events table."""
    name = events_table_name.removesuffix("_events") + "_tree"
    big = BigInteger().with_variant(Integer(), "sqlite")
    return Table(
        name,
        MetaData(schema=schema),
        Column("level", SmallInteger(), primary_key=True, autoincrement=False),
        Column("node_index", big, primary_key=True, autoincrement=False),
        Column("hash", String(64), nullable=False),
        Column("position", big, nullable=True),
        Index(f"{name}_position_idx", "position", unique=True),
    )


@dataclass(frozen=True)
class Head:
    """The tree's size, its root, and the log position of its last leaf."""

    size: int
    root: str
    position: int


class TreeTables:
    """Plain SQL over the tree and chain tables, for any DB-API cursor of the register's store.

    The table names are the register's own and every value is a bound parameter."""

    def __init__(self, tree_name: str, chain_name: str, paramstyle: str) -> None:
        self.tree = tree_name
        self.chain = chain_name
        self.mark = "?" if paramstyle == "qmark" else "%s"

    def insert_sql(self) -> str:
        m = self.mark
        return (
            f"INSERT INTO {self.tree} (level, node_index, hash, position) "  # noqa: S608
            f"VALUES ({m}, {m}, {m}, {m})"
        )

    def last_leaf(self, cursor: Any) -> tuple[int, int]:
        """The tree's size and the log position of its last leaf (0, 0 when empty)."""
        cursor.execute(
            f"SELECT node_index, position FROM {self.tree} "  # noqa: S608
            "WHERE level = 0 ORDER BY node_index DESC LIMIT 1"
        )
        row = cursor.fetchone()
        return (0, 0) if row is None else (int(row[0]) + 1, int(row[1]))

    def nodes(self, cursor: Any, wanted: Iterable[merkle.Node]) -> dict[merkle.Node, bytes]:
        """The hashes of the given perfect subtrees; a missing one is a damaged tree."""
        keys = sorted(set(wanted))
        found: dict[merkle.Node, bytes] = {}
        for start in range(0, len(keys), 200):
            chunk = keys[start : start + 200]
            one = f"(level = {self.mark} AND node_index = {self.mark})"
            where = " OR ".join(one for _ in chunk)
            cursor.execute(
                f"SELECT level, node_index, hash FROM {self.tree} WHERE {where}",  # noqa: S608
                tuple(value for key in chunk for value in key),
            )
            for level, index, hashed in cursor.fetchall():
                found[(int(level), int(index))] = bytes.fromhex(hashed)
        missing = [key for key in keys if key not in found]
        if missing:
            raise DamagedTreeError(
                f"the receipts' tree lacks its node at level {missing[0][0]}, index "
                f"{missing[0][1]}: run 'partnerships verify'"
            )
        return found

    def frontier(self, cursor: Any, size: int) -> merkle.Frontier:
        """The tree of ``size`` leaves as the roots of its perfect subtrees, ready to grow."""
        keys = merkle.perfect_nodes(0, size)
        found = self.nodes(cursor, keys)
        return merkle.Frontier(size, [found[key] for key in keys])

    def root(self, cursor: Any, size: int) -> bytes:
        """The root of the tree of the first ``size`` leaves."""
        return self.frontier(cursor, size).root()

    def leaf_index(self, cursor: Any, position: int) -> int | None:
        """The leaf index of the event at a log position, or None if it has no leaf."""
        cursor.execute(
            f"SELECT node_index FROM {self.tree} WHERE position = {self.mark}",  # noqa: S608
            (position,),
        )
        row = cursor.fetchone()
        return None if row is None else int(row[0])

    def chain_after(self, cursor: Any, position: int, before: int | None = None) -> list[Any]:
        """Up to a page of chain links (position, event hash) after a log position."""
        bound = "" if before is None else f" AND notification_id < {self.mark}"
        cursor.execute(
            f"SELECT notification_id, event_hash FROM {self.chain} "  # noqa: S608
            f"WHERE notification_id > {self.mark}{bound} ORDER BY notification_id LIMIT {PAGE}",
            (position,) if before is None else (position, before),
        )
        return list(cursor.fetchall())

    def grow(
        self,
        cursor: Any,
        frontier: merkle.Frontier,
        links: Iterable[Sequence[Any]],
    ) -> int:
        """Appends leaves for the (position, event hash) links and stores what they complete;
        returns the new position of the last leaf (0 if there were none)."""
        rows: list[NodeRow] = []
        last = 0
        for position, event_hash in links:
            grow_by(frontier, position, event_hash, rows)
            last = position
        if rows:
            cursor.executemany(self.insert_sql(), rows)
        return last

    def mend(self, cursor: Any, before: int | None, progress: Callable[[int], None]) -> int:
        """Adds leaves for every chained event (before a log position, if given) that has none
        yet; returns how many it added."""
        size, position = self.last_leaf(cursor)
        frontier = self.frontier(cursor, size)
        added = 0
        while True:
            links = self.chain_after(cursor, position, before)
            if not links:
                return added
            position = self.grow(cursor, frontier, links)
            added += len(links)
            progress(added)


NodeRow = tuple[int, int, str, int | None]


def grow_by(frontier: merkle.Frontier, position: int, event_hash: str, rows: list[NodeRow]) -> None:
    """Appends one event's leaf; adds the rows of the nodes it completes (level, index, hash,
    the leaf's log position)."""
    made = frontier.append(merkle.leaf_hash(bytes.fromhex(event_hash)))
    rows.append((0, made[0][1], made[0][2].hex(), position))
    rows.extend((level, index, hashed.hex(), None) for level, index, hashed in made[1:])


class DamagedTreeError(RegisterError):
    """Raised when the tree lacks a node it should hold."""


def append_in_transaction(
    connection: Any, tables: TreeTables, links: Sequence[tuple[int, str]]
) -> None:
    """Adds the leaves of newly stored events (their chain links, in log order), inside the
    transaction that stores them, which holds the store's write lock by now. If the tree is
    behind the chain (a store from before the tree, or written by an older program), the
    missing leaves are added first."""
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        last = (
            f"SELECT {{}} FROM {tables.tree} "  # noqa: S608
            "WHERE level = 0 ORDER BY node_index DESC LIMIT 1"
        )
        cursor.execute(
            f"SELECT ({last.format('node_index')}), ({last.format('position')}), "  # noqa: S608
            f"(SELECT max(notification_id) FROM {tables.chain} "
            f"WHERE notification_id < {tables.mark})",
            (links[0][0],),
        )
        index, position, previous = cursor.fetchone()
        size = 0 if index is None else int(index) + 1
        if previous is not None and int(previous) != (position or 0):
            tables.mend(cursor, links[0][0], lambda _: None)
            size, _ = tables.last_leaf(cursor)
        tables.grow(cursor, tables.frontier(cursor, size), links)
    finally:
        cursor.close()
