"""Tamper evidence: every stored event is hash-chained, and the register keeps a running digest.

Each event's hash covers its partnership, version, type (topic), its stored state (business data,
who recorded it, on what evidence and when, as canonical JSON with sorted keys) and the previous
event's hash of the same partnership. The register digest chains every event hash in log order.
Both are written in the same transaction as the events, into ``<name>_chain``.

An auditor keeps a digest and its log position (``partnerships digest``); ``verify`` later
recomputes everything from the stored events and names the first place that does not match.
Someone with write access could recompute the chain after an edit, which is why the digest the
auditor keeps outside the register is what finally proves the history unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from hashlib import sha256 as _sha256
from typing import Any, cast

from eventsourcing.persistence import StoredEvent
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from adapters import parallel_verify
from adapters.chain_links import GENESIS, Digest, Verification, event_hash, next_digest
from adapters.chain_links import ChainMismatchError as _MismatchError
from adapters.chain_links import as_bytes as _as_bytes
from adapters.chain_links import diagnose as _diagnose
from adapters.chain_links import uuid_text as _uuid_text
from adapters.evidence import tree

PAGE = 20_000
# A chain link's columns, in the order the write path inserts them.
_LINK_COLUMNS = (
    "notification_id",
    "originator_id",
    "originator_version",
    "event_hash",
    "log_digest",
)


def chain_table(events_table_name: str, schema: str | None) -> Table:
    name = events_table_name.removesuffix("_events") + "_chain"
    big = BigInteger().with_variant(Integer(), "sqlite")
    return Table(
        name,
        MetaData(schema=schema),
        Column("notification_id", big, primary_key=True, autoincrement=False),
        Column("originator_id", String(36), nullable=False),
        Column("originator_version", big, nullable=False),
        Column("event_hash", String(64), nullable=False),
        Column("log_digest", String(64), nullable=False),
        Index(f"{name}_aggregate_idx", "originator_id", "originator_version", unique=True),
    )


class ChainedApplicationRecorder(SQLAlchemyApplicationRecorder):
    """Stores events as the library does, and their chain links in the same transaction."""

    def __init__(
        self, datastore: Any, *, events_table_name: str, schema_name: str | None = None
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name, schema_name=schema_name)
        self.chain = chain_table(events_table_name, schema_name)
        self.tables.append(self.chain)
        self._chain_name = self.chain.fullname
        self._may_lock: bool | None = None
        self.tree = tree.tree_table(events_table_name, schema_name)
        self.tables.append(self.tree)

    def _lock_table(self, session: Session) -> None:
        """On PostgreSQL, locks the events table as the library does when the role may (the
        owner), and otherwise as an officer may: through the owner's locking function."""
        connection = session.connection()
        if connection.dialect.name != "postgresql":
            super()._lock_table(session)
            return
        table = self.events_table_name
        if self.schema_name is not None:
            table = f"{self.schema_name}.{table}"
        if self._may_lock is None:
            self._may_lock = _may_lock(connection, table)
        if self._may_lock:
            connection.exec_driver_sql(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        else:
            connection.exec_driver_sql(f"SELECT {lock_function(table)}()")

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        # The library has locked the events table (PostgreSQL) or holds SQLite's write lock
        # by now, so the last digest read below is the last one committed.
        ids = super()._insert_stored_events(session, stored_events, **kwargs)
        firsts: dict[str, int] = {}
        for stored in stored_events:
            firsts.setdefault(str(stored.originator_id), stored.originator_version)
        self._before_linking(session, firsts)
        digest, previous = self._links_before(session, firsts)
        rows = []
        for notification_id, stored in zip(ids, stored_events, strict=True):
            partnership_id = str(stored.originator_id)
            version = stored.originator_version
            hashed = event_hash(
                partnership_id, version, stored.topic, stored.state, previous[partnership_id]
            )
            digest = next_digest(digest, hashed)
            previous[partnership_id] = hashed
            rows.append(
                {
                    "notification_id": notification_id,
                    "originator_id": partnership_id,
                    "originator_version": version,
                    "event_hash": hashed,
                    "log_digest": digest,
                }
            )
        mark = "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
        session.connection().exec_driver_sql(  # plain SQL on the write path, as below
            f"INSERT INTO {self._chain_name} ({', '.join(_LINK_COLUMNS)}) "  # noqa: S608
            f"VALUES ({', '.join([mark] * len(_LINK_COLUMNS))})",
            [tuple(r[c] for c in _LINK_COLUMNS) for r in rows],
        )
        self._append_to_tree(session, rows)
        return ids

    def _append_to_tree(self, session: Session, rows: list[dict[str, Any]]) -> None:
        """Grows the receipts' Merkle tree by the new events, in the same transaction."""
        tables = tree.TreeTables(
            self.tree.fullname, self._chain_name, session.get_bind().dialect.paramstyle
        )
        links = [(row["notification_id"], row["event_hash"]) for row in rows]
        tree.append_in_transaction(session.connection(), tables, links)

    def _before_linking(self, session: Session, firsts: dict[str, int]) -> None:
        """Called with the write lock held, before new events are linked, with each
        partnership's first new version: a subclass may refuse the write here."""

    def _links_before(self, session: Session, firsts: dict[str, int]) -> tuple[str, dict[str, str]]:
        """The register digest so far, and the hash of the event before the first new one of
        each partnership: one plain query for the usual single partnership."""
        chained = [pid for pid, version in firsts.items() if version > 1]
        mark = "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
        # Plain SQL for speed on the write path: the table name is the register's own and
        # every value is a bound parameter.
        table = self._chain_name
        latest = f"SELECT log_digest FROM {table} ORDER BY notification_id DESC LIMIT 1"  # noqa: S608
        before = (
            f"SELECT event_hash FROM {table} "  # noqa: S608
            f"WHERE originator_id = {mark} AND originator_version = {mark}"
        )
        sql = f"SELECT ({latest})" + "".join(f", ({before})" for _ in chained)
        params = tuple(v for pid in chained for v in (pid, firsts[pid] - 1))
        found = session.connection().exec_driver_sql(sql, params).one()
        previous = dict.fromkeys(firsts, GENESIS)
        previous.update({pid: h or GENESIS for pid, h in zip(chained, found[1:], strict=True)})
        return found[0] or GENESIS, previous


def lock_function(events_table: str) -> str:
    """The function through which officers lock the events table (``partnerships grant``
    creates it, running as the table's owner)."""
    return events_table.removesuffix("_events") + "_lock_events"


def _may_lock(connection: Connection, events_table: str) -> bool:
    """Whether the connected role may lock the events table itself: PostgreSQL allows the
    exclusive lock to roles that may update, delete or truncate the table (its owner)."""
    found = connection.execute(
        text(
            "SELECT has_table_privilege(:t, 'UPDATE') OR has_table_privilege(:t, 'DELETE') "
            "OR has_table_privilege(:t, 'TRUNCATE')"
        ),
        {"t": events_table},
    ).scalar_one()
    return bool(found)


class ChainedSQLAlchemyFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy, with the hash chain kept beside the events."""

    application_recorder_class = ChainedApplicationRecorder


def current_digest(recorder: ChainedApplicationRecorder) -> Digest:
    """The register digest as recorded at the head of the log."""
    chain = recorder.chain.c
    with recorder.datastore.transaction(commit=False) as session:
        row = session.execute(
            select(chain.notification_id, chain.log_digest)
            .order_by(chain.notification_id.desc())
            .limit(1)
        ).first()
    if row is None:
        return Digest(position=0, digest=GENESIS)
    return Digest(position=int(row[0]), digest=str(row[1]))


def _stored_rows(
    recorder: ChainedApplicationRecorder, *, orphans: bool
) -> Iterator[tuple[Any, ...]]:
    """Every event with its chain link, in log order, and (when ``orphans``) every link whose
    event is gone, in its place in that order.

    Rows: position, partnership, version, topic, state, and the link's partnership, version,
    event hash and log digest (None where there is no link, or no event).
    """
    events = recorder.events_record_cls.__table__
    chain = recorder.chain
    engine = cast(Engine, recorder.datastore.engine)
    # The hot read, as plain SQL through the driver: the table names are the register's own.
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    joined = (
        "SELECT e.id, e.originator_id, e.originator_version, e.topic, e.state, "  # noqa: S608
        "c.originator_id, c.originator_version, c.event_hash, c.log_digest "
        f"FROM {events.fullname} e LEFT OUTER JOIN {chain.fullname} c "
        f"ON c.notification_id = e.id WHERE e.id > {mark} ORDER BY e.id LIMIT {PAGE}"
    )
    look_for_orphans = orphans
    orphaned = (
        select(
            chain.c.notification_id,
            chain.c.originator_id,
            chain.c.originator_version,
            chain.c.event_hash,
            chain.c.log_digest,
        )
        .select_from(chain.outerjoin(events, events.c.id == chain.c.notification_id))
        .where(events.c.id.is_(None))
        .order_by(chain.c.notification_id)
    )
    with engine.connect() as connection:
        missing = []
        if look_for_orphans:
            missing = [
                (row[0], None, None, None, None, row[1], row[2], row[3], row[4])
                for row in connection.execute(orphaned)
            ]
        for page in _pages(connection, joined):
            if not missing:
                yield from page
            else:
                for row in page:
                    while missing and missing[0][0] < row[0]:
                        yield missing.pop(0)
                    yield tuple(row)
    yield from missing


def _pages(connection: Any, joined: str) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of the joined query, page by page: on PostgreSQL from one server-side cursor
    (one query, read as it goes), elsewhere in keyset pages."""
    raw: Any = connection.connection.dbapi_connection
    if connection.dialect.name == "postgresql":
        everything = joined.split(" WHERE e.id >", 1)[0] + " ORDER BY e.id"
        with raw.cursor(name="verify") as cursor:
            cursor.itersize = PAGE
            cursor.execute(everything)
            while page := cursor.fetchmany(PAGE):
                yield page
        return
    cursor = raw.cursor()
    last = 0
    try:
        while True:
            cursor.execute(joined, (last,))
            page = cursor.fetchall()
            if not page:
                return
            yield page
            last = page[-1][0]
    finally:
        cursor.close()


def verify(
    recorder: ChainedApplicationRecorder,
    *,
    kept: Digest | None = None,
    progress: Callable[[int], None] = lambda _: None,
) -> Verification:
    """Recomputes every event hash and the register digest from the stored events; with a digest
    the auditor kept, also proves the history up to its position unchanged. A long history is
    checked by worker processes first; this process names the first problem, if there is one."""
    head, events, links = _counted(recorder)
    if links == events and events and events >= parallel_verify.WORTH_WORKERS:
        confirmed = parallel_verify.verified_in_workers(recorder, head, kept, progress)
        if confirmed is not None:
            return confirmed
    # With as many links as events, a link whose event is gone means an event with no link of
    # its own, which the reading finds: only then are the links read again for their events.
    orphans = links != events
    result = _verified(recorder, kept, progress, orphans=orphans)
    if not result.intact and not orphans:
        result = _verified(recorder, kept, lambda _: None, orphans=True)
    return result


def _counted(recorder: ChainedApplicationRecorder) -> tuple[int, int, int]:
    """The last log position, the events and the chain links the store holds (one moment's
    figures, in one statement)."""
    events, chain = recorder.events_record_cls.__table__.fullname, recorder.chain.fullname
    with cast(Engine, recorder.datastore.engine).connect() as connection:
        head, count, links = connection.exec_driver_sql(
            f"SELECT (SELECT max(id) FROM {events}), (SELECT count(*) FROM {events}), "  # noqa: S608
            f"(SELECT count(*) FROM {chain})"
        ).one()
    return int(head or 0), int(count), int(links)


def _verified(
    recorder: ChainedApplicationRecorder,
    kept: Digest | None,
    progress: Callable[[int], None],
    *,
    orphans: bool,
) -> Verification:
    """Verify's reading of the stored history in one process (with the links whose events
    are gone merged in, when ``orphans``)."""
    hashes: dict[str, str] = {}
    versions: dict[str, int] = {}
    digest = GENESIS
    position = 0
    events = 0
    after = 0
    checked = False
    names: dict[Any, str] = {}
    try:
        for row in _stored_rows(recorder, orphans=orphans):
            if kept is not None and not checked and row[0] > kept.position:
                _check_kept(kept, position, digest)
                checked = True
            # The usual case, kept lean: a known partnership's next version, linked as stored.
            partnership_id = names.get(row[1])
            if partnership_id is None:
                if row[1] is None:
                    _diagnose(row, versions, GENESIS, digest)
                partnership_id = names[row[1]] = _uuid_text(row[1])
            version = row[2]
            if (
                row[7] is None
                or row[5] != partnership_id
                or row[6] != version
                or version != versions.get(partnership_id, 0) + 1
            ):
                _diagnose(row, versions, GENESIS, digest)
            # event_hash and next_digest, written out: this runs for every event stored.
            state = row[4]
            previous = hashes.get(partnership_id, GENESIS)
            hashing = _sha256(f"{partnership_id}\n{version}\n{row[3]}\n{previous}\n".encode())
            hashing.update(state if type(state) is bytes else _as_bytes(state))
            hashed = hashing.hexdigest()
            digest = _sha256(f"{digest}{hashed}".encode()).hexdigest()
            if hashed != row[7] or digest != row[8]:
                _diagnose(row, versions, hashed, digest)
            hashes[partnership_id] = hashed
            versions[partnership_id] = version
            position = row[0]
            events += 1
            after += checked
            if events % PAGE == 0:
                progress(events)
        if kept is not None and not checked:
            _check_kept(kept, position, digest)
            checked = True
    except _MismatchError as found:
        return Verification(
            events=events,
            partnerships=len(versions),
            position=position,
            digest=digest,
            problem=str(found),
            partnership_id=found.partnership_id,
            version=found.version,
            problem_position=found.position,
        )
    progress(events)
    return Verification(
        events=events,
        partnerships=len(versions),
        position=position,
        digest=digest,
        digest_checked=checked,
        events_after_digest=after,
    )


def _check_kept(kept: Digest, position: int, digest: str) -> None:
    if position != kept.position:
        raise _MismatchError(
            f"the history no longer reaches log position {kept.position}, which your digest "
            f"covers (it stops at {position} there): events were removed",
            kept.position,
            None,
            None,
        )
    if digest != kept.digest:
        raise _MismatchError(
            f"the history up to log position {kept.position} does not match the digest you "
            "kept: it was rewritten after the digest was taken",
            kept.position,
            None,
            None,
        )


class NoChainError(Exception):
    """Raised when the register's store keeps no hash chain (the in-memory store)."""


def _chained(register: Any) -> ChainedApplicationRecorder:
    recorder = register.recorder
    if not isinstance(recorder, ChainedApplicationRecorder):
        raise NoChainError("this store keeps no hash chain; only SQLite and PostgreSQL stores do")
    return recorder


def register_digest(register: Any) -> Digest:
    """The register digest and the log position it covers, for an auditor to keep."""
    return current_digest(_chained(register))


def verify_register(
    register: Any, kept: Digest | None = None, progress: Callable[[int], None] = lambda _: None
) -> Verification:
    """Verifies the register's whole stored history (see ``verify``)."""
    return verify(_chained(register), kept=kept, progress=progress)


def event_count(register: Any) -> int:
    """How many events the register's log holds, for showing progress."""
    events = _chained(register).events_record_cls.__table__
    with cast(Engine, register.recorder.datastore.engine).connect() as connection:
        return int(connection.execute(select(func.count()).select_from(events)).scalar_one())
