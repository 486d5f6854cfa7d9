"""How ``dbtool draft`` and ``dbtool lint`` grow with the text: the growth exponent.

Texts of each size are made by repeating text of a few shapes, and drafted
(``draft_seed``, with no database) and linted (the checks and the walk of
``lint_seed`` on a seed with no figures, so every number of the text is a
finding; without the size limits `dbtool lint` keeps); each run is timed. The
growth exponent is the slope of log(time) against log(size), fitted by least
squares over the sizes from the second on (the smallest is dominated by fixed
costs, which would flatter the slope). Linear is 1.0; the target is at most 1.1.

Shapes: ``release`` repeats the bundled press releases; ``one-sentence`` is a
single sentence of repeated changes ("rose 5% to USD 1.2 billion, …": the
pairing of changes was cubic in it); ``numbers`` is nothing but numbers
("5% 5% …"); ``one-line`` is the releases with every line break a space.

It measures and prints; it exits 0 whatever the numbers (a busy machine must
not fail anything), 1 when ``--check`` is given and an exponent is over 1.1.

Usage::

    python benchmarks/draft_scaling.py [--sizes 4k,100k,1M,10M] [--shapes release,numbers]
        [--commands draft,lint] [--check]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dbtool.db.bulk import collector_paused
from dbtool.draft.drafter import draft_seed
from dbtool.draft.lint import uncovered_numbers
from dbtool.seedformat.limits import SeedLimits
from dbtool.seedformat.validate import check_seed_file

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.1
UNITS = {"k": 1_000, "M": 1_000_000}
SEED = """[document]
slug = "scaling"
title = "A text made for a benchmark"
file = "text.txt"
published_on = 2018-10-10
published_on_basis = "stated"
dateline = {{ place = "moscow", quote = {quote}, occurrence = 1 }}
"""


def _releases() -> str:
    names = ("awdc-alrosa-2018.txt", "alrosa-sales-2017.txt", "alrosa-sales-2018-09.txt")
    return "\n\n".join((ROOT / "seeds" / name).read_text(encoding="utf-8") for name in names)


SHAPES: dict[str, Callable[[], str]] = {
    "release": _releases,
    "one-sentence": lambda: "Sales rose 5% to USD 1.2 billion, ",
    "numbers": lambda: "5% ",
    "one-line": lambda: " ".join(_releases().split("\n")) + " ",
}


def text_of(shape: str, size: int) -> str:
    unit = SHAPES[shape]()
    return (unit * (size // len(unit) + 1))[:size]


def time_draft(text: str, folder: Path) -> float:
    start = time.perf_counter()
    with collector_paused():  # as `dbtool draft` runs it (dbtool.api.draft)
        draft_seed(text, "text.txt")
    return time.perf_counter() - start


def time_lint(text: str, folder: Path) -> float:
    (folder / "text.txt").write_text(text, encoding="utf-8")
    quote = json.dumps(text.split()[0])  # a TOML basic string, as JSON writes it
    (folder / "seed.toml").write_text(SEED.format(quote=quote), encoding="utf-8")
    start = time.perf_counter()
    # lint_seed's own work without its limits (a text over 10 MB or 20,000 numbers is
    # refused by `dbtool lint`): the seed's checks, then the walk over its numbers.
    checked = check_seed_file(folder / "seed.toml", limits=SeedLimits(max_text_bytes=10**9))
    list(uncovered_numbers(checked))
    return time.perf_counter() - start


COMMANDS = {"draft": time_draft, "lint": time_lint}


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) against log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-6)) for t in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def parse_size(word: str) -> int:
    return int(float(word[:-1]) * UNITS[word[-1]]) if word[-1] in UNITS else int(word)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="4k,100k,1M,10M")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {TARGET}")
    options = parser.parse_args(argv)
    sizes = [parse_size(word) for word in options.sizes.split(",")]
    over = False
    with tempfile.TemporaryDirectory() as scratch:
        for command in options.commands.split(","):
            for shape in options.shapes.split(","):
                seconds = []
                for size in sizes:
                    seconds.append(COMMANDS[command](text_of(shape, size), Path(scratch)))
                    print(
                        f"{command:5} {shape:12} {size:>10,} bytes {seconds[-1]:8.3f} s", flush=True
                    )
                fitted = sizes[1:] if len(sizes) > 2 else sizes
                slope = exponent(fitted, seconds[len(sizes) - len(fitted) :])
                over = over or slope > TARGET
                print(f"{command:5} {shape:12} growth exponent {slope:.2f} (target <= {TARGET})")
    return 1 if options.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
