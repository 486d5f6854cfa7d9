"""How truthful the checks are: errors found, errors missed, false alarms.

Three measures, printed as tables:

1. **The bundled corpus**, which states no inconsistency: every failure on it
   is a false alarm.
2. **Synthetic perturbations** of the bundled corpus: each figure that states
   a size, a change or a share is moved beyond its rounding (a size and a
   share by 30 %, a change by 15 points), one at a time, in memory, and the
   checks run again. A perturbation is *found* when a failure names the moved
   figure, *single* when it is the only failure, *missed* when nothing fails
   (the figure takes part in no relation that can be checked), and every
   failure that does not name it is a false alarm.
3. **Releases seeded by hand** with an answer key (``tests/data/releases``:
   ``NN-name.toml`` and ``NN-name.expect.toml``, whose ``[[errors]]`` quote
   the figures of each planted error): loaded after the bundled corpus, a
   planted error is found when a failure rests on a figure whose quote holds
   one of the error's quotes; a failure that matches no planted error is a
   false alarm.

Usage::

    python benchmarks/truth.py [--releases tests/data/releases] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from dbtool import api  # noqa: E402
from dbtool.checks.engine import evaluate  # noqa: E402
from dbtool.checks.facts import Fact, Facts, load_facts  # noqa: E402


def _failures(results: list[Any]) -> list[Any]:
    return [r for r in results if r.status in ("fail", "warn")]


def bundled(folder: Path) -> tuple[Any, dict[str, Any]]:
    """The bundled corpus, loaded and checked: (database, its counts and failures)."""
    database = api.Database.of(folder / "bundled.sqlite")
    api.init(database)
    run = api.check(database)
    failures = _failures(run.results)
    return database, {
        "counts": run.counts(),
        "false_alarms": [f"{r.rule}: {r.message[:200]}" for r in failures],
    }


def _moved(figure: Fact) -> Fact:
    """``figure`` written wrong: a change 15 points off, any other figure 30 % high."""
    if figure.is_change and figure.unit == "percent":
        return dataclasses.replace(figure, interval=figure.interval + 15, value=figure.value + 15)
    return dataclasses.replace(figure, interval=figure.interval * 1.3, value=figure.value * 1.3)


def perturbations(database: Any) -> dict[str, Any]:
    """Each checkable figure of the corpus moved, one at a time; what the checks say."""
    with database.connect() as connection:
        facts = load_facts(connection)
    rules = api.check_rules(database)
    tally: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    alarms: list[str] = []
    for index, figure in enumerate(facts.figures):
        if figure.quantity is None or figure.unit in ("rank", "year"):
            continue
        kind = "change" if figure.is_change else "share" if figure.is_share else "size"
        moved = Facts(**{f.name: getattr(facts, f.name) for f in dataclasses.fields(Facts)})
        moved.figures = [*facts.figures[:index], _moved(figure), *facts.figures[index + 1 :]]
        failures = _failures(evaluate(moved, rules))
        naming = [r for r in failures if figure.key in r.figures]
        outcome = "missed" if not naming else "single" if len(failures) == 1 else "found"
        tally[outcome] += 1
        by_kind.setdefault(kind, Counter())[outcome] += 1
        for other in failures:
            if figure.key not in other.figures:
                tally["false alarms"] += 1
                alarms.append(f"{figure.key} moved; {other.rule}: {other.message[:160]}")
    return {
        "total": dict(tally),
        "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "false_alarms": alarms[:20],
    }


def releases(folder: Path, work: Path) -> dict[str, Any]:
    """The hand-seeded releases against their answer keys."""
    seeds = sorted(p for p in folder.glob("[0-9]*.toml") if not p.name.endswith(".expect.toml"))
    if not seeds:
        return {}
    database = api.Database.of(work / "releases.sqlite")
    api.init(database)
    api.seed(database, seeds, limits=api.SeedLimits(allow_dirs=(folder,)))
    run = api.check(database)
    quotes = _quotes(database)
    failures = _failures(run.results)
    # Every planted error is matched first, so a failure that a later release's error
    # explains is not counted a false alarm of an earlier release it also quotes.
    matched: set[int] = set()
    outcomes: dict[str, tuple[int, int]] = {}
    for seed in seeds:
        slug = seed.stem
        expect_path = seed.with_name(f"{slug}.expect.toml")
        expect = tomllib.loads(expect_path.read_text("utf-8")) if expect_path.exists() else {}
        found = missed = 0
        for error in expect.get("errors", []):
            hits = [
                index
                for index, failure in enumerate(failures)
                if any(
                    quotes.get(key, ("", ""))[0] == slug
                    and any(q in quotes[key][1] or quotes[key][1] in q for q in error["quotes"])
                    for key in failure.figures
                )
            ]
            matched |= set(hits)
            found, missed = (found + 1, missed) if hits else (found, missed + 1)
        outcomes[slug] = (found, missed)
    table = []
    for seed in seeds:
        slug = seed.stem
        found, missed = outcomes[slug]
        alarms = [
            f"{failures[i].rule}: {failures[i].message[:200]}"
            for i, failure in enumerate(failures)
            if i not in matched and any(quotes.get(k, ("",))[0] == slug for k in failure.figures)
        ]
        table.append(
            {
                "release": slug,
                "planted": found + missed,
                "found": found,
                "missed": missed,
                "false_alarms": alarms,
            }
        )
    return {"releases": table, "counts": run.counts()}


def _quotes(database: Any) -> dict[str, tuple[str, str]]:
    with api.Database.of(database).connect() as connection:
        rows = connection.exec_driver_sql("SELECT figure_id, document, quote FROM v_figures")
        return {row[0]: (row[1], row[2]) for row in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=Path, default=ROOT / "tests" / "data" / "releases")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        database, corpus = bundled(work)
        moved = perturbations(database)
        hand = releases(args.releases, work)
    result = {"bundled": corpus, "perturbations": moved, "releases": hand}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Bundled corpus: {corpus['counts']}; false alarms: {len(corpus['false_alarms'])}")
    for alarm in corpus["false_alarms"]:
        print(f"  {alarm}")
    total = moved["total"]
    print("\nPerturbations (one figure moved beyond its rounding, in memory):")
    print("| kind | single failure | found, with others | missed |")
    print("| --- | ---: | ---: | ---: |")
    for kind, counts in sorted(moved["by_kind"].items()):
        print(
            f"| {kind} | {counts.get('single', 0)} | {counts.get('found', 0)} | "
            f"{counts.get('missed', 0)} |"
        )
    print(
        f"| all | {total.get('single', 0)} | {total.get('found', 0)} | {total.get('missed', 0)} |"
    )
    print(f"False alarms (failures not naming the moved figure): {total.get('false alarms', 0)}")
    for alarm in moved["false_alarms"][:10]:
        print(f"  {alarm}")
    if hand:
        print("\nReleases seeded by hand, against their answer keys:")
        print("| release | planted | found | missed | false alarms |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for row in hand["releases"]:
            print(
                f"| {row['release']} | {row['planted']} | {row['found']} | {row['missed']} | "
                f"{len(row['false_alarms'])} |"
            )
        for row in hand["releases"]:
            for alarm in row["false_alarms"]:
                print(f"  {row['release']}: {alarm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
