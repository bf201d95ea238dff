"""Evidence an auditor takes away: exports and imports, verifying an export with no database,
the tree's receipts (inclusion proofs) and consistency proofs, and checking both offline."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from marshmallow import Schema, ValidationError

from adapters import render
from adapters.chain_links import Digest, Verification
from adapters.cli.common import (
    brought_up_to_date,
    command,
    db_option,
    emit,
    json_option,
    partnership_name,
    register_at,
    validated,
)
from adapters.cli.exits import EXIT_REFUSED, InterruptedByUserError, InvalidInputError, fail
from adapters.evidence import documents, receipts
from adapters.evidence.export_format import first_problem
from adapters.progress import progress
from adapters.schemas import integrity as schemas
from domain.register import PartnershipRegister

if TYPE_CHECKING:
    from adapters.evidence.store import Store


def _store_of(register: PartnershipRegister) -> Store:
    """The register's evidence tables: only the commands that open a store need them (the
    checks of an export, a receipt or a proof import none of the event store)."""
    from adapters.evidence.store import store_of

    return store_of(register)


def _tree_ready(register: PartnershipRegister) -> Store:
    """The register's evidence tables, its tree built first if the store is older than it."""
    store = _store_of(register)
    store.catch_up_tree(lambda total: progress("Building the receipts' tree", total))
    return store


def tree_of(register: PartnershipRegister, position: int) -> receipts.TreeHead:
    """The tree of the events up to a log position (the head's, which the digest covers)."""
    head = receipts.tree_head(_tree_ready(register))
    if head.position != position:  # an event was recorded meanwhile: the digest's own tree
        head = receipts.tree_at(_store_of(register), position)
    return head


def with_tree_verified(
    register: PartnershipRegister, result: Verification
) -> Verification:
    """The chain's verification, with the receipts' tree checked too when the chain holds."""
    from adapters.evidence.tree_check import with_tree_checked

    store = _tree_ready(register)
    with progress("Verifying the receipts' tree", result.events) as done:
        return with_tree_checked(store, result, done)


@contextmanager
def _file_in(path: str) -> Iterator[IO[bytes]]:
    """FILE opened for reading (``-`` is standard input); a file that cannot be read is
    invalid input."""
    if path == "-":
        if sys.stdin is None:  # started with its standard input closed
            raise InvalidInputError("FILE: there is no standard input to read")
        yield sys.stdin.buffer
        return
    try:
        file = Path(path).open("rb")  # noqa: SIM115 - closed below, after the caller's block
    except OSError as error:
        raise InvalidInputError(f"FILE: cannot read {path}: {error.strerror}") from None
    with file:
        yield file


def _lines_in(path: str) -> int:
    """The events an export file holds (its lines after the header), for progress."""
    if path == "-":
        return 0
    with _file_in(path) as file:
        count = 0
        while chunk := file.read(1 << 20):
            count += chunk.count(b"\n")
    return max(count - 1, 0)


def _document(path: str, schema: Schema) -> dict[str, Any]:
    """A JSON document from FILE, checked against its schema."""
    with _file_in(path) as file:
        try:
            document = json.loads(file.read())
        except (ValueError, UnicodeDecodeError):
            raise InvalidInputError(f"FILE: {path} is not a JSON document") from None
    try:
        schema.load(document)
    except ValidationError as error:
        raise InvalidInputError(f"FILE: {first_problem(error.messages)}") from None
    return dict(document)


@command("export")
@click.argument("file", metavar="FILE")
@click.argument("partnership", required=False)
@json_option
@db_option
def export(db: str, as_json: bool, file: str, partnership: str | None) -> None:
    """Write the register's whole history (or PARTNERSHIP's) to FILE as JSON Lines, with the
    digest and tree root it ends in; '-' writes to standard output."""
    from adapters.evidence.exporting import write_export

    name = None if partnership is None else partnership_name(partnership)
    with register_at(db) as register:
        partnership_id = None if name is None else register.find(name)
        store = _tree_ready(register)
        total = receipts.tree_head(store).size
        with progress("Exporting the history", total) as done:
            if file == "-":
                header = write_export(store, sys.stdout.buffer, partnership_id, done)
                sys.stdout.buffer.flush()
                return
            try:
                out = Path(file).open("wb")  # noqa: SIM115 - closed by the with below
            except OSError as error:
                raise InvalidInputError(f"FILE: cannot write {file}: {error.strerror}") from None
            with out:
                header = write_export(store, out, partnership_id, done)
    emit(as_json, header, render_exported(header, file))


