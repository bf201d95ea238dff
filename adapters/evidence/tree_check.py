"""Checks the register's stored Merkle tree against its hash chain: every leaf is the leaf hash
of the event hash at its place in the log, and every interior node the hash of its two
children, level by level, page by page. With the chain verified, a tree that passes gives
receipts that hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from adapters.chain_links import Verification
from adapters.evidence import merkle
from adapters.evidence.store import Store

PAGE = 20_000


@dataclass(frozen=True)
class TreeProblem:
    """Where the stored tree first departs from the chain."""

    message: str
    position: int | None = None


def check_tree(
    store: Store, events: int, progress: Callable[[int], None] = lambda _: None
) -> TreeProblem | None:
    """The first place the tree does not match the ``events`` chained events, or None."""
    m = store.mark
    tree = store.tree.tree
    with store.reading() as cursor:
        previous = 0
        for start in range(0, max(events, 1), PAGE):
            cursor.execute(
                f"SELECT t.node_index, t.position, t.hash, c.event_hash FROM {tree} t "  # noqa: S608
                f"LEFT JOIN {store.chain} c ON c.notification_id = t.position "
                f"WHERE t.level = 0 AND t.node_index >= {m} AND t.node_index < {m} "
                "ORDER BY t.node_index",
                (start, start + PAGE),
            )
            for expected, (index, position, hashed, event_hash) in enumerate(
                cursor.fetchall(), start
            ):
                if index != expected or position is None or position <= previous:
                    return TreeProblem(
                        f"the receipts' tree has no leaf {expected} for the event after log "
                        f"position {previous}: rebuild it from the chain"
                    )
                if (
                    event_hash is None
                    or merkle.leaf_hash(bytes.fromhex(event_hash)).hex() != hashed
                ):
                    return TreeProblem(
                        f"the receipts' tree leaf for log position {position} does not match the "
                        "event's hash: it was altered",
                        position,
                    )
                previous = position
            progress(min(start + PAGE, events))
        size, _ = store.tree.last_leaf(cursor)
        if size != events:
            return TreeProblem(
                f"the receipts' tree has {size} leaves for {events} events: it was altered"
            )
        return _check_levels(store, cursor, events)


def _check_levels(store: Store, cursor: object, events: int) -> TreeProblem | None:
    m = store.mark
    select = (
        f"SELECT node_index, hash FROM {store.tree.tree} "  # noqa: S608
        f"WHERE level = {m} AND node_index >= {m} AND node_index < {m} ORDER BY node_index"
    )
    level = 1
    while events >> level:
        count = events >> level
        for start in range(0, count, PAGE):
            end = min(start + PAGE, count)
            cursor.execute(select, (level - 1, 2 * start, 2 * end))  # type: ignore[attr-defined]
            children = [bytes.fromhex(h) for _, h in cursor.fetchall()]  # type: ignore[attr-defined]
            cursor.execute(select, (level, start, end))  # type: ignore[attr-defined]
            parents = cursor.fetchall()  # type: ignore[attr-defined]
            if len(parents) != end - start or len(children) != 2 * (end - start):
                return TreeProblem(
                    f"the receipts' tree lacks nodes at level {level}: it was altered"
                )
            for offset, (index, hashed) in enumerate(parents):
                left, right = children[2 * offset], children[2 * offset + 1]
                if index != start + offset or merkle.node_hash(left, right).hex() != hashed:
                    return TreeProblem(
                        f"the receipts' tree node at level {level}, index {start + offset} does "
                        "not match its children: it was altered"
                    )
        level += 1
    return None


def with_tree_checked(
    store: Store, result: Verification, progress: Callable[[int], None] = lambda _: None
) -> Verification:
    """A verification of the chain, with the tree's check added when the chain is intact."""
    if not result.intact:
        return result
    problem = check_tree(store, result.events, progress)
    if problem is None:
        return result
    return replace(result, problem=problem.message, problem_position=problem.position)
