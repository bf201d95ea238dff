"""How a command ends: its exit codes, the errors that choose them, and the one line it says.

Exit codes: 0 success; 2 invalid input, refused before the register is asked; 1 the register
refused the command, the partnership was not found, or the database could not be used; 130
interrupted (Ctrl-C). A command that records exits 0 once its event is stored, even when the
reports could not then be brought up to date (a warning says so; the next command catches them
up): a non-zero exit always means nothing was recorded. This
module needs nothing but click and the rule for visible text, so that ``partnerships --help``
imports nothing more.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from adapters.visible_text import shown_in_one_line

EXIT_REFUSED = 1
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130


class InvalidInputError(Exception):
    """Raised when a command's input breaks a rule of the boundary; nothing has been asked yet."""


class StorageUnavailableError(Exception):
    """Raised when the register's database cannot be opened or used."""


class InterruptedByUserError(BaseException):
    """Raised when Ctrl-C interrupts a command; says whether its record was stored by then.

    A BaseException, like the KeyboardInterrupt it stands for, so no handler of failures
    mistakes it for one, and click does not turn it into a blank line and "Aborted!"."""

    def __init__(self, message: str = "interrupted") -> None:
        super().__init__(message)


def fail(code: int, message: str) -> NoReturn:
    """Ends the command with ``code`` and the message as one line on standard error: whatever
    it quotes of the input, a character that would break or hide the line is written escaped."""
    click.echo(f"partnerships: {shown_in_one_line(message)}", err=True)
    sys.exit(code)
