"""The words of a text that say when: every period it names, and how to resolve it.

A trade bulletin dates its figures in many ways, and a draft that reads only
"in 2017" gets half of them wrong. This module finds them all, each as a
:class:`TimeWord`:

* **explicit** periods, with their own year: "2017", "July 2018",
  "January–September 2018", "the third quarter of 2018", "FY 2018", "2018-19",
  "the year to 30 June 2018", "at 30 June 2018";
* **partial** ones, whose year the context gives: "in September", "the first
  half", "Q3", "the first nine months", "January–September", "year to date";
* **relative** ones: "last year", "this month" (from the document's date), and
  the *bases* "a year earlier", "the same period of last year", "year on year",
  "month on month", "the previous quarter" (from the period of the figure they
  compare);
* **anaphoric** ones: "the year", "the quarter", "the nine months", "the
  period": the period the text is talking about.

A fiscal year is read from the text ("the year to 30 June 2018", "fiscal year
to 31 January", "(April–March)"): then "FY 2018", "fiscal 2019" and "2018-19"
are its months, and "the first half" is the fiscal one. A period after
"announced", "published" or "flooded" dates an event, not a figure, and is
kept aside. The dating phase (:mod:`dbtool.draft.dating`) decides which
figure each word dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dbtool.core.numberwords import NUMBER_WORDS, ORDINALS
from dbtool.core.periods import Period
from dbtool.draft.fiscal import read_fiscal_part
from dbtool.draft.found import Claimed, FoundNumber
from dbtool.draft.vocabulary import MONTH_ABBREVIATIONS, MONTH_NAMES

_MONTH = rf"(?:{'|'.join(MONTH_NAMES)}|(?:{'|'.join(MONTH_ABBREVIATIONS)})\.?)(?![A-Za-z])"
_ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_COUNT = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# The document's fiscal year, where the text defines one.
_FISCAL_END = re.compile(
    rf"\b(?:(?:financial|fiscal)\s+)?year\s+(?:(?:that|which)\s+)?(?:to|ended|ending)\s+"
    rf"(?:the\s+)?(?:(?P<d1>\d{{1,2}})\s+)?(?P<m1>{_MONTH})(?:\s+(?P<d7>\d{{1,2}})\b)?"
    # "the fiscal year 2018/19, which ended in March"
    rf"|\b(?:financial|fiscal)\s+year\s+[\d/–-]+,?\s+(?:that|which)\s+(?:ended|ends)\s+in\s+"
    rf"(?P<m4>{_MONTH})"
    rf"|\b(?:financial|fiscal)\s+year\s+(?:(?:that|which)\s+)?(?:to|ended|ending)\s+"
    rf"(?P<m2>{_MONTH})"
    # "whose financial year ends on 30 June", "a fiscal year-end of 31 March", "a June year end"
    rf"|\b(?:financial|fiscal)\s+year(?:[\s-]end)?\s+(?:ends?|is|of|falls|closes|runs\s+(?:to|until|"
    rf"through))\s+(?:on\s+|in\s+)?"
    rf"(?:the\s+)?(?:(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<m5>{_MONTH})"
    rf"|\b(?:(?P<d6>\d{{1,2}})\s+)?(?P<m6>{_MONTH})\s+(?:financial\s+|fiscal\s+)?year[\s-]end\b"
    rf"|\(\s*(?P<first>{_MONTH})\s*[–—-]\s*(?P<m3>{_MONTH})\s*\)",
    re.I,
)
# Quarters numbered in the fiscal year: then "the fourth quarter" is the fiscal one too.
_FISCAL_QUARTERS = re.compile(
    r"\b(?:Q[1-4]|[1-4]Q)\s?FY|\bquarter\s+of\s+(?:the\s+|its\s+)?(?:fiscal|financial|FY)", re.I
)
# Words before a date that make it the end of a span: "the year to 30 June 2018".
_SPAN_BEFORE = re.compile(
    rf"(?:(?P<year>\byear)|(?P<half>\bhalf(?:[\s-]year)?)|(?P<quarter>\bquarter)"
    rf"|\b(?P<months>{_COUNT})\s+months|\b(?P<weeks>{_COUNT})[\s-]weeks?)\s+(?:(?:that|which)\s+)?"
    rf"(?:to|ended|ending|through)"
    rf"\s+(?:the\s+)?(?:on\s+)?$",
    re.I,
)
FISCAL_BEFORE = re.compile(r"(?:\bFY\s?|\b(?:fiscal|financial)(?:\s+year)?\s+)$", re.I)
_CALENDAR_BEFORE = re.compile(r"\bcalendar(?:\s+year)?\s+$", re.I)
# A date after these words is when something happened, not the period of a figure.
_EVENT_BEFORE = re.compile(
    r"\b(?:announced|published|released|reported|issued|dated|flooded|signed|founded|opened"
    r"|closed|acquired|launched|held|said|formed|established|created|incorporated|listed"
    r"|commissioned|on)\s+(?:on\s+|in\s+)?$|\b(?:ended|ends)\s+in\s+$",
    re.I,
)

_PARTIAL = [
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<which>{_ORDINAL})[\s-](?P<part>half|quarter)(?:[\s-]year)?\b", re.I
        ),
        "part",
    ),
    (re.compile(r"\b(?P<code>[QH][1-4])\b(?![\s-]?(?:19|20)\d\d)"), "code"),
    (re.compile(rf"\b(?:the\s+)?first\s+(?P<n>{_COUNT})\s+months\b", re.I), "first"),
    (
        re.compile(rf"(?P<m1>{_MONTH})\s*(?:[–—-]|\s+to\s+)\s*(?P<m2>{_MONTH})(?!,?\s+\d)", re.I),
        "months",
    ),
    (
        re.compile(
            r"\b(?:year[\s-]to[\s-]date|so\s+far\s+this\s+year|since\s+the\s+start\s+of\s+the\s+"
            r"year|YTD|cumulative(?:ly)?)\b",
            re.I,
        ),
        "ytd",
    ),
    (re.compile(rf"(?<![\w-])(?P<month>{_MONTH})(?:’s|'s)?(?![\w-])"), "month"),
]
_RELATIVE = re.compile(
    r"\b(?P<which>last|this|next|the\s+current|the\s+coming)\s+(?P<unit>year|month|quarter)\b"
    r"(?!\s+(?:earlier|before|ago))",
    re.I,
)
# Bases: the figure's own period, moved back by one year, month, quarter or period.
_BASES = [
    (
        r"(?:the\s+)?same\s+(?:period|month|quarter|half|time|nine\s+months|six\s+months)"
        r"\s+(?:of\s+|in\s+)?(?:last\s+year|the\s+(?:previous|prior|preceding)\s+year|a\s+year"
        r"\s+(?:earlier|ago|before)|(?:(?:fiscal\s+|financial\s+|FY\s?)?(?:19|20)|FY\s?['’]?)\d\d)"
        r"|(?:the\s+)?corresponding\s+period(?:\s+of"
        r"\s+(?:last\s+year|(?:19|20)\d\d))?|the\s+(?:(?:prior|previous)[\s-]year|year[\s-]"
        r"(?:earlier|ago))\s+(?:period|quarter|half|months?)",
        "year",
    ),
    (
        r"year[\s-](?:on|over)[\s-]year|y/y|y-o-y|yoy|on\s+the\s+year"
        r"|a\s+year\s+(?:earlier|ago|before)|the\s+year\s+before|(?:the\s+)?(?:previous|prior|preceding)\s+year|last\s+year(?:’s|'s)"
        r"(?:\s+(?:level|figure|total))?",
        "year",
    ),
    (
        r"month[\s-](?:on|over)[\s-]month|m/m|(?:the\s+)?(?:previous|prior|preceding)\s+month"
        r"|a\s+month\s+(?:earlier|ago|before)"
        # "to 3,908 from 3,851 at the start of the month": where the month began
        r"|(?:at\s+)?the\s+(?:start|beginning)\s+of\s+the\s+month",
        "month",
    ),
    (
        r"quarter[\s-](?:on|over)[\s-]quarter|q/q|sequentially|(?:the\s+)?(?:previous|prior|"
        r"preceding)\s+quarter|a\s+quarter\s+(?:earlier|ago|before)",
        "quarter",
    ),
]
_BASE = re.compile("|".join(f"(?P<b{i}>\\b(?:{p})\\b)" for i, (p, _) in enumerate(_BASES)), re.I)
_ANAPHOR = re.compile(
    r"\b(?:(?:the|this|that)\s+|(?=full[\s-]year))(?P<unit>full[\s-]year|year|quarter|half[\s-]year|half|month|period|(?P<n>"
    rf"{_COUNT})\s+months)\b(?![\s-](?:to|ended|ending|earlier|before|ago))",
    re.I,
)

_OF_BEFORE = re.compile(r"\s+of\s+\Z")
_LEGEND = re.compile(
    r"\(\s*(?:(?:19|20)\d\d)(?:\s+(?:figures|values|numbers))?\s+(?:in|are\s+in|shown\s+in)\s+"
    r"(?:parentheses|brackets)\s*\)",
    re.I,
)
# An ordinal ("sixth", "6th") and what a trade's events are called: a cycle, a sight, a tender,
# an auction (also read by dbtool.draft.quantities, which names a quantity for one event)
NTH = rf"(?:{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))"
EVENT_NOUNS = r"(?:cycles?|sights?|tenders?|auctions?)"
_VAGUE_BEFORE = re.compile(
    rf"\b(?:(?:{NTH}|last|final|opening)\s+(?:(?:two|three|four|five|\d+)\s+)?"
    rf"(?:[a-z-]+\s+){{0,2}}?(?:{EVENT_NOUNS}|sales?|weeks?))\s+(?:of|in)\s+(?:the\s+)?$"
    # "cycles one to six of 2022": some of a year's events, no span of months
    rf"|\b{EVENT_NOUNS}\s+{_COUNT}\s+(?:to|and|through|[-–])\s+{_COUNT}\s+(?:of|in)\s+$",
    re.I,
)
# "its first tender of the year", "the sixth spot auction of": one event, not a span of them
_ONE_EVENT = re.compile(
    rf"\b(?:{NTH}|last|final|opening)\s+(?:[a-z-]+\s+){{0,2}}?(?:cycle|sight|tender|auction|sale)"
    r"\s+(?:of|in)\s+(?:the\s+)?$",
    re.I,
)
_TO_MONTH = re.compile(
    rf"\s+(?:to|ended|ending|through|until)\s+(?:the\s+end\s+of\s+)?{_MONTH}\b(?!\s+\d)"
)
_MONTHS_TO = re.compile(
    rf"\b(?:the\s+)?(?P<n>{_COUNT})\s+months\s+(?:to|ended|ending|through|until)\s+"
    r"(?:the\s+end\s+of\s+)?$",
    re.I,
)
# "Cycles one to five had brought in $2,935 million": events, no period a seed can name
_EVENT_SPAN = re.compile(
    rf"\b{EVENT_NOUNS}\s+{_COUNT}\s+(?:to|and|through|[-–])\s+{_COUNT}\b(?!\s+(?:of|in)\s+\d)",
    re.I,
)
# "So far in 2019", "its fifth of the year": a part of the year up to a day or an event the
# text leaves unnamed, no period a seed can name (the year to date ends when?)
_PART_SO_FAR = re.compile(
    rf"(?:\b(?:so\s+far|to\s+date|thus\s+far)\s+(?:in|this)\s+|\b{NTH}\s+(?:of|in)\s+)"
    r"(?:the\s+)?$",
    re.I,
)
_A_YEAR = re.compile(r"(?:the\s+|this\s+)?year|(?:19|20)\d\d", re.I)
_OF_VAGUE = re.compile(
    r"\s+(?:of|in)\s+(?:the\s+|its\s+)?(?:FY\s?|(?:fiscal|financial)\s+(?:year\s+)?)?"
)
# "the third quarter of its fiscal year ending January 31, 2020": the year a part belongs to,
# named to place the part, is no period the text then talks about
_PART_OF_BEFORE = re.compile(
    r"\b(?:quarter|half)\s+of\s+(?:the\s+|its\s+)?(?:fiscal\s+|financial\s+)?$", re.I
)
_ELLIPSIS = re.compile(
    r"\bthe\s+(?P<which>second|third|fourth)\b(?![\s-](?:half|quarter|largest|biggest|"
    r"time|round|tender|[a-z]+est)\b)(?=\s*[,.;)]|\s+(?:and|while|but)\b)",
    re.I,
)


@dataclass(frozen=True)
class Calendar:
    """What dates a text's periods: its publication date and its fiscal year's last month."""

    published: dt.date
    fiscal_end: int = 12
    end_stated: bool = False  # the text says where its fiscal year ends (December too)
    fiscal_quarters: bool = False  # it numbers quarters of its fiscal year ("Q3 FY2019")

    @property
    def fiscal(self) -> bool:
        return self.fiscal_end != 12

    def fiscal_year(self, year: int) -> Period:
        """The fiscal year that ends in ``year`` ("FY 2018" to June: July 2017–June 2018)."""
        end = _month_end(year, self.fiscal_end)
        start = _add_months(dt.date(year, self.fiscal_end, 1), -11)
        return Period(start, end)

    def year_of(self, period: Period) -> Period:
        """The (fiscal) year that holds the end of ``period``."""
        end = period.end
        year = end.year + (1 if self.fiscal and end.month > self.fiscal_end else 0)
        return self.fiscal_year(year) if self.fiscal else _calendar_year(end.year)


@dataclass
class TimeWord:
    """Words that say when, where they are, and what they name.

    ``kind`` is "explicit", "partial", "relative", "base", "anaphor",
    "event", "legend" (the period of the figures in brackets: "(2017 in
    parentheses)") or "vague" (a part of a period the seed format cannot name: "the
    second sales cycle of 2019"); ``period`` is set for explicit and relative words, ``shape``
    resolves the others (``resolve``), ``step`` moves a base back ("year",
    "month", "quarter").
    """

    start: int
    end: int
    kind: str
    period: Period | None = None
    shape: tuple = ()
    step: str | None = None
    point: bool = False  # a single day: "at 30 June 2018"
    number: FoundNumber | None = None  # the date or year the grammar read, if any
    back: int = 0  # years before the one talked about ("the third quarter of the prior year")

    def resolve(self, context: Period | None, calendar: Calendar) -> Period | None:
        """The period named, given the period the text is about (``context``)."""
        if self.period is not None:
            return self.period
        if self.kind == "base":
            return back(context, self.step or "year") if context else None
        if self.kind == "anaphor":
            return _anaphor(self.shape, context, calendar)
        if self.kind == "partial":
            if self.shape == ("ytd",):
                return ytd(context, calendar)
            period = _partial(self.shape, context, calendar)
            for _ in range(self.back):
                period = back(period, "year") if period is not None else None
            return period
        return None


def find_timewords(
    text: str, numbers: list[FoundNumber], skip: tuple[int, int] | None, calendar: Calendar
) -> list[TimeWord]:
    """Every time word of ``text`` outside ``skip`` (the dateline), in order."""
    found: list[TimeWord] = []
    taken = Claimed(len(text))

    def add(word: TimeWord) -> None:
        if skip and skip[0] <= word.start < skip[1]:
            return
        if taken.overlaps(word.start, word.end):
            return
        found.append(word)
        taken.append((word.start, word.end))

    for match in _BASE.finditer(text):
        step = next(_BASES[int(k[1:])][1] for k, v in match.groupdict().items() if v)
        add(TimeWord(match.start(), match.end(), "base", step=step))
    for number in numbers:  # first: "the three months to 30 September" is one span
        if number.kind == "fiscal":  # "Q3 FY2019", "the third quarter of fiscal 2019"
            add(_fiscal(text, number, calendar))
        elif number.period is not None and number.unit in ("date", "year"):
            add(_explicit(text, number, calendar))
        elif number.unit == "date":  # "the year that ended March 31", or "On April 24"
            add(_day_without_year(text, number, calendar))
    for number in numbers:
        if number.unit in ("date", "year"):
            continue
        # "the nine months", "the two years": months of a calendar; "the ten-day viewing
        # period", "the past two weeks" name no month, quarter or year
        if number.kind == "period_reference" and _TO_MONTH.match(text, number.end):
            continue  # "the nine months to September": the month's words say the span
        if number.kind == "period_reference" and number.unit in ("months", "years"):
            n = NUMBER_WORDS.get(number.written.split()[0].lower()) or _int(number.written)
            n *= 12 if number.unit == "years" else 1
            if n:
                add(TimeWord(number.start, number.end, "anaphor", shape=("months", n)))
    for match in _RELATIVE.finditer(text):
        add(_relative(match, calendar))
    for match in _EVENT_SPAN.finditer(text):
        add(TimeWord(match.start(), match.end(), "vague"))
    for match in _PARTS_LISTED.finditer(text):
        # "in the first and second quarters, respectively": two parts, one word each
        size = 6 if match["part"].lower().startswith("hal") else 3
        for group in ("a", "b"):
            index = ORDINALS.get(match[group].lower())
            if index and index * size <= 12:
                at = match.start(group), match.end("part") if group == "b" else match.end(group)
                add(TimeWord(*at, "partial", shape=("part", size, index)))
    for pattern, shape in _PARTIAL:
        for match in pattern.finditer(text):
            word = _partial_word(text, match, shape)
            if word is not None:
                if _EVENT_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
                    word.kind = "event"  # "the figure announced in January", "ended in March"
                add(word)
    partial_ends = {w.end for w in found if w.kind == "partial"}
    for match in _ANAPHOR.finditer(text):
        unit = match["unit"].lower().replace("-", " ").replace("full ", "")
        shape = ("months", _int(match["n"])) if match["n"] else (unit.split()[0],)
        of = _OF_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if shape == ("year",) and of is not None and of.start() in partial_ends:
            continue  # "the first eleven months of the year": the part's year, no period of its own
        add(TimeWord(match.start(), match.end(), "anaphor", shape=shape))
    for match in _LEGEND.finditer(text):  # "(2017 in parentheses)": names no period talked about
        for word in found:
            if match.start() <= word.start < match.end() and word.kind == "explicit":
                word.kind = "legend"
    for word in found:  # "the second sales cycle of 2019": a part of the year, unnamed
        before = text[max(0, word.start - 50) : word.start]
        event = word.kind in ("explicit", "anaphor") and _VAGUE_BEFORE.search(before)
        so_far = _PART_SO_FAR.search(before) and _A_YEAR.fullmatch(text, word.start, word.end)
        if event or so_far:
            anaphor = word.kind == "anaphor"
            word.kind, word.period = "vague", None
            if event and anaphor and _ONE_EVENT.search(before):
                # "its first tender of the year generated $14.86 million": one event of a
                # year the text does not name, reported in the month it is published
                # (dbtool.draft.dating); "its sixth auction of 2019" is a quantity of its own
                word.kind = "occasion"
    for word in found:
        if word.kind == "explicit" and _PART_OF_BEFORE.search(text[: word.start]):
            word.kind, word.period = "vague", None
    vague = [w for w in found if w.kind == "vague"]
    for word in found:  # "the first quarter of FY 2020": a part of what cannot be named
        if word.kind == "partial" and any(
            _OF_VAGUE.fullmatch(text[word.end : v.start]) for v in vague if v.start >= word.end
        ):
            word.kind = "vague"
    # "after 8.7 million carats in the first quarter and 9.4 million in the second"
    parts_found = [w for w in found if w.kind == "partial" and w.shape[:1] == ("part",)]
    for match in _ELLIPSIS.finditer(text):
        earlier = [w for w in parts_found if 0 < match.start() - w.end < 200]
        if earlier:
            index = ORDINALS[match["which"].lower()]
            size = earlier[-1].shape[1]
            if index * size <= 12:
                add(TimeWord(match.start(), match.end(), "partial", shape=("part", size, index)))
    return _parts_of_last_year(text, sorted(found, key=lambda w: w.start))


# "of the prior year", "of the previous year": the year before the one talked about, after a
# part of a year ("the third quarter of the prior year"; "last year" counts from the text's date)
_OF_LAST_YEAR = re.compile(
    r"\s+of\s+the\s+(?:prior|previous|preceding)\s+(?:fiscal\s+|financial\s+)?year\b",
    re.I,
)


def _parts_of_last_year(text: str, words: list[TimeWord]) -> list[TimeWord]:
    """A part of a year followed by "of the prior year" is that part a year before the one
    the text talks about: one word, the year words no period of their own."""
    merged: list[TimeWord] = []
    skip_until = -1
    for word in words:
        if word.start < skip_until:
            continue
        said = _OF_LAST_YEAR.match(text, word.end)
        if word.kind == "partial" and word.shape[:1] == ("part",) and said is not None:
            word.end, word.back = said.end(), 1
            skip_until = said.end()
        merged.append(word)
    return merged


_PARTS_LISTED = re.compile(
    rf"\b(?P<a>{_ORDINAL})\s+and\s+(?P<b>{_ORDINAL})\s+(?P<part>quarters|halves)\b", re.I
)
_NTH_QUARTER_ENDED = re.compile(
    rf"\b(?P<n>first|second|third|fourth)\s+(?:fiscal\s+)?quarter\s+(?:ended|ending|to)\s+"
    rf"(?:\d{{1,2}}\s+)?(?P<month>{_MONTH})",
    re.I,
)


def read_calendar(text: str, published: dt.date) -> Calendar:
    """The text's fiscal year, if it defines one ("the year to 30 June 2018")."""
    quarters = bool(_FISCAL_QUARTERS.search(text))
    stated = False
    # "the third quarter ended 31 December 2023": the fiscal year ends two quarters on
    nth = _NTH_QUARTER_ENDED.search(text)
    if nth is not None:
        n = ("first", "second", "third", "fourth").index(nth["n"].lower()) + 1
        end = (_month_number(nth["month"]) + 3 * (4 - n) - 1) % 12 + 1
        if end != 12:
            return Calendar(published, end, True, True)
    for match in _FISCAL_END.finditer(text):
        month = next(match[g] for g in ("m1", "m2", "m3", "m4", "m5", "m6") if match[g])
        day = next((int(match[g]) for g in ("d1", "d5", "d6", "d7") if match[g]), None)
        end = closing_month(day, _month_number(month))
        if match["first"] and (end - _month_number(match["first"])) % 12 != 11:
            continue  # "(January–September)" names a period, not a fiscal year
        if end != 12:
            return Calendar(published, end, True, quarters)
        stated = stated or bool(match["m5"] or match["m6"])
    return Calendar(published, end_stated=stated, fiscal_quarters=quarters)


