"""Time travel: as of a business date, as known at a recording time, at a version; replay and
differences. Property-based tests check each question against a plain replay of the events."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import NotYetEstablishedError, NotYetRecordedError, RegisterError
from domain.register import PartnershipRegister
from domain.status import PartnershipStatus, status_of
from tests.application.test_register import BY, STAFFORDSHIRE, TODAY, establish, visit

START = date(2000, 1, 1)

# A command of a random history: what to do, a day after the establishment, and a number.
commands = st.lists(
    st.tuples(
        st.sampled_from(
            ["inbound", "outbound", "expense", "room", "sever", "correct", "void", "unvisit"]
        ),
        st.integers(min_value=-30, max_value=9000),
        st.integers(min_value=1, max_value=500_000),
    ),
    max_size=25,
)


def record(
    register: PartnershipRegister,
    history: list[tuple[str, int, int]],
    after_each: Callable[[], object] = lambda: None,
) -> None:
    """Runs a random history's commands; the register refuses some, which record nothing."""
    establish(register)
    after_each()
    visits: list[Any] = []
    expenses: list[Any] = []
    for kind, days, number in history:
        on = START + timedelta(days=days)
        try:
            if kind in ("inbound", "outbound"):
                visits.append(
                    register.record_visit(
                        STAFFORDSHIRE,
                        occurred_on=on,
                        direction=kind,
                        delegation=f"Delegation {number}",
                        recorded_by=BY,
                    )
                )
            elif kind == "expense":
                expenses.append(
                    register.record_expense(
                        STAFFORDSHIRE,
                        occurred_on=on,
                        amount=Decimal(number) / 100,
                        beneficiary="Supplier",
                        purpose="Travel",
                        visit_id=visits[number % len(visits)] if visits and number % 2 else None,
                        recorded_by=BY,
                    )
                )
            elif kind == "room":
                register.name_room(
                    STAFFORDSHIRE,
                    room=f"Room {number % 3}",
                    building="Civic Centre",
                    named_on=on,
                    recorded_by=BY,
                )
            elif kind == "sever":
                register.sever(
                    STAFFORDSHIRE, severed_on=on, reason="r", announced_by="a", recorded_by=BY
                )
            elif kind == "correct" and expenses:
                register.correct_expense(
                    STAFFORDSHIRE,
                    expenses[number % len(expenses)],
                    reason="typing error",
                    amount=Decimal(number + 7) / 100,
                    recorded_by=BY,
                )
            elif kind == "void" and expenses:
                register.void_expense(
                    STAFFORDSHIRE, expenses[number % len(expenses)], reason="r", recorded_by=BY
                )
            elif kind == "unvisit" and visits:
                register.void_visit(
                    STAFFORDSHIRE, visits[number % len(visits)], reason="r", recorded_by=BY
                )
        except RegisterError:
            continue
        after_each()


def fresh() -> PartnershipRegister:
    return PartnershipRegister(today=lambda: TODAY)


def replayed(register: PartnershipRegister, keep: Callable[[Any], bool]) -> PartnershipStatus:
    """The status after replaying only the events kept: applied one by one, in order."""
    events = list(register.events.get(register.find(STAFFORDSHIRE)))
    partnership: Any = events[0].mutate(None)
    for event in events[1:]:
        if keep(event):
            event.apply(partnership)
    return status_of(partnership)


def without_version(status: PartnershipStatus) -> PartnershipStatus:
    return dataclasses.replace(status, version=0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=commands, day=st.integers(min_value=0, max_value=9100))
def test_as_of_a_date_equals_replaying_only_the_events_dated_up_to_it(
    history: list[tuple[str, int, int]], day: int
) -> None:
    register = fresh()
    record(register, history)
    as_of = START + timedelta(days=day)
    expected = replayed(register, lambda event: event.occurred_on <= as_of)
    assert without_version(register.status(STAFFORDSHIRE, as_of=as_of)) == without_version(expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=commands, cut=st.integers(min_value=0, max_value=40))
