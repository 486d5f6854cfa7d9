"""How dbtool scales: generate N figures, load them, check them, write every report (issue 11).

Each step runs in a child process, as a command would, calling the library
function the command calls (``api.seed``, ``api.check``, ``publish``), so its
wall time includes start-up and imports and its peak memory is its own
(``ru_maxrss`` of that child). Each step is compared with a floor measured
in the same run on the same machine: a raw driver ``executemany`` (the
standard library's ``sqlite3``, or ``psycopg`` on PostgreSQL) of the rows
the step wrote, into an empty database with the same schema, indexes and
foreign keys, in one transaction. ``seed`` writes the corpus' rows; ``check``
and ``report_all`` (which runs the checks first) write one check run's rows.
With several sizes, each step also gets its growth exponent between
consecutive sizes: ``log(t2 / t1) / log(n2 / n1)`` (1 is linear).

With ``--runs K`` every step and its floor run K times on a new database
(one corpus): a step's wall time and floor are their medians, its ratio
the median of each run's step over that run's floor (pair by pair, so a
machine that speeds up or slows down between runs does not move it), its
peak memory the largest; ``--json`` adds each run's ratio.

Targets (issue 11, at 100,000 figures in documents): seed ≤ 3× its
baseline, check ≤ 30 s, report all ≤ check + 10 s, peak memory < 1 GiB; one
huge document loads in ≤ 2× the time of the same figures in documents; the
growth exponent from 100k to 1M is ≤ 1.15. This script measures; it asserts
nothing (``.ci/run`` runs it at 1,000 figures as a smoke test).

Usage::

    python benchmarks/scale.py --figures 1000 [10000 …] [--mode docs|huge] [--runs K] [--json]
    python benchmarks/scale.py --figures 100000 --database-url postgresql+psycopg://…/postgres
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STEPS = ("seed", "check", "report_all")
# Filled by the migrations, not by a load: not part of the rows a seed writes.
REFERENCE_TABLES = {"alembic_version", "check_rules", "qualifiers", "precision_rules"}
CHECK_TABLES = ("check_runs", "check_results", "check_result_figures", "derived_quantities")


@dataclass
class Step:
    wall_s: float
    peak_mib: float
    rows: int
    baseline_s: float = 0.0
    growth_exponent: float | None = None
    ratios: list[float] = field(default_factory=list)  # one per run, with --runs

    @property
    def ratio(self) -> float:
        if self.ratios:
            return statistics.median(self.ratios)
        return self.wall_s / self.baseline_s if self.baseline_s else math.inf

    @classmethod
    def median_of(cls, runs: list[Step]) -> Step:
        """The runs of one step as one: medians, the largest peak, each run's ratio."""
        return cls(
            wall_s=statistics.median(s.wall_s for s in runs),
            peak_mib=max(s.peak_mib for s in runs),
            rows=runs[0].rows,
            baseline_s=statistics.median(s.baseline_s for s in runs),
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
        }
        if self.growth_exponent is not None:
            out["growth_exponent"] = round(self.growth_exponent, 3)
        if self.ratios:
            out["ratios"] = [round(r, 2) for r in self.ratios]
        return out


@dataclass
class Run:
    figures: int
    mode: str
    backend: str
    documents: int = 0
    generate_s: float = 0.0
    runs: int = 1
    steps: dict[str, Step] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "figures": self.figures,
            "mode": self.mode,
            "backend": self.backend,
            "documents": self.documents,
            "generate_s": round(self.generate_s, 3),
            "runs": self.runs,
            "steps": {name: step.as_dict() for name, step in self.steps.items()},
        }


# -- child processes ------------------------------------------------------------------


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