def closing_month(day: int | None, month: int) -> int:
    """The month a year "ended 1 February" closes: a retailer's 52- or 53-week year ends on a
    Saturday near the end of a month, so a day in the first week closes the month before."""
    return (month - 2) % 12 + 1 if day is not None and day <= 7 else month


# ----------------------------------------------------------------- kinds


def _explicit(text: str, number: FoundNumber, calendar: Calendar) -> TimeWord:
    assert number.period is not None
    start, end = number.period
    before = text[max(0, number.start - 40) : number.start]
    word = TimeWord(number.start, number.end, "explicit", Period(start, end), number=number)
    if _EVENT_BEFORE.search(before):
        word.kind = "event"
        return word
    span = _SPAN_BEFORE.search(before)
    if span is not None and start == end and span["weeks"]:  # "the ten weeks to 4 January"
        word.start = number.start - (len(before) - span.start())
        weeks = NUMBER_WORDS.get(span["weeks"].lower()) or _int(span["weeks"])
        word.period = Period(end - dt.timedelta(days=7 * weeks - 1), end)
        return word
    if span is not None and start == end:  # "the year to 30 June 2018": twelve months
        word.start = number.start - (len(before) - span.start())
        months = _span_months(span)
        month = closing_month(end.day, end.month) if months == 12 else end.month
        word.period = _span_to(end.year - (month > end.month), month, months)
        return word
    if start == end:
        word.point = True
        return word
    if number.unit == "year":
        years = end.year - start.year
        if _CALENDAR_BEFORE.search(before):
            return word
        if not calendar.fiscal and FISCAL_BEFORE.search(before):
            word.kind, word.period = "vague", None  # "FY 2020" of a year the text never ends
        elif calendar.fiscal and (FISCAL_BEFORE.search(before) or years == 1):
            word.period = calendar.fiscal_year(end.year)  # "FY 2018", "2018-19"
        elif years == 1 and re.search(r"\d\s*[/-]\s*\d", number.written):
            word.period = Period(dt.date(start.year, 4, 1), dt.date(end.year, 3, 31))
    return word


