"""The numbers a diamond-trade bulletin states, each with its exact span.

``find_numbers(text)`` returns every figure a press release writes ("USD 4.267
billion", "Nearly 85%", "fell 3.4%", "second leading", "more than doubled",
"11 January 2018") as a ``FoundNumber``: where it is (``text[start:end] ==
written``), what it says (value and unit), how finely it was written (half a
unit of the last written digit at the written scale) and the word that shapes
its interval ("nearly", "over"). It drafts a seed file's ``[[figures]]``; a
person still decides what each figure measures.

Why a grammar of our own. We weighed four libraries and left each:

* dateparser: ``search_dates`` returns (substring, datetime) pairs, not offsets,
  so a date written twice ("On April 24" … "On April 24") cannot be placed; it
  fills a missing year from today's date, and it carries 200+ locales we do not
  need. Dates are one small part of what we read.
* price-parser: reads one price out of a short string (a shop's "22,90 €");
  no scale words ("billion"), no per-carat prices, no spans in running text.
* quantulum3: finds quantities with spans, but keeps no written precision, has
  no qualifiers, ranks or directions of change, and tells units with the same
  name apart ("pound") with an optional scikit-learn classifier.
* number-parser: rewrites number words into digits in the text ("two hats" ->
  "2 hats"), which moves every span after them; it knows no units.

The grammar trade bulletins use is small: a qualifier, a sign, a currency, a
number, a scale word, a unit, a verb of change. We need exact character spans,
the precision of the written digits and nothing to download, so this is plain
``re`` over the standard library, with its vocabulary in tables below.

Conventions, each a choice a reader should know:

* ``written`` includes a qualifier or sign before the number ("Nearly 85%",
  "minus USD 1.88 billion", "more than doubled") but not a verb of change
  ("fell 3.4%" is written "3.4%", direction "down") nor a trailing "alone".
* ``value`` is what the digits say, signed only by a written sign: "fell 3.4%"
  is 3.4 with direction "down"; ``signed_value`` gives -3.4.
* ``precision`` is half a unit of the last written digit at the written scale
  ("USD 4.267 billion" -> 0.0005e9). It is 0 for things that are exact as
  written: counts without a scale word ("55 clients"), ranks, years, dates,
  factors said in words ("doubled"), list markers.
* A numeric range ("between 30 and 40%", "2 to 10.8 carats") is two numbers of
  kind "range", the first qualified "at least" and the second "up to", so an
  interval check can intersect them; the bound written without its unit or
  scale borrows them from the other and says so in ``note``.
* A date or a date range is one number of unit "date": ``value`` is the first
  day as YYYYMMDD and ``period`` its first and last days. A date without a year
  ("April 24") has value MMDD, no period, and a note.
* A year alone ("In 2017 alone") is unit "year", kind "year"; a span of years
  ("2016–2018", "2017/18") is unit "year", kind "range", value its first year.
* Units: "USD", "EUR", "INR" (and other ISO codes), "USD_per_carat", "percent",
  "percentage_point", "basis_point", "carat", "tonne", "kilogram", "ounce",
  "count" (a noun follows: "55 long-term clients", "21 of them"), "number" (a
  bare number), "days"/"weeks"/"months"/"years" (durations, kind "duration"; after
  "the", "these" or "those" a period named before, kind "period_reference"),
  "rank", "factor", "year", "date", "time".
* "leading" is a rank only after "the" or a possessive ("the world's leading
  miner"), never in "leading partner" or "these leading organisations", and it
  always carries a note: it can also mean "one of the leaders".

Not read, on purpose: fractions and halves in words ("a third", "half of"),
month names without a number ("in July"), periods without a year ("the first
half of the year"), ordinals that rank nothing ("the 2nd quarter"), "one of the
largest", and digits glued to letters ("G7", "COVID-19", "10-K").

Compiling the patterns takes noticeable time at import; callers on a hot
start-up path (the CLI) should import this module where they use it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from datetime import date

from dbtool.core.numberwords import (
    FACTOR_VERBS,
    GLUED_SCALES,
    ORDINALS,
    PEERLESS,
    SCALES,
    SUPERLATIVES,
    UNIT_SCALES,
)
from dbtool.draft.dates import fiscal_note, read_dates, read_times_and_markers
from dbtool.draft.fiscal import read_fiscal_parts
from dbtool.draft.found import (
    Claimed,
    FoundNumber,
    exact_number,
    is_date_or_marker,
    overlaps,
)
from dbtool.draft.pointwords import read_bare_points
from dbtool.draft.vocabulary import (
    CHANGE_FILLERS,
    CURRENCIES,
    CURRENCY_BEFORE,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DOWN_WORDS,
    DURATIONS,
    EXACT_UNITS,
    FUNCTION_WORDS,
    MAX_DIGITS,
    NOT_PLURAL_NOUNS,
    NOT_RANK_AFTER_MOST,
    PERIOD_DETERMINERS,
    PHRASAL_UP_DOWN,
    POSSESSIVE_PRONOUNS,
    QUALIFIER_ABBREVIATIONS,
    QUALIFIERS,
    UNIT_WORDS,
    UNSURE_RANK_WORDS,
    UP_WORDS,
    WORD_NUMBER,
    YEAR_CONTEXT,
    alternatives,
    read_digits,
    scaled_value,
    word_value,
)

__all__ = ["FoundNumber", "find_numbers", "is_date_or_marker"]


_SCALE_WORDS = [s for s in SCALES if s not in GLUED_SCALES | UNIT_SCALES]
# "P12,064.3 million" (pula), "R1.4 billion" (rand): a lone letter is a currency only before
# an amount in millions or billions ("Pit P2", "R2 grade" are no money)
_LETTER_CURRENCIES = {"P": "BWP", "R": "ZAR"}

_QUANTITY = re.compile(
    rf"""
    (?P<sign>\b(?:minus|plus)\s+|(?<![\w.,%)\-–])[-−+](?=[\d{CURRENCY_SYMBOLS}A-Z]))?
    (?P<currency>(?<![A-Za-z])(?-i:{alternatives(CURRENCY_CODES)})(?=\s?\d)\s?
                |[{CURRENCY_SYMBOLS}]\s?
                |(?<![\w$])(?-i:[PR])(?=\s?\d[\d,.]*\s?(?:million|billion|bn|mn|m)\b)\s?)?
    (?P<number>\d{{1,3}}(?:[\ \u00a0\u202f]\d{{3}})+(?![\d\-–])(?:\.\d+)?|\d+(?:[.,]\d+)*
              |\b(?:{WORD_NUMBER})\b)
    (?P<scale>\s?(?:{alternatives(_SCALE_WORDS)})\b|(?<=\d)[mk]\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_UNIT_AFTER = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in UNIT_WORDS.items()), re.IGNORECASE
)
_CURRENCY_AFTER = re.compile(
    rf"\s(?:(?P<word>{alternatives(CURRENCY_WORDS)})|(?-i:(?P<code>{alternatives(CURRENCY_CODES)})))\b",
    re.IGNORECASE,
)
_PER_CARAT = re.compile(r"(?:\s+per\s+|\s+a\s+|\s?/\s?)(?:carat|ct)\b", re.IGNORECASE)
_TIMES = re.compile(
    r"\s+times\b(?=\s+(?:more|higher|larger|bigger|greater|as|the|over|lower|less|smaller)\b)",
    re.IGNORECASE,
)
_QUALIFIER_WORDS = "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS)
_QUALIFIER = re.compile(rf"(?<![\w-])(?P<q>{_QUALIFIER_WORDS}|approx\.)\s+$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\S")
_CHANGE_AFTER = re.compile(  # on the number's line: "US$872/ct\nBelow 2 ct" is no fall
    r"[^\S\n]+(?:(?:year[\s-]on[\s-]year|y/y|annual)[^\S\n]+)?(?P<word>[a-z]+)\b", re.IGNORECASE
)
_NEXT_WORDS = re.compile(r"(?:\s+([a-z]+(?:-[a-z]+)*)){1,3}")
_ALONE = re.compile(r"\balone\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"”’]|$)|\n")


