"""Receipts: an inclusion proof that one event is in the history a tree root covers, and a
consistency proof that an earlier history is a prefix of today's; made from the register's
tree, checked with nothing but the receipt (RFC 9162 §2.1.3 and §2.1.4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from adapters.chain_links import GENESIS, event_hash
from adapters.evidence import merkle
from adapters.schemas import reading as schemas
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from domain.status import history_entry

if TYPE_CHECKING:  # the store is needed only to make a receipt, never to check one
    from adapters.evidence.store import Store


class NoSuchEventError(RegisterError):
    """Raised when a receipt is asked for an event or a tree size the register does not hold."""


@dataclass(frozen=True)
class TreeHead:
    """The size and root of the register's tree, and the log position of its last leaf."""

    size: int
    root: str
    position: int


def tree_head(store: Store) -> TreeHead:
    with store.reading() as cursor:
        size, position = store.tree.last_leaf(cursor)
        return TreeHead(size, store.tree.root(cursor, size).hex(), position)


def tree_at(store: Store, position: int) -> TreeHead:
    """The tree of the events up to a log position."""
    with store.reading() as cursor:
        cursor.execute(
            f"SELECT node_index FROM {store.tree.tree} "  # noqa: S608
            f"WHERE position <= {store.mark} ORDER BY position DESC LIMIT 1",
            (position,),
        )
        last = cursor.fetchone()[0]
        size = 0 if last is None else int(last) + 1
        return TreeHead(size, store.tree.root(cursor, size).hex(), position)


def _sized(store: Store, cursor: Any, tree_size: int | None, least: int) -> int:
    size, _ = store.tree.last_leaf(cursor)
    if tree_size is None:
        return size
    if not least <= tree_size <= size:
        raise NoSuchEventError(
            f"the register's tree has {size} events; a size from {least} to {size} is needed, "
            f"not {tree_size}"
        )
    return tree_size


def inclusion_proof(
    register: PartnershipRegister,
    store: Store,
    partnership_id: UUID,
    version: int,
    tree_size: int | None = None,
) -> dict[str, Any]:
    """The receipt of one event: where it is in the log and tree, the audit path to the tree's
    root, and the event itself with what its hash covers."""
    m = store.mark
    with store.reading() as cursor:
        cursor.execute(
            f"SELECT e.id, e.topic, e.state FROM {store.events} e "  # noqa: S608
            f"WHERE e.originator_id = {m} AND e.originator_version = {m}",
            (store.partnership_key(partnership_id), version),
        )
        row = cursor.fetchone()
        if row is None:
            raise NoSuchEventError(f"partnership {partnership_id} has no version {version}")
        position, topic, state = int(row[0]), str(row[1]), bytes(row[2])
        cursor.execute(
            f"SELECT originator_version, event_hash FROM {store.chain} "  # noqa: S608
            f"WHERE originator_id = {m} AND originator_version IN ({m}, {m})",
            (str(partnership_id), version - 1, version),
        )
        hashes = {int(v): str(h) for v, h in cursor.fetchall()}
        index = store.tree.leaf_index(cursor, position)
        if index is None or version not in hashes:
            raise NoSuchEventError(
                f"partnership {partnership_id} version {version} has no leaf in the tree yet"
            )
        size = _sized(store, cursor, tree_size, index + 1)
        spans = merkle.inclusion_spans(index, size)
        wanted = merkle.span_nodes(spans) | set(merkle.perfect_nodes(0, size))
        nodes = store.tree.nodes(cursor, wanted)
    path = merkle.span_hashes(spans, nodes.__getitem__)
    root = merkle.fold([nodes[node] for node in merkle.perfect_nodes(0, size)])
    stored = StoredEvent(partnership_id, version, topic, state)
    event = {
        **schemas.history_documents([history_entry(register.mapper.to_domain_event(stored))])[0],
        "partnership_id": str(partnership_id),
        "topic": topic,
        "state": state.decode(),
        "previous_hash": hashes.get(version - 1, GENESIS),
    }
    return {
        "position": position,
        "leaf_index": index,
        "tree_size": size,
        "tree_root": root.hex(),
        "event_hash": hashes[version],
        "path": [hashed.hex() for hashed in path],
        "event": event,
    }


