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
from dbtool.db.vocabulary import CHANGE_UNITS, SIGNED_CHANGE_UNITS, UNITS
from dbtool.draft.found import NEAR, FoundNumber
from dbtool.draft.names import Entities, NamedEntity, word_set
from dbtool.draft.naming import Namer, kind_label
from dbtool.draft.plans import DatingPlan, Planned
from dbtool.draft.registry import MADE_UP_WHOLE, Registry, short_words
from dbtool.draft.text import Sentence, Span, TextMap
from dbtool.draft.timewords import months_in

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


# What a share says where no "of …" follows it; dropped when a later phase finds its whole.
NO_WHOLE = "unsure: a share of what? no 'of …' follows it"


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
        for planned in plan.planned:
            number = planned.number
            if number.unit == "year" and number.start in plan.used and number.qualifier is None:
                continue  # "in 2017", "ALROSA's 2017 sales": the period of a figure, not one
            figures.append(self.figure(planned))
        # A period no figure uses still names its year ("for the first nine months of 2018").
        years = {f.number.start for f in figures}
        for word in plan.words:
            named = word.number
            if named is None or word.start in plan.used or named.unit != "date" or word.point:
                continue
            year = re.search(r"(?:19|20)\d\d", named.written)
            if year is None:
                continue
            start = named.start + year.start()
            if start in years:
                continue
            year_number = FoundNumber(
                start, start + 4, year.group(), float(year.group()), "year", 0.0, None, "year"
            )
            figure = self.figure(Planned(year_number, None))
            figure.comments.append(f"'{named.written}' dates no figure; its year is kept as one")
            figures.append(figure)
        figures.sort(key=lambda f: f.number.start)
        return figures

    def figure(self, planned: Planned) -> DraftFigure:
        """One number's row, or the reason the seed format cannot hold it."""
        number, period = planned.number, planned.period
        line, column = self.text.line_column(number.start)
        kind = kind_label(number)
        figure = DraftFigure(
            number, {}, [f"line {line}, column {column}: {number.written!r}, {kind}"]
        )
        if number.note:
            figure.comments.append(f"grammar: {number.note}")
        unit = number.unit
        if unit == "number":
            unit = "count"
            figure.comments.append("unsure: a bare number, drafted as a count")
        figure.skipped = _unstorable(number, unit)
        if figure.skipped is not None:
            return figure
        is_change = number.kind in ("change", "factor") and unit in CHANGE_UNITS
        sentence = self.text.sentence_of(number.start)
        row: dict[str, Any] = {"key": self.registry.keys.new(number.written)}
        row |= self.quote(number, sentence, period)
        written = number.written
        if is_change:  # "-13%" in a table's change column: its size, the sign its direction
            written = re.sub(r"^[-+−–]\s*", "", written)
        row |= {
            "written": written,
            "value": abs(number.value) if is_change else number.value,
        }
        row["unit"] = unit
        qualifier = self.qualifier(number, figure)
        if qualifier:
            row["qualifier"] = qualifier
        row["precision"] = number.precision
        if number.scale:
            row["scale"] = number.scale
        subject = self.subject(number, sentence, figure)
        if subject is None:  # the seed format needs one: left out rather than guessed
            figure.skipped = "the text names no organisation or place before it to be its subject"
            return figure
        row["subject"] = subject.key
        row["metric"] = self.namer.metric(number, kind)
        row["measure"] = self.namer.measure(number, unit)
        if period is not None and period.end < period.start:  # a misreading no seed would load
            figure.comments.append(f"unsure: read as ending before it starts ({period.label()})")
            period = None
        if period is not None:
            row["period"] = period.label()
        figure.comments.extend(planned.notes)
        if is_change:
            self.change(
                number, row, figure, period, planned.base, planned.undatable, planned.starts
            )
        elif unit == "percent":
            row["whole"] = self.whole(number, figure)
        elif unit == "rank":
            row["ranking"] = self.ranking(number)
        if number.kind == "change" and unit not in CHANGE_UNITS:
            figure.comments.append(
                "unsure: an amount of change ('rose by …'), drafted as an amount"
            )
            row.pop("period", None)
        row["reviewed"] = False
        figure.row = row
        return figure

    def subject(
        self, number: FoundNumber, sentence: Sentence, figure: DraftFigure
    ) -> NamedEntity | None:
        """The organisation or place the number's sentence names, else the one before, else
        the dateline's place; None when the text has named none yet."""
        # a semicolon parts clauses of their own subjects: "…, or 92.3% of the total; the
        # remaining 84,500 carats (7.7%) were shipped to the United Arab Emirates"
        text = self.text.text
        start = text.rfind(";", sentence.start, number.start) + 1 or sentence.start
        end = text.find(";", number.end, sentence.end)
        subject = None
        if start > sentence.start or end != -1:
            subject = self.entities.subject(start, sentence.end if end == -1 else end, number.start)
        if subject is None:
            subject = self.entities.subject(sentence.start, sentence.end, number.start)
        if subject is None:
            subject = self.last_subject or self.entities.main()
            if subject is not None:
                figure.comments.append("subject: the one named before (none in its sentence)")
        if subject is None:
            subject = self.entities.by_key(self.place)
        # A share's subject is often a part ("followed by the United Arab Emirates with
        # 27%"), not what the next sentences are about.
        if subject is not None and not (number.unit == "percent" and number.kind != "change"):
            self.last_subject = subject
        return subject

    def quote(
        self, number: FoundNumber, sentence: Sentence, period: Period | None
    ) -> dict[str, Any]:
        """From the sentence's start (or later, so ``written`` is found first) to the number,
        or to the period's words when they follow it in the sentence."""
        text = self.text.text
        start, end = sentence.start, number.end
        if self.dateline and start <= self.dateline[0] and self.dateline[1] <= number.start:
            after = re.match(r"\s*(?:[–—-]|:)?\s*", text[self.dateline[1] :])
            start = self.dateline[1] + (after.end() if after else 0)
        if number.start - start > NEAR:  # a word start at most NEAR before the number
            gap = re.search(r"\s\S", text[number.start - NEAR : number.start + 1])
            start = number.start - NEAR + gap.start() + 1 if gap else number.start
        # After the last earlier occurrence of the written words (one search, not one per
        # occurrence), so that ``written`` is found first in the quote.
        earlier = text.rfind(number.written, start, number.start + len(number.written) - 1)
        if earlier != -1 and earlier < number.start:
            gap = re.search(r"\s\S", text[earlier + 1 : number.start + 1])
            start = earlier + 1 + gap.start() + 1 if gap else number.start
        if period is not None:
            for other in self.namer.positions.starting_in(number.end, sentence.end):
                if other.period is not None and Period(*other.period) == period:
                    end = max(end, other.end)
                    break
        return self.text.quoted(start, end)

    def qualifier(self, number: FoundNumber, figure: DraftFigure) -> str | None:
        """The qualifier as written in front of the number (or "alone"), if the database has it."""
        if number.qualifier is None:
            return None
        written = number.written.lower().startswith(number.qualifier) or number.qualifier == "alone"
        if not written:
            figure.comments.append(
                f"the grammar reads it as '{number.qualifier}' (a range's bound)"
            )
            return None
        if number.qualifier not in self.qualifiers:
            figure.comments.append(
                f"unsure: '{number.qualifier}' is no qualifier the database knows; add a "
                "[[qualifiers]] row to use it"
            )
            return None
        return number.qualifier

    def change(
        self,
        number: FoundNumber,
        row: dict[str, Any],
        figure: DraftFigure,
        period: Period | None,
        base: Period | None,
        undatable: bool = False,
        starts: FoundNumber | None = None,
    ) -> None:
        """A change's period (the document's year if none), base period, direction, quantity.

        Not the document's year when its words name a period a seed cannot ("the first
        quarter of FY 2020"), nor a base read as not before its period: a change needs its
        periods, so it is left out, commented.
        """
        if number.unit in SIGNED_CHANGE_UNITS:
            row["direction"] = number.direction
        if period is None and undatable:
            figure.skipped = "a change over a period a seed cannot name; relate it by hand"
            return
        if period is None and (starts is not None or (base is not None and months_in(base) != 12)):
            # "up 12% from US$52.1 million at the October tender": of an unnamed later one
            figure.skipped = (
                "a change from a level the text dates to a period it does not name; relate it "
                "by hand"
            )
            return
        if period is None:
            year = self.published.year
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
            row["period"] = period.label()
            figure.comments.append("unsure: the text names no period; the document's year")
        base = base or period.shifted(-1)
        if base.start > period.start or base == period or base.end < base.start:  # misread
            figure.skipped = f"a change from {base.label()} to {period.label()}; relate it by hand"
            return
        row["base_period"] = base.label()

    def whole(self, number: FoundNumber, figure: DraftFigure) -> str:
        """The quantity a share is "of", declared from the words after it."""
        match = _OF_PHRASE.match(self.text.text, number.end)
        if match is None:
            figure.comments.append(NO_WHOLE)
            return self.registry.quantity(
                f"{MADE_UP_WHOLE}{self.text.clause_words(number.start)}", None
            )
        words = []
        for word in match["phrase"].split():
            if word.lower() in _PHRASE_STOP or len(words) >= 8:
                break
            words.append(word)
        return self.registry.quantity(" ".join(words) or match["phrase"].strip(), None)

    def ranking(self, number: FoundNumber) -> str:
        """The ranking a rank places its subject in, named from the words after it."""
        tail = self.text.text[number.end : number.end + 80]
        tail = re.sub(r"^\s+(?:in|of|among)\s+", " ", tail)
        words = []
        for word in re.findall(r"[\w’'-]+|[^\w\s]", tail):
            if not re.match(r"[\w’'-]", word) or word.lower() in _PHRASE_STOP | {"for", "to"}:
                break
            if len(words) >= 5:
                break
            words.append(word)
        name = " ".join(words) or number.written
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


def _unstorable(number: FoundNumber, unit: str) -> str | None:
    """Why the seed format cannot hold the number as drafted, or None when it can."""
    if unit not in UNITS:
        return f"unit {number.unit!r} is not one the seed format stores"
    is_change = number.kind in ("change", "factor") and unit in CHANGE_UNITS
    if unit == "percentage_point" and not is_change:
        return "percentage points with no word of change (rose, fell); relate them by hand"
    if unit == "percent" and not is_change and not 0 <= number.value <= 100:
        return "a percentage over 100 that states no change"
    try:
        read = stated_value(number.written, unit)
    except WordingError:
        read = None
    if read is None or abs(read.value * (number.scale or 1) - number.value) > 1e-9 * max(
        1.0, abs(number.value)
    ):
        shown = "nothing" if read is None else f"{read.value:g}"
        return f"the loader reads {number.written!r} as {shown}, not {number.value:g}"
    return None
