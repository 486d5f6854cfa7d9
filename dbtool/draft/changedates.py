"""Changes in a draft: the level each change reaches and the base it is measured from.

"rose 9% to USD 338.7 million": the change reaches the level after it; its base
is the period a comparison names ("against … in 2016", "a year earlier"), or
the level a comparison states, or, where the text names none, a year before
(said in an ``# unsure:`` comment). A level inside a comparison takes that
base's period. The sentence being dated is the dater's
(:mod:`dbtool.draft.dating`); this reads and marks its state.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING, Protocol

from dbtool.core.periods import Period
from dbtool.draft.neighbours import is_change, is_level
from dbtool.draft.plans import Part, Planned
from dbtool.draft.timewords import Calendar, TimeWord, back, months_in

if TYPE_CHECKING:
    from dbtool.draft.found import FoundNumber, NumberIndex
    from dbtool.draft.text import Sentence, TextMap

_LAST_YEAR = re.compile(r"last\s+year|the\s+(?:previous|prior)\s+year", re.I)
_TO_LATER = re.compile(r",\s+to\s+(?=[\d$€£]|US|USD|EUR|RUB)")
_TO_LEVEL = re.compile(
    r"^\s*(?:(?:year[\s-]on[\s-]year|y/y|in\s+(?:value|volume)|by\s+(?:value|volume))\s+)?"
    r"(?:to|at|and\s+stood\s+at)\s+(?:a\s+(?:record|total|high|low)\s+(?:of\s+)?)?$",
    re.I,
)
_LEVEL_BEFORE = re.compile(
    r"^\s*,?\s*(?:(?:up|down|a\s+(?:rise|fall|decline|decrease|increase|"
    r"drop|gain)\s+of|an\s+(?:increase|decrease)\s+of)\s+)?$",
    re.I,
)


class Dating(Protocol):
    """What change dating reads and marks of the dater."""

    text: TextMap
    calendar: Calendar
    figure_index: NumberIndex
    legend: Period | None
    running: Period | None
    looked_back: bool
    part_starts: list[int]
    started_by: dict[int, Planned]
    used: set[int]

    def resolve(self, word: TimeWord, sentence: Sentence) -> Period | None: ...


class ChangeDater:
    """Each change of a sentence with its level and base, and each compared level's period."""

    def __init__(self, dater: Dating) -> None:
        self.dater = dater
        self.here_starts: dict[tuple[int, int], list[int]] = {}  # see _index_in

    def pair_changes(
        self,
        sentence: Sentence,
        here: list[FoundNumber],
        plans: dict[int, Planned],
        parts: list[Part],
        words: list[TimeWord],
        opening: TimeWord | None,
    ) -> None:
        """Each change with the level it reaches and its base."""
        text = self.dater.text.text
        for index, number in enumerate(here):
            if not is_change(number):
                continue
            plan = plans[id(number)]
            if plan.role != "main":
                continue
            following = here[index + 1] if index + 1 < len(here) else None
            level = None
            if (
                following is not None
                and is_level(following)
                and _TO_LEVEL.match(text[number.end : following.start])
            ):
                level = following
            elif (
                index
                and is_level(here[index - 1])
                and _LEVEL_BEFORE.match(text[here[index - 1].end : number.start])
            ):
                level = here[index - 1]
            if level is not None and plans[id(level)].role == "main":
                plan.reaches = level
                plans[id(level)].changed_by = number
                if plans[id(level)].period is not None:
                    plan.period = plans[id(level)].period
            elif to := _TO_LATER.search(text, number.end, sentence.end):
                # "down 8% and 7% in volume and value from A and B, to C and D in 2018"
                later = [n for n in here[index + 1 :] if n.start >= to.end() and is_level(n)]
                if later and plans[id(later[0])].period is not None:
                    plan.period = plans[id(later[0])].period
            self.change_base(plan, sentence, here, plans, parts, words, opening)

    def change_base(
        self,
        plan: Planned,
        sentence: Sentence,
        here: list[FoundNumber],
        plans: dict[int, Planned],
        parts: list[Part],
        words: list[TimeWord],
        opening: TimeWord | None,
    ) -> None:
        number = plan.number
        if plan.base is not None:
            return
        at = self._index_in(here, number)
        later = (here[i] for i in range(at + 1, len(here)))
        stop = next((n.start for n in later if is_change(n)), sentence.end)
        first = bisect.bisect_left(self.dater.part_starts, number.end)
        part = next(  # a figure in brackets after the change is another figure's base
            (
                parts[i]
                for i in range(first, len(parts))
                if not parts[i].revision and not parts[i].bracketed
            ),
            None,
        )
        if part is not None and part.start >= stop:
            part = None
        if part is None:  # "against USD 518 million in August, a 10% decline"
            earlier = next(
                (
                    parts[i]
                    for i in range(
                        bisect.bisect_left(self.dater.part_starts, number.start) - 1, -1, -1
                    )
                    if parts[i].end <= number.start and not parts[i].revision
                ),
                None,
            )
            between = itertools.takewhile(
                lambda n: earlier is not None and n.start > earlier.start,
                (here[i] for i in range(at - 1, -1, -1)),
            )
            if earlier is not None and not any(is_change(n) for n in between):
                part = earlier
        # "In 2016 … reported 127.4 million carats, so output rose 18%": the opening is the base
        if (
            opening is not None
            and plan.period is not None
            and self.dater.running is not None
            and plan.period.end < self.dater.running.start
            and opening.kind in ("explicit", "relative")
            # ("In 2017 polished exports fell 3.4% to USD 11.4 billion": a change in the
            # opening's own clause is of the opening's period)
            and re.search(r"[,;:]|\s[–—]\s", self.dater.text.text[opening.end : number.start])
            # (nor is "…, while net polished exports dropped 34%" after such a change)
            and not any(is_change(n) for n in here if opening.end <= n.start < number.start)
        ):
            looked_back = plan.period
            self.dater.looked_back = True
            for other in here:  # "…, while the average price eased to USD 103 per carat"
                later = plans[id(other)]
                if (
                    other.start >= number.start
                    and later.role == "main"
                    and later.period == looked_back
                ):
                    later.period = self.dater.running
                    if is_change(other) and later.base is None:
                        later.base = looked_back
            return
        if part is not None:
            levels = [
                n for n in self.dater.figure_index.starting_in(part.start, part.end) if is_level(n)
            ]
            if levels:
                plan.starts = levels[0]
                self.dater.started_by[id(levels[0])] = plan
        if plan.period is None:
            return
        if part is not None:
            in_part = [w for w in words if part.start <= w.start < part.end]
            if in_part:
                plan.base = self.base_word(in_part[0], plan.period, sentence)
                if plan.base is not None:
                    self.dater.used.add(in_part[0].start)
                    return
        bases = [
            w for w in words if w.kind == "base" and w.start > number.end and w.start < stop
        ] or [
            w
            for w in words
            if w.kind == "base"
            and w.end <= number.start
            and self.dater.text.clause_of(w.start) == self.dater.text.clause_of(number.start)
        ]
        if bases:
            step = bases[0].step
            if step in ("month", "quarter") and months_in(plan.period) > (
                1 if step == "month" else 3
            ):
                # "softened 9.9% month-on-month" read in a year: which month is not said
                plan.notes.append(
                    f"unsure: a change {step} on {step} in a period longer than a {step}; "
                    "its months are not said"
                )
                plan.period, plan.undatable = None, True
                return
            plan.base = bases[0].resolve(plan.period, self.dater.calendar)
            return
        plan.base = back(plan.period, "year")
        plan.notes.append("unsure: the text names no base; a year earlier is assumed")

    def _index_in(self, here: list[FoundNumber], number: FoundNumber) -> int:
        """Where ``number`` stands in its sentence's figures (in order), by bisection."""
        starts = self.here_starts
        key = (id(here), len(here))
        if key not in starts:
            starts.clear()
            starts[key] = [n.start for n in here]
        return bisect.bisect_left(starts[key], number.start)

    def base_word(self, word: TimeWord, period: Period, sentence: Sentence) -> Period | None:
        """The base a comparison's time words give a change of ``period``."""
        if word.kind == "relative" and word.step is not None:
            return back(period, word.step)  # "about 5% lower than last year": a year before
        if word.kind == "base":
            return word.resolve(period, self.dater.calendar)
        if word.kind in ("partial", "anaphor"):
            return word.resolve(period, self.dater.calendar)
        return self.dater.resolve(word, sentence)

    def base_level_period(
        self,
        plan: Planned,
        sentence: Sentence,
        parts: list[Part],
        words: list[TimeWord],
        plans: dict[int, Planned],
        here: list[FoundNumber],
    ) -> None:
        """A level in a comparison: its own time words, else the base of its change (or, in a
        revision, the period of what was revised)."""
        number = plan.number
        part = next(p for p in parts if p.start <= number.start < p.end)
        main = []  # the last main figure with a period before the comparison
        for n in reversed(here[: self._index_in(here, number)]):
            if plans[id(n)].role == "main" and n.end <= part.start and plans[id(n)].period:
                main = [plans[id(n)]]
                break
        change = self.dater.started_by.get(id(number))
        if plan.role == "revision":
            if main:
                plan.period = main[-1].period
            return
        in_part = [w for w in words if part.start <= w.start < part.end]
        reference = change.period if change else (main[-1].period if main else self.dater.running)
        if in_part:
            word = in_part[0]
            period = (
                word.resolve(reference, self.dater.calendar)
                if word.kind == "base" and reference
                else self.dater.resolve(word, sentence)
                if word.kind != "base"
                else None
            )
            if word.kind in ("partial", "anaphor") and reference is not None:
                period = word.resolve(reference, self.dater.calendar)
            said = self.dater.text.text[word.start : word.end]
            if (
                word.kind == "relative"
                and reference is not None
                and period is not None
                and not re.fullmatch(r"\d{4}", reference.label())
                and _LAST_YEAR.fullmatch(said)
            ):  # "up 12% from £54.1 million last year": the ten weeks of last year
                period = change.base if change and change.base else back(reference, "year")
            if period is not None:
                plan.period = period
                self.dater.used.add(word.start)
                return
        if part.bracketed and self.dater.legend is not None:
            plan.period = self.dater.legend  # "(2017 in parentheses)"
        elif change is not None and change.base is not None:
            plan.period = change.base
        elif main and main[-1].period is not None:
            plan.period = back(main[-1].period, "year")
            plan.notes.append("unsure: compared with a year earlier, it seems")
