"""A PostgreSQL copy of a synthetic register for benchmarks: a database of the bench's own,
created, filled from the SQLite file with COPY (events and chain as stored), and dropped."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import orjson
import psycopg

from adapters.storage import close, environment
from domain.register import PartnershipRegister

SERVER = "host=127.0.0.1 port=5432 user=postgres"


@contextmanager
def copied(path: Path) -> Iterator[str]:
    """The URL of a new PostgreSQL database holding the SQLite register's events and chain,
    dropped afterwards."""
    name = f"partnerships_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{SERVER} dbname=postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        close(PartnershipRegister(environment(url)))  # the store's own tables
        _fill(path, name)
        yield url
    finally:
        with psycopg.connect(f"{SERVER} dbname=postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fill(path: Path, name: str) -> None:
    source = sqlite3.connect(path)
    with psycopg.connect(f"{SERVER} dbname={name}") as target, target.cursor() as cursor:
        with cursor.copy(
            "COPY partnerships_events (id, originator_id, originator_version, topic, state) "
            "FROM STDIN"
        ) as copy:
            for position, stored_id, version, topic, state in source.execute(
                "SELECT id, originator_id, originator_version, topic, state "
                "FROM partnerships_events ORDER BY id"
            ):
                copy.write_row((position, UUID(bytes=stored_id), version, topic, state))
        with cursor.copy(
            "COPY partnerships_chain (notification_id, originator_id, originator_version, "
            "event_hash, log_digest) FROM STDIN"
        ) as copy:
            for row in source.execute("SELECT * FROM partnerships_chain ORDER BY notification_id"):
                copy.write_row(row)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('partnerships_events', 'id'), "
            "(SELECT max(id) FROM partnerships_events))"
        )
        cursor.execute("ANALYZE")
    source.close()


def raw_read(url: str) -> tuple[int, int]:
    """Reads every event with psycopg through a server-side cursor and parses its state with
    orjson, as the ceiling: the events and bytes read."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    count = size = 0
    with psycopg.connect(dsn) as connection, connection.cursor(name="raw") as cursor:
        cursor.itersize = 2_000
        cursor.execute(
            "SELECT id, originator_id, originator_version, topic, state "
            "FROM partnerships_events ORDER BY id"
        )
        for row in cursor:
            orjson.loads(row[4])
            count += 1
            size += len(row[4])
    return count, size
