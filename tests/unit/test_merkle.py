"""The Merkle tree against the published RFC 6962 / 9162 reference vectors, and every proof of
small trees, checked and tampered with.

The vectors are the Certificate Transparency reference inputs and their roots, inclusion proofs
and consistency proofs, as published with the transparency-dev Merkle library's tests.
"""

from __future__ import annotations

import pytest

from adapters.evidence import merkle

INPUTS = [
    bytes.fromhex(text)
    for text in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]

ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# (leaf index, tree size, audit path)
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

# (first size, second size, consistency path)
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


def grown(leaves: list[bytes]) -> tuple[merkle.Frontier, dict[merkle.Node, bytes]]:
    """A tree of the leaf hashes, with every node its appends completed."""
    frontier = merkle.Frontier()
    nodes = {}
    for leaf in leaves:
        for level, index, hashed in frontier.append(leaf):
            nodes[(level, index)] = hashed
    return frontier, nodes


def reference_tree(size: int) -> tuple[merkle.Frontier, dict[merkle.Node, bytes]]:
    return grown([merkle.leaf_hash(data) for data in INPUTS[:size]])


def numbered_tree(size: int) -> tuple[list[bytes], dict[merkle.Node, bytes], bytes]:
    leaves = [merkle.leaf_hash(f"event {i}".encode()) for i in range(size)]
    frontier, nodes = grown(leaves)
    return leaves, nodes, frontier.root()


def inclusion_path(index: int, size: int, nodes: dict[merkle.Node, bytes]) -> list[bytes]:
    return merkle.span_hashes(merkle.inclusion_spans(index, size), nodes.__getitem__)


def consistency_path(first: int, second: int, nodes: dict[merkle.Node, bytes]) -> list[bytes]:
    return merkle.span_hashes(merkle.consistency_spans(first, second), nodes.__getitem__)


def test_the_empty_tree_has_the_hash_of_nothing_as_its_root() -> None:
    assert merkle.Frontier().root().hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


@pytest.mark.parametrize("size", range(1, 9))
def test_the_roots_of_the_reference_trees_are_the_published_ones(size: int) -> None:
    frontier, _ = reference_tree(size)
    assert frontier.root().hex() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_of_the_reference_trees_are_the_published_ones(
    index: int, size: int, path: list[str]
) -> None:
    _, nodes = reference_tree(size)
    made = inclusion_path(index, size, nodes)
    assert [hashed.hex() for hashed in made] == path
    leaf = merkle.leaf_hash(INPUTS[index])
    assert merkle.verify_inclusion(index, size, leaf, made, bytes.fromhex(ROOTS[size - 1]))


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_proofs_of_the_reference_trees_are_the_published_ones(
    first: int, second: int, path: list[str]
) -> None:
    _, nodes = reference_tree(second)
    made = consistency_path(first, second, nodes)
    assert [hashed.hex() for hashed in made] == path
    first_root, second_root = bytes.fromhex(ROOTS[first - 1]), bytes.fromhex(ROOTS[second - 1])
    assert merkle.verify_consistency(first, second, first_root, second_root, made)


def test_a_proof_holds_no_more_than_the_trees_height_of_hashes() -> None:
    for size in (1, 2, 3, 1000, 1_000_000, 1_048_577):
        height = (size - 1).bit_length()
        for index in (0, size // 3, size - 1):
            spans = merkle.inclusion_spans(index, size)
            assert len(spans) <= height
            assert len(merkle.span_nodes(spans)) <= 2 * height


def flipped(hashed: bytes) -> bytes:
    return bytes([hashed[0] ^ 8]) + hashed[1:]


@pytest.mark.parametrize("size", range(1, 34))
def test_every_inclusion_proof_of_small_trees_checks_and_fails_when_tampered_with(
    size: int,
) -> None:
    leaves, nodes, root = numbered_tree(size)
    other_root = numbered_tree(size + 1)[2]
    for index in range(size):
        path = inclusion_path(index, size, nodes)
        assert merkle.verify_inclusion(index, size, leaves[index], path, root)
        assert not merkle.verify_inclusion(index, size, leaves[index], path, other_root)
        assert not merkle.verify_inclusion(index, size, flipped(leaves[index]), path, root)
        assert not merkle.verify_inclusion(index, size * 2, leaves[index], path, root)
        assert not merkle.verify_inclusion(index, size, leaves[index], [*path, root], root)
        if size > 1:
            assert not merkle.verify_inclusion((index + 1) % size, size, leaves[index], path, root)
        for changed in range(len(path)):
            wrong = [*path[:changed], flipped(path[changed]), *path[changed + 1 :]]
            assert not merkle.verify_inclusion(index, size, leaves[index], wrong, root)
        if path:
            assert not merkle.verify_inclusion(index, size, leaves[index], path[:-1], root)


@pytest.mark.parametrize("second", range(1, 34))
def test_every_consistency_proof_of_small_trees_checks_and_fails_when_tampered_with(
    second: int,
) -> None:
    leaves, nodes, second_root = numbered_tree(second)
    for first in range(1, second + 1):
        first_root = grown(leaves[:first])[0].root()
        path = consistency_path(first, second, nodes)
        assert merkle.verify_consistency(first, second, first_root, second_root, path)
        assert not merkle.verify_consistency(first, second, second_root, first_root, path) or (
            first == second
        )
        assert not merkle.verify_consistency(first, second, flipped(first_root), second_root, path)
        assert not merkle.verify_consistency(first, second, first_root, flipped(second_root), path)
        for changed in range(len(path)):
            wrong = [*path[:changed], flipped(path[changed]), *path[changed + 1 :]]
            assert not merkle.verify_consistency(first, second, first_root, second_root, wrong)
        if path:
            assert not merkle.verify_consistency(first, second, first_root, second_root, path[:-1])


def test_a_tree_cannot_be_consistent_with_a_smaller_one() -> None:
    _, _, root = numbered_tree(5)
    assert not merkle.verify_consistency(5, 4, root, root, [root])
    assert not merkle.verify_consistency(0, 4, root, root, [root])
