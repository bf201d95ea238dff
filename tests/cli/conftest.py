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
