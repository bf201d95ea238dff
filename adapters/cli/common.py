"""What every command shares: its options, validating input, opening the register, printing.

How a command ends (its exit codes) is in ``exits``; a command that records exits 0 once its
event is stored, even when the reports could not then be brought up to date.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from uuid import UUID

import click

from adapters.cli.exits import (
    InterruptedByUserError,
    InvalidInputError,
    StorageUnavailableError,
)
from adapters.progress import progress
from adapters.schemas.limits import PARTNERSHIP_MAX_LENGTH
from adapters.store_url import DEFAULT_DB, UnsupportedDatabaseError, display_url
from adapters.visible_text import not_utf8, problem_with, trimmed

if TYPE_CHECKING:
    from marshmallow import Schema

    from adapters.read_models import Queries, ReadModels
    from adapters.read_models.fresh import FreshQueries
    from adapters.read_models.fresh_status import FreshStatuses
    from domain.register import PartnershipRegister
    from domain.status import PartnershipStatus

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


# How the commands' help names a file or folder they read or write.
_PATHS = frozenset({"FILE", "DIR"})


def _refuse_undecodable_arguments(command: click.Command, ctx: click.Context) -> None:
    for parameter in command.get_params(ctx):
        value = ctx.params.get(parameter.name or "")
        for text in value if isinstance(value, tuple) else (value,):
            problem = not_utf8(text) if isinstance(text, str) else None
            if isinstance(text, str) and "\x00" in text and parameter.metavar in _PATHS:
                problem = "a file's name cannot hold a NUL character"
            if problem is not None:
                raise InvalidInputError(f"{_name_of(parameter)}: {problem}")


def _default_recorder() -> str:
    return os.environ.get("PARTNERSHIPS_USER") or getpass.getuser()


def _db_given(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """--db, or PARTNERSHIPS_DB, which when set but empty is a mistake, not the default."""
    if (
        ctx.get_parameter_source(str(param.name)) is click.core.ParameterSource.DEFAULT
        and os.environ.get("PARTNERSHIPS_DB") is not None
    ):
        raise InvalidInputError(
            f"PARTNERSHIPS_DB: is set but empty; give a database URL such as {DEFAULT_DB} "
            "or unset it"
        )
    return value


def db_option(command: F) -> F:
    return click.option(
        "--db",
        envvar="PARTNERSHIPS_DB",
        default=DEFAULT_DB,
        show_default=True,
        metavar="URL",
        callback=_db_given,
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
    if as_of is None and as_known_at is None and at_version is None:
        return {"as_of": None, "known_at": None, "version": None}  # none given: none to check
    from adapters.schemas import common as schemas

    raw = {"as_of": as_of, "as_known_at": as_known_at, "version": at_version}
    values = validated(schemas.TimeTravelInput(), raw)
    return {
        "as_of": values["as_of"],
        "known_at": values["as_known_at"],
        "version": values["version"],
    }


def validated(schema: Schema, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The command's input, typed, or an error naming the first option that breaks a rule."""
    from marshmallow import ValidationError

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


def _is_storage_failure(error: BaseException) -> bool:
    """Whether the error came from the database or the library storing events in it."""
    import sqlite3

    import psycopg
    from eventsourcing.persistence import PersistenceError
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(error, SQLAlchemyError | PersistenceError | sqlite3.Error | psycopg.Error)


def _cause(error: BaseException) -> str:
    """The first line of what the database said, or of what a wait that ran out means."""
    from adapters import timeouts

    explained = timeouts.explained(error, timeouts.from_environment())
    if explained is not None:
        return explained
    said = error.__cause__ or error
    said = getattr(said, "orig", None) or said  # the database's words, not the wrapper's
    if getattr(said, "sqlstate", None) == "53100":  # PostgreSQL's disk_full
        return f"the disk is full ({_first_line(said)})"
    return _first_line(said)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


@contextmanager
def register_at(db: str, *, creating: bool = False) -> Iterator[PartnershipRegister]:
    """The register at ``db``; database failures become one readable line. Only a command
    that records (``creating``) may make a new store."""
    from adapters.storage import opened  # the event store: only for the commands that open it

    _checked_timeouts()
    try:
        with opened(db, creating=creating) as register:
            yield register
    except UnsupportedDatabaseError as error:
        raise InvalidInputError(f"--db: {error}") from None
    except Exception as error:
        unavailable = _unavailable(db, error, creating=creating)
        if unavailable is None:
            raise
        raise unavailable from None


