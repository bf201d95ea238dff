"""Reading the report's pages back as a person's browser would see their parts: the ids, the
links, and each figure (a ``details`` element) with its shown text and the links in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote


@dataclass
class Figure:
    text: str = ""
    links: list[str] = field(default_factory=list)

    @property
    def events(self) -> list[int]:
        return [int(link.rsplit("#event-", 1)[1]) for link in self.links if "#event-" in link]


class Page(HTMLParser):
    """One page of the report, parsed."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.figures: dict[str, Figure] = {}
        self.rows: dict[str, list[str]] = {}
        self.text_parts: list[str] = []
        self._figure: Figure | None = None
        self._in_summary = False
        self._row: str | None = None
        self.feed(path.read_text(encoding="utf-8"))

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "tr":
            self._row = found.get("id")
            if self._row:
                self.rows[self._row] = []
        if tag == "details":
            self._figure = Figure()
            key = found.get("id") or f"{self._row or 'figure'}:{len(self.figures)}"
            self.figures[key] = self._figure
        if tag == "summary":
            self._in_summary = True
        if tag == "a" and found.get("href"):
            href = str(found["href"])
            self.links.append(href)
            if self._figure is not None:
                self._figure.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._figure = None
        if tag == "summary":
            self._in_summary = False
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._in_summary and self._figure is not None:
            self._figure.text += data.strip()
        if self._row and data.strip():
            self.rows[self._row].append(data.strip())

    def row_figure(self, row_id: str) -> Figure:
        """The figure inside the table row of that id."""
        return next(f for k, f in self.figures.items() if k.startswith(row_id + ":"))

    def landing(self, href: str) -> tuple[Path, str]:
        """Where a link lands: the page's file and the anchor in it ("" for none)."""
        target, _, anchor = href.partition("#")
        file = self.path if not target else self.path.parent / unquote(target)
        return file, anchor


def broken_links(folder: Path) -> list[str]:
    """Every link inside the site that does not land on a page and an anchor in it."""
    pages = {p: Page(p) for p in folder.glob("*.html")}
    broken = []
    for page in pages.values():
        for href in page.links:
            if "://" in href or href.startswith("//"):
                broken.append(f"{page.path.name}: {href} leaves the site")
                continue
            file, anchor = page.landing(href)
            target = pages.get(file)
            if target is None or (anchor and anchor not in target.ids):
                broken.append(f"{page.path.name}: {href}")
    return broken
