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

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dbtool.db.vocabulary import CHANGE_UNITS
from dbtool.draft.apart import kept_apart, leave_off
from dbtool.draft.counts import Counts
from dbtool.draft.found import NEAR, ByStart, Claimed
from dbtool.draft.names import (
    ADJECTIVE_AFTER,
    COUNTRY_ALIASES,
    COUNTRY_NAMES,
    CURRENCY_AFTER,
    slugify,
    word_set,
)
from dbtool.draft.profiles import (
    COUNTRIES,
    DEMONYMS,
    MEASURE_RIGHT,
    KnownQuantity,
    Profile,
    best_match,
    measure_of,
    read_words,
    same_thing,
)
from dbtool.draft.ranks import Ranks
from dbtool.draft.shares import Shares
from dbtool.draft.timewords import EVENT_NOUNS, NTH
from dbtool.draft.vocabulary import MONTH_NAMES, SUBORDINATE

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from dbtool.draft.figures import DraftFigure
    from dbtool.draft.names import Entities
    from dbtool.draft.naming import Namer
    from dbtool.draft.plans import DatingPlan
    from dbtool.draft.registry import Registry
    from dbtool.draft.text import Sentence, Span, TextMap
    from dbtool.draft.texttables import TableRow, TextTable

# "exports to India", "rough imports from Russia", "shipments into the UAE": a name after
# these is where a flow goes or comes from (its modifier), not whose it is ("imports into
# Antwerp" and "exports from Botswana" are Antwerp's and Botswana's)
_TO_FROM = re.compile(
    r"\b(?:exports?|shipments?|sales|exported|shipped|sold|deliveries)\b(?:\s+[\w-]+){0,3}?"
    r"\s+(?:to|into)\s+(?:the\s+)?$|\b(?:imports?|imported)\b(?:\s+[\w-]+){0,3}?\s+from\s+"
    r"(?:the\s+)?$",
    re.I,
)
_RELATIVE_CLAUSE = re.compile(r"^\s*(?:whose|which|where|who)\b", re.I)
# "Sodiam, Angola's state diamond trader, said the country sold …": the country named last,
# where "the country" is a subject (not "the country's diamonds", not "90% of the country")
_THE_COUNTRY = re.compile(
    r"\bthe\s+(?:country|nation)\b(?!\s*['’]s\b|\s+of\b)"
    # "The country's 2016 production … came to 9.021 million carats": its flow
    r"|\bthe\s+(?:country|nation)['’]s\s+(?:\d{4}\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?:production|output|exports|imports|sales|trade)\b",
    re.I,
)
_OBJECT_BEFORE = re.compile(
    r"\b(?:of|in|to|from|for|across|into|within|throughout|by|at|on|with)\s+\Z", re.I
)
_ALWAYS_VALUE = frozenset(("revenue", "profit", "dividend", "debt", "capex", "gdp"))
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
_DEMONYM = re.compile(rf"\b(?:{'|'.join(sorted(DEMONYMS, key=len, reverse=True))})\b")
# a country by its name, or by its initials with stops ("U.S. polished imports")
# "ZIMBABWE's diamond production rose …": a newspaper's first word in capitals
_UPPER_COUNTRIES = {c.upper(): c for c in COUNTRIES if c != c.upper()}
_COUNTRY_NAMES = (*COUNTRIES, *_UPPER_COUNTRIES, "U.S.", "U.K.")
_COUNTRY = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(c) for c in _COUNTRY_NAMES)})(?![\w-])")
_PRODUCER = re.compile(
    r"(?<![\w’'-])(?P<name>[A-Z][a-zšé]+(?:\s+[A-Z][a-zšé]+)?)(?:’s|'s)?\s+(?:produced|sold|"
    r"recovered|mined|exported|imported|output|production|exports|imports|sales|revenue|"
    r"accounted\s+for|contributed)\b"
)
_COMMON = word_set(
    "the a an this that these those it its they their revenue sales production output"
    " exports imports rough polished diamond diamonds world company group government"
    " ministry in on for during over after before net gross total average prices price"
    " volume value full first second third fourth half quarter year month fy ytd global"
    " worldwide carats carat tonnes ore grade index we our he she i you national domestic"
    " cumulative cumulatively combined overall provisional preliminary lots parcels"
) | frozenset(m.lower() for m in MONTH_NAMES)
_REPORTER_AFTER = re.compile(
    r"(?:\s*\([^)]*\))?\s+(?:said|says|valued|estimated|noted|added|stated|"
    r"(?:reported|announced|published|released)\s+(?:that|on)\b)",
    re.I,
)
# "according to the KP", "compiled by GJEPC": who reports, not whose; "followed by Botswana
# with 23.7 million carats" names the next subject of a list
_REPORTER_BEFORE = re.compile(
    r"\b(?:according\s+to|(?<!followed\s)(?<!trailed\s)(?<!joined\s)by)\s+(?:the\s+)?$", re.I
)
_ATTRIBUTABLE = re.compile(
    r"\b\d+(?:\.\d+)?\s*%\s+(?:share|interest|stake|basis)\b|\battributable\b", re.I
)
_DEFINITION = re.compile(r"^\s*that\s+is\b|\bminus\b|\bnet\s+of\b|\bless\b", re.I)
_MEASURE_WORD = re.compile(
    # "the average value of the rough … edged up 2.7%": a price
    r"\b(?P<price>(?:average|unit|mean)\s+(?:value|price)|prices?)\b"
    r"|\b(?P<value>value|worth|dollar\s+terms)\b|\b(?P<volume>volume|carats|output)\b",
    re.I,
)


