"""``dbtool sql``'s query: read-only on a guarded reader, and stopped at its time limit.

The query and its connection run in a worker thread, so the limit holds even
where the database cannot be interrupted: a SQLite function that runs for
minutes in one call never reaches the progress handler, and a listener that
never answers holds a connection attempt.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from dbtool.db.database import Database
from dbtool.db.reader import Row, open_reader
from dbtool.errors import QueryTimeout

# Seconds a query past its time limit is given to stop by itself (SQLite's interrupt,
# PostgreSQL's statement_timeout) before it is abandoned.
GRACE = 0.5


def query_rows(
    target: Database | str,
    sql: str,
    params: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    allow_privileged: bool = False,
) -> list[Row]:
    """The rows of one user's query (``dbtool sql``), read-only, stopped at ``timeout``.

    Connecting and the query run in a worker thread, so the time limit holds even
    where the database cannot be interrupted: a SQLite function that runs for
    minutes in one call never reaches the progress handler, and a listener that
    never answers holds a connection attempt. At the limit the query is
    interrupted; if it has not stopped ``GRACE`` seconds later it is abandoned
    (its connection is read-only, and the process ends it on exit).
    """
    database = Database.of(target)

    def run() -> list[Row]:
        with open_reader(
            database, False, timeout, user_sql=True, allow_privileged=allow_privileged
        ) as reader:
            box["reader"] = reader
            return reader.rows(sql, params)

    box: dict[str, Any] = {}
    if not timeout:
        return run()
    worker = _Worker(run)
    if worker.finished.wait(timeout):
        return worker.result()
    interrupt = getattr(box.get("reader"), "interrupt", None)
    if interrupt is not None:
        interrupt()
    if worker.finished.wait(GRACE):
        return worker.result()
    raise QueryTimeout(timeout)


class _Worker(threading.Thread):
    """Runs one function in a daemon thread; ``result`` returns or raises what it did."""

    def __init__(self, function: Any) -> None:
        super().__init__(name="dbtool-query", daemon=True)
        self.function = function
        self.finished = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.value = self.function()
        except BaseException as exc:
            self.error = exc
        finally:
            self.finished.set()

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value
