"""Seed files read and checked ahead, in worker processes, while the loader writes.

A load of thousands of seed files spends much of its time on what each
file says by itself (its TOML, its model, its quotes found in its text) and
the rest on what needs the database (keys other documents define, ids, rows).
The first half needs nothing from the second, so workers
(:mod:`dbtool.db.workers`) do it for the files ahead while this process
loads the current one. Below ``READ_AHEAD_FROM`` files, or on
one core, files are read here.

Each worker is given its share of the files at once (every ``n``-th chunk:
a few small files, or one large one alone) and writes each chunk's results to
its stdout, pickled, in order; a thread here holds up to ``_Worker.WINDOW``
chunks and ``_Worker.WINDOW_BYTES`` of them, and a worker that is that far
ahead waits, so memory stays flat however many files there are and however
large (a run of yearbooks of 18,000 figures each is held one at a time). When the
next chunk is not there yet, the caller is told (``ReadAhead.waiting``: the
loader writes its queued rows meanwhile). An unreadable file comes back as
its ``SeedError``, raised when the loader reaches it. A worker that fails in
any other way is simply not used any more: its files are read here, which
raises the failure with its own traceback.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]

from dbtool.db.workers import start_worker, worker_count
from dbtool.errors import SeedError
from dbtool.seedformat.limits import SeedLimits
from dbtool.seedformat.validate import CheckedSeed, read_seed

READ_AHEAD_FROM = 200  # files; fewer are read in this process
CHUNK = 16  # files per message: pickling overhead spread over several files
CHUNK_BYTES = 256 * 1024  # of seed files per message; a larger file is a message alone

Read = CheckedSeed | SeedError


class ReadAhead:
    """Each path's ``read_seed`` as a load needs it (``CheckedSeed.for_loader``), or its
    ``SeedError``, in order: by workers when it pays.

    The workers start when this is called, not when the first file is asked for, so that
    they start up while the caller does (a load imports SQLAlchemy and opens the database
    meanwhile: about a quarter of a second the loader used to wait for its first file).
    Iterating to the end, ``close`` or leaving a ``with`` block stops them.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        limits: SeedLimits = SeedLimits(),
        workers: int | None = None,
    ) -> None:
        self.paths = list(paths)
        self.limits = limits
        count = _workers(len(self.paths)) if workers is None else workers
        self.chunks = _chunks(self.paths) if count else []
        # Sent as strings: pickling a Path costs many times what pickling a string does.
        names = [[str(path) for path in chunk] for chunk in self.chunks]
        self.pool = [_Worker(names[k::count], self.limits) for k in range(count)]
        # Called when the next chunk has not arrived yet, before waiting for it.
        self.waiting: Callable[[], None] | None = None

    def __iter__(self) -> Iterator[Read]:
        try:
            if not self.pool:
                for path in self.paths:
                    yield _read(path, self.limits)
                return
            for index, chunk in enumerate(self.chunks):
                results = self.pool[index % len(self.pool)].next(self.waiting)
                if results is None or len(results) != len(chunk):
                    results = [_read(path, self.limits) for path in chunk]
                yield from results
        finally:
            self.close()

    def close(self) -> None:
        for worker in self.pool:
            worker.stop()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chunks(paths: list[Path]) -> list[list[Path]]:
    """The files in order, in chunks of at most ``CHUNK`` files and ``CHUNK_BYTES`` (a
    larger file alone): a worker's message, and what the loader holds read at once."""
    chunks: list[list[Path]] = []
    chunk: list[Path] = []
    held = 0
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError:  # read_seed says what is wrong with it, in its turn
            size = 0
        if chunk and (len(chunk) == CHUNK or held + size > CHUNK_BYTES):
            chunks.append(chunk)
            chunk, held = [], 0
        chunk.append(path)
        held += size
    if chunk:
        chunks.append(chunk)
    return chunks


def _workers(files: int) -> int:
    """One worker per spare core, at most two (the loader keeps up with no more), or none."""
    return worker_count(READ_AHEAD_FROM, files)


def _read(path: Path, limits: SeedLimits) -> Read:
    """What a load needs of the file's ``read_seed``, here or in a worker alike."""
    try:
        return read_seed(path, limits).for_loader()
    except SeedError as exc:
        return exc