def measure(
    figures: int,
    mode: str,
    server: str | None,
    formats: str,
    keep: Path | None,
    seed: int,
    runs: int = 1,
) -> Run:
    from corpus import generate

    folder = Path(tempfile.mkdtemp(prefix=f"dbtool-scale-{figures}-"))
    databases = Databases(folder, server)
    run = Run(figures, mode, databases.backend, runs=runs)
    try:
        start = time.perf_counter()
        paths = generate(folder / "corpus", figures, mode, seed)
        run.generate_s = time.perf_counter() - start
        run.documents = len(paths)
        samples = [_steps(folder, databases, formats, k) for k in range(runs)]
        run.steps = {name: Step.median_of([s[name] for s in samples]) for name in STEPS}
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            last = "" if runs == 1 else str(runs - 1)
            for item, name in (("corpus", "corpus"), (f"out{last}", "out")):
                shutil.copytree(folder / item, keep / name, dirs_exist_ok=True)
            if databases.server is None:
                shutil.copy(folder / f"main{last}.sqlite", keep / "main.sqlite")
    finally:
        databases.drop_all()
        shutil.rmtree(folder, ignore_errors=True)
    return run


def _steps(folder: Path, databases: Databases, formats: str, k: int) -> dict[str, Step]:
    """One run of every step on a new database, each with its floor."""
    suffix = str(k) if k else ""
    url = databases.empty(f"main{suffix}")
    manifest = folder / "corpus" / "corpus.toml"
    largest = max(path.stat().st_size for path in _manifest(manifest))
    wall, peak, answer = run_child(["seed", url, str(manifest), str(max(largest, 5_000_000))])
    tables = _data_tables(url)
    rows = _count(url, tables)
    floor = databases.empty(f"seed_floor{suffix}")
    _, _, base = run_child(["baseline", url, floor, ",".join(tables)])
    steps = {"seed": Step(wall, peak, rows, base["baseline_s"])}
    for name, extra in (("check", []), ("report_all", [str(folder / f"out{suffix}"), formats])):
        wall, peak, answer = run_child([name, url, *extra])
        run_id = answer["run_id"]
        floor = databases.empty(f"{name}_floor{suffix}")
        _, _, base = run_child(["baseline", url, floor, ",".join(CHECK_TABLES), f"run={run_id}"])
        steps[name] = Step(wall, peak, _run_rows(url, run_id), base["baseline_s"])
    return steps


def add_growth(runs: list[Run]) -> None:
    for before, after in itertools.pairwise(runs):
        for name, step in after.steps.items():
            old = before.steps[name]
            if old.wall_s > 0 and after.figures != before.figures:
                step.growth_exponent = math.log(step.wall_s / old.wall_s) / math.log(
                    after.figures / before.figures
                )


def print_table(run: Run) -> None:
    print(
        f"\n{run.figures:,} figures ({run.mode}, {run.backend}): {run.documents:,} documents, "
        f"corpus generated in {run.generate_s:.1f} s"
        + (f"; medians of {run.runs} runs, × floor pair by pair" if run.runs > 1 else "")
    )
    header = (
        f"{'step':<11} {'wall s':>8} {'peak MiB':>9} {'rows':>10} {'rows/s':>10} "
        f"{'floor s':>8} {'× floor':>8} {'growth':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, s in run.steps.items():
        growth = "" if s.growth_exponent is None else f"{s.growth_exponent:.2f}"
        print(
            f"{name:<11} {s.wall_s:>8.2f} {s.peak_mib:>9.1f} {s.rows:>10,} "
            f"{s.rows / s.wall_s:>10,.0f} {s.baseline_s:>8.3f} {s.ratio:>8.2f} {growth:>7}"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--figures", type=int, nargs="+", default=[1000], metavar="N")
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
    runs = []
    for n in args.figures:
        runs.append(
            measure(n, args.mode, args.database_url, args.formats, args.keep, args.seed, args.runs)
        )
        add_growth(runs)
        if not args.json:
            print_table(runs[-1])
    if args.json:
        objects = [r.as_dict() for r in runs]
        print(json.dumps(objects[0] if len(objects) == 1 else objects, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
