"""A rebuild keeps the reports answering: readers in other processes, asking again and again
while the views are rebuilt beside the current ones and swapped in, never fail and always get
the answer they got before the rebuild (which is the answer after it)."""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

import pytest

from adapters.read_models import ReadModels
from adapters.storage import opened
from tests.benchmarks.synthetic import generate

READERS = 2


def answers(models: ReadModels) -> tuple[Any, ...]:
    """What a reader of the reports sees: every status, the totals by year, and one
    partnership's audit trail, visits and expenses."""
    statuses = models.statuses()
    first = statuses[0].partnership_id
    return (
        statuses,
        models.totals_by_year(),
        [(r.position, r.summary) for r in models.audit(first)],
        models.visits(first),
        models.expenses(first),
    )


def keep_reading(url: str, expected: Any, stop: Any, results: Any) -> None:
    """Asks the reports again and again until told to stop, as read commands do (each first
    catching up); puts how many answers it got, and the first that differed or failed."""
    count, problem = 0, None
    with opened(url) as register:
        while not stop.is_set() and problem is None:
            try:
                models = ReadModels(register)
                models.catch_up()
                if answers(models) != expected:
                    problem = f"answer {count + 1} differed from the one before the rebuild"
            except Exception as error:  # noqa: BLE001 (what a reader meets is the finding)
                problem = f"answer {count + 1} failed: {type(error).__name__}: {error}"
            count += 1
    results.put((count, problem))


class RebuildReadersContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_readers_get_the_same_answers_throughout_a_rebuild(self, url: str) -> None:
        generate(url, 6_000)
        with opened(url) as register:
            models = ReadModels(register)
            models.catch_up()
            before = answers(models)
        context = multiprocessing.get_context("spawn")
        stop, results = context.Event(), context.Queue()
        readers = [
            context.Process(target=keep_reading, args=(url, before, stop, results))
            for _ in range(READERS)
        ]
        for reader in readers:
            reader.start()
        try:
            with opened(url) as register:
                models = ReadModels(register, page=200)  # a rebuild of many transactions
                time.sleep(1.0)  # the readers under way
                models.rebuild()
                after = answers(models)
                time.sleep(0.5)
        finally:
            stop.set()
            got = [results.get(timeout=120) for _ in readers]
            for reader in readers:
                reader.join(timeout=60)
        assert after == before
        assert [problem for _, problem in got] == [None] * READERS
        assert all(count > 1 for count, _ in got), got


class TestOnSQLiteFile(RebuildReadersContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url


class TestOnPostgreSQL(RebuildReadersContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
