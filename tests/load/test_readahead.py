"""Seeds read ahead by worker processes load exactly as seeds read here (issue 11)."""

from __future__ import annotations

import fcntl
import sqlite3
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from dbtool import api
from dbtool.errors import SeedError
from dbtool.load import readahead
from dbtool.load.readahead import ReadAhead
from dbtool.seedformat.limits import SeedLimits
from dbtool.seedformat.validate import CheckedSeed


def _corpus(folder: Path, figures: int = 600) -> list[Path]:
    paths = generate(folder, figures, "docs", 5)
    broken = folder / "broken.toml"
    broken.write_text('[document\nslug = "x"\n', "utf-8")
    missing = folder / "missing.toml"
    return [*paths[:7], broken, *paths[7:20], missing, *paths[20:]]


def _same(here: CheckedSeed | SeedError, there: CheckedSeed | SeedError) -> None:
    assert type(here) is type(there)
    if isinstance(here, SeedError):
        assert str(there) == str(here)
        return
    assert isinstance(there, CheckedSeed)
    assert there.seed == here.seed
    assert there.text == here.text
    assert there.located == here.located and there.written == here.written
    assert there.numbers == here.numbers and there.figure_rows == here.figure_rows
    assert (there.seed_sha256, there.text_sha256) == (here.seed_sha256, here.text_sha256)
    assert there.refused == here.refused
    assert there.references == here.references
    assert [str(p) for p in there.problems] == [str(p) for p in here.problems]


def test_workers_read_what_this_process_reads(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "corpus")
    here = list(ReadAhead(paths, workers=0))
    there = list(ReadAhead(paths, workers=2))
    assert len(there) == len(here) == len(paths)
    for a, b in zip(here, there, strict=True):
        _same(a, b)
    # What comes back is what a load needs: quote spans by row, not validation's by
    # place, and figures as rows.
    reads = [r for r in there if isinstance(r, CheckedSeed)]
    assert reads and all(r.located and not r.spans and r.figure_rows for r in reads)
    errors = [str(r) for r in there if isinstance(r, SeedError)]
    assert len(errors) == 2
    assert errors[0].startswith(f"{tmp_path / 'corpus' / 'broken.toml'}: not valid TOML")
    assert errors[1] == f"{tmp_path / 'corpus' / 'missing.toml'}: no such file"


def test_workers_start_when_asked_and_stop_unasked(tmp_path: Path) -> None:
    """Workers start up while the caller does (before the first file is asked for), and
    a caller that stops early, or never starts, leaves none running."""
    paths = _corpus(tmp_path / "corpus", 300)
    with ReadAhead(paths, workers=1) as reads:
        [worker] = reads.pool
        assert worker.process is not None and worker.process.stdout is not None
        process = worker.process
        if sys.platform == "linux":  # a pipe that holds several chunks, not 64 KiB
            size = fcntl.fcntl(process.stdout.fileno(), fcntl.F_GETPIPE_SZ)
            assert size == readahead.PIPE_BYTES
    assert worker.process is None and process.returncode is not None
    reads = ReadAhead(paths, workers=1)
    first = next(iter(reads))
    assert isinstance(first, CheckedSeed)
    reads.close()
    assert reads.pool[0].process is None


def test_a_worker_that_fails_is_replaced_by_reading_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _corpus(tmp_path / "corpus", 300)
    here = list(ReadAhead(paths, workers=0))
    monkeypatch.setattr(sys, "executable", "/bin/false")  # a worker that dies at once
    there = list(ReadAhead(paths, workers=1))
    for a, b in zip(here, there, strict=True):
        _same(a, b)


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: sorted(connection.execute(f"SELECT * FROM {t}"), key=repr) for t in tables}


def test_a_load_read_ahead_writes_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = generate(tmp_path / "corpus", 1500, "docs", 11)
    databases = []
    for name, start_from in (("here", 10**9), ("ahead", 1)):
        monkeypatch.setattr(readahead, "READ_AHEAD_FROM", start_from)
        database = tmp_path / f"{name}.sqlite"
        api.upgrade(f"sqlite:///{database}")
        api.seed(f"sqlite:///{database}", paths)
        databases.append(_dump(database))
    assert databases[0]["figures"], "nothing was loaded"
    assert databases[1] == databases[0]


