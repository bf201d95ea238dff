"""The one rule for text a person gives the register: one line of visible characters.

Every text option and argument of the command line is checked by this rule (through the
schemas' ``VisibleText`` validator), so what is stored is always what a reader of a report can
see:

- no control or format characters anywhere (Unicode categories Cc and Cf, which include
  zero-width spaces, word joiners, byte order marks and the right-to-left overrides that make
  text read differently from how it is stored), no line or paragraph separators (Zl, Zp);
  except the zero-width joiner and non-joiner between two letters, marks, digits or symbols
  of a word, which Persian, the Indic scripts and emoji sequences need;
- no bytes that are not UTF-8 (the shell hands those over as lone surrogates, category Cs);
- something visible: text that is empty once spaces and the characters Unicode declares
  invisible (Default_Ignorable_Code_Point, such as the Hangul filler) are taken away is
  refused.

It needs only the standard library, so that a command that fails early (or ``--help``) loads
nothing more to say why.
"""

from __future__ import annotations

import unicodedata

ZERO_WIDTH_NON_JOINER = "\u200c"
ZERO_WIDTH_JOINER = "\u200d"
_JOINERS = (ZERO_WIDTH_NON_JOINER, ZERO_WIDTH_JOINER)

_REFUSED = frozenset({"Cc", "Cf", "Zl", "Zp"})

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters that render as
# nothing; with the blank Braille pattern, which is drawn as nothing though it is a symbol.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


# The space separators (category Zs): what is trimmed from either end of a text. A control
# character at either end is refused, not trimmed away unseen.
SPACES = " \u00a0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u202f\u205f\u3000"


def trimmed(text: str) -> str:
    """The text without the spaces around it."""
    return text.strip(SPACES)


def is_invisible(character: str) -> bool:
    """Whether a character shows nothing: a space, or one Unicode declares ignorable."""
    code = ord(character)
    return character.isspace() or any(low <= code <= high for low, high in _INVISIBLE_RANGES)


def _is_word_character(character: str) -> bool:
    """A letter, mark (an emoji's variation selector too), digit or symbol: what a joiner may
    stand between."""
    return unicodedata.category(character)[0] in "LMNS"


def _joins_a_word(text: str, index: int) -> bool:
    return (
        text[index] in _JOINERS
        and 0 < index < len(text) - 1
        and _is_word_character(text[index - 1])
        and _is_word_character(text[index + 1])
    )


def _described(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def not_utf8(text: str) -> str | None:
    """What is wrong with text that came as bytes that are not UTF-8, or None. Python hands
    such bytes over as lone surrogates (U+DC80 to U+DCFF for the bytes 0x80 to 0xFF)."""
    for character in text:
        if unicodedata.category(character) == "Cs":
            code = ord(character)
            byte = f" (0x{code - 0xDC00:02X})" if 0xDC80 <= code <= 0xDCFF else ""
            return f"holds bytes that are not UTF-8 text{byte}"
    return None


def problem_with(text: str) -> str | None:
    """What breaks the rule in ``text``, in words, or None when it keeps it."""
    undecodable = not_utf8(text)
    if undecodable is not None:
        return undecodable
    if all(is_invisible(character) for character in text):
        return "must not be empty: it holds only spaces or invisible characters"
    for index, character in enumerate(text):
        if unicodedata.category(character) in _REFUSED and not _joins_a_word(text, index):
            return (
                "must be one line of visible text, without control or invisible formatting "
                f"characters such as {_described(character)}"
            )
    return None


def shown_in_one_line(text: str) -> str:
    """The text with every control, format, separator or undecodable character escaped
    (``\\u2028``), so that quoting it keeps a message on one visible line."""
    return "".join(
        character.encode("unicode_escape").decode("ascii")
        if unicodedata.category(character) in _REFUSED | {"Cs"}
        else character
        for character in text
    )
