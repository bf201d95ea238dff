"""A long history is verified by worker processes, and verify answers exactly as one process.

The workers only confirm an intact history; wherever they find a problem, the one-process
verify names it. Here every history counts as long and a page holds two events, so that pages
start in the middle of partnerships' chains. (test_tamper_evidence runs every tampering through
the workers too.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from adapters import chain, parallel_verify
from adapters.chain_links import GENESIS
from domain.register import PartnershipRegister
from tests.application.test_register import STAFFORDSHIRE, establish, visit
from tests.integration.test_tamper_evidence import (
    TARNOW,
    every_history_to_workers,
    execute,
    stored,
    tables,
)


@pytest.fixture(autouse=True)
def workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every history is long enough for workers, and their pages two events long."""
    every_history_to_workers(monkeypatch)


def alone(register: PartnershipRegister, kept: chain.Digest | None = None) -> chain.Verification:
    """What the one-process verify finds, with no workers."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(parallel_verify, "WORTH_WORKERS", 10**12)
        return chain.verify_register(register, kept)


def by_workers(
    register: PartnershipRegister, kept: chain.Digest | None = None
) -> chain.Verification | None:
    """What the workers confirm (None: they leave it to the one-process verify)."""
    seen: list[int] = []
    head = chain.register_digest(register).position  # the last event's, all being linked
    confirmed = parallel_verify.verified_in_workers(_recorder(register), head, kept, seen.append)
    if confirmed is not None:
        assert seen[-1] == confirmed.events  # the progress shown reached every event
    return confirmed


def _recorder(register: PartnershipRegister) -> Any:
    recorder: Any = register.recorder
    return recorder


def interleaved(register: PartnershipRegister) -> None:
    """Three partnerships whose events take turns in the log, so that a page starts in the
    middle of each one's chain."""
    for city in ("Ivanovo", "Tarnów", "Ancona"):
        establish(register, city)
    for year in range(2001, 2008):
        for reference in (STAFFORDSHIRE, TARNOW, "staffordshire-county-council--ancona"):
            visit(register, reference, date(year, 6, 1))


class VerifyInWorkersContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_workers_confirm_an_intact_history_as_one_process_finds_it(
        self, register: PartnershipRegister
    ) -> None:
        interleaved(register)
        confirmed = by_workers(register)
        assert confirmed is not None
        assert confirmed == alone(register)
        assert (confirmed.events, confirmed.partnerships, confirmed.position) == (24, 3, 24)

    @pytest.mark.parametrize("position", [0, 1, 11, 24])
    def test_with_a_kept_digest_the_same_as_one_process(
        self, register: PartnershipRegister, position: int
    ) -> None:
        interleaved(register)
        kept = chain.Digest(position, _digest_at(register, position))
        confirmed = by_workers(register, kept)
        assert confirmed is not None
        assert confirmed == alone(register, kept)
        assert (confirmed.digest_checked, confirmed.events_after_digest) == (True, 24 - position)

    @pytest.mark.parametrize(
        "kept",
        [lambda d: chain.Digest(11, "0" * 64), lambda d: chain.Digest(30, d)],
        ids=["another digest", "beyond the history"],
    )
    def test_a_kept_digest_that_does_not_match_is_left_to_one_process(
        self, register: PartnershipRegister, kept: Callable[[str], chain.Digest]
    ) -> None:
        interleaved(register)
        digest = kept(chain.register_digest(register).digest)
        assert by_workers(register, digest) is None
        assert not chain.verify_register(register, digest).intact

    def test_an_edited_event_mid_page_is_left_to_one_process(
        self, register: PartnershipRegister
    ) -> None:
        interleaved(register)
        events, _, _ = tables(register)
        state = bytes(stored(register, 17).state).replace(b"Guests", b"Guesss")
        execute(register, update(events).where(events.c.id == 17).values(state=state))
        assert by_workers(register) is None
        result = chain.verify_register(register)
        assert result == alone(register)
        assert result.problem_position == 17


def _digest_at(register: PartnershipRegister, position: int) -> str:
    """The register digest as it stood after the event at the log position."""
    _, links, engine = tables(register)
    if position == 0:
        return GENESIS
    with engine.connect() as connection:
        return str(
            connection.execute(
                links.select()
                .with_only_columns(links.c.log_digest)
                .where(links.c.notification_id == position)
            ).scalar_one()
        )


class TestOnSQLiteFile(VerifyInWorkersContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url


class TestOnPostgreSQL(VerifyInWorkersContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
