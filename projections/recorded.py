"""Stored events as the read models see them: plain values, decoded straight from the store.

Read models are rebuilt from millions of events, so they skip building domain objects: each
stored state is parsed once as JSON and its typed values (dates, amounts, ids, timestamps) are
kept as the store holds them, made plain strings only where a projection reads them. Old
versions of an event are upcast with the event class's own ``upcast_vN_vM`` methods, which must
therefore only add or rename plain values.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from uuid import UUID

import orjson
from eventsourcing.utils import resolve_topic


class Recorded(NamedTuple):
    """One stored event: where it stands in the log, what happened, and who recorded it (the
    name given, and the account that stored it, None when unknown); ``partnership`` is the
    partnership id's 16 bytes, as read models keep ids; ``stored`` holds the event's own fields
    as stored, typed values still wrapped."""

    position: int
    partnership_id: str
    partnership: bytearray
    version: int
    type: str
    occurred_on: str
    recorded_at: str
    recorded_by: str
    account: str | None
    source: str | None
    stored: dict[str, Any]

    @property
    def data(self) -> dict[str, Any]:
        """The event's own fields as plain JSON values."""
        return {k: plain(v) for k, v in self.stored.items()}


def key(value: Any) -> bytearray | None:
    """An id as stored (or None), as the 16 bytes read models keep ids in (a bytearray: the
    sqlite3 module binds those directly, plain bytes only after looking for an adapter)."""
    return None if value is None else bytearray.fromhex(value["_data_"])


def plain(value: Any) -> Any:
    """A stored value as plain JSON: dates, amounts, timestamps as strings; ids with hyphens."""
    kind = type(value)
    if kind is dict:
        typed = value.get("_type_")
        if typed is None:
            return {k: plain(v) for k, v in value.items()}
        data = value["_data_"]
        if typed == "uuid_hex":
            return f"{data[:8]}-{data[8:12]}-{data[12:16]}-{data[16:20]}-{data[20:]}"
        return data if type(data) is str else plain(data)
    if kind is list:
        return [plain(v) for v in value]
    return value


_REMEMBERED_IDS = 100_000


class Decoder:
    """Decodes stored events for read models; remembers what it learnt about each topic."""

    def __init__(self) -> None:
        self._types: dict[str, tuple[str, int, type | None]] = {}
        self._ids: dict[Any, tuple[str, bytearray]] = {}

    def partnership_id(self, stored_id: Any) -> tuple[str, bytearray]:
        """The partnership id as text and as 16 bytes, from the store's own form (bytes or a
        UUID) or from text."""
        known = self._ids.get(stored_id)
        if known is None:
            if isinstance(stored_id, bytes | bytearray | memoryview):
                raw = bytearray(stored_id)
            else:
                raw = bytearray(UUID(str(stored_id)).bytes)
            h = raw.hex()
            known = (f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", raw)
            if len(self._ids) >= _REMEMBERED_IDS:  # however many partnerships a log holds
                self._ids.clear()
            self._ids[stored_id] = known
        return known

    def _event_type(self, topic: str) -> tuple[str, int, type | None]:
        known = self._types.get(topic)
        if known is None:
            try:
                cls: type | None = resolve_topic(topic)
            except Exception:  # noqa: BLE001 (an event type this version no longer knows)
                cls = None
            name = topic.rsplit(".", 1)[-1]
            known = (name, getattr(cls, "class_version", 1), cls)
            self._types[topic] = known
        return known

    def decode(
        self, position: int, stored_id: Any, version: int, topic: str, state: bytes | str
    ) -> Recorded:
        raw = orjson.loads(state)
        name, class_version, cls = self._types.get(topic) or self._event_type(topic)
        stored_version = raw.pop("class_version", 1)
        while stored_version < class_version:
            getattr(cls, f"upcast_v{stored_version}_v{stored_version + 1}")(raw)
            stored_version += 1
        occurred = raw.pop("occurred_on")
        recorded = raw.pop("timestamp")
        recorded_by = raw.pop("recorded_by")
        account = raw.pop("account", None)  # None: stored before accounts were recorded
        source = raw.pop("source")
        raw.pop("originator_topic", None)
        partnership_id, partnership = self._ids.get(stored_id) or self.partnership_id(stored_id)
        return Recorded(
            position,
            partnership_id,
            partnership,
            version,
            name,
            occurred["_data_"],
            recorded["_data_"],
            recorded_by,
            account,
            source,
            raw,
        )
