"""The fourth phase of a draft: candidate relations between the drafted figures.

A change and the levels it goes to and from share a quantity ("fell 3.4% to
USD 11.4 billion", "to USD 2.15 billion from USD 1.05 billion"), as do two
levels one clause compares ("compared with minus USD 638.4 million"); a total
and its parts ("of which", "accounted for", "made up") are a sum; "exports
minus imports" is a difference. Every relation is a candidate for review.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Any

from dbtool.draft.dating import COMPARISON
from dbtool.draft.figures import DraftFigure
from dbtool.draft.naming import Namer
from dbtool.draft.registry import Registry
from dbtool.draft.text import Sentence, TextMap

_SUM_WHOLE_BEFORE = re.compile(r"\bof\s+which\b", re.I)
_SUM_PARTS = re.compile(
    r"\b(?:accounted\s+for|made\s+up|make\s+up|makes\s+up|of\s+this|of\s+that|of\s+the\s+total)\b",
    re.I,
)
_DIFFERENCE = re.compile(
    r"\b(?P<left>(?:(?:total|net|gross)\s+)?[a-z]+)\s+minus\s+(?P<right>(?:(?:total|net|gross)\s+)?"
    r"[a-z]+)\b(?!\s*(?:USD|\$|\d))"
)


class RelationFinder:
    """Relations among the figures of one text, written into their rows and the registry."""

    def __init__(self, text: TextMap, namer: Namer, registry: Registry) -> None:
        self.text, self.namer, self.registry = text, namer, registry
        self.figures: list[DraftFigure] = []

    def find(self, figures: list[DraftFigure]) -> None:
        """Changes share a quantity with the levels they reach; sums; differences."""
        self.figures = figures
        written = [f for f in figures if f.skipped is None]
        levels = [f for f in written if _is_level(f)]
        level_ids = {id(f) for f in levels}
        for inside in self._by_sentence(written):
            self.pair_changes(inside, level_ids)
        index = LevelIndex(levels)
        for sentence in self.text.sentences:
            self.sum_of_parts(sentence, index)
            self.difference(sentence, index)

    def _by_sentence(self, figures: list[DraftFigure]) -> list[list[DraftFigure]]:
        """The figures of each sentence, in text order: one pass, not one per sentence."""
        ordered = sorted(figures, key=lambda f: f.number.start)
        starts = [f.number.start for f in ordered]
        groups = []
        for sentence in self.text.sentences:
            low = bisect.bisect_left(starts, sentence.start)
            high = bisect.bisect_left(starts, sentence.end, low)
            if low < high:
                groups.append(ordered[low:high])
        return groups

    def pair_changes(self, inside: list[DraftFigure], level_ids: set[int]) -> None:
        """In one sentence: each change with the level it reaches (and starts from), and
        levels a clause compares with an earlier one.

        ``inside`` is in text order. The level a change reaches is the figure right
        after it ("rose 5% to USD 1.2 billion"), else the last level before it; one
        that starts from is the level right after that ("… from USD 1.05 billion").
        Each is found by its neighbour, not by pairing every figure with every other:
        a long sentence of changes made this cubic.
        """
        text = self.text.text
        here = [f for f in inside if id(f) in level_ids]
        here_starts = [f.number.start for f in here]
        here_ends = [f.number.end for f in here]
        following = {id(f): g for f, g in itertools.pairwise(inside)}
        taken: set[int] = set()
        for change in (f for f in inside if "base_period" in f.row):
            after = following.get(id(change))
            if after is not None and not (
                id(after) in level_ids
                and after.number.start > change.number.end
                and re.search(r"\bto\s", text[change.number.end : after.number.start])
            ):
                after = None
            before = bisect.bisect_right(here_ends, change.number.start)
            level = after if after is not None else (here[before - 1] if before else None)
            if level is None or id(level) in taken:
                continue
            taken.add(id(level))
            self._pair(change, level, here, here_starts)
        self._comparisons(here)

    def _pair(
        self, change: DraftFigure, level: DraftFigure, here: list[DraftFigure], starts: list[int]
    ) -> None:
        """Tie a change to the level it reaches, and to the level it starts from if any."""
        text = self.text.text
        self.share(change, level, "the change and the level it reaches")
        if change.row["measure"] == "unspecified":
            change.row["measure"] = level.row["measure"]
        level_period = level.row.get("period")
        if level_period and level_period != change.row.get("period"):
            change.comments.append("unsure: its period differs from the level's")
        # "to USD 2.15 billion from USD 1.05 billion": the base's level
        next_index = bisect.bisect_right(starts, level.number.end)
        start_level = here[next_index] if next_index < len(here) else None
        if start_level is not None and re.fullmatch(
            r"\s+from\s+", text[level.number.end : start_level.number.start]
        ):
            self.share(change, start_level, "the level the change starts from")
            start_level.row["period"] = change.row["base_period"]

    def _comparisons(self, here: list[DraftFigure]) -> None:
        """ "came to minus USD 1.88 billion, compared with minus USD 638.4 million in 2016":
        a level a clause compares with the last earlier one of its unit."""
        text = self.text.text
        by_unit: dict[str, tuple[list[int], list[DraftFigure]]] = {}
        for figure in here:
            ends, figures = by_unit.setdefault(figure.row["unit"], ([], []))
            ends.append(figure.number.end)
            figures.append(figure)
        for figure in here:
            clause = self.text.clause_of(figure.number.start)
            if not COMPARISON.match(text[clause[0] : clause[1]]):
                continue
            ends, figures = by_unit[figure.row["unit"]]
            earlier = bisect.bisect_right(ends, clause[0])
            if earlier:
                self.share(figures[earlier - 1], figure, "a level compared with another")

    def share(self, source: DraftFigure, target: DraftFigure, why: str) -> None:
        """Give ``target`` the quantity of ``source`` (made when neither has one), with
        ``target``'s unit."""
        registry = self.registry
        key = source.row.get("quantity") or target.row.get("quantity")
        if key is None:
            name = self.namer.quantity_name(source.number, registry.last_name())
            key = registry.quantity(name, None, measure=source.row["measure"])
        old = target.row.get("quantity")
        source.row["quantity"] = target.row["quantity"] = key
        if old and old != key:
            registry.merge(old, key, (f.row for f in self.figures))
        quantity = registry.quantities[key]
        if target.row["unit"] not in ("percent", "factor"):
            quantity["unit"] = unit_words(target.row["unit"])
            quantity["measure"] = target.row["measure"]
        source_is_level = source.row["unit"] not in ("percent", "factor")
        if target.row["value"] < 0 or (source_is_level and source.row["value"] < 0):
            quantity["signed"] = True
        note = f"candidate relation: {why}"
        if note not in registry.comments[key]:
            registry.comments[key].append(note)

    def level_quantity(self, figure: DraftFigure) -> str:
        """The quantity a level measures, declared when it has none yet."""
        if "quantity" not in figure.row:
            name = self.namer.quantity_name(figure.number, self.registry.last_name())
            figure.row["quantity"] = self.registry.quantity(
                name, unit_words(figure.row["unit"]), measure=figure.row["measure"]
            )
        return str(figure.row["quantity"])

    def sum_of_parts(self, sentence: Sentence, levels: LevelIndex) -> None:
        """A total and its parts: "X, of which A and B", or parts that "accounted for" X."""
        text = self.text.text
        here = levels.starting_in(sentence.start, sentence.end)
        which = _SUM_WHOLE_BEFORE.search(text, sentence.start, sentence.end)
        if which is not None:
            total = [f for f in here if f.number.end <= which.start()]
            parts = [f for f in here if f.number.start >= which.end()]
            marker = which
        else:
            marker = _SUM_PARTS.search(text, sentence.start, sentence.end)
            if marker is None or not here:
                return
            parts = here
            total = levels.last_before(sentence.start, parts[0])
        if not total or not parts:
            return
        whole = total[-1]
        parts = [p for p in parts if p.row["unit"] == whole.row["unit"]]
        if not parts:
            return
        registry = self.registry
        row = {
            "key": registry.keys.new("sum", str(len(registry.sums) + 1)),
            "name": f"{registry.quantities[self.level_quantity(whole)]['name']}, by part",
            "total": self.level_quantity(whole),
            "parts": [self.level_quantity(p) for p in parts],
            "basis": "stated",
            **self.text.quoted(marker.start(), marker.end()),
            "reviewed": False,
        }
        comments = [
            f"candidate relation: {whole.number.written} = "
            + " + ".join(p.number.written for p in parts)
            + f" ('{marker.group()}')"
        ]
        registry.sums.append((row, comments))

    def difference(self, sentence: Sentence, levels: LevelIndex) -> None:
        """A net figure defined in words: "net rough imports, imports minus exports, …"."""
        text = self.text.text
        match = _DIFFERENCE.search(text, sentence.start, sentence.end)
        if match is None:
            return
        here = levels.starting_in(match.end() + 1, sentence.end)
        if not here:
            return
        total = here[0]
        registry = self.registry
        ordinal = len(registry.sums) + 1
        unit, measure = unit_words(total.row["unit"]), total.row["measure"]
        left = registry.quantity(match["left"], unit, measure=measure)
        right = registry.quantity(match["right"], unit, measure=measure)
        for key in (left, right):
            registry.comments[key].append(
                "unsure: stated by no figure here; perhaps a quantity the text states elsewhere"
            )
        row = {
            "key": registry.keys.new("difference", str(ordinal)),
            "name": f"{match['left']} minus {match['right']}",
            "total": self.level_quantity(total),
            "parts": [left],
            "minus": [right],
            "basis": "stated",
            **self.text.quoted(match.start(), match.end()),
            "reviewed": False,
        }
        registry.quantities[self.level_quantity(total)]["signed"] = True
        registry.sums.append(
            (row, [f"candidate relation: {total.number.written} = {match.group()}"])
        )