_TARGET_AFTER = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?:target|forecast|guidance|goal|budget|projection)\b", re.I
)
_ON_OFFER = re.compile(r"\s+(?:on\s+offer|offered|put\s+up\s+for\s+sale)\b", re.I)
_SUBORDINATE = re.compile(rf",?\s{SUBORDINATE}\s", re.I)
# "ore", "tonnes", "waste": rock a mine moves, what it did with it
_ORE = re.compile(r"\b(?:ore|tonnes?|tons?|waste)\b", re.I)
_ORE_VERB = re.compile(r"\b(?:mined|treated|processed|milled|hauled|moved|stripped)\b", re.I)
# "The 15% decline in recovered grade": the change of what follows "in"
_CHANGE_IN = re.compile(
    r"\s+(?:decline|drop|fall|rise|increase|gain|decrease|growth|improvement)\s+in\s+"
    r"(?:the\s+|its\s+|their\s+)?(?P<noun>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})",
    re.I,
)
_PERCENT = r"\d[\d.,]*\s*(?:%|per\s+cent)"
_MEASURES_LISTED = re.compile(
    rf"(?:\s*(?:,|and)\s*{_PERCENT})*(?:\s+respectively)?,?\s+(?:in|by)\s+(?P<first>value|volume)"
    r"\s+and\s+(?:in\s+|by\s+)?(?P<second>value|volume)\b",
    re.I,
)
_PERCENT_AND = re.compile(rf"{_PERCENT},?\s+and\s+$", re.I)


# "2.9% fewer carats than the year before", "12% more stones": a change in volume, whatever
# level (a price, a value) it follows.
_MORE_CARATS = re.compile(r"\s+(?:more|fewer|less|additional)\s+(?:carats|stones|diamonds)\b", re.I)


def _listed_before(
    text: TextMap, names_within: Callable[[int, int], list[_Name]], sentence: Sentence
) -> bool:
    """ "ZCDC produced 1.21 Mct; Murowa 0.31 million. Exports were …": after a sentence
    listing several subjects, the last of them is no subject of the next."""
    start = text.previous_start(sentence)
    if ";" not in text.text[start : sentence.start]:  # a list, not a comparison
        return False
    return len({n.key for n in names_within(start, sentence.start) if n.key != "world"}) >= 2


def _product_of(phrases: list[dict[str, str]]) -> str | None:
    """Its own clause's product, else the nearest specific one before "diamonds" ("the
    Antwerp World Diamond Centre said … after USD 3.05 billion": polished exports); another
    clause's "the balance" or "other operations" is no product of the figure's."""
    if phrases[0].get("product"):
        return phrases[0]["product"]
    found = [p["product"] for p in phrases if p.get("product") not in (None, "other")]
    return next((p for p in found if p != "diamonds"), found[0] if found else None)


def _nearest_measure(words: str) -> str:
    """ "Volume rose 13.5%": the measure word nearest before a change, if any."""
    found = list(_MEASURE_WORD.finditer(words))
    if not found:
        return "unspecified"
    if found[-1]["price"]:
        return "price"
    return "value" if found[-1]["value"] else "volume"


# "its sixth spot auction of 2019", "the second sales cycle of 2019": an event within a
# year, a period a seed cannot name (dbtool.draft.timewords leaves such figures undated)
_EVENT = re.compile(
    rf"\b(?P<event>(?:{NTH}|last|final|opening)\s+(?:[a-z-]+\s+){{0,2}}?(?:{EVENT_NOUNS}|sales?)"
    r"\s+(?:of|in)\s+(?:19|20)\d\d)\b",
    re.I,
)
# "… fell 2.4% month on month in March to 121.8": the words between a change and its level
_TO_LEVEL = re.compile(r"(?:[\w ]{0,40}?\b|,\s*)to\s+", re.I)
_COMMA_TO = re.compile(r",\s*to\s+", re.I)  # "decreased 5.9%, to 5,512": no other words
# (with "sale": "its third sale of 2021 … above the US$1,588 per carat of the May sale" names two)
_EVENT_NOUN = re.compile(rf"\b(?:{EVENT_NOUNS}|sale(?!\s+of\b))\b", re.I)
_FLOW_NOUN_AFTER = re.compile(
    r"\s+(?:rough\s+|polished\s+|diamond\s+)*(?:output|production|exports?|imports?|sales|"
    r"mines?|diamonds|mining|producers?|trade)\b",
    re.I,
)


