"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0), §2.1: its hashes, the subtrees a
proof is made of, and the checks of inclusion and consistency proofs.

Pure arithmetic over byte strings; where the hashes come from (the register's store, an export
file) is someone else's business. A tree of ``n`` leaves is split, as the RFC defines it, into a
left subtree of the largest power of two ``k < n`` leaves and the rest. Every subtree that a
proof needs is a run of *perfect* subtrees (``2**level`` leaves starting at a multiple of their
size), named here ``(level, index)``: those are what a store keeps, so any proof is a handful of
lookups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

# (level, index): the perfect subtree of leaves [index·2^level, (index+1)·2^level)
Node = tuple[int, int]
Span = tuple[int, int]  # [start, end) of leaves

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data): the hash of one leaf."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two smaller than ``size`` (size > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


def perfect_nodes(start: int, end: int) -> list[Node]:
    """The perfect subtrees that make up leaves [start, end), largest first. The spans proofs
    use always decompose this way (their start is a multiple of a power of two at least their
    length), and the RFC's hash of the span is these folded from the right."""
    nodes = []
    while start < end:
        level = (end - start).bit_length() - 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def fold(hashes: Sequence[bytes]) -> bytes:
    """The hash of a span from its perfect subtrees' hashes, largest first (right fold)."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def inclusion_spans(index: int, size: int) -> list[Span]:
    """The spans whose hashes are the audit path of leaf ``index`` in a tree of ``size`` leaves
    (RFC 9162 §2.1.3.1), nearest the leaf first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size} leaves")
    spans: list[Span] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            spans.append((start + k, end))
            end = start + k
        else:
            spans.append((start, start + k))
            start += k
    spans.reverse()
    return spans


def consistency_spans(first: int, second: int) -> list[Span]:
    """The spans whose hashes are the consistency proof from a tree of ``first`` leaves to one of
    ``second`` (RFC 9162 §2.1.4.1, SUBPROOF), in the RFC's order."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from {first} to {second} leaves")
    spans: list[Span] = []
    start, end, whole = 0, second, True
    m = first
    while True:
        size = end - start
        if m == size:
            if not whole:
                spans.append((start, end))
            break
        k = _split(size)
        if m <= k:
            spans.append((start + k, end))
            end = start + k
        else:
            spans.append((start, start + k))
            start += k
            m -= k
            whole = False
    spans.reverse()
    return spans


def span_nodes(spans: Iterable[Span]) -> set[Node]:
    """Every perfect subtree needed to hash the spans."""
    return {node for start, end in spans for node in perfect_nodes(start, end)}


def span_hashes(spans: Sequence[Span], lookup: Callable[[Node], bytes]) -> list[bytes]:
    """The spans' hashes from their perfect subtrees' hashes."""
    return [fold([lookup(node) for node in perfect_nodes(start, end)]) for start, end in spans]


def root_from_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes]) -> bytes | None:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or None if it cannot be one."""
    if not 0 <= index < size:
        return None
    fn, sn, result = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return result if sn == 0 else None


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    """Whether the path proves the leaf at ``index`` is in the tree of ``size`` with ``root``."""
    return root_from_inclusion(index, size, leaf, path) == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]
) -> bool:
    """Whether the path proves the tree of ``first`` leaves with ``first_root`` is a prefix of
    the tree of ``second`` leaves with ``second_root`` (RFC 9162 §2.1.4.2)."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    proof = list(path)
    if first & (first - 1) == 0:
        proof.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


class Frontier:
    """A growing tree kept as the roots of its perfect subtrees (at most one per level): appends
    in constant amortised time and memory of log2(n) hashes, and reports the nodes each append
    completes so that a store can keep them."""

    def __init__(self, size: int = 0, roots: Sequence[bytes] = ()) -> None:
        self.size = size
        self.roots = list(roots)  # largest subtree first, as perfect_nodes(0, size) lists them

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Adds a leaf hash; returns every node it completes as (level, index, hash)."""
        index = self.size
        made = [(0, index, leaf)]
        current, level = leaf, 0
        while index & 1:
            current = node_hash(self.roots.pop(), current)
            index >>= 1
            level += 1
            made.append((level, index, current))
        self.roots.append(current)
        self.size += 1
        return made

    def root(self) -> bytes:
        """The root of the tree so far (the hash of the empty string when empty)."""
        return fold(self.roots)
