"""The ``partnerships`` command: parse, validate, ask the register, print.

Each command lives in a module of this package by what it does, and is imported only when it
is run, so a command pays for no other command's imports. ``COMMANDS`` names them all, in the
order ``--help`` lists them, with the line it shows for each.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from importlib import import_module
from types import FrameType
from typing import cast

import click

from adapters.cli.exits import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_REFUSED,
    InterruptedByUserError,
    InvalidInputError,
    fail,
)

# name: (module in this package, function, the one line --help shows)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "establish": ("recording", "establish", "Record a partnership a council established."),
    "visit": ("recording", "visit", "Record a delegation's visit."),
    "expense": ("recording", "expense", "Record money spent on a partnership."),
    "name-room": ("recording", "name_room", "Record a room named in the partner's honour."),
    "sever": ("recording", "sever", "Record that a partnership's ties were severed."),
    "correct-expense": ("recording", "correct_expense", "Correct an expense by a new record."),
    "void-expense": ("recording", "void_expense", "Void an expense recorded in error."),
    "correct-visit": ("recording", "correct_visit", "Correct a visit by a new record."),
    "void-visit": ("recording", "void_visit", "Void a visit recorded in error."),
    "list": ("reading", "list_partnerships", "List every partnership with its status."),
    "status": ("reading", "status", "Show where a partnership stands (or stood)."),
    "history": ("reading", "history", "Show every event recorded for a partnership, in order."),
    "replay": ("reading", "replay", "Step through a partnership's history."),
    "diff": ("reading", "diff", "What changed in a partnership between two points."),
    "audit": ("reading", "audit", "The audit trail: every event, in log order."),
    "expenses": ("reading", "expenses", "The spending ledger: every expense."),
    "visits": ("reading", "visit_list", "Every delegation's visit, with its spend."),
    "report": ("publishing", "report", "Write the register as an HTML site with charts."),
    "spend": ("publishing", "spend", "The Transparency Code spend file (over £500, cards)."),
    "projections": ("projections", "projections", "The read models: how far they are, rebuilding."),
    "digest": ("integrity", "digest", "Print the register digest for an auditor to keep."),
    "verify": ("integrity", "verify", "Recompute every hash and the digest."),
    "export": ("evidence", "export", "Write the history to a file an auditor can verify."),
    "import": ("evidence", "import_", "Import an export into an empty register."),
    "prove": ("evidence", "prove", "A receipt proving one event is in the history."),
    "check-proof": ("evidence", "check_proof", "Check a receipt, with no database."),
    "consistency": ("evidence", "consistency", "Prove an earlier history is a prefix of today's."),
    "check-consistency": ("evidence", "check_consistency", "Check that proof, with no database."),
    "demo": ("demo", "demo", "Record the Staffordshire–Ivanovo partnership and show it."),
    "grant": ("access", "grant", "Let a PostgreSQL role record (officer) or only read (auditor)."),
}


class _Commands(click.Group):
    """A group that imports a command's module only when that command is run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        return cast(click.Command, getattr(import_module(f"{__name__}.{module}"), attribute))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, line) for name, (_, _, line) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="partnership-register", prog_name="partnerships")
def cli() -> None:
    """The partnership register: the recorded history of a council's twinnings."""


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise InterruptedByUserError


def main(argv: list[str] | None = None) -> None:
    """Runs the command line; every failure is one line on standard error and an exit code."""
    previous = signal.signal(signal.SIGINT, _interrupted)
    try:
        _run(argv)
    finally:
        signal.signal(signal.SIGINT, previous)


def run() -> None:
    """The installed ``partnerships`` command: ``main``, in a process of its own. At its exit
    Python would search every object the command made (the database library's, above all) for
    reference cycles to free, which took longer than the whole of a read command's own work;
    the process is ending and gives all of its memory back at once, so they are left out of
    that search (``gc.freeze``). Every file and connection is closed by then, as always."""
    try:
        main()
    finally:
        gc.freeze()


def _run(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="partnerships", standalone_mode=False)
    except InterruptedByUserError as interrupted:
        fail(EXIT_INTERRUPTED, str(interrupted))
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "", err=True)
        sys.exit(EXIT_INVALID)
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "partnerships"
        fail(EXIT_INVALID, f"{error.format_message()} (see '{command} --help')")
    except click.Abort:
        fail(EXIT_INTERRUPTED, "interrupted")
    except InvalidInputError as error:
        fail(EXIT_INVALID, str(error))
    except click.ClickException as error:
        fail(EXIT_REFUSED, error.format_message())
    except Exception as error:
        if _is_refusal(error):
            fail(EXIT_REFUSED, str(error))
        if isinstance(error, OSError) and error.filename is not None:
            named = str(error.filename)
            named = named if len(named) <= 60 else named[:50] + "…" + named[-5:]
            fail(EXIT_REFUSED, f"the file {named!r} could not be used: {error.strerror}")
        if os.environ.get("PARTNERSHIPS_DEBUG"):
            raise
        fail(EXIT_REFUSED, f"unexpected failure ({type(error).__name__}): {error}")


def _is_refusal(error: Exception) -> bool:
    """Whether the error is one the register means to say (a rule, a missing partnership, a
    database it could not use): its modules are imported here only once a command has failed."""
    from adapters import chain, storage
    from adapters.cli.exits import StorageUnavailableError
    from domain.errors import RegisterError

    refusals = (
        RegisterError,
        StorageUnavailableError,
        chain.NoChainError,
        storage.NoRegisterError,
        storage.ForeignDatabaseError,
        storage.StoreLockedError,
    )
    return isinstance(error, refusals)
