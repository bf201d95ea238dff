"""Exports, imports, the Merkle tree and receipts on the stores councils use: an SQLite file and
PostgreSQL, and from one to the other."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from adapters import chain
from adapters.evidence import export_check, lines_in_workers, merkle
from adapters.evidence.export_check import Prechecked, prechecked, verify_file
from adapters.evidence.exporting import write_export
from adapters.evidence.importing import ImportRefusedError, import_export
from adapters.evidence.receipts import (
    check_consistency,
    check_inclusion,
    consistency_proof,
    inclusion_proof,
    tree_head,
)
from adapters.evidence.store import Store, store_of
from adapters.evidence.tree_check import check_tree
from adapters.read_models import ReadModels
from adapters.storage import close, environment, opened
from domain.register import PartnershipRegister
from tests.application.test_register import BY, STAFFORDSHIRE, TODAY, establish, visit
from tests.integration.test_upcasting import version_1_expense
from tests.tampering import drop_protection

TARNOW = "staffordshire-county-council--tarnow"
# What a worker process does with a share of an export's lines (the module's own, kept here
# when a test puts another in its place).
laid_aside_by_a_worker = lines_in_workers._checked_share


def lines_to_workers(patch: pytest.MonkeyPatch) -> None:
    """Has every export, however short, checked with worker processes, three lines to a share:
    shares then begin and end inside partnerships' histories, so that both the workers and the
    command's own process work out hashes."""
    patch.setattr(export_check, "WORTH_WORKERS", 0)
    patch.setattr(lines_in_workers, "SHARE", 3)


def every_other_share_laid_aside(
    lines: list[bytes], aside: tuple[str, str] | None
) -> list[Prechecked | None]:
    """Runs in a worker: lays aside the rows of the odd shares only, so that the import's own
    process lays aside the even ones, between them."""
    if aside is not None and int(Path(aside[1]).stem.rsplit("-", 1)[1]) % 2 == 0:
        return prechecked(lines)
    return laid_aside_by_a_worker(lines, aside)


@contextmanager
def quietly(_label: str, _total: int) -> Iterator[Callable[[int], None]]:
    yield lambda _: None


def quiet_progress(label: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
    return quietly(label, total)


def record_history(register: PartnershipRegister) -> None:
    """Two partnerships: visits, expenses (one corrected, one voided), a room, a severance."""
    establish(register, "Ivanovo")
    establish(register, "Tarnów")
    for year in (2001, 2005, 2010):
        visit(register, STAFFORDSHIRE, date(year, 6, 1))
    spent = register.record_expense(
        TARNOW,
        occurred_on=date(2012, 5, 1),
        amount=Decimal("3500.00"),
        beneficiary="Travel agent",
        purpose="Flights",
        recorded_by=BY,
        source="Invoice 17",
    )
    register.record_expense(
        STAFFORDSHIRE,
        occurred_on=date(2013, 2, 1),
        amount=Decimal("120.50"),
        beneficiary="Caterer",
        purpose="Reception",
        recorded_by=BY,
        card_transaction=True,
    )
    register.correct_expense(
        TARNOW, spent, reason="Invoice misread", amount=Decimal("3400.00"), recorded_by=BY
    )
    register.name_room(
        STAFFORDSHIRE,
        room="Ivanovo Room",
        building="County Buildings",
        named_on=date(2003, 3, 3),
        recorded_by=BY,
    )
    register.sever(
        STAFFORDSHIRE,
        severed_on=date(2018, 3, 1),
        reason="Sanctions",
        announced_by="Leader",
        recorded_by=BY,
    )


def exported(register: PartnershipRegister, path: Path, partnership: Any = None) -> Path:
    with path.open("wb") as out:
        write_export(store_of(register), out, partnership)
    return path


def reports(register: PartnershipRegister) -> tuple[Any, ...]:
    models = ReadModels(register)
    models.catch_up()
    return (
        models.statuses(),
        models.audit(),
        models.expenses(),
        models.visits(),
        models.totals_by_year(),
    )


def stored_rows(register: PartnershipRegister) -> tuple[Any, ...]:
    recorder: Any = register.recorder
    events = recorder.events_record_cls.__table__
    with recorder.datastore.engine.connect() as connection:
        return tuple(
            tuple(
                tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))
            )
            for table in (events, recorder.chain, recorder.tree)
        )


def count(register: PartnershipRegister, table: Any) -> int:
    with register.recorder.datastore.engine.connect() as connection:  # type: ignore[attr-defined]
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def history(register: PartnershipRegister) -> list[Any]:
    return [register.history(p) for p in (STAFFORDSHIRE, TARNOW)]


