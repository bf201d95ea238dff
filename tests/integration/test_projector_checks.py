"""The projector takes on no event that does not match its hash chain: neither a catch-up nor a
rebuild, in this process or in worker processes; it stops naming the first position that does
not match, and the reports keep their last good state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import inspect, select, update

from adapters.read_models import HistoryMismatchError, ReadModels
from adapters.read_models import views as read_model_views
from domain.register import PartnershipRegister
from tests.application.test_register import visit
from tests.integration.test_tamper_evidence import TARNOW, history
from tests.tampering import drop_protection


def tables(models: ReadModels) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, table by table, and every table's name."""
    engine: Any = models._engine
    with engine.connect() as connection:
        rows = {
            table.name: sorted(tuple(r) for r in connection.execute(select(table)))
            for view in read_model_views.VIEWS
            for table in view.tables
        }
    return rows | {"": sorted(inspect(engine).get_table_names())}


def edit(register: PartnershipRegister, position: int, old: bytes, new: bytes) -> None:
    """Rewrites a stored event's state behind the register's back."""
    recorder: Any = register.recorder
    events = recorder.events_record_cls.__table__
    with recorder.datastore.engine.begin() as connection:
        drop_protection(connection)
        state = connection.execute(select(events.c.state).where(events.c.id == position)).scalar()
        assert old in bytes(state)
        connection.execute(
            update(events)
            .where(events.c.id == position)
            .values(state=bytes(state).replace(old, new))
        )


def renumber(register: PartnershipRegister, position: int, version: int) -> None:
    """Gives a stored event another version behind the register's back."""
    recorder: Any = register.recorder
    events = recorder.events_record_cls.__table__
    with recorder.datastore.engine.begin() as connection:
        drop_protection(connection)
        connection.execute(
            update(events).where(events.c.id == position).values(originator_version=version)
        )


def audited(models: ReadModels) -> list[int]:
    return [row.position for row in models.audit()]


class ProjectorChecksContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_a_rebuild_refuses_an_edited_amount_and_the_reports_stay_as_they_were(
        self, register: PartnershipRegister
    ) -> None:
        history(register)
        models = ReadModels(register)
        models.catch_up()
        before = tables(models)
        edit(register, 6, b'"3500.00"', b'"9500.00"')

        with pytest.raises(HistoryMismatchError, match="log position 6") as refused:
            models.rebuild()

        assert "altered" in str(refused.value)
        assert tables(models) == before
        assert models.totals_by_year()[0].total == Decimal("3500.00")

    def test_a_catch_up_takes_on_the_events_before_an_edited_one_and_stops_there(
        self, register: PartnershipRegister
    ) -> None:
        history(register)
        models = ReadModels(register)
        models.catch_up()
        visit(register, TARNOW, date(2014, 1, 1))
        visit(register, TARNOW, date(2015, 1, 1))
        edit(register, 9, b"2015-01-01", b"2015-01-02")

        with pytest.raises(HistoryMismatchError, match="log position 9"):
            models.catch_up()

        assert audited(models) == list(range(1, 9))
        with pytest.raises(HistoryMismatchError, match="log position 9"):
            models.catch_up()  # and again, for as long as the event stays edited

    def test_an_event_written_outside_the_register_is_not_taken_on(
        self, register: PartnershipRegister
    ) -> None:
        history(register)
        models = ReadModels(register)
        models.catch_up()
        recorder: Any = register.recorder
        events = recorder.events_record_cls.__table__
        with recorder.datastore.engine.begin() as connection:
            copied = connection.execute(select(events).where(events.c.id == 7)).one()._asdict()
            copied.pop("id")
            connection.execute(events.insert().values(copied | {"originator_version": 4}))

        with pytest.raises(HistoryMismatchError, match="no chain link"):
            models.catch_up()

        assert audited(models) == list(range(1, 8))

    def test_a_rebuild_refuses_events_put_in_another_order(
        self, register: PartnershipRegister
    ) -> None:
        history(register)
        models = ReadModels(register)
        models.catch_up()
        before = tables(models)
        renumber(register, 3, 99)
        renumber(register, 4, 2)
        renumber(register, 3, 3)

        with pytest.raises(HistoryMismatchError, match="log position 3"):
            models.rebuild()

        assert tables(models) == before

    def test_worker_processes_refuse_an_edited_event_as_the_projector_does(
        self, register: PartnershipRegister
    ) -> None:
        history(register)
        for year in range(2014, 2024):
            visit(register, TARNOW, date(year, 1, 1))
        models = ReadModels(register)
        models.catch_up()
        before = tables(models)
        edit(register, 12, b"2018-01-01", b"2018-01-02")

        with pytest.raises(HistoryMismatchError, match="log position 12"):
            ReadModels(register, page=2).rebuild()  # 17 events: built by workers

        assert tables(models) == before


class TestOnSQLiteFile(ProjectorChecksContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url

    def test_worker_processes_stop_a_catch_up_after_the_last_event_that_matches(
        self, register: PartnershipRegister
    ) -> None:
        history(register)
        models = ReadModels(register)
        models.catch_up()
        for year in range(2014, 2024):
            visit(register, TARNOW, date(year, 1, 1))
        edit(register, 12, b"2018-01-01", b"2018-01-02")

        with pytest.raises(HistoryMismatchError, match="log position 12"):
            ReadModels(register, page=2).catch_up()

        assert audited(models) == list(range(1, 12))


class TestOnPostgreSQL(ProjectorChecksContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
