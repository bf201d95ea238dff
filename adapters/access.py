"""Who may do what in a register kept in PostgreSQL: officers record, auditors only read.

A role is granted exactly the privileges of its kind on the register's tables (whatever it held
there before is revoked first, so granting ``auditor`` to an officer takes recording away):

- an officer may read everything, insert events, their chain links and snapshots, and keep the
  read models up to date (insert their rows; the status view also replaces its rows and the
  projection positions move on);
- an auditor may only read;
- neither may update or delete an event or a chain link, nor truncate any table.

Events are inserted under an exclusive lock on their table, so that they become visible in the
order of their positions. PostgreSQL lets only a role that may update, delete or truncate a
table take that lock; officers take it through a function that runs as the table's owner and
does nothing else, which granting creates (see ``chain.ChainedApplicationRecorder``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from adapters.chain import lock_function
from adapters.read_models.tables import (
    metadata,
    positions_table,
    schema_table,
    status_table,
    unindexed_table,
)

if TYPE_CHECKING:
    from domain.register import PartnershipRegister

OFFICER = "officer"
AUDITOR = "auditor"
KINDS = (OFFICER, AUDITOR)

_READ = ("SELECT",)
_APPEND = ("SELECT", "INSERT")


class RoleRefusedError(Exception):
    """Raised when a role cannot be granted a kind: it does not exist, it is a superuser, or
    it owns the register's tables."""


@dataclass(frozen=True)
class Granted:
    """What a role may now do on each of the register's tables, as the database reports it."""

    role: str
    kind: str
    privileges: dict[str, list[str]]


def _tables(register: PartnershipRegister) -> dict[str, tuple[str, ...]]:
    """The officer's privileges on each of the register's tables."""
    recorder: Any = register.recorder
    snapshots: Any = register.snapshots.recorder if register.snapshots else None
    officer: dict[str, tuple[str, ...]] = {
        recorder.events_table_name: _APPEND,
        recorder.chain.name: _APPEND,
        recorder.tree.name: _APPEND,
    }
    if snapshots is not None:
        officer[snapshots.events_table_name] = _APPEND
    for table in metadata.sorted_tables:
        officer[table.name] = _APPEND
    officer[status_table.name] = ("SELECT", "INSERT", "DELETE")
    officer[positions_table.name] = ("SELECT", "INSERT", "UPDATE")
    officer[unindexed_table.name] = _READ
    officer[schema_table.name] = _READ
    return officer


def grant(connection: Connection, register: PartnershipRegister, kind: str, role: str) -> Granted:
    """Gives the role exactly the privileges of its kind on the register's tables, in the
    connection's transaction; the read models' tables must exist already."""
    superuser = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).scalar()
    if superuser is None:
        raise RoleRefusedError(
            f"no role named {role!r} exists on the database server; "
            f'create it first (CREATE ROLE "{role}" LOGIN)'
        )
    if superuser:
        raise RoleRefusedError(
            f"{role} is a superuser, whom PostgreSQL lets do anything whatever is granted"
        )
    quote = connection.dialect.identifier_preparer.quote
    who = quote(role)
    officer = _tables(register)
    events = register.recorder.events_table_name  # type: ignore[attr-defined]
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    owner = connection.execute(
        text("SELECT tableowner FROM pg_tables WHERE schemaname = :s AND tablename = :t"),
        {"s": schema, "t": events},
    ).scalar_one()
    if owner == role:
        raise RoleRefusedError(f"{role} owns the register's tables and keeps every right on them")
    sequence = connection.execute(
        text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": events}
    ).scalar()
    function = f"{quote(schema)}.{lock_function(events)}()"
    connection.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {function} RETURNS void LANGUAGE sql SECURITY DEFINER "
        f"SET search_path = pg_catalog "
        f"AS $$ LOCK TABLE {quote(schema)}.{quote(events)} IN EXCLUSIVE MODE $$"
    )
    connection.exec_driver_sql(f"ALTER FUNCTION {function} OWNER TO {quote(owner)}")
    connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC, {who}")
    every_table = ", ".join(quote(t) for t in officer)
    connection.exec_driver_sql(f"REVOKE ALL ON {every_table} FROM {who}")
    if sequence is not None:
        connection.exec_driver_sql(f"REVOKE ALL ON SEQUENCE {sequence} FROM {who}")
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {who}")
    if kind == OFFICER:
        for table, privileges in officer.items():
            connection.exec_driver_sql(f"GRANT {', '.join(privileges)} ON {quote(table)} TO {who}")
        if sequence is not None:
            connection.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {sequence} TO {who}")
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {who}")
    else:
        connection.exec_driver_sql(f"GRANT SELECT ON {every_table} TO {who}")
    return Granted(role=role, kind=kind, privileges=_held(connection, role, schema, officer))


_SHOWN = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")


def _held(
    connection: Connection, role: str, schema: str, tables: dict[str, tuple[str, ...]]
) -> dict[str, list[str]]:
    """The privileges the role holds on each of the tables, as the database reports them."""
    quote = connection.dialect.identifier_preparer.quote
    held: dict[str, list[str]] = {}
    for table in sorted(tables):
        found = connection.execute(
            text(
                "SELECT " + ", ".join(f"has_table_privilege(:role, :table, '{p}')" for p in _SHOWN)
            ),
            {"role": role, "table": f"{quote(schema)}.{quote(table)}"},
        ).one()
        held[table] = [p for p, has in zip(_SHOWN, found, strict=True) if has]
    return held
