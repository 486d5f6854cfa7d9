"""How dbtool scales: generate N figures, seed them, check them, write every report.

Each step is timed as users meet it: the command, in its own process, as a
shell would start it (``dbtool seed FILES…`` from the corpus folder, in as
few processes as the system's argument limit allows, as ``xargs`` would;
``dbtool check`` writing its default table to a file; ``dbtool report
all``), with the peak memory of its whole process tree (``report all``
writes with a second process): the largest sum of the resident sets sampled
every 20 ms, or the largest single one the kernel saw, whichever is more.
Beside each, the library function the command calls (``api.seed``,
``api.check``, ``api.publish``) in a child process of its own, on a second
database (``--no-library`` leaves it out).

Each command is compared with a floor measured in the same run: a raw driver
``executemany`` (the standard library's ``sqlite3``, or ``psycopg`` on
PostgreSQL) of the rows the step wrote, into an empty database with the same
schema, indexes and foreign keys, in one transaction. ``seed`` writes the
corpus' rows; ``check`` and ``report_all`` (which runs the checks first) one
check run's rows. ``check ÷ seed`` is the ratio of the two commands' times,
run by run. With several sizes, each step gets its growth exponent between
consecutive sizes, ``log(t2 / t1) / log(n2 / n1)`` (1 is linear), as do the
check results' rows and ``report all``'s bytes.

On SQLite each size also loads one release more (the next of its corpus,
:func:`corpus.following`) as the scheduled job does, ``dbtool seed NEW``
then ``dbtool check``, each time on a copy of the checked database, timed
against ``dbtool --help`` run by run, and compares the run stored with what
``dbtool check --full`` stores.

Two corpus shapes (``--shape``, :mod:`corpus`): ``families`` (twelve-figure
releases of many companies) and ``histories`` (long monthly series,
yearbooks, tiny notes). With ``--runs K`` every step and its floor run K
times on a new database (one corpus): times are medians, ratios the median
of each run's ratio (pair by pair, so a machine that speeds up or slows down
between runs does not move them), peak memory the largest. This script
measures; it asserts nothing (``.ci/run`` runs it at 1,000 figures as a smoke
test).

Usage::

    python benchmarks/scale.py --figures 10000 100000 [--shape families histories] [--runs K]
    python benchmarks/scale.py --figures 100000 --database-url postgresql+psycopg://…/postgres
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STEPS = ("seed", "check", "report_all")
# Filled by the migrations, not by a load: not part of the rows a seed writes.
REFERENCE_TABLES = {"alembic_version", "check_rules", "qualifiers", "precision_rules"}
CHECK_TABLES = ("check_runs", "check_results", "check_result_figures", "derived_quantities")
# What a command line may hold of seed file names before the seed is split in several
# processes, as xargs would (the kernel's limit is usually 2 MiB, with the environment).
ARGUMENT_BYTES = 1_000_000
SAMPLE_S = 0.02


@dataclass
class Step:
    wall_s: float  # the command's
    peak_mib: float  # the command's process tree
    rows: int
    baseline_s: float = 0.0
    output_bytes: int = 0  # what the command wrote: check's table, report all's folder
    library_s: float | None = None
    library_peak_mib: float | None = None
    growth_exponent: float | None = None
    ratios: list[float] = field(default_factory=list)  # one per run, with --runs

    @property
    def ratio(self) -> float:
        if self.ratios:
            return statistics.median(self.ratios)
        return self.wall_s / self.baseline_s if self.baseline_s else math.inf

    @classmethod
    def median_of(cls, runs: list[Step]) -> Step:
        """The runs of one step as one: medians, the largest peaks, each run's ratio."""
        library = [s.library_s for s in runs if s.library_s is not None]
        peaks = [s.library_peak_mib for s in runs if s.library_peak_mib is not None]
        return cls(
            wall_s=statistics.median(s.wall_s for s in runs),
            peak_mib=max(s.peak_mib for s in runs),
            rows=runs[0].rows,
            baseline_s=statistics.median(s.baseline_s for s in runs),
            output_bytes=runs[0].output_bytes,
            library_s=statistics.median(library) if library else None,
            library_peak_mib=max(peaks) if peaks else None,
            ratios=[s.ratio for s in runs] if len(runs) > 1 else [],
        )

    def as_dict(self) -> dict[str, Any]:
        out = {
            "wall_s": round(self.wall_s, 3),
            "peak_mib": round(self.peak_mib, 1),
            "rows": self.rows,
            "rows_per_s": round(self.rows / self.wall_s) if self.wall_s else None,
            "baseline_s": round(self.baseline_s, 3),
            "ratio": round(self.ratio, 2),
            "output_bytes": self.output_bytes,
        }
        if self.library_s is not None:
            out["library_s"] = round(self.library_s, 3)
            out["library_peak_mib"] = round(self.library_peak_mib or 0, 1)
        if self.growth_exponent is not None:
            out["growth_exponent"] = round(self.growth_exponent, 3)
        if self.ratios:
            out["ratios"] = [round(r, 2) for r in self.ratios]
        return out


