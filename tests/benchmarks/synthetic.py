"""A synthetic register for benchmarks: thousands of partnerships, a realistic mix of events.

Two shapes: the bench's (partnerships of 200 small events) and the heavy one (partnerships of
3,000 events of about 1 kB, with long text and many members, one in ten a correction or void).

Events are made by the Partnership aggregate's own commands (so every rule holds), encoded by the
register's mapper and stored through its recorder in large transactions, hash chain included.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from adapters.storage import close, environment
from domain.partnership import Partnership
from domain.register import PartnershipRegister

TODAY = date(2026, 11, 28)
EVENTS_PER_PARTNERSHIP = 200
BATCH_PARTNERSHIPS = 50
GENERATOR_VERSION = 1
HEAVY_EVENTS_PER_PARTNERSHIP = 3_000
_WORDS = [
    "delegation",
    "council",
    "exchange",
    "culture",
    "schools",
    "twinning",
    "mayor",
    "civic",
    "visit",
    "youth",
    "music",
    "sport",
    "trade",
    "heritage",
    "museum",
    "festival",
    "friendship",
    "students",
    "orchestra",
    "library",
    "archive",
    "theatre",
]


def _history(n: int, rng: random.Random) -> list[Any]:
    """The events of partnership number n, in order."""
    established = date(1950, 1, 1) + timedelta(days=rng.randrange(50 * 365))
    p = Partnership.establish(
        council=f"Council {n // 7}",
        city=f"City {n}",
        country=rng.choice(["France", "Germany", "Poland", "Russia", "China", "Japan", "Spain"]),
        established_on=established,
        description="A civic partnership",
        recorded_by="generator",
        source=None,
        today=TODAY,
    )
    day = established
    visits: list[Any] = []
    severs = rng.random() < 0.2
    for k in range(EVENTS_PER_PARTNERSHIP - 1 - severs):
        day = min(day + timedelta(days=rng.randrange(1, 60)), TODAY)
        roll = rng.random()
        by = f"officer {rng.randrange(40)}"
        if roll < 0.48 or not visits:
            visits.append(
                p.record_visit(
                    occurred_on=day,
                    direction=rng.choice(["inbound", "outbound"]),
                    delegation=f"Delegation {k}",
                    members=("A. Member", "B. Member") if roll < 0.1 else (),
                    purpose="Exchange",
                    recorded_by=by,
                    source="Minute",
                    today=TODAY,
                )
            )
        elif roll < 0.97:
            p.record_expense(
                occurred_on=day,
                amount=Decimal(rng.randrange(100, 900_000)) / 100,
                beneficiary=f"Supplier {rng.randrange(500)}",
                purpose="Travel",
                visit_id=rng.choice(visits) if roll < 0.8 else None,
                department="International",
                irrecoverable_vat=Decimal("0.00"),
                category="Travel",
                recorded_by=by,
                source="Invoice",
                today=TODAY,
            )
        else:
            p.name_room(
                room=f"Room {k}",
                building="Civic Centre",
                named_on=day,
                recorded_by=by,
                today=TODAY,
            )
    if severs:
        p.sever(
            severed_on=day,
            reason="Council decision",
            announced_by="Leader",
            recorded_by="generator",
            today=TODAY,
        )
    return list(p.collect_events())


def _text(rng: random.Random, length: int) -> str:
    """Prose of about the given length."""
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(_WORDS))
    return " ".join(words).capitalize() + "."


def _heavy_history(n: int, rng: random.Random) -> list[Any]:
    """The events of heavy partnership number n: about 1 kB each, one in ten a correction or
    a void of an earlier visit or expense."""
    established = date(1950, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    p = Partnership.establish(
        council=f"Council {n}",
        city=f"Heavy City {n}",
        country=rng.choice(["France", "Germany", "Poland", "Japan"]),
        established_on=established,
        description=_text(rng, 600),
        recorded_by="generator",
        source=None,
        today=TODAY,
    )
    day = established
    visits: list[Any] = []
    expenses: list[Any] = []
    for k in range(HEAVY_EVENTS_PER_PARTNERSHIP - 1):
        day = min(day + timedelta(days=rng.randrange(0, 6)), TODAY)
        roll = rng.random()
        by = f"officer {rng.randrange(40)}"
        if roll < 0.1 and (visits or expenses):
            kept = expenses if expenses and (rng.random() < 0.6 or not visits) else visits
            record = rng.choice(kept)
            reason = _text(rng, 200)
            if rng.random() < 0.3:
                kept.remove(record)
                void = p.void_expense if kept is expenses else p.void_visit
                void(record, reason=reason, recorded_by=by, source="Minute")
            elif kept is expenses:
                p.correct_expense(
                    record,
                    reason=reason,
                    amount=Decimal(rng.randrange(100, 900_000)) / 100,
                    purpose=_text(rng, 500),
                    recorded_by=by,
                    source="Invoice",
                    today=TODAY,
                )
            else:
                p.correct_visit(
                    record,
                    reason=reason,
                    purpose=_text(rng, 400),
                    recorded_by=by,
                    source="Minute",
                    today=TODAY,
                )
        elif roll < 0.55 or not visits:
            visits.append(
                p.record_visit(
                    occurred_on=day,
                    direction=rng.choice(["inbound", "outbound"]),
                    delegation=f"Delegation {k} of {_text(rng, 40)}",
                    members=tuple(
                        f"Councillor {rng.randrange(10_000)} {rng.choice(_WORDS)}"
                        for _ in range(rng.randrange(8, 24))
                    ),
                    purpose=_text(rng, 250),
                    recorded_by=by,
                    source="Minute",
                    today=TODAY,
                )
            )
        else:
            expenses.append(
                p.record_expense(
                    occurred_on=day,
                    amount=Decimal(rng.randrange(100, 900_000)) / 100,
                    beneficiary=f"Supplier {rng.randrange(500)}",
                    purpose=_text(rng, 450),
                    visit_id=rng.choice(visits),
                    department="International",
                    irrecoverable_vat=Decimal("0.00"),
                    category="Travel",
                    recorded_by=by,
                    source="Invoice",
                    today=TODAY,
                )
            )
    return list(p.collect_events())


SHAPES = {
    "bench": (EVENTS_PER_PARTNERSHIP, _history),
    "heavy": (HEAVY_EVENTS_PER_PARTNERSHIP, _heavy_history),
}


def _interleaved(histories: list[list[Any]], rng: random.Random) -> Iterator[Any]:
    """The events of several partnerships mixed as they would arrive, each in its own order."""
    queues = [list(reversed(h)) for h in histories]
    while queues:
        queue = rng.choice(queues)
        yield queue.pop()
        if not queue:
            queues.remove(queue)


def generate(url: str, events: int, seed: int = 1, shape: str = "bench") -> None:
    """Fills an empty store at ``url`` with about ``events`` events of the shape."""
    rng = random.Random(seed)
    register = PartnershipRegister(environment(url), today=lambda: TODAY)
    per_partnership, history = SHAPES[shape]
    partnerships = max(1, events // per_partnership)
    batch_size = max(1, BATCH_PARTNERSHIPS * EVENTS_PER_PARTNERSHIP // per_partnership)
    started = time.perf_counter()
    done = 0
    for first in range(0, partnerships, batch_size):
        batch = range(first, min(first + batch_size, partnerships))
        histories = [history(n, rng) for n in batch]
        stored = [register.mapper.to_stored_event(e) for e in _interleaved(histories, rng)]
        register.recorder.insert_events(stored)
        done += len(stored)
        rate = done / (time.perf_counter() - started)
        print(f"\rgenerating: {done:,} events ({rate:,.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    close(register)


def cached(folder: Path, events: int, shape: str = "bench") -> Path:
    """A SQLite file holding the synthetic register, generated once and then reused."""
    kind = "" if shape == "bench" else f"{shape}-"
    path = folder / f"register-{kind}{events}-v{GENERATOR_VERSION}.db"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for stale in folder.glob(partial.name + "*"):
            stale.unlink()
        generate(f"sqlite:///{partial}", events, shape=shape)
        partial.rename(path)
    return path