def test_as_known_at_a_time_equals_the_store_truncated_at_that_time(
    history: list[tuple[str, int, int]], cut: int
) -> None:
    register = fresh()
    record(register, history)
    times = [e.recorded_at for e in register.history(STAFFORDSHIRE)]
    known_at = times[min(cut, len(times) - 1)]
    expected = replayed(register, lambda event: event.timestamp <= known_at)
    assert register.status(STAFFORDSHIRE, known_at=known_at) == dataclasses.replace(
        expected, version=sum(1 for t in times if t <= known_at)
    )


def test_a_visit_recorded_later_counts_for_the_date_it_happened() -> None:
    register = fresh()
    establish(register)
    visit(register, STAFFORDSHIRE, date(2016, 6, 1))
    assert register.status(STAFFORDSHIRE, as_of=date(2016, 12, 31)).visits.total == 1
    assert register.status(STAFFORDSHIRE, as_of=date(2016, 5, 31)).visits.total == 0


def test_what_we_believed_then_about_an_earlier_date() -> None:
    register = fresh()
    establish(register)
    visit(register, STAFFORDSHIRE, date(2016, 6, 1))
    believed_then = register.history(STAFFORDSHIRE)[-1].recorded_at
    visit(register, STAFFORDSHIRE, date(2016, 7, 1))  # learnt later, dated earlier than then
    now = register.status(STAFFORDSHIRE, as_of=date(2016, 12, 31))
    then = register.status(STAFFORDSHIRE, as_of=date(2016, 12, 31), known_at=believed_then)
    assert (now.visits.total, then.visits.total) == (2, 1)


def test_before_establishment_or_before_anything_was_recorded_is_refused() -> None:
    register = fresh()
    establish(register)
    with pytest.raises(NotYetEstablishedError):
        register.status(STAFFORDSHIRE, as_of=date(1998, 12, 31))
    first = register.history(STAFFORDSHIRE)[0].recorded_at
    with pytest.raises(NotYetRecordedError):
        register.status(STAFFORDSHIRE, known_at=first - timedelta(microseconds=1))


def test_the_state_after_the_nth_event() -> None:
    register = fresh()
    establish(register)
    for month in range(1, 4):
        visit(register, STAFFORDSHIRE, date(2016, month, 1))
    assert [register.status(STAFFORDSHIRE, version=n).visits.total for n in (1, 2, 4)] == [0, 1, 3]


def test_replay_gives_each_event_and_the_state_it_produced() -> None:
    register = fresh()
    establish(register)
    visit(register, STAFFORDSHIRE, date(2016, 6, 1))
    register.record_expense(
        STAFFORDSHIRE,
        occurred_on=date(2016, 6, 2),
        amount=Decimal("6854.00"),
        beneficiary="x",
        purpose="y",
        recorded_by=BY,
    )
    steps = register.replay(STAFFORDSHIRE)
    assert [(e.version, s.visits.total, s.total_spend) for e, s in steps] == [
        (1, 0, Decimal("0.00")),
        (2, 1, Decimal("0.00")),
        (3, 1, Decimal("6854.00")),
    ]


def test_diff_names_each_changed_field_and_the_events_that_changed_it() -> None:
    register = fresh()
    establish(register)
    visit(register, STAFFORDSHIRE, date(2016, 6, 1))
    expense_id = register.record_expense(
        STAFFORDSHIRE,
        occurred_on=date(2016, 6, 2),
        amount=Decimal("3500.00"),
        beneficiary="x",
        purpose="y",
        recorded_by=BY,
    )
    register.correct_expense(
        STAFFORDSHIRE, expense_id, reason="typo", amount=Decimal("3050"), recorded_by=BY
    )
    by_version = {c.field: c for c in register.diff(STAFFORDSHIRE, 2, 4)}
    assert set(by_version) == {"total_spend"}
    assert (by_version["total_spend"].was, by_version["total_spend"].now) == (
        Decimal("0.00"),
        Decimal("3050.00"),
    )
    assert by_version["total_spend"].caused_by == (3, 4)
    by_date = {c.field: c for c in register.diff(STAFFORDSHIRE, date(2016, 1, 1), date(2017, 1, 1))}
    assert by_date["visits.total"].caused_by == (2,)
    moment: datetime = register.history(STAFFORDSHIRE)[1].recorded_at
    assert register.diff(STAFFORDSHIRE, moment, 2) == []
