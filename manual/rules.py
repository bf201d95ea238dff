"""The register's rules as the README numbers them, which the features' `@rule-N` tags point at."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
_HEADING = "## The rules"
_ITEM = re.compile(r"^(\d+)\. (.*)$")


def readme_rules(readme: Path = README) -> dict[int, str]:
    """Each numbered rule of the README's rules section, its lines joined into one paragraph,
    without the link to its scenarios in the manual."""
    text = readme.read_text(encoding="utf-8")
    if _HEADING not in text:
        raise ValueError(f"{readme} has no section {_HEADING!r}")
    section = text.split(_HEADING, 1)[1].split("\n## ", 1)[0]
    rules: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in section.splitlines():
        item = _ITEM.match(line)
        if item:
            current = rules.setdefault(int(item[1]), [item[2]])
        elif current is not None and line.startswith("   ") and line.strip():
            current.append(line.strip())
        else:
            current = None
    return {number: _without_links(" ".join(lines)) for number, lines in rules.items()}


def _without_links(text: str) -> str:
    return re.sub(r"\s*\(\[its scenarios\]\([^)]*\)\)", "", text).strip()
