"""The demo: the founding story of Staffordshire County Council and Ivanovo, recorded and shown."""

from __future__ import annotations

from adapters import demo as demo_story
from adapters import render, schemas
from adapters.cli.common import caught_up, command, db_option, emit, json_option, register_at


@command()
@json_option
@db_option
def demo(db: str, as_json: bool) -> None:
    """Record the Staffordshire–Ivanovo partnership into a fresh store and show it."""
    with register_at(db) as register:
        note = demo_story.record(register)
        models = caught_up(register)
        reference = demo_story.REFERENCE
        current = models.status(register.find(reference))
        entries = register.history(reference)
    document = {
        "status": schemas.status_document(current),
        "history": schemas.history_documents(entries),
    }
    text = "\n\n".join([note, render.status_text(current), "History", render.history_text(entries)])
    emit(as_json, document, text)
