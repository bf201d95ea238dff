"""The register's answers as people read them in a terminal."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from adapters.chain import Verification
from adapters.read_models import AuditRow, ExpenseRow, ProjectionState, VisitRow, YearTotal
from domain.status import Change, HistoryEntry, PartnershipStatus, summary


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


counted = _count


def pounds(amount: object) -> str:
    return f"£{amount:,}"


def status_text(status: PartnershipStatus) -> str:
    """A partnership's status as a short labelled block."""
    if status.severed_on is None:
        standing = "active"
    else:
        announced = status.severance_announced_by
        by = f", announced by {announced}" if announced else ""
        standing = f"severed on {status.severed_on}{by}: {status.severance_reason}"
    rooms = "; ".join(f"{r.room}, {r.building}" for r in status.rooms) or "none"
    lines = [
        f"{status.council} — {status.city}, {status.country}",
        f"  reference     {status.reference}",
        f"  id            {status.partnership_id}",
        f"  established   {status.established_on}",
        f"  status        {standing}",
        f"  visits        {status.visits.total} "
        f"({status.visits.inbound} inbound, {status.visits.outbound} outbound)"
        + (f", the last on {status.last_visit_on}" if status.last_visit_on else ""),
        f"  total spend   {pounds(status.total_spend)}",
        f"  rooms named   {rooms}",
        f"  events        {status.version}",
    ]
    if status.description:
        lines.insert(4, f"  description   {status.description}")
    return "\n".join(lines)


def history_text(entries: list[HistoryEntry]) -> str:
    """A partnership's history, one event to a paragraph."""
    paragraphs = []
    for entry in entries:
        recorded = entry.recorded_at.strftime("%Y-%m-%d %H:%M UTC")
        source = f"; source: {entry.source}" if entry.source else ""
        said = summary(entry.type, entry.data, entry.occurred_on)
        paragraphs.append(
            f"{entry.version:>4}  {entry.occurred_on}  {said}\n"
            f"      recorded {recorded} by {entry.recorded_by}{source}"
        )
    return "\n".join(paragraphs)


def list_text(statuses: list[PartnershipStatus]) -> str:
    """Every partnership, one to a line."""
    if not statuses:
        return "The register holds no partnerships yet."
    width = max(len(s.reference) for s in statuses)
    return "\n".join(
        f"{s.reference:<{width}}  {s.status:<7}  since {s.established_on}  "
        f"{s.council} — {s.city}, {s.country}"
        for s in statuses
    )


def verification_text(result: Verification) -> str:
    """What verify found, for an auditor."""
    if not result.intact:
        return f"NOT INTACT: {result.problem}"
    lines = [
        f"Intact: {_count(result.events, 'event')} of {_count(result.partnerships, 'partnership')} "
        "verified, "
        f"up to log position {result.position}.",
        f"Register digest at log position {result.position}: {result.digest}",
    ]
    if result.digest_checked:
        lines.append(
            "The history matches the digest you kept; "
            f"the {_count(result.events_after_digest, 'event')} recorded after it only extend it."
        )
    return "\n".join(lines)


def audit_text(rows: list[AuditRow]) -> str:
    """The audit trail, one event to a line."""
    if not rows:
        return "Nothing has been recorded yet."
    return "\n".join(
        f"{r.position:>7}  {r.occurred_on}  {r.type:<17}  {r.summary}"
        f"  [recorded {r.recorded_at[:16].replace('T', ' ')} by {r.recorded_by}"
        + (f"; {r.source}]" if r.source else "]")
        for r in rows
    )


def csv_text(documents: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV with a header; nested values as JSON."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for document in documents:
        writer.writerow(
            json.dumps(document[c], ensure_ascii=False, sort_keys=True)
            if isinstance(document[c], dict | list)
            else document[c]
            for c in columns
        )
    return out.getvalue()


def expenses_text(rows: list[ExpenseRow]) -> str:
    """The spending ledger, one expense to a line, and its total."""
    if not rows:
        return "No expenses have been recorded."
    lines = [
        f"{r.occurred_on}  {r.financial_year}  {pounds(r.amount):>14}  {r.beneficiary}: {r.purpose}"
        for r in rows
    ]
    total = sum((r.amount for r in rows), Decimal("0.00"))
    lines.append(f"{'':10}  {'total':>7}  {pounds(total):>14}  ({_count(len(rows), 'expense')})")
    return "\n".join(lines)


def year_totals_text(totals: list[YearTotal]) -> str:
    """Spending by UK financial year."""
    if not totals:
        return "No expenses have been recorded."
    return "\n".join(
        f"{t.year}  {pounds(t.total):>14}  ({_count(t.count, 'expense')})" for t in totals
    )


def visits_text(rows: list[VisitRow]) -> str:
    """Every visit, one to a line, with what it cost."""
    if not rows:
        return "No visits have been recorded."
    return "\n".join(
        f"{r.occurred_on}  {r.direction:<8}  {pounds(r.spend):>12}  {r.delegation}" for r in rows
    )


def replay_text(steps: Sequence[tuple[HistoryEntry, PartnershipStatus]]) -> str:
    """A partnership's timeline: each event, then where it left the partnership."""
    lines = []
    for entry, state in steps:
        lines.append(history_text([entry]))
        standing = state.status if state.severed_on is None else f"severed on {state.severed_on}"
        lines.append(
            f"      → {standing}; {_count(state.visits.total, 'visit')} "
            f"({state.visits.inbound} in, {state.visits.outbound} out); "
            f"spent {pounds(state.total_spend)}; {_count(len(state.rooms), 'room')} named"
        )
    return "\n".join(lines)


def diff_text(changes: Sequence[Change]) -> str:
    """What changed between two points, and which events did it."""
    if not changes:
        return "Nothing changed between those two points."
    return "\n".join(
        f"{c.field}: {_shown(c.was)} → {_shown(c.now)}"
        + (f"  (events {', '.join(map(str, c.caused_by))})" if c.caused_by else "")
        for c in changes
    )


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return pounds(value)
    if isinstance(value, list):
        return "; ".join(value) or "none"
    return "none" if value is None else str(value)


def projection_states_text(states: list[ProjectionState]) -> str:
    """How far each read model has read the log."""
    return "\n".join(
        f"{s.name:<16} at position {s.position:,} of {s.head:,}"
        + (" (up to date)" if s.lag == 0 else f" ({s.lag:,} behind)")
        for s in states
    )
