"""The demo: the founding story of Staffordshire County Council and Ivanovo, recorded and shown."""

from __future__ import annotations

from adapters import demo as demo_story
from adapters import render
from adapters.cli.common import (
    brought_up_to_date,
    command,
    db_option,
    emit,
    json_option,
    register_at,
)
from adapters.schemas import reading as schemas


@command()
@json_option
@db_option
def demo(db: str, as_json: bool) -> None:
    """Record the Staffordshire–Ivanovo partnership, unless the store holds it, and show it."""
    reference = demo_story.REFERENCE
    with register_at(db, creating=True) as register:
        note = demo_story.record(register)
        models = brought_up_to_date(register)
        if models is not None:
            current = models.status(register.find(reference))
        else:  # the reports could not be brought up to date: the story's own events say it
            current = register.status(reference)
        entries = register.history(reference)
    document = {
        "status": schemas.status_document(current),
        "history": schemas.history_documents(entries),
    }
    text = "\n\n".join([note, render.status_text(current), "History", render.history_text(entries)])
    emit(as_json, document, text)
