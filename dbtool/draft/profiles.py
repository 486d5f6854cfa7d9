"""What a figure measures, in parts: whose, which flow, which product, by what measure.

A quantity is named by its parts so that two releases wording it differently
("ALROSA's sales of rough and polished diamonds", "the Group's diamond sales")
land on one quantity, and so that value and volume are never one:

* **subject**: the organisation, place or mine ("Russian output" is Russia's,
  "the world's carats" the world's);
* **flow**: production, sales, revenue, exports, imports, re-exports, trade,
  supply, profit, debt …;
* **product**: rough, polished, all diamonds, gem and jewellery, …;
* **measure**: value, volume, price, count (from the unit, or from "in value",
  "by volume" for a change), and a modifier ("net", "gross").

A profile read from a text is matched with the profiles of the quantities the
database knows (read from their names, units and the subjects of their
figures), and a new quantity is named from its parts. A figure whose flow the
text does not say has no profile: the draft then names it from its words and
says it is unsure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dbtool.core.units import dimension, kind
from dbtool.draft.names import COUNTRY_NAMES, slugify, word_set
from dbtool.draft.vocabulary import MONTH_ABBREVIATIONS, MONTH_NAMES

_FLOWS = {
    "production": "production",
    "produced": "production",
    "produce": "production",
    "produces": "production",
    "producing": "production",
    "producer": "production",
    "producers": "production",
    "output": "production",
    "mined": "production",
    "recovered": "production",
    "recovery": "production",
    "recoveries": "production",
    "sales": "sales",
    "sold": "sales",
    "sell": "sales",
    "sells": "sales",
    "selling": "sales",
    "sale": "sales",
    "tendered": "sales",
    # "its first tender of the year generated $14.86 million": a tender, an auction is a sale
    "tender": "sales",
    "auction": "sales",
    "revenue": "revenue",
    "revenues": "revenue",
    "earning": "revenue",
    "earned": "revenue",
    "turnover": "revenue",
    "exports": "exports",
    "exported": "exports",
    "export": "exports",
    "shipments": "exports",
    "re-exports": "re-exports",
    "re-exported": "re-exports",
    "re-export": "re-exports",
    "imports": "imports",
    "imported": "imports",
    "import": "imports",
    "trade": "trade",
    "traded": "trade",
    "supplied": "supply",
    "supply": "supply",
    "supplies": "supply",
    "profit": "profit",
    "spent": "spending",
    "spend": "spending",
    "spending": "spending",
    # what a company reports besides its flows: named, so no figure takes the flow before it
    "ebitda": "ebitda",
    "cash": "cash",
    "inventories": "inventory",
    "inventory": "inventory",
    "stockpile": "inventory",
    "royalties": "royalties",
    "expenditure": "capex",
    "debt": "debt",
    "dividend": "dividend",
    "capex": "capex",
    "cost": "cost",  # "the cash cost of production", "cost per tonne": no production
    "costs": "cost",
    "gdp": "gdp",
    "index": "index",
}
_NET = {"net": "net", "gross": "gross", "like-for-like": "like-for-like"}
_PRODUCT = re.compile(
    r"\b(?P<all>rough\s+and\s+(?:cut\s+and\s+)?polished|polished\s+and\s+rough)\b"
    r"|\b(?P<polished>(?:cut\s+and\s+)?polished)\b|\b(?P<rough>rough)\b"
    r"|\b(?P<gem>gems?\s+(?:and|&)\s+jewell?e?ry)\b|\b(?P<gold>gold\s+jewell?e?ry)\b"
    r"|\b(?P<jewellery>jewell?e?ry)\b|\b(?P<gemstones>(?:coloured\s+)?gemstones)\b"
    # "total merchandise exports", "total exports of goods": all a country sells, no diamonds
    r"|\b(?P<goods>merchandise|goods(?!\s+(?:traded|sold|exported|imported))|commodities)\b"
    r"|\b(?P<other>other\s+(?:products|goods|items|categories|markets|destinations)|others"
    r"|the\s+rest|the\s+balance|the\s+remainder)\b"
    r"|\b(?P<labgrown>(?:lab(?:oratory)?[\s-]+(?:grown|created)|synthetic|man[\s-]made|LGDs?)"
    r"(?![\w-]))"
    r"|\b(?P<diamonds>diamonds?)\b",
    re.I,
)
_MEASURE = re.compile(
    r"\b(?:in|by)\s+(?P<in>value|volume|carats|dollar\s+terms)\b|\b(?P<worth>worth|valued?)\b"
    r"|\b(?P<price>prices?|per\s+carat)\b|\b(?P<carats>carats|volumes?)\b",
    re.I,
)
_OPERATION = re.compile(
    r"\b(?:land|marine|offshore|onshore|underground|open[\s-]pit|alluvial|artisanal|"
    r"industrial|attributable|e-commerce|ecommerce)(?=\s+(?:operations?|production|output|"
    r"diggers|miners|producers|sales|mines?|fleet|recoveries)\b)",
    re.I,
)
# "… by value", "in volume" right after a figure or a rank: the measure it is of.
MEASURE_RIGHT = re.compile(r"\s*(?:in|by)\s+(?P<word>value|volume)\b", re.I)
# "Participants reported 169.8 million carats": in a Kimberley Process text, all of them
_WORLD = re.compile(r"\b(?:world(?:’s|'s)?|worldwide|global(?:ly)?|Participants)\b", re.I)
DEMONYMS = {
    "Russian": "Russia",
    "Canadian": "Canada",
    "Belgian": "Belgium",
    "Indian": "India",
    "Botswanan": "Botswana",
    "Namibian": "Namibia",
    "Angolan": "Angola",
    "South African": "South Africa",
    "Congolese": "DR Congo",
    "Zimbabwean": "Zimbabwe",
    "Australian": "Australia",
    "Chinese": "China",
    "American": "United States",
    "Israeli": "Israel",
    "Lesotho": "Lesotho",
    "Sierra Leonean": "Sierra Leone",
    "Tanzanian": "Tanzania",
}
COUNTRIES = tuple(sorted(COUNTRY_NAMES, key=len, reverse=True))
# The product a flow is of when the text does not say: mines produce rough.
_DEFAULT_PRODUCT = {"production": "rough", "supply": "rough"}


@dataclass(frozen=True)
class Profile:
    """The parts of what a figure measures; ``dimension`` is its unit's (money, volume …)."""

    subject: str | None
    flow: str | None
    product: str | None
    measure: str
    modifier: str | None = None
    dimension: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.subject and self.flow)

    def normal(self) -> Profile:
        """Products compared as the trade means them: production is of rough, "diamond
        sales" are of rough and polished."""
        product = self.product
        if product in (None, "diamonds"):
            product = _DEFAULT_PRODUCT.get(self.flow or "", "all")
        if self.flow == "production" and product == "all":
            product = "rough"
        return replace(self, product=product)

    def key(self) -> str:
        """A key from the parts: ``russia-diamond-production-volume``."""
        if self.measure == "count":  # "alrosa-long-term-clients"
            return slugify("-".join(p for p in (self.subject, self.modifier, self.flow) if p), 90)
        normal = self.normal()
        product = {"all": "diamond", "rough": "diamond" if self.flow == "production" else "rough"}
        parts = [
            self.subject or "",
            self.modifier or "",
            product.get(normal.product or "", normal.product or ""),
            self.flow or "",
            self.measure if self.measure != "unspecified" else "",
            self.currency.lower() if self.currency not in (None, "USD") else "",
        ]
        return slugify("-".join(p for p in parts if p), 90)

    @property
    def currency(self) -> str | None:
        """The currency of a money or price figure's unit: "RUB" for RUB amounts."""
        if self.dimension is None or self.dimension in ("carat", "tonne", "count"):
            return None
        return self.dimension.split("_per_")[0]

    def name(self, subject_name: str | None) -> str:
        """A name from the parts: "Russia's rough diamond production, by volume"."""
        normal = self.normal()
        whose = subject_name or self.subject or "?"
        owner = "The world's" if self.subject == "world" else f"{whose}'s"
        product = {
            "all": "diamond",
            "rough": "rough diamond",
            "polished": "polished diamond",
            "gem": "gem and jewellery",
            "gold": "gold jewellery",
            "labgrown": "lab-grown diamond",
        }.get(normal.product or "", normal.product or "")
        words = " ".join(w for w in (self.modifier, product, self.flow) if w)
        if self.measure == "count":
            return f"{owner} {(self.flow or '').replace('-', ' ')}"
        measure = {"value": "by value", "volume": "by volume", "price": "average price"}
        tail = measure.get(self.measure)
        if self.measure == "price":
            return f"{owner} {words}, average price per carat"
        return f"{owner} {words}" + (f", {tail}" if tail else "")


