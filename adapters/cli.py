"""The ``partnerships`` command: parse, validate, ask the register, print.

Exit codes: 0 success; 2 invalid input, refused before the register is asked; 1 the register
refused the command, the partnership was not found, or the database could not be used.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NoReturn, TypeVar
from uuid import UUID

import click
from eventsourcing.persistence import PersistenceError
from marshmallow import Schema, ValidationError
from sqlalchemy.exc import SQLAlchemyError

from adapters import chain, render, schemas
from adapters import demo as demo_story
from adapters.progress import progress
from adapters.read_models import ReadModels, UnknownViewError, expense_row, year_totals
from adapters.storage import DEFAULT_DB, UnsupportedDatabaseError, display_url, opened
from domain.errors import RegisterError
from domain.register import PartnershipRegister

EXIT_REFUSED = 1
EXIT_INVALID = 2

F = TypeVar("F", bound=Callable[..., Any])


class InvalidInputError(Exception):
    """Raised when a command's input breaks a rule of the boundary; nothing has been asked yet."""


class StorageUnavailableError(Exception):
    """Raised when the register's database cannot be opened or used."""


def _default_recorder() -> str:
    return os.environ.get("PARTNERSHIPS_USER") or getpass.getuser()


def _db_option(command: F) -> F:
    return click.option(
        "--db",
        envvar="PARTNERSHIPS_DB",
        default=DEFAULT_DB,
        show_default=True,
        metavar="URL",
        help="Where the register is kept: an SQLAlchemy URL (or set PARTNERSHIPS_DB).",
    )(command)


def _json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(command)


def _recording_options(command: F) -> F:
    command = click.option(
        "--source", metavar="TEXT", help="The evidence: a minute, a press report, an invoice."
    )(command)
    return click.option(
        "--by",
        metavar="TEXT",
        default=_default_recorder,
        show_default="$PARTNERSHIPS_USER or your login name",
        help="Who is recording this.",
    )(command)


def _time_options(*, version: bool = True) -> Callable[[F], F]:
    """--as-of, --as-known-at and (where one partnership is meant) --version."""

    def decorate(command: F) -> F:
        if version:
            command = click.option(
                "--version", "at_version", metavar="N", help="As it was after its N-th event."
            )(command)
        command = click.option(
            "--as-known-at",
            metavar="TIMESTAMP",
            help="As the register described it at that moment (e.g. 2017-06-01T09:00:00Z).",
        )(command)
        return click.option(
            "--as-of", metavar="DATE", help="As it stood on that date, as known now."
        )(command)

    return decorate


def _when(
    as_of: str | None, as_known_at: str | None, at_version: str | None = None
) -> dict[str, Any]:
    """The time-travel options, typed: keys as_of, known_at and version (each maybe None)."""
    raw = {
        "as_of": as_of,
        "as_known_at": as_known_at,
        "version": _whole_number("--version", at_version),
    }
    values = _validated(schemas.TimeTravelInput(), raw)
    return {
        "as_of": values["as_of"],
        "known_at": values["as_known_at"],
        "version": values["version"],
    }


