"""How a command ends: its exit codes, the errors that choose them, and the one line it says.

Exit codes: 0 success; 2 invalid input, refused before the register is asked; 1 the register
refused the command, the partnership was not found, or the database could not be used. This
module needs nothing but click, so that ``partnerships --help`` imports nothing more.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

EXIT_REFUSED = 1
EXIT_INVALID = 2


class InvalidInputError(Exception):
    """Raised when a command's input breaks a rule of the boundary; nothing has been asked yet."""


class StorageUnavailableError(Exception):
    """Raised when the register's database cannot be opened or used."""


def fail(code: int, message: str) -> NoReturn:
    click.echo(f"partnerships: {message}", err=True)
    sys.exit(code)