# "the cost of production", "costs of sales": the flow after them is what costs, not a flow.
_COST_OF = [["cost", "of"], ["costs", "of"]]
# "exports from producing countries": a flow word before these says who, not what flows.
_WHO = {"countries", "nations", "states", "economies", "regions", "centres", "members"}


# ("brought in" is what a sale earned: no way of a flow)
_PHRASAL = re.compile(r"\b(?:took\s+in|shipped\s+out|sent\s+out)\b", re.I)
_PHRASAL_FLOWS = {"took": "imported", "shipped": "exported", "sent": "exported"}
_BOTH_WAYS = re.compile(
    r"\bimports\s+(?:plus|and|\+)\s+exports\b|\bexports\s+(?:plus|and|\+)\s+imports\b"
)


# "Exports for January to March 2025": a span's month is no destination
_TIME_NAMES = frozenset({*MONTH_NAMES, *MONTH_ABBREVIATIONS, "Sep"})


def read_words(words: str) -> dict[str, str]:
    """The parts a phrase states: {"flow": "exports", "product": "polished", …}."""
    found: dict[str, str] = {}
    # "the city took in USD 5.69 billion of rough against USD 6.48 billion shipped out"
    lowered = _PHRASAL.sub(lambda m: _PHRASAL_FLOWS[m.group().split()[0].lower()], words.lower())
    tokens = re.findall(r"[a-z][a-z’'-]*", lowered)
    after = [*tokens[1:], ""]
    flows = [
        (i, _FLOWS[t])
        for i, t in enumerate(tokens)
        if t in _FLOWS and after[i] not in _WHO and tokens[max(0, i - 2) : i] not in _COST_OF
    ]
    if flows:
        found["flow"] = flows[-1][1]
        # "Rough diamond trade — imports plus exports — declined": both ways are the trade
        # ("imports and exports" only beside the word trade: "Imports and exports fell 5%
        # and 3% respectively" lists two flows)
        both = _BOTH_WAYS.search(lowered)
        summed = (
            both is not None
            and (
                "and" not in both.group().split()
                or any(flow == "trade" for _i, flow in flows)
                # "combined imports and exports reaching US$36.1 billion"
                or re.search(r"\b(?:combined|two-way|total)\s+$", lowered[: both.start()])
                is not None
            )
        )
        if summed and not re.search(r"\b(?:between|net|balance)\b", lowered[: both.start()]):
            found["flow"] = "trade"
    for token in tokens:
        if token in _NET:
            found["modifier"] = _NET[token]
    operation = _OPERATION.search(words)
    if operation is not None:  # "Namdeb's land operations", "artisanal diggers"
        kind = re.sub(r"\s+", "-", operation.group().lower())
        found["modifier"] = f"{found['modifier']} {kind}" if "modifier" in found else kind
    products = [m for m in _PRODUCT.finditer(words)]
    if products:
        last = products[-1]
        kind = next(k for k, v in last.groupdict().items() if v)
        if kind == "diamonds":
            specific = [m for m in products if not m["diamonds"]]
            kind = next(k for k, v in specific[-1].groupdict().items() if v) if specific else kind
        if any(m["labgrown"] for m in products):  # "polished lab-grown diamonds": not mined
            kind = "labgrown"
        found["product"] = kind
    measures = list(_MEASURE.finditer(words))
    if measures:
        last = measures[-1]
        if last["in"]:
            found["measure"] = (
                "value" if last["in"].lower() in ("value", "dollar terms") else "volume"
            )
        elif last["worth"]:
            found["measure"] = "value"
        elif last["price"]:
            found["measure"] = "price"
        elif last["carats"]:
            found["measure"] = "volume"
    if _WORLD.search(words):
        found["subject"] = "world"
    partner = re.search(
        # (not a currency before its amount: "from Rs 84,850 crore")
        r"\b(?:from|to)\s+(?P<name>[A-Z][a-z][\w’'-]*(?:\s+[A-Z][a-z][\w’'-]*)?)(?![\w’'-])(?!\s*[\d$])",
        words,
    )
    if partner is not None and partner["name"].split()[0] in _TIME_NAMES:
        partner = None  # "Exports for January to March 2025": a span, not a destination
    if partner is not None and found.get("flow") in ("imports", "exports", "supply", "re-exports"):
        found["modifier"] = f"{found.get('modifier', '')} {partner['name']}".strip()
    return found


