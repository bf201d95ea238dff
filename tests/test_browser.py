"""The browser harness itself: it hears console errors, finds broken links, keeps pictures."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.chrome.webdriver import WebDriver

from tests.browser import (
    console_errors,
    external_links,
    links_missing_their_target,
    print_to_pdf,
    save_screenshot,
)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harness</title></head>
<body><main>
<h1 id="top">A page</h1>
<p><a href="#top">to the top</a> <a href="#nowhere">to nothing</a>
<a href="other.html#there">to the other page</a> <a href="other.html#gone">to a lost anchor</a>
<a href="absent.html">to a missing page</a> <a href="../outside.html">out of the folder</a></p>
{script}
</main></body></html>
"""
OTHER = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other</title></head>'
    '<body><h1 id="there">There</h1></body></html>'
)


def _pages(folder: Path, script: str = "") -> Path:
    folder.mkdir()
    (folder / "other.html").write_text(OTHER, encoding="utf-8")
    page = folder / "index.html"
    page.write_text(PAGE.format(script=script), encoding="utf-8")
    return page


def test_the_harness_finds_links_that_do_not_land_and_leaves_the_page_where_it_was(
    browser: WebDriver, tmp_path: Path
) -> None:
    page = _pages(tmp_path / "site")
    browser.get(page.as_uri())

    missing = links_missing_their_target(browser)

    assert sorted(missing) == sorted(
        [
            f"{page.as_uri()}#nowhere",
            f"{(page.parent / 'other.html').as_uri()}#gone",
            (page.parent / "absent.html").as_uri(),
        ]
    )
    assert browser.current_url.startswith(page.as_uri())
    assert external_links(browser) == [(tmp_path / "outside.html").as_uri()]


def test_the_harness_hears_an_error_in_the_console_and_none_on_a_clean_page(
    browser: WebDriver, tmp_path: Path
) -> None:
    browser.get(_pages(tmp_path / "clean").as_uri())
    assert console_errors(browser) == []

    browser.get(_pages(tmp_path / "broken", "<script>undefinedFunction();</script>").as_uri())
    errors = console_errors(browser)

    assert len(errors) == 1
    assert "undefinedFunction" in errors[0]


def test_the_harness_keeps_a_screenshot_and_a_printed_copy(
    browser: WebDriver, tmp_path: Path
) -> None:
    browser.get(_pages(tmp_path / "site").as_uri())

    picture = save_screenshot(browser, tmp_path / "kept" / "page.png")
    printed = print_to_pdf(browser, tmp_path / "kept" / "page.pdf")

    assert picture.read_bytes().startswith(b"\x89PNG")
    assert printed.read_bytes().startswith(b"%PDF")