class LevelIndex:
    """The levels of a text in order, asked by position: each question a bisection, so
    that asking once per sentence is not a pass over every level of the text."""

    def __init__(self, levels: list[DraftFigure]) -> None:
        self.levels = sorted(levels, key=lambda f: f.number.start)
        self.starts = [f.number.start for f in self.levels]
        # (unit, period) -> the ends and the levels of that unit and period, in order
        self.alike: dict[tuple[Any, Any], tuple[list[int], list[DraftFigure]]] = {}
        for level in self.levels:
            ends, alike = self.alike.setdefault(_unit_period(level), ([], []))
            ends.append(level.number.end)
            alike.append(level)

    def starting_in(self, start: int, end: int) -> list[DraftFigure]:
        """The levels that start in ``[start, end)``."""
        low = bisect.bisect_left(self.starts, start)
        return self.levels[low : bisect.bisect_left(self.starts, end, low)]

    def last_before(self, at: int, like: DraftFigure) -> list[DraftFigure]:
        """The last level ending by ``at`` with the unit and period of ``like`` ([] if none)."""
        ends, alike = self.alike.get(_unit_period(like), ([], []))
        count = bisect.bisect_right(ends, at)
        return alike[count - 1 : count]


def _unit_period(figure: DraftFigure) -> tuple[Any, Any]:
    period = figure.row.get("period")
    return figure.row["unit"], repr(period)


def unit_words(unit: str) -> str:
    """A seed unit as a quantity's ``unit`` spells it: "carat" -> "carats"."""
    return {"carat": "carats", "USD_per_carat": "USD per carat", "count": "count"}.get(unit, unit)


def _is_level(figure: DraftFigure) -> bool:
    unit = figure.row.get("unit")
    return unit not in ("percent", "factor", "rank", "year") and "base_period" not in figure.row
