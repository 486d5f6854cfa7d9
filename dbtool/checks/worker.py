"""``python -m dbtool.checks.worker``: the batches a large check run hands over.

It reads its job on stdin (the database's URL, the rules), then each batch
with its nodes' components as the run hands it over, until the run closes
the pipe; checks each batch as the run would
(:func:`dbtool.checks.engine.check_batch`), and sends each one's findings
back as it goes (:mod:`dbtool.checks.parallel`). It only reads.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import sys
import threading
from typing import IO, Any

from dbtool.checks.engine import RuleInfo, check_batch
from dbtool.checks.parallel import send
from dbtool.db.bulk import collector_paused
from dbtool.db.database import Database
from dbtool.db.workers import die_with_parent


def _serve(source: IO[bytes], out: IO[bytes]) -> None:
    job = pickle.load(source)
    die_with_parent(job["parent"])
    rules = [RuleInfo(*rule) for rule in job["rules"]]
    batches: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read, args=(source, batches), daemon=True).start()
    with Database(job["url"]).connect() as connection, collector_paused():
        while (item := batches.get()) is not None:
            batch, components = item
            send(out, check_batch(connection, batch, rules, components))


def _read(source: IO[bytes], batches: queue.SimpleQueue[Any]) -> None:
    """Take each batch off the pipe as it comes, so the run handing it over never waits for
    the batch checked before; None at the end (the run closed the pipe) or on a failure."""
    try:
        while True:
            batches.put(pickle.load(source))
    except Exception:  # EOFError at the end; anything else: stop as if at the end
        pass
    finally:
        batches.put(None)


if __name__ == "__main__":
    # Findings go to a copy of stdout; anything printed by accident goes to stderr.
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    with contextlib.suppress(BrokenPipeError):  # the run stopped early: nothing wanted
        _serve(sys.stdin.buffer, results)
