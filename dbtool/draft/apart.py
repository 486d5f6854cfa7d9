"""Figures beside a flow that are no level of it: one stone's price, a size class's sales,
an average per transaction, several subjects together, a forecast. Put on the flow's quantity, each
would contradict the flow's own figure for the period; the draft leaves them off."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure
    from dbtool.draft.text import TextMap

# "a 442 carat white diamond, was sold for US$18.0 million": one stone, named by its size
_NEAR_WORDS = 300
# "The top three together produced 87.6 million carats": several subjects, no one's quantity.
_GROUP = re.compile(
    r"\b(?:together|jointly|between\s+them|the\s+top\s+(?:two|three|four|five|ten|\d+)"
    r"|across\s+(?:the|all|its)\s+(?:two|three|four|five|\d+\s+)?\s*(?:mines|operations|"
    r"producers|pipes|countries|sites))\b",
    re.I,
)
# "the average transaction value", "average daily sales", "the average selling price of gold
# jewellery was HK$4,600", "averaged HK$8,300": an amount per something uncounted (per carat,
# a price the checks relate, is kept)
_AVERAGE = re.compile(
    r"\baverage\s+(?:[a-z]+\s+){0,2}(?:value|spend|ticket|order|basket|transaction|price)s?\b"
    r"|\baverage\s+(?:daily|weekly|monthly)\b|\baveraged\b|\baveraging\b",
    re.I,
)
# "Stones of 10.8 carats and larger fetched US$12.45 million …, while the remaining …": the
# sales of a size class, and after it of the others, are parts of the flow, not its level.
_SIZE_CLASS = re.compile(
    r"\b(?:stones|diamonds|goods|sizes)\s+(?:of\s+|weighing\s+)?(?:(?:more|larger|bigger|"
    r"greater|less|smaller)\s+than\s+|over\s+|above\s+|under\s+|below\s+|\+)?\d[\d.,]*\s*"
    r"(?:carats?|cts?)\b(?:\s+(?:and|or)\s+(?:larger|above|over|more|bigger|up|smaller|below|"
    r"less))?|\bsize\s+(?:class(?:es)?|categor(?:y|ies))\b|\+\d[\d.]*\s*(?:carats?|cts?)\b"
    # "Specials … fetching US$11.94 million", "169,746 carats of smaller goods"
    r"|\bspecials\b|\b(?:smaller|larger|small|large)\s+(?:goods|stones|sizes)\b"
    # a line of a table by size: "2–10.8 ct: 96 lots, …", "Below 2 ct: 157 lots, …"
    r"|^[ \t]*(?:[-•*][ \t]*)?(?:(?:below|under|above|over|less\s+than|more\s+than)\s+|\+|-)?"
    r"\d[\d.,]*(?:\s*[–-]\s*\d[\d.,]*)?\s*(?:carats?|cts?)\b[^:\n]{0,20}:",
    re.I | re.M,
)
# "Guidance for FY2019 is unchanged at between 800,000 and 840,000 carats", "expects to
# produce 31 to 33 million carats": what a subject foresees, no level of what it did
_FORECAST = re.compile(
    r"\b(?:guidance|forecasts?|forecasted|expects?|expected|outlook|projected|projects?|"
    r"anticipated|anticipates?|targets?|targeted|budgeted|plans?\s+to|aims?\s+to)\b",
    re.I,
)
# "On a like-for-like basis, sales rose 18.4%": the stores open in both years, not all sales
_LIKE_FOR_LIKE = re.compile(
    r"\b(?:like[\s-]for[\s-]like|comparable[\s-]stores?|same[\s-]stores?|organic(?:ally)?)\b",
    re.I,
)
# "leaving polished exports US$324.4 million ahead of rough imports": the figure is how far
# one flow is from another, not a level of either (a level compared has a comma: "…, above")
_GAP_AFTER = re.compile(
    r"\s+(?:ahead\s+of|above|below|short\s+of|behind|more\s+than|less\s+than|higher\s+than|"
    r"lower\s+than)\s+(?!(?:the\s+|a\s+)?(?:US)?[$€£\d])",
    re.I,
)
_INCLUDING = re.compile(r"\b(?:which|that)\s+(?:included|includes|contained)\s+$|\bincluding\s+$")
_RELATIVE_UNITS = ("percent", "factor", "percentage_point")  # "16% more than": a change
_STONE = re.compile(
    r"\b(?:an?|the|one)\s+\d[\d,.]*[\s-]?(?:carat|ct)\s+(?:[\w-]+\s+){0,3}(?:diamond|stone)\b"
    r"|\bthe\s+(?:top|largest|biggest|most\s+valuable)\s+(?:lot|stone|diamond|parcel)\b",
    re.I,
)


_BOUNDS = frozenset(("above", "over", "more than", "at least", "below", "under", "less than"))


def kept_apart(text: TextMap, figure: DraftFigure) -> str | None:
    """Why the figure is no level of the flow its words name, or None."""
    words = text.text
    start = figure.number.start
    # the words just before it (a sentence may be 80 kB of figures: not all of it)
    near = max(text.sentence_of(start).start, start - _NEAR_WORDS)
    stone = _STONE.search(words, near, start)
    if stone and not _INCLUDING.search(words, max(near, stone.start() - 30), stone.start()):
        # (not "The September tender, which included the 184-carat stone, sold 13,890 carats")
        return "it measures one stone, not a flow"
    if _is_average(text, figure):
        return "an average per transaction or per day, not the flow's amount"
    if _LIKE_FOR_LIKE.search(words, near, start):
        return "a like-for-like change, of the stores open in both years: part of the flow"
    if _SIZE_CLASS.search(words, near, start):
        return "it measures a size class of stones, a part"
    if _GROUP.search(words, near, start):
        return "it measures a group of subjects together"
    if _FORECAST.search(words, near, start):
        return "a forecast or guidance, not what was done"
    level = "base_period" not in figure.row and figure.row["unit"] not in _RELATIVE_UNITS
    in_title = words.find("\n", start) >= 0 and "\n" not in words[:start]
    if level and in_title and figure.row.get("qualifier") in _BOUNDS:
        # "MARINE FLEET LIFTS OUTPUT ABOVE 2 MILLION CARATS": a headline's shorthand, whose
        # subject the body says better
        return "a bound in the headline"
    if level and _GAP_AFTER.match(words, figure.number.end):
        return "a gap between two figures ('US$324.4 million ahead of rough imports'), no level"
    return None


def leave_off(figure: DraftFigure, why: str) -> None:
    """No quantity: a level stays unrelated, a change (which needs one) is not drafted."""
    if "base_period" in figure.row:
        figure.skipped = f"a change of what no quantity holds ({why}); relate it by hand"
    else:
        figure.comments.append(f"unsure: {why}; left off")


def _is_average(text: TextMap, figure: DraftFigure) -> bool:
    """ "The average transaction value rose 4% to US$461": an amount per something the text
    does not count, no level of its flow (an average per carat is a price)."""
    clause = text.clause_of(figure.number.start)
    if not _AVERAGE.search(text.text, clause[0], figure.number.start):
        return False
    said = text.text[clause[0] : clause[1]]
    return "per carat" not in said and "_per_" not in figure.row["unit"]
