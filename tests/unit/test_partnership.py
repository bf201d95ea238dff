"""The Partnership aggregate alone: its rules and its replay, without any storage."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain import partnership as partnership_module
from domain.errors import (
    AlreadySeveredError,
    AlreadyVoidedError,
    AmbiguousIdError,
    DatedAfterSeveranceError,
    DatedBeforeEstablishmentError,
    DatedInFutureError,
    ExpenseNotFoundError,
    InvalidAmountError,
    InvalidDirectionError,
    MissingDetailError,
    NothingToCorrectError,
    ReferenceTooLongError,
    RoomAlreadyNamedError,
    SeveranceBeforeRecordsError,
    VisitNotFoundError,
)
from domain.partnership import Partnership
from domain.references import REFERENCE_MAX_LENGTH, partnership_id_for, reference_for

TODAY = date(2026, 11, 28)
BY = "clerk"


def established(
    on: date = date(1999, 1, 1),
    council: str = "Staffordshire County Council",
    city: str = "Ivanovo",
) -> Partnership:
    return Partnership.establish(
        council=council,
        city=city,
        country="Russia",
        established_on=on,
        description=None,
        recorded_by=BY,
        source=None,
        today=TODAY,
    )


def visit(p: Partnership, on: date, direction: str = "inbound") -> Any:
    return p.record_visit(
        occurred_on=on,
        direction=direction,
        delegation="Civic delegation",
        recorded_by=BY,
        today=TODAY,
    )


def expense(p: Partnership, on: date, amount: Any = Decimal("100.00"), **extra: Any) -> Any:
    return p.record_expense(
        occurred_on=on,
        amount=amount,
        beneficiary="Travel agent",
        purpose="Flights",
        recorded_by=BY,
        today=TODAY,
        **extra,
    )


def sever(p: Partnership, on: date = date(2018, 3, 16)) -> None:
    p.sever(
        severed_on=on, reason="Salisbury", announced_by="Philip Atkins", recorded_by=BY, today=TODAY
    )


def replayed(p: Partnership) -> Partnership:
    state: Any = None
    for event in p.collect_events():
        state = event.mutate(state)
    return state  # type: ignore[no-any-return]


class TestEstablishing:
    def test_the_id_is_derived_from_the_council_and_city(self) -> None:
        p = established()
        assert p.reference == "staffordshire-county-council--ivanovo"
        assert p.id == partnership_id_for(p.reference)

    def test_the_same_pair_written_differently_has_the_same_reference(self) -> None:
        assert reference_for(" Staffordshire  County council", "IVANOVO") == reference_for(
            "Staffordshire County Council", "Ivanovo"
        )

    def test_accents_are_dropped_and_other_scripts_kept_in_references(self) -> None:
        assert reference_for("Exeter City Council", "Besançon") == "exeter-city-council--besancon"
        assert reference_for("Coventry", "Волгоград") == "coventry--волгоград"

    def test_different_pairs_never_share_a_reference(self) -> None:
        assert reference_for("A B", "C") != reference_for("A", "B C")

    def test_an_establishment_date_in_the_future_is_refused(self) -> None:
        with pytest.raises(DatedInFutureError):
            established(on=date(2026, 11, 29))

    def test_a_council_without_letters_or_digits_is_refused(self) -> None:
        with pytest.raises(MissingDetailError):
            established(council="---")

    def test_a_reference_as_long_as_two_names_of_the_longest_allowed_is_accepted(self) -> None:
        assert len(established(council="a" * 200, city="b" * 200).reference) == 402
        assert REFERENCE_MAX_LENGTH == 402

    def test_names_whose_reference_grows_past_the_longest_are_refused(self) -> None:
        # Each "㎞" is written "km" once its compatibility form is taken.
        with pytest.raises(ReferenceTooLongError, match=f"at most {REFERENCE_MAX_LENGTH}"):
            established(council="㎞" * 101, city="b" * 200)


class TestVisits:
    def test_visits_are_counted_by_direction(self) -> None:
        p = established()
        visit(p, date(2000, 6, 1), "inbound")
        visit(p, date(2005, 5, 16), "outbound")
        assert sorted(v.direction for v in p.visits.values()) == ["inbound", "outbound"]

    def test_each_visit_gets_its_own_id(self) -> None:
        p = established()
        assert visit(p, date(2000, 6, 1)) != visit(p, date(2000, 6, 1))

    def test_a_visit_before_establishment_is_refused(self) -> None:
        p = established()
        with pytest.raises(DatedBeforeEstablishmentError):
            visit(p, date(1998, 12, 31))

    def test_a_visit_in_the_future_is_refused(self) -> None:
        p = established()
        with pytest.raises(DatedInFutureError):
            visit(p, date(2027, 1, 1))

    def test_an_unknown_direction_is_refused(self) -> None:
        p = established()
        with pytest.raises(InvalidDirectionError):
            visit(p, date(2000, 6, 1), "sideways")

    def test_a_visit_after_severance_is_refused(self) -> None:
        p = established()
        sever(p)
        with pytest.raises(DatedAfterSeveranceError):
            visit(p, date(2018, 3, 17))

    def test_a_visit_on_the_day_of_severance_is_accepted(self) -> None:
        p = established()
        sever(p)
        visit(p, date(2018, 3, 16))
        assert len(p.visits) == 1

    def test_an_earlier_visit_recorded_after_severance_is_accepted(self) -> None:
        p = established()
        sever(p)
        visit(p, date(2016, 9, 15))
        assert len(p.visits) == 1

    def test_a_refused_visit_triggers_no_event(self) -> None:
        p = established()
        p.collect_events()
        with pytest.raises(DatedInFutureError):
            visit(p, date(2027, 1, 1))
        assert p.collect_events() == []
        assert p.version == 1


class TestExpenses:
    def test_amounts_are_kept_exactly_with_two_decimal_places(self) -> None:
        p = established()
        expense(p, date(2016, 4, 20), Decimal("6854"))
        expense(p, date(2005, 5, 16), Decimal("0.10"))
        assert sorted(e.amount for e in p.expenses.values()) == [
            Decimal("0.10"),
            Decimal("6854.00"),
        ]
        assert all(str(e.amount).endswith((".00", ".10")) for e in p.expenses.values())

    @pytest.mark.parametrize(
        "amount",
        [
            Decimal("0"),
            Decimal("-5.00"),
            Decimal("1.005"),
            Decimal("NaN"),
            Decimal("Infinity"),
            10.5,
            10,
        ],
    )
    def test_an_amount_that_is_not_positive_exact_pence_is_refused(self, amount: Any) -> None:
        p = established()
        with pytest.raises(InvalidAmountError):
            expense(p, date(2016, 4, 20), amount)
        assert p.expenses == {}

    def test_irrecoverable_vat_cannot_exceed_the_amount(self) -> None:
        p = established()
        with pytest.raises(InvalidAmountError):
            expense(p, date(2016, 4, 20), Decimal("100"), irrecoverable_vat=Decimal("100.01"))

    def test_an_expense_may_belong_to_a_visit_of_the_same_partnership(self) -> None:
        p = established()
        visit_id = visit(p, date(2016, 4, 20), "outbound")
        expense_id = expense(p, date(2016, 4, 20), visit_id=visit_id)
        assert p.expenses[expense_id].visit_id == visit_id

    def test_an_expense_for_another_partnerships_visit_is_refused(self) -> None:
        p = established()
        other = Partnership.establish(
            council="Staffordshire County Council",
            city="Tarnów",
            country="Poland",
            established_on=date(1999, 1, 1),
            description=None,
            recorded_by=BY,
            source=None,
            today=TODAY,
        )
        foreign_visit = visit(other, date(2016, 4, 20))
        with pytest.raises(VisitNotFoundError):
            expense(p, date(2016, 4, 20), visit_id=foreign_visit)
        with pytest.raises(VisitNotFoundError):
            expense(p, date(2016, 4, 20), visit_id=uuid4())

    def test_a_late_invoice_for_an_earlier_visit_is_accepted_after_severance(self) -> None:
        p = established()
        visit_id = visit(p, date(2016, 4, 20), "outbound")
        sever(p)
        expense(p, date(2016, 5, 1), visit_id=visit_id)
        assert len(p.expenses) == 1

    def test_an_expense_after_severance_is_refused(self) -> None:
        p = established()
        sever(p)
        with pytest.raises(DatedAfterSeveranceError):
            expense(p, date(2018, 4, 1))

    def test_an_expense_before_establishment_is_refused(self) -> None:
        p = established()
        with pytest.raises(DatedBeforeEstablishmentError):
            expense(p, date(1998, 1, 1))

    def test_an_expense_needs_a_beneficiary(self) -> None:
        p = established()
        with pytest.raises(MissingDetailError):
            p.record_expense(
                occurred_on=date(2016, 4, 20),
                amount=Decimal("1"),
                beneficiary="  ",
                purpose="Flights",
                recorded_by=BY,
                today=TODAY,
            )


class TestRooms:
    def name(self, p: Partnership, room: str, building: str, on: date = date(2006, 6, 1)) -> None:
        p.name_room(room=room, building=building, named_on=on, recorded_by=BY, today=TODAY)

    def test_the_same_room_in_the_same_building_is_not_named_twice(self) -> None:
        p = established()
        self.name(p, "The Ivanovo Room", "County Buildings, Stafford")
        with pytest.raises(RoomAlreadyNamedError):
            self.name(p, "the ivanovo  room", "County Buildings,  Stafford")
        assert len(p.rooms) == 1

    def test_the_same_room_name_in_another_building_is_accepted(self) -> None:
        p = established()
        self.name(p, "The Ivanovo Room", "County Buildings, Stafford")
        self.name(p, "The Ivanovo Room", "Shire Hall")
        assert len(p.rooms) == 2

    def test_a_room_named_after_severance_is_refused(self) -> None:
        p = established()
        sever(p)
        with pytest.raises(DatedAfterSeveranceError):
            self.name(p, "The Ivanovo Room", "Shire Hall", date(2019, 1, 1))


class TestSevering:
    def test_severing_records_the_date_reason_and_announcer(self) -> None:
        p = established()
        sever(p)
        assert (p.severed_on, p.severance_reason, p.severance_announced_by) == (
            date(2018, 3, 16),
            "Salisbury",
            "Philip Atkins",
        )

    def test_severing_twice_is_refused(self) -> None:
        p = established()
        sever(p)
        with pytest.raises(AlreadySeveredError):
            sever(p, date(2018, 4, 1))
        assert p.severed_on == date(2018, 3, 16)

    def test_a_severance_date_before_a_recorded_visit_is_refused(self) -> None:
        p = established()
        visit(p, date(2016, 9, 15))
        with pytest.raises(SeveranceBeforeRecordsError):
            sever(p, date(2016, 9, 14))
        assert p.severed_on is None

    def test_a_severance_date_before_a_recorded_expense_is_refused(self) -> None:
        p = established()
        expense(p, date(2017, 1, 10))
        with pytest.raises(SeveranceBeforeRecordsError):
            sever(p, date(2017, 1, 9))

    def test_severing_on_the_day_of_the_last_visit_is_accepted(self) -> None:
        p = established()
        visit(p, date(2016, 9, 15))
        sever(p, date(2016, 9, 15))
        assert p.is_severed

    def test_a_severance_in_the_future_is_refused(self) -> None:
        p = established()
        with pytest.raises(DatedInFutureError):
            sever(p, date(2027, 1, 1))


class TestReplay:
    def test_replaying_the_events_gives_the_same_partnership(self) -> None:
        p = established()
        visit_id = visit(p, date(2016, 4, 20), "outbound")
        expense(
            p,
            date(2016, 4, 20),
            Decimal("6854.00"),
            visit_id=visit_id,
            department="Leader's Office",
        )
        p.name_room(
            room="The Ivanovo Room",
            building="County Buildings",
            named_on=date(2006, 6, 1),
            recorded_by=BY,
            today=TODAY,
        )
        sever(p)
        copy = replayed(p)
        assert copy == p
        assert copy.version == 5

    def test_rules_are_not_checked_on_replay(self) -> None:
        """History recorded under earlier rules must load even if today's rules refuse it."""
        p = established()
        sever(p)
        p.collect_events()
        late = Partnership.DelegationVisited(
            originator_id=p.id,
            originator_version=p.version + 1,
            timestamp=Partnership.DelegationVisited.create_timestamp(),
            visit_id=uuid4(),
            occurred_on=date(2019, 1, 1),
            direction="inbound",
            delegation="Recorded before the rule existed",
            members=[],
            purpose=None,
            recorded_by=BY,
            account=None,
            source=None,
        )
        late.mutate(p)
        assert len(p.visits) == 1


