"""Errors planted in real texts, checked straight from the text: are they found, and only they?

Two measures, both through ``dbtool.verify`` (draft, load unreviewed into a
scratch copy, check), with no seed written by hand:

1. **Bundled texts.** Each bundled text is verified against a database of the
   other bundled documents, as it is (every failure is a false alarm), then
   once per kind of arithmetic error its hand seed makes checkable: a change,
   a part of a sum, a total, a price. The error is planted by rewriting one
   number of the text (a change 10 points off, a level 25 % high) and is
   *found* when a failure rests on the figure at that place. An error the hand
   seed, planted the same way, does not make fail either (a change whose base
   no document states) is listed but not counted: no seed could catch it.
2. **Test releases** (``--releases``): the releases of ``tests/data/releases``
   are verified one after another on the bundled corpus, each kept so the
   next can be checked against it, as a month's releases would be. A planted
   error of an answer key is found when a failure rests on a figure in one of
   its quotes; every other failure is a false alarm.

Targets (issue 21): every planted error found; no failure on an unplanted text.

Usage::

    python benchmarks/planted_errors.py [--releases] [--folder tests/data/heldout] [--verbose]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dbtool import api
from dbtool.draft.text import TextMap
from dbtool.errors import DbtoolError
from dbtool.verify.verdict import verify

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "tests" / "data" / "releases"


@dataclass
class Outcome:
    """One verified text: what was planted, what failed, and what that means."""

    text: str
    planted: str
    found: bool | None  # None: nothing planted
    false_alarms: list[str] = field(default_factory=list)


def _database(folder: Path, seeds: list[Path]) -> api.Database:
    database = api.Database.of(folder / "base.sqlite")
    api.upgrade(database)
    for seed in seeds:
        try:
            api.seed(database, [seed])
        except DbtoolError:
            continue  # it needs what the verified text declares
    return database


def _plant(text: str, figure: dict) -> tuple[str, int, str, str] | None:
    """The text with ``figure``'s number written wrong, where that number starts, and the
    digits as written before and after."""
    at = -1
    for _ in range(figure.get("occurrence", 1)):
        at = text.index(figure["quote"], at + 1)
    start = text.index(figure["written"], at)
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", figure["written"])
    if digits is None:
        return None
    number = float(digits.group().replace(",", ""))
    decimals = len(digits.group().split(".")[1]) if "." in digits.group() else 0
    wrong = number + 10 if figure["unit"] == "percent" else number * 1.25
    written = f"{wrong:,.{decimals}f}" if "," in digits.group() else f"{wrong:.{decimals}f}"
    begin = start + digits.start()
    return (
        text[:begin] + written + text[begin + len(digits.group()) :],
        begin,
        digits.group(),
        written,
    )


def _hand_finds(
    folder: Path, seed: Path, figure: dict, wrong_text: str, old: str, new: str, base: Path
) -> bool:
    """Whether the hand seed, with the same number planted, makes a check fail on it: an
    error no seed could catch (a change whose base no document states) is not the draft's
    to find."""
    hand_folder = folder / "hand"
    hand_folder.mkdir()
    seed_text = seed.read_text(encoding="utf-8")
    planted = dict(figure)
    written = figure["written"].replace(old, new, 1)
    lines = []
    in_figure = False
    for line in seed_text.split("\n"):
        if line.startswith("key = ") and line == f'key = "{figure["key"]}"':
            in_figure = True
        elif line.startswith("[[") and in_figure:
            in_figure = False
        if in_figure and line.startswith("written = "):
            line = f"written = {written!r}".replace("'", '"')
        elif in_figure and line.startswith("value = "):
            value = float(new.replace(",", "")) * (
                float(figure["value"]) / float(old.replace(",", ""))
            )
            line = f"value = {value!r}"
        lines.append(line)
    body = "\n".join(lines).replace(figure["written"], written)
    (hand_folder / seed.name).write_text(body, encoding="utf-8")
    text_name = tomllib.loads(seed_text)["document"]["file"]
    (hand_folder / text_name).write_text(wrong_text, encoding="utf-8")
    database = api.Database.of(hand_folder / "hand.sqlite")
    shutil.copyfile(base, hand_folder / "hand.sqlite")
    try:
        api.seed(database, [hand_folder / seed.name], replace=True)
    except DbtoolError:
        return True  # the planted seed does not load: count the error as checkable
    del planted
    run = api.check(database)
    return any(r.status in ("fail", "warn") and figure["key"] in r.figures for r in run.results)


def _targets(seed: dict) -> dict[str, dict]:
    """One figure per kind of error the hand seed makes checkable."""
    figures = seed.get("figures", [])
    by_quantity: dict[str, list[dict]] = {}
    for figure in figures:
        if figure.get("quantity") and "base_period" not in figure:
            by_quantity.setdefault(figure["quantity"], []).append(figure)
    found: dict[str, dict] = {}
    changes = [f for f in figures if f.get("base_period") and f["unit"] == "percent"]
    if changes:
        found["change"] = changes[0]
    for total in seed.get("sums", []):
        if total.get("minus"):
            continue
        if total["total"] in by_quantity and "total" not in found:
            found["total"] = by_quantity[total["total"]][0]
        part = next((p for p in total["parts"] if p in by_quantity), None)
        if part and "part" not in found:
            found["part"] = by_quantity[part][0]
    for ratio in seed.get("ratios", []):
        if ratio["result"] in by_quantity and "price" not in found:
            found["price"] = by_quantity[ratio["result"]][0]
    return found


def bundled(work: Path) -> list[Outcome]:
    """Each bundled text as it is, then with each kind of error planted."""
    outcomes = []
    seeds = api.bundled_seed_files()
    for seed in seeds:
        hand = tomllib.loads(seed.read_text(encoding="utf-8"))
        if "table" in hand:
            continue  # a statistics table: no text to plant an error in
        text_path = seed.parent / hand["document"]["file"]
        text = text_path.read_text(encoding="utf-8")
        folder = work / seed.stem
        folder.mkdir()
        database = _database(folder, [s for s in seeds if s != seed])
        plain = folder / text_path.name
        plain.write_text(text, encoding="utf-8")
        verdict = verify(database, [plain])
        outcomes.append(
            Outcome(seed.stem, "nothing", None, [_line(f) for f in verdict.findings if _bad(f)])
        )
        for kind, figure in _targets(hand).items():
            planted = _plant(text, figure)
            if planted is None:
                continue
            wrong, at, old, new = planted
            path = folder / kind / text_path.name
            path.parent.mkdir()
            path.write_text(wrong, encoding="utf-8")
            label = f"{kind}: {figure['written']!r}"
            base = folder / "base.sqlite"
            if not _hand_finds(path.parent, seed, figure, wrong, old, new, base):
                outcomes.append(Outcome(seed.stem, label + " (no seed can check it)", None))
                continue
            verdict = verify(database, [path])
            hits = [f for f in verdict.findings if _bad(f) and _rests_on(f, wrong, at)]
            others = [_line(f) for f in verdict.findings if _bad(f) and f not in hits]
            outcomes.append(Outcome(seed.stem, label, bool(hits), others))
    return outcomes


def releases(work: Path, source: Path = RELEASES) -> list[Outcome]:
    """The test releases, verified one after another and kept, against their answer keys."""
    folder = work / source.name
    folder.mkdir()
    database = api.Database.of(folder / "releases.sqlite")
    api.init(database)
    outcomes = []
    planted_anywhere = [
        error
        for key_path in source.glob("*.expect.toml")
        for error in tomllib.loads(key_path.read_text(encoding="utf-8")).get("errors", [])
    ]
    for text_path in sorted(source.glob("[0-9]*.txt")):
        key_path = text_path.with_name(text_path.stem + ".expect.toml")
        key = tomllib.loads(key_path.read_text(encoding="utf-8")) if key_path.exists() else {}
        copy = folder / text_path.name
        shutil.copyfile(text_path, copy)
        verdict = verify(database, [copy], keep=True, force=True)
        bad = [f for f in verdict.findings if _bad(f)]
        matched: set[int] = set()
        errors = key.get("errors", [])
        for error in errors:
            hits = [
                i
                for i, finding in enumerate(bad)
                if any(q in s or s in q for q in error["quotes"] for s in _quoted(finding))
            ]
            matched |= set(hits)
            outcomes.append(Outcome(text_path.stem, error["kind"], bool(hits)))
        # a failure that rests on an earlier release's planted error as well is that error
        # again, now quoted from this release too: no false alarm
        again = {
            i
            for i, finding in enumerate(bad)
            for error in planted_anywhere
            if any(q in s or s in q for q in error["quotes"] for s in _quoted(finding))
        }
        alarms = [_line(f) for i, f in enumerate(bad) if i not in matched | again]
        if not errors:
            outcomes.append(Outcome(text_path.stem, "nothing", None, alarms))
        elif alarms:
            outcomes[-1].false_alarms = alarms
    return outcomes


def _bad(finding: object) -> bool:
    return getattr(finding, "status", "") in ("fail", "warn")


def _quoted(finding: object) -> list[str]:
    """The sentences a finding rests on, and the pieces its message quotes."""
    message = getattr(finding, "message", "")
    return [*getattr(finding, "sentences", []), *re.findall(r"“…?([^”]+)”", message)]


def _rests_on(finding: object, text: str, at: int) -> bool:
    """Whether a finding quotes the sentence holding the planted number."""
    found = TextMap(text).sentence_of(at)
    sentence = " ".join(text[found.start : found.end].split())
    return any(s.rstrip("…")[:60] in sentence for s in getattr(finding, "sentences", []))


def _line(finding: object) -> str:
    return f"{getattr(finding, 'rule', '')}: {getattr(finding, 'message', '')[:LINE]}"


LINE = 180  # --verbose --long prints whole messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", action="store_true", help="also the test releases")
    parser.add_argument(
        "--folder",
        type=Path,
        action="append",
        default=[],
        help="also the releases of this folder (NN-name.txt with NN-name.expect.toml)",
    )
    parser.add_argument("--verbose", action="store_true", help="print every false alarm")
    parser.add_argument("--long", action="store_true", help="print false alarms whole")
    args = parser.parse_args(argv)
    if args.long:
        global LINE
        LINE = 100_000
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sets = [("Bundled texts, errors planted", bundled(work))]
        if args.releases:
            sets.append(("Test releases, loaded as drafted", releases(work)))
        for folder in args.folder:
            sets.append((f"{folder}, loaded as drafted", releases(work, folder)))
    for title, outcomes in sets:
        print(f"\n{title}:")
        print("| text | planted | found | false alarms |")
        print("| --- | --- | :---: | ---: |")
        for o in outcomes:
            found = "–" if o.found is None else "yes" if o.found else "**no**"
            print(f"| {o.text} | {o.planted} | {found} | {len(o.false_alarms)} |")
            if args.verbose:
                for alarm in o.false_alarms:
                    print(f"    {alarm}")
        planted = [o for o in outcomes if o.found is not None]
        found = sum(1 for o in planted if o.found)
        alarms = sum(len(o.false_alarms) for o in outcomes)
        clean = [o for o in outcomes if o.planted == "nothing"]
        clean_alarms = sum(len(o.false_alarms) for o in clean)
        print(
            f"\n{found} of {len(planted)} planted errors found; {alarms} false alarms "
            f"({clean_alarms} on {len(clean)} unplanted texts)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
