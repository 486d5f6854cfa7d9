"""``dbtool report all``: every report into a folder, safely, for cron and systemd timers.

Checks run first, so the reports and the exit code agree. The set is
atomic, not just each file: every report, ``index.md`` and, last,
``manifest.json`` are written into a fresh hidden folder beside the output
folder, which is then swapped with it in one step (``renameat2`` with
``RENAME_EXCHANGE``) and the old set removed. A kill at any moment leaves
the folder holding either the previous set or the new one, each whole and
matching its manifest; what a killed run left beside it is removed by the
next run, inside the lock. The output folder stays a plain folder (the
repository commits ``reports/``); a lock file inside it, hard-linked into
each new set, keeps overlapping runs in turn; files that are not dbtool's
are carried into each new set. Output is deterministic: only each Markdown
header line carries the time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import gc
import hashlib
import itertools
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from dbtool.db.database import Database
from dbtool.db.reader import open_reader
from dbtool.db.workers import die_with_parent, start_worker, worker_count
from dbtool.errors import DbtoolError, OutputError, UsageError

EXTENSIONS = {"md": "markdown", "csv": "csv", "json": "json"}
LOCK_NAME = ".dbtool-report.lock"
# Hidden sibling folders: ``.reports.dbtool-set-XXXXXXXX`` (tempfile's 8 random characters).
SET_MARK = ".dbtool-set-"


class Log(Protocol):
    """Where ``report all`` says what it does: ``verbose`` lines (one per file written)
    only when asked for; the others (a leftover removed, a fallback) always."""

    def __call__(self, message: str, verbose: bool = False) -> None: ...


def silent(message: str, verbose: bool = False) -> None:
    """A :class:`Log` that says nothing."""


class ReportsLocked(DbtoolError):
    """Another ``dbtool report all`` holds the output folder's lock."""


@dataclass(frozen=True)
class Failure:
    """A failing (or warning) finding of the run, as ``index.md`` names it."""

    key: str
    rule: str
    status: str
    words: str  # the key in words (dbtool.reports.findings)


@dataclass
class Publication:
    folder: Path
    generated_at: str
    check_run: int
    revision: str
    failed: bool
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    counts: dict[str, int] = field(default_factory=dict)  # status -> findings
    rules: int = 0
    documents: int = 0
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        """The one line ``report all`` prints: the run's verdict and counts, the failing rules,
        what was checked and where the reports went."""
        counts = dict(self.counts)
        failing = sorted({f.rule for f in self.failures if f.status == "fail"})
        fail = f"{counts.pop('fail', 0)} fail" + (f" ({', '.join(failing)})" if failing else "")
        rest = ", ".join(f"{n} {status}" for status, n in counts.items())
        verdict = "FAILED" if self.failed else "passed"
        return (
            f"check run {self.check_run} {verdict}: {fail}, {rest} from {self.rules} rules on "
            f"{self.documents} documents; {len(self.files)} files in {self.folder}"
        )


def parse_formats(text: str) -> list[str]:
    """``"md,csv"`` -> ``["md", "csv"]``; Markdown is always written."""
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    formats = ["md" if f == "markdown" else f for f in formats]
    unknown = [f for f in formats if f not in EXTENSIONS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} in --formats; use md, csv, json")
    return list(dict.fromkeys(["md", *formats]))


