"""Fixtures shared by the integration tests: each test class names its store by a ``url``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.storage import close, environment
from domain.register import PartnershipRegister
from tests.application.test_register import TODAY


@pytest.fixture
def register(url: str) -> Iterator[PartnershipRegister]:
    """An empty register in the test class's store, whose today is fixed."""
    register = PartnershipRegister(environment(url), today=lambda: TODAY)
    yield register
    close(register)
