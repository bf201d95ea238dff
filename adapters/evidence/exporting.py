"""Writes an export: the register's whole history (or one partnership's), streamed page by
page in log order, with a header giving the digest and tree root it ends in."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, Any
from uuid import UUID

import orjson

from adapters.evidence import export_format
from adapters.evidence.receipts import tree_head
from adapters.evidence.store import Store

PAGE = 20_000


def export_header(store: Store, partnership_id: UUID | None) -> dict[str, Any]:
    """The header of an export taken now: what it covers and what it ends in."""
    head = tree_head(store)
    header: dict[str, Any] = {
        "format": export_format.FORMAT,
        "format_version": export_format.FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "events": head.size,
        "position": head.position,
        "digest": None,
        "tree_size": head.size,
        "tree_root": head.root,
        "partnership_id": None if partnership_id is None else str(partnership_id),
    }
    with store.reading() as cursor:
        if partnership_id is None:
            cursor.execute(
                f"SELECT log_digest FROM {store.chain} "  # noqa: S608
                f"WHERE notification_id = {store.mark}",
                (head.position,),
            )
            row = cursor.fetchone()
            header["digest"] = "0" * 64 if row is None else str(row[0])
            return header
        cursor.execute(
            f"SELECT notification_id, originator_version, event_hash FROM {store.chain} "  # noqa: S608
            f"WHERE originator_id = {store.mark} AND notification_id <= {store.mark} "
            "ORDER BY originator_version DESC LIMIT 1",
            (str(partnership_id), head.position),
        )
        position, version, hashed = cursor.fetchone()
    header.update(
        events=int(version),
        position=int(position),
        digest=str(hashed),
        tree_size=None,
        tree_root=None,
    )
    return header


def write_export(
    store: Store,
    out: IO[bytes],
    partnership_id: UUID | None = None,
    progress: Callable[[int], None] = lambda _: None,
) -> dict[str, Any]:
    """Writes the export to ``out``; returns its header."""
    header = export_header(store, partnership_id)
    out.write(orjson.dumps(header) + b"\n")
    m = store.mark
    where = f"c.notification_id > {m} AND c.notification_id <= {m}"
    params: tuple[Any, ...] = (header["position"],)
    if partnership_id is not None:
        where += f" AND c.originator_id = {m}"
        params += (str(partnership_id),)
    sql = (
        "SELECT e.id, e.originator_id, e.originator_version, e.topic, e.state, "  # noqa: S608
        f"c.event_hash FROM {store.chain} c JOIN {store.events} e ON e.id = c.notification_id "
        f"WHERE {where} ORDER BY c.notification_id LIMIT {PAGE}"
    )
    # A page is tens of thousands of rows and no reference cycles: the cyclic collector would
    # only rescan them, over and over (a third of the time of writing them).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _write_pages(store, out, sql, params, progress)
    finally:
        if collecting:
            gc.enable()
    return header


def _write_pages(
    store: Store,
    out: IO[bytes],
    sql: str,
    params: tuple[Any, ...],
    progress: Callable[[int], None],
) -> None:
    names: dict[Any, str] = {}
    last, written = 0, 0
    with store.reading() as cursor:
        while True:
            cursor.execute(sql, (last, *params))
            page = cursor.fetchall()
            if not page:
                break
            out.write(b"".join(_line(row, names) for row in page))
            last = page[-1][0]
            written += len(page)
            progress(written)


def _line(row: Any, names: dict[Any, str]) -> bytes:
    position, stored_id, version, topic, state, hashed = row
    partnership_id = names.get(stored_id)
    if partnership_id is None:
        partnership_id = names[stored_id] = _uuid_text(stored_id)
    state = bytes(state)
    class_version = export_format.stored_value(state, b"class_version")
    recorded_at = export_format.stored_value(state, b"timestamp")
    return (
        orjson.dumps(
            {
                "position": position,
                "partnership_id": partnership_id,
                "version": version,
                "type": topic,
                "class_version": int(class_version) if class_version else 1,
                "recorded_at": recorded_at.decode() if recorded_at is not None else None,
                "state": state.decode(),
                "event_hash": hashed,
            }
        )
        + b"\n"
    )


def _uuid_text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return str(UUID(bytes=bytes(value)))
    return str(value)
