"""Every command, driven with generated bad arguments, fails as the register promises: exit 0, 1
or 2, one line on stderr, never a traceback or an "unexpected failure", and nothing stored when
it fails.

The arguments are drawn by hypothesis from what each command's options take (read from the
command itself) and from values known to have broken commands before: invisible and control
characters, bytes that are not UTF-8, other digits, numbers and moments out of range, options
given twice, stray tokens. The command runs in this process through its entry point, against
one SQLite register kept for the module, a bounded number of times per command.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.cli import COMMANDS, cli
from adapters.cli.common import Command

from .in_process import run_in_process

EXAMPLES_PER_COMMAND = 15


@dataclass(frozen=True)
class Register:
    """A register with a partnership, one of its visits and one of its expenses."""

    path: Path
    reference: str
    visit_id: str
    expense_id: str

    def events(self) -> int:
        with sqlite3.connect(self.path) as connection:
            (count,) = connection.execute("SELECT count(*) FROM partnerships_events").fetchone()
        return int(count)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    folder = tmp_path_factory.mktemp("bad-arguments")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # whatever a command is given, it writes nowhere else
        patch.setenv("PARTNERSHIPS_DB", f"sqlite:///{folder / 'register.db'}")
        patch.setenv("PARTNERSHIPS_USER", "clerk")
        patch.delenv("PARTNERSHIPS_DEBUG", raising=False)
        established = run_in_process(
            "establish", "--council", "Badshire", "--city", "Argton", "--country", "Testland",
            "--on", "2001-01-01", "--json",
        )  # fmt: skip
        assert established.code == 0, established
        reference = "badshire--argton"
        visited = run_in_process(
            "visit", reference, "--on", "2002-02-02", "--direction", "inbound",
            "--delegation", "Guests",
        )  # fmt: skip
        spent = run_in_process(
            "expense", reference, "--on", "2002-02-02", "--amount", "10",
            "--beneficiary", "Hotel", "--purpose", "Rooms",
        )  # fmt: skip
        yield Register(
            path=folder / "register.db",
            reference=reference,
            visit_id=visited.stdout.split()[-1].rstrip("."),
            expense_id=spent.stdout.split()[-1].rstrip("."),
        )


def _commands() -> list[tuple[str, ...]]:
    """Every command, as the words that run it (``projections rebuild`` is two)."""
    ctx = click.Context(cli)
    found: list[tuple[str, ...]] = []
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        if isinstance(command, click.Group):
            found += [(name, sub) for sub in command.list_commands(ctx)]
        else:
            found.append((name,))
    return found


def _command(words: tuple[str, ...]) -> click.Command:
    command: click.Command | None = cli
    for word in words:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), word)
    assert command is not None
    return command


# Values that broke, or could break, a command that reads them naively.
KNOWN_BAD = [
    "",
    " ",
    "\u200b",
    "\u2060\ufeff",
    "\u3164",
    "Ivan\u202eovo",
    "line\nbreak",
    "\x00",
    "tab\there",
    "\u2028",
    "Argton\udcff",
    "\udc80",
    "١",
    "١٢",
    "1_0",
    "+1",
    "-1",
    "0",
    "9" * 30,
    str(2**63),
    "1e999",
    "NaN",
    "Infinity",
    "10,000",
    "1.005",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59Z",
    "0001-01-01",
    "9999-12-31",
    "2018-02-30",
    "٢٠١٨-٠١-٠١",
    "2018-01-01T25:00:00Z",
    "cafe--deadbeef-deadbeef-deadbeef-dead",
    "00000000-0000-0000-0000-000000000000",
    "{00000000-0000-0000-0000-000000000000}",
    "deadbeef",
    "x" * 2000,
    "-",
    "--",
    "--colour",
]

_values = st.one_of(
    st.sampled_from(KNOWN_BAD),
    st.sampled_from(KNOWN_BAD),
    st.text(max_size=12),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Nd"]), max_size=4),
    st.integers().map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
)


@st.composite
def _arguments(draw: st.DrawFn, command: click.Command, register: Register) -> list[str]:
    good = {
        "PARTNERSHIP": [register.reference],
        "VISIT_ID": [register.visit_id, register.visit_id[:8]],
        "EXPENSE_ID": [register.expense_id, register.expense_id[:8]],
    }
    words: list[str] = []
    for parameter in command.params:
        if isinstance(parameter, click.Argument):
            choices = good.get(parameter.human_readable_name, [])
            words.append(draw(st.sampled_from(choices) | _values if choices else _values))
    options = [p for p in command.params if isinstance(p, click.Option)]
    for option in draw(st.lists(st.sampled_from(options), min_size=1, max_size=4)):
        name = max(option.opts, key=len)
        if option.is_flag:
            words.append(name)
        else:
            words += [name, draw(_values)]
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(_values))
    return words


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_command_fails_cleanly_on_generated_bad_arguments(
    register: Register, words: tuple[str, ...]
) -> None:
    command = _command(words)

    @settings(
        max_examples=EXAMPLES_PER_COMMAND,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(_arguments(command, register))
    def fails_cleanly(arguments: list[str]) -> None:
        _assert_clean(register, [*words, *arguments])

    fails_cleanly()


def _assert_clean(register: Register, argv: list[str]) -> None:
    """Runs the command and checks it ended as the register promises."""
    before = register.events()

    outcome = run_in_process(*argv)

    assert outcome.code in {0, 1, 2}, outcome
    assert "Traceback" not in outcome.stderr, outcome
    assert "unexpected failure" not in outcome.stderr, outcome
    if outcome.code != 0:
        assert outcome.stderr.startswith(("partnerships: ", "Usage: ")), outcome
        if not outcome.stderr.startswith("Usage: "):  # the help, when nothing was given
            assert len(outcome.stderr.strip().splitlines()) == 1, outcome
        assert register.events() == before, outcome


def test_every_command_refuses_options_given_twice_and_bytes_that_are_not_utf8() -> None:
    for words in _commands():
        assert isinstance(_command(words), Command), words


# Refused by every option and argument that takes a value, whatever else it takes.
NEVER_TAKEN = {
    "empty": "",
    "blank": " ",
    "a zero-width space": "\u200b",
    "a word joiner and a byte order mark": "\u2060\ufeff",
    "a Hangul filler": "\u3164",
    "a right-to-left override": "Ivan\u202eovo",
    "a line break": "line\nbreak",
    "a NUL": "\x00",
    "bytes that are not UTF-8": "Argton\udcff",
    "too long for any": "x" * 2001,
}

# A value each required option or argument takes, so that only the one being tried is wrong.
_TAKEN = {
    "--council": "Sweepshire",
    "--city": "Sweepton",
    "--country": "Testland",
    "--on": "2003-03-03",
    "--direction": "inbound",
    "--delegation": "Guests",
    "--amount": "1",
    "--beneficiary": "Hotel",
    "--purpose": "Rooms",
    "--room": "The Sweepton Room",
    "--building": "Shire Hall",
    "--reason": "Checked",
    "--announced-by": "The leader",
    "--from": "1",
    "--to": "2",
    "NAME": "status",
    "--out": "report-folder",
    "FILE": "evidence-file",
    "VERSION": "1",
    "--from-size": "1",
    "officer|auditor": "officer",
    "ROLE": "clerk",
}


def _required(command: click.Command, register: Register, instead: click.Parameter) -> list[str]:
    taken = {
        **_TAKEN,
        "PARTNERSHIP": register.reference,
        "VISIT_ID": register.visit_id,
        "EXPENSE_ID": register.expense_id,
    }
    words: list[str] = []
    for parameter in command.params:
        name = _name(parameter)
        if parameter is instead or not (
            parameter.required or isinstance(parameter, click.Argument)
        ):
            continue
        words += [taken[name]] if isinstance(parameter, click.Argument) else [name, taken[name]]
    return words


def _name(parameter: click.Parameter) -> str:
    if isinstance(parameter, click.Option):
        return max(parameter.opts, key=len)
    return parameter.human_readable_name


def _with(command: click.Command, parameter: click.Parameter, value: str) -> list[str]:
    """The command's words with ``value`` given for ``parameter``, arguments in their place."""
    if isinstance(parameter, click.Option):
        return [_name(parameter), value]
    return [value]


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_option_and_argument_refuses_what_no_value_may_be_naming_itself(
    register: Register, words: tuple[str, ...], subtests: pytest.Subtests
) -> None:
    command = _command(words)
    before = register.events()
    for parameter in command.params:
        if isinstance(parameter, click.Option) and (parameter.is_flag or parameter.hidden):
            continue
        for what, value in NEVER_TAKEN.items():
            with subtests.test(option=_name(parameter), value=what):
                given = _with(command, parameter, value)
                others = _required(command, register, instead=parameter)
                arguments = (
                    [*given, *others]
                    if isinstance(parameter, click.Argument) and parameter is command.params[0]
                    else [*others, *given]
                )

                if not _reads_or_writes_files(command):
                    outcome = run_in_process(*words, *arguments)
                    assert outcome.code == 2, outcome
                    assert outcome.stderr.startswith(_naming(parameter)), outcome
                    assert len(outcome.stderr.strip().splitlines()) == 1, outcome
                else:  # a path may meet the file system first: clean, whichever refuses
                    _assert_clean(register, [*words, *arguments])
    assert register.events() == before