def _fiscal(text: str, number: FoundNumber, calendar: Calendar) -> TimeWord:
    """A part of a fiscal year, placed by the year end the text states; a part of a year
    whose end it never states is one a seed cannot name."""
    part = read_fiscal_part(number.written)
    word = TimeWord(number.start, number.end, "vague", number=number)
    if _EVENT_BEFORE.search(text[max(0, number.start - 40) : number.start]):
        word.kind = "event"
    elif part is not None and (calendar.fiscal or calendar.end_stated):
        first = _add_months(calendar.fiscal_year(part.year).start, part.size * (part.index - 1))
        word.kind, word.period = "explicit", _span(first, part.size)
    return word


def _day_without_year(text: str, number: FoundNumber, calendar: Calendar) -> TimeWord:
    """A day and month with no year: the end of a span ("the year that ended March 31": the
    last such day by the document's date), else a day something happened ("On April 24")."""
    before = text[max(0, number.start - 40) : number.start]
    span = _SPAN_BEFORE.search(before)
    month = re.search(_MONTH, number.written)
    day = re.search(r"\d{1,2}", number.written)
    if span is None or month is None or day is None or span["weeks"]:
        return TimeWord(number.start, number.end, "event", number=number)
    published = calendar.published
    year = published.year
    end_month = _month_number(month.group())
    if (end_month, int(day.group())) > (published.month, published.day):
        year -= 1
    start = number.start - (len(before) - span.start())
    period = _span_to(year, end_month, _span_months(span))
    return TimeWord(start, number.end, "explicit", period, number=number)


