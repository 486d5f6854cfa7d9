"""The third phase of a draft: a ``[[figures]]`` row for every dated number.

Each row has the exact quote, the written words, value, unit, precision, the
qualifier written in front of the number (when the database knows it), the
subject (the organisation or place its sentence names), a metric and a
measure, and the period the second phase gave it. A change gets its base
period and a quantity of its own, a share the whole it is "of", a rank its
ranking. What the seed format cannot hold (a euro amount, a share over
100 %, words the loader reads otherwise) is kept as a figure the writer
comments out, with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from dbtool.core.periods import Period
from dbtool.core.wording import WordingError, stated_value
from dbtool.db.vocabulary import UNITS
from dbtool.draft.dating import Dated, DatingPlan
from dbtool.draft.found import FoundNumber
from dbtool.draft.names import Entities, NamedEntity, word_set
from dbtool.draft.naming import Namer, kind_label
from dbtool.draft.registry import Registry, short_words
from dbtool.draft.text import Sentence, Span, TextMap

_YEAR_EARLIER = re.compile(
    r"\b(?:year[\s-]on[\s-]year|y/y|yoy|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|"
    r"prior)\s+year|the\s+year\s+before|(?:than|on|from)\s+last\s+year|the\s+same\s+period\s+"
    r"(?:of\s+)?last\s+year)\b",
    re.I,
)
_OF_PHRASE = re.compile(r"\s+of\s+(?P<phrase>[^,.;:()]+)")
_PHRASE_STOP = word_set(
    "are is was were has have had will would and but while which that who whose"
)


@dataclass
class DraftFigure:
    """A figure the draft wrote (or could not write: ``skipped`` says why)."""

    number: FoundNumber
    row: dict[str, Any]
    comments: list[str] = field(default_factory=list)
    skipped: str | None = None


class FigureDrafter:
    """Rows for the figures of one text, declaring the quantities and rankings they need."""

    def __init__(
        self,
        text: TextMap,
        numbers: list[FoundNumber],
        dateline: Span | None,
        place: str,
        published: dt.date,
        entities: Entities,
        qualifiers: frozenset[str],
        registry: Registry,
    ) -> None:
        self.text, self.numbers, self.dateline = text, numbers, dateline
        self.place, self.published = place, published
        self.entities, self.qualifiers, self.registry = entities, qualifiers, registry
        self.namer = Namer(text, numbers, dateline)
        self.last_subject: NamedEntity | None = None

    def figures(self, plan: DatingPlan) -> list[DraftFigure]:
        """Every planned number as a figure, in reading order, and the years no figure uses."""
        figures = []
        for p in plan.planned:
            n = p.number
            if n.unit == "year" and n.start in plan.used and n.qualifier is None:
                continue  # "in 2017", "ALROSA's 2017 sales": the period of a figure, not one
            figures.append(self.figure(n, p.period, p.base, p.source))
        # A period no figure uses still names its year ("for the first nine months of 2018").
        years = {f.number.start for f in figures}
        for d in plan.dated:
            if d.number is None or d.start in plan.used or d.base or d.number.unit != "date":
                continue
            year = re.search(r"(?:19|20)\d\d", d.number.written)
            if year is None:
                continue
            start = d.number.start + year.start()
            if start in years:
                continue
            number = FoundNumber(
                start, start + 4, year.group(), float(year.group()), "year", 0.0, None, "year"
            )
            figure = self.figure(number, None, None, None)
            figure.comments.append(
                f"unsure: '{d.number.written}' dates no figure; its year is kept as one"
            )
            figures.append(figure)
        figures.sort(key=lambda f: f.number.start)
        return figures

    def figure(
        self, n: FoundNumber, period: Period | None, base: Dated | None, source: str | None
    ) -> DraftFigure:
        """One number's row, or the reason the seed format cannot hold it."""
        line, column = self.text.line_column(n.start)
        kind = kind_label(n)
        figure = DraftFigure(n, {}, [f"line {line}, column {column}: {n.written!r}, {kind}"])
        if n.note:
            figure.comments.append(f"grammar: {n.note}")
        unit = n.unit
        if unit == "number":
            unit = "count"
            figure.comments.append("unsure: a bare number, drafted as a count")
        figure.skipped = _unstorable(n, unit)
        if figure.skipped is not None:
            return figure
        is_change = n.kind in ("change", "factor") and unit in ("percent", "factor")
        sentence = self.text.sentence_of(n.start)
        row: dict[str, Any] = {"key": self.registry.keys.new(n.written)}
        row |= self.quote(n, sentence, period)
        row |= {"written": n.written, "value": abs(n.value) if is_change else n.value}
        row["unit"] = unit
        qualifier = self.qualifier(n, figure)
        if qualifier:
            row["qualifier"] = qualifier
        row["precision"] = n.precision
        row["subject"] = self.subject(n, sentence, figure).key
        row["metric"] = self.namer.metric(n, kind)
        row["measure"] = self.namer.measure(n, unit)
        if period is not None:
            row["period"] = period.label()
            if source:
                figure.comments.append(source)
        if is_change:
            self.change(n, row, figure, period, base)
        elif unit == "percent":
            row["whole"] = self.whole(n, figure)
        elif unit == "rank":
            row["ranking"] = self.ranking(n)
        if n.value < 0 and not is_change and unit not in ("year",):
            name = self.namer.quantity_name(n, self.registry.last_name())
            comments = ["a negative amount: signed"]
            row["quantity"] = self.registry.quantity(name, unit, signed=True, comments=comments)
        if n.kind == "change" and unit not in ("percent", "factor"):
            figure.comments.append(
                "unsure: an amount of change ('rose by …'), drafted as an amount"
            )
            row.pop("period", None)
        row["reviewed"] = False
        figure.row = row
        return figure

    def subject(self, n: FoundNumber, sentence: Sentence, figure: DraftFigure) -> NamedEntity:
        """The organisation or place the number's sentence names, else the one before."""
        subject = self.entities.subject(sentence.start, sentence.end, n.start)
        if subject is None:
            subject = self.last_subject or self.entities.main()
            if subject is not None:
                figure.comments.append("unsure: no organisation or place in its sentence")
        if subject is None:
            subject = self.entities.by_key(self.place)
        assert subject is not None
        self.last_subject = subject
        return subject

    def quote(self, n: FoundNumber, sentence: Sentence, period: Period | None) -> dict[str, Any]:
        """From the sentence's start (or later, so ``written`` is found first) to the number,
        or to the period's words when they follow it in the sentence."""
        text = self.text.text
        start, end = sentence.start, n.end
        if self.dateline and start <= self.dateline[0] and self.dateline[1] <= n.start:
            after = re.match(r"\s*(?:[–—-]|:)?\s*", text[self.dateline[1] :])
            start = self.dateline[1] + (after.end() if after else 0)
        while True:
            earlier = text.find(n.written, start, n.start + len(n.written) - 1)
            if earlier == -1 or earlier >= n.start:
                break
            gap = re.search(r"\s\S", text[earlier + 1 : n.start + 1])
            start = earlier + 1 + gap.start() + 1 if gap else n.start
        if period is not None:
            for number in self.numbers:
                if (
                    n.end <= number.start < sentence.end
                    and number.period is not None
                    and Period(*number.period) == period
                ):
                    end = max(end, number.end)
                    break
        return self.text.quoted(start, end)

    def qualifier(self, n: FoundNumber, figure: DraftFigure) -> str | None:
        """The qualifier as written in front of the number (or "alone"), if the database has it."""
        if n.qualifier is None:
            return None
        written = n.written.lower().startswith(n.qualifier) or n.qualifier == "alone"
        if not written:
            figure.comments.append(f"the grammar reads it as '{n.qualifier}' (a range's bound)")
            return None
        if n.qualifier not in self.qualifiers:
            figure.comments.append(
                f"unsure: '{n.qualifier}' is no qualifier the database knows; add a "
                "[[qualifiers]] row to use it"
            )
            return None
        return n.qualifier

    def change(
        self,
        n: FoundNumber,
        row: dict[str, Any],
        figure: DraftFigure,
        period: Period | None,
        base: Dated | None,
    ) -> None:
        """A change's period (the document's year if none), base period, direction, quantity."""
        if period is None:
            year = self.published.year
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
            row["period"] = period.label()
            figure.comments.append("unsure: the text names no period; the document's year")
        sentence = self.text.sentence_of(n.start)
        if base is not None and base.start > n.start:
            row["base_period"] = base.period.label()
        else:
            row["base_period"] = period.shifted(-1).label()
            tail = self.text.text[n.end : sentence.end]
            head = self.text.text[sentence.start : n.start]
            if not _YEAR_EARLIER.search(tail) and not _YEAR_EARLIER.search(head):
                figure.comments.append("unsure: the text names no base; a year earlier is assumed")
        if n.unit == "percent":
            row["direction"] = n.direction
        name = self.namer.quantity_name(n, self.registry.last_name())
        row["quantity"] = self.registry.quantity(
            name, None, measure=row.get("measure", "unspecified")
        )

    def whole(self, n: FoundNumber, figure: DraftFigure) -> str:
        """The quantity a share is "of", declared from the words after it."""
        m = _OF_PHRASE.match(self.text.text, n.end)
        if m is None:
            figure.comments.append("unsure: a share of what? no 'of …' follows it")
            return self.registry.quantity(f"the whole of: {self.text.clause_words(n.start)}", None)
        words = []
        for word in m["phrase"].split():
            if word.lower() in _PHRASE_STOP or len(words) >= 8:
                break
            words.append(word)
        return self.registry.quantity(" ".join(words) or m["phrase"].strip(), None)

    def ranking(self, n: FoundNumber) -> str:
        """The ranking a rank places its subject in, named from the words after it."""
        tail = self.text.text[n.end : n.end + 80]
        tail = re.sub(r"^\s+(?:in|of|among)\s+", " ", tail)
        words = []
        for word in re.findall(r"[\w’'-]+|[^\w\s]", tail):
            if not re.match(r"[\w’'-]", word) or word.lower() in _PHRASE_STOP | {"for", "to"}:
                break
            if len(words) >= 5:
                break
            words.append(word)
        name = " ".join(words) or n.written
        for ranking in self.registry.rankings.values():
            if ranking["name"] == name:
                return str(ranking["key"])
        key = self.registry.keys.new("ranking", short_words(name))
        self.registry.rankings[key] = {
            "key": key,
            "name": name,
            "measure": "unspecified",
            "reviewed": False,
        }
        return key


def _unstorable(n: FoundNumber, unit: str) -> str | None:
    """Why the seed format cannot hold the number as drafted, or None when it can."""
    if unit not in UNITS:
        return f"unit {n.unit!r} is not one the seed format stores"
    is_change = n.kind in ("change", "factor") and unit in ("percent", "factor")
    if unit == "percent" and not is_change and not 0 <= n.value <= 100:
        return "a percentage over 100 that states no change"
    try:
        read = stated_value(n.written, unit)
    except WordingError:
        read = None
    if read is None or abs(read.value - n.value) > 1e-9 * max(1.0, abs(n.value)):
        shown = "nothing" if read is None else f"{read.value:g}"
        return f"the loader reads {n.written!r} as {shown}, not {n.value:g}"
    return None