def _validated(schema: Schema, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The command's input, typed, or an error naming the first option that breaks a rule."""
    try:
        loaded: dict[str, Any] = schema.load(
            {k: list(v) if isinstance(v, tuple) else v for k, v in raw.items()}
        )
    except ValidationError as error:
        raise InvalidInputError(_first_problem(error.messages)) from None
    return loaded


# Inputs given by position rather than by option, named as the command's help names them.
_POSITIONAL = {"partnership": "PARTNERSHIP", "expense_id": "EXPENSE_ID", "visit_id": "VISIT_ID"}


def _first_problem(messages: Any, field: str = "") -> str:
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        name = field or _POSITIONAL.get(str(key), "--" + str(key).replace("_", "-"))
        return _first_problem(value, name)
    if isinstance(messages, list):
        return _first_problem(messages[0], field)
    text = str(messages)
    if text == "Missing data for required field.":
        text = "is required"
    return f"{field}: {text}"


@contextmanager
def _register(db: str) -> Iterator[PartnershipRegister]:
    """The register at ``db``; database failures become one readable line."""
    try:
        with opened(db) as register:
            yield register
    except UnsupportedDatabaseError as error:
        raise InvalidInputError(f"--db: {error}") from None
    except (SQLAlchemyError, PersistenceError) as error:
        cause = str(error.__cause__ or error).strip().splitlines()[0]
        raise StorageUnavailableError(
            f"the register's database at {display_url(db)} could not be used: {cause}"
        ) from None


@contextmanager
def _writing(db: str) -> Iterator[PartnershipRegister]:
    """The register for one write; the read models are brought up to date before it returns."""
    with _register(db) as register:
        yield register
        _caught_up(register)


@contextmanager
def _reading(db: str) -> Iterator[tuple[PartnershipRegister, ReadModels]]:
    """The register and its read models, brought up to date first: never a stale view."""
    with _register(db) as register:
        yield register, _caught_up(register)


def _caught_up(register: PartnershipRegister) -> ReadModels:
    models = ReadModels(register)
    with progress("Bringing the read models up to date", models.lag()) as done:
        models.catch_up(progress=done)
    return models


def _emit(as_json: bool, document: Any, text: str) -> None:
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(text)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli() -> None:
    """The partnership register: the recorded history of a council's twinnings."""


@cli.command()
@click.option(
    "--council",
    required=True,
    metavar="TEXT",
    help="The council, e.g. Staffordshire County Council.",
)
@click.option("--city", required=True, metavar="TEXT", help="The partner city.")
@click.option("--country", required=True, metavar="TEXT", help="The partner city's country.")
@click.option("--on", required=True, metavar="DATE", help="When the partnership was established.")
@click.option("--description", metavar="TEXT", help="What the partnership is for.")
@_recording_options
@_json_option
@_db_option
def establish(db: str, as_json: bool, **raw: Any) -> None:
    """Record that a council and a partner city established a partnership."""
    values = _validated(schemas.EstablishInput(), raw)
    with _writing(db) as register:
        established = register.establish(
            council=values["council"],
            city=values["city"],
            country=values["country"],
            established_on=values["on"],
            description=values["description"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _emit(
        as_json,
        schemas.EstablishedDocument().dump(established),
        f"Established {established.reference} ({established.partnership_id}).",
    )


@cli.command()
@click.argument("partnership")
@click.option("--on", required=True, metavar="DATE", help="When the delegation visited.")
@click.option(
    "--direction",
    required=True,
    metavar="inbound|outbound",
    help="inbound: to the council; outbound: to the partner.",
)
@click.option("--delegation", required=True, metavar="TEXT", help="Who came, in a few words.")
@click.option(
    "--member", multiple=True, metavar="NAME", help="A member of the delegation (repeat)."
)
@click.option("--purpose", metavar="TEXT", help="What the visit was for.")
@_recording_options
@_json_option
@_db_option
def visit(db: str, as_json: bool, **raw: Any) -> None:
    """Record a delegation's visit. PARTNERSHIP is its id or reference."""
    values = _validated(schemas.VisitInput(), raw)
    with _writing(db) as register:
        visit_id = register.record_visit(
            values["partnership"],
            occurred_on=values["on"],
            direction=values["direction"],
            delegation=values["delegation"],
            members=tuple(values["member"]),
            purpose=values["purpose"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _emit(as_json, {"visit_id": str(visit_id)}, f"Recorded visit {visit_id}.")


@cli.command()
@click.argument("partnership")
@click.option("--on", required=True, metavar="DATE", help="When the expense was incurred.")
@click.option("--amount", required=True, metavar="DECIMAL", help="Pounds sterling, e.g. 3500.00.")
@click.option("--beneficiary", required=True, metavar="TEXT", help="Who was paid.")
@click.option("--purpose", required=True, metavar="TEXT", help="What the money was for.")
@click.option("--visit", metavar="VISIT_ID", help="The visit the expense belongs to.")
@click.option("--department", metavar="TEXT", help="The department that incurred it.")
@click.option("--irrecoverable-vat", metavar="DECIMAL", help="VAT that cannot be recovered.")
@click.option("--category", metavar="TEXT", help="The procurement (merchant) category.")
@click.option("--card", is_flag=True, help="Paid by procurement card.")
@_recording_options
@_json_option
@_db_option
def expense(db: str, as_json: bool, **raw: Any) -> None:
    """Record money spent on a partnership. PARTNERSHIP is its id or reference."""
    values = _validated(schemas.ExpenseInput(), raw)
    with _writing(db) as register:
        expense_id = register.record_expense(
            values["partnership"],
            occurred_on=values["on"],
            amount=values["amount"],
            beneficiary=values["beneficiary"],
            purpose=values["purpose"],
            visit_id=values["visit"],
            department=values["department"],
            irrecoverable_vat=values["irrecoverable_vat"],
            category=values["category"],
            card_transaction=values["card"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _emit(as_json, {"expense_id": str(expense_id)}, f"Recorded expense {expense_id}.")


@cli.command("name-room")
@click.argument("partnership")
@click.option("--room", required=True, metavar="TEXT", help="The room's name.")
@click.option("--building", required=True, metavar="TEXT", help="The building it is in.")
@click.option("--on", required=True, metavar="DATE", help="When the room was named.")
@_recording_options
@_json_option
@_db_option
def name_room(db: str, as_json: bool, **raw: Any) -> None:
    """Record a room named in the partner's honour. PARTNERSHIP is its id or reference."""
    values = _validated(schemas.NameRoomInput(), raw)
    with _writing(db) as register:
        register.name_room(
            values["partnership"],
            room=values["room"],
            building=values["building"],
            named_on=values["on"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _emit(
        as_json,
        {"room": values["room"], "building": values["building"]},
        f"Recorded {values['room']} in {values['building']}.",
    )


@cli.command()
@click.argument("partnership")
@click.option("--on", required=True, metavar="DATE", help="When the ties were severed.")
@click.option("--reason", required=True, metavar="TEXT", help="Why.")
@click.option("--announced-by", required=True, metavar="TEXT", help="Who announced it.")
@_recording_options
@_json_option
@_db_option
def sever(db: str, as_json: bool, **raw: Any) -> None:
    """Record that a partnership's ties were severed. PARTNERSHIP is its id or reference."""
    values = _validated(schemas.SeverInput(), raw)
    with _writing(db) as register:
        register.sever(
            values["partnership"],
            severed_on=values["on"],
            reason=values["reason"],
            announced_by=values["announced_by"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _emit(
        as_json,
        {"severed_on": values["on"].isoformat()},
        f"Recorded the severance on {values['on']}.",
    )


@cli.command("correct-expense")
@click.argument("partnership")
@click.argument("expense_id", metavar="EXPENSE_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why the record was wrong.")
@click.option("--amount", metavar="DECIMAL", help="The right amount in pounds.")
@click.option("--on", metavar="DATE", help="The right date.")
@click.option("--beneficiary", metavar="TEXT", help="The right beneficiary.")
@click.option("--purpose", metavar="TEXT", help="The right purpose.")
@_recording_options
@_json_option
@_db_option
def correct_expense(db: str, as_json: bool, **raw: Any) -> None:
    """Correct an expense by a new record; the original stays in the history."""
    values = _validated(schemas.CorrectExpenseInput(), raw)
    with _writing(db) as register:
        version = register.correct_expense(
            values["partnership"],
            values["expense_id"],
            reason=values["reason"],
            occurred_on=values["on"],
            amount=values["amount"],
            beneficiary=values["beneficiary"],
            purpose=values["purpose"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "expense_id", values["expense_id"], version, "Corrected expense")


@cli.command("void-expense")
@click.argument("partnership")
@click.argument("expense_id", metavar="EXPENSE_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why it should not stand.")
@_recording_options
@_json_option
@_db_option
def void_expense(db: str, as_json: bool, **raw: Any) -> None:
    """Void an expense recorded in error; it stays in the history."""
    values = _validated(schemas.VoidExpenseInput(), raw)
    with _writing(db) as register:
        version = register.void_expense(
            values["partnership"],
            values["expense_id"],
            reason=values["reason"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "expense_id", values["expense_id"], version, "Voided expense")


@cli.command("correct-visit")
@click.argument("partnership")
@click.argument("visit_id", metavar="VISIT_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why the record was wrong.")
@click.option("--on", metavar="DATE", help="The right date.")
@click.option("--direction", metavar="inbound|outbound", help="The right direction.")
@click.option("--delegation", metavar="TEXT", help="The right description of the delegation.")
@click.option("--purpose", metavar="TEXT", help="The right purpose.")
@_recording_options
@_json_option
@_db_option
def correct_visit(db: str, as_json: bool, **raw: Any) -> None:
    """Correct a visit by a new record; the original stays in the history."""
    values = _validated(schemas.CorrectVisitInput(), raw)
    with _writing(db) as register:
        version = register.correct_visit(
            values["partnership"],
            values["visit_id"],
            reason=values["reason"],
            occurred_on=values["on"],
            direction=values["direction"],
            delegation=values["delegation"],
            purpose=values["purpose"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "visit_id", values["visit_id"], version, "Corrected visit")


@cli.command("void-visit")
@click.argument("partnership")
@click.argument("visit_id", metavar="VISIT_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why it should not stand.")
@_recording_options
@_json_option
@_db_option
def void_visit(db: str, as_json: bool, **raw: Any) -> None:
    """Void a visit recorded in error; it stays in the history, and so do its expenses."""
    values = _validated(schemas.VoidVisitInput(), raw)
    with _writing(db) as register:
        version = register.void_visit(
            values["partnership"],
            values["visit_id"],
            reason=values["reason"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "visit_id", values["visit_id"], version, "Voided visit")


def _correction_done(as_json: bool, key: str, record: UUID, version: int, done: str) -> None:
    _emit(
        as_json,
        {key: str(record), "version": version},
        f"{done} {record}: the partnership's history now holds {version} records.",
    )


@cli.command("list")
@_time_options(version=False)
@_json_option
@_db_option
def list_partnerships(db: str, as_json: bool, as_of: str | None, as_known_at: str | None) -> None:
    """List every partnership with its status (now, or then)."""
    when = _when(as_of, as_known_at)
    if when["as_of"] or when["known_at"]:  # answered from the partnerships' own events
        with _register(db) as register:
            statuses = register.statuses(as_of=when["as_of"], known_at=when["known_at"])
    else:
        with _reading(db) as (_, models):
            statuses = models.statuses()
    _emit(as_json, schemas.summary_documents(statuses), render.list_text(statuses))


@cli.command()
@click.argument("partnership")
@_time_options()
@_json_option
@_db_option
def status(
    *,
    db: str,
    as_json: bool,
    partnership: str,
    as_of: str | None,
    as_known_at: str | None,
    at_version: str | None,
) -> None:
    """Show where a partnership stands (or stood). PARTNERSHIP is its id or reference."""
    name = _name(partnership)
    when = _when(as_of, as_known_at, at_version)
    with _reading(db) as (register, models):
        if any(when.values()):
            current = models.status_at(register.find(name), **when)
        else:
            current = models.status(register.find(name))
    _emit(as_json, schemas.status_document(current), render.status_text(current))


@cli.command()
@click.argument("partnership")
@_json_option
@_db_option
def history(db: str, as_json: bool, partnership: str) -> None:
    """Show every event recorded for a partnership, in order."""
    name = _name(partnership)
    with _register(db) as register:
        entries = register.history(name)
    _emit(as_json, schemas.history_documents(entries), render.history_text(entries))


def _name(partnership: str) -> str:
    """The PARTNERSHIP argument, checked: an id or a reference."""
    return str(_validated(schemas.PartnershipInput(), {"partnership": partnership})["partnership"])


def _partnership_id(register: PartnershipRegister, partnership: str | None) -> UUID | None:
    return None if partnership is None else register.find(_name(partnership))


def _counted_when(
    partnership: str | None, as_of: str | None, as_known_at: str | None, at_version: str | None
) -> dict[str, Any]:
    """The time-travel options of a report that may cover every partnership: --version only
    with a PARTNERSHIP, whose N-th event it counts."""
    when = _when(as_of, as_known_at, at_version)
    if when["version"] is not None and partnership is None:
        raise InvalidInputError("--version: needs a PARTNERSHIP, whose N-th event it counts")
    return when


@cli.command()
@click.argument("partnership", required=False)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per event.")
@_time_options()
@_json_option
@_db_option
def audit(
    *,
    db: str,
    as_json: bool,
    as_csv: bool,
    partnership: str | None,
    as_of: str | None,
    as_known_at: str | None,
    at_version: str | None,
) -> None:
    """The audit trail: every event of the register (or of PARTNERSHIP), in log order."""
    when = _counted_when(partnership, as_of, as_known_at, at_version)
    with _reading(db) as (register, models):
        rows = [
            row
            for row in models.audit(_partnership_id(register, partnership))
            if (when["as_of"] is None or row.occurred_on <= when["as_of"].isoformat())
            and (
                when["known_at"] is None
                or datetime.fromisoformat(row.recorded_at) <= when["known_at"]
            )
            and (when["version"] is None or row.version <= when["version"])
        ]
    documents = schemas.AuditRowDocument(many=True).dump(rows)
    if as_csv:
        click.echo(render.csv_text(documents, schemas.AUDIT_COLUMNS), nl=False)
        return
    _emit(as_json, documents, render.audit_text(rows))


@cli.command()
@click.argument("partnership", required=False)
@click.option("--by-year", is_flag=True, help="Totals by UK financial year (April to March).")
@_time_options()
@_json_option
@_db_option
def expenses(
    *,
    db: str,
    as_json: bool,
    by_year: bool,
    partnership: str | None,
    as_of: str | None,
    as_known_at: str | None,
    at_version: str | None,
) -> None:
    """The spending ledger: every expense of the register (or of PARTNERSHIP)."""
    when = _counted_when(partnership, as_of, as_known_at, at_version)
    totals, rows = None, []
    if any(when.values()):  # answered from the partnerships' own events
        name = None if partnership is None else _name(partnership)
        with _register(db) as register:
            found = register.expenses(name, **when)
        rows = [expense_row(partnership_id, expense) for partnership_id, expense in found]
        if by_year:
            totals = year_totals(rows)
    else:
        with _reading(db) as (register, models):
            partnership_id = _partnership_id(register, partnership)
            if by_year:
                totals = models.totals_by_year(partnership_id)
            else:
                rows = models.expenses(partnership_id)
    if totals is not None:
        documents = schemas.YearTotalDocument(many=True).dump(totals)
        _emit(as_json, documents, render.year_totals_text(totals))
    else:
        _emit(as_json, schemas.ExpenseDocument(many=True).dump(rows), render.expenses_text(rows))


@cli.command("visits")
@click.argument("partnership", required=False)
@_json_option
@_db_option
def visit_list(db: str, as_json: bool, partnership: str | None) -> None:
    """Every delegation's visit (or PARTNERSHIP's), with the spend attributed to it."""
    with _reading(db) as (register, models):
        rows = models.visits(_partnership_id(register, partnership))
    _emit(as_json, schemas.VisitDocument(many=True).dump(rows), render.visits_text(rows))


@cli.command()
@click.argument("partnership")
@_json_option
@_db_option
def replay(db: str, as_json: bool, partnership: str) -> None:
    """Step through a partnership's history: each event, then the state it produced."""
    name = _name(partnership)
    with _register(db) as register:
        steps = register.replay(name)
    documents = [
        {"event": schemas.history_documents([entry])[0], "state": schemas.status_document(state)}
        for entry, state in steps
    ]
    _emit(as_json, documents, render.replay_text(steps))


@cli.command()
@click.argument("partnership")
@click.option("--from", "start", required=True, metavar="POINT", help="A version, date or moment.")
@click.option("--to", "end", required=True, metavar="POINT", help="A version, date or moment.")
@_json_option
@_db_option
def diff(db: str, as_json: bool, partnership: str, start: str, end: str) -> None:
    """What changed in a partnership between two points, field by field, and which events
    caused it. A point is a version (12), a date (2016-12-31) or a moment (2017-06-01T09:00Z)."""
    values = _validated(schemas.DiffInput(), {"partnership": partnership, "from": start, "to": end})
    with _register(db) as register:
        changes = register.diff(values["partnership"], values["start"], values["end"])
    _emit(
        as_json,
        {"changes": schemas.ChangeDocument(many=True).dump(changes)},
        render.diff_text(changes),
    )


@cli.group()
def projections() -> None:
    """The read models that reports read: how far they are, and rebuilding them."""


@projections.command("status")
@_json_option
@_db_option
def projections_status(db: str, as_json: bool) -> None:
    """How far each read model has read the log."""
    with _register(db) as register:
        states = ReadModels(register).states()
    _emit(
        as_json,
        schemas.ProjectionStateDocument(many=True).dump(states),
        render.projection_states_text(states),
    )


@projections.command("rebuild")
@click.argument("name", required=False)
@_json_option
@_db_option
def projections_rebuild(db: str, as_json: bool, name: str | None) -> None:
    """Empty the read model NAME (or all of them) and rebuild it from the whole log."""
    with _register(db) as register:
        models = ReadModels(register)
        try:
            names = None if name is None else [models.known(name)]
        except UnknownViewError as error:
            raise InvalidInputError(f"NAME: {error}") from None
        with progress("Rebuilding the read models", models.head(), worth_showing=0) as done:
            models.rebuild(names, progress=done)
        states = models.states()
    _emit(
        as_json,
        schemas.ProjectionStateDocument(many=True).dump(states),
        render.projection_states_text(states),
    )


@cli.command()
@_json_option
@_db_option
def digest(db: str, as_json: bool) -> None:
    """Print the register digest and the log position it covers, for an auditor to keep."""
    with _register(db) as register:
        kept = chain.register_digest(register)
    _emit(
        as_json,
        schemas.DigestDocument().dump(kept),
        f"Register digest at log position {kept.position}: {kept.digest}\n"
        "Keep both; 'partnerships verify --digest DIGEST --position POSITION' later proves "
        "the history up to there unchanged.",
    )


@cli.command()
@click.option("--digest", "kept_digest", metavar="HEX", help="A digest printed by 'digest'.")
@click.option("--position", metavar="N", type=str, help="The log position that digest covers.")
@_json_option
@_db_option
def verify(db: str, as_json: bool, kept_digest: str | None, position: str | None) -> None:
    """Recompute every event's hash and the register digest; name the first mismatch."""
    raw = {"digest": kept_digest, "position": _whole_number("--position", position)}
    values = _validated(schemas.VerifyInput(), raw)
    kept = None
    if values["digest"] is not None:
        kept = chain.Digest(position=values["position"], digest=values["digest"].lower())
    with (
        _register(db) as register,
        progress("Verifying the stored history", chain.event_count(register)) as done,
    ):
        result = chain.verify_register(register, kept, done)
    if not result.intact and not as_json:
        _fail(EXIT_REFUSED, render.verification_text(result))
    _emit(as_json, schemas.VerificationDocument().dump(result), render.verification_text(result))
    if not result.intact:
        sys.exit(EXIT_REFUSED)


def _whole_number(option: str, text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInputError(f"{option}: must be a whole number, not {text!r}") from None


@cli.command()
@_json_option
@_db_option
def demo(db: str, as_json: bool) -> None:
    """Record the Staffordshire–Ivanovo partnership into a fresh store and show it."""
    with _register(db) as register:
        note = demo_story.record(register)
        models = _caught_up(register)
        reference = demo_story.REFERENCE
        current = models.status(register.find(reference))
        entries = register.history(reference)
    document = {
        "status": schemas.status_document(current),
        "history": schemas.history_documents(entries),
    }
    text = "\n\n".join([note, render.status_text(current), "History", render.history_text(entries)])
    _emit(as_json, document, text)


def _fail(code: int, message: str) -> NoReturn:
    click.echo(f"partnerships: {message}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Runs the command line; every failure is one line on standard error and an exit code."""
    try:
        cli.main(args=argv, prog_name="partnerships", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "", err=True)
        sys.exit(EXIT_INVALID)
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "partnerships"
        _fail(EXIT_INVALID, f"{error.format_message()} (see '{command} --help')")
    except click.Abort:
        _fail(EXIT_REFUSED, "interrupted; nothing more was recorded")
    except InvalidInputError as error:
        _fail(EXIT_INVALID, str(error))
    except (
        RegisterError,
        StorageUnavailableError,
        demo_story.StoreNotFreshError,
        chain.NoChainError,
    ) as error:
        _fail(EXIT_REFUSED, str(error))
    except click.ClickException as error:
        _fail(EXIT_REFUSED, error.format_message())
    except Exception as error:
        if os.environ.get("PARTNERSHIPS_DEBUG"):
            raise
        _fail(EXIT_REFUSED, f"unexpected failure ({type(error).__name__}): {error}")
