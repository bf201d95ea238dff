"""The long tables of a partnership's page (its visits, expenses and audit trail) written as HTML
rows in code. A partnership of 10,000 events has tens of thousands of cells; a template's loop
lays them out several times slower than joining them here. The lines' text is HTML already,
escaped once when the line was made (figures.py), so it is written as it is."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from adapters.reports.figures import ExpenseLine, Sourced, TrailLine, VisitLine

_VOID = ' class="void"'
_LATER = ' class="later"'


def _links(versions: Iterable[int], page: str = "") -> str:
    """Links to the rows of the audit trail of the given versions (on the given page, else
    this one): ``1, 4, 9``."""
    return ", ".join([f'<a href="{page}#event-{n}">{n}</a>' for n in versions])


def _sources(figure: Sourced, page: str = "", attributes: str = "") -> str:
    """A figure that opens to the links of the events behind it (on the given page)."""
    behind = f"events {_links(figure.versions, page)}" if figure.versions else "no records"
    return (
        f'<details class="sources"{attributes}><summary>{escape(figure.text)}</summary>'
        f"{behind}</details>"
    )


def sourced(figure: Sourced, id: str | None = None, page: str = "") -> Markup:  # noqa: A002
    """A figure with the events behind it, as the templates write it (``id`` the element's)."""
    attributes = f' id="{escape(id)}"' if id else ""
    return Markup(_sources(figure, str(escape(page)), attributes))  # noqa: S704 (escaped)


def _written(rows: str) -> Markup:
    """Rows made of lines whose text was escaped when each line was made (figures.py)."""
    return Markup(rows)  # noqa: S704 (escaped once, as the lines were made)


def visit_rows(lines: Iterable[VisitLine]) -> Markup:
    return _written(
        "".join(
            [
                f"<tr{_VOID if v.voided else ''}>"
                f'<td class="d">{v.on}</td>'
                f"<td>{'to the council' if v.direction == 'inbound' else 'to the partner'}</td>"
                f"<td>{v.delegation}{f' ({v.members})' if v.members else ''}</td>"
                f"<td>{v.purpose}</td>"
                f'<td class="n">{_sources(v.spend)}</td>'
                f'<td class="why">{v.standing}</td>'
                f"<td>{_links(v.versions)}</td></tr>\n"
                for v in lines
            ]
        )
    )


def expense_rows(lines: Iterable[ExpenseLine]) -> Markup:
    return _written(
        "".join(
            [
                f"<tr{_VOID if e.voided else ''}>"
                f'<td class="d">{e.on}</td><td class="n">{e.amount}</td>'
                f"<td>{e.beneficiary}{' (an individual)' if e.individual == 'Yes' else ''}</td>"
                f"<td>{e.purpose}</td><td>{e.department}</td><td>{e.category}</td>"
                f'<td>{e.card}</td><td class="n">{e.vat}</td><td class="why">{e.standing}</td>'
                f"<td>{_links(e.versions)}</td></tr>\n"
                for e in lines
            ]
        )
    )


def trail_rows(lines: Iterable[TrailLine]) -> Markup:
    return _written(
        "".join(
            [
                f'<tr id="event-{e.version}"{_LATER if e.later else ""}>'
                f'<td class="n">{e.version}</td><td>{e.type}</td><td>{e.on}</td>'
                f"<td>{e.recorded_at}</td><td>{e.recorded_by}</td><td>{e.source}</td>"
                f"<td>{e.summary}</td></tr>\n"
                for e in lines
            ]
        )
    )
