"""What every command shares: its options, validating input, opening the register, printing.

Exit codes: 0 success; 2 invalid input, refused before the register is asked; 1 the register
refused the command, the partnership was not found, or the database could not be used.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import click
from marshmallow import Schema, ValidationError

from adapters import schemas
from adapters.cli.exits import (
    InvalidInputError,
    StorageUnavailableError,
)
from adapters.progress import progress
from adapters.storage import DEFAULT_DB, UnsupportedDatabaseError, display_url, opened
from adapters.visible_text import not_utf8

if TYPE_CHECKING:
    from adapters.read_models import ReadModels
    from domain.register import PartnershipRegister

F = TypeVar("F", bound=Callable[..., Any])


class Command(click.Command):
    """A command that refuses, before anything else, an option given twice where it takes one
    value (rather than keeping the last silently), and arguments that are not UTF-8 text."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _refuse_repeated_options(self, ctx, args)
        rest = super().parse_args(ctx, args)
        _refuse_undecodable_arguments(self, ctx)
        return rest


class Group(click.Group):
    """A group of commands (``projections``) whose commands are ``Command``s."""

    command_class = Command


def command(name: str | None = None) -> Callable[[Callable[..., Any]], Command]:
    """Makes a function a ``Command``, as ``click.command`` does."""
    return click.command(name, cls=Command)


def _name_of(parameter: click.Parameter) -> str:
    """An option by its long name (``--as-known-at``), an argument as help shows it."""
    if isinstance(parameter, click.Option):
        return max(parameter.opts, key=len)
    return parameter.human_readable_name


def _refuse_repeated_options(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    """Reads the arguments as click will, to count how often each option was given."""
    _, _, given = command.make_parser(ctx).parse_args(args=list(args))
    once = [
        p for p in given if isinstance(p, click.Option) and not (p.multiple or p.is_flag or p.count)
    ]
    for option in dict.fromkeys(once):
        times = once.count(option)
        if times > 1:
            raise InvalidInputError(
                f"{_name_of(option)}: given {times} times, but it takes one value; give it once"
            )


def _refuse_undecodable_arguments(command: click.Command, ctx: click.Context) -> None:
    for parameter in command.get_params(ctx):
        value = ctx.params.get(parameter.name or "")
        for text in value if isinstance(value, tuple) else (value,):
            problem = not_utf8(text) if isinstance(text, str) else None
            if problem is not None:
                raise InvalidInputError(f"{_name_of(parameter)}: {problem}")


def _default_recorder() -> str:
    return os.environ.get("PARTNERSHIPS_USER") or getpass.getuser()


def db_option(command: F) -> F:
    return click.option(
        "--db",
        envvar="PARTNERSHIPS_DB",
        default=DEFAULT_DB,
        show_default=True,
        metavar="URL",
        help="Where the register is kept: an SQLAlchemy URL (or set PARTNERSHIPS_DB).",
    )(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(command)


def recording_options(command: F) -> F:
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


def time_options(*, version: bool = True) -> Callable[[F], F]:
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


def when_of(
    as_of: str | None, as_known_at: str | None, at_version: str | None = None
) -> dict[str, Any]:
    """The time-travel options, typed: keys as_of, known_at and version (each maybe None)."""
    raw = {"as_of": as_of, "as_known_at": as_known_at, "version": at_version}
    values = validated(schemas.TimeTravelInput(), raw)
    return {
        "as_of": values["as_of"],
        "known_at": values["as_known_at"],
        "version": values["version"],
    }


def validated(schema: Schema, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The command's input, typed, or an error naming the first option that breaks a rule."""
    try:
        loaded: dict[str, Any] = schema.load(
            {k: list(v) if isinstance(v, tuple) else v for k, v in raw.items()}
        )
    except ValidationError as error:
        raise InvalidInputError(_first_problem(error.messages)) from None
    return loaded


# Inputs given by position rather than by option, named as the command's help names them.
_POSITIONAL = {
    "partnership": "PARTNERSHIP",
    "expense_id": "EXPENSE_ID",
    "visit_id": "VISIT_ID",
    "kind": "KIND",
    "role": "ROLE",
    "VERSION": "VERSION",
}


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


def _is_storage_failure(error: Exception) -> bool:
    """Whether the error came from the database or the library storing events in it."""
    from eventsourcing.persistence import PersistenceError
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(error, SQLAlchemyError | PersistenceError)


@contextmanager
def register_at(db: str) -> Iterator[PartnershipRegister]:
    """The register at ``db``; database failures become one readable line."""
    try:
        with opened(db) as register:
            yield register
    except UnsupportedDatabaseError as error:
        raise InvalidInputError(f"--db: {error}") from None
    except Exception as error:
        if not _is_storage_failure(error):
            raise
        refused = _refused_privilege(error)
        if refused is not None:
            raise StorageUnavailableError(
                f"the register's database at {display_url(db)} refused this account: {refused} "
                "(an owner of the register gives rights with 'partnerships grant')"
            ) from None
        cause = str(error.__cause__ or error).strip().splitlines()[0]
        raise StorageUnavailableError(
            f"the register's database at {display_url(db)} could not be used: {cause}"
        ) from None


def _refused_privilege(error: BaseException | None) -> str | None:
    """PostgreSQL's own words when it refused the account a privilege (SQLSTATE 42501)."""
    while error is not None:
        if getattr(error, "sqlstate", None) == "42501":
            return str(error.diag.message_primary or error)  # type: ignore[attr-defined]
        error = getattr(error, "orig", None) or error.__cause__
    return None


@contextmanager
def writing(db: str) -> Iterator[PartnershipRegister]:
    """The register for one write; the read models are brought up to date before it returns."""
    with register_at(db) as register:
        yield register
        caught_up(register)


@contextmanager
def reading(db: str) -> Iterator[tuple[PartnershipRegister, ReadModels]]:
    """The register and its read models, brought up to date first: never a stale view."""
    with register_at(db) as register:
        yield register, caught_up(register)


def caught_up(register: PartnershipRegister) -> ReadModels:
    from adapters.read_models import ReadModels  # only the commands that read reports need it

    models = ReadModels(register)
    with progress("Bringing the read models up to date", models.lag()) as done:
        models.catch_up(progress=done)
    return models


def emit(as_json: bool, document: Any, text: str) -> None:
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(text)


def partnership_name(partnership: str) -> str:
    """The PARTNERSHIP argument, checked: an id or a reference."""
    return str(validated(schemas.PartnershipInput(), {"partnership": partnership})["partnership"])


def partnership_id_of(register: PartnershipRegister, partnership: str | None) -> UUID | None:
    return None if partnership is None else register.find(partnership_name(partnership))


def counted_when(
    partnership: str | None, as_of: str | None, as_known_at: str | None, at_version: str | None
) -> dict[str, Any]:
    """The time-travel options of a report that may cover every partnership: --version only
    with a PARTNERSHIP, whose N-th event it counts."""
    when = when_of(as_of, as_known_at, at_version)
    if when["version"] is not None and partnership is None:
        raise InvalidInputError("--version: needs a PARTNERSHIP, whose N-th event it counts")
    return when