def measure_of(unit: str) -> str:
    """A level's measure from its unit: dollars are value, carats volume."""
    size = kind(dimension(unit)) if unit not in ("percent", "factor", "rank", "year") else unit
    if unit == "tonne":
        return "unspecified"  # tonnes of ore treated: no measure of diamonds
    return {
        "money": "value",
        "volume": "volume",
        "price": "price",
        "count": "count",
    }.get(size, "unspecified")


@dataclass(frozen=True)
class KnownQuantity:
    """A quantity the database holds, with the profile its name, unit and figures give it.

    ``also`` are the other subjects its figures' quotes name ("Antwerp's polished exports"
    for Belgium's): a text naming one of them matches when no quantity matches otherwise.
    """

    key: str
    name: str
    unit: str | None
    measure: str
    profile: Profile
    also: frozenset[str] = frozenset()

    @property
    def extra_words(self) -> int:
        """Words of its name no part of its profile accounts for ("under long-term
        contracts"): of two quantities alike, the plainer is the one a text means."""
        words = re.findall(r"[a-z][a-z-]+", re.sub(r"\([^)]*\)", "", self.name.lower()))
        return sum(1 for w in words if w not in _PLAIN_WORDS and w not in _FLOWS)


_PLAIN_WORDS = word_set(
    "the of by in and a an s group's value volume diamond diamonds rough polished cut"
    " total all average price per carat carats worth sales its their"
)