def _naming(parameter: click.Parameter) -> tuple[str, ...]:
    """How a refusal may begin, naming the parameter as help shows it or by its own name."""
    names = {_name(parameter), str(parameter.name).upper(), "--" + str(parameter.name)}
    return tuple(f"partnerships: {name}:" for name in names)


def _reads_or_writes_files(command: click.Command) -> bool:
    """Whether the command takes a path, which may be refused for itself before the rest."""
    return any(p.metavar in {"FILE", "DIR"} for p in command.params)


# Numbers, dates and moments at and past the edges of what Python, SQLite and PostgreSQL hold.
EDGES = [
    "0",
    "1",
    "١",
    "1_0",
    "-1",
    str(2**63 - 1),
    str(2**63),
    "9" * 30,
    "1" * 5000,
    "999999999999.99",
    "1e999",
    "0001-01-01",
    "9999-12-31",
    "2018-02-30",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999-23:59",
]

# The options that take a number, a date, a moment or an amount, known by their metavar.
_MEASURED = {"N", "DATE", "TIMESTAMP", "POINT", "DECIMAL"}


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_number_date_and_moment_at_the_edges_ends_cleanly(
    register: Register, words: tuple[str, ...], subtests: pytest.Subtests
) -> None:
    command = _command(words)
    for option in command.params:
        if not (isinstance(option, click.Option) and option.metavar in _MEASURED):
            continue
        for value in EDGES:
            with subtests.test(option=_name(option), value=value[:20]):
                others = _required(command, register, instead=option)
                _assert_clean(register, [*words, *others, _name(option), value])
