"""The register's contract again, on the stores councils use: an SQLite file and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.application.test_register import RegisterContract, establish, visit


class PersistentStoreContract(RegisterContract):
    def test_a_second_register_on_the_same_store_sees_everything(
        self, register: PartnershipRegister, env: dict[str, str]
    ) -> None:
        reference = establish(register)
        visit(register, reference, date(2016, 9, 15))
        other = PartnershipRegister(env)
        try:
            assert other.status(reference).visits.total == 1
            assert [s.reference for s in other.statuses()] == [reference]
        finally:
            close(other)


class TestOnSQLiteFile(PersistentStoreContract):
    @pytest.fixture
    def env(self, sqlite_url: str) -> dict[str, str]:
        return environment(sqlite_url)


class TestOnPostgreSQL(PersistentStoreContract):
    @pytest.fixture
    def env(self, postgres_url: str) -> dict[str, str]:
        return environment(postgres_url)
