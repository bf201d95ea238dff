"""Commands that read the register: list, status, history, reports, replay, diff.

The documents' schemas are loaded by a command only when it prints one, and ``list`` and
``status`` ask where partnerships stand through ``reading_statuses``: on an SQLite store whose
views are up to date, either starts with neither SQLAlchemy nor marshmallow loaded.
"""

from __future__ import annotations

from datetime import datetime

import click

from adapters import render
from adapters.cli.common import (
    command,
    counted_when,
    db_option,
    emit,
    json_option,
    partnership_id_of,
    partnership_name,
    reading,
    reading_register,
    reading_statuses,
    register_at,
    time_options,
    validated,
    when_of,
)
from adapters.cli.exits import InvalidInputError
from adapters.spreadsheet import csv_text


@command("list")
@time_options(version=False)
@json_option
@db_option
def list_partnerships(db: str, as_json: bool, as_of: str | None, as_known_at: str | None) -> None:
    """List every partnership with its status (now, or then)."""
    when = when_of(as_of, as_known_at)
    if when["as_of"] or when["known_at"]:  # answered from the partnerships' own events
        with register_at(db) as register:
            statuses = register.statuses(as_of=when["as_of"], known_at=when["known_at"])
    else:
        with reading_statuses(db) as (_, queries):
            statuses = queries.statuses()
    statuses = sorted(statuses, key=lambda s: s.reference)
    documents = None
    if as_json:
        from adapters.schemas import reading as schemas

        documents = schemas.summary_documents(statuses)
    emit(as_json, documents, render.list_text(statuses))


@command()
@click.argument("partnership")
@time_options()
@json_option
@db_option
def status(
    *,
    db: str,
    as_json: bool,
    partnership: str,
    as_of: str | None,
    as_known_at: str | None,
    at_version: str | None,
) -> None:
    """Show where a partnership stands (or stood). PARTNERSHIP is its id or reference."""
    name = partnership_name(partnership)
    when = when_of(as_of, as_known_at, at_version)
    if any(when.values()):
        with reading(db) as (finder, queries):
            current = queries.status_at(finder.find(name), **when)
    else:
        with reading_statuses(db) as (finder, statuses):
            current = statuses.status(finder.find(name))
    document = None
    if as_json:
        from adapters.schemas import reading as schemas

        document = schemas.status_document(current)
    emit(as_json, document, render.status_text(current))


@command()
@click.argument("partnership")
@json_option
@db_option
def history(db: str, as_json: bool, partnership: str) -> None:
    """Show every event recorded for a partnership, in order."""
    from adapters.schemas import reading as schemas

    name = partnership_name(partnership)
    with register_at(db) as register:
        entries = register.history(name)
    emit(as_json, schemas.history_documents(entries), render.history_text(entries))


@command()
@click.argument("partnership", required=False)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per event.")
@time_options()
@json_option
@db_option
def audit(
    *,
    db: str,
    as_json: bool,
    as_csv: bool,
    partnership: str | None,
    as_of: str | None,
    as_known_at: str | None,
    at_version: str | None,
) -> None:
    """The audit trail: every event of the register (or of PARTNERSHIP), in log order."""
    from adapters.schemas import reading as schemas

    if as_csv and as_json:
        raise InvalidInputError("--csv: cannot be given with --json; choose one")
    when = counted_when(partnership, as_of, as_known_at, at_version)
    with reading(db) as (finder, queries):
        rows = [
            row
            for row in queries.audit(partnership_id_of(finder, partnership))
            if (when["as_of"] is None or row.occurred_on <= when["as_of"].isoformat())
            and (
                when["known_at"] is None
                or datetime.fromisoformat(row.recorded_at) <= when["known_at"]
            )
            and (when["version"] is None or row.version <= when["version"])
        ]
    documents = schemas.AuditRowDocument(many=True).dump(rows)
    if as_csv:
        rows_of_cells = ([d[c] for c in schemas.AUDIT_COLUMNS] for d in documents)
        click.echo(csv_text(schemas.AUDIT_COLUMNS, rows_of_cells).encode(), nl=False)
        return
    emit(as_json, documents, render.audit_text(rows))


@command()
@click.argument("partnership", required=False)
@click.option("--by-year", is_flag=True, help="Totals by UK financial year (April to March).")
@time_options()
@json_option
@db_option
def expenses(
    *,
    db: str,
    as_json: bool,
    by_year: bool,
    partnership: str | None,
    as_of: str | None,
    as_known_at: str | None,
    at_version: str | None,
) -> None:
    """The spending ledger: every expense of the register (or of PARTNERSHIP)."""
    from adapters.read_models import expense_row, year_totals
    from adapters.schemas import reading as schemas

    when = counted_when(partnership, as_of, as_known_at, at_version)
    totals, rows = None, []
    if any(when.values()):  # answered from the partnerships' own events
        with reading_register(db) as (register, models):
            named = None if partnership is not None or as_json else models.references()
            name = None if partnership is None else partnership_name(partnership)
            found = register.expenses(name, **when)
            rows = [expense_row(partnership_id, expense) for partnership_id, expense in found]
            if by_year:
                totals = year_totals(rows)
    else:
        with reading(db) as (finder, queries):
            named = None if partnership is not None or as_json else queries.references()
            partnership_id = partnership_id_of(finder, partnership)
            if by_year:
                totals = queries.totals_by_year(partnership_id)
            else:
                rows = queries.expenses(partnership_id)
    if totals is not None:
        documents = schemas.YearTotalDocument(many=True).dump(totals)
        emit(as_json, documents, render.year_totals_text(totals))
    else:
        documents = schemas.ExpenseDocument(many=True).dump(rows)
        emit(as_json, documents, render.expenses_text(rows, named))


@command("visits")
@click.argument("partnership", required=False)
@json_option
@db_option
def visit_list(db: str, as_json: bool, partnership: str | None) -> None:
    """Every delegation's visit (or PARTNERSHIP's), with the spend attributed to it."""
    from adapters.schemas import reading as schemas

    with reading(db) as (finder, queries):
        rows = queries.visits(partnership_id_of(finder, partnership))
        named = None if partnership is not None or as_json else queries.references()
    emit(as_json, schemas.VisitDocument(many=True).dump(rows), render.visits_text(rows, named))


@command()
@click.argument("partnership")
@json_option
@db_option
def replay(db: str, as_json: bool, partnership: str) -> None:
    """Step through a partnership's history: each event, then the state it produced."""
    from adapters.schemas import reading as schemas

    name = partnership_name(partnership)
    with register_at(db) as register:
        steps = register.replay(name)
    documents = [
        {"event": schemas.history_documents([entry])[0], "state": schemas.status_document(state)}
        for entry, state in steps
    ]
    emit(as_json, documents, render.replay_text(steps))


@command()
@click.argument("partnership")
@click.option("--from", "start", required=True, metavar="POINT", help="A version, date or moment.")
@click.option("--to", "end", required=True, metavar="POINT", help="A version, date or moment.")
@json_option
@db_option
def diff(db: str, as_json: bool, partnership: str, start: str, end: str) -> None:
    """What changed in a partnership between two points, field by field, and which events
    caused it. A point is a version (12), a date (2016-12-31) or a moment (2017-06-01T09:00Z)."""
    from adapters.schemas import reading as schemas

    values = validated(schemas.DiffInput(), {"partnership": partnership, "from": start, "to": end})
    with register_at(db) as register:
        changes = register.diff(values["partnership"], values["start"], values["end"])
    emit(
        as_json,
        {"changes": schemas.ChangeDocument(many=True).dump(changes)},
        render.diff_text(changes),
    )
