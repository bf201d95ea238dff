"""Who may do what: granting a PostgreSQL role the right to record (officer) or only to read
(auditor)."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from adapters import access, render
from adapters.cli.common import (
    command,
    db_option,
    emit,
    json_option,
    register_at,
    validated,
)
from adapters.cli.exits import EXIT_REFUSED, InvalidInputError, fail
from adapters.read_models import ReadModels
from adapters.schemas import administration as schemas


@command()
@click.argument("kind", metavar="officer|auditor")
@click.argument("role")
@json_option
@db_option
def grant(db: str, as_json: bool, kind: str, role: str) -> None:
    """Let a PostgreSQL ROLE record (officer) or only read (auditor); nobody may change or
    delete a record. Run it as the owner of the register's tables."""
    values = validated(schemas.GrantInput(), {"kind": kind, "role": role})
    if _is_sqlite(db):
        fail(
            EXIT_REFUSED,
            "grant: an SQLite register has no accounts to grant to; "
            "who may record or read is decided by the file's permissions",
        )
    with register_at(db) as register:
        ReadModels(register)  # their tables must exist to be granted
        engine = register.recorder.datastore.engine  # type: ignore[attr-defined]
        try:
            with engine.begin() as connection:
                granted = access.grant(connection, register, values["kind"], values["role"])
        except access.RoleRefusedError as error:
            fail(EXIT_REFUSED, str(error))
    emit(as_json, schemas.GrantedDocument().dump(granted), render.granted_text(granted))


def _is_sqlite(db: str) -> bool:
    try:
        return make_url(db.strip()).get_backend_name() == "sqlite"
    except ArgumentError:
        raise InvalidInputError(f"--db: {db!r} is not a database URL") from None
