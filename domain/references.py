"""How a partnership is named: its reference, written from the council's and the city's names,
and the id derived from it, so that the same pair can only be established once."""

from __future__ import annotations

import re
import unicodedata
from uuid import UUID, uuid5

# Partnership ids are derived from the reference under this namespace. Never change it:
# every stored event is keyed by an id made with it.
PARTNERSHIP_NAMESPACE = UUID("6f1c1a52-3d1e-5b7e-9a51-2f0d5c3b7a10")

#: The longest reference the register makes: two names of 200 characters and the two hyphens
#: between them. Names whose reference would be longer (a few characters expand when accents
#: are taken off, such as "㎞" to "km") are refused, so every reference can be typed back.
REFERENCE_MAX_LENGTH = 402


def slug(text: str) -> str:
    """Lower-case words joined by single hyphens, accents dropped, any script kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = "".join(c if c.isalnum() else " " for c in kept).split()
    return "-".join(words)


def reference_for(council: str, city: str) -> str:
    """The readable reference of a partnership, e.g. ``staffordshire-county-council--ivanovo``.

    Words within a name are joined by one hyphen and the two names by two, so different pairs
    never share a reference.
    """
    return f"{slug(council)}--{slug(city)}"


def as_reference(name: str) -> str:
    """A reference as someone may type it (other capitals, spaces), written as the register does."""
    return "--".join(slug(part) for part in name.split("--"))


def partnership_id_for(reference: str) -> UUID:
    """The partnership id derived from its reference, so a pair can only be established once."""
    return uuid5(PARTNERSHIP_NAMESPACE, reference)


# A partnership's id as the register prints it; only text of this form is read as an id.
_WHOLE_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def partnership_id_named(name: str) -> UUID:
    """The id of the partnership a person names by its id or its reference (whether or not
    the register holds it)."""
    name = name.strip()
    if _WHOLE_ID.fullmatch(name):
        return UUID(name)
    # even 32 hexadecimal digits between hyphens, if not an id as printed
    return partnership_id_for(as_reference(name))