def _checked_timeouts() -> dict[str, Any]:
    """What the database driver is given to wait no longer than the timeouts allow, on SQLite;
    a timeout set wrong is the user's mistake, named."""
    from adapters import timeouts

    try:
        return timeouts.from_environment().connect_args("sqlite")
    except timeouts.InvalidTimeoutError as error:
        raise InvalidInputError(str(error)) from None


def _unavailable(db: str, error: Exception, *, creating: bool) -> StorageUnavailableError | None:
    """The error as one readable line, when it came from the database (else None)."""
    if not _is_storage_failure(error):
        return None
    refused = _refused_privilege(error)
    if refused is not None:
        return StorageUnavailableError(
            f"the register's database at {display_url(db)} refused this account: {refused} "
            "(an owner of the register gives rights with 'partnerships grant')"
        )
    nothing = "; nothing was recorded" if creating else ""
    return StorageUnavailableError(
        f"the register's database at {display_url(db)} could not be used: {_cause(error)}{nothing}"
    )


def _refused_privilege(error: BaseException | None) -> str | None:
    """PostgreSQL's own words when it refused the account a privilege (SQLSTATE 42501)."""
    while error is not None:
        if getattr(error, "sqlstate", None) == "42501":
            return str(error.diag.message_primary or error)  # type: ignore[attr-defined]
        error = getattr(error, "orig", None) or error.__cause__
    return None


@contextmanager
def writing(db: str) -> Iterator[PartnershipRegister]:
    """The register for one write. Once the write is stored the read models are brought up to
    date; if that fails, a warning says so and the command still succeeds."""
    with register_at(db, creating=True) as register:
        try:
            yield register
        except InterruptedByUserError:
            raise InterruptedByUserError("interrupted; nothing was recorded") from None
        brought_up_to_date(register)


def brought_up_to_date(register: PartnershipRegister) -> ReadModels | None:
    """After a write was stored: the read models caught up, or None and a warning on standard
    error when they could not be (they catch up on the next command)."""
    try:
        return caught_up(register)
    except InterruptedByUserError:
        raise InterruptedByUserError(
            "interrupted after recording; the reports catch up on the next command"
        ) from None
    except Exception as error:  # noqa: BLE001 (whatever failed, the record is stored)
        click.echo(
            "partnerships: warning: recorded, but the reports could not be brought up to date "
            f"({_cause(error)}); the next command catches them up",
            err=True,
        )
        return None


class Finder(Protocol):
    """What finds a partnership by its id or reference: the register, from its events, or the
    read models, from the status view."""

    def find(self, partnership: str) -> UUID: ...


@contextmanager
def reading(db: str) -> Iterator[tuple[Finder, Queries]]:
    """The read models, never a stale view: on an SQLite store whose views are up to date,
    read straight from them (no event store is opened); else the register's, brought up to
    date first."""
    with _read(db, _fresh(db)) as found:
        yield found


class Statuses(Protocol):
    """What tells where partnerships stand: the read models' queries, or the status view of an
    SQLite store read in plain SQL (``FreshStatuses``)."""

    def status(self, partnership_id: UUID) -> PartnershipStatus: ...

    def statuses(self) -> list[PartnershipStatus]: ...


@contextmanager
def reading_statuses(db: str) -> Iterator[tuple[Finder, Statuses]]:
    """Where partnerships stand, as ``reading`` tells it, never from a stale view: when ``db``
    names an SQLite file in the plainest form (sqlite:///FILE) and its views are up to date,
    read from them with the standard library alone (no SQLAlchemy); a URL of any other form is
    read as ``reading`` reads it, and views behind are brought up to date first."""
    from adapters.store_url import plain_sqlite_file

    file = plain_sqlite_file(db)
    if file is None:
        with reading(db) as found:
            yield found
        return
    with _read(db, _fresh_statuses(file)) as read:
        yield read


# The readings of views found up to date: the read models' queries, or the status view's alone.
_Fresh = TypeVar("_Fresh", "FreshQueries", "FreshStatuses")


