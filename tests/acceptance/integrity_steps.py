"""The steps that prove the stored history unchanged: the digest an auditor writes down, what
someone with access to the database may do to the records, and the store's own defence.

A plugin of the acceptance tests (named in tests/conftest.py), so that its steps join the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import given, then, when
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from adapters import chain
from domain.register import PartnershipRegister
from tests.acceptance.vocabulary import (
    RECORDED_BY,
    cities,
    phrase,
    reference_of,
)
from tests.integration.test_tamper_evidence import rechain
from tests.tampering import drop_protection

# Proving the history unchanged


@given("the auditor has written down the register's digest", target_fixture="written_down")
def written_down(register: PartnershipRegister) -> chain.Digest:
    return chain.register_digest(register)


def stored_rows(register: PartnershipRegister) -> tuple[Any, Any, Any]:
    """The register's stored records, the links between them, and the database holding both."""
    recorder: Any = register.recorder
    return recorder.events_record_cls.__table__, recorder.chain, recorder.datastore.engine


def record_at(register: PartnershipRegister, city: str, visited_on: str) -> Any:
    """The stored record of the one visit on a date in the partnership with a city."""
    events, _, engine = stored_rows(register)
    version = next(
        entry.version
        for entry in register.history(reference_of(register, city))
        if entry.type == "DelegationVisited" and entry.occurred_on.isoformat() == visited_on
    )
    with engine.connect() as connection:
        return connection.execute(
            select(events).where(
                events.c.originator_id == register.find(reference_of(register, city)),
                events.c.originator_version == version,
            )
        ).one()


def _edit_recorder(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "2000-06-01")
    state = bytes(row.state).replace(RECORDED_BY.encode(), b"the mayor")
    connection.execute(update(events).where(events.c.id == row.id).values(state=state))


def _delete(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "1999-10-01")
    connection.execute(delete(events).where(events.c.id == row.id))


def _insert(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "2000-06-01")
    connection.execute(
        insert(events).values(
            originator_id=row.originator_id,
            originator_version=row.originator_version + 1,
            topic=row.topic,
            state=bytes(row.state).replace(b"2000-06-01", b"2001-06-01"),
        )
    )


def _swap(register: PartnershipRegister, events: Any, connection: Any) -> None:
    first = record_at(register, "Tarlenheim", "1999-10-01")
    second = record_at(register, "Tarlenheim", "2000-06-01")
    connection.execute(update(events).where(events.c.id == first.id).values(state=second.state))
    connection.execute(update(events).where(events.c.id == second.id).values(state=first.state))