# "a 22% rise in its average realised price": the change names its measure after it
_RISE_IN_PRICE = re.compile(
    r"\s+(?:rise|increase|gain|jump|fall|decline|drop|decrease)\s+in\s+"
    r"(?:its\s+|the\s+|their\s+)?(?:average\s+)?(?:realised\s+|realized\s+|selling\s+)?"
    r"prices?\b",
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
        tables: Sequence[TextTable] = (),
    ) -> None:
        self.text, self.plan, self.entities = text, plan, entities
        self.cells = {id(n): (t, r) for t in tables for r in t.rows for n in r.cells if n}
        self.tables = tuple(tables)
        self.namer, self.registry, self.known = namer, registry, known
        self.seen: dict[str, int] = {}  # subjects read so far, and how often
        self.prose_seen: dict[str, int] = {}  # those of figures outside bulleted lists
        self.previous_at = -1  # where the figure read last starts
        self.by_number: dict[int, DraftFigure] = {}
        self.figure_index: ByStart[DraftFigure] = ByStart([], lambda f: f.number.start)
        self.respective: dict[int, str] = {}
        self.topics: dict[tuple[str | None, str | None], str | None] = {}
        self.read_spans: dict[tuple[int, int], dict[str, str]] = {}
        self.names = self._names()
        self.name_index = ByStart(self.names, lambda n: n.start)
        self.lead, self.lead_at = self._lead()
        self.profiles: dict[int, Profile] = {}
        self.events: dict[int, re.Match[str] | None] = {}  # sentence start -> its one event
        self.counts = Counts(self)
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
        for match in _DEMONYM.finditer(text):
            if not _FLOW_NOUN_AFTER.match(text, match.end()):
                continue  # "the Russian miner" is ALROSA, not Russia
            country = DEMONYMS[match.group()]
            key = by_name.get(country) or re.sub(r"\W+", "-", country.lower())
            names.append(_Name(match.start(), match.end(), key, country))
        named = Claimed(len(text))
        for name in names:
            named.append((name.start, name.end))
        for match in _COUNTRY.finditer(text):
            if CURRENCY_AFTER.match(text, match.end()):
                continue  # "US$41.2 million", "in US dollar terms": a currency, not a country
            if ADJECTIVE_AFTER.match(text, match.end()):
                continue  # "the Lesotho-focused miner" is the miner
            if not named.holds(match.start()):
                said = _UPPER_COUNTRIES.get(match.group(), match.group())
                canonical = COUNTRY_ALIASES.get(said, said)
                key = by_name.get(canonical) or re.sub(r"\W+", "-", canonical.lower())
                names.append(_Name(match.start(), match.end(), key, canonical))
        for match in re.finditer(r"\b(?:world(?:’s|'s)?|worldwide|global)\b", text, re.I):
            names.append(_Name(match.start(), match.end(), "world", "the world"))
        for match in _PRODUCER.finditer(text):  # "Debswana produced 6.4 million carats"
            name = match["name"]
            if name.startswith("The ") and named.holds(match.start() + 4):
                continue  # "The Group's sales": the alias already named, its article capitalised
            if " " not in name and re.search(rf"\b{re.escape(name.lower())}\b", text):
                continue  # a heading "Retail sales" where the text writes "retail sales"
            if name.lower() not in _COMMON and not named.holds(match.start()):
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

    def _lead(self) -> tuple[str | None, int]:
        """The first name the text gives a flow to ("Belgium's diamond trade contracted",
        "Diamond production in Botswana increased", "production at De Beers rose"), and where:
        a name first given a flow in a later paragraph ("Finsch produced 1.92 Mct") is no
        subject of the figures before it."""
        text = self.text.text
        for name in self.names:
            after = text[name.end : name.end + 80]
            before = text[max(0, name.start - 40) : name.start]
            if re.match(
                r"(?:’s|'s)?\s+(?:(?!(?:on|in|for|to|from|at|by|with|of)\s)[a-z-]+\s+){0,5}?"
                r"(?:trade|exports?|imports?|production|"
                r"output|sales|revenue|shipments)\b"
                # a verb of a flow, with its figure ("Ekati recovered 1.2 Mct"), not "demand in
                # mainland China recovered strongly"
                r"|(?:’s|'s)?\s+(?:[a-z-]+\s+){0,2}?(?:produced|exported|sold|mined|recovered)"
                r"\s+(?:[a-z-]+\s+){0,3}?(?:[$€£₹\d]|US|[A-Z]{3}\b|Rs)",
                after,
            ) or re.search(
                r"\b(?:production|output|exports|imports|sales|trade)\s+(?:in|of|at|from)\s+"
                r"(?:the\s+)?$",
                before,
            ):
                return name.key, name.start
        return None, len(text)

    def whose(self, start: int, end: int) -> list[_Name]:
        """The names in ``start:end`` that can own a flow: not a flow's destination or origin
        ("Belgium's rough exports to India", "imports from Russia": Belgium's, by country)."""
        text = self.text.text
        return [
            n
            for n in self.name_index.within(start, end)
            if not _TO_FROM.search(text, max(0, n.start - 60), n.start)
            and not _WHERE_HELD.search(text, max(0, n.start - 40), n.start)
        ]

    def subject(self, start: int, previous: Profile | None) -> str | None:
        """Whose a figure at ``start`` is: its clause's name, a relative clause's antecedent,
        its sentence's first name, the figure before's, the text's main one."""
        clause = self.text.clause_of(start)
        sentence = self.text.sentence_of(start)
        in_clause = self.whose(clause[0], start)
        if in_clause:
            return in_clause[-1].key
        if self.on_bullet(start) and self.named_bullet(start) and self.prose_seen:
            # "- companies in Belgium - RUB 3.98 billion;\n- other companies - RUB 2.74
            # billion": an item naming no one is not the item before's
            return max(self.prose_seen, key=lambda k: self.prose_seen[k])
        if self._the_country(sentence.start, start):
            country = self._country_before(start)
            if country is not None:
                return country
        if _RELATIVE_CLAUSE.match(self.text.text[clause[0] : start]):
            before = self.name_index.within(sentence.start, clause[0])
            if before:
                return before[-1].key
        # "…, or 92.3% of the total; the remaining 84,500 carats (7.7%) were shipped to
        # the United Arab Emirates": a clause after a semicolon names its own
        text = self.text.text
        semicolon = text.rfind(";", sentence.start, start)
        if semicolon != -1:
            end = text.find(";", start, sentence.end)
            own = self.name_index.within(semicolon, sentence.end if end == -1 else end)
            if own:
                return own[0].key
        # "…, while Lesotho's 0.72 Mct, valued at US$310 million, …": a clause naming no one
        # goes on with the figure before it in the sentence, not the sentence's first name
        if previous is not None and previous.subject and self.previous_at >= sentence.start:
            return previous.subject
        opening = self.whose(sentence.start, start)
        if opening:
            return opening[0].key
        # a paragraph's first sentence with a figure, after a run-in heading or not
        # ("Volumes and prices. Polished exports totalled …")
        paragraph = self.text.paragraph_start(sentence.start)
        new_paragraph = bool(re.search(r"\n\s*\n\s*$", self.text.text[: sentence.start])) or (
            paragraph > 0
            and sentence.start - paragraph < 80
            and not self.figure_index.within(paragraph, sentence.start)
            and not self.name_index.within(paragraph, sentence.start)
        )
        lead = self.lead if self.lead_at < start else None
        if new_paragraph and lead is not None:
            return self.lead  # a paragraph opens on what the text is about, not on a part
        if new_paragraph and self.prose_seen and previous is not None and previous.subject:
            # "India, by far the first destination, took USD 6.83 billion. ¶ Polished exports
            # slid 4.2%": not India's; what the prose has mostly been about
            return max(self.prose_seen, key=lambda k: self.prose_seen[k])
        if new_paragraph and self.prose_seen and self.on_bullet(self.previous_at):
            # after a list of parts ("- Tshopo and other provinces: 0.43 Mct"), a paragraph
            # is about the whole again: what the prose has mostly been about
            return max(self.prose_seen, key=lambda k: self.prose_seen[k])
        listed = _listed_before(self.text, self.name_index.within, sentence)
        if previous is not None and previous.subject and not listed:
            return previous.subject
        if self.seen:  # the subject the text has mostly been about
            return max(self.seen, key=lambda k: self.seen[k])
        if lead is not None:  # "Belgium's diamond trade contracted": what the text is about
            return lead
        main = self.entities.main()
        dateline = self.namer.dateline
        if main is None or main.kind != "organisation":
            return self.unnamed()  # a place named only as where it was issued is no subject
        if dateline and all(dateline[0] <= s < dateline[1] for s, _e in main.spans):
            return self.unnamed()
        return main.key

    def unnamed(self) -> str | None:
        """A statistics office's bulletin, dated from a city, may never name whose exports it
        counts ("The value of rough diamond exports rose to …"): its figures are one another's
        quantities, of this text alone (they meet nothing in the database), rather than none."""
        if not self.namer.dateline:
            return None
        key = self.registry.keys.slug
        self.subject_names.setdefault(key, f"[{key}]")
        return key

    def _the_country(self, start: int, end: int) -> bool:
        """Whether "the country" is the subject of something in ``start:end``."""
        text = self.text.text
        return any(
            not _OBJECT_BEFORE.search(text, max(0, m.start() - 15), m.start())
            for m in _THE_COUNTRY.finditer(text, start, end)
        )

    def _country_before(self, at: int) -> str | None:
        """The key of the country named last before ``at`` in its paragraph (what "the
        country" refers to)."""
        paragraph = self.text.paragraph_start(at)
        # its paragraph's, else the text's before it ("Angola produced … ¶ The country's 2016
        # production …")
        for since in (paragraph, 0):
            for name in reversed(self.name_index.within(since, at)):
                entity = self.entities.by_key(name.key)
                if entity is not None and (
                    entity.type == "country" or entity.name in COUNTRY_NAMES
                ):
                    return name.key
        return None

    # ------------------------------------------------------------- profiles

    def read(self, figure: DraftFigure, previous: Profile | None) -> Profile:
        """The profile of a level or change, from its words and the figure before it."""
        text = self.text.text
        number = figure.number
        clause = self.text.clause_of(number.start)
        sentence = self.text.sentence_of(number.start)
        following = self.namer.positions.starting_in(number.end + 1, clause[1])[:1]
        after = text[number.end : following[0].start if following else clause[1]]
        # "…US$ 397.9 million and polished diamonds produced by …": another's words
        after = _ANOTHER_CLAUSE.split(after, maxsplit=1)[0]
        if figure.row["unit"] == "percent":
            after = ""  # "61% of the total": the whole, not the part
        phrases = [
            read_words(text[clause[0] : number.start]),
            read_words(" ".join(after.split()[:8])),
            *self.earlier_clauses(sentence, clause),
            # "Compared with USD 4.64 billion in 2016, total diamond sales were 7.5% lower"
            # (the next clause only: "…, as clients stepped up purchases of gem-quality
            # rough" is no product of the sales before it)
            self.clause_words(clause[1], self.next_clause_end(clause, sentence))
            if clause[0] == sentence.start
            else {},
            self.list_heading(number.start),
            self.topic_sentence(sentence),
        ]
        # The flow, and its modifier ("net"), from the nearest words that name a flow; the
        # product from the nearest words that name one ("of which rough diamonds were …").
        source = next((p for p in phrases if "flow" in p), {})
        if source is phrases[0] and _EARNED_FROM.match(after) and "flow" in phrases[1]:
            source = phrases[1]  # "Namibia earned N$4,205.7 million from diamond exports"
        parts: dict[str, str | None] = {
            "flow": source.get("flow"),
            # its own clause's ("while the land operations of Namdeb contributed …"), else
            # the flow's
            "modifier": phrases[0].get("modifier") or source.get("modifier"),
            "product": _product_of(phrases),
        }
        if previous is not None and parts["flow"] is None:
            parts["flow"] = previous.flow
            # "…net polished exports climbed 60%. Hong Kong kept its place as the leading
            # market for Antwerp polished with USD 2.71 billion": a clause naming its own
            # subject takes the flow, not what the figure before was net of
            named = self.whose(sentence.start, number.start)
            if not named or previous.modifier not in ("net", "net-of"):
                parts["modifier"] = parts["modifier"] or previous.modifier
            parts["product"] = parts["product"] or previous.product
        subject = self.respective.get(id(number)) or self.subject(number.start, previous)
        item = text[clause[0] : number.start].rsplit("(", 1)[-1]  # "(Russia 43.2 Mct; …"
        if phrases[0].get("subject") == "world" and read_words(item).get("subject") == "world":
            subject = "world"
        topic = (subject, parts["flow"])
        if (
            parts["product"] is None
            and previous is not None
            and (previous.subject, previous.flow) == topic
            and self.previous_at >= self.text.paragraph_start(number.start)
        ):  # "Polished exports slid 4.2%. Volumes contracted 7.6%": the figure before's
            parts["product"] = previous.product
        if parts["product"] is None:  # "June exports eased 5%": the exports the text is about
            parts["product"] = self.topics.get(topic)
        self.topics.setdefault(topic, parts["product"])
        if subject:
            self.seen[subject] = self.seen.get(subject, 0) + 1
            if not self.on_bullet(number.start):
                self.prose_seen[subject] = self.prose_seen.get(subject, 0) + 1
        unit = figure.row["unit"]
        measure = measure_of(unit)
        if unit in ("percent", "factor"):  # "18% in volume and 13% in value": the nearest
            right = MEASURE_RIGHT.match(text, number.end)
            listed = _MEASURES_LISTED.match(text, number.end)
            if listed is not None:  # "down 8% and 7% in volume and value (respectively)"
                second = _PERCENT_AND.search(text, max(0, number.start - 30), number.start)
                measure = listed["second" if second else "first"].lower()
            elif right is not None:
                measure = "value" if right["word"].lower() == "value" else "volume"
            elif _MORE_CARATS.match(text, number.end):  # "2.9% fewer carats": its volume
                measure = "volume"
            elif _RISE_IN_PRICE.match(text, number.end):  # "a 22% rise in its average price"
                measure = "price"
            else:
                measure = _nearest_measure(text[clause[0] : number.start])
        if _TARGET_AFTER.match(text, number.end):  # "the 4 million carat target set for 2018"
            parts["modifier"] = "target"
        if _ON_OFFER.match(text, number.end) and not re.fullmatch(
            r"\s*Of\s+the\s+", text[sentence.start : number.start]
        ):  # "86.4% of the 61,190 carats offered": not sold ("Of the 401,250 carats
            # offered, 364,780 …" is a whole with its parts, dbtool.draft.balances)
            parts["modifier"] = "offered"
        ore = self.ore_flow(figure, clause, previous)
        if ore is not None:  # "864,553 tonnes of ore treated, up 3%": no carats of diamonds
            parts["flow"], parts["product"], measure = ore, None, "volume"
        else:
            change_in = _CHANGE_IN.match(text, number.end)
            if change_in is not None and not read_words(change_in["noun"].split()[-1]):
                # "The 15% decline in recovered grade": what it names, not the flow before
                parts["flow"], parts["product"] = slugify(change_in["noun"], 40), None
                parts["modifier"], measure = None, "unspecified"
        return Profile(
            subject=subject,
            flow=parts["flow"],
            product=parts["product"],
            measure=measure,
            modifier=parts["modifier"],
            dimension=None if unit in ("percent", "factor") else unit,
        )

    def topic_sentence(self, sentence: Sentence) -> dict[str, str]:
        """ "Rough diamond imports fell even more steeply. Manufacturers bought US$6,484.2
        million of rough …": the words of the sentence before, in the same paragraph, when it
        states no figure of its own (it says what the next one counts)."""
        start = self.text.previous_start(sentence)
        if start == sentence.start or self.text.paragraph_start(sentence.start) > start:
            return {}
        if self.figure_index.within(start, sentence.start):
            return {}
        return self.clause_words(start, sentence.start)

    def next_clause_end(self, clause: Span, sentence: Sentence) -> int:
        """Where the words after ``clause`` that may name its flow end: the sentence's end,
        or a subordinate clause's start ("…, as clients stepped up purchases of gem-quality
        rough" names no product of the sales before it)."""
        end = min(sentence.end, clause[1] + 400)
        other = _SUBORDINATE.search(self.text.text, clause[1], end)
        return other.start() if other else end

    def ore_flow(self, figure: DraftFigure, clause: Span, previous: Profile | None) -> str | None:
        """ "10,212,468 tonnes mined", "Ore tonnes treated climbed 3%", "…, up 3%" after
        tonnes: rock moved or treated, its own flow ("ore-treated"), never diamonds."""
        text = self.text.text
        number = figure.number
        unit = figure.row["unit"]
        if unit == "tonne":
            words = text[number.start : min(clause[1], number.end + 40)]
        elif unit in ("percent", "factor") and "base_period" in figure.row:
            words = text[clause[0] : number.start]
            if not _ORE.search(words):
                if previous is None or previous.dimension != "tonne" or previous.flow is None:
                    return None
                sentence = self.text.sentence_of(number.start)
                return previous.flow if self.previous_at >= sentence.start else None
        else:
            return None
        if unit != "tonne" and not _ORE.search(words):
            return None
        verb = _ORE_VERB.search(words)
        # "tonnes mined (ore and waste)": all the rock moved, not the ore alone
        rock = "material" if re.search(r"\bwaste\b|\btotal\s+tonnes\b", words, re.I) else "ore"
        return f"{rock}-{verb.group().lower()}" if verb else rock

    def sentence_before(self, figure: DraftFigure, opening: re.Pattern[str]) -> list[DraftFigure]:
        """The figures of the sentence before ``figure``'s, where its own opens with
        ``opening`` ("Of these,", "Of this,": what the sentence before stated), else none."""
        text = self.text
        sentence = text.sentence_of(figure.number.start)
        if not opening.match(text.text, sentence.start):
            return []
        return self.figure_index.within(text.previous_start(sentence), sentence.start)

    def named_bullet(self, at: int) -> bool:
        """Whether the figure before ``at`` stood on another bulleted line that named its
        subject, while ``at``'s own line names none before it."""
        text = self.text.text
        line = text.rfind("\n", 0, at) + 1
        previous = self.previous_at
        if previous < 0 or previous >= line or not self.on_bullet(previous):
            return False
        if self.name_index.within(line, at):
            return False
        before = text.rfind("\n", 0, previous) + 1
        return bool(self.name_index.within(before, previous))

    def on_bullet(self, at: int) -> bool:
        """Whether the line holding ``at`` is an item of a bulleted list."""
        return at >= 0 and bool(
            _BULLET.match(self.text.text, self.text.text.rfind("\n", 0, at) + 1)
        )

    def list_heading(self, at: int) -> dict[str, str]:
        """The words of the line a bulleted list hangs from ("Net polished diamond exports
        (exports less returns), by month:\n- January: $283.4 million"), for a figure on one
        of its lines; nothing otherwise."""
        text = self.text.text
        line = text.rfind("\n", 0, at) + 1
        if not _BULLET.match(text, line):
            return {}
        while line > 0:
            previous = text.rfind("\n", 0, line - 1) + 1
            if not _BULLET.match(text, previous):
                heading = text[previous : line - 1].rstrip()
                return self.clause_words(previous, line - 1) if heading.endswith(":") else {}
            line = previous
        return {}

    def clause_words(self, start: int, end: int) -> dict[str, str]:
        """The parts a span of text states, read once per span."""
        key = (start, end)
        if key not in self.read_spans:
            self.read_spans[key] = read_words(self.text.text[start:end])
        return self.read_spans[key]

    def earlier_clauses(self, sentence: Sentence, clause: Span) -> list[dict[str, str]]:
        """The clauses before ``clause`` in its sentence, nearest first (at most eight, and
        the sentence's first), but not a definition ("Net rough imports, imports minus
        exports, came to …": net rough imports, not exports)."""
        text = self.text.text
        index = bisect.bisect_left(sentence.clause_starts, clause[0])
        chosen = list(range(index - 1, max(index - 9, -1), -1))
        if index > 8:
            chosen.append(0)
        return [
            self.clause_words(*sentence.clauses[i])
            for i in chosen
            if not _DEFINITION.search(text, *sentence.clauses[i])
        ]

    # -------------------------------------------------------------- assign

    def assign(self, figures: list[DraftFigure]) -> None:
        """Give every level, change and share its quantity (or its whole)."""
        written = [f for f in figures if f.skipped is None]
        self.by_number = {id(f.number): f for f in written}
        self.figure_index = ByStart(written, lambda f: f.number.start)
        self.respective = self.respectively(written)
        previous: Profile | None = None
        for figure in written:
            unit = figure.row["unit"]
            if unit in ("year", "rank") or (unit == "percent" and "base_period" not in figure.row):
                continue
            if unit == "percentage_point":
                continue  # its quantity is the share's it changes (dbtool.draft.pointchanges)
            if unit == "carat" and figure.row["value"] < 1000:
                continue  # "stones of more than 10.8 carats": a size, not a volume
            if unit == "count":
                counted = self.counts.profile(figure, previous)
                if counted is not None:
                    self.profiles[id(figure.number)] = counted
                continue  # a count is of its noun; it names no flow for what follows
            cell = self.cells.get(id(figure.number))
            if cell is not None:  # a table's cell: its row, column and title say what it is
                self.profiles[id(figure.number)] = self.table_profile(figure, *cell, previous)
                continue
            profile = self.read(figure, previous)
            self.profiles[id(figure.number)] = profile
            if profile.modifier and _APART_MODIFIER.search(profile.modifier):
                continue  # "Like-for-like sales increased 2.9%": the lines after are all sales
            previous, self.previous_at = profile, figure.number.start
        self.pair_changes(written)
        for figure in written:
            profile = self.profiles.get(id(figure.number))
            if profile is not None:
                self.attach(figure, profile)
        self.bare_levels(written)
        Shares(self).assign(written)
        self.counts.partitions()
        Ranks(self).assign(written)

    def table_profile(
        self, figure: DraftFigure, table: TextTable, row: TableRow, previous: Profile | None
    ) -> Profile:
        """A cell's profile: the flow and product its table's title (or the text before)
        names, the measure its column's unit gives, and its row's part: the whole table's
        subject on the "Total" row, the flow to (from) the row's country in a table by
        destination (origin), the row's entity where it names one, else the row's words."""
        words = read_words(f"{table.title} {table.label_header}")
        label = row.item
        own = read_words(label)  # "Rough diamond sales", "Total revenue": an item's own words
        flow = own.get("flow") or words.get("flow") or (previous.flow if previous else None)
        product = (
            own.get("product") or words.get("product") or (previous.product if previous else None)
        )
        try:
            subject = self.subject(table.start, previous)
        except StopIteration:  # a title or a header line the sentence reader left out
            subject = previous.subject if previous is not None else self.lead
        named = self.name_index.within(row.start, row.start + len(label))
        modifier = None
        if row.total:
            pass
        elif row.listed_total:  # "Total, seven": the rows' own group, not the whole
            modifier = slugify(label, 40).replace("-", " ")
        elif table.direction and named:
            modifier = f"{table.direction} {named[0].key}"
        elif named and not table.direction and named[0].key != subject:
            subject = named[0].key
        elif not (table.periods and own.get("flow")):
            modifier = slugify(label, 40).replace("-", " ")
        if flow is None:  # "Marine contracting services": the item is its own flow
            flow = slugify(label, 40)
        unit = figure.row["unit"]
        if "base_period" in figure.row:  # "-4.2%" in a "y/y" column: of the row's levels
            levels = [c.unit for c in row.cells if c is not None and c.unit not in CHANGE_UNITS]
            unit = levels[0] if levels else unit
        return Profile(
            subject=subject,
            flow=flow,
            product=product,
            measure=measure_of(unit),
            modifier=modifier,
            dimension=unit,
        )

    def respectively(self, written: list[DraftFigure]) -> dict[int, str]:
        """ "Finsch and Cullinan sold 1,812,000 and 1,049,600 carats respectively, for revenue
        of USD 92.4 million and USD 134.0 million": the figures take the names in turn."""
        text = self.text.text
        found: dict[int, str] = {}
        for sentence in self.text.sentences:
            said = re.search(r"\brespectively\b", text[sentence.start : sentence.end])
            if not said:
                continue
            here = self.figure_index.within(sentence.start, sentence.end)
            if not here:
                continue
            names = self.name_index.within(sentence.start, here[0].number.start)
            keys = list(dict.fromkeys(n.key for n in names))
            if len(keys) >= 2 and len(here) % len(keys):
                # the figures listed before "respectively" ("…, with the remaining 19%" is not)
                here = self.figure_index.within(sentence.start, sentence.start + said.start())
            if len(keys) < 2 or not here or len(here) % len(keys):
                continue
            between = text[names[0].end : names[-1].start]
            if not re.fullmatch(r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s*[A-Z][\w’'-]*)*", between):
                continue  # the names must be one list: "Finsch and Cullinan"
            for index, figure in enumerate(here):
                found[id(figure.number)] = keys[index % len(keys)]
        return found

    def bare_levels(self, written: list[DraftFigure]) -> None:
        """ "The index fell 2.4% month on month to 121.8, from 124.8 in February": a bare
        number a change reaches or starts from is a level of what the change measures (an
        index has no unit), so the change is checked against the two."""
        for change in written:
            planned = self.plan.of(change.number)
            if "base_period" not in change.row or not change.row.get("quantity") or not planned:
                continue
            reaches = planned.reaches or self._reached(change)
            for end in (reaches, planned.starts):
                level = self.by_number.get(id(end)) if end is not None else None
                if level is None or level.row["unit"] != "count" or level.row.get("quantity"):
                    continue
                if not any("a bare number" in comment for comment in level.comments):
                    continue
                level.row["quantity"] = change.row["quantity"]
                level.comments.append("a level of what the change before it measures")
                # "a decrease of 9% on the 1.91 million of a year earlier": in its unit
                unit = next(
                    (
                        f.row["unit"]
                        for f in written
                        if f.row.get("quantity") == change.row["quantity"]
                        and "base_period" not in f.row
                        and f is not level
                    ),
                    None,
                )
                if unit is not None and unit != "count" and _SCALED.search(level.number.written):
                    level.row["unit"] = unit
                    level.comments[:] = [c for c in level.comments if "a bare number" not in c]

    def _reached(self, change: DraftFigure) -> object | None:
        """The number right after a change's "to" in its clause ("fell 2.4% month on month in
        March to 121.8", "decreased 5.9%, to 5,512"), when nothing else comes between."""
        end = self.text.clause_of(change.number.start)[1]
        if _COMMA_TO.match(self.text.text, change.number.end):
            end = self.text.sentence_of(change.number.start).end  # the level is the next clause
        after = [
            f
            for f in self.figure_index.within(change.number.end, end)
            if f.row["unit"] != "year"  # "in March 2020 to 121.8"
        ]
        if after and _TO_LEVEL.fullmatch(self.text.text, change.number.end, after[0].number.start):
            return after[0].number
        return None

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
            own = profile.measure
            if level is not None and id(level) in self.profiles and id(level) in by_number:
                level_profile = self.profiles[id(level)]
                # "gains of 1.4% in volume": not the dollars it follows; "the wholesale price
                # … fell 27% to US$910": a price written without its "per carat"
                if own not in ("unspecified", "price", level_profile.measure):
                    level = None
            if level is not None and id(level) in self.profiles and id(level) in by_number:
                level_profile = self.profiles[id(level)]
                self.profiles[id(figure.number)] = replace(
                    level_profile,
                    measure=level_profile.measure,  # and its currency
                )
                continue
            if profile.measure == "unspecified" and profile.flow in _ALWAYS_VALUE:
                self.profiles[id(figure.number)] = replace(profile, measure="value")
                continue  # revenue, profit, a dividend: always money
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
        why = kept_apart(self.text, figure)
        if why is not None:
            leave_off(figure, why)
            return
        whole = self.whole_of_part(figure, profile)
        if whole is not None:
            figure.comments.append(
                "unsure: a part of what another figure measures ('of which', 'Of the …', 'its "
                "49% share'), and the draft cannot tell which part; left off the quantity"
            )
            return
        sentence = self.text.sentence_of(figure.number.start)
        event = None if row.get("period") else self.event(sentence.start, sentence.end)
        if (
            event is not None
            and profile.complete
            and profile.measure in ("value", "volume", "price")
        ):
            # Undated, but the figures of one event ("its sixth spot auction of 2019 realised
            # USD 41.2 million from 402,158 carats, USD 102 per carat") are one quantity's:
            # that event's alone, so they meet each other and nothing else.
            profile = replace(profile, modifier=event["event"].lower())
            self.profiles[id(figure.number)] = profile
            figure.comments.append(
                f"its period: {event['event']!r}, which a seed cannot name; a quantity of that "
                "event alone"
            )
        elif not row.get("period") and profile.measure in ("value", "volume", "price"):
            figure.comments.append(
                "unsure: no period, so it shares no quantity (an undated figure would be "
                "compared with every other undated one)"
            )
            if "base_period" not in row and row["value"] >= 0:
                return
        if profile.complete and profile.measure != "unspecified":
            row["quantity"] = self.quantity_for(profile, figure)
            self.own_subject(figure, profile)
            if row.get("measure") in (None, "unspecified"):
                row["measure"] = "value" if profile.measure == "price" else profile.measure
            return
        if "base_period" in row or row["value"] < 0:
            last = self.registry.last_name()
            name = self.namer.quantity_name(figure.number, last)
            unit = None if row["unit"] in ("percent", "factor") else unit_words(row["unit"])
            if last is not None and name == last and self.namer.continues(figure.number):
                # "…, and was up 6.8% y-o-y": what the clause before measured, the same one
                row["quantity"] = next(reversed(self.registry.quantities))
                return
            row["quantity"] = self.registry.quantity(
                name,
                unit,
                signed=row["value"] < 0 and "base_period" not in row,
                measure=row.get("measure", "unspecified"),
                comments=["unsure: no flow (sales, production, exports …) named; read it"],
            )

    def event(self, start: int, end: int) -> re.Match[str] | None:
        """The one event within a year the sentence names ("its sixth spot auction of 2019"),
        if it names one and no other (the second cycle of 2019 beside the first cycle in
        January and the second cycle of 2018: which figure is whose is not said)."""
        if start not in self.events:  # once a sentence: one may hold thousands of figures
            events = list(_EVENT.finditer(self.text.text, start, end))
            nouns = _EVENT_NOUN.findall(self.text.text, start, end)
            self.events[start] = events[0] if len(events) == 1 and len(nouns) == 1 else None
        return self.events[start]

    def own_subject(self, figure: DraftFigure, profile: Profile) -> None:
        """The figure's subject is its quantity's, when that is an entity the seed holds."""
        entity = self.entities.by_key(profile.subject or "")
        known = any(e.key == profile.subject for e in self.entities.known)
        held = known or (entity is not None and entity.kind in ("organisation", "place"))
        if held and figure.row.get("subject") != profile.subject:
            figure.row["subject"] = profile.subject
            figure.comments[:] = [c for c in figure.comments if "no organisation or place" not in c]

    def whole_of_part(self, figure: DraftFigure, profile: Profile) -> DraftFigure | None:
        """The level a figure is said to be part of ("X, of which Y", "Of the quarter's
        revenue, Y came from …"), when the draft reads the part as the whole itself."""
        text = self.text.text
        sentence = self.text.sentence_of(figure.number.start)
        head = text[max(sentence.start, figure.number.start - NEAR) : figure.number.start]
        clause = self.text.clause_of(figure.number.start)
        opening = re.match(  # "Of the quarter's revenue, …": of an earlier one
            r"\s*Of\s+(?:the|this|that|its)\b", text[sentence.start : sentence.start + 20]
        )
        part_of = (
            re.search(r"\bof\s+which\b", head, re.I)
            or opening
            or _ATTRIBUTABLE.search(text, clause[0], figure.number.start)
        )
        if part_of is None or "base_period" in figure.row:
            return None
        if _ATTRIBUTABLE.search(text, clause[0], figure.number.start):
            return figure  # "the Company's 49% share was 3.44 million carats": a part
        # "of which": a figure before it in its sentence; "Of the quarter's revenue, …": one
        # of the sentences just before
        since = max(0, sentence.start - 2_000) if opening else sentence.start
        for earlier in self.figure_index.within(since, figure.number.start):
            other = self.profiles.get(id(earlier.number))
            if (
                other is not None
                and same_thing(other, profile)
                and other.dimension == profile.dimension
                and earlier.row.get("period") == figure.row.get("period")
            ):
                return earlier
        return None

    def quantity_for(self, profile: Profile, figure: DraftFigure | None) -> str:
        """The key of the quantity ``profile`` names, declaring it the first time."""
        found, alike = best_match(self.known, profile)
        if found is not None:
            return found
        key = profile.key()
        known_keys = {k.key: k for k in self.known}
        if key in known_keys and known_keys[key].measure == profile.measure:
            return key  # "alrosa-long-term-clients": the count the database already has
        registry = self.registry
        negative = (
            figure is not None and figure.row["value"] < 0 and "base_period" not in figure.row
        )
        if key in registry.quantities:
            if negative:
                registry.quantities[key]["signed"] = True
            return key
        if profile.dimension is None and profile.measure == "value":
            # a share's whole ("51.4% of group revenue") is the level in pounds stated before
            in_currency = [k for k in registry.quantities if re.fullmatch(rf"{key}-[a-z]{{3}}", k)]
            if len(in_currency) == 1:
                return in_currency[0]
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
            unit = unit_words(profile.dimension)
        measure = "value" if profile.measure == "price" else profile.measure
        registry.quantities[key] = {
            "key": key,
            "name": name,
            "measure": measure,
            "unit": unit,
            # sales and production add up over time; their average price does not
            "flow": True
            if profile.flow in _DEFAULT_MEASURE and profile.measure in ("value", "volume")
            else None,
            "signed": negative or None,
            "reviewed": False,
        }
        registry.comments[key] = comments
        return key


# Where the words after a figure start another's clause: "…US$ 397.9 million and polished
# diamonds produced by …" (not "…USD 294.4 million of rough and polished diamonds")
# "Two tenders were held in Antwerp": where something happened, not whose flow it is
_WHERE_HELD = re.compile(
    r"\b(?:held|sold|tendered|conducted|viewed|offered|auctioned)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:in|at)\s+$"
)
_EARNED_FROM = re.compile(
    r"\s*(?:from|on|through)\s+(?:its\s+|the\s+)?(?:[a-z-]+\s+){0,3}?(?:exports?|sales|imports?)\b"
)
_ANOTHER_CLAUSE = re.compile(
    r"\s+(?:while|but|whereas)\s+|[,;:]|\s+and\s+(?=(?:[\w’'-]+\s+){0,4}(?:produced|accounted"
    r"|made|were|was|came|brought|sold|exported|imported|rose|fell)\b)"
)
_BULLET = re.compile(r"[ \t]*[-–•*][ \t]")
# Modifiers of a part a figure measures, which the figures after it do not go on with.
_APART_MODIFIER = re.compile(r"like-for-like|comparable|same-store", re.I)
# "1.91 million": a bare number with a scale, a level whose unit the words before left out
_SCALED = re.compile(r"\d\s*(?:million|billion|thousand|mn|bn|m|k)\b", re.I)


def unit_words(unit: str) -> str:
    """A seed unit as a quantity's ``unit`` spells it: "carat" -> "carats"."""
    return {
        "carat": "carats",
        "USD_per_carat": "USD per carat",
        "count": "count",
        "tonne": "tonnes",
    }.get(unit, unit.replace("_per_", " per "))
