"""How fast a table document loads: a generated 10,000-row table, `dbtool seed` against a plain
``sqlite3`` ``executemany`` of the same rows, both as whole processes.

The table is statistics in the KP's shape, long form: a country and a year per
row (500 countries, 20 years by default), a value in USD million, a volume in
thousand carats and the average price per carat, rounded as published, so that
every row's price agrees with its value over its volume. Its seed maps the
columns to quantities, declares the countries, and adds the ratio and two
rankings, as the bundled KP seed does. Loading it writes a document whose
text is its cells, 40,000 quotes, 30,000 figures with their cells, 1,500
quantities and 500 ratios.

Each run loads into a new copy of a migrated database with ``dbtool seed`` in
a child process (start-up and imports included), then runs the floor: a child
process that reads the same CSV with the ``csv`` module and inserts its rows
into one table of a new SQLite file with one ``executemany``, in one
transaction. The ratio is taken run by run (a machine that slows down between
runs moves both), and medians are printed. Target (issue 22): the load takes
under 5 s.

Usage::

    python benchmarks/table_load.py [--rows 10000] [--runs 5] [--json]
    python benchmarks/table_load.py generate FOLDER [--rows N]   # the files only
    python benchmarks/table_load.py raw FOLDER                    # the floor, once
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TABLE = "statistics.csv"
SEED = "statistics.toml"
HEADER = ["country", "year", "value_usd_million", "volume_thousand_carats", "price_usd_per_carat"]


def generate(folder: Path, rows: int = 10_000, years: int = 20) -> Path:
    """A CSV of ``rows`` rows (``rows / years`` countries, ``years`` years) and its seed."""
    folder.mkdir(parents=True, exist_ok=True)
    countries = max(1, rows // years)
    with (folder / TABLE).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for index in range(rows):
            country, year = index // years, 2000 + index % years
            volume = 1_000 + (country * 7_919 + year * 104_729) % 49_000  # thousand carats
            value = volume * (40 + (country * 13 + year) % 900) // 1000  # USD million
            price = (Decimal(value) * 1000 / Decimal(volume)).quantize(1, ROUND_HALF_EVEN)
            writer.writerow([f"Country {country:04d}", year, f"{value:,}", f"{volume:,}", price])
    places = "".join(
        f'\n[[places]]\nkey = "country-{c:04d}"\nname = "Country {c:04d}"\ntype = "country"\n'
        f'quote = "row Country {c:04d} 2000, column country: Country {c:04d}"\n'
        for c in range(countries)
    )
    (folder / SEED).write_text(SEED_TEXT + places, encoding="utf-8")
    return folder / SEED


SEED_TEXT = f"""[document]
slug = "generated-statistics"
title = "Generated production statistics"
file = "{TABLE}"
published_on = 2020-06-30
published_on_basis = "stated"

[table]
publisher = "A benchmark"
citation = "benchmarks/table_load.py"
entity_column = "country"
period_column = "year"

[[table.columns]]
column = "value_usd_million"
quantity = "production-value"
name = "{{entity}}'s production, by value"
unit = "USD million"
measure = "value"
flow = true

[[table.columns]]
column = "volume_thousand_carats"
quantity = "production-volume"
name = "{{entity}}'s production, by volume"
unit = "thousand carats"
measure = "volume"
flow = true

[[table.columns]]
column = "price_usd_per_carat"
quantity = "production-price"
name = "Average price of {{entity}}'s production"
unit = "USD per carat"
measure = "value"

[[table.ratios]]
result = "price_usd_per_carat"
numerator = "value_usd_million"
denominator = "volume_thousand_carats"

[[table.rankings]]
key = "generated-producers-by-value"
name = "Producers, by value"
column = "value_usd_million"

[[table.rankings]]
key = "generated-producers-by-volume"
name = "Producers, by volume"
column = "volume_thousand_carats"
"""


def raw(folder: Path) -> int:
    """The floor: the CSV's rows into one table of a new SQLite file, one executemany."""
    target = folder / "raw.sqlite"
    target.unlink(missing_ok=True)
    with (folder / TABLE).open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))[1:]
    connection = sqlite3.connect(target)
    with connection:
        columns = ", ".join(f"{name} TEXT" for name in HEADER)
        connection.execute(f"CREATE TABLE statistics ({columns})")
        connection.executemany(f"INSERT INTO statistics VALUES ({', '.join('?' * 5)})", rows)
    connection.close()
    return len(rows)


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(rows: int, runs: int) -> dict[str, object]:
    """Median seconds of the load and of the floor, and the median of their ratios."""
    folder = Path(tempfile.mkdtemp(prefix="table-load-"))
    try:
        generate(folder, rows)
        migrated = folder / "migrated.sqlite"
        subprocess.run(
            [sys.executable, "-m", "dbtool", "db", "upgrade", "--db", str(migrated)],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        loads, floors = [], []
        for _ in range(runs):
            shutil.copy(migrated, folder / "run.sqlite")
            seed = [sys.executable, "-m", "dbtool", "seed", str(folder / SEED)]
            loads.append(_timed([*seed, "--db", str(folder / "run.sqlite")]))
            floors.append(_timed([sys.executable, __file__, "raw", str(folder)]))
        ratios = [load / floor for load, floor in zip(loads, floors, strict=True)]
        return {
            "rows": rows,
            "runs": runs,
            "load_s": statistics.median(loads),
            "floor_s": statistics.median(floors),
            "ratio": statistics.median(ratios),
            "target_s": 5.0,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=["generate", "raw"])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.action == "generate":
        print(generate(args.folder, args.rows))
        return 0
    if args.action == "raw":
        raw(args.folder)
        return 0
    result = measure(args.rows, args.runs)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['rows']:,} rows, median of {result['runs']} runs: dbtool seed "
            f"{result['load_s']:.2f} s (target < 5 s), plain executemany "
            f"{result['floor_s']:.2f} s, ratio {result['ratio']:.1f} ×"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
