"""Who a text names: entities the database knows, found by name, and candidates for the rest.

Known entities are matched by their name, short name, or an alias an earlier
document quoted as a proper name ("ALROSA Group"), longest first, whole words
only. The capitalised names left over are candidates, and the words around
them say what kind each probably is: an organisation when its name says so
("… Centre", "Port of …", "… Group"), with the type those words suggest; a
person after a title ("CEO Ari Epstein") or before "said"; a place after
"in", "to" or "from". "the Group" alone is the document's main organisation
by another name. Everything else is named with its kind unknown, for a
person to decide. A name is never read inside a number ("1.96 Mcts").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dbtool.display import MONTHS
from dbtool.draft.found import Claimed

if TYPE_CHECKING:
    from dbtool.draft.numbers import FoundNumber


# Countries the trade's statistics name: a place wherever a text names one.
COUNTRY_NAMES = frozenset(
    (
        "Russia",
        "Botswana",
        "Canada",
        "Angola",
        "South Africa",
        "Namibia",
        "DR Congo",
        "Democratic Republic of the Congo",
        "Australia",
        "Zimbabwe",
        "Lesotho",
        "Sierra Leone",
        "Tanzania",
        "Guinea",
        "Liberia",
        "Brazil",
        "Guyana",
        "India",
        "Belgium",
        "Israel",
        "China",
        "Hong Kong",
        "United States",
        "United Arab Emirates",
        "Thailand",
        "Switzerland",
        "United Kingdom",
        "Japan",
        "Cameroon",
        "Ghana",
        "Togo",
        "Venezuela",
        "Indonesia",
        "Democratic Republic of Congo",
        "DRC",
    )
)


# Organisations of the diamond trade a release may name without "Ltd" or "Group": never
# a person, even before "said" ("De Beers said").
TRADE_ORGANISATIONS = frozenset(
    (
        "De Beers",
        "ALROSA",
        "Alrosa",
        "Rio Tinto",
        "Anglo American",
        "Petra Diamonds",
        "Lucara",
        "Gem Diamonds",
        "Dominion Diamond",
        "Debswana",
        "Namdeb",
        "Debmarine",
        "Mountain Province",
        "Firestone",
        "Catoca",
        "Endiama",
        "Gokhran",
        "Rapaport",
        "IDEX",
        "GJEPC",
        "AWDC",
        "Kimberley Process",
        "Okavango Diamond Company",
        "Stornoway",
        "Burgundy Diamond Mines",
        "Arctic Canadian",
        "Grib",
        "Sodiam",
        "MIBA",
        "Zimbabwe Consolidated Diamond Company",
        "ZCDC",
        "Murowa",
        "Tiffany",
        "Signet",
        "Chow Tai Fook",
    )
)
# Capitalised words of figures and periods, never an entity.
NOT_NAMES = frozenset(
    (
        "FY",
        "H1",
        "H2",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "YTD",
        "USD",
        "EUR",
        "RUB",
        "INR",
        "HKD",
        "BWP",
        "NAD",
        "ZAR",
        "GBP",
        "CAD",
        "AUD",
        "CNY",
        "ILS",
        "AED",
        "US$",
        "Mcts",
        "IFRS",
        "EBITDA",
        "GDP",
        "CIF",
        "FOB",
    )
)
# "Lesotho-focused", "Ramat Gan-based", "London-listed": a name made an adjective of another
ADJECTIVE_AFTER = re.compile(
    r"-(?:focused|based|listed|headquartered|registered|owned|controlled|centred|centered)\b"
)
_MEASURE_ACRONYMS = frozenset(("EBITDA", "EBIT", "IFRS", "GAAP", "EPS"))
# Other names of those countries, and the name a key is made from.
COUNTRY_ALIASES = {
    "Democratic Republic of the Congo": "DR Congo",
    "Democratic Republic of Congo": "DR Congo",
    "DRC": "DR Congo",
    "the DRC": "DR Congo",
    "UAE": "United Arab Emirates",
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
}


def _with_country_aliases(names: Iterable[str]) -> list[str]:
    """A known entity's names, and the other names of the country it is ("DR Congo" for
    "Democratic Republic of the Congo")."""
    found = list(names)
    for name in list(found):
        canonical = COUNTRY_ALIASES.get(name, name)
        if canonical in COUNTRY_NAMES:
            found += [canonical] + [a for a, c in COUNTRY_ALIASES.items() if c == canonical]
    return list(dict.fromkeys(found))


def word_set(spaced: str) -> frozenset[str]:
    """A set of words written as one spaced string, the way a word list reads best."""
    return frozenset(spaced.split())


# Words that make a capitalised name an organisation, and the type they suggest.
ORGANISATION_WORDS = {
    "Council": "industry_council",
    "Process": "certification_scheme",
    "Scheme": "certification_scheme",
    "Port": "port_authority",
    "City": "city_government",
    "Municipality": "city_government",
    "Kingdom": "state",
    "Republic": "state",
    "Federation": "state",
    "Government": "state",
    "Ministry": "state",
    "Centre": "trade_body",
    "Center": "trade_body",
    "Association": "trade_body",
    "Chamber": "trade_body",
    "Bourse": "trade_body",
    "Exchange": "trade_body",
    "Federation of": "trade_body",
    "Mining": "mining_company",
    "Mines": "mining_company",
    "Diamonds": "mining_company",
    "Resources": "mining_company",
    "Group": "company",
    "Company": "company",
    "Corporation": "company",
    "Holdings": "company",
    "Inc": "company",
    "Ltd": "company",
    "Limited": "company",
    "LLC": "company",
    "PLC": "company",
    "Plc": "company",
    "PJSC": "company",
    "JSC": "company",
    "AG": "company",
    "SA": "company",
    "NV": "company",
}
TITLE_WORDS = word_set(
    "Vice President Deputy CEO CFO COO Chief Executive Officer Chairman Chairwoman Chair"
    " Director Managing General Manager Mayor Ambassador Minister Secretary Head Founder"
    " Mr Mrs Ms Dr Prof Sir Dame Governor Senior Executive Spokesman Spokeswoman"
)
# Capitalised words that start sentences or name times, not entities.
STOP_WORDS = frozenset({*MONTHS, *(m[:3] for m in MONTHS)}) | word_set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That These Those"
    " In On At For From To By With As Of And But Or So If It Its Their Our We He She They"
    " A An According After Before During Since Until While Although However Also Total Net"
    " Preliminary Sales Rough Polished Demand Buying Exports Imports USD EUR Q1 Q2 Q3 Q4 H1 H2"
    " There Here All Both Each Every Some Most More Less Christmas Easter Diwali Thanksgiving"
    " Mct Mcts Ct Cts Kct Participants Participant"
)
_PLACE_PREPOSITIONS = word_set("in to from across throughout within into near")
_CONNECTORS = "of|de|du|van|von|der|den|la|le|da|di|al|&"
_WORD = r"(?:[A-Z][a-z]+(?:-(?:[A-Z][a-z]+|[a-z]+))*|[A-Z]{2,}[a-z]?(?![$\w]))"
# Words of one name are on one line: a line is a paragraph or a heading ("Year-to-date").
_NAME = re.compile(rf"{_WORD}(?:[^\S\n]+(?:(?:{_CONNECTORS})[^\S\n]+)?{_WORD})*")
_ABBREVIATION = re.compile(r"\s*\((?P<abbr>[A-Z][A-Za-z]{1,9})\)")
_SLUG = re.compile(r"[^a-z0-9]+")
# "US$41.2 million", "in US dollar terms": a country's initials naming its currency
CURRENCY_AFTER = re.compile(r"\$|\s*dollars?\b", re.I)


def slugify(text: str, limit: int = 48) -> str:
    """A key: lower case, words joined by hyphens, cut at a hyphen before ``limit``."""
    plain = _unaccented(text)  # "Kasaï" is kasai, not kasa
    slug = _SLUG.sub("-", plain.lower().replace("’", "").replace("'", "")).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "x"


@dataclass(frozen=True)
class KnownEntity:
    """An entity the database holds, with every name a document may call it by."""

    key: str
    kind: str
    name: str
    names: tuple[str, ...]


@dataclass
class NamedEntity:
    """A name the text uses: a known entity, a candidate, or a name of unknown kind."""

    key: str
    kind: str  # organisation, person, place, or "" (kind unknown: a comment only)
    name: str
    start: int
    end: int
    known: bool
    spans: list[tuple[int, int]] = field(default_factory=list)
    type: str | None = None
    short_name: str | None = None
    reason: str = ""


_NAME_BEFORE = re.compile(
    r"(?<![\w’'])(?!(?:In|The|For|From|By|At|To|While|And|But|Of|With|As|On|Since|After|Before"
    r"|During|Unlike|Like|Both|Its|Their|Our|All|Across|Outside|Within|Including)\s)[A-Z][a-z]+ $"
)


class Entities:
    """Known entities found by name, and candidates for the capitalised names left."""

    def __init__(
        self,
        text: str,
        known: Iterable[KnownEntity],
        keys: Iterable[str],
        sentence_starts: set[int],
        numbers: Iterable[FoundNumber],
    ) -> None:
        """``keys`` are those in use, which a candidate's key must not take; a capitalised
        word at one of ``sentence_starts`` is a name only if it is one elsewhere too."""
        self.text, self.known = text, tuple(known)
        self.taken = Claimed(len(text))
        self._counts: dict[str, int] | None = None
        self._suffixes: dict[str, int] = {}  # a key's base -> the last suffix given it
        self._spans_of: tuple[int, list[int], list[NamedEntity]] | None = None
        self.found: list[NamedEntity] = []
        self.used_keys = set(keys)
        self.aliases: list[tuple[NamedEntity, int, int]] = []
        self._known()
        for number in numbers:  # "1.96 Mcts" names no one
            self.taken.append((number.start, number.end))
        self._candidates(sentence_starts)
        self._resolve_aliases()

    def _claim(self, start: int, end: int) -> bool:
        if self.taken.overlaps(start, end):
            return False
        self.taken.append((start, end))
        return True

    def _known(self) -> None:
        names = sorted(
            ((n, e) for e in self.known for n in _with_country_aliases(e.names) if n),
            key=lambda pair: -len(pair[0]),
        )
        by_key: dict[str, NamedEntity] = {}
        for name, entity in names:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", self.text):
                if entity.kind == "place" and _NAME_BEFORE.search(
                    self.text, max(0, match.start() - 30), match.start()
                ):
                    continue  # "Debmarine Namibia's fleet": a company's name, not the country
                if CURRENCY_AFTER.match(self.text, match.end()):
                    continue  # "US$49.7 million", "in US dollar terms": a currency
                if ADJECTIVE_AFTER.match(self.text, match.end()):
                    continue  # "the Lesotho-focused miner": a word about another
                if not self._claim(match.start(), match.end()):
                    continue
                found = by_key.get(entity.key)
                if found is None:
                    found = NamedEntity(
                        entity.key, entity.kind, name, match.start(), match.end(), True
                    )
                    by_key[entity.key] = found
                    self.found.append(found)
                found.spans.append((match.start(), match.end()))
                if match.start() < found.start:
                    found.name, found.start, found.end = name, match.start(), match.end()

    def _candidates(self, starts: set[int]) -> None:
        by_name: dict[str, NamedEntity] = {}
        for match in _NAME.finditer(_unaccented(self.text)):  # "Kasaï-Oriental", "Letšeng"
            said = self.text[match.start() : match.end()]
            words = [
                (match.start() + w.start(), match.start() + w.end(), w.group())
                for w in re.finditer(r"\S+", said)
            ]
            for run, titled in _runs(words):
                self._candidate_run(run, titled, starts, by_name)

    def _candidate_run(
        self,
        words: list[tuple[int, int, str]],
        titled: bool,
        starts: set[int],
        by_name: dict[str, NamedEntity],
    ) -> None:
        """Take one run of capitalised ``words`` as an entity, or as another mention of one.

        A run that overlaps a name already taken is skipped. A run with the name
        of an entity already found (or of one organisation's longer or shorter
        name: "Petra Diamonds Group") adds a mention to it; otherwise it becomes
        a new candidate, and an abbreviation in brackets after an organisation
        ("(ALROSA)") makes every later use of the abbreviation a mention too.
        """
        start, end = words[0][0], words[-1][1]
        name = self.text[start:end]
        if self.taken.overlaps(start, end):
            return
        entity = self._candidate(name, start, end, titled, start in starts, len(words))
        if entity is None:
            return
        if any(entity is e for e in self.found):  # another name of a place already found
            entity.spans.append((start, end))
            self.taken.append((start, end))
            return
        same = by_name.get(name) or next(
            (
                e
                for e in by_name.values()
                if e.kind == entity.kind == "organisation"
                and (name.startswith(e.name + " ") or e.name.startswith(name + " "))
            ),
            None,
        )  # "Petra Diamonds" and "Petra Diamonds Group": one organisation
        title_end = self.text.find("\n")
        if same is None and title_end < start:
            # a title in capitals runs a name into its verb: "Kalahari Tender House Closes
            # September Tender at …", then "Kalahari Tender House, which …": the shorter
            same = next(
                (
                    e
                    for e in by_name.values()
                    if e.start < title_end
                    and e.name.upper().startswith(name.upper() + " ")  # "NAMDEB HOLDINGS ANNUAL…"
                    and len(words) > 1
                ),
                None,
            )
            if same is not None:
                same.name, same.key = name, entity.key
                same.end = same.start + len(name)
                same.spans[0] = (same.start, same.end)
                by_name[name] = same
        if same is not None:
            same.spans.append((start, end))
            self.taken.append((start, end))
            if not same.kind and entity.kind:  # a later occurrence says what it is
                same.kind, same.type, same.reason = entity.kind, entity.type, entity.reason
            self._abbreviation(same, end)
            return
        by_name[name] = entity
        self.found.append(entity)
        self.taken.append((start, end))
        self._abbreviation(entity, end)

    def _abbreviation(self, entity: NamedEntity, end: int) -> None:
        """ "(ALROSA)" after any use of an organisation's name, the title's or a later one:
        every later use of the abbreviation is a mention of it too."""
        abbr = _ABBREVIATION.match(self.text, end)
        if not abbr or entity.kind != "organisation" or entity.short_name:
            return
        entity.short_name = abbr["abbr"]
        pattern = rf"(?<!\w){re.escape(abbr['abbr'])}(?!\w)"
        for mention in re.finditer(pattern, self.text):
            if self._claim(mention.start(), mention.end()):
                entity.spans.append((mention.start(), mention.end()))

    def _occurrences(self, name: str) -> int:
        """How often ``name`` stands as a whole word in the text: from one count of every
        word, made when first asked (a search of the text per sentence-initial word made
        a long text quadratic); a name that is not one word is searched for."""
        if not re.fullmatch(r"\w+", name):
            return len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", self.text))
        if self._counts is None:
            self._counts = Counter(re.findall(r"\w+", self.text))
        return self._counts.get(name, 0)

    def _common(self, name: str) -> bool:
        """Whether a sentence's capitalised first word is written in lower case elsewhere
        ("export", "exports"): a word of the language, not a name."""
        lower = name.lower()
        return any(self._occurrences(form) for form in (lower, lower + "s", lower + "es"))

    def _resolve_aliases(self) -> None:
        """ "the Group", "the Company": the organisation the document is about, by another name."""
        aliases = [e for e in self.found if e.kind == "alias"]
        self.found = [e for e in self.found if e.kind != "alias"]
        main = self.main()
        if main is None or main.kind != "organisation":
            return
        for alias in aliases:
            for start, end in alias.spans:
                main.spans.append((start, end))
                the = self.text.rfind("the ", max(0, start - 4), start)
                self.aliases.append((main, the if the != -1 else start, end))

    def _candidate(
        self, name: str, start: int, end: int, titled: bool, first: bool, words: int
    ) -> NamedEntity | None:
        if name in NOT_NAMES:  # "FY 2018", "H1", "USD": words of the trade's figures
            return None
        if ADJECTIVE_AFTER.search(name):
            return None  # "The Lesotho-focused miner"
        if words > 1 and set(name.split()) & _MEASURE_ACRONYMS:
            return None  # "Underlying EBITDA", "Adjusted EBIT": a measure, not a name
        if re.match(r"\$|\s*dollars?\b", self.text[end : end + 9], re.I):
            return None  # "US$", "in US dollar terms": a currency, not a place
        if name in COUNTRY_NAMES:  # "Namibia, where marine mining …": a country wherever it is
            canonical = COUNTRY_ALIASES.get(name, name)
            same = next((e for e in self.found if e.name == canonical), None)
            if same is not None:
                return same  # "the Democratic Republic of Congo" after "DR Congo": one place
            key = self.new_key(canonical)
            return NamedEntity(
                key,
                "place",
                name,
                start,
                end,
                False,
                [(start, end)],
                "country",
                None,
                "a country the trade's statistics name",
            )
        if words == 2 and name.startswith("The ") and name[4:] in ORGANISATION_WORDS:
            # "The Group's sales …" opening a sentence: the alias, its article capitalised
            return NamedEntity(name.lower(), "alias", name, start, end, False, [(start, end)])
        if (
            words == 1
            and name in ORGANISATION_WORDS
            # "Mines in Botswana … produced": a plural is the things, not "the Mines"
            and (not name.endswith("s") or self.text[max(0, start - 4) : start].lower() == "the ")
        ):
            return NamedEntity(name.lower(), "alias", name, start, end, False, [(start, end)])
        if words == 1 and re.fullmatch(r"[A-Z][a-z]+(?:ian|ean|ese|ish)", name):
            return None  # "Indian cutters", "Russian imports": adjectives
        if words == 1 and first and not titled and self._occurrences(name) < 2:
            return None  # a capitalised first word, seen nowhere else
        if words == 1 and first and not titled and self._common(name):
            return None  # "Export volumes grew …" where the text says "exports" too
        kind, type_, reason = self._kind(name, start, end, titled, words)
        key = self.new_key(name)
        entity = NamedEntity(
            key, kind, name, start, end, False, [(start, end)], type_, None, reason
        )
        return entity

    def _kind(
        self, name: str, start: int, end: int, titled: bool, words: int
    ) -> tuple[str, str | None, str]:
        parts = name.split()
        for word in (parts[-1], parts[0], " ".join(parts[:2])):
            if word in ORGANISATION_WORDS:
                return "organisation", ORGANISATION_WORDS[word], f"'{word}' names an organisation"
        if name in TRADE_ORGANISATIONS:
            return "organisation", "company", "an organisation of the diamond trade"
        after = self.text[end : end + 40]
        if re.match(r",?\s+(?:plc|ltd|inc|llc|limited|nv|sa|ag|corp)\b\.?", after, re.I):
            return "organisation", "company", "'plc' names an organisation"  # "Halden & Crowe plc"
        person_after = re.match(
            r",\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)*(?:"
            + "|".join(sorted(TITLE_WORDS))
            + r")\b|\s+(?:said|says|added|explained)\b",
            after,
        )
        if words >= 2 and (titled or person_after):
            return "person", None, "a title or 'said' goes with the name"
        before = self.text[max(0, start - 20) : start].split()
        if words <= 3 and before and before[-1].lower() in _PLACE_PREPOSITIONS:
            return "place", "region", f"'{before[-1]} {name}' reads as a place"
        if re.fullmatch(r"[A-Z]{2,}[a-z]?", name):
            return "organisation", "company", "an acronym reads as an organisation"
        return "", None, "kind unknown"

    def new_key(self, name: str) -> str:
        base = slugify(name)
        key, suffix = base, self._suffixes.get(base, 1)
        if suffix > 1:
            key = f"{base}-{suffix}"
        while key in self.used_keys:  # the next suffix is remembered: a name used
            suffix += 1  # a thousand times is not a thousand tries
            key = f"{base}-{suffix}"
        self._suffixes[base] = suffix
        self.used_keys.add(key)
        return key

    def by_key(self, key: str) -> NamedEntity | None:
        return next((e for e in self.found if e.key == key), None)

    def subject(self, start: int, end: int, at: int) -> NamedEntity | None:
        """The organisation or place named nearest before ``at`` in ``start:end`` (a sentence),
        else nearest after it (the first named, of two at one place)."""
        starts, named = self._named_spans()
        low, high = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        before = bisect.bisect_left(starts, at, low, high)
        if before > low:
            return named[bisect.bisect_left(starts, starts[before - 1], low, before)]
        return named[before] if before < high else None

    def _named_spans(self) -> tuple[list[int], list[NamedEntity]]:
        """Where organisations and places are named, in order: made once (again only when
        an entity is added), so each figure's subject is a bisection."""
        if self._spans_of is None or self._spans_of[0] != len(self.found):
            spans = sorted(
                (s, order, e)
                for order, e in enumerate(self.found)
                if e.kind in ("organisation", "place")
                for s, _ in e.spans
            )
            self._spans_of = (len(self.found), [s for s, _, _ in spans], [e for _, _, e in spans])
        return self._spans_of[1], self._spans_of[2]

    def main(self) -> NamedEntity | None:
        """The organisation named most often (the first one on a tie), else a place."""
        for kinds in (("organisation",), ("place",)):
            named = [e for e in self.found if e.kind in kinds]
            if named:
                return max(named, key=lambda e: (len(e.spans), -e.start))
        return None


