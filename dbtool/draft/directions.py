"""Part of the relations phase: comparisons a text states in words, without a number.

* a level reached with a verb of change ("the average price eased to USD 103
  per carat"): lower than a year before;
* a level placed against last year's ("sales volume was below last year's
  level");
* a direction of named flows, coordinated or not ("shipments of both polished
  and rough diamonds lower in value", "exports and imports were higher by
  volume"): one claim per flow the text gives a level of;
* a direction referring back ("the lower price", "the higher output"): the
  level of that kind stated just before;
* a place against another's ("second by value, ahead of Canada", "overtook
  Angola", "second only to Russia"): the level of the sentence against the
  other subject's level of the same kind and period, where the text states it.

A direction is about a level of the text, in its latest period, against its
change's base (else the year before); a phrase that fits no level, or two
quantities, is left out (with a comment): a guessed claim is a false alarm.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dbtool.core.periods import parse_period
from dbtool.draft.names import slugify, word_set
from dbtool.draft.profiles import read_words, same_thing

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure
    from dbtool.draft.relations import RelationFinder

_UP_TO = re.compile(
    r"\b(?P<verb>rose|climbed|increased|grew|jumped|improved|firmed|rebounded|recovered|"
    r"fell|eased|declined|decreased|dropped|slipped|dipped|softened|weakened|slid)\s+"
    r"(?:back\s+|further\s+)?to\s+(?:an?\s+(?:average|total)\s+of\s+)?$",
    re.I,
)
_BELOW_ABOVE = re.compile(
    r"\b(?P<word>below|above|under|over|unchanged\s+from|in\s+line\s+with|level\s+with)\s+"
    r"(?:the\s+)?(?:last\s+year(?:’s|'s)|the\s+previous\s+year(?:’s|'s)|a\s+year\s+earlier)",
    re.I,
)
_DOWN = word_set("fell eased declined decreased dropped slipped dipped softened weakened slid")
# "… lower in value", "were higher by volume": a direction closing a clause (not "lower
# prices", not "higher than Canada's": another subject is another claim).
_DIRECTION = re.compile(
    r"\b(?P<word>lower|higher)"
    r"(?:\s+(?:in|by)\s+(?P<measure>value|volume))?"
    r"(?:\s+than\s+(?:a\s+year\s+(?:earlier|before|ago)|in\s+\d{4}|last\s+year))?(?=\s*[,.;:)–—]|$)",
    re.I,
)
_BACK = re.compile(
    r"\bthe\s+(?P<word>lower|higher|weaker|stronger)\s+(?P<noun>(?:average\s+)?prices?|output"
    r"|production|sales|exports|imports|revenues?|volumes?)\b",
    re.I,
)
_AGAINST = re.compile(
    r"\b(?:(?P<above>ahead\s+of|overtook|overtaking|outpaced|surpassed|above)|(?P<below>behind"
    r"|second\s+only\s+to|trailing|trailed))\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
)
_COORDINATED = re.compile(r"\b(?:both\s+)?(polished|rough)\s+(?:and|&)\s+(polished|rough)\b", re.I)


def comparisons(finder: RelationFinder) -> None:
    """Every comparison in words of one text (``finder`` has found the other relations)."""
    text, levels = finder.text.text, finder.levels.items
    for figure in levels:
        quantity, period = figure.row.get("quantity"), figure.row.get("period")
        if not quantity or not period:
            continue
        clause = finder.text.clause_of(figure.number.start)
        verb = _UP_TO.search(text[clause[0] : figure.number.start])
        if verb is None or (quantity, period) in finder.changed:
            continue  # a change with its number is checked as a change
        other = _year_before(period)
        if other is not None:
            relation = "lower" if verb["verb"].lower() in _DOWN else "higher"
            start = clause[0] + verb.start()
            declare(finder, figure, relation, other, start, figure.number.end)
    for match in _BELOW_ABOVE.finditer(text):
        word = match["word"].lower()
        sentence = finder.text.sentence_of(match.start())
        here = [
            f for f in finder.levels.within(sentence.start, sentence.end) if f.row.get("quantity")
        ]
        if not here or not (other := _year_before(here[0].row.get("period") or "")):
            continue
        relation = {"below": "lower", "under": "lower", "above": "higher", "over": "higher"}
        declare(
            finder, here[0], relation.get(word, "unchanged"), other, sentence.start, match.end()
        )
    _named_directions(finder, levels)
    _directions_back(finder, levels)
    _against_others(finder, levels)


def _named_directions(finder: RelationFinder, levels: list[DraftFigure]) -> None:
    """ "shipments of both polished and rough diamonds lower in value": per product named."""
    text = finder.text.text
    for match in _DIRECTION.finditer(text):
        start, _end = finder.text.clause_of(match.start())
        if finder.levels.within(start, match.end()) or not text[start : match.start()].strip():
            continue  # a number in the clause: a change or a level, read as such
        words = text[start : match.start()]
        parts = read_words(words)
        measure = (match["measure"] or parts.get("measure") or "").lower()
        if "flow" not in parts or measure not in ("value", "volume", "price"):
            continue
        both = _COORDINATED.search(words)
        products = [both[1].lower(), both[2].lower()] if both else [parts.get("product")]
        for product in products:
            wanted = {"flow": parts["flow"], "product": product, "measure": measure}
            wanted["modifier"] = parts.get("modifier")  # "net exports" are not exports
            found = _fitting(finder, levels, wanted, start)
            relation = match["word"].lower()
            _declare_latest(finder, found, relation, start, match.end())


def _directions_back(finder: RelationFinder, levels: list[DraftFigure]) -> None:
    """ "The AWDC linked the lower price to …": the level of that kind just before."""
    text = finder.text.text
    for match in _BACK.finditer(text):
        sentence = finder.text.sentence_of(match.start())
        if finder.levels.within(sentence.start, sentence.end):
            continue  # "the lower price of USD 90": a level, read as such
        parts = read_words(match["noun"])
        before = [
            f
            for f in finder.levels.within(finder.text.previous_start(sentence), sentence.start)
            if _fits(finder, f, parts)
        ]
        relation = "lower" if match["word"].lower() in ("lower", "weaker") else "higher"
        _declare_latest(finder, before[-1:], relation, match.start(), match.end())


def _against_others(finder: RelationFinder, levels: list[DraftFigure]) -> None:
    """ "Botswana was second by value, ahead of Canada, with USD 3.45 billion": Botswana's
    value higher than Canada's, each a level the text states for the period."""
    for match in _AGAINST.finditer(finder.text.text):
        sentence = finder.text.sentence_of(match.start())
        other = slugify(match["name"], 90)
        measure = read_words(finder.text.text[sentence.start : match.end()]).get("measure")
        for figure in finder.levels.within(sentence.start, sentence.end):
            mine = finder.profiles.get(id(figure.number))
            if mine is None or mine.subject == other or measure not in (None, mine.measure):
                continue
            theirs = [
                f
                for f in levels
                if f.row.get("period") == figure.row.get("period")
                and (profile := finder.profiles.get(id(f.number))) is not None
                and same_thing(profile, replace(mine, subject=other))
            ]
            if theirs and figure.row.get("quantity") and theirs[0].row.get("quantity"):
                high, low = (figure, theirs[0]) if match["above"] else (theirs[0], figure)
                declare(finder, high, "higher", high.row["period"], match.start(), match.end(), low)
            break  # the sentence's first level of the kind is its subject's place


