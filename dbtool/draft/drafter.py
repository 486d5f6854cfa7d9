"""Draft a seed file from a press release, so a person spends minutes on judgement, not typing.

``draft_seed(text, file_name, context)`` reads the text once and writes a seed
that ``dbtool seed`` loads as it is:

* the ``[document]`` block: slug from the file name, title from the first
  line, date and place from the dateline ("Moscow, 10 October 2018 –",
  "Antwerp, February 2018 –", "Moscow:") with its basis (stated, month,
  inferred);
* every number the grammar of :mod:`dbtool.draft.numbers` finds, as a figure
  with its exact quote, written words, value, unit, precision and the
  qualifier written in front of it; dates, times, list markers, references
  and periods named again are not figures, they date them;
* the period of each figure: a date in its clause ("in July 2018",
  "January–September 2018"), a month the text names without a year ("In
  September", the document's year), "last year", or the period of the
  sentence before; a change also gets its base ("year on year", "a year
  earlier", "than in July 2017"; a year earlier when the text names none);
* entities the database knows, matched by name, short name or an alias a
  document quoted, as ``[[mentions]]``; unknown capitalised names as candidate
  entities when the words around them say what they are, listed in comments
  otherwise (:mod:`dbtool.draft.names` finds them);
* candidate relations: a change and the levels it goes to and from share a
  quantity ("fell 3.4% to USD 11.4 billion", "to USD 2.15 billion from USD
  1.05 billion"); a total and its parts ("of which", "accounted for", "made
  up") are a sum; "exports minus imports" a difference.

Everything drafted says ``reviewed = false``, and a ``# unsure:`` comment
stands above a row where the draft guessed. What the seed format cannot hold
(a euro amount, a duration, a share over 100 %, words the loader reads
otherwise) is written as a commented-out row with the reason, so ``dbtool
lint`` still lists that number. This module reads no database: the caller
passes what the database knows as a :class:`DraftContext`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dbtool.core.periods import Period
from dbtool.core.wording import WordingError, stated_value
from dbtool.draft.names import (
    MONTHS,
    Entities,
    Entity,
    KnownEntity,
    known_entities,
    slugify,
    word_set,
)
from dbtool.draft.numbers import FoundNumber, find_numbers, is_date_or_marker
from dbtool.seedformat import tomltext

if TYPE_CHECKING:
    from dbtool.db.reader import Reader


# Units the seed format stores (dbtool.db.vocabulary.UNITS, which the loader enforces).
SEED_UNITS = ("percent", "count", "USD", "rank", "year", "carat", "USD_per_carat", "factor")
DRAFT_NOTE = (
    "Drafted by `dbtool draft`. Review every row marked reviewed = false (read the\n"
    "'unsure' comments first), then delete that line; `dbtool lint` lists what is left."
)

_SENTENCE_END = re.compile(
    r"(?<!\bNo)(?<!\bRs)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bvs)(?<!\bapprox)"
    r"(?<!\b[A-Z])[.!?](?=\s+[\"“‘'(]?[A-Z0-9])"
)
_CLAUSE_BREAK = re.compile(r"(?:,|;|\s[–—])\s+|\s+(?:but|while|whereas)\s+")
_COMPARISON = re.compile(
    r"^(?:compared\s+(?:with|to)|against|versus|vs\.?|from|up\s+from|down\s+from|than)\b", re.I
)
_BASE_BEFORE = re.compile(
    r"(?:\bthan(?:\s+in)?|\bcompared\s+(?:with|to)|\bagainst|\bversus|\bfrom|\bon|\bover)\s+$",
    re.I,
)
_YEAR_EARLIER = re.compile(
    r"\b(?:year[\s-]on[\s-]year|y/y|yoy|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|"
    r"prior)\s+year|the\s+year\s+before|(?:than|on|from)\s+last\s+year|the\s+same\s+period\s+"
    r"(?:of\s+)?last\s+year)\b",
    re.I,
)
_RELATIVE = re.compile(r"\b(?P<which>last|this|previous)\s+(?P<unit>year|month)\b", re.I)
_MONTH_NAME = re.compile(rf"\b(?P<month>{'|'.join(MONTHS)})\b")
_VALUE_OR_VOLUME = re.compile(r"\b(?P<word>value|volume|carats)\b", re.I)
_SUM_WHOLE_BEFORE = re.compile(r"\bof\s+which\b", re.I)
_SUM_PARTS = re.compile(
    r"\b(?:accounted\s+for|made\s+up|make\s+up|makes\s+up|of\s+this|of\s+that|of\s+the\s+total)\b",
    re.I,
)
_DIFFERENCE = re.compile(
    r"\b(?P<left>(?:(?:total|net|gross)\s+)?[a-z]+)\s+minus\s+(?P<right>(?:(?:total|net|gross)\s+)?"
    r"[a-z]+)\b(?!\s*(?:USD|\$|\d))"
)
_OF_PHRASE = re.compile(r"\s+of\s+(?P<phrase>[^,.;:()]+)")
_PHRASE_STOP = word_set(
    "are is was were has have had will would and but while which that who whose"
)
_DATELINE = re.compile(
    r"^(?P<quote>(?P<place>[A-Z][A-Za-z’'. -]{1,40}?)"
    r"(?:,\s+(?P<date>[^–—:\n]{3,40}?))?)\s*(?:(?P<colon>:)|\s[–—-]\s)"
)
# ----------------------------------------------------------------- what the database knows


class DraftError(ValueError):
    """A text no seed can be drafted from (an empty one)."""


@dataclass(frozen=True)
class DraftContext:
    """What the database knows: entities to match, qualifiers it can load, keys in use."""

    entities: tuple[KnownEntity, ...] = ()
    qualifiers: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- the result


@dataclass
class DraftFigure:
    """A figure the draft wrote (or could not write: ``skipped`` says why)."""

    number: FoundNumber
    row: dict[str, Any]
    comments: list[str] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class Draft:
    """A drafted seed: the TOML text, and what it holds (for the summary and the benchmark)."""

    slug: str
    toml: str
    figures: list[DraftFigure]
    mentions: int = 0
    entities: int = 0
    candidates: list[str] = field(default_factory=list)
    relations: int = 0

    @property
    def written(self) -> list[DraftFigure]:
        return [f for f in self.figures if f.skipped is None]

    def summary(self) -> str:
        skipped = len(self.figures) - len(self.written)
        return (
            f"{self.slug}: {len(self.written)} figures"
            + (f" ({skipped} more commented out)" if skipped else "")
            + f", {self.mentions} mentions of known entities, {self.entities} candidate "
            f"entities ({len(self.candidates)} more named in comments), {self.relations} "
            "candidate relations; all marked reviewed = false"
        )


# ------------------------------------------------------------------------------ the text


@dataclass
class _Sentence:
    start: int
    end: int
    clauses: list[tuple[int, int]]


def _sentences(text: str) -> list[_Sentence]:
    """Sentences (a line is at least one), each split into clauses at commas and dashes."""
    result = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        ends = [m.end() for m in _SENTENCE_END.finditer(text, line.start(), line.end())]
        for end in [*ends, line.end()]:
            while start < end and text[start].isspace():
                start += 1
            if start < end:
                result.append(_Sentence(start, end, _clauses(text, start, end)))
            start = end
    return result


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        spans.append((at, m.start()))
        at = m.end()
    spans.append((at, end))
    return [(a, b) for a, b in spans if a < b]


def _line_column(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _occurrence(text: str, quote: str, start: int) -> int | None:
    """The ``occurrence`` a quote starting at ``start`` needs (None if it occurs once)."""
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts.index(start) + 1 if len(starts) > 1 else None


def _quoted(text: str, start: int, end: int) -> dict[str, Any]:
    quote = text[start:end]
    occurrence = _occurrence(text, quote, start)
    return {"quote": quote, "occurrence": occurrence}


# ------------------------------------------------------------------------ the draft itself


@dataclass
class _Dated:
    """A period the text names: where, and the days it covers."""

    start: int
    end: int
    period: Period
    base: bool  # "than in July 2017": the base of a change, not the period of a level
    comparison: bool  # in a clause that compares ("compared with … in 2016")
    number: FoundNumber | None = None


class _Drafter:
    def __init__(
        self, text: str, file_name: str, context: DraftContext, today: dt.date | None
    ) -> None:
        self.text, self.file_name, self.context = text, file_name, context
        self.today = today or dt.date.today()
        self.slug = slugify(re.sub(r"\.[^.]*$", "", file_name.rsplit("/", 1)[-1]), 80)
        self.sentences = _sentences(text)
        self.numbers = find_numbers(text)
        starts = {s.start for s in self.sentences}
        self.entities = Entities(text, context.entities, context.keys, starts, self.numbers)
        self.keys: set[str] = set(context.keys)
        self.quantities: dict[str, dict[str, Any]] = {}
        self.quantity_comments: dict[str, list[str]] = {}
        self.rankings: dict[str, dict[str, Any]] = {}
        self.sums: list[tuple[dict[str, Any], list[str]]] = []
        self.figures: list[DraftFigure] = []
        self.document: dict[str, Any] = {}
        self.document_comments: list[str] = []
        self.dateline: tuple[int, int] | None = None
        self.published = self.today

    # -- keys ----------------------------------------------------------------

    def key(self, *parts: str) -> str:
        base = slugify("-".join([self.slug, *parts]), 90)
        key, n = base, 1
        while key in self.keys:
            n += 1
            key = f"{base}-{n}"
        self.keys.add(key)
        return key

    # -- the document block ----------------------------------------------------

    def document_block(self) -> None:
        first = re.search(r"\S[^\n]*", self.text)
        if first is None:
            raise DraftError("the text is empty")
        title, body = first.group().strip(), first.end()
        opens_with_dateline = _DATELINE.match(title) is not None and len(title) > 120
        if opens_with_dateline:  # no title line: the text opens with its dateline
            body = first.start()
        line = re.compile(r"\S[^\n]*").search(self.text, body)
        place_key, quote_span, date_number = None, None, None
        if line is not None:
            m = _DATELINE.match(line.group())
            if m is not None:
                at = line.start()
                quote_span = (at + m.start("quote"), at + m.end("quote"))
                if m["colon"]:
                    quote_span = (quote_span[0], at + m.end("colon"))
                place_key = self.place_named(m["place"].strip(), at + m.start("place"))
                date_number = next(
                    (
                        n
                        for n in self.numbers
                        if n.unit == "date"
                        and m["date"]
                        and at + m.start("date") <= n.start
                        and n.end <= at + m.end("date")
                    ),
                    None,
                )
        if opens_with_dateline:
            after = quote_span[1] if quote_span else first.start()
            sentence = self.sentence_of(after)
            title = " ".join(self.text[after : sentence.end].split()).lstrip(":–— ")
            if len(title) > 100:
                title = title[:97].rsplit(" ", 1)[0] + " …"
            self.document_comments.append(
                "unsure: the text has no title line; the title is its first sentence, cut"
            )
        if quote_span is not None:
            self.dateline = quote_span
        published, basis, note = self.document_date(date_number)
        self.published = published
        if place_key is None:
            place_key, quote_span = self.fallback_place()
            self.document_comments.append(
                "unsure: no dateline ('Place, 10 October 2018 –') was found; the place is a guess"
            )
        assert quote_span is not None
        self.document = {
            "slug": self.slug,
            "title": title,
            "file": self.file_name,
            "published_on": published,
            "published_on_basis": basis,
            "date_note": note,
            "dateline": {"place": place_key, **_quoted(self.text, *quote_span)},
        }

    def place_named(self, name: str, start: int) -> str:
        """The key of the place a dateline names: known, a candidate already found, or new."""
        plain = name.title() if name.isupper() else name
        for e in self.entities.found:
            if e.known and e.kind == "place" and (e.name == plain or e.name == name):
                return e.key
        for known in self.context.entities:
            if known.kind == "place" and plain in known.names:
                return known.key
        for e in self.entities.found:
            if not e.known and e.name == name:
                if e.kind != "place":
                    e.kind, e.type = "place", "region"
                    e.reason = "a dateline names it"
                return e.key
        entity = Entity(
            self.entities._key(plain),
            "place",
            name,
            start,
            start + len(name),
            False,
            [(start, start + len(name))],
            "region",
            None,
            "a dateline names it",
        )
        self.entities.found.append(entity)
        return entity.key

    def fallback_place(self) -> tuple[str, tuple[int, int]]:
        places = [e for e in self.entities.found if e.kind == "place"]
        if places:
            e = min(places, key=lambda x: x.start)
            return e.key, (e.start, e.end)
        m = re.search(r"[A-Z][a-z]+", self.text)
        start, end = (m.start(), m.end()) if m else (0, max(1, min(len(self.text), 10)))
        return self.place_named(self.text[start:end], start), (start, end)

    def document_date(self, dateline: FoundNumber | None) -> tuple[dt.date, str, str | None]:
        if dateline is not None and dateline.period is not None:
            first, last = dateline.period
            if first == last:
                return first, "stated", None
            return first, "month", f"The dateline gives the month only ('{dateline.written}')."
        full = [n for n in self.numbers if n.unit == "date" and n.period is not None]
        days = [n for n in full if n.period and n.period[0] == n.period[1]]
        years = [int(n.value) for n in self.numbers if n.unit == "year" and n.kind == "year"]
        if days:
            latest = max(days, key=lambda n: n.period[0])  # type: ignore[index]
            note = f"No dated dateline; the latest day the text names ('{latest.written}')."
            return latest.period[0], "inferred", note  # type: ignore[index]
        yearless = [n for n in self.numbers if n.unit == "date" and n.period is None]
        if yearless and years:
            n = yearless[0]
            month, day = divmod(int(n.value), 100)
            year = max(years)
            note = (
                f"No dated dateline; '{n.written}' in the latest year the text names ({year}). "
                "Check the year."
            )
            self.document_comments.append("unsure: the year of the document's date is a guess")
            return dt.date(year, month, day), "inferred", note
        self.document_comments.append("unsure: the text gives no date; today's is a placeholder")
        return (
            self.today,
            "inferred",
            "The text gives no date; drafted with the day it was drafted.",
        )

    # -- periods ---------------------------------------------------------------

    def dated(self) -> list[_Dated]:
        """Every period the text names, in order: dates, years, months, 'last year'."""
        found: list[_Dated] = []
        claimed = []
        for n in self.numbers:
            if n.period is None or n.unit not in ("date", "year"):
                continue
            if self.dateline and self.dateline[0] <= n.start < self.dateline[1]:
                continue
            found.append(self._dated(n.start, n.end, Period(*n.period), n))
            claimed.append((n.start, n.end))
        for m in _MONTH_NAME.finditer(self.text):
            if any(s <= m.start() < e for s, e in claimed):
                continue
            if self.dateline and self.dateline[0] <= m.start() < self.dateline[1]:
                continue
            month = MONTHS.index(m["month"]) + 1
            year = self.published.year if month <= self.published.month else self.published.year - 1
            period = Period(dt.date(year, month, 1), _month_end(year, month))
            found.append(self._dated(m.start(), m.end(), period))
        for m in _RELATIVE.finditer(self.text):
            which, unit = m["which"].lower(), m["unit"].lower()
            if re.search(r"(?:than|on|from|of)\s+$", self.text[max(0, m.start() - 12) : m.start()]):
                continue  # "than last year" is a base, read with the change
            back = 0 if which == "this" else 1
            if unit == "year":
                year = self.published.year - back
                period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
            else:
                month = self.published.month - back or 12
                year = self.published.year - (1 if back and self.published.month == 1 else 0)
                period = Period(dt.date(year, month, 1), _month_end(year, month))
            found.append(self._dated(m.start(), m.end(), period))
        return sorted(found, key=lambda d: d.start)

    def _dated(
        self, start: int, end: int, period: Period, number: FoundNumber | None = None
    ) -> _Dated:
        before = self.text[max(0, start - 30) : start]
        clause = self.clause_of(start)
        # "compared with … in 2016" (not "From January to July 2018", a date of its own)
        comparison = bool(_COMPARISON.match(self.text[clause[0] : start]))
        return _Dated(start, end, period, bool(_BASE_BEFORE.search(before)), comparison, number)

    def sentence_of(self, at: int) -> _Sentence:
        return next(s for s in self.sentences if s.start <= at < s.end or at == s.end)

    def clause_of(self, at: int) -> tuple[int, int]:
        sentence = (
            self.sentence_of(at) if any(s.start <= at <= s.end for s in self.sentences) else None
        )
        if sentence is None:
            return (at, at)
        return next((c for c in sentence.clauses if c[0] <= at < c[1]), sentence.clauses[-1])

    # -- figures ---------------------------------------------------------------

    def draft(self) -> None:
        self.document_block()
        dated = self.dated()
        used_as_period: set[int] = set()
        running: Period | None = None
        figures = [
            n
            for n in self.numbers
            if not is_date_or_marker(n)
            and not (self.dateline and self.dateline[0] <= n.start < self.dateline[1])
        ]
        by_clause: dict[tuple[int, int], list[_Dated]] = {}
        for d in dated:
            by_clause.setdefault(self.clause_of(d.start), []).append(d)
        plan: list[tuple[FoundNumber, Period | None, _Dated | None, str | None]] = []
        for sentence in self.sentences:
            for clause in sentence.clauses:
                in_clause = by_clause.get(clause, [])
                own = next((d for d in in_clause if not d.base), None)
                base = next((d for d in in_clause if d.base), None)
                numbers = [n for n in figures if clause[0] <= n.start < clause[1]]
                for n in numbers:
                    if n.kind == "year" or n.unit in ("rank", "year"):
                        plan.append((n, None, None, None))
                        continue
                    period, source = None, None
                    if own is not None and own.number is not n:
                        period, source = own.period, None
                        used_as_period.add(own.start)
                    elif self.inherits(n) and running is not None:
                        period, source = running, "unsure: period from an earlier sentence"
                    plan.append((n, period, base, source))
                if own is not None and not own.comparison:
                    running = own.period
        periods_used = {d.start for d in dated if d.start in used_as_period}
        self.figure_rows(plan, dated, periods_used)
        self.relations()

    def inherits(self, n: FoundNumber) -> bool:
        """Amounts, volumes and changes carry the period of the sentences before them."""
        if n.kind in ("change", "factor"):
            return True
        if n.unit in ("USD", "USD_per_carat") or n.unit.isupper():
            return True
        return n.unit == "carat" and n.value >= 1000

    def figure_rows(
        self,
        plan: list[tuple[FoundNumber, Period | None, _Dated | None, str | None]],
        dated: list[_Dated],
        periods_used: set[int],
    ) -> None:
        for n, period, base, source in plan:
            if n.unit == "year" and n.start in periods_used and n.qualifier is None:
                continue  # "in 2017", "ALROSA's 2017 sales": the period of a figure, not one
            self.figures.append(self.figure(n, period, base, source))
        # A period no figure uses still names its year ("for the first nine months of 2018").
        years = {f.number.start for f in self.figures}
        for d in dated:
            if d.number is None or d.start in periods_used or d.base or d.number.unit != "date":
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
            self.figures.append(figure)
        self.figures.sort(key=lambda f: f.number.start)

    def figure(
        self, n: FoundNumber, period: Period | None, base: _Dated | None, source: str | None
    ) -> DraftFigure:
        line, column = _line_column(self.text, n.start)
        kind = _kind_label(n)
        figure = DraftFigure(n, {}, [f"line {line}, column {column}: {n.written!r}, {kind}"])
        if n.note:
            figure.comments.append(f"grammar: {n.note}")
        unit = n.unit
        if unit == "number":
            unit = "count"
            figure.comments.append("unsure: a bare number, drafted as a count")
        if unit not in SEED_UNITS:
            figure.skipped = f"unit {n.unit!r} is not one the seed format stores"
            return figure
        is_change = n.kind in ("change", "factor") and unit in ("percent", "factor")
        if unit == "percent" and not is_change and not 0 <= n.value <= 100:
            figure.skipped = "a percentage over 100 that states no change"
            return figure
        value = abs(n.value) if is_change else n.value
        try:
            read = stated_value(n.written, unit)
        except WordingError:
            read = None
        if read is None or abs(read.value - n.value) > 1e-9 * max(1.0, abs(n.value)):
            shown = "nothing" if read is None else f"{read.value:g}"
            figure.skipped = f"the loader reads {n.written!r} as {shown}, not {n.value:g}"
            return figure
        sentence = self.sentence_of(n.start)
        row: dict[str, Any] = {"key": self.key(n.written)}
        row |= self.quote(n, sentence, period)
        row |= {"written": n.written, "value": value, "unit": unit}
        qualifier = self.qualifier(n, figure)
        if qualifier:
            row["qualifier"] = qualifier
        row["precision"] = n.precision
        subject = self.entities.subject(sentence.start, sentence.end, n.start)
        if subject is None:
            subject = self.last_subject or self.entities.main()
            if subject is not None:
                figure.comments.append("unsure: no organisation or place in its sentence")
        if subject is None:
            subject = self.entities.by_key(self.document["dateline"]["place"])
        assert subject is not None
        self.last_subject = subject
        row["subject"] = subject.key
        row["metric"] = self.metric(n, kind)
        row["measure"] = self.measure(n, unit)
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
            row["quantity"] = self.quantity(
                self.quantity_name(n), unit, signed=True, comments=["a negative amount: signed"]
            )
        if n.kind == "change" and unit not in ("percent", "factor"):
            figure.comments.append(
                "unsure: an amount of change ('rose by …'), drafted as an amount"
            )
            row.pop("period", None)
        row["reviewed"] = False
        figure.row = row
        return figure

    last_subject: Entity | None = None

    def quote(self, n: FoundNumber, sentence: _Sentence, period: Period | None) -> dict[str, Any]:
        """From the sentence's start (or later, so ``written`` is found first) to the number,
        or to the period's words when they follow it in the sentence."""
        start, end = sentence.start, n.end
        if self.dateline and start <= self.dateline[0] and self.dateline[1] <= n.start:
            after = re.match(r"\s*(?:[–—-]|:)?\s*", self.text[self.dateline[1] :])
            start = self.dateline[1] + (after.end() if after else 0)
        while True:
            earlier = self.text.find(n.written, start, n.start + len(n.written) - 1)
            if earlier == -1 or earlier >= n.start:
                break
            gap = re.search(r"\s\S", self.text[earlier + 1 : n.start + 1])
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
        return _quoted(self.text, start, end)

    def qualifier(self, n: FoundNumber, figure: DraftFigure) -> str | None:
        """The qualifier as written in front of the number (or "alone"), if the database has it."""
        if n.qualifier is None:
            return None
        written = n.written.lower().startswith(n.qualifier) or n.qualifier == "alone"
        if not written:
            figure.comments.append(f"the grammar reads it as '{n.qualifier}' (a range's bound)")
            return None
        if n.qualifier not in self.context.qualifiers:
            figure.comments.append(
                f"unsure: '{n.qualifier}' is no qualifier the database knows; add a "
                "[[qualifiers]] row to use it"
            )
            return None
        return n.qualifier

    def subject_phrase(self, n: FoundNumber) -> str:
        """What a number is of, as its clause words it before it: "Rough imports declined"
        -> "Rough imports"; dates, periods, verbs and linking words are left out."""
        a, _b = self.clause_of(n.start)
        before = [m.end for m in self.numbers if a <= m.end <= n.start and m is not n]
        start = max([a, *before])
        if self.dateline and start <= self.dateline[1] <= n.start:
            start = self.dateline[1]
        pieces, at = [], start
        for m in self.numbers:
            if (start <= m.start and m.end <= n.start and m.period is not None) or (
                start <= m.start and m.end <= n.start and m.kind == "period_reference"
            ):
                pieces.append(self.text[at : m.start])
                at = m.end
        pieces.append(self.text[at : n.start])
        words = re.findall(r"[\w’'-]+", " ".join(pieces))
        words = [w for w in words if w not in MONTHS]
        reported = [i for i, w in enumerate(words) if w.lower() in _REPORTING]
        if reported:  # "Richard Duffy said prices were" -> "prices"
            words = words[reported[-1] + 1 :]
        lowered = [w.lower() for w in words]
        if "and" in lowered[:4] and set(lowered[: lowered.index("and")]) <= _ANAPHORS:
            words = words[lowered.index("and") + 1 :]  # "of this and polished diamonds"
        while words and words[0].lower() in _LEADING:
            words.pop(0)
        while words and words[-1].lower() in _TRAILING:
            words.pop()
        return " ".join(words)

    def quantity_name(self, n: FoundNumber) -> str:
        a, _b = self.clause_of(n.start)
        if _PRONOUN.search(self.text, a, n.start) and self.quantities:
            # "In volume they dropped 8%": what the sentence before was about
            return str(list(self.quantities.values())[-1]["name"]).split(", by ")[0]
        phrase = self.subject_phrase(n)
        if not phrase:  # "Net rough imports, imports minus exports, came to …"
            first = self.sentence_of(n.start).clauses[0]
            lead = [m for m in self.numbers if first[0] <= m.start < first[1] and m is not n]
            if lead:
                phrase = self.subject_phrase(lead[0])
            else:
                words = re.findall(r"[\w’'-]+", self.text[first[0] : first[1]])
                phrase = " ".join(words[:8])
        return phrase or self.clause_text(n)

    def clause_text(self, n: FoundNumber) -> str:
        a, b = self.clause_of(n.start)
        return " ".join(self.text[a:b].split())

    def metric(self, n: FoundNumber, kind: str) -> str:
        clause = self.clause_text(n)
        if len(clause) > 110:
            clause = clause[:107].rsplit(" ", 1)[0] + " …"
        return f"{kind[0].upper()}{kind[1:]}: {clause}"

    def measure(self, n: FoundNumber, unit: str) -> str:
        if unit in ("USD", "USD_per_carat") or unit.isupper():
            return "value"
        if unit == "carat":
            return "volume"
        if unit == "count":
            return "count"
        a, b = self.clause_of(n.start)
        words = [
            (abs(m.start() - n.start), m["word"].lower())
            for m in _VALUE_OR_VOLUME.finditer(self.text, a, b)
        ]
        if unit in ("percent", "factor") and words:
            word = min(words)[1]
            return "value" if word == "value" else "volume"
        return "unspecified"

    # -- relations -------------------------------------------------------------

    def quantity(
        self,
        name: str,
        unit: str | None,
        signed: bool = False,
        comments: Sequence[str] = (),
        measure: str = "unspecified",
    ) -> str:
        key = self.key(_short(name))
        self.quantities[key] = {
            "key": key,
            "name": name,
            "measure": measure,
            "unit": unit,
            "signed": signed or None,
            "reviewed": False,
        }
        self.quantity_comments[key] = list(comments)
        return key

    def change(
        self,
        n: FoundNumber,
        row: dict[str, Any],
        figure: DraftFigure,
        period: Period | None,
        base: _Dated | None,
    ) -> None:
        if period is None:
            year = self.published.year
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
            row["period"] = period.label()
            figure.comments.append("unsure: the text names no period; the document's year")
        sentence = self.sentence_of(n.start)
        if base is not None and base.start > n.start:
            row["base_period"] = base.period.label()
        else:
            row["base_period"] = period.shifted(-1).label()
            tail = self.text[n.end : sentence.end]
            if not _YEAR_EARLIER.search(tail) and not _YEAR_EARLIER.search(
                self.text[sentence.start : n.start]
            ):
                figure.comments.append("unsure: the text names no base; a year earlier is assumed")
        if n.unit == "percent":
            row["direction"] = n.direction
        row["quantity"] = self.quantity(
            self.quantity_name(n), None, measure=row.get("measure", "unspecified")
        )

    def whole(self, n: FoundNumber, figure: DraftFigure) -> str:
        m = _OF_PHRASE.match(self.text, n.end)
        if m is None:
            figure.comments.append("unsure: a share of what? no 'of …' follows it")
            return self.quantity(f"the whole of: {self.clause_text(n)}", None)
        words = []
        for word in m["phrase"].split():
            if word.lower() in _PHRASE_STOP or len(words) >= 8:
                break
            words.append(word)
        return self.quantity(" ".join(words) or m["phrase"].strip(), None)

    def ranking(self, n: FoundNumber) -> str:
        tail = self.text[n.end : n.end + 80]
        tail = re.sub(r"^\s+(?:in|of|among)\s+", " ", tail)
        words = []
        for word in re.findall(r"[\w’'-]+|[^\w\s]", tail):
            if not re.match(r"[\w’'-]", word) or word.lower() in _PHRASE_STOP | {"for", "to"}:
                break
            if len(words) >= 5:
                break
            words.append(word)
        name = " ".join(words) or n.written
        for ranking in self.rankings.values():
            if ranking["name"] == name:
                return str(ranking["key"])
        key = self.key("ranking", _short(name))
        self.rankings[key] = {
            "key": key,
            "name": name,
            "measure": "unspecified",
            "reviewed": False,
        }
        return key

    def relations(self) -> None:
        """Changes share a quantity with the levels they reach; sums; differences."""
        written = [f for f in self.figures if f.skipped is None]
        levels = [f for f in written if _is_level(f)]
        for sentence in self.sentences:
            inside = [f for f in written if sentence.start <= f.number.start < sentence.end]
            self.pair_changes(sentence, inside, levels)
        for sentence_index, sentence in enumerate(self.sentences):
            self.sum_of_parts(sentence_index, sentence, levels)
            self.difference(sentence, levels)

    def pair_changes(
        self, sentence: _Sentence, inside: list[DraftFigure], levels: list[DraftFigure]
    ) -> None:
        changes = [f for f in inside if "base_period" in f.row]
        here = [f for f in inside if f in levels]
        taken: set[int] = set()
        for change in changes:
            after = [
                f
                for f in here
                if f.number.start > change.number.end
                and re.search(r"\bto\s", self.text[change.number.end : f.number.start])
                and not any(change.number.end < g.number.start < f.number.start for g in inside)
            ]
            before = [f for f in here if f.number.end <= change.number.start]
            level = after[0] if after else (before[-1] if before else None)
            if level is None or id(level) in taken:
                continue
            taken.add(id(level))
            self.share(change, level, "the change and the level it reaches")
            if change.row["measure"] == "unspecified":
                change.row["measure"] = level.row["measure"]
            level_period = level.row.get("period")
            if level_period and level_period != change.row.get("period"):
                change.comments.append("unsure: its period differs from the level's")
            # "to USD 2.15 billion from USD 1.05 billion": the base's level
            start_level = next(
                (
                    f
                    for f in here
                    if f.number.start > level.number.end
                    and re.fullmatch(r"\s+from\s+", self.text[level.number.end : f.number.start])
                ),
                None,
            )
            if start_level is not None:
                self.share(change, start_level, "the level the change starts from")
                start_level.row["period"] = change.row["base_period"]
        # "came to minus USD 1.88 billion, compared with minus USD 638.4 million in 2016"
        for f in here:
            clause = self.clause_of(f.number.start)
            if not _COMPARISON.match(self.text[clause[0] : clause[1]]):
                continue
            earlier = [
                g for g in here if g.number.end <= clause[0] and g.row["unit"] == f.row["unit"]
            ]
            if earlier:
                self.share(earlier[-1], f, "a level compared with another")

    def share(self, a: DraftFigure, b: DraftFigure, why: str) -> None:
        """Give ``b`` the quantity of ``a`` (made when ``a`` has none), with ``b``'s unit."""
        key = a.row.get("quantity") or b.row.get("quantity")
        if key is None:
            key = self.quantity(self.quantity_name(a.number), None, measure=a.row["measure"])
        old = b.row.get("quantity")
        a.row["quantity"] = b.row["quantity"] = key
        if old and old != key:
            self.merge(old, key)
        q = self.quantities[key]
        if b.row["unit"] not in ("percent", "factor"):
            q["unit"] = _unit_words(b.row["unit"])
            q["measure"] = b.row["measure"]
        level_a = a.row["unit"] not in ("percent", "factor")
        if b.row["value"] < 0 or (level_a and a.row["value"] < 0):
            q["signed"] = True
        note = f"candidate relation: {why}"
        if note not in self.quantity_comments[key]:
            self.quantity_comments[key].append(note)

    def merge(self, old: str, new: str) -> None:
        for f in self.figures:
            for name in ("quantity", "whole"):
                if f.row.get(name) == old:
                    f.row[name] = new
        if self.quantities[old].get("signed"):
            self.quantities[new]["signed"] = True
        self.quantities.pop(old, None)
        self.quantity_comments.pop(old, None)

    def level_quantity(self, f: DraftFigure) -> str:
        if "quantity" not in f.row:
            f.row["quantity"] = self.quantity(
                self.quantity_name(f.number), _unit_words(f.row["unit"]), measure=f.row["measure"]
            )
        return str(f.row["quantity"])

    def sum_of_parts(self, index: int, sentence: _Sentence, levels: list[DraftFigure]) -> None:
        here = [f for f in levels if sentence.start <= f.number.start < sentence.end]
        which = _SUM_WHOLE_BEFORE.search(self.text, sentence.start, sentence.end)
        if which is not None:
            total = [f for f in here if f.number.end <= which.start()]
            parts = [f for f in here if f.number.start >= which.end()]
            marker = which
        else:
            marker = _SUM_PARTS.search(self.text, sentence.start, sentence.end)
            if marker is None or not here:
                return
            parts = here
            earlier = [f for f in levels if f.number.end <= sentence.start]
            total = [
                f
                for f in earlier
                if f.row["unit"] == parts[0].row["unit"]
                and f.row.get("period") == parts[0].row.get("period")
            ]
        if not total or not parts:
            return
        whole = total[-1]
        parts = [p for p in parts if p.row["unit"] == whole.row["unit"]]
        if not parts:
            return
        row = {
            "key": self.key("sum", str(len(self.sums) + 1)),
            "name": f"{self.quantities[self.level_quantity(whole)]['name']}, by part",
            "total": self.level_quantity(whole),
            "parts": [self.level_quantity(p) for p in parts],
            "basis": "stated",
            **_quoted(self.text, marker.start(), marker.end()),
            "reviewed": False,
        }
        comments = [
            f"candidate relation: {whole.number.written} = "
            + " + ".join(p.number.written for p in parts)
            + f" ('{marker.group()}')"
        ]
        self.sums.append((row, comments))

    def difference(self, sentence: _Sentence, levels: list[DraftFigure]) -> None:
        m = _DIFFERENCE.search(self.text, sentence.start, sentence.end)
        if m is None:
            return
        here = [f for f in levels if f.number.start > m.end() and f.number.start < sentence.end]
        if not here:
            return
        total = here[0]
        n = len(self.sums) + 1
        left = self.quantity(
            m["left"], _unit_words(total.row["unit"]), measure=total.row["measure"]
        )
        right = self.quantity(
            m["right"], _unit_words(total.row["unit"]), measure=total.row["measure"]
        )
        for key in (left, right):
            self.quantity_comments[key].append(
                "unsure: stated by no figure here; perhaps a quantity the text states elsewhere"
            )
        row = {
            "key": self.key("difference", str(n)),
            "name": f"{m['left']} minus {m['right']}",
            "total": self.level_quantity(total),
            "parts": [left],
            "minus": [right],
            "basis": "stated",
            **_quoted(self.text, m.start(), m.end()),
            "reviewed": False,
        }
        self.quantities[self.level_quantity(total)]["signed"] = True
        self.sums.append((row, [f"candidate relation: {total.number.written} = {m.group()}"]))

    # -- the TOML ----------------------------------------------------------------

    def toml(self, schema: str | None) -> str:
        lines: list[str] = []
        if schema:
            lines += [f"#:schema {schema}", ""]
        lines += tomltext.comment(DRAFT_NOTE)
        lines += ["", *(f"# {c}" for c in self.document_comments)]
        lines += tomltext.table("document", self.document, array=False)
        known = [e for e in self.entities.found if e.known]
        new = [e for e in self.entities.found if not e.known and e.kind]
        unknown = [e for e in self.entities.found if not e.known and not e.kind]
        if new:
            lines += ["", _rule("candidate entities")]
        for group, kind in (
            ("places", "place"),
            ("organisations", "organisation"),
            ("people", "person"),
        ):
            for e in sorted((e for e in new if e.kind == kind), key=lambda e: e.start):
                row = {"key": e.key, "name": e.name, **_quoted(self.text, e.start, e.end)}
                if kind == "place":
                    row["type"] = e.type
                if kind == "organisation":
                    row["type"] = e.type
                    row["short_name"] = e.short_name
                row["reviewed"] = False
                lines += ["", f"# unsure: {e.reason}; check the kind and the type"]
                lines += tomltext.table(group, row)
        if known:
            lines += ["", _rule("known entities, as the database names them")]
        for e in sorted(known, key=lambda e: e.start):
            lines += [
                "",
                *tomltext.table(
                    "mentions", {"entity": e.key, **_quoted(self.text, e.start, e.end)}
                ),
            ]
        for main, start, end in self.entities.aliases:
            words = self.text[start:end]
            lines += ["", f"# unsure: '{words}' read as {main.name}"]
            lines += tomltext.table(
                "mentions",
                {"entity": main.key, **_quoted(self.text, start, end), "reviewed": False},
            )
        if unknown:
            lines += ["", _rule("capitalised names of unknown kind")]
            lines += ["# Declare them as places, organisations or people, or leave them out:"]
            for e in sorted(unknown, key=lambda e: e.start):
                line, column = _line_column(self.text, e.start)
                lines.append(f"#   {e.name!r} (line {line}, column {column})")
        if self.quantities or self.rankings or self.sums:
            lines += ["", _rule("candidate quantities and relations")]
        for key, row in self.quantities.items():
            measure = row["measure"]
            if measure in ("value", "volume") and measure not in row["name"].lower():
                row["name"] = f"{row['name']}, by {measure}"
            lines += [""] + [f"# {c}" for c in self.quantity_comments.get(key, [])]
            lines += tomltext.table("quantities", _reviewed_last(row))
        for row in self.rankings.values():
            lines += ["", *tomltext.table("rankings", row)]
        for row, comments in self.sums:
            lines += ["", *(f"# {c}" for c in comments), *tomltext.table("sums", row)]
        lines += ["", _rule("figures")]
        for f in self.figures:
            lines += ["", *(f"# {c}" for c in f.comments)]
            if f.skipped is not None:
                lines += [f"# not drafted: {f.skipped}"]
                lines += [
                    f"# {line}"
                    for line in tomltext.table(
                        "figures",
                        f.row
                        or {
                            "written": f.number.written,
                            "value": f.number.value,
                            "unit": f.number.unit,
                        },
                    )
                ]
            else:
                lines += tomltext.table("figures", _reviewed_last(f.row))
        return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def _reviewed_last(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "reviewed"} | {"reviewed": row.get("reviewed")}


