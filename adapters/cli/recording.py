"""Commands that record what happened: visits, expenses, rooms, corrections."""

from __future__ import annotations

from typing import Any

import click

from adapters.cli.common import (
    command,
    db_option,
    emit,
    json_option,
    recording_options,
    validated,
    writing,
)
from adapters.schemas import recording as schemas
from domain.status import Amended


@command()
@click.option(
    "--council",
    required=True,
    metavar="TEXT",
    help="The council, e.g. Staffordshire County Council.",
)
@click.option("--city", required=True, metavar="TEXT", help="The partner city.")
@click.option("--country", required=True, metavar="TEXT", help="The partner city's country.")
@click.option("--on", required=True, metavar="DATE", help="When the partnership was established.")
@click.option("--description", metavar="TEXT", help="What the partnership is for.")
@recording_options
@json_option
@db_option
def establish(db: str, as_json: bool, **raw: Any) -> None:
    """Record that a council and a partner city established a partnership."""
    values = validated(schemas.EstablishInput(), raw)
    with writing(db) as register:
        established = register.establish(
            council=values["council"],
            city=values["city"],
            country=values["country"],
            established_on=values["on"],
            description=values["description"],
            recorded_by=values["by"],
            source=values["source"],
        )
    emit(
        as_json,
        schemas.EstablishedDocument().dump(established),
        f"Established {established.reference} ({established.partnership_id}).",
    )


@command()
@click.argument("partnership")
@click.option("--on", required=True, metavar="DATE", help="When the delegation visited.")
@click.option(
    "--direction",
    required=True,
    metavar="inbound|outbound",
    help="inbound: to the council; outbound: to the partner.",
)
@click.option("--delegation", required=True, metavar="TEXT", help="Who came, in a few words.")
@click.option(
    "--member", multiple=True, metavar="NAME", help="A member of the delegation (repeat)."
)
@click.option("--purpose", metavar="TEXT", help="What the visit was for.")
@recording_options
@json_option
@db_option
def visit(db: str, as_json: bool, **raw: Any) -> None:
    """Record a delegation's visit. PARTNERSHIP is its id or reference."""
    values = validated(schemas.VisitInput(), raw)
    with writing(db) as register:
        visit_id = register.record_visit(
            values["partnership"],
            occurred_on=values["on"],
            direction=values["direction"],
            delegation=values["delegation"],
            members=tuple(values["member"]),
            purpose=values["purpose"],
            recorded_by=values["by"],
            source=values["source"],
        )
    emit(as_json, {"visit_id": str(visit_id)}, f"Recorded visit {visit_id}.")


@command()
@click.argument("partnership")
@click.option("--on", required=True, metavar="DATE", help="When the expense was incurred.")
@click.option("--amount", required=True, metavar="DECIMAL", help="Pounds sterling, e.g. 3500.00.")
@click.option("--beneficiary", required=True, metavar="TEXT", help="Who was paid.")
@click.option("--purpose", required=True, metavar="TEXT", help="What the money was for.")
@click.option("--visit", metavar="VISIT_ID", help="The visit the expense belongs to.")
@click.option("--department", metavar="TEXT", help="The department that incurred it.")
@click.option("--irrecoverable-vat", metavar="DECIMAL", help="VAT that cannot be recovered.")
@click.option("--category", metavar="TEXT", help="The procurement (merchant) category.")
@click.option("--card", is_flag=True, help="Paid by procurement card.")
@click.option(
    "--paid-to-individual",
    is_flag=True,
    help="Paid to a person: the spend file publishes the payee as REDACTED PERSONAL DATA.",
)
@recording_options
@json_option
@db_option
def expense(db: str, as_json: bool, **raw: Any) -> None:
    """Record money spent on a partnership. PARTNERSHIP is its id or reference."""
    values = validated(schemas.ExpenseInput(), raw)
    with writing(db) as register:
        expense_id = register.record_expense(
            values["partnership"],
            occurred_on=values["on"],
            amount=values["amount"],
            beneficiary=values["beneficiary"],
            purpose=values["purpose"],
            visit_id=values["visit"],
            department=values["department"],
            irrecoverable_vat=values["irrecoverable_vat"],
            category=values["category"],
            card_transaction=values["card"],
            paid_to_individual=values["paid_to_individual"],
            recorded_by=values["by"],
            source=values["source"],
        )
    emit(as_json, {"expense_id": str(expense_id)}, f"Recorded expense {expense_id}.")


@command("name-room")
@click.argument("partnership")
@click.option("--room", required=True, metavar="TEXT", help="The room's name.")
@click.option("--building", required=True, metavar="TEXT", help="The building it is in.")
@click.option("--on", required=True, metavar="DATE", help="When the room was named.")
@recording_options
@json_option
@db_option
def name_room(db: str, as_json: bool, **raw: Any) -> None:
    """Record a room named in the partner's honour. PARTNERSHIP is its id or reference."""
    values = validated(schemas.NameRoomInput(), raw)
    with writing(db) as register:
        register.name_room(
            values["partnership"],
            room=values["room"],
            building=values["building"],
            named_on=values["on"],
            recorded_by=values["by"],
            source=values["source"],
        )
    emit(
        as_json,
        {"room": values["room"], "building": values["building"]},
        f"Recorded {values['room']} in {values['building']}.",
    )


