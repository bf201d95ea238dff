"""A synthetic register for benchmarks: thousands of partnerships, a realistic mix of events.

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


def _interleaved(histories: list[list[Any]], rng: random.Random) -> Iterator[Any]:
    """The events of several partnerships mixed as they would arrive, each in its own order."""
    queues = [list(reversed(h)) for h in histories]
    while queues:
        queue = rng.choice(queues)
        yield queue.pop()
        if not queue:
            queues.remove(queue)


def generate(url: str, events: int, seed: int = 1) -> None:
    """Fills an empty store at ``url`` with about ``events`` events."""
    rng = random.Random(seed)
    register = PartnershipRegister(environment(url), today=lambda: TODAY)
    partnerships = max(1, events // EVENTS_PER_PARTNERSHIP)
    started = time.perf_counter()
    done = 0
    for first in range(0, partnerships, BATCH_PARTNERSHIPS):
        batch = range(first, min(first + BATCH_PARTNERSHIPS, partnerships))
        histories = [_history(n, rng) for n in batch]
        stored = [register.mapper.to_stored_event(e) for e in _interleaved(histories, rng)]
        register.recorder.insert_events(stored)
        done += len(stored)
        rate = done / (time.perf_counter() - started)
        print(f"\rgenerating: {done:,} events ({rate:,.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    close(register)


def cached(folder: Path, events: int) -> Path:
    """A SQLite file holding the synthetic register, generated once and then reused."""
    path = folder / f"register-{events}-v{GENERATOR_VERSION}.db"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for stale in folder.glob(partial.name + "*"):
            stale.unlink()
        generate(f"sqlite:///{partial}", events)
        partial.rename(path)
    return path
