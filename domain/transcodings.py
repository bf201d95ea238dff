"""How values the library does not know are written into stored events."""

from __future__ import annotations

import json
from datetime import date

from eventsourcing.persistence import JSONTranscoder, Transcoding


class CanonicalJSONTranscoder(JSONTranscoder):
    """JSON with sorted keys and no spaces: the same event is always stored as the same bytes,
    whatever the order its fields were built in, so hashes of stored events are reproducible."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = json.JSONEncoder(
            default=self._encode_obj,
            separators=(",", ":"),
            ensure_ascii=False,
            sort_keys=True,
        )


class DateAsISO(Transcoding):
    """Stores a business date as ``YYYY-MM-DD``; the name is in every stored event: keep it."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)
