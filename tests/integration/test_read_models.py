"""The read models: rebuilt equals incremental, crash-safe, and never skipping an event."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, inspect, select, update

from adapters.read_models import ReadModels
from adapters.read_models import tables as read_model_tables
from adapters.read_models import views as read_model_views
from adapters.read_models.projector import Projector
from adapters.read_models.staging import Stager
from adapters.storage import close, environment, opened
from domain.errors import RegisterError
from domain.register import PartnershipRegister
from tests.application.test_register import STAFFORDSHIRE, TODAY, establish, visit
from tests.application.test_time_travel import commands, record
from tests.benchmarks.synthetic import generate

TARNOW = "staffordshire-county-council--tarnow"


def tables(models: ReadModels) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, table by table, in a fixed order."""
    engine: Any = models._engine
    with engine.connect() as connection:
        return {
            table.name: sorted(tuple(r) for r in connection.execute(select(table)))
            for view in read_model_views.VIEWS
            for table in view.tables
        }


def counted(monkeypatch: pytest.MonkeyPatch, method: str) -> Any:
    """Counts the calls of one of the projector's methods, which still does its work."""
    calls = []
    original = getattr(Projector, method)

    def counting(self: Projector, *args: Any) -> Any:
        calls.append(args)
        return original(self, *args)

    monkeypatch.setattr(Projector, method, counting)
    return lambda: len(calls)


def children(pid: int) -> set[int]:
    """The processes the given process started (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def outlived(pids: set[int], seconds: float) -> set[int]:
    """Those of the processes still running after waiting for them up to the given time."""
    deadline = time.monotonic() + seconds
    running = pids
    while running and time.monotonic() < deadline:
        time.sleep(0.1)
        running = {p for p in running if _alive(p)}
    return running


def _alive(pid: int) -> bool:
    """Whether a process runs still: it exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def record_history(register: PartnershipRegister, models: ReadModels) -> None:
    """A mixed history of two partnerships, the read models caught up after every command."""
    establish(register, "Ivanovo")
    models.catch_up()
    establish(register, "Tarnów")
    models.catch_up()
    for n in range(12):
        partnership = STAFFORDSHIRE if n % 3 else TARNOW
        visit_id = visit(register, partnership, date(2000, 1, 1) + timedelta(days=40 * n))
        models.catch_up()
        register.record_expense(
            partnership,
            occurred_on=date(2000, 1, 2) + timedelta(days=40 * n),
            amount=Decimal("0.10") * (n + 1),
            beneficiary="Travel agent",
            purpose="Flights",
            visit_id=visit_id if n % 2 else None,
            recorded_by="clerk",
        )
        models.catch_up()
    first, second = models.expenses()[:2]
    register.correct_expense(
        first.partnership_id,
        UUID(first.expense_id),
        reason="typing error",
        amount=Decimal("99.99"),
        recorded_by="auditor",
    )
    models.catch_up()
    register.correct_expense(
        second.partnership_id,
        UUID(second.expense_id),
        reason="wrong year",
        occurred_on=date(2003, 5, 1),
        recorded_by="auditor",
    )
    register.void_expense(
        second.partnership_id, UUID(second.expense_id), reason="duplicate", recorded_by="auditor"
    )
    models.catch_up()
    moved, gone = models.visits()[:2]
    register.correct_visit(
        moved.partnership_id,
        UUID(moved.visit_id),
        reason="they came to us",
        direction="inbound" if moved.direction == "outbound" else "outbound",
        recorded_by="auditor",
    )
    register.void_visit(
        gone.partnership_id, UUID(gone.visit_id), reason="never happened", recorded_by="auditor"
    )
    models.catch_up()
    register.name_room(
        STAFFORDSHIRE,
        room="The Ivanovo Room",
        building="County Buildings",
        named_on=date(2006, 6, 1),
        recorded_by="clerk",
    )
    models.catch_up()
    register.sever(
        STAFFORDSHIRE,
        severed_on=date(2018, 3, 16),
        reason="Salisbury",
        announced_by="Philip Atkins",
        recorded_by="clerk",
    )
    models.catch_up()


class ReadModelsContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_rebuilt_read_models_equal_incrementally_built_ones_row_for_row(
        self, register: PartnershipRegister
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        incremental = tables(models)
        assert len(incremental["audit_trail"]) == 2 + 24 + 5 + 2
        assert len(incremental["expense_corrections"]) == 3

        models.rebuild()

        assert tables(models) == incremental
        assert {s.lag for s in models.states()} == {0}

    def test_a_rebuild_by_worker_processes_builds_the_same_rows_page_by_page(
        self, register: PartnershipRegister, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        incremental = tables(models)
        staged_pages = counted(monkeypatch, "_apply_staged")

        ReadModels(register, page=4).rebuild()

        assert tables(models) == incremental
        assert staged_pages() == 9  # 33 events, 4 a page
        assert {s.lag for s in models.states()} == {0}

    def test_the_projector_carries_on_by_itself_when_its_workers_fail(
        self, register: PartnershipRegister, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        incremental = tables(models)
        staged_pages = counted(monkeypatch, "_apply_staged")
        pages = Stager.__iter__

        def failing_after_two(stager: Any) -> Iterator[Any]:
            for n, page in enumerate(pages(stager)):
                if n == 2:
                    raise BrokenProcessPool("a worker was killed")
                yield page

        monkeypatch.setattr(Stager, "__iter__", failing_after_two)

        ReadModels(register, page=4).rebuild()

        assert staged_pages() == 2
        assert tables(models) == incremental

    def test_one_read_model_is_rebuilt_alone_with_the_same_rows(
        self, register: PartnershipRegister
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        before = tables(models)

        models.rebuild(["visits"])

        assert tables(models) == before

    def test_the_read_models_answer_as_the_aggregates_do(
        self, register: PartnershipRegister
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        for reference in (STAFFORDSHIRE, TARNOW):
            assert models.status(register.find(reference)) == register.status(reference)
        assert [s.reference for s in models.statuses()] == [STAFFORDSHIRE, TARNOW]

    def test_read_models_of_an_older_design_are_dropped_and_rebuilt_from_the_log(
        self, register: PartnershipRegister
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        before = tables(models)
        engine: Any = models._engine
        with engine.begin() as connection:
            connection.execute(update(read_model_tables.schema_table).values(version=1))
            connection.execute(delete(read_model_tables.audit_table))

        upgraded = ReadModels(register)

        assert {s.position for s in upgraded.states()} == {0}
        upgraded.catch_up()
        assert tables(upgraded) == before

    def test_indexes_a_rebuild_cut_short_left_out_are_made_by_the_next_command(
        self, register: PartnershipRegister
    ) -> None:
        engine: Any = ReadModels(register)._engine
        with engine.begin() as connection:
            connection.execute(
                insert(read_model_tables.unindexed_table).values(
                    name=read_model_tables.ledger_table.name
                )
            )
            for index in read_model_tables.ledger_table.indexes:
                index.drop(connection)
        assert inspect(engine).get_indexes("spending_ledger") == []

        ReadModels(register)

        made = {i["name"] for i in inspect(engine).get_indexes("spending_ledger")}
        assert made == {i.name for i in read_model_tables.ledger_table.indexes}
        with engine.connect() as connection:
            assert connection.execute(select(read_model_tables.unindexed_table)).all() == []

    def test_a_visits_spend_is_the_sum_of_its_expenses(self, register: PartnershipRegister) -> None:
        models = ReadModels(register)
        reference = establish(register)
        visit_id = visit(register, reference, date(2016, 4, 20))
        models.catch_up()
        for amount in ("0.10", "0.20"):
            register.record_expense(
                reference,
                occurred_on=date(2016, 4, 21),
                amount=Decimal(amount),
                beneficiary="x",
                purpose="y",
                visit_id=visit_id,
                recorded_by="clerk",
            )
            models.catch_up()
        (row,) = models.visits()
        assert row.spend == Decimal("0.30")

    def test_financial_years_run_from_april_to_march(self, register: PartnershipRegister) -> None:
        models = ReadModels(register)
        reference = establish(register)
        for on in (date(2016, 3, 31), date(2016, 4, 1), date(2017, 3, 31)):
            register.record_expense(
                reference,
                occurred_on=on,
                amount=Decimal("100.00"),
                beneficiary="x",
                purpose="y",
                recorded_by="clerk",
            )
        models.catch_up()
        totals = [(t.year, t.total, t.count) for t in models.totals_by_year()]
        assert totals == [("2015/16", Decimal("100.00"), 1), ("2016/17", Decimal("200.00"), 2)]

    def test_projectors_in_separate_processes_never_skip_an_event_of_concurrent_writers(
        self, url: str
    ) -> None:
        with opened(url) as register:
            establish(register, "Ivanovo")
            establish(register, "Tarnów")
            ReadModels(register)
        context = multiprocessing.get_context("spawn")
        stop = context.Event()
        projectors = [context.Process(target=keep_catching_up, args=(url, stop)) for _ in range(2)]
        writers = [context.Process(target=write_visits, args=(url, writer)) for writer in range(3)]
        for process in projectors + writers:
            process.start()
        for process in writers:
            process.join(timeout=180)
        stop.set()
        for process in projectors:
            process.join(timeout=60)
        assert [p.exitcode for p in writers + projectors] == [0] * 5

        with opened(url) as register:
            models = ReadModels(register)
            events: Any = register.recorder
            every_position = [n.id for n in events.select_notifications(start=1, limit=10**6)]
            audited = [row.position for row in models.audit()]
            assert audited == every_position
            assert len(every_position) == 2 + 3 * WRITES
            assert models.catch_up() == 0


WRITES = 20


def write_visits(url: str, writer: int) -> None:
    with opened(url) as register:
        for n in range(WRITES):
            partnership = STAFFORDSHIRE if n % 2 else TARNOW
            visit(register, partnership, date(2001, 1, 1) + timedelta(days=writer * 100 + n))


def keep_catching_up(url: str, stop: Any) -> None:
    with opened(url) as register:
        models = ReadModels(register)
        while not stop.is_set():
            models.catch_up()
            time.sleep(0.001)


class TestOnSQLiteFile(ReadModelsContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url

    def test_a_rebuild_leaves_sqlite_zeroing_freed_pages_as_it_found_it(
        self, register: PartnershipRegister
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        engine: Any = models._engine
        with engine.connect() as connection:
            before = connection.exec_driver_sql("PRAGMA secure_delete").scalar()

        models.rebuild()

        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == before

    def test_worker_processes_catch_up_views_that_stand_at_different_positions(
        self, register: PartnershipRegister, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        models = ReadModels(register)
        record_history(register, models)
        for n in range(20):
            visit(register, TARNOW, date(2010, 1, 1) + timedelta(days=n))
        models.catch_up(["visits"])
        ahead = models.positions()["visits"]
        assert ahead > models.positions()["status"]
        staged_pages = counted(monkeypatch, "_apply_staged")

        ReadModels(register, page=3).catch_up()

        assert staged_pages() == 7  # the 20 events after the views furthest behind, 3 a page
        caught_up = tables(models)
        models.rebuild()  # one page of the usual size: built in this process, not by workers
        assert staged_pages() == 7
        assert tables(models) == caught_up

    def test_a_rebuild_killed_part_way_leaves_the_views_untouched_and_the_next_cleans_up(
        self, tmp_path: Path
    ) -> None:
        url = f"sqlite:///{tmp_path / 'big.db'}"
        generate(url, 60_000)
        with opened(url) as register:
            models = ReadModels(register)
            models.catch_up()
            complete = tables(models)
            head = models.head()
        command = [
            str(Path(sys.executable).with_name("partnerships")),
            "projections",
            "rebuild",
            "--db",
            url,
        ]
        rebuild = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with opened(url) as register:
            models = ReadModels(register)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                building = [p for n, p in models.positions().items() if n.startswith("rebuilding:")]
                if building and 0 < min(building) < head:
                    break
                time.sleep(0.002)
            workers = children(rebuild.pid)
            rebuild.send_signal(signal.SIGKILL)
            rebuild.wait(timeout=30)
            assert rebuild.returncode == -signal.SIGKILL
            assert workers, "a rebuild this long has worker processes"
            assert outlived(workers, seconds=10) == set()
            half_built = [n for n in models.positions() if n.startswith("rebuilding:")]
            assert half_built, "killed part-way, it left its views half-built"
            assert tables(models) == complete
            assert {s.position for s in models.states()} == {head}

        finished = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        assert finished.returncode == 0, finished.stderr
        with opened(url) as register:
            models = ReadModels(register)
            assert tables(models) == complete
            assert set(models.positions()) == set(read_model_views.VIEW_NAMES)
            left = inspect(models._engine).get_table_names()
            assert [name for name in left if name.startswith("rebuilding_")] == []


class TestOnPostgreSQL(ReadModelsContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=commands)
def test_rebuilding_after_random_corrections_equals_the_incremental_result(
    history: list[tuple[str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        register = PartnershipRegister(
            environment(f"sqlite:///{Path(folder) / 'register.db'}"), today=lambda: TODAY
        )
        try:
            models = ReadModels(register)
            record(register, history, after_each=models.catch_up)
            incremental = tables(models)
            expected = register.status(STAFFORDSHIRE)
            models.rebuild()
            assert tables(models) == incremental
            assert models.status(register.find(STAFFORDSHIRE)) == expected
        finally:
            close(register)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=commands,
    day=st.integers(min_value=0, max_value=9100),
    cut=st.integers(min_value=0, max_value=40),
)
def test_the_reports_look_back_in_time_as_the_partnership_itself_does(
    history: list[tuple[str, int, int]], day: int, cut: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        register = PartnershipRegister(
            environment(f"sqlite:///{Path(folder) / 'register.db'}"), today=lambda: TODAY
        )
        try:
            models = ReadModels(register)
            record(register, history)
            models.catch_up()
            pid = register.find(STAFFORDSHIRE)
            as_of = date(2000, 1, 1) + timedelta(days=day)
            times = [e.recorded_at for e in register.history(STAFFORDSHIRE)]
            known_at = times[min(cut, len(times) - 1)]
            version = min(cut + 1, len(times))
            for question in (
                {"as_of": as_of},
                {"known_at": known_at},
                {"as_of": as_of, "known_at": known_at},
                {"version": version},
                {"as_of": as_of, "version": version},
            ):
                try:
                    expected = register.status(STAFFORDSHIRE, **question)
                except RegisterError as refused:
                    with pytest.raises(type(refused)):
                        models.status_at(pid, **question)
                    continue
                assert models.status_at(pid, **question) == expected, question
        finally:
            close(register)
