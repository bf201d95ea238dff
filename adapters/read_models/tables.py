"""The read models' SQL tables: what each holds, and the tables a rebuild builds beside them.

Ids are kept as their 16 bytes and read back as text with hyphens.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

from projections import audit_trail, register_status, spending_ledger, visits

# Raise when the read models' tables change: they are then dropped and rebuilt from the log.
# ``fresh_status`` reads the status view without SQLAlchemy, and keeps its own copy of this
# and of VIEW_NAMES, which a test holds to these.
SCHEMA_VERSION = 8


class _Id(TypeDecorator[str]):
    """An id (partnership, visit, expense) kept as its 16 bytes, the form a projection's rows
    give it in, and read back as text with hyphens; text or a UUID may be compared with it."""

    impl = LargeBinary(16)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | bytearray | None:
        if value is None or isinstance(value, bytes | bytearray):
            return value
        return UUID(str(value)).bytes

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(UUID(bytes=bytes(value)))


# The views, by the names their positions are kept under (``views.VIEWS`` holds each).
VIEW_NAMES = (register_status.NAME, audit_trail.NAME, spending_ledger.NAME, visits.NAME)

metadata = MetaData()
schema_table = Table("read_models_schema", MetaData(), Column("version", Integer, nullable=False))
_big = BigInteger().with_variant(Integer(), "sqlite")

# Tables whose indexes a rebuild dropped and has not yet made again.
unindexed_table = Table(
    "read_models_unindexed", metadata, Column("name", String(40), primary_key=True)
)

positions_table = Table(
    "projection_positions",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("position", _big, nullable=False),
)

status_table = Table(
    "register_status",
    metadata,
    Column("partnership_id", _Id, primary_key=True),
    Column("position", _big, nullable=False),
    Column("reference", Text, nullable=False),
    Column("council", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("country", Text, nullable=False),
    Column("description", Text),
    Column("established_on", String(10), nullable=False),
    Column("severed_on", String(10)),
    Column("severance_reason", Text),
    Column("severance_announced_by", Text),
    Column("severed_position", _big),
    Column("rooms", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

audit_table = Table(
    "audit_trail",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("partnership_id", _Id, nullable=False),
    Column("version", Integer, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("recorded_us", _big, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("account", Text),
    Column("source", Text),
    Index("audit_trail_partnership", "partnership_id", "recorded_us"),
)

# Rows are keyed by log position, so a rebuild appends in key order; the indexes on random ids
# are dropped while a rebuild loads and made again at its end, which is many times faster.
ledger_table = Table(
    "spending_ledger",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("expense_id", _Id, nullable=False),
    Column("partnership_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("amount_pence", _big, nullable=False),
    Column("beneficiary", Text, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("visit_id", _Id),
    Column("department", Text),
    Column("irrecoverable_vat_pence", _big),
    Column("category", Text),
    Column("card_transaction", Integer, nullable=False),
    Column("paid_to_individual", Integer, nullable=False),
    Index("spending_ledger_partnership", "partnership_id"),
)

visits_table = Table(
    "visit_log",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("visit_id", _Id, nullable=False),
    Column("partnership_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("delegation", Text, nullable=False),
    Column("members", Text, nullable=False),
    Column("purpose", Text),
    Index("visit_log_partnership", "partnership_id"),
)

visit_corrections_table = Table(
    "visit_corrections",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("visit_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("delegation", Text),
    Column("purpose", Text),
    Column("voided", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Index("visit_corrections_visit", "visit_id"),
)

expense_corrections_table = Table(
    "expense_corrections",
    metadata,
    Column("position", _big, primary_key=True, autoincrement=False),
    Column("expense_id", _Id, nullable=False),
    Column("occurred_on", String(10), nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("amount_pence", _big, nullable=False),
    Column("beneficiary", Text),
    Column("purpose", Text),
    Column("paid_to_individual", Integer),
    Column("voided", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Index("expense_corrections_expense", "expense_id"),
)

Index("register_status_order", status_table.c.position)


# A rebuild builds its views in tables of the same design beside the current ones, named with
# this prefix (their indexes too), and swaps them in at its end.
BESIDE = "rebuilding_"
_beside = MetaData()


@cache
def beside(table: Table) -> Table:
    """The table of the same design a rebuild builds beside the given one."""
    copy = Table(BESIDE + table.name, _beside, *(c._copy() for c in table.columns))
    for index in table.indexes:
        Index(BESIDE + str(index.name), *(copy.c[c.name] for c in index.columns))
    return copy
