"""Fixtures of the command-line tests: the command pointed at a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

from .command import Partnerships


@pytest.fixture(
    params=[
        pytest.param("sqlite_url", id="sqlite"),
        pytest.param("postgres_url", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest) -> str:
    """A fresh store, once as an SQLite file and once as a PostgreSQL database."""
    url: str = request.getfixturevalue(request.param)
    return url


@pytest.fixture
def partnerships(store_url: str, tmp_path: Path) -> Partnerships:
    """The command pointed at a fresh store of each kind."""
    return Partnerships(db=store_url, cwd=tmp_path)


# More than two pages of 20,000 events: a rebuild of them runs in worker processes.
LONG_LOG_EVENTS = 50_000


@pytest.fixture(scope="session")
def long_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store holding enough events for a rebuild with worker processes (tests copy
    it before they change it)."""
    from tests.benchmarks.synthetic import generate  # noqa: PLC0415 (only these tests)

    path = tmp_path_factory.mktemp("long") / "register.db"
    generate(f"sqlite:///{path}", LONG_LOG_EVENTS)
    return path