def _unaccented(text: str) -> str:
    """``text`` with each accented letter as its plain one, every character in its place, so
    the name patterns (ASCII letters) read "Kasaï-Oriental" and "Letšeng" whole."""
    if text.isascii():
        return text
    return "".join(
        unicodedata.normalize("NFD", c)[0] if not c.isascii() and c.isalpha() else c for c in text
    )


def _runs(
    words: list[tuple[int, int, str]],
) -> Iterator[tuple[list[tuple[int, int, str]], bool]]:
    """The names in a capitalised sequence, split at titles: "AWDC CEO Ari Epstein" is
    "AWDC" and, after a title, "Ari Epstein". Start and end words that name no one
    ("In", "The", "of") are dropped."""
    run: list[tuple[int, int, str]] = []
    titled = False
    for word in [*words, (0, 0, "")]:
        if word[2] in TITLE_WORDS or not word[2]:
            trimmed = _trim(run)
            if trimmed:
                yield trimmed, titled
            run, titled = [], bool(word[2])
            continue
        run.append(word)


def _trim(run: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    connectors = set(_CONNECTORS.split("|"))
    while run and (_stop(run[0][2]) or run[0][2] in connectors):
        run = run[1:]
    while run and (_stop(run[-1][2]) or run[-1][2] in connectors):
        run = run[:-1]
    return run


def _stop(word: str) -> bool:
    """A word that names no one: a stop word, or stop words joined by hyphens, as months
    are in a span ("April-November")."""
    if word.isupper() and len(word) > 3:  # a heading in capitals: "APRIL-SEPTEMBER 2012"
        word = word.title()
    return word in STOP_WORDS or all(part in STOP_WORDS for part in word.split("-"))


def known_entities(rows: Iterable[dict[str, Any]]) -> tuple[KnownEntity, ...]:
    """Entities from database rows (key, kind, name, short_name, alias), one per key."""
    names: dict[str, list[str]] = {}
    kinds: dict[str, tuple[str, str]] = {}
    for row in rows:
        kinds.setdefault(row["key"], (row["kind"], row["name"]))
        for name in (row["name"], row.get("short_name"), row.get("alias")):
            if name and _is_name(name) and name not in names.setdefault(row["key"], []):
                names[row["key"]].append(name)
    return tuple(
        KnownEntity(key, kind, name, tuple(names.get(key, [name])))
        for key, (kind, name) in kinds.items()
    )


def _is_name(text: str) -> bool:
    """Whether a quote is a proper name ('ALROSA Group', 'Moscow'), usable as an alias."""
    return bool(re.fullmatch(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|de)\s+)?[A-Z][\w’'.-]*){0,5}", text))