def _fitting(
    finder: RelationFinder, levels: list[DraftFigure], wanted: dict[str, Any], at: int
) -> list[DraftFigure]:
    """The levels of the text of one quantity fitting ``wanted`` (none where two fit)."""
    fit = [f for f in levels if f.row.get("quantity") and _fits(finder, f, wanted)]
    if len({f.row["quantity"] for f in fit}) > 1:
        fit[0].comments.append(
            f"unsure: {finder.text.clause_words(at)!r} may be about this quantity or another; "
            "no comparison drafted"
        )
        return []
    return fit


def _fits(finder: RelationFinder, figure: DraftFigure, wanted: dict[str, Any]) -> bool:
    profile = finder.profiles.get(id(figure.number))
    if profile is None or not figure.row.get("period"):
        return False
    normal = profile.normal()
    return profile.modifier == wanted.get("modifier") and all(
        getattr(normal if name == "product" else profile, name) == value
        for name, value in wanted.items()
        if name in ("flow", "product", "measure") and value
    )


def _declare_latest(
    finder: RelationFinder, found: list[DraftFigure], relation: str, start: int, end: int
) -> None:
    """A claim on the latest period the text states of the quantity of ``found``."""
    if not found:
        return
    figure = max(found, key=lambda f: parse_period(f.row["period"]).end)
    key = (figure.row["quantity"], figure.row["period"])
    other = finder.changed.get(key) or _year_before(figure.row["period"])
    if other is not None:
        declare(finder, figure, relation, other, start, end)


def declare(
    finder: RelationFinder,
    figure: DraftFigure,
    relation: str,
    other: str,
    start: int,
    end: int,
    against: DraftFigure | None = None,
) -> None:
    """A comparison of ``figure``'s quantity in its period with period ``other`` (of
    ``against``'s quantity, when given), once."""
    quantity, period = figure.row["quantity"], figure.row["period"]
    versus = against.row["quantity"] if against is not None else None
    signature = ("comparison", quantity, period, other, versus)
    if signature in finder.declared:
        return
    finder.declared.add(signature)
    registry = finder.registry
    row: dict[str, Any] = {
        "key": registry.keys.new("comparison", str(len(registry.comparisons) + 1)),
        "subject": figure.row.get("subject"),
        "quantity": quantity,
        "period": period,
        "relation": relation,
        **({"other": versus} if versus else {"other_period": other}),
        **finder.text.quoted(start, end),
        "reviewed": False,
    }
    registry.comparisons.append(
        (row, [f"candidate claim: {period} {relation} than {other}, in words"])
    )


def _year_before(period: str) -> str | None:
    try:
        return parse_period(period).shifted(-1).label()
    except ValueError:
        return None
