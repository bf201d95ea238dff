"""`python -m manual`: runs the features and writes the manual (build/docs/index.html) and its
summary (build/docs/summary.json); exits 1 when a scenario failed, after writing them."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from manual.book import read_book
from manual.render import edition_of, write_manual
from manual.results import read_runs

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m manual", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "docs")
    parser.add_argument("--features", type=Path, default=ROOT / "features")
    parser.add_argument(
        "--results",
        type=Path,
        help="a cucumber JSON of a run already made, instead of running the features",
    )
    arguments = parser.parse_args(argv)
    results = arguments.results
    if results is None:
        results = arguments.out / "cucumber.json"
        results.parent.mkdir(parents=True, exist_ok=True)
        ran = subprocess.run(  # noqa: S603 (this interpreter, running the project's own tests)
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/acceptance",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--cucumberjson={results}",
            ],
            cwd=ROOT,
            check=False,
        )
        if ran.returncode not in {0, 1}:
            sys.stderr.write(f"the features could not be run (pytest exited {ran.returncode})\n")
            return 2
    book = read_book(arguments.features)
    edition = edition_of(read_runs(book, results), ROOT)
    written = write_manual(book, edition, arguments.out, ROOT / "README.md")
    counts = edition.counts()
    sys.stdout.write(
        f"The manual: {written[0]} ({counts['scenarios']} scenarios: {counts['passed']} passed, "
        f"{counts['failed']} failed, {counts['skipped']} skipped)\n"
    )
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
