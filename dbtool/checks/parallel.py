"""Batches of a large check run, checked in a second process as they are handed out.

Components are independent (:mod:`dbtool.checks.components`), so a run
with many batches shares them with a worker (``python -m
dbtool.checks.worker``, :mod:`dbtool.db.workers`): both take the next batch
of one list as they are free, this process between storing everything (a
2-core machine checks a large corpus in little more than half the time,
whichever of the two is the faster). The worker is handed its next batch the
moment it sends back the one before, by the thread here that drains its pipe,
so it never waits for this process to finish a batch of its own, and never
holds a batch it has not started: at the end neither process waits long for
the other (the batches shrink towards the end too). The worker reads its
batches on a thread of its own and sends each batch's findings back, framed
and pickled as plain values. A worker that fails is simply not used any more:
the batches it did not send back are checked here.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import IO, Any

from dbtool.db.workers import start_worker, worker_count

PARALLEL_FROM = 40_000  # figures to check: with fewer, starting a worker costs more than it saves
FRAME = 8  # bytes of the big-endian length before each pickled batch

# What a batch's check gives: each finding of a component as plain values
# (dbtool.checks.store.found_row), the rank claims that stand alone, and whether
# every finding's component was told (dbtool.checks.engine.check_batch).
Found = tuple[list[tuple[Any, ...]], list[str], bool]


def processes(figures: int) -> int:
    """How many processes check a run of ``figures``: this one, and a worker when it pays."""
    return 1 + worker_count(PARALLEL_FROM, figures, most=1)


def helper_for(batches: Sequence[Any]) -> bool:
    """Whether a worker is worth starting for these batches."""
    figures = sum(batch.figures for batch in batches)
    return len(batches) > 1 and worker_count(PARALLEL_FROM, figures, most=1) > 0


class Helper:
    """A worker sharing the ``waiting`` batches with this process: it is handed the next
    whenever it is free, this process claims the next when it is; ``take`` gives
    the worker's findings in the order its batches were handed over. ``pack`` turns a
    batch into what the worker is sent."""

    def __init__(
        self, job: dict[str, Any], waiting: Sequence[Any], pack: Callable[[Any], Any]
    ) -> None:
        self.waiting = deque(waiting)
        self.pack = pack
        self.lock = threading.Lock()  # guards waiting, sent and busy
        self.sent: deque[Any] = deque()  # batches handed over whose findings were not taken
        self.busy = False  # the worker holds a batch it has not sent back
        self.received = 0
        self.arrived: list[bytes | None] = []
        self.ready = threading.Condition()
        self.process: Any = None
        try:
            self.process = start_worker("dbtool.checks.worker")
            assert self.process.stdin is not None
            widen(self.process.stdout)
            pickle.dump(job, self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except OSError:
            self.process = None
            return
        # The first batch is handed over by the thread that drains the worker: the pipe
        # holds 64 KiB, and the worker reads nothing until it has imported dbtool, so
        # handing it over here would keep this process from its own first batch as long.
        self.drain = threading.Thread(target=self._drain, name="dbtool-check", daemon=True)
        self.drain.start()

    @property
    def alive(self) -> bool:
        return self.process is not None

    def claim(self) -> Any | None:
        """The next waiting batch, for this process to check; None when none is left."""
        with self.lock:
            return self.waiting.popleft() if self.waiting else None

    def _feed(self) -> None:
        """Hand the worker the next waiting batch, unless it holds one or none is left.

        Written to the pipe outside the lock: this process claims batches meanwhile.
        Only the drain thread feeds, one batch at a time (``busy``)."""
        with self.lock:
            if self.busy or not self.waiting or self.process is None:
                return
            batch = self.waiting.popleft()
            self.sent.append(batch)
            self.busy = True
            stdin = self.process.stdin
        try:
            pickle.dump(self.pack(batch), stdin, pickle.HIGHEST_PROTOCOL)
            stdin.flush()
        except (OSError, ValueError):  # it stopped: this process checks what is left
            with self.lock:
                if any(sent is batch for sent in self.sent):  # not yet taken by left()
                    self.sent = deque(sent for sent in self.sent if sent is not batch)
                    self.waiting.appendleft(batch)
                self.busy = False

    def _drain(self) -> None:
        """Hand the worker its first batch, then move each framed batch from the pipe to
        ``arrived`` and hand it the next; None at the end or failure."""
        pipe = self.process.stdout
        try:
            self._feed()
            while header := pipe.read(FRAME):
                size = int.from_bytes(header, "big")
                blob = _exactly(pipe, size)
                with self.lock:
                    self.busy = False
                self._feed()
                self._put(blob)
        except Exception:  # any failure: the batches not received are checked here
            pass
        finally:
            self._put(None)

    def _put(self, item: bytes | None) -> None:
        with self.ready:
            self.arrived.append(item)
            self.ready.notify()

    def take(self, wait: bool = False) -> Found | None:
        """The findings of the oldest batch handed over, when they have come (waiting for
        them if ``wait`` and any are due); None if they have not, or the worker is gone."""
        with self.lock:
            due = bool(self.sent)
        if self.process is None or (not due and not self.arrived):
            return None
        with self.ready:
            if not self.arrived:
                if not wait:
                    return None
                self.ready.wait_for(lambda: bool(self.arrived))
            blob = self.arrived.pop(0)
        if blob is None:
            self.close()
            return None
        with self.lock:
            self.sent.popleft()
        self.received += 1
        return pickle.loads(blob)  # type: ignore[no-any-return]

    def left(self) -> list[Any]:
        """After ``close``: the batches handed over whose findings never came (the worker
        failed) and any still waiting (one handed back by a failed hand-over)."""
        with self.lock:
            left, self.sent = [*self.sent, *self.waiting], deque()
            self.waiting.clear()
        return left

    def close(self) -> None:
        if self.process is not None:
            with self.lock, contextlib.suppress(OSError, ValueError):
                self.process.stdin.close()
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.drain.join()
            self.process.stdout.close()
            self.process = None


def widen(pipe: IO[bytes] | None) -> None:
    """Give a pipe 1 MiB of buffer where Linux allows (64 KiB by default). A batch's
    findings are megabytes; read 64 KiB at a time, the thread reading them waited for the
    interpreter's lock after every read while this process checked, and the worker waited
    for it: idle a quarter of the run."""
    if pipe is None or not sys.platform.startswith("linux"):
        return
    import fcntl  # POSIX only

    with contextlib.suppress(OSError, ValueError):
        fcntl.fcntl(pipe.fileno(), F_SETPIPE_SZ, 1 << 20)


F_SETPIPE_SZ = 1031  # <linux/fcntl.h>


def _exactly(pipe: IO[bytes], size: int) -> bytes:
    data = pipe.read(size)
    if len(data) != size:
        raise EOFError("the worker stopped mid-batch")
    return data


def send(out: IO[bytes], found: Found) -> None:
    """Write one batch's findings, framed (in the worker)."""
    blob = pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
    out.write(len(blob).to_bytes(FRAME, "big"))
    out.write(blob)
    out.flush()