@dataclass
class Run:
    figures: int
    shape: str
    mode: str
    backend: str
    documents: int = 0
    generate_s: float = 0.0
    runs: int = 1
    steps: dict[str, Step] = field(default_factory=dict)
    results: int = 0  # check results of the command's run
    seed_processes: int = 1
    check_per_seed: list[float] = field(default_factory=list)  # run by run
    growth: dict[str, float] = field(default_factory=dict)  # results, report bytes
    increment: dict[str, Any] = field(default_factory=dict)  # one release more: see _increment

    @property
    def check_to_seed(self) -> float:
        return statistics.median(self.check_per_seed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "figures": self.figures,
            "shape": self.shape,
            "mode": self.mode,
            "backend": self.backend,
            "documents": self.documents,
            "generate_s": round(self.generate_s, 3),
            "runs": self.runs,
            "seed_processes": self.seed_processes,
            "check_results": self.results,
            "check_per_seed": round(self.check_to_seed, 3),
            "report_bytes_per_figure": round(self.steps["report_all"].output_bytes / self.figures),
            "growth": {k: round(v, 3) for k, v in self.growth.items()},
            "increment": self.increment,
            "steps": {name: step.as_dict() for name, step in self.steps.items()},
        }


# -- commands, with the peak memory of their process tree --------------------------------


def dbtool(*args: str) -> list[str]:
    """A dbtool command line, as this Python runs it."""
    return [sys.executable, "-m", "dbtool", *args]


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def _tree_rss(pid: int) -> int:
    """The resident bytes of ``pid`` and every process under it (Linux /proc)."""
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        stack += _children(current)
    return total


def run_command(
    argv: Sequence[str], cwd: Path | None = None, out: Path | None = None
) -> tuple[float, float]:
    """Run a command; its wall seconds and the peak MiB of its process tree.

    The peak is the largest sum sampled, or the largest single process the kernel
    saw (``ru_maxrss``), whichever is more. Exit codes 0 and 1 (a check failed) are
    the command's own; anything else stops the benchmark."""
    with tempfile.TemporaryFile() as errors:
        stdout = open(out, "wb") if out is not None else subprocess.DEVNULL  # noqa: SIM115
        try:
            start = time.perf_counter()
            process = subprocess.Popen(argv, cwd=cwd, stdout=stdout, stderr=errors)
            peak = 0
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                peak = max(peak, _tree_rss(process.pid))
                time.sleep(SAMPLE_S)
            wall = time.perf_counter() - start
        finally:
            if out is not None:
                stdout.close()  # type: ignore[union-attr]
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            sys.stderr.write(
                f"error: {' '.join(argv[2:5])} … failed ({process.returncode}):\n{message}"
            )
            raise SystemExit(1)
    return wall, max(peak, usage.ru_maxrss * 1024) / 2**20


