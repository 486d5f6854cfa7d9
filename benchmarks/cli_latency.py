"""Wall-clock latency of the ``dbtool`` command, against baselines measured in the same run.

Why whole processes: a ``dbtool report …`` is a short-lived process, so what a user
waits for is interpreter start-up plus imports (Typer, SQLAlchemy, Alembic, …) plus a
few milliseconds of real work. Timing functions in-process would hide exactly the cost
that matters. The baselines make the numbers portable between machines:

* ``python -c pass``: the floor that no Python CLI can beat;
* ``sqlite-utils query <db> "select count(*) from figures" --table``: a comparable
  Python CLI (Click + sqlite3 + tabulate) doing a comparable read-only query.

Ratios are taken pair by pair: every round runs each command once, and a
command's ratio is the median over rounds of its time over the baseline's time in
the same round, so a machine that speeds up or slows down during the run moves
both sides of each pair alike (a ratio of two medians would not cancel it).

Targets: ``dbtool report summary`` ≤ 0.7× and ``dbtool --help`` ≤ 0.6×
``sqlite-utils query``; ``dbtool draft`` of a 4 kB press release (the corpus
texts, cut at a sentence near 4 kB, drafted against the initialised database) under
0.5 s, also on its first, cold run, and reported as a ratio to ``dbtool --help``. The
script reports whether they are met but always exits 0 when every command ran (it is a
measurement, not a test); it exits 1 if a command fails and 2 if sqlite-utils is missing.

Usage::

    python benchmarks/cli_latency.py [--runs 15] [--warmup 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SQLITE_UTILS = "sqlite-utils query"
PYTHON_PASS = "python -c pass"
HELP = "dbtool --help"
SUMMARY = "dbtool report summary"
DRAFT = "dbtool draft (4 kB text)"

# (command, baseline, maximum ratio)
TARGETS: list[tuple[str, str, float]] = [
    (SUMMARY, SQLITE_UTILS, 0.7),
    (HELP, SQLITE_UTILS, 0.6),
]
# (command, maximum milliseconds, on the median and on the first run)
TIME_TARGETS: list[tuple[str, float]] = [(DRAFT, 500.0)]
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Timing:
    """The wall-clock times of one command over all measured runs, in seconds."""

    name: str
    argv: list[str]
    samples: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.samples) * 1000

    first_ms: float = 0.0  # the very first run, warm-ups included: the coldest


def sibling_script(name: str) -> Path | None:
    """The console script ``name`` installed next to the running interpreter, if any."""
    bindir = Path(sys.executable).parent
    for candidate in (bindir / name, bindir / f"{name}.exe"):
        if candidate.is_file():
            return candidate
    return None


def dbtool_argv() -> list[str]:
    script = sibling_script("dbtool")
    return [str(script)] if script else [sys.executable, "-m", "dbtool"]


def compile_dbtool() -> None:
    """Write dbtool's .pyc files, as ``pip install`` (not ``-e``) does at install time.

    A user's installed dbtool starts from cached bytecode; an editable checkout
    under PYTHONDONTWRITEBYTECODE never has any and would be timed compiling.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("dbtool")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def run_checked(name: str, argv: list[str]) -> float:
    """Run ``argv`` once with output discarded; its wall-clock time in seconds.

    Exits the benchmark with status 1 if the command fails: a failing command is
    usually fast, and timing it would give a flattering, meaningless number.
    """
    start = time.perf_counter()
    completed = subprocess.run(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        rerun = subprocess.run(argv, capture_output=True, text=True, check=False)
        sys.stderr.write(
            f"error: {name!r} exited with {completed.returncode}: {' '.join(argv)}\n"
            f"{rerun.stdout}{rerun.stderr}"
        )
        raise SystemExit(1)
    return elapsed


def measure(commands: dict[str, list[str]], runs: int, warmup: int) -> list[Timing]:
    """Round-robin: every run executes each command once, so noise affects all alike."""
    timings = [Timing(name, argv, []) for name, argv in commands.items()]
    for index in range(warmup + runs):
        for timing in timings:
            elapsed = run_checked(timing.name, timing.argv)
            if index == 0:
                timing.first_ms = elapsed * 1000
            if index >= warmup:
                timing.samples.append(elapsed)
    return timings


def ratio(timings: dict[str, Timing], name: str, baseline: str) -> float:
    """The median of the per-round ratios: each run of ``name`` over the baseline's run
    in the same round, which cancels the machine's drift between rounds."""
    pairs = zip(timings[name].samples, timings[baseline].samples, strict=True)
    return statistics.median(a / b for a, b in pairs)


def results(
    timings: list[Timing], runs: int, warmup: int, compiled_first: bool
) -> dict[str, object]:
    by_name = {t.name: t for t in timings}
    return {
        "python": sys.version.split()[0],
        # Inherited by the commands: without .pyc files a project's own modules are
        # compiled on every run, while installed packages usually have them.
        "writes_bytecode": not sys.dont_write_bytecode,
        "compiled_first": compiled_first,
        "runs": runs,
        "warmup": warmup,
        "commands": [
            {
                "command": t.name,
                "argv": t.argv,
                "median_ms": round(t.median_ms, 2),
                "min_ms": round(t.min_ms, 2),
                "first_ms": round(t.first_ms, 2),
                "vs_sqlite_utils": round(ratio(by_name, t.name, SQLITE_UTILS), 3),
                "vs_python": round(ratio(by_name, t.name, PYTHON_PASS), 3),
                "vs_help": round(ratio(by_name, t.name, HELP), 3),
            }
            for t in timings
        ],
        "targets": [
            {
                "command": name,
                "baseline": baseline,
                "max_ratio": limit,
                "ratio": round(ratio(by_name, name, baseline), 3),
                "met": ratio(by_name, name, baseline) <= limit,
            }
            for name, baseline, limit in TARGETS
        ]
        + [
            {
                "command": name,
                "baseline": "milliseconds (median and first run)",
                "max_ratio": limit,
                "ratio": round(max(by_name[name].median_ms, by_name[name].first_ms), 1),
                "met": max(by_name[name].median_ms, by_name[name].first_ms) < limit,
            }
            for name, limit in TIME_TARGETS
        ],
    }


def print_table(report: dict[str, object]) -> None:
    commands: list[dict[str, object]] = report["commands"]  # type: ignore[assignment]
    targets: list[dict[str, object]] = report["targets"]  # type: ignore[assignment]
    print(
        f"Python {report['python']}, {report['runs']} runs after {report['warmup']} warm-up, "
        "commands interleaved"
    )
    if report["compiled_first"]:
        print("dbtool's modules compiled first, as pip install does")
    elif not report["writes_bytecode"]:
        print(
            "note: PYTHONDONTWRITEBYTECODE is set, so modules without a .pyc file "
            "(an editable checkout's) are recompiled on every run"
        )
    print()
    width = max(len(str(c["command"])) for c in commands)
    print(
        f"{'command':<{width}}  {'median ms':>9}  {'min ms':>8}  {'first ms':>8}  "
        f"{'× sqlite-utils':>14}  {'× python':>8}  {'× --help':>8}"
    )
    print(f"{'-' * width}  {'-' * 9}  {'-' * 8}  {'-' * 8}  {'-' * 14}  {'-' * 8}  {'-' * 8}")
    for c in commands:
        print(
            f"{c['command']!s:<{width}}  {c['median_ms']:>9.1f}  {c['min_ms']:>8.1f}  "
            f"{c['first_ms']:>8.1f}  {c['vs_sqlite_utils']:>14.2f}  {c['vs_python']:>8.2f}  "
            f"{c['vs_help']:>8.2f}"
        )
    print()
    print("Targets (ratios: medians of the pair-by-pair ratios; times: medians):")
    for t in targets:
        verdict = "MET" if t["met"] else "NOT MET"
        if str(t["baseline"]).startswith("milliseconds"):
            print(f"  {t['command']} < {t['max_ratio']:.0f} ms: {t['ratio']} ms → {verdict}")
            continue
        print(
            f"  {t['command']} ≤ {t['max_ratio']}× {t['baseline']}: {t['ratio']:.2f}× → {verdict}"
        )


def four_kilobyte_release() -> str:
    """The corpus texts one after another, cut at the last sentence end before 4096 bytes."""
    names = ["awdc-alrosa-2018", "antwerp-trade-2017", "alrosa-sales-2018-09"]
    text = "\n\n".join((ROOT / "seeds" / f"{n}.txt").read_text(encoding="utf-8") for n in names)
    cut = text.encode("utf-8")[:4096].decode("utf-8", errors="ignore")
    return cut[: cut.rfind(".") + 1] + "\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="measured runs (default 15)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=2,
        help="unmeasured runs first, to warm the OS caches (default 2)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="do not compile dbtool's modules first (an editable checkout under "
        "PYTHONDONTWRITEBYTECODE then recompiles them on every run)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sqlite_utils = sibling_script("sqlite-utils")
    if sqlite_utils is None:
        sys.stderr.write(
            f"error: sqlite-utils is not installed next to {sys.executable}; it is the "
            "baseline.\nInstall the benchmark extra: pip install -e '.[bench]'\n"
        )
        return 2
    dbtool = dbtool_argv()
    if not args.as_is:
        compile_dbtool()
    folder = Path(tempfile.mkdtemp(prefix="dbtool-bench-"))
    try:
        db = folder / "bench.sqlite"
        run_checked("dbtool init", [*dbtool, "init", "--db", str(db)])
        text = folder / "four-kb-release.txt"
        text.write_text(four_kilobyte_release(), encoding="utf-8")
        commands = {
            PYTHON_PASS: [sys.executable, "-c", "pass"],
            SQLITE_UTILS: [
                str(sqlite_utils),
                "query",
                str(db),
                "select count(*) from figures",
                "--table",
            ],
            HELP: [*dbtool, "--help"],
            SUMMARY: [*dbtool, "report", "summary", "--db", str(db)],
            DRAFT: [
                *dbtool,
                "draft",
                str(text),
                "--out",
                str(folder / "draft.toml"),
                "--force",
                "--db",
                str(db),
            ],
        }
        report = results(
            measure(commands, args.runs, args.warmup), args.runs, args.warmup, not args.as_is
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
