"""Tamper evidence: the register digest an auditor keeps, and verifying the stored history."""

from __future__ import annotations

import sys

import click

from adapters import render
from adapters.chain_links import Digest
from adapters.cli.common import (
    command,
    db_option,
    emit,
    json_option,
    register_at,
    validated,
)
from adapters.cli.exits import EXIT_REFUSED, fail
from adapters.progress import progress
from adapters.schemas import integrity as schemas


@command()
@json_option
@db_option
def digest(db: str, as_json: bool) -> None:
    """Print the register digest and the log position it covers, for an auditor to keep."""
    from adapters import chain
    from adapters.cli.evidence import tree_of

    with register_at(db) as register:
        kept = chain.register_digest(register)
        tree = tree_of(register, kept.position)
    emit(
        as_json,
        {**schemas.DigestDocument().dump(kept), "tree_size": tree.size, "tree_root": tree.root},
        f"Register digest at log position {kept.position}: {kept.digest}\n"
        f"Tree root of its {tree.size} events: {tree.root}\n"
        "Keep both; 'partnerships verify --digest DIGEST --position POSITION' later proves "
        "the history up to there unchanged, and 'check-proof --tree-root ROOT --tree-size N' "
        "checks a receipt against the root.",
    )


@command()
@click.option("--digest", "kept_digest", metavar="HEX", help="A digest printed by 'digest'.")
@click.option("--position", metavar="N", type=str, help="The log position that digest covers.")
@click.option(
    "--file", "export_file", metavar="FILE", help="Verify an export file instead, with no database."
)
@json_option
@db_option
def verify(
    db: str, as_json: bool, kept_digest: str | None, position: str | None, export_file: str | None
) -> None:
    """Recompute every event's hash, the register digest and the receipts' tree; name the first
    mismatch. With --file, the same for an export, naming its first line that does not match."""
    values = validated(schemas.VerifyInput(), {"digest": kept_digest, "position": position})
    kept = None
    if values["digest"] is not None:
        kept = Digest(position=values["position"], digest=values["digest"].lower())
    if export_file is not None:
        from adapters.cli.evidence import verify_file

        verify_file(export_file, kept, as_json)
        return
    from adapters import chain
    from adapters.cli.evidence import with_tree_verified

    with (
        register_at(db) as register,
        progress("Verifying the stored history", chain.event_count(register)) as done,
    ):
        result = with_tree_verified(register, chain.verify_register(register, kept, done))
    if not result.intact and not as_json:
        fail(EXIT_REFUSED, render.verification_text(result))
    emit(as_json, schemas.VerificationDocument().dump(result), render.verification_text(result))
    if not result.intact:
        sys.exit(EXIT_REFUSED)