def seed_commands(database: list[str], names: list[str]) -> list[list[str]]:
    """``dbtool seed`` command lines for ``names``, split as xargs would split them."""
    commands, batch, size = [], [], 0
    for name in names:
        if batch and size + len(name) + 1 > ARGUMENT_BYTES:
            commands.append(dbtool("seed", *database, *batch))
            batch, size = [], 0
        batch.append(name)
        size += len(name) + 1
    commands.append(dbtool("seed", *database, *batch))
    return commands


def database_options(url: str) -> list[str]:
    return (
        ["--db", url.split(":///", 1)[1]] if url.startswith("sqlite") else ["--database-url", url]
    )


# -- the library, in child processes ----------------------------------------------------


def run_child(args: list[str]) -> tuple[float, float, dict[str, Any]]:
    """Run this script as ``--child …``: its wall time, peak RSS in MiB, and its JSON answer."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    wall = time.perf_counter() - start
    # communicate() has reaped the child; its rusage is in RUSAGE_CHILDREN only in
    # aggregate, so each child reports its own peak (ru_maxrss, KiB on Linux) itself.
    if process.returncode != 0:
        sys.stderr.write(f"error: step {' '.join(args[:1])} failed ({process.returncode}):\n{err}")
        raise SystemExit(1)
    answer = json.loads(out.strip().splitlines()[-1])
    return wall, answer.pop("peak_kib") / 1024, answer


def child(argv: list[str]) -> int:
    """One measured step, in its own process; prints one JSON line."""
    import resource

    step, url = argv[0], argv[1]
    answer: dict[str, Any]
    if step == "seed":
        from dbtool import api
        from dbtool.seedformat.limits import SeedLimits

        paths = _manifest(Path(argv[2]))
        # One huge document is larger than a seed may be by default (--max-seed-bytes):
        # the parent, which knows the corpus, says how large (not timed here).
        reports = api.seed(url, paths, limits=SeedLimits(max_seed_bytes=int(argv[3])))
        answer = {"rows": sum(c.inserted for r in reports for c in r.changes.values())}
    elif step == "check":
        from dbtool import api

        run = api.check(url)
        answer = {"run_id": run.id}
    elif step == "report_all":
        from dbtool import api

        publication = api.publish(url, Path(argv[2]), argv[3])
        answer = {"run_id": publication.check_run, "files": len(publication.files)}
    elif step == "baseline":
        answer = {"baseline_s": baseline(url, argv[2], argv[3].split(","), argv[4:])}
    elif step == "generate":
        from corpus import generate

        folder, figures, mode, seed, shape = argv[1:6]
        answer = {"documents": len(generate(Path(folder), int(figures), mode, int(seed), shape))}
    elif step == "next":
        from corpus import following

        folder, figures, seed, shape = argv[1:5]
        path, count = following(Path(folder), int(figures), shape, int(seed))
        answer = {"path": str(path), "figures": count}
    elif step == "same_as_full":
        from dbtool import api

        reused = [r.as_dict() for r in api.check(url).results]
        answer = {"same": reused == [r.as_dict() for r in api.check(url, full=True).results]}
    else:
        raise SystemExit(f"unknown step {step!r}")
    answer["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(answer))
    return 0


def _manifest(path: Path) -> list[Path]:
    """The corpus' seed files in load order. Read with rtoml, as dbtool reads seeds: the
    standard library's tomllib took 60 ms of the measured seed step at 8,324 files."""
    import rtoml

    names = rtoml.loads(path.read_text("utf-8"))["documents"]
    return [path.parent / name for name in names]


# -- the baseline: a raw executemany of the same rows -----------------------------------


def _tables_in_order() -> list[str]:
    from dbtool.db.models import Base

    return [t.name for t in Base.metadata.sorted_tables]