def render_exported(header: dict[str, Any], file: str) -> str:
    covered = (
        f"partnership {header['partnership_id']}" if header["partnership_id"] else "the register"
    )
    return (
        f"Exported {header['events']} events of {covered} up to log position "
        f"{header['position']} to {file}.\n"
        f"It ends in {'its last event hash' if header['partnership_id'] else 'register digest'} "
        f"{header['digest']}"
        + (
            f"\nand tree root {header['tree_root']} ({header['tree_size']} events)."
            if header["tree_root"]
            else "."
        )
    )


@command("import")
@click.argument("file", metavar="FILE")
@click.option("--digest", "kept_digest", metavar="HEX", help="The digest published of it.")
@click.option("--position", metavar="N", help="The log position that digest covers.")
@json_option
@db_option
def import_(
    db: str, as_json: bool, file: str, kept_digest: str | None, position: str | None
) -> None:
    """Import an export into an empty register: every line and hash is checked first (and
    against the digest published, if given), and nothing is stored if anything is wrong."""
    from adapters.evidence.importing import import_export

    kept = kept_digest_of(kept_digest, position)
    if not Path(file).is_file():
        raise InvalidInputError(f"FILE: {file} is not a file that can be read")
    with register_at(db, creating=True) as register:  # an import makes the register
        imported = import_export(_store_of(register), Path(file), _progress_of, kept)
        _reports_built(register, imported.events)
        brought_up_to_date(register)
    document = documents.ImportedDocument().dump(imported)
    emit(
        as_json,
        document,
        f"Imported {render.counted(imported.events, 'event')} of "
        f"{render.counted(imported.partnerships, 'partnership')} up to log "
        f"position {imported.position}; the reports are built.\n"
        f"Register digest at log position {imported.position}: {imported.digest}\n"
        f"Tree root of {imported.tree_size} events: {imported.tree_root}",
    )


def _reports_built(register: PartnershipRegister, events: int) -> None:
    """The reports of a register just imported, built from its whole log as a rebuild builds
    them: in tables beside the empty ones, by worker processes, their indexes made once they
    are loaded (at 100,000 events in about half the time of catching up from nothing). If that
    fails, the catch-up that follows it builds them, or says why it could not."""
    from adapters.read_models import ReadModels

    try:
        with progress("Building the reports", events) as done:
            ReadModels(register).rebuild(progress=done)
    except InterruptedByUserError:
        raise InterruptedByUserError(
            "interrupted after recording; the reports catch up on the next command"
        ) from None
    except Exception:  # noqa: BLE001, S110 (the catch-up after it tries again, and warns)
        pass


def kept_digest_of(kept_digest: str | None, position: str | None) -> Digest | None:
    """--digest and --position, checked: a digest an auditor kept, or None."""
    raw = {"digest": kept_digest, "position": position}
    values = validated(schemas.VerifyInput(), raw)
    if values["digest"] is None:
        return None
    return Digest(position=values["position"], digest=values["digest"].lower())


