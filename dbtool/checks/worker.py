"""``python -m dbtool.checks.worker``: the batches a large check run hands over.

It reads its job on stdin (the database's URL, the rules, its batches and
their nodes' components), checks each batch as the run would
(:func:`dbtool.checks.engine.check_batch`), and sends each one's findings
back as it goes (:mod:`dbtool.checks.parallel`). It only reads.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from typing import IO

from dbtool.checks.engine import RuleInfo, check_batch
from dbtool.checks.parallel import send
from dbtool.db.bulk import collector_paused
from dbtool.db.database import Database
from dbtool.db.workers import die_with_parent


def _serve(source: IO[bytes], out: IO[bytes]) -> None:
    job = pickle.load(source)
    die_with_parent(job["parent"])
    rules = [RuleInfo(*rule) for rule in job["rules"]]
    with Database(job["url"]).connect() as connection, collector_paused():
        for batch in job["batches"]:
            send(out, check_batch(connection, batch, rules, job["components"]))


if __name__ == "__main__":
    # Findings go to a copy of stdout; anything printed by accident goes to stderr.
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    with contextlib.suppress(BrokenPipeError):  # the run stopped early: nothing wanted
        _serve(sys.stdin.buffer, results)
