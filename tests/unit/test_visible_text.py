"""The rule for text a person gives the register, alone and as every text field applies it."""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, fields, validate

from adapters import schemas
from adapters.schemas.fields import Text, VisibleText
from adapters.schemas.recording import EstablishInput
from adapters.visible_text import is_invisible, problem_with

# Text in the scripts councils and their partners write, with the joiners some of them need.
ACCEPTED = {
    "English": "Staffordshire County Council",
    "Russian": "Иваново",
    "Chinese": "莱州市",
    "Arabic, right to left without marks": "مدينة الخليل",
    "Persian, a non-joiner inside a word": "می\u200cخواهم",
    "Devanagari, a joiner after a virama": "क्\u200dष",
    "an emoji family, joiners between emoji": "👨\u200d👩\u200d👧",
    "an emoji with a variation selector before a joiner": "❤\ufe0f\u200d🔥",
    "accents": "Saint-Étienne-du-Rouvray",
    "spaces inside": "Stoke-on-Trent City\u00a0Council",
}

# Characters refused anywhere, by what they are.
REFUSED = {
    "a line feed (Cc)": "\n",
    "a tab (Cc)": "\t",
    "a delete (Cc)": "\x7f",
    "a next-line (Cc)": "\x85",
    "a NUL (Cc)": "\x00",
    "a zero-width space (Cf)": "\u200b",
    "a word joiner (Cf)": "\u2060",
    "a byte order mark (Cf)": "\ufeff",
    "a soft hyphen (Cf)": "\u00ad",
    "a left-to-right mark (Cf)": "\u200e",
    "a right-to-left override (Cf, bidi)": "\u202e",
    "a left-to-right embedding (Cf, bidi)": "\u202a",
    "a right-to-left isolate (Cf, bidi)": "\u2067",
    "a pop directional isolate (Cf, bidi)": "\u2069",
    "a line separator (Zl)": "\u2028",
    "a paragraph separator (Zp)": "\u2029",
}

# Text with nothing visible in it.
EMPTY = {
    "nothing": "",
    "spaces": "   ",
    "a no-break space": "\u00a0",
    "an ideographic space": "\u3000",
    "a Hangul filler": "\u3164",
    "a half-width Hangul filler": "\uffa0",
    "a blank Braille pattern": "\u2800",
    "a combining grapheme joiner": "\u034f",
    "a variation selector": "\ufe0f",
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_text_in_any_script_keeps_the_rule(text: str) -> None:
    assert problem_with(text) is None
    assert VisibleText()(text) == text


@pytest.mark.parametrize("character", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("where", ["at the start", "inside", "at the end"])
def test_control_format_and_separator_characters_are_refused_wherever_they_are(
    character: str, where: str
) -> None:
    text = {
        "at the start": character + "Ivanovo",
        "inside": "Ivan" + character + "ovo",
        "at the end": "Ivanovo" + character,
    }[where]

    problem = problem_with(text)

    assert problem is not None
    assert "control or invisible formatting characters" in problem
    assert f"U+{ord(character):04X}" in problem


@pytest.mark.parametrize(
    "text",
    [*EMPTY.values(), "\u200b", "\u2060\ufeff", " \u200b\u00ad ", "\t\n"],
    ids=[*EMPTY.keys(), "a zero-width space", "a word joiner and a BOM", "a mixture", "controls"],
)
def test_text_with_nothing_visible_is_refused_as_empty(text: str) -> None:
    assert problem_with(text) == "must not be empty: it holds only spaces or invisible characters"


@pytest.mark.parametrize(
    "text",
    [
        "\u200d",
        "\u200cIvanovo",
        "Ivanovo\u200d",
        "Ivan \u200dovo",
        "Ivan\u200d ovo",
        "Ivan\u200d\u200dovo",
        "Ivan\u200d\u200bovo",
    ],
    ids=["alone", "first", "last", "after a space", "before a space", "doubled", "by a ZWSP"],
)
def test_a_joiner_outside_a_word_is_refused(text: str) -> None:
    assert problem_with(text) is not None


def test_bytes_that_are_not_utf8_are_refused_naming_the_byte() -> None:
    from_the_shell = b"Ivanovo\xff".decode("utf-8", "surrogateescape")

    assert problem_with(from_the_shell) == "holds bytes that are not UTF-8 text (0xFF)"


@given(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Cs"]), st.text(max_size=5))
def test_every_character_of_the_refused_categories_is_refused_next_to_a_space(
    character: str, rest: str
) -> None:
    assert problem_with(f"{rest} {character} {rest}") is not None


@given(st.text(st.characters(categories=["L", "N", "P", "S"]), min_size=1))
def test_text_of_letters_digits_punctuation_and_symbols_is_accepted_when_something_shows(
    text: str,
) -> None:
    visible = any(not is_invisible(c) for c in text)

    assert (problem_with(text) is None) == visible


def test_the_invisible_characters_include_every_format_character_that_shows_nothing() -> None:
    for code in (0x200B, 0x2060, 0xFEFF, 0x180E, 0x061C, 0xE0001):
        assert unicodedata.category(chr(code)) == "Cf"
        assert is_invisible(chr(code))


class TestTextFields:
    def test_spaces_around_text_are_trimmed(self) -> None:
        assert Text().deserialize("\u3000 Ivanovo\u00a0 ") == "Ivanovo"

    def test_a_control_character_at_either_end_is_refused_not_trimmed(self) -> None:
        for text in ("Ivanovo\n", "\x1fIvanovo", "Ivanovo\u2028"):
            with pytest.raises(ValidationError, match="control or invisible"):
                Text().deserialize(text)

    def test_the_length_is_counted_after_trimming(self) -> None:
        assert Text(max_length=3).deserialize("  abc  ") == "abc"
        with pytest.raises(ValidationError, match="at most 3 characters"):
            Text(max_length=3).deserialize("abcd")

    @pytest.mark.parametrize("field", ["council", "city", "country", "description", "by"])
    def test_every_text_field_of_a_command_applies_the_rule(self, field: str) -> None:
        raw = {
            "council": "Staffordshire County Council",
            "city": "Ivanovo",
            "country": "Russia",
            "on": "1999-01-01",
            "by": "clerk",
            field: "\u200b\u2060",
        }

        with pytest.raises(ValidationError) as refused:
            EstablishInput().load(raw)

        assert list(refused.value.messages) == [field]


def _input_schemas() -> list[type[Schema]]:
    """Every input schema of every command's module of schemas."""
    modules = [
        importlib.import_module(f"{schemas.__name__}.{found.name}")
        for found in pkgutil.iter_modules(schemas.__path__)
    ]
    return [
        value
        for module in modules
        for name, value in vars(module).items()
        if name.endswith("Input") and isinstance(value, type) and issubclass(value, Schema)
    ]


def test_no_input_field_takes_free_text_without_the_rule() -> None:
    """A plain string field is only allowed where a closed list or a pattern decides."""
    checked = 0
    for schema in _input_schemas():
        for name, field in schema().fields.items():
            inner = field.inner if isinstance(field, fields.List) else field
            if type(inner) is fields.String:
                assert inner.validators, f"{schema.__name__}.{name} takes any text"
                assert all(
                    isinstance(v, validate.OneOf | validate.Regexp) for v in inner.validators
                ), f"{schema.__name__}.{name}"
            elif isinstance(inner, fields.String):
                assert isinstance(inner, Text)
                assert any(isinstance(v, VisibleText) for v in inner.validators)
                checked += 1
    assert checked > 40