def _progress_of(label: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
    return progress(label, total)


def verify_file(file: str, kept: Digest | None, as_json: bool) -> None:
    """``verify --file``: the same checks, output and exit codes as ``verify``, on an export."""
    from adapters.evidence.export_check import verify_file as verified

    with (
        progress("Verifying the exported history", _lines_in(file)) as done,
        _file_in(file) as opened,
    ):
        result = verified(opened, kept, done)
    if not result.intact and not as_json:
        fail(EXIT_REFUSED, render.verification_text(result))
    emit(as_json, schemas.VerificationDocument().dump(result), render.verification_text(result))
    if not result.intact:
        sys.exit(EXIT_REFUSED)


@command()
@click.argument("partnership")
@click.argument("version", metavar="VERSION")
@click.option(
    "--tree-size",
    metavar="N",
    help="Prove it in the history of the first N events (a tree "
    "size published earlier); default: all of it.",
)
@json_option
@db_option
def prove(db: str, as_json: bool, partnership: str, version: str, tree_size: str | None) -> None:
    """A receipt for one event: the proof that PARTNERSHIP's VERSION is in the history the
    tree root covers, which 'check-proof' checks with no database."""
    name = partnership_name(partnership)
    values = validated(documents.ProveInput(), {"VERSION": version, "tree_size": tree_size})
    with register_at(db) as register:
        partnership_id = register.find(name)
        store = _tree_ready(register)
        receipt = receipts.inclusion_proof(
            register, store, partnership_id, values["version"], values["tree_size"]
        )
    event = receipt["event"]
    emit(
        as_json,
        receipt,
        f"Event {receipt['leaf_index'] + 1} of the history of {receipt['tree_size']} events "
        f"(log position {receipt['position']}): {event['type']} of partnership "
        f"{event['partnership_id']}, version {event['version']}, recorded {event['recorded_at']} "
        f"by {event['recorded_by']}.\n"
        f"Event hash: {receipt['event_hash']}\n"
        f"Tree root:  {receipt['tree_root']}\n"
        f"Audit path: {len(receipt['path'])} hashes. Save the receipt with --json and check it "
        "with 'partnerships check-proof FILE'.",
    )


@command("check-proof")
@click.argument("file", metavar="FILE")
@click.option("--tree-root", metavar="HEX", help="A published tree root to check it against.")
@click.option("--tree-size", metavar="N", help="The number of events that root covers.")
@json_option
def check_proof(as_json: bool, file: str, tree_root: str | None, tree_size: str | None) -> None:
    """Check a receipt from 'prove --json' with no database: the event's hash from its stored
    state, and its audit path to the tree root (a published one, if given)."""
    values = validated(
        documents.PublishedTreeInput(),
        {"tree_root": tree_root, "tree_size": tree_size},
    )
    if (values["tree_root"] is None) != (values["tree_size"] is None):
        raise InvalidInputError("--tree-root: give it with --tree-size, the events it covers")
    receipt = _document(file, documents.ReceiptDocument())
    offline = PartnershipRegister({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    root = None if values["tree_root"] is None else values["tree_root"].lower()
    found = receipts.check_inclusion(offline, receipt, root, values["tree_size"])
    event = receipt["event"]
    _report_check(
        as_json,
        found,
        f"The receipt holds: {event['type']} of partnership {event['partnership_id']}, version "
        f"{event['version']}, is event {receipt['leaf_index'] + 1} of the history of "
        f"{receipt['tree_size']} events whose tree root is {receipt['tree_root']}.",
    )


@command()
@click.option("--from-size", required=True, metavar="N", help="The size of the earlier history.")
@json_option
@db_option
def consistency(db: str, as_json: bool, from_size: str) -> None:
    """Prove that the history of the first N events (a tree size and root published earlier) is
    a prefix of today's; 'check-consistency' checks it with no database."""
    values = validated(documents.ConsistencyInput(), {"from_size": from_size})
    with register_at(db) as register:
        proof = receipts.consistency_proof(_tree_ready(register), values["from_size"])
    emit(
        as_json,
        proof,
        f"The history of the first {proof['from_size']} events (tree root {proof['from_root']})\n"
        f"is a prefix of today's {proof['to_size']} events (tree root {proof['to_root']}):\n"
        f"{len(proof['path'])} hashes prove it. Save it with --json and check it with "
        "'partnerships check-consistency FILE'.",
    )


@command("check-consistency")
@click.argument("file", metavar="FILE")
@json_option
def check_consistency(as_json: bool, file: str) -> None:
    """Check a proof from 'consistency --json' with no database."""
    proof = _document(file, documents.ConsistencyDocument())
    _report_check(
        as_json,
        receipts.check_consistency(proof),
        f"The proof holds: the history of {proof['from_size']} events with tree root "
        f"{proof['from_root']} is a prefix of the one of {proof['to_size']} events with tree "
        f"root {proof['to_root']}.",
    )


def _report_check(as_json: bool, found: receipts.ReceiptCheck, text: str) -> None:
    if not found.valid and not as_json:
        fail(EXIT_REFUSED, f"NOT VALID: {found.problem}")
    emit(as_json, documents.CheckedDocument().dump(found), text)
    if not found.valid:
        sys.exit(EXIT_REFUSED)
