"""How much of each hand-written seed ``dbtool draft`` finds, and how much it adds.

For every seed of the bundled corpus (``seeds/corpus.toml``), the draft of its text
is compared with the seed's ``[[figures]]``. A figure counts as found when the draft
has a figure with the same span (its ``written`` inside its ``quote``, at its
``occurrence``) and the same value, unit and qualifier; one with the right span but
another reading is listed as a mismatch. The draft never makes figures of dates,
times, list markers, references or periods named again, so they are aside here too;
numbers the draft leaves commented out (a unit the seed format cannot hold) count as
not found.

* recall: seed figures found / seed figures;
* precision: drafted figures that match a seed figure / drafted figures.

Two seed figures may share one span (a producer "largest" by value and by volume);
each counts for recall, the one drafted figure counts once for precision. The draft
matches entities against a database migrated to head (its qualifiers; no documents),
which does not change which figures it finds. It is a measurement, not a test: it
exits 0 whatever the scores, and 2 if no seed with its text can be read.

Usage::

    python benchmarks/draft_recall.py [--seeds seeds] [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dbtool import api
from dbtool.db.reader import open_reader
from dbtool.draft.drafter import DraftContext, DraftFigure, draft_context, draft_seed

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class DocumentScore:
    """The comparison for one seed: counts, and what was missed or extra."""

    seed: str
    figures: int = 0
    found: int = 0
    drafted: int = 0
    matching: int = 0
    commented_out: int = 0
    missed: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.figures if self.figures else 1.0

    @property
    def precision(self) -> float:
        return self.matching / self.drafted if self.drafted else 1.0


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


def _reading(figure: DraftFigure) -> tuple:
    return (figure.row["value"], figure.row["unit"], figure.row.get("qualifier"))


def score(seed_path: Path, context: DraftContext) -> DocumentScore | None:
    """Compare one seed with the draft of its text; None if the text is absent."""
    seed = tomllib.loads(seed_path.read_text(encoding="utf-8"))
    if "document" not in seed or "table" in seed:  # a table's figures are its cells
        return None
    text_path = seed_path.parent / seed["document"]["file"]
    if not text_path.exists():
        return None
    text = text_path.read_text(encoding="utf-8")
    draft = draft_seed(text, text_path.name, context)
    drafted = {(f.number.start, f.number.end): f for f in draft.written}
    result = DocumentScore(seed=seed_path.name, drafted=len(drafted))
    result.commented_out = len(draft.figures) - len(draft.written)
    matched: set[tuple[int, int]] = set()
    for figure, start, end in figure_spans(seed, text):
        result.figures += 1
        found = drafted.get((start, end))
        wanted = (figure["value"], figure["unit"], figure.get("qualifier"))
        label = f"{figure['key']}: {figure['written']!r} at {start}"
        if found is None:
            result.missed.append(label)
        elif _reading(found) != wanted:
            result.mismatched.append(f"{label}: seed {wanted}, draft {_reading(found)}")
        else:
            result.found += 1
            matched.add((start, end))
    result.matching = len(matched)
    result.extra = [
        f"{f.number.written!r} at {f.number.start}: {_reading(f)}"
        for span, f in drafted.items()
        if span not in matched
    ]
    return result


def corpus(folder: Path) -> list[Path]:
    manifest = folder / "corpus.toml"
    if manifest.is_file():
        names = tomllib.loads(manifest.read_text(encoding="utf-8"))["documents"]
        return [folder / name for name in names]
    return sorted(p for p in folder.glob("*.toml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of seeds")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra figures")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'migrated.sqlite'}"
        api.upgrade(url)
        with open_reader(url) as reader:
            context = draft_context(reader)
    try:
        scores = [s for p in corpus(args.seeds) if (s := score(p, context)) is not None]
    except (OSError, ValueError, KeyError) as exc:  # tomllib errors are ValueErrors
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if not scores:
        print(f"Error: no seed in {args.seeds} has its text file", file=sys.stderr)
        return 2
    total = DocumentScore(seed="total")
    for s in scores:
        for name in ("figures", "found", "drafted", "matching", "commented_out"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    if args.json:
        rows = [{**asdict(s), "recall": s.recall, "precision": s.precision} for s in scores]
        totals = {**asdict(total), "recall": total.recall, "precision": total.precision}
        print(json.dumps({"documents": rows, "total": totals}, indent=2))
        return 0
    print("| seed | figures | found | recall | drafted | matching | precision |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in [*scores, total]:
        print(
            f"| {s.seed} | {s.figures} | {s.found} | {s.recall:.0%} | {s.drafted} "
            f"| {s.matching} | {s.precision:.0%} |"
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
