"""Fixtures shared by every kind of test: the stores the register can be kept in."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

# The headless Chromium fixture (`browser`) for tests that read pages as a person does, and the
# acceptance tests' step modules beyond their conftest.py.
pytest_plugins = [
    "tests.browser",
    "tests.acceptance.recording_steps",
    "tests.acceptance.report_steps",
    "tests.acceptance.time_travel_steps",
    "tests.acceptance.correction_steps",
    "tests.acceptance.integrity_steps",
    "tests.acceptance.rebuilding_steps",
    "tests.acceptance.invisible_text_steps",
    "tests.acceptance.ledgers",
    "tests.acceptance.evidence_steps",
    "tests.acceptance.publishing_steps",
    "tests.acceptance.the_case",
]

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


def _postgres_answers() -> bool:
    try:
        with psycopg.connect(_ADMIN_DSN):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL server's URL; a failure when CI=true and it does not answer."""
    if not _postgres_answers():
        message = "PostgreSQL is not answering on 127.0.0.1:5432"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}, and CI=true requires it", pytrace=False)
        pytest.skip(f"{message} (under CI=true this fails instead)")
    return POSTGRES_SERVER


def _database(server: str) -> Iterator[str]:
    name = f"partnerships_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    yield from _database(postgres_server)


@pytest.fixture
def other_postgres_url(postgres_server: str) -> Iterator[str]:
    """A second new, empty PostgreSQL database for the same test, dropped afterwards."""
    yield from _database(postgres_server)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A new SQLite file for one test."""
    return f"sqlite:///{tmp_path / 'register.db'}"
