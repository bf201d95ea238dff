"""The lines of a long export, checked in worker processes as far as each can be on its own:
its JSON, its schema, its state's schema and, where its partnership has an earlier line in the
same share of the file, its event hash (``export_check.prechecked``). The command's own process
then takes the lines in order and checks what needs the lines before them: log order, versions,
the hashes left to work out, the digest and the tree. Workers read nothing themselves: they are
handed a share of lines and hand back what they found.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from itertools import islice
from typing import IO

from adapters.evidence.export_check import Prechecked, prechecked
from adapters.worker_pool import WORKERS, worker_pool

# Lines a worker is handed at a time (about 9 MB of the bench's events).
SHARE = 10_000

_Found = list[Prechecked | None]


def shares_prechecked(file: IO[bytes]) -> Generator[tuple[bytes, Prechecked | None], None, None]:
    """Every line left in the file, in order, with what a worker found of it (None: to be
    checked in full by the caller). Two shares are handed to each worker ahead of the one
    taken; should workers fail to start or stop, the lines left are handed back unchecked."""
    shares = iter(lambda: list(islice(file, SHARE)), [])
    try:
        pool = worker_pool()
    except (OSError, BrokenProcessPool):  # a machine that cannot start processes
        for share in shares:
            yield from ((raw, None) for raw in share)
        return
    pending: deque[tuple[list[bytes], Future[_Found] | None]] = deque()

    def hand_out() -> None:
        share = next(shares, None)
        if share is not None:
            try:
                pending.append((share, pool.submit(prechecked, share)))
            except (BrokenProcessPool, RuntimeError):
                pending.append((share, None))

    try:
        for _ in range(2 * WORKERS):
            hand_out()
        while pending:
            share, working = pending.popleft()
            found: _Found = [None] * len(share)
            if working is not None:
                with suppress(BrokenProcessPool):  # the share is checked in full instead
                    found = working.result()
            hand_out()
            yield from zip(share, found, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