def _rule(title: str) -> str:
    return f"# {'-' * max(3, 66 - len(title))} {title}"


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def _short(text: str) -> str:
    """A few content words for a key: 'Polished exports fell' -> 'polished-exports-fell'."""
    return "-".join(_short_words(text).split()[:5])


def _short_words(text: str) -> str:
    words = re.findall(r"[A-Za-z]+", text)
    keep = [w for w in words if w.lower() not in _KEY_STOP]
    return " ".join(keep[:6]) or "quantity"


# Words that open or close a clause around what a number is of.
_LEADING = word_set(
    "in on for from during over since by and also the a an of to at as while so they it its which"
)
_PRONOUN = re.compile(r"\b(?:they|it|these|those)\b", re.I)
_REPORTING = word_set("said says reported reports announced added noted explained expects that")
_ANAPHORS = word_set("of this that the total which these those")
_TRAILING = word_set(
    "were was is are came come comes to reached reach reaches stood at totalled totaled total"
    " worth brought in accounted account accounts for made make makes up put grew rose fell"
    " declined dropped slipped increased decreased rise fall jumped climbed eased reported of"
    " by and also the a an with sold amounted amount amounts been be has have had which"
    " around about nearly almost over some more than less they it"
)
_KEY_STOP = word_set(
    "the a an of in on at for to and or by with from its their this that these those was were"
    " is are has have had be been change amount share rank year count volume price"
)