class TestCorrections:
    def test_a_corrected_expense_keeps_its_id_and_takes_the_new_values(self) -> None:
        p = established()
        expense_id = expense(p, date(2005, 5, 16), Decimal("3500.00"))
        p.correct_expense(
            expense_id, reason="typing error", amount=Decimal("3050"), recorded_by=BY, today=TODAY
        )
        assert p.expenses[expense_id].amount == Decimal("3050.00")
        corrected = p.collect_events()[-1]
        assert isinstance(corrected, Partnership.ExpenseCorrected)
        assert (corrected.was_amount, corrected.amount) == (Decimal("3500.00"), Decimal("3050.00"))

    def test_an_expense_may_be_marked_as_paid_to_an_individual_and_corrected_either_way(
        self,
    ) -> None:
        p = established()
        expense_id = expense(p, date(2005, 5, 16), paid_to_individual=True)
        assert p.expenses[expense_id].paid_to_individual
        p.correct_expense(
            expense_id, reason="a firm", paid_to_individual=False, recorded_by=BY, today=TODAY
        )
        assert not p.expenses[expense_id].paid_to_individual
        corrected = p.collect_events()[-1]
        assert (corrected.was_paid_to_individual, corrected.paid_to_individual) == (True, False)
        with pytest.raises(NothingToCorrectError):
            p.correct_expense(
                expense_id, reason="x", paid_to_individual=False, recorded_by=BY, today=TODAY
            )

    def test_a_correction_that_changes_nothing_is_refused(self) -> None:
        p = established()
        expense_id = expense(p, date(2005, 5, 16), Decimal("3500.00"))
        with pytest.raises(NothingToCorrectError):
            p.correct_expense(
                expense_id, reason="x", amount=Decimal("3500"), recorded_by=BY, today=TODAY
            )

    def test_a_voided_expense_no_longer_stands_and_cannot_be_corrected(self) -> None:
        p = established()
        expense_id = expense(p, date(2005, 5, 16))
        p.void_expense(expense_id, reason="duplicate", recorded_by=BY)
        assert expense_id not in p.expenses
        with pytest.raises(AlreadyVoidedError):
            p.void_expense(expense_id, reason="again", recorded_by=BY)
        with pytest.raises(AlreadyVoidedError):
            p.correct_expense(
                expense_id, reason="x", amount=Decimal("1"), recorded_by=BY, today=TODAY
            )

    def test_an_unknown_expense_is_not_found(self) -> None:
        p = established()
        with pytest.raises(ExpenseNotFoundError):
            p.void_expense(uuid4(), reason="x", recorded_by=BY)

    def test_a_record_dated_before_severance_is_corrected_after_it(self) -> None:
        p = established()
        visit_id = visit(p, date(2016, 9, 15))
        sever(p)
        p.correct_visit(
            visit_id, reason="wrong day", occurred_on=date(2016, 9, 16), recorded_by=BY, today=TODAY
        )
        assert p.visits[visit_id].occurred_on == date(2016, 9, 16)
        with pytest.raises(DatedAfterSeveranceError):
            p.correct_visit(
                visit_id, reason="x", occurred_on=date(2018, 3, 17), recorded_by=BY, today=TODAY
            )

    def test_a_voided_visit_does_not_hold_back_a_severance(self) -> None:
        p = established()
        visit_id = visit(p, date(2017, 1, 1))
        p.void_visit(visit_id, reason="never happened", recorded_by=BY)
        sever(p, date(2016, 12, 31))
        assert p.severed_on == date(2016, 12, 31)

    def test_an_expense_cannot_be_recorded_against_a_voided_visit(self) -> None:
        p = established()
        visit_id = visit(p, date(2017, 1, 1))
        p.void_visit(visit_id, reason="never happened", recorded_by=BY)
        with pytest.raises(AlreadyVoidedError):
            expense(p, date(2017, 1, 1), visit_id=visit_id)

    def test_replaying_corrections_gives_the_same_partnership(self) -> None:
        p = established()
        visit_id = visit(p, date(2016, 4, 20), "outbound")
        expense_id = expense(p, date(2016, 4, 20), Decimal("6854.00"), visit_id=visit_id)
        p.correct_expense(expense_id, reason="r", purpose="Hotel", recorded_by=BY, today=TODAY)
        p.correct_visit(visit_id, reason="r", direction="inbound", recorded_by=BY, today=TODAY)
        other = visit(p, date(2016, 5, 1))
        p.void_visit(other, reason="r", recorded_by=BY)
        assert replayed(p) == p


