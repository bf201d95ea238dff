"""The register's answers as people read them in a terminal: tables with column headers,
whose longest text column wraps to the terminal's width."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from adapters.schemas.limits import SHORT_ID_LENGTH
from domain.status import Change, HistoryEntry, PartnershipStatus, summary

if TYPE_CHECKING:  # the rows of every command; their modules are the commands' own to import
    from adapters.access import Granted
    from adapters.chain_links import Verification
    from adapters.read_models import AuditRow, ExpenseRow, VisitRow, YearTotal
    from adapters.read_models.projector import ProjectionState
    from adapters.reports.spend import SpendLine

# The narrowest a wrapped column is made, however narrow the terminal.
_NARROWEST = 16


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    wrap: int = -1,
    width: int | None = None,
) -> str:
    """Rows under their column headers, the columns ``right`` aligned right and the column
    ``wrap`` (the last by default) wrapped to fit the terminal's width."""
    columns = len(headers)
    wrap %= columns
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    terminal = width or shutil.get_terminal_size(fallback=(100, 24)).columns
    others = sum(w for i, w in enumerate(widths) if i != wrap) + 2 * (columns - 1)
    widths[wrap] = max(min(widths[wrap], terminal - others), _NARROWEST, len(headers[wrap]))

    def line(cells: Sequence[str]) -> list[str]:
        wrapped = textwrap.wrap(cells[wrap], widths[wrap]) or [""]
        out = []
        for k, piece in enumerate(wrapped):
            shown = [piece if i == wrap else (c if k == 0 else "") for i, c in enumerate(cells)]
            out.append(
                "  ".join(
                    c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                    for i, c in enumerate(shown)
                ).rstrip()
            )
        return out

    lines = line(list(headers))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines += line(list(row))
    return "\n".join(lines)


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


def recorder(name: str, account: str | None) -> str:
    """Who recorded an event: the name they gave, and the account that stored it."""
    return f"{name} (account {account or 'unknown'})"


def history_text(entries: list[HistoryEntry]) -> str:
    """A partnership's history, one event to a paragraph."""
    paragraphs = []
    for entry in entries:
        recorded = entry.recorded_at.strftime("%Y-%m-%d %H:%M UTC")
        source = f"; source: {entry.source}" if entry.source else ""
        said = summary(entry.type, entry.data, entry.occurred_on)
        paragraphs.append(
            f"{entry.version:>4}  {entry.occurred_on}  {said}\n"
            f"      {_record_named(entry)}recorded {recorded}"
            f" by {recorder(entry.recorded_by, entry.account)}{source}"
        )
    return "\n".join(paragraphs)


# The kinds of event that add a record a later command names by its id, and that id's key.
_RECORDS_ADDED = {"DelegationVisited": "visit", "ExpenseIncurred": "expense"}


def _record_named(entry: HistoryEntry) -> str:
    """The short id of the visit or expense an event added, as commands take it back."""
    kind = _RECORDS_ADDED.get(entry.type)
    if kind is None:
        return ""
    return f"{kind} {str(entry.data[f'{kind}_id'])[:SHORT_ID_LENGTH]}, "


def list_text(statuses: list[PartnershipStatus]) -> str:
    """Every partnership, one to a line, by reference."""
    if not statuses:
        return "The register holds no partnerships yet."
    return table(
        ("Reference", "Status", "Established", "Council", "City", "Country"),
        [
            (s.reference, s.status, str(s.established_on), s.council, s.city, s.country)
            for s in sorted(statuses, key=lambda s: s.reference)
        ],
        wrap=3,
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
    return table(
        ("Position", "Version", "Date", "Type", "Recorded at", "Recorded by", "Summary"),
        [
            (
                str(r.position),
                str(r.version),
                r.occurred_on,
                r.type,
                r.recorded_at[:16].replace("T", " "),
                recorder(r.recorded_by, r.account) + (f" ({r.source})" if r.source else ""),
                r.summary,
            )
            for r in rows
        ],
        right=(0, 1),
    )


def expenses_text(rows: list[ExpenseRow], references: Mapping[str, str] | None = None) -> str:
    """The spending ledger, one expense to a line, and its total; with ``references``, each
    line names its partnership."""
    if not rows:
        return "No expenses have been recorded."
    total = sum((r.amount for r in rows), Decimal("0.00"))
    named = references is not None
    headers = ("Date", "Year", "Amount", *(("Partnership",) if named else ()), "Paid to: for")
    lines = [
        (
            r.occurred_on,
            r.financial_year,
            pounds(r.amount),
            *((references.get(r.partnership_id, r.partnership_id),) if references else ()),
            f"{r.beneficiary}: {r.purpose}",
        )
        for r in rows
    ]
    lines.append(
        ("", "total", pounds(total), *(("",) if named else ()), _count(len(rows), "expense"))
    )
    return table(headers, lines, right=(2,))


def year_totals_text(totals: list[YearTotal]) -> str:
    """Spending by UK financial year."""
    if not totals:
        return "No expenses have been recorded."
    return table(
        ("Year", "Total", "Expenses"),
        [(t.year, pounds(t.total), f"{t.count:,}") for t in totals],
        right=(1, 2),
        wrap=0,
    )


def visits_text(rows: list[VisitRow], references: Mapping[str, str] | None = None) -> str:
    """Every visit, one to a line, with what it cost; with ``references``, each line names
    its partnership."""
    if not rows:
        return "No visits have been recorded."
    named = references is not None
    return table(
        ("Date", "Direction", "Spend", *(("Partnership",) if named else ()), "Delegation"),
        [
            (
                r.occurred_on,
                r.direction,
                pounds(r.spend),
                *((references.get(r.partnership_id, r.partnership_id),) if references else ()),
                r.delegation,
            )
            for r in rows
        ],
        right=(2,),
    )


def spend_text(lines: list[SpendLine]) -> str:
    """The spend file as a table to read before publishing it."""
    if not lines:
        return "No expenses to publish."
    return table(
        ("Date", "Amount", "Card", "Partnership", "Supplier", "Purpose"),
        [
            (
                line.date.isoformat(),
                pounds(line.amount),
                "Yes" if line.card_transaction else "No",
                line.partnership,
                line.supplier,
                line.purpose,
            )
            for line in lines
        ],
        right=(1,),
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
    return table(
        ("Read model", "Position", "Head", "Behind"),
        [
            (s.name, f"{s.position:,}", f"{s.head:,}", "up to date" if s.lag == 0 else f"{s.lag:,}")
            for s in states
        ],
        right=(1, 2),
    )


def granted_text(granted: Granted) -> str:
    """What a role may now do in the register, and on which tables."""
    from adapters.access import AUDITOR  # noqa: PLC0415 (only the grant command shows this)

    if granted.kind == AUDITOR:
        lead = f"{granted.role} is now an auditor of the register: it may read every record."
    else:
        lead = (
            f"{granted.role} is now an officer of the register: it may record, and keep the "
            "reports up to date."
        )
    lines = [lead, "Neither officers nor auditors may change or delete a record.", ""]
    width = max(len(table) for table in granted.privileges)
    lines += [
        f"  {table:<{width}}  {', '.join(held) or 'nothing'}"
        for table, held in granted.privileges.items()
    ]
    return "\n".join(lines)
