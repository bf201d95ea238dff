"""How long the register waits for its database, and what a wait that ran out tells the user.

Three settings, each in seconds from the environment, so that no command hangs:
``PARTNERSHIPS_CONNECT_TIMEOUT`` (reaching a PostgreSQL server), ``PARTNERSHIPS_LOCK_TIMEOUT``
(waiting for a lock another session or process holds: PostgreSQL's lock_timeout, SQLite's busy
timeout) and ``PARTNERSHIPS_STATEMENT_TIMEOUT`` (one PostgreSQL statement).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import Any

CONNECT = "PARTNERSHIPS_CONNECT_TIMEOUT"
LOCK = "PARTNERSHIPS_LOCK_TIMEOUT"
STATEMENT = "PARTNERSHIPS_STATEMENT_TIMEOUT"

DEFAULTS = {CONNECT: Decimal(10), LOCK: Decimal(10), STATEMENT: Decimal(300)}
_LONGEST = Decimal(86_400)


class InvalidTimeoutError(ValueError):
    """Raised when a timeout setting is not a number of seconds the register can use."""


@dataclass(frozen=True)
class Timeouts:
    """How long to wait, in seconds: to connect, for a lock, for one statement."""

    connect: Decimal
    lock: Decimal
    statement: Decimal

    def connect_args(self, backend: str) -> dict[str, Any]:
        """What the database driver is given when it connects, for the named backend."""
        if backend == "sqlite":
            return {"timeout": float(self.lock)}
        return {
            # libpq counts whole seconds; fewer than 2 it does not promise to honour.
            "connect_timeout": max(2, int(self.connect.to_integral_value(ROUND_CEILING))),
            "options": (
                f"-c lock_timeout={_milliseconds(self.lock)} "
                f"-c statement_timeout={_milliseconds(self.statement)}"
            ),
        }


def _milliseconds(seconds: Decimal) -> int:
    return max(1, int(seconds * 1000))


def from_environment(environ: Mapping[str, str] | None = None) -> Timeouts:
    """The timeouts the environment sets, the defaults otherwise."""
    environ = os.environ if environ is None else environ
    values = {name: _seconds(name, environ.get(name)) for name in DEFAULTS}
    return Timeouts(connect=values[CONNECT], lock=values[LOCK], statement=values[STATEMENT])


def _seconds(name: str, text: str | None) -> Decimal:
    if text is None or not text.strip():
        return DEFAULTS[name]
    try:
        seconds = Decimal(text.strip())
    except InvalidOperation:
        seconds = Decimal("NaN")
    if not text.strip().isascii() or not seconds.is_finite() or not 0 < seconds <= _LONGEST:
        raise InvalidTimeoutError(
            f"{name}: must be a number of seconds above 0 and at most {_LONGEST}, not {text!r}"
        )
    return seconds


def explained(error: BaseException, timeouts: Timeouts) -> str | None:
    """What a database error means when a wait ran out, in the user's words; None otherwise."""
    cause: BaseException | None = error
    while cause is not None:
        orig = getattr(cause, "orig", None)
        found = _explained_one(orig if orig is not None else cause, timeouts)
        if found is not None:
            return found
        cause = cause.__cause__
    return None


def _explained_one(error: BaseException, timeouts: Timeouts) -> str | None:
    # Imported only once something failed: an SQLite store never loads PostgreSQL's driver.
    import psycopg  # noqa: PLC0415
    from psycopg import errors as pg_errors  # noqa: PLC0415

    if isinstance(error, pg_errors.LockNotAvailable):
        return (
            f"another session held a lock the command needed for more than {timeouts.lock} s "
            f"({LOCK})"
        )
    if isinstance(error, pg_errors.QueryCanceled):
        return f"a database statement ran longer than {timeouts.statement} s ({STATEMENT})"
    if isinstance(error, psycopg.OperationalError) and "timeout expired" in str(error):
        return f"the database server did not answer within {timeouts.connect} s ({CONNECT})"
    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return (
            f"another process held the store's write lock for more than {timeouts.lock} s ({LOCK})"
        )
    return None
