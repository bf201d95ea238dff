"""Verifying a long stored history with worker processes, as a rebuild's workers check it.

Each worker checks a page of the log against its chain links (``LinkCheck``), starting from the
links stored just before the page: the digest so far and each partnership's last hash. The page
before checked those very links against its own events, and the first page starts from nothing,
so when every page matches, every stored hash and digest is the one recomputed from the events
alone, exactly as the one-process verify (``chain.verify``) finds them. The workers only confirm
an intact history: where one finds a problem, where workers cannot run, or (``chain.verify``
decides before starting them) where the history is short or the store holds more or fewer links
than events, the one-process verify goes over the history to name the first problem in its own
words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy.engine import Engine

from adapters.chain_links import GENESIS, Digest, Verification

# A history shorter than this (in events) is verified faster by one process than by starting
# workers.
WORTH_WORKERS = 150_000
# Workers take pages of at most this many events (fewer where events are long).
PAGE = 20_000


def verified_in_workers(
    recorder: Any, head: int, kept: Digest | None, progress: Callable[[int], None]
) -> Verification | None:
    """The verification of the recorder's stored history up to the log position ``head`` by
    worker processes, when they find it intact (with the digest the auditor kept, if one is
    given, matched); None when not, for the one-process verify to diagnose. The caller has
    counted as many links as events: the workers find every event linked to a link of its own,
    so no link is then left whose event is gone."""
    # Imported here: only a long history's verify starts workers (a write imports this module).
    from adapters.read_models.staging import (  # noqa: PLC0415
        Stager,
        staged_page_size,
        worker_source,
    )

    engine = cast(Engine, recorder.datastore.engine)
    where = worker_source(engine.url)
    events, chain = recorder.events_record_cls.__table__.fullname, recorder.chain.fullname
    if where is None:
        return None
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415 (as Stager)

    page = staged_page_size(engine, events, PAGE)
    done = 0
    try:
        loads = engine.dialect.name == "postgresql"  # read there as a rebuild's workers read
        stager = Stager(where, events, chain, (), behind={}, head=head, page=page, loads=loads)
    except (BrokenProcessPool, OSError):  # a machine that cannot start processes
        return None
    try:
        for _, staged in stager:
            if staged.problem is not None:
                return None
            done += staged.count
            progress(done)
    except (BrokenProcessPool, OSError):
        return None
    finally:
        stager.close()
    return _intact(engine, events, chain, head=head, count=done, kept=kept)


def _intact(
    engine: Engine, events: str, chain: str, *, head: int, count: int, kept: Digest | None
) -> Verification | None:
    """The verification of a history the workers found intact up to ``head``: its stored
    digest is the one recomputed. With a kept digest, the history must still reach the
    kept position with that digest there (else None, for the one-process verify to say)."""
    linked = (
        f"SELECT e.id, c.log_digest FROM {events} e JOIN {chain} c "  # noqa: S608
        "ON c.notification_id = e.id WHERE e.id <= {} ORDER BY e.id DESC LIMIT 1"
    )
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    with engine.connect() as connection:
        last = connection.exec_driver_sql(linked.format(mark), (head,)).one()
        partnerships = connection.exec_driver_sql(
            f"SELECT count(DISTINCT originator_id) FROM {events} "  # noqa: S608
            f"WHERE id <= {mark}",
            (head,),
        ).scalar_one()
        after = 0
        if kept is not None:
            there = connection.exec_driver_sql(linked.format(mark), (kept.position,)).first()
            position, digest = (0, GENESIS) if there is None else there
            if position != kept.position or digest != kept.digest:
                return None
            after = connection.exec_driver_sql(
                f"SELECT count(*) FROM {events} WHERE id > {mark} AND id <= {mark}",  # noqa: S608
                (kept.position, head),
            ).scalar_one()
    return Verification(
        events=count,
        partnerships=int(partnerships),
        position=int(last[0]),
        digest=str(last[1]),
        digest_checked=kept is not None,
        events_after_digest=int(after),
    )