class TestRecordsNamedByTheBeginningOfTheirIds:
    """Visits and expenses may be named by the first characters of their ids, as history shows."""

    @pytest.fixture
    def ids(self, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
        """The ids the next records get: the first two share their first 8 characters."""
        chosen = [
            UUID("4c88c9b5-0000-4000-8000-000000000001"),
            UUID("4c88c9b5-1111-4000-8000-000000000002"),
            UUID("7d00aa11-2222-4000-8000-000000000003"),
        ]
        upcoming = iter(chosen)
        monkeypatch.setattr(partnership_module, "uuid4", lambda: next(upcoming))
        return chosen

    def test_a_visit_is_found_by_the_first_characters_of_its_id(self, ids: list[UUID]) -> None:
        p = established()
        for _ in ids:
            visit(p, date(2016, 1, 1))
        p.void_visit("7d00aa11", reason="never happened", recorded_by=BY)
        assert ids[2] in p.voided_visits
        p.correct_visit("4c88c9b5-1", reason="r", direction="outbound", recorded_by=BY, today=TODAY)
        assert p.visits[ids[1]].direction == "outbound"

    def test_an_expense_is_found_by_the_first_characters_of_its_id(self, ids: list[UUID]) -> None:
        p = established()
        for _ in ids:
            expense(p, date(2016, 1, 1))
        p.correct_expense(
            "7D00AA11".lower(), reason="r", purpose="Hotel", recorded_by=BY, today=TODAY
        )
        assert p.expenses[ids[2]].purpose == "Hotel"
        corrected = p.collect_events()[-1]
        assert isinstance(corrected, Partnership.ExpenseCorrected)
        assert corrected.expense_id == ids[2]

    def test_an_expense_names_its_visit_by_the_first_characters_of_its_id(
        self, ids: list[UUID]
    ) -> None:
        p = established()
        visit(p, date(2016, 1, 1))
        expense_id = expense(p, date(2016, 1, 1), visit_id="4c88c9b5")
        assert p.expenses[expense_id].visit_id == ids[0]

    def test_a_beginning_that_several_share_is_refused_naming_them(self, ids: list[UUID]) -> None:
        p = established()
        for _ in ids:
            visit(p, date(2016, 1, 1))
        with pytest.raises(AmbiguousIdError) as refused:
            p.void_visit("4c88c9b5", reason="r", recorded_by=BY)
        assert str(ids[0]) in str(refused.value)
        assert str(ids[1]) in str(refused.value)
        assert str(ids[2]) not in str(refused.value)
        assert p.voided_visits == {}

    def test_a_beginning_no_record_has_is_not_found(self, ids: list[UUID]) -> None:
        p = established()
        visit(p, date(2016, 1, 1))  # 4c88c9b5-0000-...
        expense(p, date(2016, 1, 1))  # 4c88c9b5-1111-...
        with pytest.raises(VisitNotFoundError, match="not found"):
            p.void_visit("7d00aa11", reason="r", recorded_by=BY)
        with pytest.raises(ExpenseNotFoundError, match="not found"):
            p.void_expense("4c88c9b5-0", reason="r", recorded_by=BY)

    def test_a_voided_record_found_by_its_beginning_is_void_already(self, ids: list[UUID]) -> None:
        p = established()
        expense(p, date(2016, 1, 1))
        p.void_expense(ids[0], reason="r", recorded_by=BY)
        with pytest.raises(AlreadyVoidedError):
            p.void_expense("4c88c9b5", reason="again", recorded_by=BY)


class TestSnapshots:
    def test_a_snapshot_keeps_voided_records(self) -> None:
        p = established()
        visit_id = visit(p, date(2016, 4, 20))
        p.void_visit(visit_id, reason="r", recorded_by=BY)
        p.collect_events()
        assert Partnership.Snapshot.take(p).mutate(None) == p

    @pytest.mark.parametrize("class_version", [1, 2])
    def test_a_snapshot_of_an_earlier_design_still_loads(self, class_version: int) -> None:
        """Versions 1 and 2 kept visits, expenses and rooms as objects' fields (version 1
        without voided records); loading upcasts them to today's rows of plain values."""
        p = established()
        visit_id = visit(p, date(2016, 4, 20))
        expense(p, date(2016, 4, 21), Decimal("6854.00"), visit_id=visit_id)
        p.name_room(
            room="The Ivanovo Room",
            building="County Buildings",
            named_on=date(2006, 6, 1),
            recorded_by=BY,
            today=TODAY,
        )
        p.collect_events()
        taken = Partnership.Snapshot.take(p)
        old_state = dict(
            taken.state,
            visits=[dict(vars(v), members=list(v.members)) for v in p.visits.values()],
            expenses=[
                {
                    k: v
                    for k, v in vars(e).items()
                    if k not in ("card_transaction", "paid_to_individual")
                }
                for e in p.expenses.values()
            ],
            rooms=[dict(vars(r)) for r in p.rooms],
        )
        del old_state["class_version"]
        if class_version == 1:
            del old_state["voided_visits"], old_state["voided_expenses"]
        else:
            old_state["class_version"] = 2
        old = Partnership.Snapshot(
            originator_id=taken.originator_id,
            originator_version=taken.originator_version,
            timestamp=taken.timestamp,
            topic=taken.topic,
            state=old_state,
        )
        loaded = old.mutate(None)
        assert loaded == p
        assert loaded.voided_visits == {}

    def test_a_snapshot_taken_before_payments_to_individuals_were_marked_still_loads(
        self,
    ) -> None:
        p = established()
        expense(p, date(2016, 4, 21), Decimal("6854.00"))
        p.collect_events()
        taken = Partnership.Snapshot.take(p)
        old_state = dict(
            taken.state,
            class_version=3,
            expenses=[row[:10] for row in taken.state["expenses"]],
        )
        old = replace(taken, state=old_state)

        loaded = old.mutate(None)

        assert loaded == p
        assert all(not e.paid_to_individual for e in loaded.expenses.values())