def _read_rows(source: str, tables: list[str], where: dict[str, str]) -> dict[str, Any]:
    """Every row of ``tables`` in ``source``, in id order, with their column names."""
    data: dict[str, Any] = {}
    with _raw_connect(source) as connection:
        cursor = connection.cursor()
        for table in tables:
            condition = f" WHERE {where[table]}" if table in where else ""
            cursor.execute(f"SELECT * FROM {table}{condition} ORDER BY 1")
            columns = [d[0] for d in cursor.description]
            data[table] = (columns, cursor.fetchall())
    return data


def baseline(source: str, target: str, tables: list[str], options: list[str]) -> float:
    """Seconds to insert ``tables``' rows of ``source`` into empty ``target``, raw."""
    where = {}
    if options and options[0].startswith("run="):
        run = options[0].split("=", 1)[1]
        where = {
            "check_runs": f"id = {run}",
            "check_results": f"run_id = {run}",
            "check_result_figures": "result_id IN (SELECT id FROM check_results WHERE "
            f"run_id = {run})",
            "derived_quantities": f"run_id = {run}",
        }
    order = [t for t in _tables_in_order() if t in tables]
    data = _read_rows(source, order, where)
    postgres = not source.startswith("sqlite")
    mark = "%s" if postgres else "?"
    with _raw_connect(target) as connection:
        cursor = connection.cursor()
        start = time.perf_counter()
        for table in order:
            columns, rows = data[table]
            if rows:
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join([mark] * len(columns))})"
                )
                cursor.executemany(sql, rows)
        connection.commit()
        return time.perf_counter() - start


class _raw_connect:
    """A DB-API connection for a dbtool URL: sqlite3 with dbtool's pragmas, or psycopg."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> Any:
        if self.url.startswith("sqlite"):
            import sqlite3

            self.connection = sqlite3.connect(self.url.split(":///", 1)[1])
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.connection.execute("PRAGMA journal_mode=WAL")
        else:
            import psycopg

            self.connection = psycopg.connect(_libpq(self.url))
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


# -- databases --------------------------------------------------------------------------


class Databases:
    """Scratch databases for one run: SQLite files in a folder, or PostgreSQL databases."""

    def __init__(self, folder: Path, server: str | None) -> None:
        self.folder, self.server = folder, server
        self.created: list[str] = []

    @property
    def backend(self) -> str:
        return "postgresql" if self.server else "sqlite"

    def empty(self, name: str) -> str:
        """A new database migrated to head."""
        from dbtool import api

        if self.server is None:
            url = f"sqlite:///{self.folder / f'{name}.sqlite'}"
        else:
            url = self._create_pg(name)
        api.upgrade(url)
        return url

    def _create_pg(self, name: str) -> str:
        import uuid

        import psycopg

        database = f"dbtool_scale_{name}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(_libpq(self.server or ""), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        self.created.append(database)
        base, _, _ = (self.server or "").rpartition("/")
        return f"{base}/{database}"

    def drop_all(self) -> None:
        if not self.server:
            return
        import psycopg

        with psycopg.connect(_libpq(self.server), autocommit=True) as connection:
            for database in self.created:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _data_tables(url: str) -> list[str]:
    from dbtool.db.models import Base

    return [
        t.name
        for t in Base.metadata.sorted_tables
        if t.name not in REFERENCE_TABLES and t.name not in CHECK_TABLES
    ]


def _count(url: str, tables: list[str]) -> int:
    with _raw_connect(url) as connection:
        cursor = connection.cursor()
        total = 0
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            total += cursor.fetchone()[0]
        return total


def _run_rows(url: str, run_id: int) -> int:
    with _raw_connect(url) as connection:
        cursor = connection.cursor()
        cursor.execute(
            f"SELECT (SELECT count(*) FROM check_results WHERE run_id = {run_id})"
            " + (SELECT count(*) FROM check_result_figures WHERE result_id IN "
            f"(SELECT id FROM check_results WHERE run_id = {run_id}))"
            f" + (SELECT count(*) FROM derived_quantities WHERE run_id = {run_id}) + 1"
        )
        return int(cursor.fetchone()[0])


# -- one size ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What every size is measured with."""

    shape: str = "families"
    mode: str = "docs"
    server: str | None = None
    formats: str = "md"
    keep: Path | None = None
    seed: int = 11
    runs: int = 1
    library: bool = True
    increment: bool = True


