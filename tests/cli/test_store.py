"""Where the register is kept: --db, else $PARTNERSHIPS_DB, else partnerships.db here."""

from __future__ import annotations

from pathlib import Path

from .command import Partnerships, parsed, run

ESTABLISH = (
    "establish",
    "--council",
    "Storeshire County Council",
    "--city",
    "Fileton",
    "--country",
    "Testland",
    "--on",
    "2001-01-01",
)


def test_without_db_the_register_is_kept_in_partnerships_db_in_the_working_directory(
    tmp_path: Path,
) -> None:
    here = tmp_path / "here"
    elsewhere = tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()

    established = run(*ESTABLISH, "--json", cwd=here)

    assert (here / "partnerships.db").is_file()
    file = Partnerships(db=f"sqlite:///{here / 'partnerships.db'}", cwd=elsewhere)
    assert [entry["reference"] for entry in file.json("list")] == [parsed(established)["reference"]]


def test_the_register_named_by_partnerships_db_is_used_when_no_db_is_given(
    sqlite_url: str, tmp_path: Path
) -> None:
    environment = {"PARTNERSHIPS_DB": sqlite_url}

    established = parsed(run(*ESTABLISH, "--json", cwd=tmp_path, env=environment))
    listed = parsed(run("list", "--json", cwd=tmp_path, env=environment))

    assert [entry["partnership_id"] for entry in listed] == [established["partnership_id"]]
    assert Path(sqlite_url.removeprefix("sqlite:///")).is_file()
    assert not (tmp_path / "partnerships.db").exists()