@command()
@click.argument("partnership")
@click.option("--on", required=True, metavar="DATE", help="When the ties were severed.")
@click.option("--reason", required=True, metavar="TEXT", help="Why.")
@click.option("--announced-by", required=True, metavar="TEXT", help="Who announced it.")
@recording_options
@json_option
@db_option
def sever(db: str, as_json: bool, **raw: Any) -> None:
    """Record that a partnership's ties were severed. PARTNERSHIP is its id or reference."""
    values = validated(schemas.SeverInput(), raw)
    with writing(db) as register:
        register.sever(
            values["partnership"],
            severed_on=values["on"],
            reason=values["reason"],
            announced_by=values["announced_by"],
            recorded_by=values["by"],
            source=values["source"],
        )
    emit(
        as_json,
        {"severed_on": values["on"].isoformat()},
        f"Recorded the severance on {values['on']}.",
    )


@command("correct-expense")
@click.argument("partnership")
@click.argument("expense_id", metavar="EXPENSE_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why the record was wrong.")
@click.option("--amount", metavar="DECIMAL", help="The right amount in pounds.")
@click.option("--on", metavar="DATE", help="The right date.")
@click.option("--beneficiary", metavar="TEXT", help="The right beneficiary.")
@click.option("--purpose", metavar="TEXT", help="The right purpose.")
@click.option(
    "--paid-to-individual/--not-paid-to-individual",
    default=None,
    help="Whether the payee is a person (published as REDACTED PERSONAL DATA).",
)
@recording_options
@json_option
@db_option
def correct_expense(db: str, as_json: bool, **raw: Any) -> None:
    """Correct an expense by a new record; the original stays in the history."""
    values = validated(schemas.CorrectExpenseInput(), raw)
    with writing(db) as register:
        amended = register.correct_expense(
            values["partnership"],
            values["expense_id"],
            reason=values["reason"],
            occurred_on=values["on"],
            amount=values["amount"],
            beneficiary=values["beneficiary"],
            purpose=values["purpose"],
            paid_to_individual=values["paid_to_individual"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "expense_id", amended, "Corrected expense")


@command("void-expense")
@click.argument("partnership")
@click.argument("expense_id", metavar="EXPENSE_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why it should not stand.")
@recording_options
@json_option
@db_option
def void_expense(db: str, as_json: bool, **raw: Any) -> None:
    """Void an expense recorded in error; it stays in the history."""
    values = validated(schemas.VoidExpenseInput(), raw)
    with writing(db) as register:
        amended = register.void_expense(
            values["partnership"],
            values["expense_id"],
            reason=values["reason"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "expense_id", amended, "Voided expense")


@command("correct-visit")
@click.argument("partnership")
@click.argument("visit_id", metavar="VISIT_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why the record was wrong.")
@click.option("--on", metavar="DATE", help="The right date.")
@click.option("--direction", metavar="inbound|outbound", help="The right direction.")
@click.option("--delegation", metavar="TEXT", help="The right description of the delegation.")
@click.option("--purpose", metavar="TEXT", help="The right purpose.")
@recording_options
@json_option
@db_option
def correct_visit(db: str, as_json: bool, **raw: Any) -> None:
    """Correct a visit by a new record; the original stays in the history."""
    values = validated(schemas.CorrectVisitInput(), raw)
    with writing(db) as register:
        amended = register.correct_visit(
            values["partnership"],
            values["visit_id"],
            reason=values["reason"],
            occurred_on=values["on"],
            direction=values["direction"],
            delegation=values["delegation"],
            purpose=values["purpose"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "visit_id", amended, "Corrected visit")


@command("void-visit")
@click.argument("partnership")
@click.argument("visit_id", metavar="VISIT_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why it should not stand.")
@recording_options
@json_option
@db_option
def void_visit(db: str, as_json: bool, **raw: Any) -> None:
    """Void a visit recorded in error; it stays in the history, and so do its expenses."""
    values = validated(schemas.VoidVisitInput(), raw)
    with writing(db) as register:
        amended = register.void_visit(
            values["partnership"],
            values["visit_id"],
            reason=values["reason"],
            recorded_by=values["by"],
            source=values["source"],
        )
    _correction_done(as_json, "visit_id", amended, "Voided visit")


def _correction_done(as_json: bool, key: str, amended: Amended, done: str) -> None:
    """Says which record was corrected or voided, by its whole id even when given in short."""
    emit(
        as_json,
        {key: str(amended.record_id), "version": amended.version},
        f"{done} {amended.record_id}: the partnership's history now holds "
        f"{amended.version} records.",
    )
