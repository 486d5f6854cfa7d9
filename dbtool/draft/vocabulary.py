"""The words and digit groupings trade bulletins write numbers with, for the draft's grammar.

Tables, not code: a word a release uses and the grammar misses is added here.
The scale, ordinal and factor words the loader reads too are in
:mod:`dbtool.core.numberwords`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dbtool.core.numberwords import NUMBER_WORDS
from dbtool.display import MONTHS

# ---------------------------------------------------------------- vocabulary


def words(spaced: str) -> frozenset[str]:
    """A set of words written as one spaced string, the way a word list reads best."""
    return frozenset(spaced.split())


# Qualifiers as written before a number, spelled as the ``qualifiers`` table names them.
QUALIFIERS = (
    "no more than",
    "no less than",
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "just over",
    "just under",
    "well over",
    "in excess of",
    "upwards of",
    "as much as",
    "as many as",
    "close to",
    "an estimated",
    "nearly",
    "almost",
    "over",
    "under",
    "above",
    "below",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
)
QUALIFIER_ABBREVIATIONS = {"approx.": "approximately"}

# Currency as written before or after the number -> the unit it is stored in.
# "$" is the US dollar: trade bulletins on rough diamonds price in USD.
CURRENCIES = {
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "EUR": "EUR",
    "€": "EUR",
    "GBP": "GBP",
    "£": "GBP",
    "Rs": "INR",
    "Rs.": "INR",
    "INR": "INR",
    "₹": "INR",
    "RUB": "RUB",
    "₽": "RUB",
    "CAD": "CAD",
    "C$": "CAD",
    "AUD": "AUD",
    "A$": "AUD",
    "HKD": "HKD",
    "HK$": "HKD",
    "CNY": "CNY",
    "RMB": "CNY",
    "JPY": "JPY",
    "¥": "JPY",
    "CHF": "CHF",
    "ZAR": "ZAR",
    "BWP": "BWP",
    "NAD": "NAD",
    "N$": "NAD",
    "AED": "AED",
    "ILS": "ILS",
}
CURRENCY_WORDS = {
    "us dollar": "USD",
    "us dollars": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "rupees": "INR",
    "roubles": "RUB",
    "rubles": "RUB",
    "yuan": "CNY",
    "rand": "ZAR",
}

# Units written after the number (regex alternatives) -> unit name.
UNIT_WORDS = {
    "percent": r"\s?(?:%|per[\s-]?cent\b|percent\b|pct\b)",
    "percentage_point": r"\s(?:percentage[\s-]points?|pp|ppts?)\b",
    "basis_point": r"\s(?:basis\s+points?|bps|bp)\b",
    "carat": r"(?:\s?(?:carats?|cts?)|-carats?)\b",
    "megacarat": r"\s?Mcts?\b",  # million carats: stored as carats
    "tonne": r"\s(?:metric\s+)?(?:tonnes?|tons?)\b",
    "kilogram": r"\s?(?:kilograms?|kg)\b",
    "ounce": r"\s(?:troy\s+)?(?:ounces?|oz)\b",
    "days": r"[\s-]days?\b",
    "weeks": r"[\s-]weeks?\b",
    "months": r"[\s-]months?\b",
    "years": r"[\s-]years?\b(?!\s+(?:on|earlier|ago|before)\b)",
}

DURATIONS = ("days", "weeks", "months", "years")
# Units whose whole numbers are exact as written: "55 clients", "12 months".
EXACT_UNITS = ("count", "number", *DURATIONS)

# Verbs, nouns and comparatives that say which way a change went. Before the number
# ("fell 3.4%", "a rise of 5%") or right after it ("188% jump", "9% higher").
UP_WORDS = words(
    "rose rise rises rising risen grew grow grows growing grown increased increase increases"
    " increasing up jumped jump jumps climbed climb climbs gained gain gains advanced surged"
    " surge soared rebounded rebound expanded improved higher more growth hike lifted lifts"
    " rallied rallies firmed strengthened accelerated boosted widened widens widening"
)
DOWN_WORDS = words(
    "fell fall falls falling fallen declined decline declines declining dropped drop drops"
    " slipped slip slips decreased decrease decreases decreasing down lost loss slid sank"
    " plunged plummeted contracted contraction shrank eased dipped dip tumbled slump lower"
    " less fewer reduction cut ease eases easing softened softens weakened weakens retreated"
    " retreats slowed slows shed sheds narrowed narrows narrowing"
)
# Words that may stand between a verb of change and its number: "fell by a further 3%".
CHANGE_FILLERS = words("by of a an further another just only")
# "made up USD 333.8 million" is a part of a total, not a rise.
PHRASAL_UP_DOWN = words("made make makes making set sum sums broken break breaks")
UNSURE_RANK_WORDS = {
    "leading": "'leading' read as rank 1; it can also mean one of the leaders",
    "top": "'top' read as rank 1; it can also mean one of the top few",
}
# "the most recent figures" is no rank; "the most important gateway" is.
NOT_RANK_AFTER_MOST = words("of recent recently likely often part notably")

MONTH_NAMES = MONTHS
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so none hides a longer one."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
UNITS_1_9 = "one|two|three|four|five|six|seven|eight|nine"
TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
WORD_NUMBER = (
    rf"(?:(?:{TENS})(?:[-\s](?:{UNITS_1_9}))?|{TEENS}|{UNITS_1_9}|zero)"
    rf"(?:\s+hundred)?|a\s+dozen"
)
CURRENCY_SYMBOLS = "$€£₹₽¥"
CURRENCY_CODES = [c for c in CURRENCIES if c[-1] not in CURRENCY_SYMBOLS or len(c) > 1]
# A currency written before an amount, as a pattern: "US$ 11.29 billion", "Rs 84,850
# crore", "BWP 13,191.4 million" (a code only before its number, so "R" never reads "Russia")
CURRENCY_BEFORE = rf"(?:{alternatives(CURRENCY_CODES)})\s?(?=\d)|[{CURRENCY_SYMBOLS}]"

POSSESSIVE_PRONOUNS = words("its their our his her your my")

# Words that end a count's noun phrase before its noun: "55 of the …" is not "55 the".
FUNCTION_WORDS = words(
    "the a an of to in on at for and or but is are was were be been has have had by from with"
    " than per which who that this these those it its as into over under up down more less year"
    " alone also only each"
)
NOT_PLURAL_NOUNS = words(
    "this was has does its his hers thus plus minus less unless always perhaps across whereas"
    " besides sometimes times points percentages"
)
# "the nine months", "those 12 months": a period the text has named, not a duration stated.
PERIOD_DETERMINERS = words("the these those")
# A four-digit number after one of these is a year even before a plural noun ("in 2017 sales").
YEAR_CONTEXT = words(
    "in since until till by of for through from to during before after the and than throughout"
    " over year full-year fiscal financial mid end early late"
)


# ---------------------------------------------------------------- arithmetic


def scaled_value(mantissa: int, exponent: int) -> float:
    """``mantissa × 10**exponent`` rounded once, so "4.267 billion" is exactly 4267000000.0."""
    return float(mantissa * 10**exponent) if exponent >= 0 else mantissa / 10**-exponent


INDIAN_GROUPING = re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}")


def thousands(digits: str) -> bool:
    groups = digits.split(",")
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


MAX_DIGITS = 30  # more digits than this are no figure (a float keeps about 17)


def read_digits(digits: str) -> tuple[int, int, str | None] | None:
    """'2,163.6' -> (21636, 1, None): every digit as one integer, how many are decimals, a note.

    A comma before exactly three digits separates thousands ("1,600"), as do the Indian
    groups of two before the last three ("1,23,456"); any other single comma is a decimal
    comma ("15,4 per cent"). None when the separators make no number, or when it has more
    digits than any figure (``MAX_DIGITS``): no float holds it, and no release states it.
    """
    if len(digits) > MAX_DIGITS and sum(c.isdigit() for c in digits) > MAX_DIGITS:
        return None
    if "," in digits and "." in digits:
        whole, _, decimals = digits.rpartition(".")
        if "." in whole or "," in decimals or not thousands(whole):
            return None
        return int(whole.replace(",", "") + decimals), len(decimals), None
    if "," in digits:
        if thousands(digits):
            return int(digits.replace(",", "")), 0, None
        if INDIAN_GROUPING.fullmatch(digits):
            return int(digits.replace(",", "")), 0, "Indian digit grouping (lakh, crore)"
        if digits.count(",") > 1:
            return None
        whole, decimals = digits.split(",")
        return int(whole + decimals), len(decimals), "',' read as a decimal comma"
    if digits.count(".") > 1:
        if not thousands(digits.replace(".", ",")):
            return None
        return int(digits.replace(".", "")), 0, "'.' read as a thousands separator"
    whole, _, decimals = digits.partition(".")
    return int(whole + decimals), len(decimals), None


def word_value(words: str) -> int:
    """'twenty-one' -> 21, 'three hundred' -> 300, 'a dozen' -> 12."""
    parts = re.split(r"[-\s]+", words.lower())
    hundred = parts[-1] == "hundred"
    total = sum(NUMBER_WORDS[p] for p in parts if p in NUMBER_WORDS)
    return total * 100 if hundred else total


# Words that open a clause of its own inside a sentence ("…, as clients stepped up purchases";
# "revenue climbed 44% as prices … recovered"): what follows names no flow or base of the
# figure before them (read by dbtool.draft.dating and dbtool.draft.quantities).
SUBORDINATE = r"(?:as|while|whereas|but|because|since|when)"
