"""Tamper evidence: the register digest an auditor keeps, and verifying the stored history."""

from __future__ import annotations

import sys

import click

from adapters import chain, render, schemas
from adapters.cli.common import (
    db_option,
    emit,
    json_option,
    register_at,
    validated,
    whole_number,
)
from adapters.cli.exits import EXIT_REFUSED, fail
from adapters.progress import progress


@click.command()
@json_option
@db_option
def digest(db: str, as_json: bool) -> None:
    """Print the register digest and the log position it covers, for an auditor to keep."""
    with register_at(db) as register:
        kept = chain.register_digest(register)
    emit(
        as_json,
        schemas.DigestDocument().dump(kept),
        f"Register digest at log position {kept.position}: {kept.digest}\n"
        "Keep both; 'partnerships verify --digest DIGEST --position POSITION' later proves "
        "the history up to there unchanged.",
    )


@click.command()
@click.option("--digest", "kept_digest", metavar="HEX", help="A digest printed by 'digest'.")
@click.option("--position", metavar="N", type=str, help="The log position that digest covers.")
@json_option
@db_option
def verify(db: str, as_json: bool, kept_digest: str | None, position: str | None) -> None:
    """Recompute every event's hash and the register digest; name the first mismatch."""
    raw = {"digest": kept_digest, "position": whole_number("--position", position)}
    values = validated(schemas.VerifyInput(), raw)
    kept = None
    if values["digest"] is not None:
        kept = chain.Digest(position=values["position"], digest=values["digest"].lower())
    with (
        register_at(db) as register,
        progress("Verifying the stored history", chain.event_count(register)) as done,
    ):
        result = chain.verify_register(register, kept, done)
    if not result.intact and not as_json:
        fail(EXIT_REFUSED, render.verification_text(result))
    emit(as_json, schemas.VerificationDocument().dump(result), render.verification_text(result))
    if not result.intact:
        sys.exit(EXIT_REFUSED)
