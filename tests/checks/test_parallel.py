"""A large run checks every other batch in a worker, and stores what one process would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from dbtool import api
from dbtool.checks import components, parallel


def test_a_worker_checks_half_the_batches_to_the_same_end(
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

    def helper(self: parallel.Helper, job: dict[str, object], batches: int) -> None:
        started.append(self)
        real(self, job, batches)

    monkeypatch.setattr(parallel.Helper, "__init__", helper)
    shared = [r.as_dict() for r in api.check(url).results]
    [worker] = started
    assert worker.expected > 1 and worker.received == worker.expected  # it did its share
    assert shared == alone
