"""What someone who means to alter the stored history must do first: drop the triggers by
which the database refuses edits of the events and their chain links."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

PROTECTED = ("partnerships_events", "partnerships_chain", "partnerships_tree")


def dropping_protection(dialect: str) -> list[str]:
    """The SQL that drops the store's refusal of UPDATE and DELETE, on the named dialect."""
    on = dialect != "sqlite"
    return [
        f"DROP TRIGGER IF EXISTS {table}_{kind}" + (f" ON {table}" if on else "")
        for table in PROTECTED
        for kind in ("never_updated", "never_deleted")
    ]


def drop_protection(connection: Any) -> None:
    """Drops the triggers through an SQLAlchemy connection, in its transaction."""
    for statement in dropping_protection(connection.dialect.name):
        connection.execute(text(statement))