def known_profile(name: str, unit: str | None, measure: str, subject: str | None) -> Profile:
    """The profile of a database quantity, read from its name like a phrase of text."""
    parts = read_words(re.sub(r"\([^)]*\)", "", name))
    if measure == "value" and unit and "per" in unit:
        measure = "price"
    parts.pop("measure", None)
    currency = None
    if unit:
        found = re.match(r"\s*([A-Z]{3})\b", unit)
        currency = found.group(1) if found else None
    return Profile(
        subject=parts.get("subject", subject),
        flow=parts.get("flow"),
        product=parts.get("product"),
        measure=measure,
        modifier=parts.get("modifier"),
        dimension=currency,
    )


def best_match(known: tuple[KnownQuantity, ...], profile: Profile) -> tuple[str | None, list[str]]:
    """The key of the database quantity ``profile`` names, and the others alike (when one
    cannot be told from them, no key)."""
    matches = [k for k in known if same_thing(k.profile, profile)]
    if not matches and profile.subject:
        matches = [
            k
            for k in known
            if profile.subject in k.also
            and same_thing(replace(k.profile, subject=profile.subject), profile)
        ]
    if not matches:
        return None, []
    plainest = min(m.extra_words for m in matches)
    best = [m for m in matches if m.extra_words == plainest]
    if len(best) == 1:
        return best[0].key, [m.key for m in matches if m is not best[0]]
    return None, [m.key for m in matches]


def same_thing(left: Profile, right: Profile) -> bool:
    """Whether two profiles name one quantity (products compared as the trade means them)."""
    a, b = left.normal(), right.normal()
    return (
        a.complete
        and b.complete
        and (a.subject, a.flow, a.product, a.measure, a.modifier)
        == (b.subject, b.flow, b.product, b.measure, b.modifier)
        and (a.currency or "USD") == (b.currency or "USD")
    )
