"""The report read in a real browser (headless Chromium): it opens without a console error,
every link inside it lands, its charts take up room, and a partnership's page prints on A4.

Screenshots of the index and of a partnership's page are kept beside the test's files, and also
in $REPORT_SCREENSHOTS when it names a folder (the README's picture is made that way).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.chrome.webdriver import WebDriver

from tests.browser import console_errors, links_missing_their_target, print_to_pdf, save_screenshot

from .command import Partnerships

IVANOVO = "staffordshire-county-council--ivanovo"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the demo register, and of one partnership more."""
    where = tmp_path_factory.mktemp("browser")
    store = Partnerships(db=f"sqlite:///{where / 'register.db'}", cwd=where)
    store.json("demo")
    store.establish("Otherham Borough Council", "Elsewhere", on="2003-03-03")
    store.json("report", "--out", str(where / "site"))
    return where / "site"


def _keep(picture: Path) -> None:
    folder = os.environ.get("REPORT_SCREENSHOTS")
    if folder:
        shutil.copy(picture, Path(folder) / picture.name)


def _charts_sizes(browser: WebDriver) -> list[tuple[float, float]]:
    sizes: list[list[float]] = browser.execute_script(
        "return Array.from(document.querySelectorAll('figure svg'), s => {"
        " const r = s.getBoundingClientRect(); return [r.width, r.height]; });"
    )
    return [(w, h) for w, h in sizes]


@pytest.mark.parametrize(
    ("page", "charts"),
    [("index.html", 1), (f"{IVANOVO}.html", 2), ("year-2016-17.html", 0)],
    ids=["index", "partnership", "financial year"],
)
def test_a_page_of_the_report_reads_cleanly_in_a_browser(
    browser: WebDriver, report: Path, tmp_path: Path, page: str, charts: int
) -> None:
    browser.get((report / page).as_uri())

    assert console_errors(browser) == []
    assert links_missing_their_target(browser) == []
    sizes = _charts_sizes(browser)
    assert len(sizes) == charts
    assert all(w > 300 and h > 100 for w, h in sizes), sizes
    picture = save_screenshot(browser, tmp_path / f"report-{page.removesuffix('.html')}.png")
    assert picture.read_bytes().startswith(b"\x89PNG")
    _keep(picture)


def test_a_partnerships_page_prints_on_a4_pages_keeping_tables_and_figures_whole(
    browser: WebDriver, report: Path, tmp_path: Path
) -> None:
    browser.get((report / f"{IVANOVO}.html").as_uri())

    printed = print_to_pdf(browser, tmp_path / "partnership.pdf").read_bytes()
    pages = re.findall(rb"/Type\s*/Page\b", printed)
    assert printed.startswith(b"%PDF")
    assert len(pages) >= 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]", printed)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    kept_whole: list[str] = browser.execute_script(
        "return Array.from(document.querySelectorAll('table, figure, tr'),"
        " e => getComputedStyle(e).breakInside);"
    )
    assert set(kept_whole) == {"avoid"}
