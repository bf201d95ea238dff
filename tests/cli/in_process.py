"""The real ``partnerships`` command run inside the test's process: the same entry point as the
installed script, without starting Python again, for tests that run it hundreds of times."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout

from adapters.cli import main

from .command import Outcome


def run_in_process(*args: str) -> Outcome:
    """Runs ``partnerships ARGS`` through its entry point and returns what it did."""
    # Text streams over bytes, as a terminal's are: some commands write bytes to the buffer.
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for _ in range(2))
    # Standard input empty, as a command started with nothing piped in finds it at its end
    # (pytest's own refuses to be read): ``-`` names it for a FILE.
    empty = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    code = 0
    with redirect_stdout(out), redirect_stderr(err), _stdin(empty):
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Outcome(code, _written(out), _written(err))


@contextmanager
def _stdin(stream: io.TextIOWrapper) -> Iterator[None]:
    previous, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = previous


def _written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    written: bytes = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return written.decode("utf-8")
