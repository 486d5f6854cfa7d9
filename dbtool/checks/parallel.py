"""Batches of a large check run, checked in a second process as they are handed out.

Components are independent (:mod:`dbtool.checks.components`), so a run
with many batches hands them to a worker (``python -m
dbtool.checks.worker``, :mod:`dbtool.db.workers`) from the front of the
list, two ahead of what it has sent back, while this process checks batches
from the back and stores everything: a 2-core machine checks a large corpus
in little more than half the time, whichever of the two is the faster (this
process also writes every row, which costs more the larger the database).
The worker reads its batches on a thread of its own, so handing one over
never waits for it to finish the one before, and sends each batch's findings
back, framed and pickled as plain values; a thread here drains its pipe as
they come, so the worker never waits for the writer. A worker that fails is
simply not used any more: the batches it did not send back are checked here.
"""

from __future__ import annotations

import contextlib
import pickle
import threading
from collections import deque
from collections.abc import Sequence
from typing import IO, Any

from dbtool.db.workers import start_worker, worker_count

PARALLEL_FROM = 40_000  # figures to check: with fewer, starting a worker costs more than it saves
FRAME = 8  # bytes of the big-endian length before each pickled batch

# What a batch's check gives: each finding of a component as plain values
# (dbtool.checks.store.found_row), the rank claims that stand alone, and whether
# every finding's component was told (dbtool.checks.engine.check_batch).
Found = tuple[list[tuple[Any, ...]], list[str], bool]


def helper_for(batches: Sequence[Any]) -> bool:
    """Whether a worker is worth starting for these batches."""
    figures = sum(batch.figures for batch in batches)
    return len(batches) > 1 and worker_count(PARALLEL_FROM, figures, most=1) > 0


class Helper:
    """A worker checking the batches it is ``send``; ``take`` gives their findings in the
    order they were sent."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.sent: deque[Any] = deque()  # batches sent whose findings have not come back
        self.received = 0
        self.arrived: list[bytes | None] = []
        self.ready = threading.Condition()
        self.process: Any = None
        try:
            self.process = start_worker("dbtool.checks.worker")
            assert self.process.stdin is not None
            pickle.dump(job, self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except OSError:
            self.process = None
            return
        self.drain = threading.Thread(target=self._drain, name="dbtool-check", daemon=True)
        self.drain.start()

    @property
    def alive(self) -> bool:
        return self.process is not None

    def send(self, batch: Any, components: dict[str, str]) -> bool:
        """Hand the worker one batch, with its nodes' components; False if it is gone."""
        if self.process is None:
            return False
        try:
            pickle.dump((batch, components), self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except (OSError, ValueError):  # it stopped: what it has not sent back is lost()
            self.close()
            return False
        self.sent.append(batch)
        return True

    def _drain(self) -> None:
        """Move each framed batch from the pipe to ``arrived``; None at the end or failure."""
        pipe = self.process.stdout
        try:
            while header := pipe.read(FRAME):
                size = int.from_bytes(header, "big")
                self._put(_exactly(pipe, size))
        except Exception:  # any failure: the batches not received are checked here
            pass
        finally:
            self._put(None)

    def _put(self, item: bytes | None) -> None:
        with self.ready:
            self.arrived.append(item)
            self.ready.notify()

    def take(self, wait: bool = False) -> Found | None:
        """The findings of the oldest batch sent, when they have come (waiting for them if
        ``wait`` and any are due); None if they have not, or the worker is gone."""
        if self.process is None or (not self.sent and not self.arrived):
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
        self.sent.popleft()
        self.received += 1
        return pickle.loads(blob)  # type: ignore[no-any-return]

    def lost(self) -> list[Any]:
        """The batches sent whose findings never came (the worker failed): to check here."""
        lost, self.sent = list(self.sent), deque()
        return lost

    def close(self) -> None:
        if self.process is not None:
            with contextlib.suppress(OSError, ValueError):
                self.process.stdin.close()
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.drain.join()
            self.process.stdout.close()
            self.process = None


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
