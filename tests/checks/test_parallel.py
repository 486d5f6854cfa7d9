"""A large run hands batches to a worker as it goes, and stores what one process would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from dbtool import api
from dbtool.checks import components, parallel


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

    def helper(self: parallel.Helper, job: dict[str, object]) -> None:
        started.append(self)
        real(self, job)

    monkeypatch.setattr(parallel.Helper, "__init__", helper)
    shared = [r.as_dict() for r in api.check(url).results]
    [worker] = started
    assert worker.received > 1 and not worker.sent  # it did its share, and sent all back
    assert shared == alone


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