def _unit_words(unit: str) -> str:
    return {"carat": "carats", "USD_per_carat": "USD per carat", "count": "count"}.get(unit, unit)


def _is_level(f: DraftFigure) -> bool:
    unit = f.row.get("unit")
    return unit not in ("percent", "factor", "rank", "year") and "base_period" not in f.row


def _kind_label(n: FoundNumber) -> str:
    if n.kind == "change":
        return f"a change, {n.direction}"
    if n.kind == "factor":
        return f"a multiple, {n.direction}"
    if n.unit == "percent":
        return "a share"
    return {
        "rank": "a rank",
        "year": "a year",
        "count": "a count",
        "number": "a number",
        "carat": "a volume",
        "USD_per_carat": "a price",
    }.get(n.unit, "an amount")


def draft_seed(
    text: str,
    file_name: str,
    context: DraftContext | None = None,
    schema: str | None = None,
    today: dt.date | None = None,
) -> Draft:
    """A seed for ``text`` (saved as ``file_name`` next to the seed), ready to load and review.

    ``schema`` is the ``#:schema`` path to write at the top (relative to the
    seed file); ``today`` dates a text that gives no date.
    """
    drafter = _Drafter(text, file_name, context or DraftContext(), today)
    drafter.draft()
    entities = drafter.entities.found
    return Draft(
        slug=drafter.slug,
        toml=drafter.toml(schema),
        figures=drafter.figures,
        mentions=sum(1 for e in entities if e.known),
        entities=sum(1 for e in entities if not e.known and e.kind),
        candidates=[e.name for e in entities if not e.known and not e.kind],
        relations=len(drafter.sums)
        + sum(1 for c in drafter.quantity_comments.values() if any("relation" in x for x in c)),
    )


ENTITY_SQL = """
SELECT e.key, e.kind, e.name, o.short_name, q.text AS alias
FROM entities e
LEFT JOIN organisations o ON o.entity_id = e.id
LEFT JOIN mentions m ON m.entity_id = e.id
LEFT JOIN quotes q ON q.id = m.quote_id
ORDER BY e.key, m.id
"""
KEYS_SQL = " UNION ".join(
    f"SELECT key FROM {table}"
    for table in ("entities", "quantities", "rankings", "figures", "sums", "ratios", "partitions")
)


def draft_context(reader: Reader) -> DraftContext:
    """What a database knows that a draft uses: its entities, qualifiers and keys."""
    return DraftContext(
        entities=known_entities(reader.rows(ENTITY_SQL)),
        qualifiers=frozenset(r["name"] for r in reader.rows("SELECT name FROM qualifiers")),
        keys=frozenset(r["key"] for r in reader.rows(KEYS_SQL)),
    )
