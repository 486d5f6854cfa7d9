"""dbtool's own worker processes: ``python -m dbtool.<module>``, never a fork.

Large loads read seed files ahead, and ``report all`` on a large database
writes half its reports, in a second process (a 2-core machine has a
core to spare). A worker is a fresh interpreter running one of
dbtool's modules, not a ``multiprocessing`` child: a forked child would
share this process's open database connection and threads (a progress
bar's), and a spawned one re-imports the caller's ``__main__``, which
breaks any script without a ``__name__`` guard. Work and results travel
through the worker's stdin and stdout; its stderr is kept quiet unless
``DBTOOL_DEBUG``, since whoever started it does the failed work again
itself and reports the failure in its own words.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path


def start_worker(module: str) -> subprocess.Popen[bytes]:
    """``python -m module`` with pipes for stdin and stdout, finding this copy of dbtool."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", module],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=None if os.environ.get("DBTOOL_DEBUG") else subprocess.DEVNULL,
        env=env,
    )


def worker_count(spare_from: int, items: int, most: int = 2) -> int:
    """Workers worth starting for ``items`` of work: one per spare core, none below
    ``spare_from`` items (a worker costs an interpreter's start-up) or on one core."""
    if items < spare_from:
        return 0
    return max(0, min(most, (os.cpu_count() or 1) - 1))


def die_with_parent(parent: int) -> None:
    """In a worker: be killed the moment ``parent`` dies (Linux), or exit now if it has.

    A ``report all`` killed with SIGKILL must leave nothing running that still
    writes into the unfinished set the next run removes.
    """
    if sys.platform == "linux":
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above
        raise SystemExit(1)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
