"""The fourth phase of a draft: the quantity every figure measures, and what a share is of.

Each level and change gets a :class:`~dbtool.draft.profiles.Profile` read from
its words: the flow, product and measure words nearest it (in its clause, then
right after it, then earlier in its sentence, then the figure before it), its
subject (the organisation, place or mine its clause names, "Russian output",
"the world's", the subject of a relative clause's antecedent, the sentence's,
the figure before's). A change takes the measure of the level it reaches or
starts from, else its "in value" or "by volume", else its flow's usual one.

A complete profile is matched with the quantities the database knows, so a
release of ALROSA's sales lands on ``alrosa-diamond-sales``; otherwise a
quantity is declared from the parts ("Russia's rough diamond production, by
volume"). A share is of the quantity its "of …" names ("of the world's
carats", "of Russia's output of 42.6 million carats", "of the total"), and
is stated of the part its clause names. A figure whose profile is incomplete
is named from its words, with a comment, and shares no quantity with others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dbtool.draft.names import word_set
from dbtool.draft.profiles import (
    DEMONYMS,
    KnownQuantity,
    Profile,
    best_match,
    measure_of,
    read_words,
    same_thing,
)
from dbtool.draft.vocabulary import MONTH_NAMES

if TYPE_CHECKING:
    from dbtool.draft.dating import DatingPlan
    from dbtool.draft.figures import DraftFigure
    from dbtool.draft.names import Entities
    from dbtool.draft.naming import Namer
    from dbtool.draft.registry import Registry
    from dbtool.draft.text import TextMap

_OF = re.compile(r"\s+of\s+(?P<phrase>[^,.;:()]+)")
_RELATIVE_CLAUSE = re.compile(r"^\s*(?:whose|which|where|who)\b", re.I)
_TOTAL_WORDS = re.compile(r"\b(?:total|gross|overall|combined|in\s+all|all)\b", re.I)
_DEFAULT_MEASURE = {
    "production": "volume",
    "sales": "value",
    "revenue": "value",
    "exports": "value",
    "imports": "value",
    "re-exports": "value",
    "trade": "value",
    "supply": "value",
}
_PRODUCER = re.compile(
    r"(?<![\w’'-])(?P<name>[A-Z][a-zšé]+(?:\s+[A-Z][a-zšé]+)?)(?:’s|'s)?\s+(?:produced|sold|"
    r"recovered|mined|exported|imported|output|production|exports|imports|sales|revenue)\b"
)
_COMMON = word_set(
    "the a an this that these those it its they their revenue sales production output"
    " exports imports rough polished diamond diamonds world company group government"
    " ministry in on for during over after before net gross total average prices price"
    " volume value full first second third fourth half quarter year month fy ytd"
) | frozenset(m.lower() for m in MONTH_NAMES)
_REPORTER_AFTER = re.compile(
    r"(?:\s*\([^)]*\))?\s+(?:said|says|reported|reports|announced|valued|estimated|published|"
    r"released|noted|added|expects|expected|stated)\b",
    re.I,
)
_REPORTER_BEFORE = re.compile(r"\b(?:according\s+to|by)\s+(?:the\s+)?$", re.I)
_FLOW_NOUN_AFTER = re.compile(
    r"\s+(?:rough\s+|polished\s+|diamond\s+)*(?:output|production|exports?|imports?|sales|"
    r"mines?|diamonds|mining|producers?|trade)\b",
    re.I,
)


@dataclass
class _Name:
    """A name for a subject in the text: where it is, its key, how it reads."""

    start: int
    end: int
    key: str
    name: str


class QuantityDrafter:
    """Quantities for the figures of one text, matched to the database's or declared."""

    def __init__(
        self,
        text: TextMap,
        plan: DatingPlan,
        entities: Entities,
        namer: Namer,
        registry: Registry,
        known: tuple[KnownQuantity, ...],
    ) -> None:
        self.text, self.plan, self.entities = text, plan, entities
        self.namer, self.registry, self.known = namer, registry, known
        self.seen: dict[str, int] = {}  # subjects read so far, and how often
        self.names = self._names()
        self.profiles: dict[int, Profile] = {}
        self.subject_names: dict[str, str] = {n.key: n.name for n in self.names}

    # ------------------------------------------------------------- subjects

    def _names(self) -> list[_Name]:
        """Every name of an organisation, place or mine, and "Russian output"-style adjectives."""
        text = self.text.text
        names = [
            _Name(start, end, entity.key, entity.name)
            for entity in self.entities.found
            if entity.kind != "person"
            for start, end in entity.spans
        ]
        by_name = {e.name: e.key for e in self.entities.found}
        for entity in self.entities.known:
            for name in entity.names:
                by_name.setdefault(name, entity.key)
        for adjective, country in DEMONYMS.items():
            for match in re.finditer(rf"\b{adjective}\b", text):
                if not _FLOW_NOUN_AFTER.match(text, match.end()):
                    continue  # "the Russian miner" is ALROSA, not Russia
                key = by_name.get(country) or re.sub(r"\W+", "-", country.lower())
                names.append(_Name(match.start(), match.end(), key, country))
        for match in re.finditer(r"\b(?:world(?:’s|'s)?|worldwide|global)\b", text, re.I):
            names.append(_Name(match.start(), match.end(), "world", "the world"))
        for match in _PRODUCER.finditer(text):  # "Debswana produced 6.4 million carats"
            name = match["name"]
            if name.lower() not in _COMMON and not any(
                n.start <= match.start() < n.end for n in names
            ):
                key = by_name.get(name) or re.sub(r"\W+", "-", name.lower())
                names.append(_Name(match.start(), match.start() + len(name), key, name))
        dateline = self.namer.dateline
        return sorted(
            (
                n
                for n in names
                if not (dateline and dateline[0] <= n.start < dateline[1])
                and n.name.lower() not in _COMMON
                and not _REPORTER_AFTER.match(text, n.end)
                and not _REPORTER_BEFORE.search(text[max(0, n.start - 20) : n.start])
            ),
            key=lambda n: n.start,
        )

    def subject(self, start: int, previous: Profile | None) -> str | None:
        """Whose a figure at ``start`` is: its clause's name, a relative clause's antecedent,
        its sentence's first name, the figure before's, the text's main one."""
        clause = self.text.clause_of(start)
        sentence = self.text.sentence_of(start)
        in_clause = [n for n in self.names if clause[0] <= n.start < start]
        if in_clause:
            return in_clause[-1].key
        if _RELATIVE_CLAUSE.match(self.text.text[clause[0] : start]):
            before = [n for n in self.names if sentence.start <= n.start < clause[0]]
            if before:
                return before[-1].key
        opening = [n for n in self.names if sentence.start <= n.start < start]
        if opening:
            return opening[0].key
        if previous is not None and previous.subject:
            return previous.subject
        if self.seen:  # the subject the text has mostly been about
            return max(self.seen, key=lambda k: self.seen[k])
        main = self.entities.main()
        return main.key if main is not None else None

    # ------------------------------------------------------------- profiles

    def read(self, figure: DraftFigure, previous: Profile | None) -> Profile:
        """The profile of a level or change, from its words and the figure before it."""
        text = self.text.text
        number = figure.number
        clause = self.text.clause_of(number.start)
        sentence = self.text.sentence_of(number.start)
        after_end = min(
            [clause[1]] + [n.start for n in self.namer.numbers if number.end < n.start < clause[1]]
        )
        after = text[number.end : after_end]
        if figure.row["unit"] == "percent":
            after = ""  # "61% of the total": the whole, not the part
        phrases = [
            read_words(text[clause[0] : number.start]),
            read_words(" ".join(after.split()[:8])),
            read_words(text[sentence.start : clause[0]]),
        ]
        parts: dict[str, str | None] = {"flow": None, "product": None, "modifier": None}
        for name in parts:
            parts[name] = next((p[name] for p in phrases if name in p), None)
        if parts["flow"] is None and previous is not None:
            parts["flow"] = previous.flow
            if parts["product"] is None:
                parts["product"] = previous.product
        subject = self.subject(number.start, previous)
        if any(p.get("subject") == "world" for p in phrases[:1]):
            subject = "world"
        if subject:
            self.seen[subject] = self.seen.get(subject, 0) + 1
        unit = figure.row["unit"]
        measure = measure_of(unit)
        if unit in ("percent", "factor"):  # "18% in volume and 13% in value": the nearest
            right = read_words(
                " ".join(after.split()[:3]) if after else text[number.end : number.end + 20]
            )
            measure = right.get("measure") or phrases[0].get("measure", "unspecified")
        return Profile(
            subject=subject,
            flow=parts["flow"],
            product=parts["product"],
            measure=measure,
            modifier=parts["modifier"],
            dimension=None if unit in ("percent", "factor") else unit,
        )

    # -------------------------------------------------------------- assign

    def assign(self, figures: list[DraftFigure]) -> None:
        """Give every level, change and share its quantity (or its whole)."""
        written = [f for f in figures if f.skipped is None]
        previous: Profile | None = None
        paragraph = -1
        for figure in written:
            unit = figure.row["unit"]
            if unit in ("year", "rank") or (unit == "percent" and "base_period" not in figure.row):
                continue
            if unit == "carat" and figure.row["value"] < 1000:
                continue  # "stones of more than 10.8 carats": a size, not a volume
            at = self.text.text.count("\n\n", 0, figure.number.start)
            if at != paragraph:
                previous, paragraph = None, at
            profile = self.read(figure, previous)
            self.profiles[id(figure.number)] = profile
            previous = profile
        self.pair_changes(written)
        for figure in written:
            profile = self.profiles.get(id(figure.number))
            if profile is not None:
                self.attach(figure, profile)
        for figure in written:
            if figure.row["unit"] == "percent" and "base_period" not in figure.row:
                self.share(figure, written)

    def pair_changes(self, written: list[DraftFigure]) -> None:
        """A change measures what the level it reaches or starts from measures."""
        by_number = {id(f.number): f for f in written}
        for figure in written:
            if "base_period" not in figure.row:
                continue
            planned = self.plan.of(figure.number)
            profile = self.profiles.get(id(figure.number))
            if profile is None:
                continue
            level = None
            if planned is not None:
                level = planned.reaches or planned.starts
            if level is not None and id(level) in self.profiles and id(level) in by_number:
                level_profile = self.profiles[id(level)]
                self.profiles[id(figure.number)] = replace(
                    level_profile, dimension=None, measure=level_profile.measure
                )
                continue
            if profile.measure == "unspecified" and profile.flow in _DEFAULT_MEASURE:
                self.profiles[id(figure.number)] = replace(
                    profile, measure=_DEFAULT_MEASURE[profile.flow]
                )
                figure.comments.append(
                    f"unsure: a change in {profile.flow} that says neither value nor volume; "
                    f"read as {_DEFAULT_MEASURE[profile.flow]}"
                )

    def attach(self, figure: DraftFigure, profile: Profile) -> None:
        """The figure's quantity: the database's that matches, a new one from the parts, or,
        with no flow to go on, one of its own named from its words."""
        row = figure.row
        if profile.complete and profile.measure != "unspecified":
            row["quantity"] = self.quantity_for(profile, figure)
            if row.get("measure") in (None, "unspecified"):
                row["measure"] = "value" if profile.measure == "price" else profile.measure
            return
        if "base_period" in row or row["value"] < 0:
            name = self.namer.quantity_name(figure.number, self.registry.last_name())
            unit = None if row["unit"] in ("percent", "factor") else _unit_words(row["unit"])
            row["quantity"] = self.registry.quantity(
                name,
                unit,
                signed=row["value"] < 0 and "base_period" not in row,
                measure=row.get("measure", "unspecified"),
                comments=["unsure: no flow (sales, production, exports …) named; read it"],
            )

    def quantity_for(self, profile: Profile, figure: DraftFigure) -> str:
        """The key of the quantity ``profile`` names, declaring it the first time."""
        found, alike = best_match(self.known, profile)
        if found is not None:
            return found
        key = profile.key()
        known_keys = {k.key: k for k in self.known}
        if key in known_keys and known_keys[key].measure == profile.measure:
            return key  # "alrosa-long-term-clients": the count the database already has
        registry = self.registry
        if key in registry.quantities:
            if figure.row["value"] < 0 and "base_period" not in figure.row:
                registry.quantities[key]["signed"] = True
            return key
        comments = []
        if alike:
            comments.append(
                "unsure: the database has quantities like it, none plainly it: " + ", ".join(alike)
            )
        if key in registry.keys.taken:
            key = registry.keys.new(key)
        else:
            registry.keys.taken.add(key)
        name = profile.name(self.subject_names.get(profile.subject or "", profile.subject))
        unit = None
        if profile.dimension is not None:
            unit = _unit_words(profile.dimension)
        measure = "value" if profile.measure == "price" else profile.measure
        registry.quantities[key] = {
            "key": key,
            "name": name,
            "measure": measure,
            "unit": unit,
            "flow": True if profile.flow in _DEFAULT_MEASURE and measure != "price" else None,
            "signed": (figure.row["value"] < 0 and "base_period" not in figure.row) or None,
            "reviewed": False,
        }
        registry.comments[key] = comments
        return key

    # --------------------------------------------------------------- shares

    def share(self, figure: DraftFigure, written: list[DraftFigure]) -> None:
        """A share's whole (what its "of …" names) and, when its clause says, its part."""
        text = self.text.text
        number = figure.number
        match = _OF.match(text, number.end)
        whole_key = None
        whole_profile = None
        if match is not None:
            phrase = match["phrase"]
            inside = [
                f
                for f in written
                if match.start("phrase") <= f.number.start < match.end("phrase")
                and f.row.get("quantity")
            ]
            if inside:  # "of Russia's output of 42.6 million carats"
                whole_key = inside[0].row["quantity"]
                whole_profile = self.profiles.get(id(inside[0].number))
            elif re.match(r"\s*(?:the\s+)?(?:total|whole)\b", phrase, re.I):
                total = self.total_before(figure, written)
                if total is not None:
                    whole_key = total.row["quantity"]
                    whole_profile = self.profiles.get(id(total.number))
            else:
                whole_profile = self.whole_profile(figure, phrase)
                if whole_profile is not None:
                    whole_key = self.quantity_for(whole_profile, figure)
        if whole_key is None:
            return  # the figures phase named a whole of its own
        figure.row["whole"] = whole_key
        if whole_profile is None:
            return
        restated = self.restated_level(figure, written)
        if restated is not None:  # "2.79 million carats, or 61% of the total"
            figure.row["quantity"] = restated.row["quantity"]
            return
        part = self.part_profile(figure, whole_profile)
        if part is not None and not same_thing(part, whole_profile):
            figure.row["quantity"] = self.quantity_for(part, figure)

    def restated_level(self, figure: DraftFigure, written: list[DraftFigure]) -> DraftFigure | None:
        """The level a share restates: "USD 249.3 billion, or 91%"."""
        text = self.text.text
        before = [
            f
            for f in written
            if f.number.end <= figure.number.start
            and f.row.get("quantity")
            and "base_period" not in f.row
            and f.row["unit"] not in ("percent", "factor", "rank", "year")
        ]
        if before and re.fullmatch(
            r",?\s*(?:or|i\.e\.|that\s+is|equal\s+to)\s+",
            text[before[-1].number.end : figure.number.start],
        ):
            return before[-1]
        return None

    def whole_profile(self, figure: DraftFigure, phrase: str) -> Profile | None:
        """The profile of "the world's carats", "Russia's output", "rough diamond sales by
        value": the phrase's own words, the sentence's where it says less."""
        words = read_words(phrase)
        start = figure.number.end
        names = [n for n in self.names if start <= n.start < start + len(phrase) + 8]
        subject = words.get("subject") or (names[0].key if names else None)
        own = self.profiles_before(figure)
        context = own[-1] if own else None
        if subject is None and context is not None:
            subject = context.subject
        flow = words.get("flow") or (context.flow if context else None)
        measure = words.get("measure") or (context.measure if context else None)
        if words.get("measure") is None and re.search(r"\bcarats\b", phrase):
            measure = "volume"
        if not (subject and flow and measure):
            return None
        return Profile(
            subject=subject,
            flow=flow,
            product=words.get("product") or (context.product if context else None),
            measure=measure,
            modifier=words.get("modifier"),
            dimension=None,
        )

    def part_profile(self, figure: DraftFigure, whole: Profile) -> Profile | None:
        """The part a share is of its whole: its clause's subject, the whole's flow and
        measure, its own product where it names one."""
        clause = self.text.clause_of(figure.number.start)
        words = read_words(self.text.text[clause[0] : figure.number.start])
        in_clause = [n for n in self.names if clause[0] <= n.start < figure.number.start]
        subject = in_clause[-1].key if in_clause else None
        product = words.get("product")
        if subject is None and product is None:
            return None
        return Profile(
            subject=subject or whole.subject,
            flow=words.get("flow") or whole.flow,
            product=product or whole.product,
            measure=whole.measure,
            modifier=words.get("modifier") or whole.modifier,
            dimension=None,
        )

    def profiles_before(self, figure: DraftFigure) -> list[Profile]:
        sentence = self.text.sentence_of(figure.number.start)
        return [
            p
            for n, p in (
                (n, self.profiles.get(id(n)))
                for n in self.namer.numbers
                if n.end <= figure.number.start
            )
            if p is not None and n.start >= sentence.start
        ]

    def total_before(self, figure: DraftFigure, written: list[DraftFigure]) -> DraftFigure | None:
        """What "of the total" refers to: a level called a total (or gross) before it, else
        the first level of its paragraph."""
        text = self.text.text
        before = [
            f
            for f in written
            if f.number.end <= figure.number.start
            and f.row.get("quantity")
            and "base_period" not in f.row
            and f.row["unit"] not in ("percent", "factor", "rank", "year")
        ]
        if not before:
            return None
        for candidate in reversed(before):
            clause = self.text.clause_of(candidate.number.start)
            if _TOTAL_WORDS.search(text, clause[0], candidate.number.start):
                return candidate
        paragraph_start = text.rfind("\n\n", 0, figure.number.start)
        here = [f for f in before if f.number.start > paragraph_start]
        return (here or before)[0]


def _unit_words(unit: str) -> str:
    """A seed unit as a quantity's ``unit`` spells it: "carat" -> "carats"."""
    return {
        "carat": "carats",
        "USD_per_carat": "USD per carat",
        "count": "count",
        "tonne": "tonnes",
    }.get(unit, unit.replace("_per_", " per "))