_RANK = re.compile(
    rf"""\b(?:
      (?:(?P<ordinal>{"|".join(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+)?
        (?P<superlative>{"|".join(SUPERLATIVES)}|most\s+(?P<adjective>[a-z]+))\b
    | (?P<leader>(?:world|global|market|industry)\s+(?P<leader_word>leader))\b
    | (?P<peerless>{"|".join(PEERLESS)})\b
    | (?:ranked|ranks|placed|came)\s+(?:as\s+)?(?:the\s+)?(?P<place>{"|".join(ORDINALS)})\b
    | (?P<runner_up>second)(?=\s+only\s+to\b)
    | (?P<number_one>number\s+one|No\.\s?1)(?!\d)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_TOP_RANK = re.compile(rf"\s+(?!(?:of|{WORD_NUMBER})\b)[a-z]{{3,}}", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_NOT_RANK_ONE = re.compile(
    r"\b(?:one|some|several|two|three|four|five|among)\s+(?:of\s+)?the\s+(?:world['’]s\s+)?$",
    re.IGNORECASE,
)
_FACTOR_VERB = re.compile(rf"\b(?P<word>{'|'.join(FACTOR_VERBS)})\b", re.IGNORECASE)
_FOLD = re.compile(rf"\b(?P<n>\d+(?:\.\d+)?|{WORD_NUMBER})[\s-]?fold\b", re.IGNORECASE)


# ---------------------------------------------------------- ranks and factors


def _ranks(text: str, claimed: Claimed) -> list[FoundNumber]:
    found: list[FoundNumber] = []
    for match in _RANK.finditer(text):
        if _AMONG.search(text, max(0, match.start() - 50), match.start()):
            continue  # "among the smallest of the leading producers": one of several, no rank
        rank = _rank(text, match)
        if rank is None or overlaps(claimed, match.start(), match.end()):
            continue
        value, note, group = rank
        start, end = match.span(group) if group else match.span()
        found.append(exact_number(text, start, end, float(value), "rank", "rank", note=note))
        claimed.append((start, end))
    return found


# "among the smallest of the leading producers": one of several, no rank
_AMONG = re.compile(r"\bamong\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$", re.I)


def _rank(text: str, match: re.Match[str]) -> tuple[int, str | None, str | None] | None:
    """(rank, note, group whose span is written) for a rank match, or None if it is none."""
    if match["place"]:
        return ORDINALS[match["place"].lower()], None, "place"
    if match["runner_up"]:
        return 2, None, "runner_up"
    if match["number_one"]:
        return 1, None, None
    if match["peerless"]:
        return 1, f"'{match['peerless'].lower()}' read as rank 1: nothing equals it", None
    _, previous = _previous_word(text, match.start())
    if match["leader"]:  # "the world leader" is written "leader", as "the world's largest" is
        return (1, None, "leader_word") if previous == "the" else None
    superlative = match["superlative"].lower()
    if match["adjective"] and match["adjective"].lower() in NOT_RANK_AFTER_MOST:
        return None
    if superlative == "top" and not _TOP_RANK.match(text, match.end()):
        return None  # "the top of", "the top 10", "the top ten", "at the top."
    possessive = previous.endswith(("'s", "’s", "s'", "s’"))
    pronoun = previous in POSSESSIVE_PRONOUNS and superlative not in UNSURE_RANK_WORDS
    if previous != "the" and not possessive and not pronoun:
        return None
    if _NOT_RANK_ONE.search(text, max(0, match.start() - 40), match.start()):
        return None
    ordinal = match["ordinal"]
    if ordinal:
        value = ORDINALS.get(ordinal.lower()) or int(re.sub(r"\D", "", ordinal))
        return value, None, None
    return 1, UNSURE_RANK_WORDS.get(superlative), None


def _factors(text: str, claimed: Claimed) -> list[FoundNumber]:
    found: list[FoundNumber] = []
    for match in _FACTOR_VERB.finditer(text):
        value = float(FACTOR_VERBS[match["word"].lower()])
        found += _factor(text, match.start(), match.end(), value, 0.0, claimed)
    for match in _FOLD.finditer(text):
        written = match["n"]
        if len(written) > MAX_DIGITS:
            continue
        if written[0].isdigit():
            mantissa, decimals = int(written.replace(".", "")), len(written.partition(".")[2])
            value, precision = scaled_value(mantissa, -decimals), scaled_value(5, -decimals - 1)
        else:
            value, precision = float(word_value(written)), 0.0
        found += _factor(text, match.start(), match.end(), value, precision, claimed)
    return found


def _factor(
    text: str, start: int, end: int, value: float, precision: float, claimed: Claimed
) -> list[FoundNumber]:
    """A factor ("more than doubled": 2, qualified "more than"), or none if already read."""
    if overlaps(claimed, start, end):
        return []
    qualifier = _qualifier_before(text, start)
    if qualifier:
        start = qualifier[0]
    claimed.append((start, end))
    number = FoundNumber(
        start=start,
        end=end,
        written=text[start:end],
        value=value,
        unit="factor",
        precision=precision,
        qualifier=qualifier[1] if qualifier else None,
        kind="factor",
        direction="up" if value > 1 else "down",
    )
    return [number]


# --------------------------------------------------------- context of a number


def _qualifier_before(text: str, start: int) -> tuple[int, str] | None:
    """Where a qualifier just before ``start`` begins, and its name ("Nearly" -> "nearly")."""
    match = _QUALIFIER.search(text, max(0, start - 24), start)
    if match is None:
        return None
    name = " ".join(match["q"].lower().split())
    return match.start(), QUALIFIER_ABBREVIATIONS.get(name, name)


def _direction(text: str, start: int, end: int) -> str | None:
    """Which way a change went, read from the words around a number, or None."""
    after = _CHANGE_AFTER.match(text, end)
    if after:
        word = after["word"].lower()
        if word in UP_WORDS:
            return "up"
        if word in DOWN_WORDS:
            return "down"
        # "6.8% below the US$16,570 million", "2.0% ahead of the US$3,137 million": against a
        # level (not "2 points above the rest", which compares with no figure)
        if word in _AGAINST_LEVEL and _LEVEL_NEXT.match(text, after.end()):
            return _AGAINST_LEVEL[word]
    words = _WORD.findall(text, max(0, start - 60), start)
    skipped = 0
    for index in range(len(words) - 1, -1, -1):
        word = words[index].lower()
        if word in UP_WORDS or word in DOWN_WORDS:
            if word in ("up", "down") and index > 0 and words[index - 1].lower() in PHRASAL_UP_DOWN:
                return None
            if word in ("more", "less", "fewer"):
                return None  # "more than" before a number is a qualifier, read elsewhere
            return "up" if word in UP_WORDS else "down"
        if (word in CHANGE_FILLERS or word.endswith("ly")) and skipped < 3:
            skipped += 1
            continue
        break
    # "lifting the average value by 13.3%", "cutting output by 10%": a verb, its object, "by"
    moved = _MOVED_BY.search(text, max(0, start - 60), start)
    if moved is not None:
        return "up" if moved["verb"].lower().startswith(_UP_STEMS) else "down"
    return None


_AGAINST_LEVEL = {"above": "up", "ahead": "up", "below": "down", "behind": "down"}
_LEVEL_NEXT = re.compile(
    r"\s+(?:of\s+)?(?:the\s+|its\s+|last\s+year(?:’s|'s)\s+|the\s+previous\s+year(?:’s|'s)\s+)?"
    rf"(?:\d|{CURRENCY_BEFORE})"
)
_UP_STEMS = ("lift", "rais", "boost", "increas", "push")
_MOVED_BY = re.compile(
    r"\b(?P<verb>(?:lift|rais|boost|increas|push|cutt?|reduc|lower|trimm?|slash)(?:ing|ed|es|s|e)?)"
    r"\s+(?:[a-z]+\s+){0,4}by\s+\Z",
    re.I,
)


def _count_follows(text: str, end: int) -> bool:
    """Whether a plural noun (or "of them") follows: "55 long-term clients", "21 of them"."""
    match = _NEXT_WORDS.match(text, end)
    if match is None:
        return False
    words = match.group().split()
    if words[0] == "of":
        return len(words) > 1 and words[1] in ("them", "these", "those", "which", "whom", "the")
    for word in words:
        if word in FUNCTION_WORDS:
            return False
        plural = word.endswith("s") and not word.endswith(("ss", "us", "is"))
        if plural and len(word) > 3 and word not in NOT_PLURAL_NOUNS:
            return True
    return False


def _previous_word(text: str, start: int) -> tuple[int, str]:
    """The word just before ``start``, lower-cased, and where it begins (-1, "" if none)."""
    match = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    return (match.start(1), match[1].lower()) if match else (-1, "")


# ---------------------------------------------------------------- quantities


@dataclass
class _Quantity:
    """A number being read: its parts, filled in as the grammar learns them."""

    start: int  # of the written span, qualifier and sign included
    end: int
    mantissa: int  # every written digit, signed: "-3.4" -> -34
    decimals: int
    exponent: int  # of the scale word, 0 without one
    unit: str
    kind: str
    currency: str | None = None
    has_scale: bool = False
    in_words: bool = False
    qualifier: str | None = None
    direction: str | None = None
    note: str | None = None
    scale: float | None = None


def _read_quantity(text: str, match: re.Match[str]) -> _Quantity | None:
    """One match of the quantity pattern, read with the words around it, or None."""
    number = match["number"]
    in_words = not number[0].isdigit()
    if in_words:
        mantissa, decimals = word_value(number), 0
        note = "'a dozen' may be approximate" if "dozen" in number.lower() else None
    else:
        digits = read_digits(re.sub(r"[ \u00a0\u202f]", "", number))  # "US$1 814": a space groups
        if digits is None:
            return None
        mantissa, decimals, note = digits
    if not (match["sign"] or match["currency"]) and not _starts_a_number(
        text, match.start(), number
    ):
        return None
    scale = (match["scale"] or "").strip().lower()
    if scale in ("m", "k"):
        note = f"'{match['scale']}' read as {'million' if scale == 'm' else 'thousand'}"
    sign = (match["sign"] or "").strip().lower()
    said = (match["currency"] or "").strip()
    currency = CURRENCIES.get(said) or _LETTER_CURRENCIES.get(said)
    unit, kind, end = _unit_after(text, match.end(), currency)
    near = max(0, match.start() - 80)
    if unit is None and currency is None and _CARATS_BEFORE.search(text, near, match.start()):
        unit = "carat"  # "carats recovered were 1.12 million": the unit is named before it
    if unit is None and not _ends_a_number(text, end):
        return None
    plain = not (sign or currency or scale or decimals or in_words)
    if unit is None:
        if plain and _is_year(text, match.start(), number):
            return _Quantity(match.start(), end, mantissa, 0, 0, "year", "year")
        if decimals == 0 and _count_follows(text, end) and not (in_words and mantissa == 1):
            unit = "count"
            note = note or _count_note(number, mantissa, plain, bool(scale))
        elif in_words:
            return None  # "one of the", "all three": a word is a number only with a unit
        else:
            unit = "number"
    elif in_words and mantissa == 1 and not scale and unit != "percent":
        return None  # "one carat" is a size, "one" alone too common to be a figure
    exponent = SCALES.get(scale, 0)
    if unit == "megacarat":  # "3.9 Mcts"
        unit, exponent, scale = "carat", exponent + 6, scale or "Mct"
    quantity = _Quantity(match.start(), end, mantissa, decimals, exponent, unit, kind)
    quantity.currency, quantity.has_scale, quantity.in_words, quantity.note = (
        currency,
        bool(scale),
        in_words,
        note,
    )
    if sign in ("minus", "-", "−"):
        quantity.mantissa = -mantissa
    if sign and unit == "percent":  # "-3.4%" is a change; "minus USD 1.88 billion" a level
        quantity.direction = "down" if quantity.mantissa < 0 else "up"
    elif sign == "plus":  # "USD 5 million plus USD 3 million": a conjunction, not a sign
        quantity.start = match.end("sign")
    # "over 10-year contracts": "over" cannot qualify a number that is part of an adjective
    _add_context(text, quantity, qualify=not (unit in DURATIONS and text[match.end()] == "-"))
    if kind == "duration" and _previous_word(text, quantity.start)[1] in PERIOD_DETERMINERS:
        quantity.kind = "period_reference"  # "sold in the nine months": the period said before
    return quantity


def _count_note(number: str, mantissa: int, plain: bool, scaled: bool) -> str | None:
    if plain and len(number) == 4 and number[:2] in ("19", "20"):
        return "a four-digit count; it could be a year"
    if not scaled and mantissa >= 100 and mantissa % 100 == 0:
        return "a round count: it may be rounded"
    return None


def _starts_a_number(text: str, start: int, number: str) -> bool:
    """Digits glued to letters ("G7", "COVID-19") are a name, not a number."""
    if start == 0 or not number[0].isdigit():
        return True
    before = text[start - 1]
    if text[max(0, start - 2) : start] == "FY":  # "FY2018": a fiscal year
        return True
    if before.isalnum() or before in "_.,":
        return False
    if before == "-" and start >= 2 and text[start - 2].isalpha():
        return len(number) == 4 and number[:2] in ("19", "20")  # "mid-2018"
    return True


def _ends_a_number(text: str, end: int) -> bool:
    """A number with no unit must not run into letters: "2nd", "3D" and "10-K" are names."""
    after = text[end : end + 2]
    if not after:
        return True
    if after[0] == "-":
        return not after[1:].isalpha()
    return not after[0].isalpha()


# "carats recovered were 1.12 million", "carats sold totalled 97,204", "carats recovered
# in the first nine months of 2019 totalled 14,590", "Carats sold of 1,655,800", "carats
# recovered: 14,590": the unit as the subject, right before the number (searched only to
# the number's start).
_CARATS_BEFORE = re.compile(
    r"\bcarats\s+(?:(?:recovered|produced|sold|mined|processed|exported|imported)\s+)?"
    r"(?:(?:in|during|for|over|at|from)\s+[^.;:,()]{1,60}?\s+)?"
    r"(?:(?:were|was|of|totall?ed|totall?ing|amounted\s+to|amounting\s+to|reached|came\s+to"
    r"|stood\s+at)\s+|:\s*)"
    r"(?:(?:about|some|nearly|approximately|almost|over|around)\s+)?\Z",
    re.I,
)


def _unit_after(text: str, end: int, currency: str | None) -> tuple[str | None, str, int]:
    """(unit, kind, new end) for the words after a number's digits and scale."""
    if currency is None:
        after = _CURRENCY_AFTER.match(text, end)
        if after:
            word = " ".join((after["word"] or "").lower().split())
            currency = CURRENCY_WORDS[word] if word else CURRENCIES[after["code"]]
            end = after.end()
    if currency is not None:
        per = _PER_CARAT.match(text, end)
        if per:
            return f"{currency}_per_carat", "amount", per.end()
        return currency, "amount", end
    times = _TIMES.match(text, end)
    if times:
        return "factor", "factor", times.end()
    unit = _UNIT_AFTER.match(text, end)
    if unit is None:
        return None, "amount", end
    name = unit.lastgroup or ""
    kind = {"percent": "percent"}.get(name, "duration" if name in DURATIONS else "amount")
    return name, kind, unit.end()


def _is_year(text: str, start: int, number: str) -> bool:
    """A four-digit 19xx or 20xx is a year unless a plural noun follows with no year word before."""
    if len(number) != 4 or number[:2] not in ("19", "20"):
        return False
    if not _count_follows(text, start + 4):
        return True
    _, previous = _previous_word(text, start)
    previous = previous.rstrip(",")
    return previous in YEAR_CONTEXT or previous.endswith(("'s", "’s", "-"))


def _add_context(text: str, quantity: _Quantity, qualify: bool = True) -> None:
    """Qualifier and direction from the words around the number."""
    qualifier = _qualifier_before(text, quantity.start) if qualify else None
    if qualifier:
        quantity.start, quantity.qualifier = qualifier
    if quantity.direction is None:
        quantity.direction = _direction(text, quantity.start, quantity.end)
    if quantity.direction is not None and quantity.kind in ("percent", "amount"):
        quantity.kind = "change"


def _join_ranges(text: str, quantities: list[_Quantity]) -> None:
    """Mark "between 30 and 40%" and "2 to 10.8 carats" as the two bounds of one range."""
    for low, high in itertools.pairwise(quantities):
        if _is_range(text, low, high):
            _share_units(text, low, high)
            low.kind = high.kind = "range"
            low.qualifier = low.qualifier or "at least"
            high.qualifier = high.qualifier or "up to"


def _is_range(text: str, low: _Quantity, high: _Quantity) -> bool:
    if "year" in (low.kind, high.kind) or low.kind == "range":
        return False
    lead_start, lead = _previous_word(text, low.start)
    between = text[low.end : high.start]
    if re.fullmatch(r"\s+and\s+", between):
        return lead == "between"
    dash = re.fullmatch(r"\s*[–—]\s*|-", between) is not None
    if not dash and not re.fullmatch(r"\s+to\s+", between):
        return False
    if lead == "from" and _direction(text, lead_start, lead_start):
        return False  # "rose from 30 to 40%": a level before and a level after
    if len({low.unit, high.unit} - {"number"}) > 1:
        return False  # "fell 34% to USD 269.2 million"
    # "rose 9% to 12%" is a change and then a level; "9% to 12%" alone is a range
    return dash or low.unit == "number" or low.direction is None


def _share_units(text: str, low: _Quantity, high: _Quantity) -> None:
    """Each bound takes what only the other wrote: "USD 1–2 billion", "2 to 10.8 carats"."""
    low_took: list[str] = []
    if low.unit == "number" and high.unit != "number":
        low.unit, low.currency = high.unit, high.currency
        low_took.append("unit")
    elif high.unit == "number" and low.unit != "number":
        high.unit, high.currency = low.unit, low.currency
        if low.currency:  # "from USD 100 to 200 per carat": the unit ends after the high bound
            unit, _, high.end = _unit_after(text, high.end, low.currency)
            if unit != low.unit:
                low.unit = high.unit = unit or low.unit
                low_took.append("unit")
        note = f"upper bound of a range; unit from '{text[low.start : low.end]}'"
        high.note = "; ".join(filter(None, (high.note, note)))
    if high.has_scale and not low.has_scale:
        low.exponent, low.has_scale = high.exponent, True
        low_took.append("scale")
    if low_took:
        note = (
            f"lower bound of a range; {' and '.join(low_took)} from '{text[high.start : high.end]}'"
        )
        low.note = "; ".join(filter(None, (low.note, note)))


def _found(text: str, quantity: _Quantity) -> FoundNumber:
    """The ``FoundNumber`` a quantity read stands for, its value scaled and its precision set.

    A year is exact and covers its calendar year. Anything else is precise to
    half a unit of its last written digit at the written scale, unless it is a
    whole number of an exact unit (a count, a duration) without a scale word, or a
    factor said in words.
    """
    if quantity.kind == "year":
        period = (date(quantity.mantissa, 1, 1), date(quantity.mantissa, 12, 31))
        note = fiscal_note(text, quantity.start)
        return exact_number(
            text,
            quantity.start,
            quantity.end,
            float(quantity.mantissa),
            "year",
            "year",
            period=period,
            note=note,
        )
    exponent = quantity.exponent - quantity.decimals
    whole = quantity.decimals == 0 and not quantity.has_scale
    exact = whole and (
        quantity.unit in EXACT_UNITS or (quantity.unit == "factor" and quantity.in_words)
    )
    return FoundNumber(
        start=quantity.start,
        end=quantity.end,
        written=text[quantity.start : quantity.end],
        value=scaled_value(quantity.mantissa, exponent),
        unit=quantity.unit,
        precision=0.0 if exact else scaled_value(5, exponent - 1),
        qualifier=quantity.qualifier,
        kind=quantity.kind,
        direction=quantity.direction,
        note=quantity.note,
        scale=quantity.scale,
    )


def _quantities(text: str, claimed: Claimed) -> list[FoundNumber]:
    quantities: list[_Quantity] = []
    for match in _QUANTITY.finditer(text):
        if overlaps(claimed, match.start("number"), match.end("number")):
            continue
        quantity = _read_quantity(text, match)
        if quantity is not None and not overlaps(claimed, quantity.start, quantity.end):
            quantities.append(quantity)
            claimed.append((quantity.start, quantity.end))  # "1,600 USD 0": USD is taken
    _join_ranges(text, quantities)
    _take_elided_units(text, quantities)
    return [_found(text, q) for q in quantities]


_COMPARED_WITH = re.compile(
    r",?\s*(?:compared\s+(?:with|to)|against|versus|vs\.?|(?:up\s+|down\s+)?from)\s+", re.I
)
_ELIDED = re.compile(r"(?:[,;]\s*|\s+)(?:and\s+|while\s+)?(?:[A-Z][\w'’-]*\s+){1,3}")


def _take_elided_units(text: str, quantities: list[_Quantity]) -> None:
    """ "Misery supplied 1.02 million carats and Sable 0.43": a bare decimal after a name
    leaves out the unit and scale of the figure before it, which it lists alongside."""
    for low, high in itertools.pairwise(quantities):
        if (
            high.unit == "number"
            and high.decimals
            and low.unit not in ("number", "percent")
            and low.kind not in ("year", "range")
            and _ELIDED.fullmatch(text, low.end, high.start)
            and re.match(r"\s*(?:[,;.)]|and\b|$)", text[high.end :])
        ):
            high.unit, high.currency, high.kind = low.unit, low.currency, low.kind
            if low.has_scale and not high.has_scale:
                high.exponent, high.has_scale, high.scale = low.exponent, True, 10.0**low.exponent
            high.note = f"unit from '{text[low.start : low.end]}'"
        elif (
            high.unit == "number"
            and (high.decimals or high.has_scale)
            and low.unit not in ("number", "percent")
            and low.kind not in ("year", "range")
            and _COMPARED_WITH.fullmatch(text, low.end, high.start)
            and low.has_scale == high.has_scale
        ):  # "Carats recovered of 1.74 million, compared with 1.91 million a year earlier"
            high.unit, high.currency, high.kind = low.unit, low.currency, low.kind
            high.note = f"unit from '{text[low.start : low.end]}', which it is compared with"


def _apply_alone(text: str, found: list[FoundNumber]) -> list[FoundNumber]:
    """Qualify "alone": the number just before it, or every figure after it in its sentence.

    "In 2017 alone" qualifies 2017; "ALROSA's production alone represents 31% … and 21%"
    qualifies both percentages. Either way it narrows the subject, not the number.
    Numbers are found by position (a bisection), not by a pass over all of them per
    "alone".
    """
    result = list(found)
    by_end: dict[int, list[int]] = {}
    for index, number in enumerate(result):
        by_end.setdefault(number.end, []).append(index)
    order = sorted(range(len(result)), key=lambda i: result[i].start)
    starts = [result[i].start for i in order]
    for match in _ALONE.finditer(text):
        gap = match.start()  # where the white space before "alone" begins
        while gap > 0 and text[gap - 1].isspace():
            gap -= 1
        just_before = sorted(i for at in range(gap, match.start() + 1) for i in by_end.get(at, ()))
        if just_before:
            index = just_before[0]
            if result[index].qualifier is None:
                result[index] = replace(result[index], qualifier="alone")
            continue
        stop = _SENTENCE_END.search(text, match.end())
        sentence_end = stop.start() if stop else len(text)
        low = bisect.bisect_left(starts, match.end())
        for index in order[low : bisect.bisect_left(starts, sentence_end, low)]:
            number = result[index]
            in_scope = number.qualifier is None
            if in_scope and number.kind in ("amount", "percent", "change", "factor"):
                note = "'alone' earlier in the sentence narrows its subject"
                result[index] = replace(number, qualifier="alone", note=number.note or note)
    return result


def find_numbers(text: str) -> list[FoundNumber]:
    """Every number ``text`` states, in reading order, with its exact span.

    Dates and times are read first, then list markers, factors ("doubled") and ranks,
    then amounts, so that a number inside a date is never read twice.
    """
    claimed = Claimed(len(text))
    found = read_fiscal_parts(text, claimed)  # "Q3 FY2019" before "Q3" and "2019"
    found += read_dates(text, claimed)
    found += read_times_and_markers(text, claimed)
    found += _factors(text, claimed)
    found += _ranks(text, claimed)
    found += _quantities(text, claimed)
    found.sort(key=lambda f: (f.start, f.end))
    return read_bare_points(text, _apply_alone(text, found))
