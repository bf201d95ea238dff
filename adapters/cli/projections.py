"""The read models' own commands: how far each has read the log, and rebuilding them."""

from __future__ import annotations

import click

from adapters import render
from adapters.cli.common import Group, db_option, emit, json_option, register_at
from adapters.cli.exits import InvalidInputError
from adapters.progress import progress
from adapters.read_models import ReadModels
from adapters.read_models.one_rebuild import only_rebuild
from adapters.read_models.views import VIEW_NAMES
from adapters.schemas import administration as schemas


@click.group(cls=Group)
def projections() -> None:
    """The read models that reports read: how far they are, and rebuilding them."""


@projections.command("status")
@json_option
@db_option
def projections_status(db: str, as_json: bool) -> None:
    """How far each read model has read the log."""
    with register_at(db) as register:
        states = ReadModels(register).states()
    emit(
        as_json,
        schemas.ProjectionStateDocument(many=True).dump(states),
        render.projection_states_text(states),
    )


@projections.command("rebuild")
@click.argument("name", required=False)
@json_option
@db_option
def projections_rebuild(db: str, as_json: bool, name: str | None) -> None:
    """Empty the read model NAME (or all of them) and rebuild it from the whole log."""
    if name is not None and name not in VIEW_NAMES:  # refused before the store is opened
        raise InvalidInputError(
            f"NAME: there is no projection called {name!r}; "
            f"the projections are {', '.join(VIEW_NAMES)}"
        )
    with register_at(db) as register:
        models = ReadModels(register)
        names = None if name is None else [name]
        with (  # claimed first: a rebuild refused shows no progress, only why
            only_rebuild(register.recorder.datastore.engine),  # type: ignore[attr-defined]
            progress("Rebuilding the read models", models.head(), worth_showing=0) as done,
        ):
            models.rebuild(names, progress=done)
        states = models.states()
    emit(
        as_json,
        schemas.ProjectionStateDocument(many=True).dump(states),
        render.projection_states_text(states),
    )