def measure(figures: int, options: Options) -> Run:
    folder = Path(tempfile.mkdtemp(prefix=f"dbtool-scale-{figures}-"))
    databases = Databases(folder, options.server)
    run = Run(figures, options.shape, options.mode, databases.backend, runs=options.runs)
    try:
        start = time.perf_counter()
        # In a child, as everything that builds much here: this process's memory would be
        # charged to every command it starts (a forked child's peak counts its parent's).
        _, _, made = run_child(
            [
                "generate",
                str(folder / "corpus"),
                str(figures),
                options.mode,
                str(options.seed),
                options.shape,
            ]
        )
        run.generate_s = time.perf_counter() - start
        run.documents = made["documents"]
        samples = [_steps(folder, databases, options, k, run) for k in range(options.runs)]
        run.steps = {name: Step.median_of([s[name] for s in samples]) for name in STEPS}
        run.check_per_seed = [s["check"].wall_s / s["seed"].wall_s for s in samples]
        if databases.server is None and options.increment:
            run.increment = _increment(folder, figures, options)
        if options.keep is not None:
            _keep(folder, databases, options.keep, options.runs)
    finally:
        databases.drop_all()
        shutil.rmtree(folder, ignore_errors=True)
    return run


def _keep(folder: Path, databases: Databases, keep: Path, runs: int) -> None:
    keep.mkdir(parents=True, exist_ok=True)
    last = "" if runs == 1 else str(runs - 1)
    for item, name in (("corpus", "corpus"), (f"out{last}", "out")):
        shutil.copytree(folder / item, keep / name, dirs_exist_ok=True)
    if databases.server is None:
        shutil.copy(folder / f"main{last}.sqlite", keep / "main.sqlite")


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _steps(
    folder: Path, databases: Databases, options: Options, k: int, run: Run
) -> dict[str, Step]:
    """One run of every step, the commands on one new database and the library's on
    another, each command with its floor."""
    suffix = str(k) if k else ""
    corpus = folder / "corpus"
    manifest = corpus / "corpus.toml"
    names = [path.name for path in _manifest(manifest)]
    url = databases.empty(f"main{suffix}")
    options_of_db = database_options(url)
    largest = max((corpus / name).stat().st_size for name in names)
    limit = ["--max-seed-bytes", str(max(largest, 5_000_000))]
    commands = seed_commands([*options_of_db, *limit], names)
    run.seed_processes = len(commands)
    timed = [run_command(command, cwd=corpus) for command in commands]
    wall, peak = sum(t for t, _ in timed), max(p for _, p in timed)
    tables = _data_tables(url)
    floor = databases.empty(f"seed_floor{suffix}")
    _, _, base = run_child(["baseline", url, floor, ",".join(tables)])
    steps = {"seed": Step(wall, peak, _count(url, tables), base["baseline_s"])}
    out = folder / f"out{suffix}"
    table = folder / f"check{suffix}.txt"
    for name, argv, target in (
        ("check", dbtool("check", *options_of_db), table),
        (
            "report_all",
            dbtool(
                "report",
                "all",
                *options_of_db,
                "--output-dir",
                str(out),
                "--formats",
                options.formats,
            ),
            None,
        ),
    ):
        wall, peak = run_command(argv, out=target)
        run_id = _latest_run(url)
        if name == "check":
            floor = databases.empty(f"{name}_floor{suffix}")
            _, _, base = run_child(
                ["baseline", url, floor, ",".join(CHECK_TABLES), f"run={run_id}"]
            )
            step = steps[name] = Step(wall, peak, _run_rows(url, run_id), base["baseline_s"])
        else:
            # report all's checks build on check's run and store next to nothing: its floor
            # is that of the run it holds, check's.
            step = steps[name] = Step(wall, peak, steps["check"].rows, steps["check"].baseline_s)
        step.output_bytes = table.stat().st_size if target is not None else _folder_bytes(out)
        if name == "check":
            run.results = _results(url, run_id)
    if options.library:
        _library(folder, databases, options, suffix, steps)
    return steps