@contextmanager
def folder_lock(folder: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on ``folder``; wait up to ``timeout`` seconds for it.

    The lock file keeps one inode for the folder's whole life: each new set
    gets a hard link to it before the swap, so a run waiting on the old
    folder's lock and a run that opens the new folder's lock wait on the same file.
    """
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise ReportsLocked(
                        f"{folder}: another `dbtool report all` is writing here "
                        f"(lock {path}); gave up after {timeout:g} s"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_file(path: Path, text: str) -> str:
    """Write ``text`` to ``path`` (a new file in a private folder) and sync it; its sha256."""
    return write_chunks(path, [text])


def write_chunks(path: Path, chunks: Iterable[str], buffer: int = 1 << 20) -> str:
    """Write the text ``chunks`` make to ``path`` (a new file in a private folder) as they
    come, about ``buffer`` characters at a time, and sync it; its sha256.

    A report is never held whole: the checks report of a large corpus alone can be
    a hundred MB of text, and its string, its lines and its bytes together many
    times that.
    """
    digest = hashlib.sha256()
    with open(path, "xb") as handle:
        parts: list[str] = []
        size = 0
        for chunk in itertools.chain(chunks, [None]):
            if chunk is not None:
                parts.append(chunk)
                size += len(chunk)
                if size < buffer:
                    continue
            data = "".join(parts).encode("utf-8")
            parts.clear()
            size = 0
            digest.update(data)
            handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Make a folder's entries durable (new files, a rename), as fsync does for data."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def exchange(first: Path, second: Path) -> None:
    """Swap two folders' names in one atomic step: Linux's ``renameat2(RENAME_EXCHANGE)``.

    Raises OSError where the system or file system cannot (ENOSYS, EINVAL).
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available on this system", str(first))
    at, path = ctypes.c_int, ctypes.c_char_p
    renameat2.argtypes = [at, path, at, path, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2  # <fcntl.h>, <linux/fs.h>
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def generated_names(folder: Path) -> set[str]:
    """Names dbtool writes into an output folder: every report in every format, the
    index and the manifest, and whatever the folder's current manifest lists."""
    from dbtool.reports.registry import REPORTS

    names = {f"{name}.{ext}" for name in REPORTS for ext in EXTENSIONS}
    names |= {"index.md", "manifest.json"}
    try:
        listed = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        # Plain, visible file names only: a manifest never claims the lock or a path.
        names |= {n for n in listed if isinstance(n, str) and re.fullmatch(r"[^./][^/]*", n)}
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no manifest yet, or not one of ours: the names above still hold
    return names


def _leftovers(folder: Path, generated: set[str]) -> list[Path]:
    """What killed runs left: sibling set folders, and (from dbtool before the atomic set)
    ``.NAME.XXXXXXXX.tmp`` files inside the folder."""
    sets = re.compile(rf"{re.escape('.' + folder.name + SET_MARK)}[a-z0-9_]{{8}}")
    temporary = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")
    found = [p for p in folder.parent.iterdir() if sets.fullmatch(p.name) and p.is_dir()]
    for entry in folder.iterdir():
        match = temporary.fullmatch(entry.name)
        if match and match.group(1) in generated and entry.is_file():
            found.append(entry)
    return found


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link (same inode, no bytes copied), or a copy where linking is not allowed."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _carry_over(folder: Path, staging: Path, generated: set[str]) -> None:
    """Bring what is not dbtool's into the new set, so the swap loses nothing.

    The lock file is hard-linked, never copied: it must stay one inode. Only
    regular files count as dbtool's: a folder or symlink that happens to bear
    a report's name is carried too (and then clashes with it: an error, not a loss).
    """
    for entry in folder.iterdir():
        name = entry.name
        if name in generated and entry.is_file() and not entry.is_symlink():
            continue
        if name == LOCK_NAME:
            os.link(entry, staging / name)
        elif entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, staging / name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(staging / name))


def _replace_files(staging: Path, folder: Path, files: list[str], generated: set[str]) -> None:
    """The fallback switch, file by file (each one atomic), manifest last; then stale files go."""
    for name in [*files, "manifest.json"]:
        os.replace(staging / name, folder / name)
    for name in generated - {*files, "manifest.json"}:
        (folder / name).unlink(missing_ok=True)


def _index(publication: Publication, formats: list[str], counts: dict[str, int]) -> str:
    """``index.md``: the run's counts, each failing finding linked to its row in
    ``checks.md``, and every report in every format."""
    from dbtool.reports.builders.checks import anchor
    from dbtool.reports.registry import REPORTS

    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    lines = [
        "# dbtool reports",
        "",
        f"Generated {publication.generated_at} by dbtool · check run {publication.check_run}, "
        f"database revision {publication.revision}",
        "",
        f"Cross-checks: {summary}.",
        "",
    ]
    if publication.failures:
        lines += ["## Failing findings", ""]
        lines += [
            f"- **{f.status}** `{f.rule}`: [{f.words}](checks.md#{anchor(f.key)})"
            for f in publication.failures
        ]
        lines.append("")
    lines += ["| Report | What it shows | Formats |", "| --- | --- | --- |"]
    for name, description in REPORTS.items():
        links = " · ".join(f"[{ext}]({name}.{ext})" for ext in formats)
        lines.append(f"| [{name}]({name}.md) | {description} | {links} |")
    return "\n".join(lines) + "\n"


FAILURES_SQL = """
SELECT key, rule, status FROM check_results r
WHERE r.ended_by IS NULL AND status IN ('fail', 'warn')
ORDER BY CASE status WHEN 'fail' THEN 0 ELSE 1 END, position, key
"""


def _describe_run(database: Database, publication: Publication) -> None:
    """What ``index.md`` and the summary line say of the run besides its counts: how many
    documents it checked, and each failing or warning finding in words."""
    from dbtool.db.reader import open_reader
    from dbtool.reports.findings import describe, key_names

    with open_reader(database) as reader:
        publication.documents = reader.rows("SELECT count(*) AS n FROM documents")[0]["n"]
        found = reader.rows(FAILURES_SQL, {"run": publication.check_run})
        names = key_names(reader) if found else {}
    publication.failures = [
        Failure(r["key"], r["rule"], r["status"], describe(r["key"], names)) for r in found
    ]


@dataclass(frozen=True)
class RunSummary:
    """What the reports' set says of the check run it was written after."""

    id: int
    finished_at: dt.datetime
    revision: str
    failed: bool
    counts: dict[str, int]
    rules: int = 0


def publish(
    database: Database,
    check: Callable[[], RunSummary],
    folder: Path,
    formats: list[str],
    lock_timeout: float = 60.0,
    log: Log = silent,
) -> Publication:
    """Run the checks (``check``), then switch ``folder`` to a new set of every report,
    ``index.md`` and ``manifest.json``, in one step.

    The checks run inside the folder's lock, so overlapping runs write their sets in
    the order their checks ran; the caller says how (:func:`dbtool.api.publish`)."""
    # Before the folder is made: a database that is missing, unreachable or not dbtool's
    # leaves nothing behind.
    with open_reader(database):
        pass
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return _publish(database, check, folder, formats, lock_timeout, log)
    except OSError as exc:
        raise OutputError(exc.filename or folder, exc) from None
    finally:
        if created and not (folder / "index.md").exists():
            _remove_unused_folder(folder)


def _remove_unused_folder(folder: Path) -> None:
    """Remove the folder a failed first run made, when it holds nothing but its lock: a
    failed command leaves no empty output folder behind."""
    with contextlib.suppress(OSError):
        if {p.name for p in folder.iterdir()} <= {LOCK_NAME}:
            (folder / LOCK_NAME).unlink(missing_ok=True)
            folder.rmdir()


def _publish(
    database: Database,
    check: Callable[[], RunSummary],
    folder: Path,
    formats: list[str],
    lock_timeout: float,
    log: Log,
) -> Publication:
    """Run the checks and replace ``folder``'s report set with a new one, under its lock.

    Leftovers of killed runs go first. The new set is written into a sibling
    staging folder, with everything in ``folder`` that is not dbtool's carried
    over, and then the two folders swap names in one atomic step, so readers
    see the old set or the new one, never a mix; where the system cannot swap,
    the files are replaced one by one.
    """
    # The real folder: the swap renames it, so not a symlink to it, nor "." (which has no name).
    plain = not folder.is_symlink() and folder.name not in ("", ".", "..")
    target = folder if plain else folder.resolve()
    with folder_lock(target, lock_timeout):
        generated = generated_names(target)
        for leftover in _leftovers(target, generated):
            _remove(leftover)
            log(f"removed {leftover}, left by an interrupted run")
        run = check()
        stamp = run.finished_at.replace(microsecond=0).isoformat()
        publication = Publication(folder, stamp, run.id, run.revision, run.failed)
        publication.counts, publication.rules = run.counts, run.rules
        _describe_run(database, publication)
        counts = run.counts
        # The reports read the stored run back: whatever the checks left goes before they
        # are written, so the memory of the checks is not held under that of the reports.
        gc.collect()
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{SET_MARK}", dir=target.parent))
        try:
            _write_set(database, staging, publication, formats, counts, folder, log)
            _carry_over(target, staging, generated)
            os.chmod(staging, stat.S_IMODE(target.stat().st_mode))
            _sync_folder(staging)
            try:
                exchange(target, staging)  # from here on, staging holds the previous set
            except OSError as exc:
                log(f"{folder}: cannot swap folders ({exc.strerror}); replacing file by file")
                _replace_files(staging, target, list(publication.files), generated)
            _sync_folder(target.parent)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return publication


# From this many check results on, a second process writes these reports while this one
# writes the rest (summary, percentages, checks): the two shares take about as long.
WORKER_FROM = 20_000
HANDED_OFF = ("documents", "entities", "events", "agreement", "figures", "sources", "timeline")


def write_reports(
    database: Database,
    staging: Path,
    names: list[str],
    formats: list[str],
    stamp: str,
    fresh: bool = False,
    parent: int | None = None,
    wrote: Callable[[str], None] = lambda _: None,
) -> dict[str, str]:
    """Each named report in each format into ``staging``: file name -> sha256.

    ``wrote`` is told each file's name once it is written. ``fresh``: remove what
    a failed worker may have left of a file first.
    ``parent``: a worker's parent process; if it is gone (killed), stop, so that
    the next run can remove the unfinished set the kill left.
    """
    from dbtool.reports.registry import build_with
    from dbtool.reports.render import chunks

    files = {}
    with open_reader(database) as reader:
        for name in names:
            for ext in formats:
                if parent is not None and os.getppid() != parent:
                    raise SystemExit(1)
                # Built once per format: its rows are read from the database as they are
                # written, once, so no report is held whole.
                # Markdown is for people: the checks' failures and counts. CSV and
                # JSON are for programs: every finding.
                options = {"every": ext != "md"} if name == "checks" else {}
                report = build_with(reader, name, **options)
                file = f"{name}.{ext}"
                if fresh:
                    (staging / file).unlink(missing_ok=True)
                text = chunks(report, EXTENSIONS[ext], generated_at=stamp)
                files[file] = write_chunks(staging / file, text)
                del report, text
                wrote(file)
    return files


class _ReportWorker:
    """``python -m dbtool.reports.publish`` writing its share of the reports; ``finish``
    gives their digests, or None if it failed (its share is then written here)."""

    def __init__(
        self,
        database: Database,
        staging: Path,
        names: list[str],
        formats: list[str],
        stamp: str,
    ) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        try:
            self.process = start_worker("dbtool.reports.publish")
            assert self.process.stdin is not None
            # The URL travels on stdin, not the command line, where others could read it.
            work = {"url": database.url, "staging": str(staging), "names": names}
            work |= {"formats": formats, "stamp": stamp, "parent": os.getpid()}
            self.process.stdin.write(json.dumps(work).encode("utf-8"))
            self.process.stdin.close()
        except OSError:
            self.process = None

    def finish(self) -> dict[str, str] | None:
        if self.process is None:
            return None
        assert self.process.stdout is not None
        with self.process.stdout:
            out = self.process.stdout.read()
        if self.process.wait() != 0:
            return None
        try:
            files: dict[str, str] = json.loads(out)
        except ValueError:
            return None
        return files


def _serve() -> None:
    import sys

    work = json.loads(sys.stdin.read())
    die_with_parent(work["parent"])
    staging, names, formats = Path(work["staging"]), work["names"], work["formats"]
    files = write_reports(
        Database(work["url"]), staging, names, formats, work["stamp"], parent=work["parent"]
    )
    sys.stdout.write(json.dumps(files))


def _write_set(
    database: Database,
    staging: Path,
    publication: Publication,
    formats: list[str],
    counts: dict[str, int],
    folder: Path,
    log: Log,
) -> None:
    """Every report in every format, the index, and last the manifest, into ``staging``."""
    from dbtool.reports.registry import REPORTS

    stamp = publication.generated_at
    handed, mine = [], list(REPORTS)
    helper = None
    if worker_count(WORKER_FROM, sum(counts.values()), most=1):
        handed = [name for name in mine if name in HANDED_OFF]
        mine = [name for name in mine if name not in HANDED_OFF]
        helper = _ReportWorker(database, staging, handed, formats, stamp)

    def wrote(file: str) -> None:
        log(f"wrote {folder / file}", verbose=True)

    files = write_reports(database, staging, mine, formats, stamp, wrote=wrote)
    if helper is not None:
        done = helper.finish()
        if done is None:  # the worker failed: write its share here (and fail as it did)
            done = write_reports(database, staging, handed, formats, stamp, fresh=True, wrote=wrote)
        else:
            for file in done:
                wrote(file)
        files.update(done)
    for name in REPORTS:  # the manifest lists them in the order of the index
        for ext in formats:
            publication.files[f"{name}.{ext}"] = files[f"{name}.{ext}"]
    index = _index(publication, formats, counts)
    publication.files["index.md"] = write_file(staging / "index.md", index)
    manifest = {
        "generated_at": stamp,
        "check_run": publication.check_run,
        "database_revision": publication.revision,
        "checks_failed": publication.failed,
        "files": dict(sorted(publication.files.items())),
    }
    write_file(staging / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    log(f"wrote {folder / 'index.md'} and {folder / 'manifest.json'}", verbose=True)


if __name__ == "__main__":
    _serve()