def _move(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Zenda", "2002-03-01")
    partnership = register.find(reference_of(register, "Tarlenheim"))
    connection.execute(
        update(events)
        .where(events.c.id == row.id)
        .values(
            originator_id=partnership,
            originator_version=len(register.history(str(partnership))) + 1,
        )
    )


def _rewrite(register: PartnershipRegister, events: Any, connection: Any) -> None:
    row = record_at(register, "Tarlenheim", "2000-06-01")
    state = bytes(row.state).replace(b"guests from Tarlenheim", b"impostors from Tarlenheim")
    connection.execute(update(events).where(events.c.id == row.id).values(state=state))


def _cut(register: PartnershipRegister, events: Any, connection: Any) -> None:
    _, links, _ = stored_rows(register)
    last = connection.execute(select(func.max(events.c.id))).scalar_one()
    connection.execute(delete(events).where(events.c.id >= last - 1))
    connection.execute(delete(links).where(links.c.notification_id >= last - 1))


# What someone with access to the database did, as the features tell it, and how to do it.
ALTERATIONS: dict[str, Callable[[PartnershipRegister, Any, Any], None]] = {
    "edited who recorded the visit of 2000-06-01": _edit_recorder,
    "deleted the record of the visit of 1999-10-01": _delete,
    "inserted a record of a visit from Tarlenheim that never took place": _insert,
    "swapped the records of the visits of 1999-10-01 and 2000-06-01": _swap,
    "moved the visit of 2002-03-01 from the partnership with Zenda to Tarlenheim": _move,
    "rewrote the delegation of the visit of 2000-06-01 and made every link again": _rewrite,
    "cut off the last two records with their links": _cut,
}


@given(phrase("someone with access to the database {alteration}"), target_fixture="partners")
def altered(register: PartnershipRegister, alteration: str) -> dict[str, str]:
    """Alters the stored records, after dropping the triggers by which the database refuses
    such edits; returns each partnership's id by its city, as it was known before (an altered
    history may no longer load)."""
    if alteration not in ALTERATIONS:
        pytest.fail(f"no alteration is known as {alteration!r}; known: {sorted(ALTERATIONS)}")
    partners = {city: pid for pid, city in cities(register).items()}
    events, links, engine = stored_rows(register)
    with engine.begin() as connection:
        drop_protection(connection)
        ALTERATIONS[alteration](register, events, connection)
    if "made every link again" in alteration:
        rechain(events, links, engine)
    return partners


@when(
    "the auditor checks the register against the digest written down",
    target_fixture="verification",
)
def check_against(register: PartnershipRegister, written_down: chain.Digest) -> chain.Verification:
    return chain.verify_register(register, written_down)


@when("the auditor asks the register to verify its history", target_fixture="verification")
def verify(register: PartnershipRegister) -> chain.Verification:
    return chain.verify_register(register)


@then(
    phrase(
        "every record is linked to the one before it: {records:d} records of "
        "{partnerships:d} partnerships"
    )
)
def all_linked(verification: chain.Verification, records: int, partnerships: int) -> None:
    assert verification.intact, verification.problem
    assert (verification.events, verification.partnerships) == (records, partnerships)


@then(
    phrase(
        "the register's history is proven unchanged, with {added:d} record added since the digest"
    )
)
def proven_unchanged(verification: chain.Verification, added: int) -> None:
    assert verification.intact, verification.problem
    assert verification.digest_checked
    assert verification.events_after_digest == added


@then(phrase("the history is found altered at record {version:d} of the partnership with {city}"))
def found_altered(
    partners: dict[str, str], verification: chain.Verification, version: int, city: str
) -> None:
    assert not verification.intact, "the history was proven intact"
    where = (verification.partnership_id, verification.version)
    assert where == (partners[city], version), verification.problem


@then("the history is found to differ from the one the digest was taken of")
def found_rewritten(verification: chain.Verification) -> None:
    assert not verification.intact, "the history was proven intact"
    assert "does not match the digest" in (verification.problem or ""), verification.problem


@then("the history is found to stop short of the digest written down")
def found_cut_short(verification: chain.Verification) -> None:
    assert not verification.intact, "the history was proven intact"
    assert "no longer reaches" in (verification.problem or ""), verification.problem


@then("without the digest the register could not have told")
def not_without_the_digest(register: PartnershipRegister) -> None:
    alone = chain.verify_register(register)
    assert alone.intact, f"the register found it alone: {alone.problem}"


# The store defends its history


@when(
    "someone with access to the database tries to change who recorded the visit",
    target_fixture="database_refusal",
)
def try_to_change(register: PartnershipRegister) -> Exception | None:
    recorder: Any = register.recorder
    events, engine = recorder.events_record_cls.__table__, recorder.datastore.engine
    try:
        with engine.begin() as connection:
            state = bytes(
                connection.execute(select(events.c.state).where(events.c.id == 2)).one()[0]
            )
            changed = state.replace(RECORDED_BY.encode(), b"the mayor")
            connection.execute(update(events).where(events.c.id == 2).values(state=changed))
    except DBAPIError as refused:
        return refused
    return None


@then("the database refuses the change")
def database_refused(database_refusal: Exception | None) -> None:
    assert database_refusal is not None, "the database let the record be changed"
    assert "never edited or deleted" in str(database_refusal)


@then("the register's history is proven intact")
def proven_intact(register: PartnershipRegister) -> None:
    verification = chain.verify_register(register)
    assert verification.intact, verification.problem