def _increment(folder: Path, figures: int, options: Options) -> dict[str, Any]:
    """One release more (:func:`corpus.following`), as the scheduled job loads and checks it:
    ``dbtool seed NEW`` then ``dbtool check``, each time on a copy of the checked database,
    against ``dbtool --help`` run by run; then whether the run stored is the one
    ``dbtool check --full`` stores."""
    _, _, made = run_child(
        ["next", str(folder / "next"), str(figures), str(options.seed), options.shape]
    )
    new, count = Path(made["path"]), made["figures"]
    checked = folder / "main.sqlite"
    work = folder / "increment.sqlite"
    times, ratios, peaks = [], [], []
    for _ in range(max(options.runs, 3)):
        shutil.copy(checked, work)
        for extra in ("-wal", "-shm"):
            Path(f"{work}{extra}").unlink(missing_ok=True)
        help_s, _ = run_command(dbtool("--help"))
        seed_s, seed_peak = run_command(dbtool("seed", "--db", str(work), str(new)))
        check_s, check_peak = run_command(
            dbtool("check", "--db", str(work)), out=folder / "inc.txt"
        )
        times.append(seed_s + check_s)
        ratios.append((seed_s + check_s) / help_s)
        peaks.append(max(seed_peak, check_peak))
    _, _, same = run_child(["same_as_full", f"sqlite:///{work}"])
    return {
        "figures": count,
        "seed_and_check_s": round(statistics.median(times), 3),
        "per_help": round(statistics.median(ratios), 2),
        "peak_mib": round(max(peaks), 1),
        "same_as_full": same["same"],
    }


def _library(
    folder: Path, databases: Databases, options: Options, suffix: str, steps: dict[str, Step]
) -> None:
    """The library functions the commands call, each in a child process, on a new database."""
    url = databases.empty(f"library{suffix}")
    manifest = folder / "corpus" / "corpus.toml"
    largest = max(path.stat().st_size for path in _manifest(manifest))
    wall, peak, _ = run_child(["seed", url, str(manifest), str(max(largest, 5_000_000))])
    steps["seed"].library_s, steps["seed"].library_peak_mib = wall, peak
    for name, extra in (
        ("check", []),
        ("report_all", [str(folder / f"library-out{suffix}"), options.formats]),
    ):
        wall, peak, _ = run_child([name, url, *extra])
        steps[name].library_s, steps[name].library_peak_mib = wall, peak


def _latest_run(url: str) -> int:
    with _raw_connect(url) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT max(id) FROM check_runs")
        return int(cursor.fetchone()[0])


def _results(url: str, run_id: int) -> int:
    with _raw_connect(url) as connection:
        cursor = connection.cursor()
        cursor.execute(f"SELECT count(*) FROM check_results WHERE run_id = {run_id}")
        return int(cursor.fetchone()[0])


def _exponent(new: float, old: float, figures: int, before: int) -> float | None:
    if old <= 0 or new <= 0 or figures == before:
        return None
    return math.log(new / old) / math.log(figures / before)


def add_growth(runs: list[Run]) -> None:
    for before, after in itertools.pairwise(runs):
        for name, step in after.steps.items():
            step.growth_exponent = _exponent(
                step.wall_s, before.steps[name].wall_s, after.figures, before.figures
            )
        for name, new, old in (
            ("check_results", after.results, before.results),
            (
                "report_bytes",
                after.steps["report_all"].output_bytes,
                before.steps["report_all"].output_bytes,
            ),
        ):
            exponent = _exponent(new, old, after.figures, before.figures)
            if exponent is not None:
                after.growth[name] = exponent


