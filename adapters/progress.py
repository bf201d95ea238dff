"""Progress of long work, on standard error: a bar on a terminal, else a plain line per stage."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

# Work smaller than this finishes in a blink and prints nothing about itself.
WORTH_SHOWING = 50_000


@contextmanager
def progress(
    label: str, total: int, *, worth_showing: int = WORTH_SHOWING, unit: str = "events"
) -> Iterator[Callable[[int], None]]:
    """Yields a function to call with the number of items done so far."""
    if total < worth_showing:
        yield lambda _: None
        return
    if sys.stderr.isatty():
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            yield lambda done: bar.update(max(0, done - bar.pos))
        return
    click.echo(f"{label}: {total:,} {unit}", err=True)
    yield lambda _: None
    click.echo(f"{label}: done", err=True)
