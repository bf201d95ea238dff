"""Commands that publish: the HTML report and the Transparency Code spend file."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import click

from adapters import render
from adapters.cli.common import (
    command,
    db_option,
    emit,
    json_option,
    partnership_id_of,
    reading_register,
    time_options,
    validated,
    when_of,
)
from adapters.cli.exits import InvalidInputError, StorageUnavailableError
from adapters.progress import progress
from adapters.reports.site import write_site
from adapters.reports.spend import HEADER, THRESHOLD, spend_lines
from adapters.schemas import publishing as schemas
from adapters.spreadsheet import csv_text

# A report of more pages than this shows a progress bar on a terminal.
_PAGES_WORTH_SHOWING = 5


@command()
@click.argument("partnership", required=False)
@click.option("--out", required=True, metavar="DIR", help="The folder to write the site into.")
@time_options(version=False)
@json_option
@db_option
def report(
    *,
    db: str,
    as_json: bool,
    partnership: str | None,
    out: str,
    as_of: str | None,
    as_known_at: str | None,
) -> None:
    """Write the register (or PARTNERSHIP) as a static HTML site into DIR: an index and a page
    per partnership, with charts, and every figure linked to the events behind it."""
    when = when_of(as_of, as_known_at)
    folder = Path(out.strip() or ".")
    if folder.exists() and not folder.is_dir():
        raise InvalidInputError(f"--out: {out} is a file, not a folder")

    def bar(total: int) -> AbstractContextManager[Callable[[int], None]]:
        return progress(
            "Writing the report", total, worth_showing=_PAGES_WORTH_SHOWING, unit="pages"
        )

    with reading_register(db) as (register, _):
        partnership_id = partnership_id_of(register, partnership)
        try:
            site = write_site(
                register,
                folder,
                partnership_id=partnership_id,
                as_of=when["as_of"],
                known_at=when["known_at"],
                progress=bar,
            )
        except OSError as error:
            raise StorageUnavailableError(
                f"--out: the report could not be written into {out}: {error.strerror or error}"
            ) from None
    emit(as_json, schemas.ReportDocument().dump(site), str(site.index))


@command()
@click.argument("partnership", required=False)
@click.option("--year", metavar="YYYY/YY", help="A UK financial year, e.g. 2016/17.")
@click.option("--from", "start", metavar="DATE", help="The first date to publish.")
@click.option("--to", "end", metavar="DATE", help="The last date to publish.")
@click.option(
    "--over",
    metavar="AMOUNT",
    help=f"Publish expenses of more than this (default £{THRESHOLD}); card payments always.",
)
@click.option("--csv", "as_csv", is_flag=True, help="Print the CSV file to publish.")
@json_option
@db_option
def spend(
    *,
    db: str,
    as_json: bool,
    as_csv: bool,
    partnership: str | None,
    year: str | None,
    start: str | None,
    end: str | None,
    over: str | None,
) -> None:
    """The Transparency Code spend file: every expense over £500 (or --over) and every
    procurement-card expense, as it stands, in date order; individuals redacted."""
    if as_csv and as_json:
        raise InvalidInputError("--csv: give --csv or --json, not both")
    values = validated(schemas.SpendInput(), {"year": year, "from": start, "to": end, "over": over})
    first, last = values["year"] or (values["start"], values["end"])
    with reading_register(db) as (register, _):
        lines = spend_lines(
            register,
            partnership_id=partnership_id_of(register, partnership),
            start=first,
            end=last,
            over=THRESHOLD if values["over"] is None else values["over"],
        )
    if as_csv:
        click.echo(csv_text(HEADER, (line.cells() for line in lines)).encode(), nl=False)
        return
    emit(as_json, schemas.SpendLineDocument(many=True).dump(lines), render.spend_text(lines))