class _Worker:
    """One ``python -m dbtool.load.readahead`` reading its chunks; None once it fails.

    A thread here drains the worker's pipe into memory as results arrive
    (``WINDOW`` chunks at most), so the worker keeps reading while the loader
    is busy writing a batch; the pipe itself is widened (``_widen``) so that
    the worker need not stop mid-chunk until the thread has run. The thread
    only waits on the pipe, which releases the GIL; results are unpickled
    when the loader asks.
    """

    WINDOW = 64  # chunks read ahead and held here: about 1,000 files, a few MiB
    WINDOW_BYTES = 32 << 20  # and at most this much of them (any one chunk, however large)

    def __init__(self, chunks: list[list[str]], limits: SeedLimits) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.arrived = _Window(self.WINDOW, self.WINDOW_BYTES)
        self.stopping = threading.Event()
        self.drain: threading.Thread | None = None
        try:
            self.process = start_worker("dbtool.load.readahead")
        except OSError:  # no interpreter to start: every file is read here
            return
        _widen(self.process.stdout)
        assert self.process.stdin is not None
        try:
            # All of it before reading anything back: the worker reads it all first.
            pickle.dump((chunks, limits), self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.close()
        except OSError:
            self.stop()
            return
        self.drain = threading.Thread(
            target=self._drain, args=(self.process.stdout,), name="dbtool-readahead", daemon=True
        )
        self.drain.start()

    def _drain(self, pipe: IO[bytes]) -> None:
        """Move each framed chunk from the pipe to ``arrived``; None at the end or on failure.

        None is put however the thread ends (the loader waits for it, and a worker
        that fails in any way is simply not used any more)."""
        try:
            while not self.stopping.is_set():
                size = int.from_bytes(_exactly(pipe, FRAME), "big")
                self._put(_exactly(pipe, size))
        except Exception:  # any failure: the loader reads this worker's files itself
            pass
        finally:
            self._put(None)

    def _put(self, item: bytes | None) -> None:
        while not self.stopping.is_set():
            if self.arrived.put(item, timeout=0.1):
                return

    def next(self, waiting: Callable[[], None] | None = None) -> list[Read] | None:
        """The next chunk's results (None once this worker has failed); ``waiting`` is
        called first if they have not arrived yet."""
        if self.process is None:
            return None
        if waiting is not None and self.arrived.empty():
            waiting()
        blob = self.arrived.get()
        if blob is None:
            self.stop()
            return None
        try:
            results: list[Read] = pickle.loads(blob)
            return results
        except (EOFError, pickle.UnpicklingError):
            self.stop()
            return None

    def stop(self) -> None:
        self.stopping.set()
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            if self.drain is not None:
                self.drain.join()  # the pipe is at its end now: the thread is leaving
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None


class _Window:
    """The chunks that have arrived and wait for the loader: at most ``count`` of them
    and ``size`` bytes, though always one, however large."""

    def __init__(self, count: int, size: int) -> None:
        self.count, self.size = count, size
        self.items: collections.deque[bytes | None] = collections.deque()
        self.held = 0
        self.changed = threading.Condition()

    def put(self, item: bytes | None, timeout: float) -> bool:
        """Add ``item`` when there is room; False if there was none within ``timeout``."""
        size = len(item) if item else 0
        with self.changed:
            if not self.changed.wait_for(lambda: self._room(size), timeout):
                return False
            self.items.append(item)
            self.held += size
            self.changed.notify_all()
            return True

    def _room(self, size: int) -> bool:
        return not self.items or (len(self.items) < self.count and self.held + size <= self.size)

    def get(self) -> bytes | None:
        with self.changed:
            self.changed.wait_for(lambda: bool(self.items))
            item = self.items.popleft()
            self.held -= len(item) if item else 0
            self.changed.notify_all()
            return item

    def empty(self) -> bool:
        return not self

    def __len__(self) -> int:
        with self.changed:
            return len(self.items)


FRAME = 8  # bytes of the big-endian length before each pickled chunk
PIPE_BYTES = 1 << 20  # Linux lets any process widen a pipe to 1 MiB (fs.pipe-max-size)


def _widen(pipe: IO[bytes] | None) -> None:
    """Let the worker's pipe hold ``PIPE_BYTES`` (Linux), not 64 KiB, less than one chunk.

    With 64 KiB the worker stops in the middle of every chunk until the draining
    thread has read the pipe, and that thread needs the GIL back after each read, which
    the busy loader holds for up to 5 ms at a time: the loader then waits for chunks
    far longer than with 1 MiB. Elsewhere, or if refused, the pipe stays as it is.
    """
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if pipe is None or setpipe is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), setpipe, PIPE_BYTES)


def _exactly(pipe: IO[bytes], size: int) -> bytes:
    data = pipe.read(size)
    if len(data) != size:
        raise EOFError("the worker stopped mid-chunk")
    return data


def _serve(source: IO[bytes], out: IO[bytes]) -> None:
    """Read each chunk's files and send their results, framed, in order.

    The cycle collector is off while serving: each chunk's objects die by reference
    count when it is sent, so the collector's passes over them would be wasted work.
    It runs once every ``COLLECT_EVERY`` chunks, for whatever cycle an error's
    traceback might leave.
    """
    chunks, limits = pickle.load(source)
    gc.disable()
    for number, chunk in enumerate(chunks, 1):
        results = [_read(Path(name), limits) for name in chunk]
        blob = pickle.dumps(results, pickle.HIGHEST_PROTOCOL)
        out.write(len(blob).to_bytes(FRAME, "big"))
        out.write(blob)
        out.flush()
        if number % COLLECT_EVERY == 0:
            gc.collect()


COLLECT_EVERY = 64  # chunks


if __name__ == "__main__":
    # Results go to a copy of stdout; anything printed by accident goes to stderr.
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    with contextlib.suppress(BrokenPipeError):  # the loader stopped early: nothing wanted
        _serve(sys.stdin.buffer, results)
