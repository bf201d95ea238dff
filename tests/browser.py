"""A headless Chromium for tests that read pages as a person does.

The `browser` fixture drives Debian's `chromium` through its `chromium-driver` (the Makefile
installs both when missing). Without them the tests that need a browser are skipped, except under
CI=true, where they fail. The helpers collect what a reader would meet: errors in the browser's
console, links that do not land on their target, a screenshot and a printed copy.
"""

from __future__ import annotations

import base64
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1024",
)
A4_INCHES = {"paperWidth": 8.27, "paperHeight": 11.69}


def _browser_missing() -> str | None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        missing_list = ", ".join(missing)
        return f"no browser to read pages with ({missing_list} missing; `make test` installs them)"
    return None


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    """A fresh headless Chromium with its own profile, logging everything its console says."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}, and CI=true requires it", pytrace=False)
        pytest.skip(f"{missing} (under CI=true this fails instead)")

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        driver.set_page_load_timeout(120)
        try:
            yield driver
        finally:
            driver.quit()


def console_errors(driver: WebDriver) -> list[str]:
    """The errors the browser's console reported since this was last asked (the log is emptied)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


# Every link's address, made absolute; a link inside an SVG figure holds its address as an
# SVGAnimatedString rather than as text.
_EVERY_LINK = (
    "return Array.from(document.querySelectorAll('a[href]'), a => typeof a.href === 'string'"
    " ? a.href : new URL(a.href.baseVal, document.baseURI).href);"
)


def internal_links(driver: WebDriver) -> list[str]:
    """Every link on the open page that stays on the same site (or, for files, the same folder)."""
    here = urlsplit(driver.current_url)
    folder = here.path.rsplit("/", 1)[0] + "/"
    links: list[str] = driver.execute_script(_EVERY_LINK)
    internal = []
    for link in links:
        there = urlsplit(link)
        if (there.scheme, there.netloc) != (here.scheme, here.netloc):
            continue
        if there.scheme == "file" and not there.path.startswith(folder):
            continue
        internal.append(link)
    return internal


def external_links(driver: WebDriver) -> list[str]:
    """Every link on the open page that leaves it for another site or folder."""
    internal = set(internal_links(driver))
    links: list[str] = driver.execute_script(_EVERY_LINK)
    return [link for link in links if link not in internal]


def links_missing_their_target(driver: WebDriver) -> list[str]:
    """The open page's internal links whose page does not open or holds no element they point at.

    Each page linked to is opened once and every anchor asked of it is looked up there; the browser
    is left on the page it started from.
    """
    start = driver.current_url
    anchors_by_page: dict[str, set[str]] = {}
    for link in internal_links(driver):
        page, fragment = urldefrag(link)
        anchors_by_page.setdefault(page, set()).add(unquote(fragment))
    missing: list[str] = []
    for page, anchors in sorted(anchors_by_page.items()):
        if page != urldefrag(driver.current_url).url:
            driver.get(page)
        if not _opened(driver, page):
            missing.append(page)
            continue
        found: list[bool] = driver.execute_script(
            "return arguments[0].map(id => document.getElementById(id) !== null);",
            sorted(anchor for anchor in anchors if anchor),
        )
        missing.extend(
            f"{page}#{anchor}"
            for anchor, present in zip(sorted(a for a in anchors if a), found, strict=True)
            if not present
        )
    if urldefrag(driver.current_url).url != urldefrag(start).url:
        driver.get(start)
    return missing


def _opened(driver: WebDriver, page: str) -> bool:
    if urlsplit(page).scheme == "file" and not Path(unquote(urlsplit(page).path)).is_file():
        return False
    shows_an_error: bool = driver.execute_script(
        "return document.documentURI.startsWith('chrome-error:');"
    )
    return urldefrag(driver.current_url).url == page and not shows_an_error


def save_screenshot(driver: WebDriver, path: Path) -> Path:
    """Keep what the window shows as a PNG at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not driver.save_screenshot(str(path)):
        raise OSError(f"the browser could not save a screenshot to {path}")
    return path


def print_to_pdf(driver: WebDriver, path: Path) -> Path:
    """Print the open page on A4 as the browser would, honouring its print stylesheet."""
    printed = driver.execute_cdp_cmd(
        "Page.printToPDF", {**A4_INCHES, "printBackground": True, "preferCSSPageSize": True}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(printed["data"]))
    return path
