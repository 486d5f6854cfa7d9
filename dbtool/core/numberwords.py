"""The words numbers are written with: one table each, read by the loader and the draft alike.

The loader (:mod:`dbtool.core.wording`) reads the number a figure's ``written``
words state; the draft's grammar (:mod:`dbtool.draft.numbers`) finds numbers in
running text. If the two read a scale or rank word differently, a drafted
figure would not load as drafted, so both take their words from here.
"""

from __future__ import annotations

# Scale words: the power of ten each multiplies by.
SCALES = {
    "thousand": 3,
    "k": 3,
    "lakh": 5,
    "lakhs": 5,
    "million": 6,
    "mn": 6,
    "mln": 6,
    "m": 6,
    "mct": 6,  # million carats: "3.9 Mcts"
    "mcts": 6,
    "crore": 7,
    "crores": 7,
    "billion": 9,
    "bn": 9,
    "bln": 9,
    "trillion": 12,
    "tn": 12,
}
# Scale words that count only when glued to the digits ("$5m"): "5 m" is five metres.
GLUED_SCALES = frozenset({"m", "k"})
# Scale words that also name a unit: the draft reads "3.9 Mcts" as carats, not a bare number.
UNIT_SCALES = frozenset({"mct", "mcts"})

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
# Factors said as verbs: how many times the base "doubled" is.
FACTOR_VERBS = {
    "doubled": 2,
    "doubling": 2,
    "tripled": 3,
    "trebled": 3,
    "tripling": 3,
    "quadrupled": 4,
    "quadrupling": 4,
    "halved": 0.5,
    "halving": 0.5,
}
# Superlatives that state a rank of 1 after "the" or a possessive.
SUPERLATIVES = ("largest", "biggest", "greatest", "foremost", "leading", "top")
# Superlatives of a ranking read from the other end or of strength: "the weakest month"
# (rank 1 of a ranking counted from the smallest), "the strongest quarter".
BOTTOM_SUPERLATIVES = ("smallest", "weakest", "lowest", "least")
STRENGTH_SUPERLATIVES = ("highest", "strongest", "best", "busiest")
# Words that say "first" without a rival: "an unparalleled position".
PEERLESS = ("unparalleled", "unrivalled", "unrivaled", "unmatched", "unequalled")
# Every word a rank is written with, and the rank it states.
RANK_WORDS = {
    **ORDINALS,
    **dict.fromkeys(SUPERLATIVES, 1),
    **dict.fromkeys(PEERLESS, 1),
    **dict.fromkeys(BOTTOM_SUPERLATIVES, 1),
    **dict.fromkeys(STRENGTH_SUPERLATIVES, 1),
    "one": 1,  # "number one"
    "leader": 1,
    "most": 1,
}