def test_a_bad_seed_read_ahead_stops_the_load_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readahead, "READ_AHEAD_FROM", 1)
    paths = _corpus(tmp_path / "corpus", 300)
    database = tmp_path / "db.sqlite"
    api.upgrade(f"sqlite:///{database}")
    before = _dump(database)
    with pytest.raises(SeedError, match=r"broken\.toml: not valid TOML"):
        api.seed(f"sqlite:///{database}", paths)
    assert _dump(database) == before


def test_a_worker_reads_on_while_the_loader_is_busy(tmp_path: Path) -> None:
    """Its results are taken off the pipe as they come, so a worker never waits for the
    loader (a pipe holds less than one chunk): it finishes every chunk untouched."""
    import time

    paths = generate(tmp_path / "corpus", 600, "docs", 5)
    chunks = [paths[i : i + readahead.CHUNK] for i in range(0, len(paths), readahead.CHUNK)]
    assert len(chunks) < readahead._Worker.WINDOW
    worker = readahead._Worker(chunks, SeedLimits())
    try:
        assert worker.process is not None
        deadline = time.monotonic() + 60
        while worker.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker.process.poll() == 0, "the worker was held back by a full pipe"
        got = [worker.next() for _ in chunks]
        assert [[r.path for r in chunk] for chunk in got] == chunks  # type: ignore[union-attr]
        assert worker.next() is None  # and then the end
    finally:
        worker.stop()


def test_a_pipe_that_fails_in_any_way_hands_the_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever stops the thread that drains a worker's pipe, the loader is told (it would
    otherwise wait for ever) and reads the files itself."""
    paths = _corpus(tmp_path / "corpus", 300)
    here = list(ReadAhead(paths, workers=0))
    real = readahead._exactly
    calls = 0

    def failing(pipe: object, size: int) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 3:  # the second chunk's length
            raise RuntimeError("an unexpected failure")
        return real(pipe, size)  # type: ignore[arg-type]

    monkeypatch.setattr(readahead, "_exactly", failing)
    there = list(ReadAhead(paths, workers=1))
    assert calls >= 3
    for a, b in zip(here, there, strict=True):
        _same(a, b)


def test_the_loader_is_told_when_it_would_wait(tmp_path: Path) -> None:
    """``waiting`` is called only when the next chunk has not arrived (the loader then
    writes its queued rows instead of idling), and changes nothing that is read."""
    paths = generate(tmp_path / "corpus", 300, "docs", 5)
    here = list(ReadAhead(paths, workers=0))
    arrived: list[int] = []
    with ReadAhead(paths, workers=1) as reads:
        [worker] = reads.pool
        reads.waiting = lambda: arrived.append(len(worker.arrived))
        there = list(reads)
    # The first chunk cannot have come yet: a worker takes a tenth of a second to start.
    assert arrived and set(arrived) == {0}
    for a, b in zip(here, there, strict=True):
        _same(a, b)


def test_a_large_file_is_a_chunk_of_its_own(tmp_path: Path) -> None:
    """Chunks are bounded in bytes as well as files, so a run of yearbooks is never read
    and held all at once."""
    paths = []
    for number, size in enumerate([10, 10, readahead.CHUNK_BYTES + 1, 10, *[10] * 40]):
        path = tmp_path / f"seed-{number:02}.toml"
        path.write_bytes(b"#" * size)
        paths.append(path)
    chunks = readahead._chunks(paths)
    assert [p for chunk in chunks for p in chunk] == paths
    assert chunks[1] == [paths[2]] and chunks[0] == paths[:2]
    assert max(len(chunk) for chunk in chunks) == readahead.CHUNK


def test_the_window_holds_so_many_bytes_and_always_one_chunk() -> None:
    window = readahead._Window(count=8, size=100)
    assert window.put(b"a" * 150, timeout=0.01)  # alone, however large
    assert not window.put(b"b" * 10, timeout=0.01)  # no room beside it
    assert window.get() == b"a" * 150 and window.empty()
    assert window.put(b"c" * 60, timeout=0.01) and not window.put(b"d" * 60, timeout=0.01)
    assert window.put(b"e" * 40, timeout=0.01) and len(window) == 2
    assert window.put(None, timeout=0.01)  # the end takes no room
    assert [window.get() for _ in range(3)] == [b"c" * 60, b"e" * 40, None]
