"""How long a command takes as a whole process, against a bare ``python -c pass`` in the same
run: the processor time (user and system) of each, the median of several runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

RUNS = 7


def cpu_seconds(command: list[str]) -> float:
    """The median processor time of the command, run RUNS times."""
    times = []
    for _ in range(RUNS):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed with exit status {process.returncode}")
        times.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(times)


def measured(folder: Path) -> list[tuple[str, float, float, str]]:
    """Each command's processor time and its ratio to a bare Python, with the target."""
    partnerships = str(Path(sys.executable).with_name("partnerships"))
    db = ["--db", f"sqlite:///{folder / 'demo.db'}"]
    subprocess.run([partnerships, "demo", *db], check=True, capture_output=True)
    reference = "staffordshire-county-council--ivanovo"
    bare = cpu_seconds([sys.executable, "-c", "pass"])
    rows = [("python -c pass", bare, 1.0, "")]
    for what, command, target in (
        ("partnerships --help", [partnerships, "--help"], "≤ 3×"),
        ("partnerships status P (demo store)", [partnerships, "status", reference, *db], "≤ 8×"),
        ("partnerships list (demo store)", [partnerships, "list", *db], "≤ 8×"),
        (
            "partnerships visit P ... (a write, demo store)",
            [
                partnerships,
                "visit",
                reference,
                "--on",
                "2017-05-01",
                "--direction",
                "inbound",
                "--delegation",
                "Bench",
                *db,
            ],
            "≤ 10×",
        ),
    ):
        seconds = cpu_seconds(command)
        rows.append((what, seconds, seconds / bare, target))
    return rows