def consistency_proof(store: Store, from_size: int, to_size: int | None = None) -> dict[str, Any]:
    """The proof that the tree of the first ``from_size`` events is a prefix of today's."""
    with store.reading() as cursor:
        size = _sized(store, cursor, to_size, 1)
        if not 1 <= from_size <= size:
            raise NoSuchEventError(
                f"the register's tree has {size} events; --from-size must be from 1 to {size}, "
                f"not {from_size}"
            )
        spans = merkle.consistency_spans(from_size, size)
        first, second = merkle.perfect_nodes(0, from_size), merkle.perfect_nodes(0, size)
        nodes = store.tree.nodes(cursor, merkle.span_nodes(spans) | set(first) | set(second))
    return {
        "from_size": from_size,
        "to_size": size,
        "from_root": merkle.fold([nodes[n] for n in first]).hex(),
        "to_root": merkle.fold([nodes[n] for n in second]).hex(),
        "path": [hashed.hex() for hashed in merkle.span_hashes(spans, nodes.__getitem__)],
    }


@dataclass(frozen=True)
class ReceiptCheck:
    """What checking a receipt found: the problem, or None when it holds."""

    problem: str | None
    receipt: dict[str, Any]

    @property
    def valid(self) -> bool:
        return self.problem is None


def check_inclusion(
    register: PartnershipRegister,
    receipt: dict[str, Any],
    tree_root: str | None = None,
    tree_size: int | None = None,
) -> ReceiptCheck:
    """Checks an inclusion receipt with no database: the event's hash recomputed from what the
    receipt carries, its readable row against its stored state, and the audit path to the
    root (the one given, when an auditor has a published root)."""
    return ReceiptCheck(_inclusion_problem(register, receipt, tree_root, tree_size), receipt)


def _inclusion_problem(  # noqa: PLR0911 (one answer per way a receipt can fail)
    register: PartnershipRegister,
    receipt: dict[str, Any],
    tree_root: str | None,
    tree_size: int | None,
) -> str | None:
    event = receipt["event"]
    state = event["state"].encode()
    recomputed = event_hash(
        event["partnership_id"], event["version"], event["topic"], state, event["previous_hash"]
    )
    if recomputed != receipt["event_hash"]:
        return "the event's hash recomputed from its stored state does not match the receipt's"
    stored = StoredEvent(UUID(event["partnership_id"]), event["version"], event["topic"], state)
    try:
        decoded = register.mapper.to_domain_event(stored)
    except Exception:  # noqa: BLE001 - any failure to decode is a receipt that does not hold
        return "the event's stored state cannot be read as an event of the register"
    row = schemas.history_documents([history_entry(decoded)])[0]
    shown = {key: event[key] for key in row if key in event}
    if shown != row:
        changed = next(key for key in row if shown.get(key) != row[key])
        return f"the event's {changed} does not match its stored state"
    if tree_size is not None and receipt["tree_size"] != tree_size:
        return (
            f"the receipt is for the history of {receipt['tree_size']} events, not the "
            f"{tree_size} your tree root covers: ask for one with --tree-size {tree_size}"
        )
    root = bytes.fromhex(tree_root if tree_root is not None else receipt["tree_root"])
    if tree_root is not None and receipt["tree_root"] != tree_root:
        return "the receipt's tree root is not the one you were given"
    leaf = merkle.leaf_hash(bytes.fromhex(receipt["event_hash"]))
    path = [bytes.fromhex(hashed) for hashed in receipt["path"]]
    if not merkle.verify_inclusion(receipt["leaf_index"], receipt["tree_size"], leaf, path, root):
        return "the audit path does not lead from the event to the tree root: it was altered"
    return None


def check_consistency(receipt: dict[str, Any]) -> ReceiptCheck:
    """Checks a consistency proof with no database."""
    valid = merkle.verify_consistency(
        receipt["from_size"],
        receipt["to_size"],
        bytes.fromhex(receipt["from_root"]),
        bytes.fromhex(receipt["to_root"]),
        [bytes.fromhex(hashed) for hashed in receipt["path"]],
    )
    problem = (
        None
        if valid
        else (
            f"the proof does not show the history of {receipt['from_size']} events with root "
            f"{receipt['from_root']} to be a prefix of the one of {receipt['to_size']} events with "
            f"root {receipt['to_root']}"
        )
    )
    return ReceiptCheck(problem, receipt)
