"""The register's words, defined once for the manual, and the phrases of the features using them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Term:
    word: str
    definition: str
    # How the features say it: each a regular expression matched as whole words, any case.
    phrases: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.word.casefold()).strip("-")


GLOSSARY: tuple[Term, ...] = (
    Term(
        "partnership",
        'A council\'s international civic partnership ("twinning") with a partner city abroad. '
        "The register keeps one history for each partnership, from its establishment onwards.",
        (r"partnerships?", r"twinned"),
    ),
    Term(
        "reference",
        "The readable name a partnership is found by, made from its council and its city: "
        "staffordshire-county-council--ivanovo. The same council and city cannot be "
        "established twice, however they are written.",
        (r"references?",),
    ),
    Term(
        "delegation",
        "The people who travel on a visit between the council and its partner city: "
        "dignitaries, officers, young people. A delegation's visit is recorded with its date "
        "and the way it travelled.",
        (r"delegations?",),
    ),
    Term(
        "inbound",
        "A visit by a delegation from the partner city to the council. The reports count it "
        'among the visits "to the council".',
        (r"inbound", r"visits? to the council", r"to the council"),
    ),
    Term(
        "outbound",
        "A visit by a delegation from the council to the partner city. The reports count it "
        'among the visits "to the partner city".',
        (r"outbound", r"visits? to the partner city", r"to the partner city"),
    ),
    Term(
        "expense",
        "A sum of public money spent on a partnership, in pounds and pence: when it was "
        "spent, whom it was paid to and what for, and the visit it paid for, if any.",
        (r"expenses?", r"sums? spent", r"spent on"),
    ),
    Term(
        "irrecoverable VAT",
        "The part of an expense's VAT that the council cannot reclaim from HMRC, and so "
        "really pays. It is never less than nothing and never more than the expense itself.",
        (r"irrecoverable VAT",),
    ),
    Term(
        "financial year",
        "The council's accounting year, from 1 April to 31 March, written 2016/17. Every "
        "expense is totalled in the financial year of the day it was spent.",
        (r"financial years?",),
    ),
    Term(
        "severance",
        "The end of a partnership: the date its ties were severed, why, and who announced it. "
        "Nothing dated after it may be recorded; the day itself is still inside the "
        "partnership. The history is kept.",
        (r"severances?", r"severed", r"severing", r"severs?"),
    ),
    Term(
        "correction",
        "A new record that says how an expense or a visit recorded wrongly should read, who "
        "made the correction, on what evidence and why. The original record stays in the "
        "history; every report uses the record as corrected.",
        (r"corrections?", r"corrected", r"correcting"),
    ),
    Term(
        "void",
        "A new record saying that an expense or a visit should never have been recorded, with "
        "who voided it and why. A voided record no longer counts in any total, but stays in "
        "the history.",
        (r"voids?", r"voided", r"voiding"),
    ),
    Term(
        "as of",
        "A question about a date: where a partnership stood on that day, as the register "
        "knows it now, so that a record made late or a correction made since counts.",
        (r"as of", r"stood on", r"as it stood on"),
    ),
    Term(
        "as known at",
        "A question about a moment: what the register said then, from only the records it had "
        "been given by that moment.",
        (r"as known at", r"what the register said"),
    ),
    Term(
        "version",
        "A partnership's records are numbered from 1, in the order they were made; where the "
        "partnership stood after record N is its state at version N.",
        (r"versions?", r"after record"),
    ),
    Term(
        "audit trail",
        "Every record of the register in the order it was made, with who made it, on what "
        "evidence, when, and a one-line summary. Nothing is ever taken out of it.",
        (r"audit trail",),
    ),
    Term(
        "digest",
        "A short fingerprint of the register's whole history up to a point. An auditor writes "
        "it down outside the register; any later change to that history no longer matches it.",
        (r"digests?",),
    ),
    Term(
        "verification",
        "The register's check of its own history: every record's link to the one before it is "
        "computed again, and, given a digest written down, the history up to it must be the "
        "one the digest was taken of.",
        (r"verification", r"verif(?:y|ies|ied)", r"proven unchanged", r"found altered"),
    ),
)

_PATTERN = re.compile(
    r"\b("
    + "|".join(f"(?P<t{index}>{'|'.join(term.phrases)})" for index, term in enumerate(GLOSSARY))
    + r")\b",
    re.IGNORECASE,
)


def glossed(text: str, seen: set[str] | None = None) -> Markup:
    """Text as HTML, with the first mention of each term (not yet in `seen`) linked to the
    glossary; `seen` is updated, so that a scenario links each term once."""
    seen = set() if seen is None else seen
    parts: list[str] = []
    last = 0
    for found in _PATTERN.finditer(text):
        term = _term_of(found)
        if term.anchor in seen:
            continue
        seen.add(term.anchor)
        parts.append(escape(text[last : found.start()]))
        parts.append(
            Markup('<a class="term" href="#{}">{}</a>').format(term.anchor, found.group(0))
        )
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def terms_in(texts: Iterable[str]) -> set[str]:
    """The words of the glossary that some text uses."""
    return {_term_of(found).word for text in texts for found in _PATTERN.finditer(text)}


def _term_of(found: re.Match[str]) -> Term:
    index = next(int(name[1:]) for name, value in found.groupdict().items() if value)
    return GLOSSARY[index]