@contextmanager
def _read(db: str, fresh: _Fresh | None) -> Iterator[tuple[Finder, _Fresh | ReadModels]]:
    """Answers from the views found up to date (let go of at the end), or when none were, from
    the register's, brought up to date first. Views a query finds damaged are remade from the
    events (the command is then to be run again); a database failure becomes one line."""
    if fresh is None:
        with reading_register(db) as (register, models):
            yield register, models
        return
    try:
        yield fresh, fresh
    except Exception as error:
        from adapters import remaking

        if remaking.damaged(error):
            fresh.close()
            with register_at(db) as register:
                raise _remade(register, error) from None
        unavailable = _unavailable(db, error, creating=False)
        if unavailable is None:
            raise
        raise unavailable from None
    finally:
        fresh.close()


def _fresh(db: str) -> FreshQueries | None:
    """The queries of the read models at ``db`` when it is an SQLite register whose views are
    up to date; None otherwise. A URL, a timeout or a store that is not a register's is refused
    as the full path refuses it, before anything is opened."""
    from pathlib import Path

    from adapters.read_models.fresh import fresh_queries
    from adapters.store_url import check_sqlite_file, parsed_url

    connect_args = _checked_timeouts()
    try:
        url = parsed_url(db)
    except UnsupportedDatabaseError as error:
        raise InvalidInputError(f"--db: {error}") from None
    if url.get_backend_name() != "sqlite":
        return None
    lock = connect_args["timeout"]
    tables = check_sqlite_file(Path(str(url.database)), creating=False, lock_timeout=lock)
    return fresh_queries(url, tables, connect_args)


def _fresh_statuses(file: str) -> FreshStatuses | None:
    """Where partnerships stand in the SQLite file, from its status view, when its views are
    up to date; None otherwise. A timeout or a store that is not a register's is refused as
    ``_fresh`` refuses it, before anything is opened."""
    from pathlib import Path

    from adapters.read_models.fresh_status import fresh_statuses
    from adapters.store_url import check_sqlite_file

    connect_args = _checked_timeouts()
    tables = check_sqlite_file(Path(file), creating=False, lock_timeout=connect_args["timeout"])
    return fresh_statuses(file, tables, connect_args)


@contextmanager
def reading_register(db: str) -> Iterator[tuple[PartnershipRegister, ReadModels]]:
    """The register and its read models, brought up to date first: never a stale view."""
    with register_at(db) as register:
        try:
            yield register, caught_up(register)
        except Exception as error:
            from adapters import remaking

            if not remaking.damaged(error):
                raise
            raise _remade(register, error) from None


def _remade(register: PartnershipRegister, error: Exception) -> StorageUnavailableError:
    """The read models, found damaged by a query, remade from the events; what to tell."""
    from adapters import remaking

    cause = _cause(error)
    remaking.drop_read_models(register.recorder.datastore.engine)  # type: ignore[attr-defined]
    _caught_up(register)
    return StorageUnavailableError(
        f"the reports were damaged ({cause}); they have been remade from the recorded "
        "events: run the command again"
    )


def caught_up(register: PartnershipRegister) -> ReadModels:
    """The read models, brought up to date; remade from the events if they were damaged."""
    from adapters import remaking

    try:
        return _caught_up(register)
    except Exception as error:
        if not remaking.damaged(error):
            raise
        click.echo(
            f"partnerships: the reports were damaged ({_cause(error)}); "
            "remaking them from the recorded events",
            err=True,
        )
    remaking.drop_read_models(register.recorder.datastore.engine)  # type: ignore[attr-defined]
    return _caught_up(register)


def _caught_up(register: PartnershipRegister) -> ReadModels:
    from adapters.read_models import ReadModels  # only the commands that read reports need it

    models = ReadModels(register)
    if max(models.positions().values(), default=0) > models.head():
        msg = "a report claims to have read past the last recorded event"
        raise ValueError(msg)
    with progress("Bringing the read models up to date", models.lag()) as done:
        models.catch_up(progress=done)
    return models


def emit(as_json: bool, document: Any, text: str) -> None:
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(text)


def partnership_name(partnership: str) -> str:
    """The PARTNERSHIP argument, checked: an id or a reference. One that keeps the rules of its
    schema's field (visible text, trimmed, not too long) is taken as that field takes it, with
    no schema loaded; any other is given to the schema, which says what is wrong with it."""
    text = trimmed(partnership)
    if len(text) <= PARTNERSHIP_MAX_LENGTH and problem_with(text) is None:
        return text
    from adapters.schemas import common as schemas

    return str(validated(schemas.PartnershipInput(), {"partnership": partnership})["partnership"])


def partnership_id_of(register: Finder, partnership: str | None) -> UUID | None:
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
