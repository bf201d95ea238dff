"""The lines of a long export, checked in worker processes as far as each can be on its own:
its JSON, its schema, its state's schema and, where its partnership has an earlier line in the
same share of the file, its event hash (``export_check.prechecked``). The command's own process
then takes the lines in order and checks what needs the lines before them: log order, versions,
the hashes left to work out, the digest and the tree. Workers read nothing themselves: they are
handed a share of lines and hand back what they found. For an import, a worker that found a
whole share well formed also lays its event rows aside (``laid_aside``), so that the command's
process need not.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Generator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from itertools import islice
from pathlib import Path
from typing import IO

from adapters.evidence.export_check import Prechecked, prechecked
from adapters.evidence.laid_aside import SUFFIX, lay_aside
from adapters.worker_pool import WORKERS, worker_pool

# Lines a worker is handed at a time (about 2 MB of the bench's events: shares ahead stay small).
SHARE = 2_500

_Found = list[Prechecked | None]


def _checked_share(lines: list[bytes], aside: tuple[str, str] | None) -> _Found:
    """Runs in a worker: the share's lines prechecked and, given where (the kind of file and
    its path), their event rows laid aside when every line passed. A line's state then goes
    back only where the command's process still works out its hash."""
    found = prechecked(lines)
    if aside is None or None in found:
        return found
    kind, path = aside
    passed = [pre for pre in found if pre is not None]
    rows = [(p.position, p.partnership_id, p.version, p.topic, p.state) for p in passed]
    try:
        lay_aside(kind, path, rows)
    except (OSError, sqlite3.Error):  # the command's process lays them aside, or says why not
        with suppress(OSError):
            Path(path).unlink(missing_ok=True)
        return found
    return [p._replace(state=b"" if p.hashed else p.state, laid_aside=path) for p in passed]


def shares_prechecked(
    file: IO[bytes], aside: tuple[str, str] | None = None
) -> Generator[tuple[bytes, Prechecked | None], None, None]:
    """Every line left in the file, in order, with what a worker found of it (None: to be
    checked in full by the caller). A share is handed to each worker, and one more, ahead of
    the one taken (so that memory stays under 300 MB while the import's workers and the
    rebuild's run); should workers fail to start or stop, the lines left go back unchecked."""
    shares = iter(lambda: list(islice(file, SHARE)), [])
    try:
        pool = worker_pool()
    except (OSError, BrokenProcessPool):  # a machine that cannot start processes
        for share in shares:
            yield from ((raw, None) for raw in share)
        return
    pending: deque[tuple[list[bytes], Future[_Found] | None]] = deque()
    handed = 0

    def hand_out() -> None:
        nonlocal handed
        share = next(shares, None)
        if share is not None:
            handed += 1
            where = None
            if aside is not None:
                kind, folder = aside
                where = (kind, str(Path(folder) / f"share-{handed}{SUFFIX[kind]}"))
            try:
                pending.append((share, pool.submit(_checked_share, share, where)))
            except BrokenProcessPool:  # the share is checked in full instead
                pending.append((share, None))

    try:
        for _ in range(WORKERS + 1):
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
