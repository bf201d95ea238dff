"""A nearly full disk under a PostgreSQL store: every kind of write exits 0 only when its events
were stored, and a write refused for want of space stores nothing and says the disk is full.

The store's database is kept in a tablespace of its own on a small filesystem (tmpfs), which
the test fills nearly to the brim; the server's write-ahead log stays on its own disk, as a
council's would when only the data disk fills."""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.conftest import POSTGRES_SERVER

from .command import Outcome, Partnerships, run
from .faults import ESTABLISH_OTHER, assert_truthful, demo_ids, stored_events, writes

ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=10"


def _refuse(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _admin(statement: str) -> list[tuple[object, ...]]:
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        cursor = admin.execute(statement)  # type: ignore[call-overload]
        return cursor.fetchall() if cursor.description else []


@dataclass(frozen=True)
class SmallDisk:
    """A filesystem of a few MB, and a tablespace of the server on it."""

    folder: Path
    tablespace: str
    database: str

    def free_bytes(self) -> int:
        found = os.statvfs(self.folder)
        return found.f_bavail * found.f_frsize

    def database_from(self, template: str, free: int) -> str:
        """A fresh copy of the template database in the tablespace, on a disk with ``free``
        bytes left; returns its URL."""
        _admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        _admin(
            f'CREATE DATABASE "{self.database}" TEMPLATE "{template}" '
            f'TABLESPACE "{self.tablespace}"'
        )
        # A first connection writes the server's cache file of the new database, as any store
        # in use has one: the writes below then meet a full disk, not a connection refused.
        with psycopg.connect(ADMIN.replace("dbname=postgres", f"dbname={self.database}")):
            pass
        filler = self.folder / "filler"
        with filler.open("wb") as filling:
            left = self.free_bytes() - free
            while left > 0:
                left -= filling.write(b"\0" * min(left, 1 << 20))
        return f"{POSTGRES_SERVER}/{self.database}"

    def emptied(self) -> None:
        (self.folder / "filler").unlink(missing_ok=True)


@pytest.fixture
def small_disk(postgres_server: str) -> Iterator[SmallDisk]:
    """A 32 MB tmpfs owned by the server's account, as a tablespace; mounting it needs root and
    the server on this machine, so elsewhere the test is skipped (failed under CI=true)."""
    data = _admin("SHOW data_directory")[0][0]
    if not Path(str(data)).is_dir():
        _refuse(f"the PostgreSQL server's data directory {data} is not on this machine")
    owner = Path(str(data)).stat()
    folder = Path(tempfile.mkdtemp(prefix="partnerships-disk-"))
    mounted = subprocess.run(
        [
            "mount",
            "-t",
            "tmpfs",
            "-o",
            f"size=32m,uid={owner.st_uid},gid={owner.st_gid},mode=0700",
            "tmpfs",
            str(folder),
        ],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        _refuse(f"cannot mount a small filesystem: {mounted.stderr.decode().strip()}")
    unique = uuid.uuid4().hex[:10]
    tablespace, database = f"partnerships_small_{unique}", f"partnerships_full_disk_{unique}"
    try:
        _admin(f"CREATE TABLESPACE \"{tablespace}\" LOCATION '{folder}'")
        try:
            yield SmallDisk(folder, tablespace, database)
        finally:
            (folder / "filler").unlink(missing_ok=True)
            _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            _admin(f'DROP TABLESPACE "{tablespace}"')
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def test_every_write_on_a_nearly_full_postgresql_disk_exits_0_only_when_stored(
    small_disk: SmallDisk, postgres_url: str, other_postgres_url: str, tmp_path: Path
) -> None:
    plain, with_demo = postgres_url, other_postgres_url
    assert Partnerships(db=plain, cwd=tmp_path)(*ESTABLISH_OTHER).code == 0
    demo = Partnerships(db=with_demo, cwd=tmp_path)
    assert demo(*ESTABLISH_OTHER).code == 0
    assert demo("demo").code == 0
    cases = [("demo", plain, ("demo",), 10)] + [
        (name, with_demo, args, events) for name, args, events in writes(demo_ids(demo))
    ]
    refused: list[str] = []
    warned: list[str] = []
    for name, template, args, events in cases:
        before = stored_events(template)
        template_name = template.rsplit("/", 1)[1]

        def attempt(free: int) -> tuple[Outcome, bool]:
            url = small_disk.database_from(template_name, free)  # noqa: B023
            try:
                outcome = run(*args, "--db", url, cwd=tmp_path)  # noqa: B023
            finally:
                small_disk.emptied()
            after = stored_events(url)
            assert_truthful(outcome, before, after, events)  # noqa: B023
            return outcome, after > before  # noqa: B023

        # From no space at all, more and more: every run tells the truth, until it is stored.
        free = 0
        while True:
            outcome, stored = attempt(free)
            if not stored:
                assert outcome.code == 1, (name, outcome)
                assert "the disk is full" in outcome.stderr, (name, outcome)
                assert "nothing was recorded" in outcome.stderr, (name, outcome)
                refused.append(name)
            elif outcome.stderr:  # stored, but the reports found no room to follow
                assert "could not be brought up to date" in outcome.stderr, (name, outcome)
                assert "the disk is full" in outcome.stderr, (name, outcome)
                warned.append(name)
                break
            else:
                break
            free = max(8192, free * 2)
            assert free < small_disk.free_bytes(), name
    # Where an existing page has room, a write needs no more disk; most writes need some.
    assert len(refused) >= len(cases) // 2, (refused, warned)
