"""Officers record, auditors only read, and nobody changes or deletes a record: real PostgreSQL
roles, made for each test, try each operation through the command and through plain SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from .command import Partnerships, assert_refused

REFERENCE = "testshire-county-council--exampleville"
EVENTS, CHAIN = "partnerships_events", "partnerships_chain"
DATED = ("--on", "2001-01-01")
VISIT = ("--on", "2002-02-02", "--direction", "inbound", "--delegation", "Mayor")
READS = (
    ("list",),
    ("status", REFERENCE),
    ("history", REFERENCE),
    ("audit",),
    ("audit", "--csv"),
    ("expenses",),
    ("visits",),
    ("digest",),
    ("verify",),
    ("projections", "status"),
)


def _dsn(url: str) -> str:
    parsed = make_url(url)
    return (
        f"host={parsed.host} port={parsed.port or 5432} user={parsed.username} "
        f"dbname={parsed.database} connect_timeout=5"
    )


class Store:
    """One PostgreSQL register and the roles made for a test: the owner's command, and the
    command and plain SQL as each role."""

    def __init__(self, url: str, cwd: Path) -> None:
        self.url = url
        self.cwd = cwd
        self.roles: list[str] = []
        self.owner = Partnerships(db=url, cwd=cwd)

    def role(self, kind: str) -> str:
        name = f"{kind}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(_dsn(self.url), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
        self.roles.append(name)
        return name

    def url_as(self, role: str) -> str:
        return make_url(self.url).set(username=role).render_as_string(hide_password=False)

    def command_as(self, role: str) -> Partnerships:
        return Partnerships(db=self.url_as(role), cwd=self.cwd)

    def sql_as(self, role: str) -> psycopg.Connection:
        return psycopg.connect(_dsn(self.url_as(role)), autocommit=True)

    def event_count(self) -> int:
        with psycopg.connect(_dsn(self.url)) as owner:
            (count,) = owner.execute("SELECT count(*) FROM partnerships_events").fetchone() or (0,)
            return int(count)

    def drop_roles(self) -> None:
        with psycopg.connect(_dsn(self.url), autocommit=True) as admin:
            for name in self.roles:
                admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
                admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture
def store(postgres_url: str, tmp_path: Path) -> Iterator[Store]:
    """A PostgreSQL register with one partnership, established by the tables' owner; the roles
    a test makes are dropped after it."""
    made = Store(postgres_url, tmp_path)
    made.owner.establish("Testshire County Council", "Exampleville")
    yield made
    made.drop_roles()


def granted(store: Store, kind: str) -> str:
    role = store.role(kind)
    outcome = store.owner("grant", kind, role)
    assert outcome.code == 0, outcome
    return role


def refused_sql(connection: psycopg.Connection, statement: str) -> bool:
    """Whether PostgreSQL refuses the statement for lack of privilege."""
    try:
        with connection.transaction():
            connection.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


CHANGES = (
    "UPDATE partnerships_events SET topic = topic",
    "DELETE FROM partnerships_events",
    "TRUNCATE partnerships_events",
    "UPDATE partnerships_chain SET event_hash = event_hash",
    "DELETE FROM partnerships_chain",
    "TRUNCATE partnerships_chain",
)
# Rows appended as an officer may (copies of the first row, at new keys).
APPENDS = (
    "INSERT INTO partnerships_events (originator_id, originator_version, topic, state) "
    "SELECT originator_id, 99, topic, state FROM partnerships_events LIMIT 1",
    "INSERT INTO partnerships_chain SELECT notification_id + 1000, originator_id, 99, "
    "event_hash, log_digest FROM partnerships_chain LIMIT 1",
    "INSERT INTO audit_trail SELECT position + 1000, partnership_id, 99, event_type, "
    "occurred_on, recorded_us, recorded_by, account, source FROM audit_trail LIMIT 1",
)
EMPTYING_REPORTS = (
    "DELETE FROM audit_trail",
    "DELETE FROM register_status",
    "DELETE FROM spending_ledger",
    "DELETE FROM projection_positions",
)


@pytest.mark.postgres
def test_an_officer_records_with_the_command_and_each_event_names_the_officers_account(
    store: Store,
) -> None:
    officer = granted(store, "officer")
    as_officer = store.command_as(officer)

    visit = as_officer.json("visit", REFERENCE, *VISIT, "--by", "Ann Officer")
    expense = as_officer.json(
        "expense", REFERENCE, "--on", "2002-02-03", "--amount", "10.00",
        "--beneficiary", "Hotel", "--purpose", "Rooms", "--visit", visit["visit_id"],
    )  # fmt: skip
    as_officer.json("void-expense", REFERENCE, expense["expense_id"], "--reason", "duplicate")
    as_officer.json("name-room", REFERENCE, "--room", "R", "--building", "B", "--on", "2003-03-03")

    history = store.owner.history(REFERENCE)
    assert [e["account"] for e in history] == ["postgres", officer, officer, officer, officer]
    assert history[1]["recorded_by"] == "Ann Officer"
    assert store.owner.json("verify")["intact"] is True
    assert [r["account"] for r in as_officer.json("audit")][-1] == officer


@pytest.mark.postgres
def test_officers_and_auditors_keep_their_rights_after_the_owner_rebuilds_the_reports(
    store: Store,
) -> None:
    officer, auditor = granted(store, "officer"), granted(store, "auditor")
    assert store.owner("projections", "rebuild").code == 0

    store.command_as(officer).json("visit", REFERENCE, *VISIT, "--by", "Ann Officer")
    assert [v["delegation"] for v in store.command_as(auditor).json("visits")] == ["Mayor"]


@pytest.mark.postgres
def test_an_auditor_reads_with_the_command_but_may_not_record(store: Store) -> None:
    auditor = granted(store, "auditor")
    as_auditor = store.command_as(auditor)

    for read in READS:
        outcome = as_auditor(*read)
        assert outcome.code == 0, (read, outcome)
    before = store.event_count()
    for write in (
        ("visit", REFERENCE, *VISIT),
        ("establish", "--council", "Other", "--city", "Town", *("--country", "X"), *DATED),
        ("sever", REFERENCE, "--on", "2004-04-04", "--reason", "r", "--announced-by", "Leader"),
    ):
        assert_refused(as_auditor(*write), 1, "refused this account", "partnerships grant")
    assert store.event_count() == before


@pytest.mark.postgres
def test_neither_officers_nor_auditors_may_change_or_delete_an_event_or_its_chain_link(
    store: Store,
) -> None:
    officer, auditor = granted(store, "officer"), granted(store, "auditor")
    store.command_as(officer).json("visit", REFERENCE, *VISIT)

    for role in (officer, auditor):
        with store.sql_as(role) as connection:
            assert connection.execute("SELECT count(*) FROM partnerships_events").fetchone() == (2,)
            assert connection.execute("SELECT count(*) FROM partnerships_chain").fetchone() == (2,)
            for change in CHANGES:
                assert refused_sql(connection, change), (role, change)
    assert store.event_count() == 2
    assert store.owner.json("verify")["intact"] is True


@pytest.mark.postgres
def test_an_auditor_may_not_write_any_table_with_plain_sql_and_an_officer_may_append(
    store: Store,
) -> None:
    officer, auditor = granted(store, "officer"), granted(store, "auditor")
    with store.sql_as(auditor) as connection:
        for statement in (*APPENDS, *EMPTYING_REPORTS):
            assert refused_sql(connection, statement), statement
        assert refused_sql(connection, "UPDATE projection_positions SET position = 0")
    with store.sql_as(officer) as connection:
        for statement in APPENDS:  # each tried, then rolled back
            with connection.transaction(force_rollback=True):
                assert connection.execute(statement).rowcount == 1, statement
        assert refused_sql(connection, "DELETE FROM audit_trail")
    assert store.event_count() == 1


@pytest.mark.postgres
def test_granting_auditor_to_an_officer_takes_recording_away(store: Store) -> None:
    role = granted(store, "officer")
    store.command_as(role).json("visit", REFERENCE, *VISIT)

    demoted = store.owner.json("grant", "auditor", role)

    assert demoted["kind"] == "auditor"
    assert set(demoted["privileges"][EVENTS]) == {"SELECT"}
    assert_refused(store.command_as(role)("visit", REFERENCE, *VISIT), 1, "refused this account")
    assert store.event_count() == 2


@pytest.mark.postgres
def test_the_grant_reports_what_each_kind_may_do_as_the_database_holds_it(store: Store) -> None:
    officer = store.owner.json("grant", "officer", store.role("officer"))
    auditor = store.owner.json("grant", "auditor", store.role("auditor"))

    assert officer["privileges"][EVENTS] == ["SELECT", "INSERT"]
    assert officer["privileges"][CHAIN] == ["SELECT", "INSERT"]
    assert officer["privileges"]["register_status"] == ["SELECT", "INSERT", "DELETE"]
    assert officer["privileges"]["projection_positions"] == ["SELECT", "INSERT", "UPDATE"]
    assert officer["privileges"].keys() == auditor["privileges"].keys()
    assert all(held == ["SELECT"] for held in auditor["privileges"].values())


@pytest.mark.postgres
def test_an_officer_may_not_grant_rights(store: Store) -> None:
    officer, other = granted(store, "officer"), store.role("auditor")

    assert_refused(store.command_as(officer)("grant", "officer", other), 1, "grant")
    assert_refused(store.command_as(other)("list"), 1, "refused this account")


@pytest.mark.postgres
def test_a_role_that_does_not_exist_is_refused(store: Store) -> None:
    missing = f"nobody_{uuid.uuid4().hex[:10]}"
    assert_refused(store.owner("grant", "officer", missing), 1, missing, "CREATE ROLE")


@pytest.mark.postgres
def test_the_owner_and_superusers_are_not_granted_a_kind(store: Store) -> None:
    assert_refused(store.owner("grant", "auditor", "postgres"), 1, "superuser")
    owner = store.role("owner")
    with psycopg.connect(_dsn(store.url), autocommit=True) as admin:
        for table in ("partnerships_events", "partnerships_chain"):
            admin.execute(
                sql.SQL("ALTER TABLE {} OWNER TO {}").format(
                    sql.Identifier(table), sql.Identifier(owner)
                )
            )
    assert_refused(store.owner("grant", "auditor", owner), 1, "owns the register's tables")
    assert store.owner.json("verify")["intact"] is True


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("grant", "boss", "someone"), "KIND"),
        (("grant", "officer", " "), "ROLE"),
        (("grant", "officer", "x" * 64), "ROLE"),
    ],
)
def test_a_grant_with_bad_input_is_refused(store: Store, args: tuple[str, ...], named: str) -> None:
    assert_refused(store.owner(*args), 2, named)


def test_grant_is_refused_on_sqlite_and_creates_no_file(tmp_path: Path) -> None:
    where = tmp_path / "register.db"
    outcome = Partnerships(db=f"sqlite:///{where}", cwd=tmp_path)("grant", "officer", "jward")
    assert_refused(outcome, 1, "SQLite", "file's permissions")
    assert not where.exists()
