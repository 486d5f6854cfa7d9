"""A large run hands batches to a worker as it goes, and stores what one process would."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import generate
from dbtool import api
from dbtool.checks import components, engine, parallel
from dbtool.checks.engine import check_batch
from dbtool.db.database import Database


def test_a_worker_checks_batches_to_the_same_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite"
    url = f"sqlite:///{path}"
    api.upgrade(url)
    api.seed(url, generate(tmp_path / "corpus", 1500, "docs", 11))
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    alone = [r.as_dict() for r in api.check(f"sqlite:///{copy}").results]
    monkeypatch.setattr(components, "BATCH_FIGURES", 200)  # many batches of a small corpus
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "worker_count", lambda *_args, **_kw: 1)
    started: list[parallel.Helper] = []
    real = parallel.Helper.__init__

    def helper(self: parallel.Helper, *args: object) -> None:
        started.append(self)
        real(self, *args)  # type: ignore[arg-type]

    def slowly(*args: Any) -> parallel.Found:
        time.sleep(0.3)  # so that the worker, however slow to start, gets its share
        return check_batch(*args)

    monkeypatch.setattr(parallel.Helper, "__init__", helper)
    monkeypatch.setattr(engine, "check_batch", slowly)
    shared = [r.as_dict() for r in api.check(url).results]
    [worker] = started
    assert worker.received > 1 and not worker.sent  # it did its share, and sent all back
    assert shared == alone


def test_shared_batches_shrink_towards_the_end(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    api.upgrade(url)
    api.seed(url, generate(tmp_path / "corpus", 6000, "docs", 11))
    with Database(url).connect() as connection:
        found = components.Components(connection)
    alone = list(found.batches())
    shared = list(found.batches(share=2))
    assert [c for b in shared for c in b.components] == [c for b in alone for c in b.components]
    assert len(shared) > len(alone) and shared[-1].figures < shared[0].figures
    # each a quarter of what is left per process, until the least size
    left = found.size()
    for batch in shared[:-1]:
        assert batch.figures <= max(components.BATCH_LEAST, left // 4) or len(batch.components) == 1
        left -= batch.figures


def test_a_worker_that_fails_leaves_its_batches_to_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite"
    url = f"sqlite:///{path}"
    api.upgrade(url)
    api.seed(url, generate(tmp_path / "corpus", 600, "docs", 11))
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    alone = [r.as_dict() for r in api.check(f"sqlite:///{copy}").results]
    monkeypatch.setattr(components, "BATCH_FIGURES", 100)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "worker_count", lambda *_args, **_kw: 1)
    real = parallel.start_worker
    # A worker that dies at once, as one killed or out of memory would.
    monkeypatch.setattr(parallel, "start_worker", lambda _module: real("dbtool.no_such_module"))
    assert [r.as_dict() for r in api.check(url).results] == alone
