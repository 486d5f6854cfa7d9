"""What a drafted figure is of, in words: its quantity's name, its metric, its measure.

A name is read from the words before the number in its clause ("Rough
imports declined 11%" -> "Rough imports"), leaving out dates, verbs and
linking words; a pronoun ("In volume they dropped 8%") refers to what the
sentence before was about.
"""

from __future__ import annotations

import re

from dbtool.display import MONTHS
from dbtool.draft.found import FoundNumber, NumberIndex
from dbtool.draft.names import word_set
from dbtool.draft.text import Span, TextMap

_VALUE_OR_VOLUME = re.compile(r"\b(?P<word>value|volume|carats)\b", re.I)
# Words that open or close a clause around what a number is of.
_LEADING = word_set(
    "in on for from during over since by and also the a an of to at as while so they it its which"
)
# "In volume they dropped 8%", and a verb whose subject is the clause's before ("…, and was
# up 6.8% y-o-y against 3,560")
_PRONOUN = re.compile(r"\b(?:they|it|these|those)\b", re.I)
_SAME_SUBJECT = re.compile(r"[\s,]*and\s+(?:was|were|is|are|has\s+been|had\s+been)\b", re.I)
_REPORTING = word_set("said says reported reports announced added noted explained expects that")
_ANAPHORS = word_set("of this that the total which these those")
_TRAILING = word_set(
    "were was is are came come comes to reached reach reaches stood at totalled totaled total"
    " worth brought in accounted account accounts for made make makes up put grew rose fell"
    " declined dropped slipped increased decreased rise fall jumped climbed eased reported of"
    " by and also the a an with sold amounted amount amounts been be has have had which"
    " around about nearly almost over some more than less they it"
)


class Namer:
    """Names for the figures of one text: what each number is of, and its metric."""

    def __init__(self, text: TextMap, numbers: list[FoundNumber], dateline: Span | None) -> None:
        self.text, self.numbers, self.dateline = text, numbers, dateline
        self.positions = NumberIndex(numbers)

    def subject_phrase(self, number: FoundNumber) -> str:
        """What a number is of, as its clause words it before it: "Rough imports declined"
        -> "Rough imports"; dates, periods, verbs and linking words are left out."""
        clause_start, _clause_end = self.text.clause_of(number.start)
        before = [
            m.end for m in self.positions.ending_in(clause_start, number.start) if m is not number
        ]
        start = max([clause_start, *before])
        if self.dateline and start <= self.dateline[1] <= number.start:
            start = self.dateline[1]
        pieces, at = [], start
        for other in self.positions.starting_in(start, number.start):
            inside = start <= other.start and other.end <= number.start
            if inside and (other.period is not None or other.kind == "period_reference"):
                pieces.append(self.text.text[at : other.start])
                at = other.end
        pieces.append(self.text.text[at : number.start])
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

    def quantity_name(self, number: FoundNumber, last_name: str | None) -> str:
        """A name for the quantity ``number`` measures; ``last_name`` is the one drafted last."""
        if self.continues(number) and last_name is not None:
            # "In volume they dropped 8%": what the sentence before was about
            return last_name.split(", by ")[0]
        phrase = self.subject_phrase(number)
        if not phrase:  # "Net rough imports, imports minus exports, came to …"
            first = self.text.sentence_of(number.start).clauses[0]
            lead = [m for m in self.positions.starting_in(*first) if m is not number]
            if lead:
                phrase = self.subject_phrase(lead[0])
            else:
                words = re.findall(r"[\w’'-]+", self.text.text[first[0] : first[1]])
                phrase = " ".join(words[:8])
        return phrase or self.text.clause_words(number.start)

    def continues(self, number: FoundNumber) -> bool:
        """Whether ``number``'s clause goes on about what the one before measured: "In volume
        they dropped 8%", "…, and was up 6.8% y-o-y against 3,560"."""
        text = self.text.text
        clause_start, _clause_end = self.text.clause_of(number.start)
        return bool(
            _PRONOUN.search(text, clause_start, number.start)
            or _SAME_SUBJECT.match(text, clause_start, number.start)
        )

    def metric(self, number: FoundNumber, kind: str) -> str:
        clause = self.text.clause_words(number.start)
        if len(clause) > 110:
            clause = clause[:107].rsplit(" ", 1)[0] + " …"
        return f"{kind[0].upper()}{kind[1:]}: {clause}"

    def measure(self, number: FoundNumber, unit: str) -> str:
        """value, volume or count; for a change, the nearest of 'value' or 'volume' words."""
        if unit in ("USD", "USD_per_carat") or unit.isupper():
            return "value"
        if unit == "carat":
            return "volume"
        if unit == "count":
            return "count"
        clause_start, clause_end = self.text.clause_of(number.start)
        words = [
            (abs(m.start() - number.start), m["word"].lower())
            for m in _VALUE_OR_VOLUME.finditer(self.text.text, clause_start, clause_end)
        ]
        if unit in ("percent", "factor") and words:
            word = min(words)[1]
            return "value" if word == "value" else "volume"
        return "unspecified"


def kind_label(number: FoundNumber) -> str:
    """What kind of figure a number is, as a comment names it: "a change, down"."""
    if number.kind == "change":
        return f"a change, {number.direction}"
    if number.kind == "factor":
        return f"a multiple, {number.direction}"
    if number.unit == "percent":
        return "a share"
    return {
        "rank": "a rank",
        "year": "a year",
        "count": "a count",
        "number": "a number",
        "carat": "a volume",
        "USD_per_carat": "a price",
    }.get(number.unit, "an amount")