def print_table(run: Run) -> None:
    print(
        f"\n{run.figures:,} figures ({run.shape}, {run.mode}, {run.backend}): "
        f"{run.documents:,} documents, corpus generated in {run.generate_s:.1f} s"
        + (f"; medians of {run.runs} runs, ratios pair by pair" if run.runs > 1 else "")
    )
    header = (
        f"{'command':<11} {'wall s':>8} {'peak MiB':>9} {'rows':>10} {'floor s':>8} "
        f"{'× floor':>8} {'output MB':>10} {'growth':>7} {'library s':>10} {'lib MiB':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, s in run.steps.items():
        growth = "" if s.growth_exponent is None else f"{s.growth_exponent:.2f}"
        library = "" if s.library_s is None else f"{s.library_s:.2f}"
        library_peak = "" if s.library_peak_mib is None else f"{s.library_peak_mib:.0f}"
        print(
            f"{name:<11} {s.wall_s:>8.2f} {s.peak_mib:>9.1f} {s.rows:>10,} "
            f"{s.baseline_s:>8.3f} {s.ratio:>8.2f} {s.output_bytes / 1e6:>10.2f} {growth:>7} "
            f"{library:>10} {library_peak:>8}"
        )
    growth = "".join(
        f", growth {run.growth[name]:.2f}" for name in ("check_results",) if name in run.growth
    )
    per_figure = run.steps["report_all"].output_bytes / run.figures
    report_growth = (
        f" (growth {run.growth['report_bytes']:.2f})" if "report_bytes" in run.growth else ""
    )
    if run.increment:
        more = run.increment
        print(
            f"one release more ({more['figures']} figures): seed and check "
            f"{more['seed_and_check_s']:.2f} s, {more['per_help']:.1f} × dbtool --help run by "
            f"run, peak {more['peak_mib']:.0f} MiB; same as --full: {more['same_as_full']}"
        )
    seeds = f" in {run.seed_processes} processes" if run.seed_processes > 1 else ""
    print(
        f"check ÷ seed{seeds}: {run.check_to_seed:.2f}; check results: {run.results:,}{growth}; "
        f"report all: {per_figure:.0f} bytes per figure{report_growth}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--figures", type=int, nargs="+", default=[1000], metavar="N")
    parser.add_argument(
        "--shape",
        nargs="+",
        choices=("families", "histories"),
        default=["families"],
        help="corpus shapes to measure, each at every size (default families)",
    )
    parser.add_argument("--mode", choices=("docs", "huge"), default="docs")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL to run on (scratch databases are created and dropped); "
        "default: SQLite files in a temporary folder",
    )
    parser.add_argument(
        "--formats", default="md", help="report all --formats (default md, as the command)"
    )
    parser.add_argument("--seed", type=int, default=11, help="the corpus' random seed")
    parser.add_argument("--keep", type=Path, help="copy the corpus, database and reports here")
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        metavar="K",
        help="run every step and its floor K times; report medians (default 1)",
    )
    parser.add_argument(
        "--no-library", action="store_true", help="time the commands only, not the library"
    )
    parser.add_argument(
        "--no-increment", action="store_true", help="leave out loading one release more"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.figures):
        parser.error("--figures must be positive")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    args = parse_args(argv)
    objects = []
    for shape in args.shape:
        options = Options(
            shape,
            args.mode,
            args.database_url,
            args.formats,
            args.keep,
            args.seed,
            args.runs,
            not args.no_library,
            not args.no_increment,
        )
        runs: list[Run] = []
        for n in args.figures:
            runs.append(measure(n, options))
            add_growth(runs)
            if not args.json:
                print_table(runs[-1])
        objects += [r.as_dict() for r in runs]
    if args.json:
        print(json.dumps(objects[0] if len(objects) == 1 else objects, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
