"""The manual as a reader meets it: built by running the features, and opened in Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By

from manual.book import read_book
from manual.rules import readme_rules
from tests.browser import (
    console_errors,
    external_links,
    links_missing_their_target,
    print_to_pdf,
    save_screenshot,
)

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "build" / "docs"


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The manual, written as `make docs` writes it, into a folder of its own."""
    out = tmp_path_factory.mktemp("manual")
    built = subprocess.run(
        [sys.executable, "-m", "manual", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    return out


def test_the_summary_counts_every_run_and_names_each_rules_scenarios(manual: Path) -> None:
    summary = json.loads((manual / "summary.json").read_text(encoding="utf-8"))
    book = read_book(ROOT / "features")

    assert summary["features"] == len(book.features)
    assert summary["scenarios"] == sum(len(s.runs) for f in book.features for s in f.scenarios)
    assert (summary["passed"], summary["failed"], summary["skipped"]) == (
        summary["scenarios"],
        0,
        0,
    )
    assert set(summary["rules"]) == {str(number) for number in readme_rules()}
    assert all(summary["rules"].values()), summary["rules"]


def test_the_manual_reads_in_a_browser_every_scenario_visible_and_every_link_landing(
    browser: WebDriver, manual: Path
) -> None:
    browser.get((manual / "index.html").as_uri())

    assert console_errors(browser) == []
    titles = browser.find_elements(By.CSS_SELECTOR, ".scenario h5")
    book = read_book(ROOT / "features")
    expected = [
        f"{s.keyword}: {s.name}" for f in book.features for r in f.rules for s in r.scenarios
    ]
    assert [title.text for title in titles] == expected
    hidden = [title.text for title in titles if not title.is_displayed()]
    assert not hidden, f"these scenarios' titles are not visible: {hidden}"
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert external_links(browser) == []
    assert links_missing_their_target(browser) == []
    save_screenshot(browser, EVIDENCE / "manual.png")
    printed = print_to_pdf(browser, EVIDENCE / "manual.pdf")
    assert printed.read_bytes().startswith(b"%PDF")
    assert console_errors(browser) == []
