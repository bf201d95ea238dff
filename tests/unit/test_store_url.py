"""A database URL read without SQLAlchemy, in its plainest SQLite form only: the file it names is
the one SQLAlchemy's reading names, and every other form is left to that reading."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from adapters.store_url import UnsupportedDatabaseError, parsed_url, plain_sqlite_file

# URLs the plain reading takes, with the file each names.
PLAIN = {
    "sqlite:///partnerships.db": "partnerships.db",
    "sqlite:////srv/register/partnerships.db": "/srv/register/partnerships.db",
    "sqlite:///registers/staffordshire.db": "registers/staffordshire.db",
    "  sqlite:///partnerships.db\n": "partnerships.db",
    "sqlite:///a file with spaces.db": "a file with spaces.db",
    "sqlite:///100%25.db": "100%25.db",
    "sqlite:///@host:5/x.db": "@host:5/x.db",
    "sqlite:///[::1]/x.db": "[::1]/x.db",
    "sqlite:///#x.db": "#x.db",
    "sqlite:///Иваново.db": "Иваново.db",
    "sqlite:///:memory:x": ":memory:x",
    "sqlite:////": "/",
}

# URLs it leaves to SQLAlchemy: refused there, or of a form it does not read.
LEFT = [
    "",
    "   ",
    "sqlite://",
    "sqlite:///",
    "sqlite:///:memory:",
    " sqlite:///:memory: ",
    "sqlite:///x.db?mode=ro",
    "sqlite:///x.db?",
    "sqlite:///?x.db",
    "sqlite:///file:x.db?mode=ro&uri=true",
    "sqlite://localhost/x.db",
    "sqlite://user@/x.db",
    "sqlite+pysqlite:///x.db",
    "SQLITE:///x.db",
    "sqlite:/x.db",
    "sqlite:x.db",
    "x.db",
    "/srv/x.db",
    "postgresql://postgres@127.0.0.1:5432/partnerships",
    "postgresql+psycopg://postgres@127.0.0.1/partnerships",
    "mysql:///x.db",
]


@pytest.mark.parametrize(("url", "file"), PLAIN.items())
def test_a_plain_sqlite_url_names_the_file_sqlalchemy_reads_it_to_name(url: str, file: str) -> None:
    assert plain_sqlite_file(url) == file
    parsed = parsed_url(url)
    assert parsed.drivername == "sqlite"
    assert parsed.database == file


@pytest.mark.parametrize("url", LEFT)
def test_any_other_url_is_left_to_sqlalchemy_to_read_or_refuse(url: str) -> None:
    assert plain_sqlite_file(url) is None


@pytest.mark.parametrize("url", ["", "sqlite://", "sqlite:///:memory:", "sqlite:///x.db?mode=ro"])
def test_the_urls_sqlalchemy_refuses_as_naming_no_file_are_all_left_to_it(url: str) -> None:
    with pytest.raises(UnsupportedDatabaseError):
        parsed_url(url)
    assert plain_sqlite_file(url) is None


_URL_TEXT = st.text(alphabet=st.sampled_from("sqlite+pysql:/?&=@[]#%. \tx\n:memory")) | st.text()


@given(rest=_URL_TEXT, prefix=st.sampled_from(["sqlite:///", " sqlite:///", "sqlite://", ""]))
@example(rest=":memory:", prefix="sqlite:///")
@example(rest="", prefix="sqlite:///")
def test_whatever_the_plain_reading_takes_sqlalchemy_reads_as_the_same_file(
    rest: str, prefix: str
) -> None:
    url = prefix + rest
    file = plain_sqlite_file(url)
    if file is None:
        return
    parsed = parsed_url(url)
    assert (parsed.drivername, parsed.database, parsed.query) == ("sqlite", file, {})
    assert (parsed.host, parsed.port, parsed.username, parsed.password) == (None,) * 4
