"""How much of a hand-written seed the number grammar would have drafted, and how much noise.

For every ``seeds/*.toml`` whose text file exists, ``find_numbers`` runs on the text and
its numbers are compared with the seed's ``[[figures]]``. A figure counts as found when a
number has the same span as its ``written`` (located inside its ``quote``, at its
``occurrence``) and the same value, unit and qualifier; a number with the right span but
another reading is listed as a mismatch. Dates, times, list markers and references are
left aside (``is_date_or_marker``): a seed records them elsewhere, not as figures.

* recall: seed figures found / seed figures;
* precision: numbers that match a seed figure / numbers found.

Two seed figures may share one span (a producer "largest" by value and by volume); each
counts for recall, the one number counts once for precision. It is a measurement, not a
test: it exits 0 whatever the scores, and 2 if no seed with its text can be read.

Usage::

    python benchmarks/draft_recall.py [--seeds seeds] [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dbtool.ingest.numbers import FoundNumber, find_numbers, is_date_or_marker

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class DocumentScore:
    """The comparison for one seed: counts, and what was missed or extra."""

    seed: str
    figures: int = 0
    found: int = 0
    numbers: int = 0
    matching_numbers: int = 0
    missed: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.figures if self.figures else 1.0

    @property
    def precision(self) -> float:
        return self.matching_numbers / self.numbers if self.numbers else 1.0


def figure_spans(seed: dict, text: str) -> list[tuple[dict, int, int]]:
    """Each figure with the span of its ``written`` inside the ``occurrence``-th ``quote``."""
    spans = []
    for figure in seed.get("figures", []):
        at = -1
        for _ in range(figure.get("occurrence", 1)):
            at = text.index(figure["quote"], at + 1)
        start = text.index(figure["written"], at)
        spans.append((figure, start, start + len(figure["written"])))
    return spans


def _reading(number: FoundNumber) -> tuple:
    return (number.value, number.unit, number.qualifier)


def score(seed_path: Path) -> DocumentScore | None:
    """Compare one seed with the grammar's reading of its text; None if the text is absent."""
    seed = tomllib.loads(seed_path.read_text(encoding="utf-8"))
    text_path = seed_path.parent / seed["document"]["file"]
    if not text_path.exists():
        return None
    text = text_path.read_text(encoding="utf-8")
    numbers = [n for n in find_numbers(text) if not is_date_or_marker(n)]
    by_span = {(n.start, n.end): n for n in numbers}
    result = DocumentScore(seed=seed_path.name, numbers=len(numbers))
    matched: set[tuple[int, int]] = set()
    for figure, start, end in figure_spans(seed, text):
        result.figures += 1
        number = by_span.get((start, end))
        wanted = (figure["value"], figure["unit"], figure.get("qualifier"))
        label = f"{figure['key']}: {figure['written']!r} at {start}"
        if number is None:
            result.missed.append(label)
        elif _reading(number) != wanted:
            result.mismatched.append(f"{label}: seed {wanted}, grammar {_reading(number)}")
        else:
            result.found += 1
            matched.add((start, end))
    result.matching_numbers = len(matched)
    result.extra = [
        f"{n.written!r} at {n.start}" for n in numbers if (n.start, n.end) not in matched
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of seeds")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra numbers")
    args = parser.parse_args(argv)
    try:
        scores = [s for p in sorted(args.seeds.glob("*.toml")) if (s := score(p)) is not None]
    except (OSError, ValueError, KeyError) as exc:  # tomllib errors are ValueErrors
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if not scores:
        print(f"Error: no seed in {args.seeds} has its text file", file=sys.stderr)
        return 2
    total = DocumentScore(seed="total")
    for s in scores:
        for name in ("figures", "found", "numbers", "matching_numbers"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    if args.json:
        rows = [{**asdict(s), "recall": s.recall, "precision": s.precision} for s in scores]
        totals = {**asdict(total), "recall": total.recall, "precision": total.precision}
        print(json.dumps({"documents": rows, "total": totals}, indent=2))
        return 0
    print(f"{'seed':<28} {'figures':>7} {'found':>5} {'recall':>7} {'numbers':>7} {'precision':>9}")
    for s in [*scores, total]:
        print(
            f"{s.seed:<28} {s.figures:>7} {s.found:>5} {s.recall:>7.0%} "
            f"{s.numbers:>7} {s.precision:>9.0%}"
        )
        if args.verbose:
            for title, items in (("missed", s.missed), ("mismatched", s.mismatched)):
                for item in items:
                    print(f"    {title}: {item}")
            for item in s.extra:
                print(f"    extra: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