def _span_months(span: re.Match[str]) -> int:
    """How many months "the year", "the half", "the quarter" or "the N months" to a day are."""
    if span["year"] or span["half"] or span["quarter"]:
        return 12 if span["year"] else 6 if span["half"] else 3
    return NUMBER_WORDS.get(span["months"].lower()) or _int(span["months"])


def _span_to(year: int, month: int, months: int) -> Period:
    """The ``months`` months that end with ``month`` of ``year``."""
    return Period(_add_months(dt.date(year, month, 1), 1 - months), _month_end(year, month))


def _relative(match: re.Match[str], calendar: Calendar) -> TimeWord:
    which = match["which"].lower().split()[-1]
    unit = match["unit"].lower()
    step = {"last": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[which]
    day = calendar.published
    if unit == "year":
        period = calendar.year_of(Period(day, day)) if calendar.fiscal else _calendar_year(day.year)
        period = period.shifted(step)
    elif unit == "quarter":
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        period = _span(_add_months(first, 3 * step), 3)
    else:
        period = _span(_add_months(dt.date(day.year, day.month, 1), step), 1)
    return TimeWord(match.start(), match.end(), "relative", period, step=unit if step < 0 else None)


def _partial_word(text: str, match: re.Match[str], shape: str) -> TimeWord | None:
    groups = match.groupdict()
    if shape == "part":
        size = 6 if groups["part"].lower() == "half" else 3
        which = groups["which"].lower()
        index = ORDINALS.get(which) or int(which[0])
        if index * size > 12:
            return None
        return TimeWord(match.start(), match.end(), "partial", shape=("part", size, index))
    if shape == "code":
        code = groups["code"]
        size = 6 if code[0] == "H" else 3
        if int(code[1]) * size > 12:
            return None
        return TimeWord(match.start(), match.end(), "partial", shape=("part", size, int(code[1])))
    if shape == "first":
        n = NUMBER_WORDS.get(groups["n"].lower()) or _int(groups["n"])
        if not 1 <= n <= 12:
            return None
        return TimeWord(match.start(), match.end(), "partial", shape=("months", n))
    if shape == "months":
        first, last = _month_number(groups["m1"]), _month_number(groups["m2"])
        return TimeWord(match.start(), match.end(), "partial", shape=("range", first, last))
    if shape == "ytd":
        return TimeWord(match.start(), match.end(), "partial", shape=("ytd",))
    name = groups["month"]
    if name in ("May", "March") and not _month_context(text, match):
        return None  # "sales may rise", "the march of prices"
    if len(name) <= 4 and name.endswith(".") is False and name not in MONTH_NAMES:
        return None  # "Jan" alone is too often something else
    month = _month_number(name)
    span = _MONTHS_TO.search(text, max(0, match.start() - 40), match.start())
    if span is not None:  # "the nine months to September": January to September
        n = NUMBER_WORDS.get(span["n"].lower()) or _int(span["n"])
        if 1 <= n <= month:
            return TimeWord(
                span.start(), match.end(), "partial", shape=("range", month - n + 1, month)
            )
    return TimeWord(match.start(), match.end(), "partial", shape=("month", month))


def _month_context(text: str, match: re.Match[str]) -> bool:
    """Whether "May" or "March" is the month: after "in", "for", a comma, a bracket or a
    semicolon, or before a year or a label's colon ("March: 162,000 carats")."""
    before = text[max(0, match.start() - 12) : match.start()].lower()
    return (
        bool(
            re.search(
                r"(?:\bin|\bfor|\bof|\bsince|\band|,|;|\(|\bto|\bfrom|[–—-]|^|\n)\s*$",
                before,
            )
        )
        or match.group().endswith("s")
        or bool(re.match(r"\s*(?::|\d{4}\b)", text[match.end() : match.end() + 6]))
    )


# ------------------------------------------------------------ resolving


def back(period: Period, step: str) -> Period:
    """The period one ``step`` before ``period``: a base of a change."""
    if step == "year":
        return period.shifted(-1)
    months = 1 if step == "month" else 3
    return Period(
        _add_months(period.start, -months), _month_end(*_ym(_add_months(period.end, -months)))
    )


def _partial(shape: tuple, context: Period | None, calendar: Calendar) -> Period | None:
    """A period without its year: the one nearest the period the text talks about (or the
    latest one begun by the publication date, when the text has named none yet)."""
    anchor = context or Period(calendar.published, calendar.published)
    candidates = []
    for year in range(anchor.end.year - 2, anchor.end.year + 2):
        period = _in_year(shape, year, calendar)
        if period is None or period.end > calendar.published + dt.timedelta(days=45):
            continue  # "September", unless the text says otherwise, is one that has ended
        gap = max((anchor.start - period.end).days, (period.start - anchor.end).days, 0)
        candidates.append((gap, period.start > anchor.end, -period.start.toordinal(), period))
    return min(candidates)[-1] if candidates else None


def _in_year(shape: tuple, year: int, calendar: Calendar) -> Period | None:
    kind = shape[0]
    if kind == "month":
        return _span(dt.date(year, shape[1], 1), 1)
    if kind == "part":
        size, index = shape[1], shape[2]
        if calendar.fiscal and (size == 6 or calendar.fiscal_quarters):
            # fiscal halves ("the first half" of FY 2018), and quarters where the text numbers
            # its fiscal ones ("Fourth-quarter sales …, against … in Q4 FY2019")
            first = calendar.fiscal_year(year).start
            return _span(_add_months(first, size * (index - 1)), size)
        return _span(dt.date(year, size * (index - 1) + 1, 1), size)
    if kind == "months":
        first = calendar.fiscal_year(year).start if calendar.fiscal else dt.date(year, 1, 1)
        return _span(first, shape[1])
    if kind == "range":
        first, last = shape[1], shape[2]
        start_year = year if first <= last else year - 1
        return Period(dt.date(start_year, first, 1), _month_end(year, last))
    return None


def _anaphor(shape: tuple, context: Period | None, calendar: Calendar) -> Period | None:
    """ "The year", "the quarter", "the nine months": the context at that size."""
    if context is None:
        return None
    unit = shape[0]
    if unit == "year":
        return calendar.year_of(context)
    if unit == "period":
        return context
    if unit in ("quarter", "half", "month"):
        size = {"quarter": 3, "half": 6, "month": 1}[unit]
        if months_in(context) == size:
            return context
        end = context.end
        published = calendar.published
        if end > published >= context.start:
            # "the month" in a year not yet over: the last one ended by the text's date
            done = (published.month - 1) // size * size  # months of whole spans ended
            end = _month_end(published.year, done) if done else dt.date(published.year - 1, 12, 31)
        first = _add_months(dt.date(end.year, end.month, 1), 1 - size)
        return _span(first, size)
    if unit == "months":
        size = shape[1]
        if months_in(context) == size:
            return context
        year = calendar.year_of(context)
        return _span(year.start, size) if size <= 12 else None
    return None


def ytd(context: Period | None, calendar: Calendar) -> Period | None:
    """Year to date: from the (fiscal) year's start to the end of the context."""
    if context is None:
        return None
    return Period(calendar.year_of(context).start, context.end)


# ---------------------------------------------------------------- dates


def months_in(period: Period) -> int:
    """How many calendar months ``period`` spans."""
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def _ym(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(year: int, month: int) -> dt.date:
    return _add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


def _span(first: dt.date, months: int) -> Period:
    last = _add_months(first, months - 1)
    return Period(first, _month_end(last.year, last.month))


def _calendar_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _month_number(name: str) -> int:
    return [m[:3] for m in MONTH_NAMES].index(name[:3].title()) + 1


def _int(text: str | None) -> int:
    return int(re.sub(r"\D", "", text or "") or 0)