def imported_into(url: str, path: Path) -> PartnershipRegister:
    register = PartnershipRegister(environment(url), today=lambda: TODAY)
    import_export(store_of(register), path, quiet_progress)
    return register


def assert_same_register(one: PartnershipRegister, other: PartnershipRegister) -> None:
    assert chain.register_digest(other) == chain.register_digest(one)
    assert tree_head(store_of(other)) == tree_head(store_of(one))
    assert history(other) == history(one)
    assert reports(other) == reports(one)
    assert chain.verify_register(other).intact


class EvidenceContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def other_url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def recorded(self, register: PartnershipRegister) -> PartnershipRegister:
        record_history(register)
        return register

    @pytest.fixture
    def store(self, recorded: PartnershipRegister) -> Store:
        return store_of(recorded)

    def test_an_imported_export_has_the_same_history_digest_tree_and_reports(
        self, recorded: PartnershipRegister, other_url: str, tmp_path: Path
    ) -> None:
        path = exported(recorded, tmp_path / "register.jsonl")
        copy = imported_into(other_url, path)
        try:
            assert_same_register(recorded, copy)
            assert stored_rows(copy) == stored_rows(recorded)
            visit(copy, TARNOW, date(2014, 1, 1))
            assert chain.verify_register(copy).intact
            assert check_tree(store_of(copy), 11) is None
        finally:
            close(copy)

    def test_an_export_checked_by_worker_processes_imports_the_same_register(
        self,
        recorded: PartnershipRegister,
        other_url: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        lines_to_workers(monkeypatch)
        monkeypatch.setattr(lines_in_workers, "_checked_share", every_other_share_laid_aside)
        path = exported(recorded, tmp_path / "register.jsonl")
        copy = imported_into(other_url, path)
        try:
            assert_same_register(recorded, copy)
            assert stored_rows(copy) == stored_rows(recorded)
        finally:
            close(copy)

    def test_an_event_stored_under_an_earlier_class_version_travels_unchanged(
        self, recorded: PartnershipRegister, other_url: str, tmp_path: Path
    ) -> None:
        recorded.recorder.insert_events([version_1_expense(recorded, "120.00")])
        path = exported(recorded, tmp_path / "register.jsonl")
        with path.open("rb") as file:
            assert verify_file(file).intact
        copy = imported_into(other_url, path)
        try:
            assert stored_rows(copy) == stored_rows(recorded)
        finally:
            close(copy)

    def test_an_export_verifies_on_its_own_and_against_the_digest_kept(
        self, recorded: PartnershipRegister, tmp_path: Path
    ) -> None:
        kept = chain.register_digest(recorded)
        path = exported(recorded, tmp_path / "register.jsonl")
        with path.open("rb") as file:
            result = verify_file(file, kept)
        assert result.intact, result.problem
        assert (result.events, result.partnerships, result.position) == (10, 2, 10)
        assert result.digest == kept.digest
        assert result.digest_checked

    def test_a_partnerships_export_holds_its_events_and_ends_in_its_last_hash(
        self, recorded: PartnershipRegister, tmp_path: Path
    ) -> None:
        tarnow = recorded.find(TARNOW)
        path = exported(recorded, tmp_path / "tarnow.jsonl", tarnow)
        lines = path.read_bytes().splitlines()
        assert len(lines) == 1 + 3
        with path.open("rb") as file:
            result = verify_file(file)
        assert result.intact, result.problem
        assert result.partnerships == 1

    def test_importing_into_a_register_that_holds_events_is_refused_and_stores_nothing(
        self, recorded: PartnershipRegister, tmp_path: Path
    ) -> None:
        path = exported(recorded, tmp_path / "register.jsonl")
        before = stored_rows(recorded)
        with pytest.raises(ImportRefusedError, match="already holds events"):
            import_export(store_of(recorded), path, quiet_progress)
        assert stored_rows(recorded) == before

    def test_an_event_recorded_while_an_import_is_checked_refuses_it_and_stores_none_of_it(
        self, recorded: PartnershipRegister, other_url: str, tmp_path: Path
    ) -> None:
        path = exported(recorded, tmp_path / "register.jsonl")
        target = PartnershipRegister(environment(other_url), today=lambda: TODAY)
        meanwhile = PartnershipRegister(environment(other_url), today=lambda: TODAY)

        @contextmanager
        def recording_once_checked(label: str, _: int) -> Iterator[Callable[[int], None]]:
            if label == "Importing the history":  # the file is checked; nothing written yet
                establish(meanwhile, "Ivanovo")
            yield lambda _: None

        try:
            with pytest.raises(ImportRefusedError, match="already holds events"):
                import_export(store_of(target), path, recording_once_checked)
            events, links, nodes = stored_rows(target)
            assert (len(events), len(links), len(nodes)) == (1, 1, 1)
            assert chain.verify_register(target).intact
        finally:
            close(meanwhile)
            close(target)

    def test_an_import_leaves_no_scratch_file_behind_whether_refused_or_not(
        self,
        recorded: PartnershipRegister,
        other_url: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        scratch = tmp_path / "scratch"
        scratch.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(scratch))
        path = exported(recorded, tmp_path / "register.jsonl")
        with pytest.raises(ImportRefusedError, match="already holds events"):
            import_export(store_of(recorded), path, quiet_progress)
        lines = path.read_bytes().splitlines(keepends=True)
        cut = tmp_path / "cut.jsonl"
        cut.write_bytes(b"".join(lines[:-1]))
        target = PartnershipRegister(environment(other_url), today=lambda: TODAY)
        try:
            with pytest.raises(ImportRefusedError, match="lines were removed or added"):
                import_export(store_of(target), cut, quiet_progress)
            assert stored_rows(target) == ((), (), ())
            assert list(scratch.iterdir()) == []
            import_export(store_of(target), path, quiet_progress)
            assert stored_rows(target) == stored_rows(recorded)
        finally:
            close(target)
        assert list(scratch.iterdir()) == []

    def test_an_import_with_nowhere_to_lay_its_rows_aside_is_refused_saying_so(
        self,
        recorded: PartnershipRegister,
        other_url: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        path = exported(recorded, tmp_path / "register.jsonl")
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
        target = PartnershipRegister(environment(other_url), today=lambda: TODAY)
        try:
            with pytest.raises(ImportRefusedError, match=r"could not be laid aside .*TMPDIR"):
                import_export(store_of(target), path, quiet_progress)
            assert stored_rows(target) == ((), (), ())
        finally:
            close(target)

    def test_the_tree_root_is_the_rfc_root_of_the_event_hashes_in_log_order(
        self, store: Store, recorded: PartnershipRegister
    ) -> None:
        recorder: Any = recorded.recorder
        with recorder.datastore.engine.connect() as connection:
            hashes = connection.execute(
                select(recorder.chain.c.event_hash).order_by(recorder.chain.c.notification_id)
            ).scalars()
            frontier = merkle.Frontier()
            for hashed in hashes:
                frontier.append(merkle.leaf_hash(bytes.fromhex(hashed)))
        head = tree_head(store)
        assert (head.size, head.root) == (10, frontier.root().hex())

    def test_a_receipt_for_every_event_checks_and_fails_when_altered(
        self, store: Store, recorded: PartnershipRegister
    ) -> None:
        head = tree_head(store)
        for partnership in (STAFFORDSHIRE, TARNOW):
            partnership_id = recorded.find(partnership)
            for entry in recorded.history(partnership):
                receipt = inclusion_proof(recorded, store, partnership_id, entry.version)
                assert receipt["tree_root"] == head.root
                assert check_inclusion(recorded, receipt).valid
                assert check_inclusion(recorded, receipt, head.root, head.size).valid
                assert len(receipt["path"]) <= 2 * (head.size - 1).bit_length()
                if receipt["path"]:
                    path = list(receipt["path"])
                    path[0] = ("0" if path[0][0] != "0" else "1") + path[0][1:]
                    assert not check_inclusion(recorded, {**receipt, "path": path}).valid
                other_root = "ab" * 32
                assert not check_inclusion(recorded, receipt, other_root, head.size).valid
                assert not check_inclusion(recorded, {**receipt, "tree_root": other_root}).valid

    def test_a_receipt_whose_event_was_altered_fails(
        self, store: Store, recorded: PartnershipRegister
    ) -> None:
        receipt = inclusion_proof(recorded, store, recorded.find(TARNOW), 2)
        event = receipt["event"]
        state = event["state"].replace("3500.00", "350.00")
        assert "hash" in str(
            check_inclusion(recorded, {**receipt, "event": {**event, "state": state}}).problem
        )
        shown = {**event, "source": "Invoice 71"}
        assert "source" in str(check_inclusion(recorded, {**receipt, "event": shown}).problem)

    def test_a_receipt_at_an_earlier_published_size_checks_against_that_root(
        self, store: Store, recorded: PartnershipRegister
    ) -> None:
        published = consistency_proof(store, 4)
        receipt = inclusion_proof(recorded, store, recorded.find(TARNOW), 1, tree_size=4)
        assert receipt["tree_size"] == 4
        assert check_inclusion(recorded, receipt, published["from_root"], 4).valid

    def test_consistency_between_every_pair_of_sizes_checks(self, store: Store) -> None:
        size = tree_head(store).size
        roots = {}
        for second in range(1, size + 1):
            for first in range(1, second + 1):
                proof = consistency_proof(store, first, second)
                assert check_consistency(proof).valid, (first, second)
                roots.setdefault(first, proof["from_root"])
                assert proof["from_root"] == roots[first]
                if proof["path"]:
                    wrong = {**proof, "to_root": roots[first] if first != second else "ab" * 32}
                    assert not check_consistency(wrong).valid

    def test_a_store_from_before_the_tree_gets_it_built_on_first_use(
        self, store: Store, recorded: PartnershipRegister
    ) -> None:
        head = tree_head(store)
        recorder: Any = recorded.recorder
        with recorder.datastore.engine.begin() as connection:
            drop_protection(connection)
            connection.execute(delete(recorder.tree))
        assert store.catch_up_tree() == 10
        assert tree_head(store) == head
        assert store.catch_up_tree() == 0

    def test_writing_to_a_store_whose_tree_is_behind_mends_it_first(
        self, store: Store, recorded: PartnershipRegister
    ) -> None:
        recorder: Any = recorded.recorder
        with recorder.datastore.engine.begin() as connection:
            drop_protection(connection)
            # The last two leaves, and the one node that covers them (of a tree of 10).
            tree = recorder.tree
            for level, first in ((0, 8), (1, 4)):
                connection.execute(
                    delete(tree).where(tree.c.level == level, tree.c.node_index >= first)
                )
        visit(recorded, TARNOW, date(2014, 1, 1))
        assert check_tree(store, 11) is None

    def test_an_altered_tree_node_is_found(
        self, store: Store, recorded: PartnershipRegister
    ) -> None:
        recorder: Any = recorded.recorder
        tree = recorder.tree
        with recorder.datastore.engine.begin() as connection:
            drop_protection(connection)
            connection.execute(
                update(tree).where(tree.c.level == 1, tree.c.node_index == 2).values(hash="0" * 64)
            )
        problem = check_tree(store, 10)
        assert problem is not None
        assert "level 1, index 2" in problem.message


# Imports an export into an SQLite store and dies, as a killed process does, once its first
# page of events is written inside the import's transaction.
_DIES_WHILE_WRITING = """
import os, sys
from contextlib import contextmanager
from pathlib import Path
from adapters.evidence.importing import import_export
from adapters.evidence.store import store_of
from adapters.storage import environment
from domain.register import PartnershipRegister

@contextmanager
def progress(label, total):
    def done(n):
        if label == "Importing the history" and n > 0:
            os._exit(3)
    yield done

register = PartnershipRegister(environment(sys.argv[1]))
import_export(store_of(register), Path(sys.argv[2]), progress)
"""


def journal_mode(url: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])


class TestOnSQLiteFile(EvidenceContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url

    @pytest.fixture
    def other_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'imported.db'}"

    def test_an_imported_store_keeps_the_write_ahead_log_readers_and_writers_share(
        self, recorded: PartnershipRegister, other_url: str, tmp_path: Path
    ) -> None:
        path = exported(recorded, tmp_path / "register.jsonl")
        copy = imported_into(other_url, path)
        close(copy)
        assert journal_mode(other_url) == "wal"

    def test_an_import_killed_while_writing_leaves_an_empty_store_that_takes_it_again(
        self, recorded: PartnershipRegister, other_url: str, tmp_path: Path
    ) -> None:
        path = exported(recorded, tmp_path / "register.jsonl")
        killed = subprocess.run(
            [sys.executable, "-c", _DIES_WHILE_WRITING, other_url, str(path)],
            cwd=Path(__file__).parents[2],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert killed.returncode == 3, killed.stderr
        with opened(other_url) as again:
            assert stored_rows(again) == ((), (), ())
            assert journal_mode(other_url) == "wal"
            import_export(store_of(again), path, quiet_progress)
            assert_same_register(recorded, again)


@pytest.mark.postgres
class TestOnPostgreSQL(EvidenceContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url

    @pytest.fixture
    def other_url(self, other_postgres_url: str) -> str:
        return other_postgres_url


@pytest.mark.postgres
def test_a_register_moves_from_sqlite_to_postgresql_and_back_unchanged(
    sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    original = PartnershipRegister(environment(sqlite_url), today=lambda: TODAY)
    try:
        record_history(original)
        moved = imported_into(postgres_url, exported(original, tmp_path / "to-postgresql.jsonl"))
        try:
            assert_same_register(original, moved)
            back_url = f"sqlite:///{tmp_path / 'back.db'}"
            back = imported_into(back_url, exported(moved, tmp_path / "back.jsonl"))
            try:
                assert_same_register(original, back)
                assert stored_rows(back) == stored_rows(original)
            finally:
                close(back)
        finally:
            close(moved)
    finally:
        close(original)
