"""Worker processes a command shares long work out to (a rebuild's pages, the check of an
export's lines): as many as the machine has cores, two at most, started afresh ("spawn"), deaf
to Ctrl-C (the command that started them says what happened, once), and gone as soon as that
command is, killed or not."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

WORKERS = max(1, min(2, os.cpu_count() or 1))

# The resource tracker frees the workers' semaphores when a killed command cannot; its
# warning that it did so is for the library's developers, not the register's users.
_QUIET_TRACKER = "ignore:resource_tracker:UserWarning"


def _worker_started(parent: int) -> None:
    """Readies a worker process: no cyclic collector (the work makes no reference cycles),
    Ctrl-C left to the process that started it, and an end to the worker as soon as that
    process is gone, killed or not."""
    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


@contextmanager
def _workers_deaf_to_ctrl_c() -> Iterator[None]:
    """While worker processes start: they inherit Ctrl-C ignored, so the one a terminal sends
    to every process of the command never reaches them, even before they are ready, and the
    resource tracker started with them stays quiet about what it tidies up."""
    if _QUIET_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(_QUIET_TRACKER)
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def worker_pool() -> ProcessPoolExecutor:
    """A pool of WORKERS worker processes (raises OSError or BrokenProcessPool where the
    machine cannot start them)."""
    # Imported here: most commands start no worker process.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    with _workers_deaf_to_ctrl_c():
        return ProcessPoolExecutor(
            WORKERS,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_started,
            initargs=(os.getpid(),),
        )
