"""The second phase of a draft: the period of every figure, and the base of every change.

Each sentence is split into its *main* part and its *comparisons*: the words
after "against", "compared with", "than", "versus", "from" (after a change)
or "on" (after a change: "up 13% on the first half") up to the end of their
clause. A figure in a comparison is a level of the base; one in the main part
takes, in this order:

1. its place in a "respectively" list ("… in April, May and June respectively");
2. the time words right after it ("USD 4.29 billion in 2017", "for the year");
3. the last time words before it in the sentence ("In September, …");
4. other time words of its clause ("rose 6% to 9.0 million carats in Q3 2018");
5. the period the text was talking about (the sentences before), said in a comment.

A change takes the period of the level it reaches ("rose 9% to USD 338.7
million"), and its base from its comparison ("against 3.8 million carats in FY
2017"), from base words ("year on year", "a year earlier", "month on month"),
or, when its sentence opens with an earlier period than the text's ("In 2016
… so output rose 18%"), from that opening; otherwise a year earlier, marked
unsure. What the time words mean is :mod:`dbtool.draft.timewords`' business.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re

from dbtool.core.periods import Period, parse_period
from dbtool.draft.changedates import ChangeDater
from dbtool.draft.found import NEAR, Claimed, FoundNumber, NumberIndex, is_date_or_marker
from dbtool.draft.names import word_set
from dbtool.draft.neighbours import coordinate_changes, is_change, is_level, read_years
from dbtool.draft.plans import DatingPlan, Part, Planned
from dbtool.draft.text import Sentence, Span, TextMap
from dbtool.draft.timewords import (
    Calendar,
    TimeWord,
    find_timewords,
    read_calendar,
)
from dbtool.draft.vocabulary import CURRENCY_BEFORE, SUBORDINATE

# A clause that compares ("compared with … in 2016"), for the relations phase.
COMPARISON = re.compile(
    r"^(?:compared?\s+(?:with|to)|relative\s+to|against|versus|vs\.?|from|up\s+from|down\s+from"
    r"|than)\b",
    re.I,
)
_MARKER = re.compile(
    r"\b(?P<marker>compared?\s+(?:with|to)|relative\s+to|as\s+against|against|versus|vs\.?|than"
    r"|from|on|over"
    r"|below|above|ahead\s+of|behind)\s",
    re.I,
)
_CLAUSE_END = re.compile(
    r"[,;]\s|\s[–—]\s|\s+(?:but|while|whereas|as|and\s+(?=[A-Z]))\s"
    # "… from £54.1 million last year and accounted for 27% of group sales": a verb again
    r"|\s+and\s+(?=(?:accounted|represented|made\s+up|rose|fell|was|were|reached|totalled|"
    r"increased|decreased|declined|grew|climbed|eased)\b)"
)
# the way a flow goes, as words name it
_FLOW_WAY = re.compile(r"\b(?:imports?|exports?)\b", re.I)
# "revenue climbed 44% as prices … continued to recover from the lows of 2020": a clause of
# its own between a change and a "from"
_OTHER_CLAUSE = re.compile(rf"\s{SUBORDINATE}\s", re.I)
_CONTRAST = re.compile(r";|,\s+(?:but|while|whereas)\s|\s(?:but|while|whereas)\s", re.I)
_REVISION = re.compile(r"\b(?:revised|restated|restating|revision|corrected)\b[^,;]*$", re.I)
_CHANGE_VERB = re.compile(
    r"\b(?:rose|rising|risen|rises|fell|falling|fallen|falls|increased|decreased|declined|"
    r"dropped|eased|climbed|jumped|grew|grown|gained|slipped|slid|surged|soared|plunged|"
    r"tumbled|lifted|improved|recovered|up|down|higher|lower|more|less|increase|decrease|"
    r"decline|drop|growth|gain|fall|rise)\b",
    re.I,
)
# Between a number and the time words that date it: "USD 4.29 billion in 2017", "US$14,286.53
# million recorded in April–October", "USD 321.6 million was generated in July".
_RIGHT_AFTER = re.compile(
    r"^[\s,(]*(?:(?:was|were)\s+)?(?:(?:recorded|reported|achieved|registered|posted|booked"
    r"|seen|generated|earned|realised|realized|raised|received)\s+)?"
    # "US$24.9 million, or 25.5% of revenue for the period": the share it is, between
    r"(?:or\s+\d[\d.,]*\s*(?:%|per\s*cent)\s+of\s+(?:[a-z-]+\s+){0,3}?)?"
    r"(?:(?:in|for|during|over|of|at|as\s+at|as\s+of|on|by|through|throughout|across"
    r"|the|its|their|calendar|fiscal|financial)\s+)*$",
    re.I,
)
_PRESENT = word_set(
    "is are has have represents represent remains remain accounts account holds hold covers"
    " cover employs employ owns own counts count buy buys"
)
_PAST = word_set(
    "was were had rose fell grew sold made came stood brought remained won became began took"
    " saw gave"
)
_PAST_RANK = word_set(
    "ranked remained overtook jumped climbed rose fell slipped dropped declined increased"
    " grew became finished ended produced mined exported imported sold accounted"
)
_TO_LEVEL = re.compile(rf"\s+to\s+(?=\d|{CURRENCY_BEFORE})")
# "from the preliminary USD 4.1 billion", "against 3.8 million": a level right after a marker
_LEVEL_AFTER = re.compile(
    rf"\s*(?:the\s+|a\s+|an\s+)?(?:preliminary\s+|previous\s+)?(?:\d|{CURRENCY_BEFORE})"
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_SENTENCE_START = re.compile(
    r"^\s*(?:[\"“‘(]\s*)?(?:in|during|for|over|at|by|as\s+of|as\s+at)?\s*$", re.I
)


def date_numbers(
    text: TextMap, numbers: list[FoundNumber], dateline: Span | None, published: dt.date
) -> DatingPlan:
    """Date every number that is a figure (not a date, a marker or the dateline's)."""
    calendar = read_calendar(text.text, published)
    coordinate_changes(text.text, numbers)
    read_years(text.text, numbers)
    words = find_timewords(text.text, numbers, dateline, calendar)
    spans = [(w.start, w.end) for w in words]
    in_words = Claimed(len(text.text))
    for span in spans:
        in_words.append(span)
    figures = [
        n
        for n in numbers
        if not is_date_or_marker(n)
        and not (dateline and dateline[0] <= n.start < dateline[1])
        and (n.unit == "year" or not in_words.holds(n.start))
    ]
    dater = _Dater(text, figures, words, calendar)
    for sentence in text.sentences:
        dater.sentence(sentence)
    return DatingPlan(dater.planned, words, dater.used, calendar)


class _Dater:
    """Dates the figures sentence by sentence, remembering what the text is talking about."""

    def __init__(
        self, text: TextMap, figures: list[FoundNumber], words: list[TimeWord], calendar: Calendar
    ) -> None:
        self.text, self.figures, self.words, self.calendar = text, figures, words, calendar
        self.figure_index = NumberIndex(figures)
        self.word_starts = [w.start for w in words]  # words come sorted by where they start
        # every position inside a number or a time word: a marker there is part of it
        self.covered = Claimed(len(text.text))
        for item in (*figures, *words):
            self.covered.append((item.start, item.end))
        self.sentence_words: set[str] | None = None  # the words of the sentence being dated
        self.started_by: dict[int, Planned] = {}  # a base level -> the change it starts
        self.part_starts: list[int] = []  # where the comparisons of the sentence start
        # "(2017 in parentheses)": the period of the figures a text gives in brackets
        self.legend = next((w.period for w in words if w.kind == "legend"), None)
        self.planned: list[Planned] = []
        self.used: set[int] = set()
        self.running: Period | None = None
        self.lead: Period | None = None  # the period the text opens with
        self.section: Period | None = None  # the period a heading names ("Full year 2018")
        self.looked_back = False  # the sentence opened with an earlier period ("In 2016 …")
        self.at = 0  # where the sentence being dated starts
        self.changes = ChangeDater(self)

    # ------------------------------------------------------------ a sentence

    def sentence(self, sentence: Sentence) -> None:
        self.looked_back = False
        self.at = sentence.start
        opens = self.text.opens_paragraph(sentence.start)
        if opens and (self.section or self.lead) is not None:
            # a new paragraph talks about the text's period again, or its section's
            self.running = self.section or self.lead
        here = self.figure_index.starting_in(sentence.start, sentence.end)
        low = bisect.bisect_left(self.word_starts, sentence.start)
        high = bisect.bisect_left(self.word_starts, sentence.end, low)
        words = [w for w in self.words[low:high] if w.kind not in ("event", "legend")]
        line = self.text.text[sentence.start : sentence.end].strip()
        # "Full year 2018", "December 2018", "Market commentary": a heading names the period
        # of the paragraphs under it, until the next heading
        heading = opens and len(line) < 60 and "\n" not in line
        figures = [n for n in here if n.unit != "year"]
        if heading and not line.endswith((".", ":")) and not figures:
            named = [w for w in words if w.kind in ("explicit", "partial")]
            section = self.resolve(named[0], sentence) if named else None
            # (not a date line, "Gaborone, 27 September 2019": a day is no period reported)
            self.section = section if section is None or section.start != section.end else None
            if self.section is not None:
                self.running = self.section
        self.sentence_words = None
        parts = self.comparisons(sentence, here)
        part_starts = [p.start for p in parts]
        self.part_starts = part_starts

        def part_of(at: int) -> Part | None:
            index = bisect.bisect_right(part_starts, at) - 1
            return parts[index] if index >= 0 and at < parts[index].end else None

        in_part = {id(n): p for n in here if (p := part_of(n.start)) is not None}
        main_words = [w for w in words if part_of(w.start) is None]
        opening = self.opening(sentence, main_words, here)
        plans: dict[int, Planned] = {}
        listed = self.respectively(sentence, here, main_words)
        for number in here:
            if number.kind == "year" or number.unit in ("year",):
                plan = Planned(number, None)
            elif id(number) in in_part:
                plan = Planned(
                    number, None, role="revision" if in_part[id(number)].revision else "base"
                )
            else:
                plan = Planned(number, None)
                if id(number) in listed:
                    word = listed[id(number)]
                    plan.period = self.resolve(word, sentence)
                else:
                    self.main_period(plan, sentence, main_words, here)
            plans[id(number)] = plan
        self.changes.pair_changes(sentence, here, plans, parts, words, opening)
        for number in here:
            plan = plans[id(number)]
            if plan.role != "main" and plan.period is None:
                self.changes.base_level_period(plan, sentence, parts, words, plans, here)
        self.planned.extend(plans[id(n)] for n in here)
        # What the text talks about next: this sentence's main period.
        # (periods listed for figures listed, "respectively", are each said in passing)
        periods = [
            plans[id(n)].period
            for n in here
            if plans[id(n)].role == "main"
            and plans[id(n)].period is not None
            and not plans[id(n)].notes
            and id(n) not in listed
        ]
        periods = [p for p in periods if p is not None and p.start != p.end]
        # "(2Q19: RUB 64.3 bn; 3Q18: RUB 75.9 bn)": an aside; the text talks on of its own
        aside = [
            plans[id(n)].period
            for n in here
            if plans[id(n)].role == "main"
            and self.text.text.rfind("(", sentence.start, n.start)
            > self.text.text.rfind(")", sentence.start, n.start)
        ]
        periods = [p for p in periods if p not in aside] or periods
        # "The average price was US$114 per carat, below the US$154 per carat of H1 FY2019":
        # an earlier period named in passing by a sentence still about the text's own
        running = self.running
        carried = running is not None and any(
            plans[id(n)].role == "main" and plans[id(n)].period == running for n in here
        )
        if carried and periods and running is not None and periods[-1].end < running.start:
            periods = []
        if periods:
            self.move_to(periods[-1], periods[0])
        else:
            named = [
                self.resolve(w, sentence)
                for w in main_words
                if w.kind in ("explicit", "partial", "relative") and not w.point
            ]
            named = [p for p in named if p is not None]
            if named and not [n for n in here if n.unit != "year" and plans[id(n)].period]:
                # "… rebounded strongly in 2021 as mines returned to capacity after the
                # curtailments of 2020": the first period a sentence with no figure names
                # is what it is about; the later ones are said in passing
                self.move_to(named[0])

    def move_to(self, period: Period, first: Period | None = None) -> None:
        """What the text talks about now; a look back ("In 2016 … so output rose 18%") does
        not move it back."""
        if not self.looked_back:
            self.running = period
            text = self.text.text
            # the body's first (a title's is often shorthand; a text whose first line is a
            # whole paragraph, its dateline and all, has no title)
            in_title = text.find("\n", 0, self.at) == -1 and 0 <= text.find("\n") < 200
            if self.lead is None and not in_title:
                self.lead = first or period

    def comparisons(self, sentence: Sentence, here: list[FoundNumber]) -> list[Part]:
        """The comparison parts of a sentence: from a marker to the end of its clause."""
        text = self.text.text
        parts: list[Part] = []
        changes = [n for n in here if is_change(n)]
        for match in _MARKER.finditer(text, sentence.start, sentence.end):
            at = match.start()
            if self.covered.holds(at):
                continue  # "more than 100 carats", "year on year": part of other words
            marker = match["marker"].lower()
            head = text[max(sentence.start, at - NEAR) : at]
            after = text[match.end() : min(sentence.end, match.end() + 60)]
            names_level = (
                bool(_LEVEL_AFTER.match(after))
                or self._word_within(match.end(), 40)
                or self._number_right_after(match.end())
            )
            if marker == "from":
                if not (changes and any(c.end <= at for c in changes)) and not _CHANGE_VERB.search(
                    head
                ):
                    continue
                last = [c for c in changes if c.end <= at][-1:]
                breaks = list(_OTHER_CLAUSE.finditer(text, last[0].end, at)) if last else []
                if breaks and not _CHANGE_VERB.search(text, breaks[-1].end(), at):
                    continue  # "revenue climbed 44% as prices … recover from the lows of 2020"
                if not names_level or self._another_kind(sentence, at, match.end(), parts):
                    continue  # "worth USD 1.43 billion, up 15%, from 2.05 million carats"
            elif marker in ("on", "over", "below", "above", "behind") or marker.startswith(
                "ahead"
            ):  # "up 8% on H1 2018", "8.3% over the 8.4 million", "6.8% below the …"
                before = [c for c in changes if c.end <= at]
                if not before or len(text[before[-1].end : at].split()) > 2 or not names_level:
                    continue
            elif marker == "than":
                pass
            if marker in ("against", "versus", "vs", "vs.") and self._other_flow(
                sentence, at, match.end()
            ):
                continue  # "net rough imports reached $1,018.6 million against net rough
                # exports of $842.3 million": two flows of one period, no base
            end = self.part_end(match.end(), sentence)
            parts.append(Part(at, end, bool(_REVISION.search(head))))
        # "43.2 million carats (42.6 million)": the figure in brackets is the base's
        for before, number in itertools.pairwise(here):
            if (
                _BRACKETED.fullmatch(text[before.end : number.start])
                and text.startswith(")", number.end)
                and number.unit == before.unit
            ):  # "US$2.0 billion (38.5 per cent)": a share of the whole, not a base; "US$ 21.3
                # million (US$ 1,645 per carat)": the price, not a base
                parts.append(Part(number.start - 1, number.end + 1, False, bracketed=True))
        return sorted(parts, key=lambda p: p.start)

    def _another_kind(self, sentence: Sentence, at: int, after: int, parts: list[Part]) -> bool:
        """Whether the number after a "from" is of another kind than the level before it
        (carats after dollars): then it is what the level comes from, not its base. The
        bases of earlier comparisons ("… rose 10.8% from US$318.4 million, lifting the
        average value by 13.3% from US$278.31 per carat") are no level it could be of."""
        following = self.figure_index.starting_in(after, sentence.end)[:1]
        # the levels of the change's own clause: "Volume was 2.2% lower than the 1,144,050
        # carats …, but value rose 10.8% from US$318.4 million" compares no carats
        begin = sentence.start
        changes = [n for n in self.figure_index.starting_in(sentence.start, at) if is_change(n)]
        if changes and re.fullmatch(r"\s*", self.text.text[changes[-1].end : at]):
            return False  # "… and its value climbed 9.8% from US$3,579 million": its base
        if changes:
            breaks = list(_CONTRAST.finditer(self.text.text, sentence.start, changes[-1].start))
            begin = breaks[-1].end() if breaks else begin
        levels = [
            n
            for n in self.figure_index.starting_in(begin, at)
            if is_level(n) and not any(p.start <= n.start < p.end for p in parts)
        ]
        if not following or not levels or not is_level(following[0]):
            return False
        since = max([begin, *(n.end for n in self.figure_index.starting_in(begin, at))])
        if "_per_" in following[0].unit and re.search(
            r"\b(?:prices?|average)\b", self.text.text[since:at], re.I
        ):
            return False  # "…, lifting the average price from US$92 per carat": its base
        return _kind_of(following[0].unit) not in {_kind_of(n.unit) for n in levels}

    def _other_flow(self, sentence: Sentence, at: int, after: int) -> bool:
        """Whether the words after a marker, up to its level, name the other way of the flow
        the words before it name (imports against exports)."""
        text = self.text.text
        following = self.figure_index.starting_in(after, sentence.end)[:1]
        if not following:
            return False
        ahead = _FLOW_WAY.findall(text, after, following[0].start)
        behind = _FLOW_WAY.findall(text, sentence.start, at)
        return bool(ahead and behind) and ahead[-1].lower()[:3] != behind[-1].lower()[:3]

    def _number_right_after(self, at: int) -> bool:
        """Whether a figure starts right after ``at``, in any currency ("from Rs 84,850
        crore", "from P 2.1 billion", "from the R1.4 billion")."""
        following = self.figure_index.starting_in(at, at + 30)[:1]
        return bool(following) and bool(
            re.fullmatch(r"\s*(?:the\s+|a\s+|an\s+)?", self.text.text[at : following[0].start])
        )

    def _word_within(self, at: int, distance: int) -> bool:
        """Whether a time word starts within ``distance`` after ``at``."""
        index = bisect.bisect_left(self.word_starts, at)
        return index < len(self.words) and self.words[index].start - at < distance

    def part_end(self, start: int, sentence: Sentence) -> int:
        """A comparison ends at its clause's end (after the number or time words it names)."""
        text = self.text.text
        ends = [sentence.end]
        following = self.figure_index.starting_in(start, sentence.end)[:1]
        ends += [n.end for n in following]
        index = bisect.bisect_left(self.word_starts, start)
        if index < len(self.words) and self.words[index].start < sentence.end:
            ends.append(self.words[index].end)
        first = min(ends)
        match = _CLAUSE_END.search(text, first, sentence.end)
        # a comparison's own time words may follow its number: "against 7.9 million in Q3 2017"
        end = match.start() if match else sentence.end
        # "Compared with 2020 (9.12 Mct, US$262.4 million, US$28.8 per carat), …": the
        # figures in its brackets are all the comparison's
        opened = text.rfind("(", start, end)
        if opened > text.rfind(")", start, end):
            closed = text.find(")", end, sentence.end)
            if closed != -1:
                match = _CLAUSE_END.search(text, closed, sentence.end)
                end = match.start() if match else sentence.end
        # "Compared with 2018, when 147.9 …", "Compared with the July tender, which raised …"
        if re.match(r",\s+(?:when|which|where)\s", text[end : end + 9]):
            match = _CLAUSE_END.search(text, end + 2, sentence.end)
            end = match.start() if match else sentence.end
        # "volume jumped 78% from 13,036 thousand carats and value 49% from US$1,397 million":
        # a change is no base; the comparison ends before the next one
        later = [n for n in self.figure_index.starting_in(first, end) if is_change(n)]
        end = later[0].start if later else end
        # "from 31.2% in 2017 to 34.5% in 2018": the level it went to is no base
        onward = _TO_LEVEL.search(text, first, end)
        return onward.start() if onward else end

    def opening(
        self, sentence: Sentence, words: list[TimeWord], here: list[FoundNumber]
    ) -> TimeWord | None:
        """Time words that open the sentence ("In 2016 the participants had reported …")."""
        first = min([n.start for n in here if n.unit != "year"] + [sentence.end])
        for word in words:
            if word.start >= first:
                break
            if word.start - sentence.start < 40 and _SENTENCE_START.match(
                self.text.text[sentence.start : word.start]
            ):
                return word
        return None

    def respectively(
        self, sentence: Sentence, here: list[FoundNumber], words: list[TimeWord]
    ) -> dict[int, TimeWord]:
        """ "USD 0.98 billion, USD 1.07 billion and USD 1.02 billion in April, May and June
        respectively": the n-th figure of the list takes the n-th time words."""
        text = self.text.text
        found = _RESPECTIVELY.search(text, sentence.start, sentence.end)
        if found is None:
            return {}
        run = [w for w in words if w.end <= found.start()]
        listed: list[TimeWord] = []
        for word in reversed(run):
            gap = text[word.end : listed[-1].start if listed else found.start()]
            if not re.fullmatch(r"\s*(?:,|and|,\s*and)?\s*", gap):
                break
            listed.append(word)
        listed.reverse()
        if len(listed) < 2:
            return self.listed_before(found.start(), here, words)
        before = [n for n in here if n.end <= listed[0].start and not is_change(n)]
        units = [n for n in before if n.unit == (before[-1].unit if before else None)]
        if len(units) < len(listed):
            return {}
        return {id(n): w for n, w in zip(units[-len(listed) :], listed, strict=True)}

    def listed_before(
        self, respectively: int, here: list[FoundNumber], words: list[TimeWord]
    ) -> dict[int, TimeWord]:
        """ "Export values for January and February were revised to US$38.9 million and
        US$44.5 million respectively": the times listed before the figures listed."""
        text = self.text.text
        figures: list[FoundNumber] = []
        for number in reversed([n for n in here if n.end <= respectively]):
            gap = text[number.end : figures[-1].start if figures else respectively]
            if not re.fullmatch(r"\s*(?:,|and|,\s*and)?\s*", gap) or is_change(number):
                break
            figures.append(number)
        figures.reverse()
        if len(figures) < 2:
            return {}
        runs: list[list[TimeWord]] = []
        for word in (w for w in words if w.end <= figures[0].start):
            gap = text[runs[-1][-1].end : word.start] if runs else ""
            if runs and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", gap):
                runs[-1].append(word)
            else:
                runs.append([word])
        if not runs or len(runs[-1]) != len(figures):
            return {}
        return {id(n): w for n, w in zip(figures, runs[-1], strict=True)}

    # --------------------------------------------------------- main periods

    def looked_back_to(self, plan: Planned, word: TimeWord) -> None:
        """A level dated by a base ("in the same period of 2018") looks back: a note, which
        also keeps the text talking about its own period."""
        if word.kind == "base":
            said = self.text.text[word.start : word.end]
            plan.notes.append(f"period: {said!r}, the one talked about a year back")

    def main_period(
        self, plan: Planned, sentence: Sentence, words: list[TimeWord], here: list[FoundNumber]
    ) -> None:
        """A main figure's period: time words after it, before it, in its clause, or the text's."""
        text = self.text.text
        number = plan.number
        words = [w for w in words if w.kind != "base" or _dates_a_level(text, w, number)]
        # "RUB 46.3 bn (3Q18: RUB 75.9 bn)": a period before a colon labels what follows it
        after = [w for w in words if w.start >= number.end and text[w.end : w.end + 1] != ":"]
        # "…US$ 356.2 million, August US$ 414.7 million": the month labels the next figure
        labels_next = (
            bool(after)
            and re.fullmatch(r"\s*,\s*(?:and\s+)?", text[number.end : after[0].start]) is not None
            and bool(self.figure_index.starting_in(after[0].end, after[0].end + 2))
            and not text[after[0].end : after[0].end + 2].startswith(",")
        )
        if after and not labels_next and _RIGHT_AFTER.match(text[number.end : after[0].start]):
            word = after[0]
            if word.kind == "vague":
                plan.notes.append(
                    f"unsure: {text[word.start : word.end]!r} is part of a period a seed cannot "
                    "name (a sales cycle, a tender, a fiscal year it never ends); no period"
                )
                self.used.add(word.start)  # its year is no figure
                plan.undatable = True
                return
            # "the second half (January–June 2018)": the explicit words say it best
            if len(after) > 1 and re.fullmatch(r"\s*\(\s*", text[word.end : after[1].start]):
                word = after[1] if after[1].kind == "explicit" else word
            plan.period = self.resolve(word, sentence)
            self.looked_back_to(plan, word)
            self.used.add(word.start)
            return
        # "… to US$12,130.60 mn (April–October: US$11,112.15 mn), a decline of 6.6%": an
        # aside in brackets closed before the number dates only what is inside it
        # (with a figure of its own: "Tender 5 (July): 17,460 carats" is dated by its label)
        before = [
            w for w in words if w.end <= number.start and not self._in_aside(w, number, sentence)
        ]
        if _is_size(number):  # "stones of more than 10.8 carats": a class, dated only nearby
            clause = self.text.clause_of(number.start)
            before = [w for w in before if w.start >= clause[0]]
            if not before:
                return
        if before:
            word = before[-1]
            if len(before) > 1 and re.fullmatch(r"\s*\(\s*", text[before[-2].end : word.start]):
                pass  # "(January–June 2018)" after "the second half": the explicit one
            elif (
                len(before) > 1
                and before[-2].kind == "explicit"
                and re.fullmatch(r"\s*[(,]?\s*", text[before[-2].end : word.start])
            ):
                word = before[-2]
            if word.kind == "vague":
                plan.notes.append(
                    f"unsure: {text[word.start : word.end]!r} is part of a period a seed cannot "
                    "name (a sales cycle, a tender, a fiscal year it never ends); no period"
                )
                self.used.add(word.start)  # its year is no figure
                plan.undatable = True
                return
            plan.period = self.resolve(word, sentence)
            self.looked_back_to(plan, word)
            self.used.add(word.start)
            return
        clause = self.text.clause_of(number.start)
        inside = [w for w in after if w.start < clause[1]]
        if inside:
            plan.period = self.resolve(inside[0], sentence)
            self.used.add(inside[0].start)
            return
        if self.running is not None and not self.timeless(number, sentence):
            plan.period = self.running
            plan.notes.append("period: the one the sentences before talk about")

    def _in_aside(self, word: TimeWord, number: FoundNumber, sentence: Sentence) -> bool:
        """Whether ``word`` is inside brackets closed before ``number`` that hold a figure."""
        text = self.text.text
        opened = text.rfind("(", sentence.start, word.start)
        if opened <= text.rfind(")", sentence.start, word.start):
            return False  # not inside brackets
        closed = text.find(")", word.end, number.start)
        if closed == -1:
            return False
        return bool(self.figure_index.starting_in(opened, closed))

    def timeless(self, number: FoundNumber, sentence: Sentence) -> bool:
        """A rank, count or share stated as a standing fact, in the present tense and with no
        time words ("ALROSA has 55 long-term clients", "the world's largest miner"): it
        takes no period from the sentences before."""
        if number.unit not in ("rank", "count", "percent") or is_change(number):
            return False
        text = self.text.text
        if number.unit == "rank" and re.search(
            r",\s+(?:the\s+|a\s+)?(?:world’s\s+|world's\s+|world\s+|global\s+)?$",
            text[max(0, number.start - 20) : number.start],
        ):
            return True  # "ALROSA, the world’s largest diamond miner": an apposition
        if self.sentence_words is None:  # read once per sentence
            self.sentence_words = set(
                re.findall(r"[a-z]+", text[sentence.start : sentence.end].lower())
            )
        words = self.sentence_words
        if number.unit == "rank":  # a rank is dated only by a verb in the past
            return not (_PAST.intersection(words) or _PAST_RANK.intersection(words))
        return bool(_PRESENT.intersection(words)) and not _PAST.intersection(words)

    def resolve(self, word: TimeWord, sentence: Sentence) -> Period | None:
        """A time word's period, its missing parts from the sentence or the text."""
        if word.kind == "occasion":
            # "its first tender of the year": one event, in the month the text reports it
            # (a seed names no event; its month keeps it apart from the year's other ones)
            day = self.calendar.published
            return parse_period(f"{day.year}-{day.month:02d}")
        context = self.running
        if word.shape == ("period",) and (self.section or self.lead) is not None:
            # "25.5% of revenue for the period": the period the text reports on, not the
            # quarter a sentence before compared
            context = self.section or self.lead
        if word.shape == ("ytd",):  # "Year-to-date recoveries … at the end of September"
            month = next(
                (
                    w
                    for w in self.words
                    if word.end <= w.start < sentence.end
                    and w.shape[:1] == ("month",)
                    and _ENDED_BY.search(self.text.text, max(0, w.start - 20), w.start)
                ),
                None,
            )
            if month is not None:
                ended = TimeWord(month.start, month.end, "partial", shape=month.shape)
                context = ended.resolve(context, self.calendar) or context
        if word.kind in ("partial", "anaphor"):
            low = bisect.bisect_left(self.word_starts, sentence.start)
            high = bisect.bisect_left(self.word_starts, word.start, low)
            explicit = [
                w.period
                for w in self.words[low:high]
                if sentence.start <= w.start < word.start
                and w.kind == "explicit"
                and not w.point
                and w.period is not None
            ]
            if explicit:
                context = explicit[-1]
        return word.resolve(context, self.calendar)


# "at the end of September", "to March", "through June": the month a span ends with
_ENDED_BY = re.compile(r"\b(?:end\s+of|to|through|until|as\s+of|as\s+at)\s+(?:the\s+)?$", re.I)
_BRACKETED = re.compile(r"\s*\(\s*")


def _kind_of(unit: str) -> str:
    """Money, volume or count: what a level's unit measures."""
    if unit == "carat":
        return "volume"
    if unit in ("count", "number"):
        return "count"
    return "price" if "_per_" in unit else "money"


_CLAUSE_REACH = 300  # characters: no level and its time word in one clause are further apart


def _dates_a_level(text: str, word: TimeWord, number: FoundNumber) -> bool:
    """ "Production in the same period of 2018 was 1.48 million carats": a base after "in"
    names the period of a level in its clause, the one talked about a year back."""
    if number.kind == "change" or abs(word.start - number.start) > _CLAUSE_REACH:
        return False  # (a long sentence holds thousands of words and numbers: cheap first)
    between = text[min(word.end, number.end) : max(word.start, number.start)]
    if (
        _A_YEAR_BACK.fullmatch(text, word.start, word.end)
        and _OPENS.search(text[max(0, word.start - 4) : word.start])
        and word.end <= number.start
        and not re.search(r"[;.]", between)
        and not re.search(r",\s", between.lstrip(","))
    ):  # "A year earlier the company had sold 198,100 carats for US$47.1 million"
        return True
    return (
        bool(_IN_BEFORE.search(text, max(0, word.start - 12), word.start))
        and re.match(r"(?:the\s+)?(?:same|corresponding)\b", text[word.start : word.end], re.I)
        is not None
        and not re.search(r"[,;.]", text[min(word.end, number.end) : max(word.start, number.start)])
    )


_IN_BEFORE = re.compile(r"\b(?:in|during|for|over)\s+$", re.I)
# a sentence opening on "A year earlier" / "A year ago": its levels are of the year before
_A_YEAR_BACK = re.compile(r"a\s+year\s+(?:earlier|ago|before)", re.I)
_OPENS = re.compile(r"(?:\A|[.!?]\s+|\n\s*)\Z")


def _is_size(number: FoundNumber) -> bool:
    """A stone's size ("10.8 carats", "a 327 carat diamond"), not a volume produced or sold."""
    return number.unit == "carat" and number.value < 1000
