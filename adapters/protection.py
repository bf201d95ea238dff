"""The store's own defences of its history.

The database itself refuses to UPDATE or DELETE (or, on PostgreSQL, TRUNCATE) the events and
their chain links: triggers made with the tables, and added to an older store by its next write.
Changing a recorded event then takes a deliberate step (dropping a trigger), which ``verify``
catches. And no write is stacked on a partnership whose last stored event no longer matches its
chain link: the write is refused, naming the partnership, version and log position.
"""

from __future__ import annotations

from typing import Any, NoReturn, cast
from uuid import UUID

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from adapters.chain import ChainedApplicationRecorder
from adapters.chain_links import GENESIS, event_hash
from domain.errors import RegisterError

REFUSAL = "the register's recorded history is never edited or deleted"
_QUOTED = REFUSAL.replace("'", "''")  # as an SQL string literal holds it


class BrokenChainError(RegisterError):
    """Raised when a write would extend a partnership whose stored history no longer matches
    its chain: someone changed the store outside the register."""


def _trigger_names(table: str) -> tuple[str, str]:
    return f"{table}_never_updated", f"{table}_never_deleted"


def _sqlite_triggers(table: str) -> list[str]:
    updated, deleted = _trigger_names(table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {action} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{_QUOTED}'); END"
        for name, action in ((updated, "UPDATE"), (deleted, "DELETE"))
    ]


def _postgres_function(prefix: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {prefix}_refuse_edits() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{_QUOTED} (% on %)', TG_OP, TG_TABLE_NAME "
        "USING ERRCODE = 'integrity_constraint_violation'; END $$"
    )


def _postgres_triggers(prefix: str, table: str) -> list[str]:
    updated, deleted = _trigger_names(table)
    return [
        f"CREATE OR REPLACE TRIGGER {updated} BEFORE UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {prefix}_refuse_edits()",
        f"CREATE OR REPLACE TRIGGER {deleted} BEFORE DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_refuse_edits()",
    ]


def protect(connection: Connection, prefix: str, tables: list[str]) -> None:
    """Makes the database refuse edits and deletions of the named tables, where it does not yet."""
    if connection.dialect.name == "sqlite":
        for table in tables:
            for statement in _sqlite_triggers(table):
                connection.execute(text(statement))
        return
    wanted = {(table, name) for table in tables for name in _trigger_names(table)}
    present = {
        (str(table), str(name))
        for table, name in connection.execute(
            text(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.oid = ANY(CAST(:tables AS regclass[])) AND NOT t.tgisinternal"
            ),
            {"tables": tables},
        )
    }
    if wanted <= present:
        return
    connection.execute(text(_postgres_function(prefix)))
    for table in tables:
        for statement in _postgres_triggers(prefix, table):
            connection.execute(text(statement))


class ProtectedApplicationRecorder(ChainedApplicationRecorder):
    """The chained recorder whose tables refuse edits, and which refuses to extend a
    partnership whose stored history no longer matches its chain."""

    def __init__(
        self, datastore: Any, *, events_table_name: str, schema_name: str | None = None
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name, schema_name=schema_name)
        self._prefix = events_table_name.removesuffix("_events")
        self._protected_tables = [events_table_name, self.chain.name, self.tree.name]
        self._events_name = self.events_record_cls.__table__.fullname
        self._protection_checked = False

    def create_table(self) -> None:
        engine = cast(Engine, self.datastore.engine)
        new = not inspect(engine).has_table(self.events_table_name, schema=self.schema_name)
        super().create_table()
        if new:
            with engine.begin() as connection:
                protect(connection, self._prefix, self._protected_tables)

    def _before_linking(self, session: Session, firsts: dict[str, int]) -> None:
        if not self._protection_checked:
            protect(session.connection(), self._prefix, self._protected_tables)
            self._protection_checked = True
        for partnership_id, version in firsts.items():
            self._check_head(session, partnership_id, version)

    def _check_head(self, session: Session, partnership_id: str, version: int) -> None:
        """The partnership's last stored event (before ``version``) still matches its chain
        link, and the chain records nothing after it."""
        # Plain SQL for speed on the write path, as the chain's own reads: the table names are
        # the register's own and every value is a bound parameter.
        connection = session.connection()
        sqlite = connection.dialect.name == "sqlite"
        mark = "?" if sqlite else "%s"
        links = connection.exec_driver_sql(
            f"SELECT notification_id, originator_version, event_hash FROM {self._chain_name} "  # noqa: S608
            f"WHERE originator_id = {mark} AND originator_version >= {mark} "
            "ORDER BY originator_version",
            (partnership_id, version - 2),
        ).all()
        if version == 1:
            if links:
                self._refuse(
                    partnership_id, links[-1][1], links[-1][0], "its events are no longer stored"
                )
            return
        key = UUID(partnership_id)
        stored = connection.exec_driver_sql(
            f"SELECT id, topic, state FROM {self._events_name} "  # noqa: S608
            f"WHERE originator_id = {mark} AND originator_version = {mark}",
            (key.bytes if sqlite else key, version - 1),
        ).first()
        by_version = {int(v): (int(position), str(h)) for position, v, h in links}
        last = by_version.get(version - 1)
        if stored is None or last is None:
            position = last[0] if last else (stored[0] if stored else 0)
            self._refuse(partnership_id, version - 1, position, "the event or its link is missing")
        if max(by_version) != version - 1:
            position, _ = by_version[max(by_version)]
            self._refuse(
                partnership_id, max(by_version), position, "that event is no longer stored"
            )
        previous = by_version.get(version - 2, (0, GENESIS))[1] if version > 2 else GENESIS
        state = stored[2].encode() if isinstance(stored[2], str) else bytes(stored[2])
        hashed = event_hash(partnership_id, version - 1, stored[1], state, previous)
        if stored[0] != last[0] or hashed != last[1]:
            self._refuse(
                partnership_id, version - 1, int(stored[0]), "the stored event was altered"
            )

    @staticmethod
    def _refuse(partnership_id: str, version: int, position: int, why: str) -> NoReturn:
        raise BrokenChainError(
            f"partnership {partnership_id}: its stored history does not match its chain at "
            f"version {version}, log position {position} ({why}); nothing was recorded. "
            "'partnerships verify' names what was changed"
        )
