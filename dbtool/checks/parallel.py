"""Half the batches of a large check run, checked in a second process.

Components are independent (:mod:`dbtool.checks.components`), so a run
with many batches hands two of every three to a worker (``python -m
dbtool.checks.worker``, :mod:`dbtool.db.workers`) while this process checks
the rest and stores everything: a 2-core machine checks a large corpus in
little more than half the time. The worker reads the facts of its batches itself and
sends each batch's findings back, framed and pickled as plain values; a
thread here drains its pipe as they come, so the worker never waits for the
writer. A worker that fails is simply not used any more: the batches it did
not send are checked here.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator, Sequence
from typing import IO, Any

from dbtool.db.workers import start_worker, worker_count

PARALLEL_FROM = 40_000  # figures to check: with fewer, starting a worker costs more than it saves
FRAME = 8  # bytes of the big-endian length before each pickled batch

# What a batch's check gives: (key, rule, status, message, figures, interval, unit, derived,
# component) for each finding of a component, the rank claims that stand alone, and whether
# every finding's component was told (dbtool.checks.engine.check_batch).
Found = tuple[list[tuple[Any, ...]], list[str], bool]


def helper_for(batches: Sequence[Any]) -> bool:
    """Whether a worker is worth starting for these batches."""
    figures = sum(batch.figures for batch in batches)
    return len(batches) > 1 and worker_count(PARALLEL_FROM, figures, most=1) > 0


class Helper:
    """A worker checking ``batches``; ``found()`` gives each one's findings in order."""

    def __init__(self, job: dict[str, Any], batches: int) -> None:
        self.expected = batches
        self.arrived: list[bytes | None] = []
        self.ready = threading.Condition()
        self.process: Any = None
        try:
            self.process = start_worker("dbtool.checks.worker")
            assert self.process.stdin is not None
            pickle.dump(job, self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.close()
        except OSError:
            self.process = None
            return
        self.drain = threading.Thread(target=self._drain, name="dbtool-check", daemon=True)
        self.drain.start()

    def _drain(self) -> None:
        """Move each framed batch from the pipe to ``arrived``; None at the end or failure."""
        pipe = self.process.stdout
        try:
            for _ in range(self.expected):
                size = int.from_bytes(_exactly(pipe, FRAME), "big")
                self._put(_exactly(pipe, size))
        except Exception:  # any failure: the batches not received are checked here
            pass
        finally:
            self._put(None)

    def _put(self, item: bytes | None) -> None:
        with self.ready:
            self.arrived.append(item)
            self.ready.notify()

    def found(self, wait: bool = True) -> Iterator[Found]:
        """The findings of each batch as it arrives (only those arrived, unless ``wait``); stops
        at the end, or at a failure (``received`` says how many came)."""
        while self.process is not None:
            with self.ready:
                if not self.arrived:
                    if not wait:
                        return
                    self.ready.wait_for(lambda: bool(self.arrived))
                blob = self.arrived.pop(0)
            if blob is None:
                self.close()
                return
            self.received += 1
            yield pickle.loads(blob)

    received = 0

    def close(self) -> None:
        if self.process is not None:
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
