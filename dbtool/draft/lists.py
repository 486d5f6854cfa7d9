"""Parts listed inside a stated total, with no word that they are all of it.

"Production in the territory totalled 17.2 million carats. Diavik recovered 6.7
million carats; Ekati 3.9 million; Gahcho Kué 6.6 million." A statistics bulletin
lists the parts of a total across semicolons or in one sentence ("…, Ekati 3.9
million and Gahcho Kué 6.6 million"), often only the largest of them. Summed, some
of the parts would make a false alarm; but whether they are all of it or not, they
cannot exceed it. So the list is drafted as a partition of the total that need not
be exhaustive: the check then holds the parts' sizes to at most the whole's.

A list counts only when it is a list (one sentence, the figures next to each other
with a name between them and nothing else) of one unit, period and flow, and the
whole is a total in words ("totalled", "in all", "combined") or the world's: a
level of another producer before it is no whole of it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dbtool.draft.profiles import Profile

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure

# The relation finder (dbtool.draft.relations, which calls this module): its text, levels,
# profiles, registry and the relations it declared.
RelationFinder = Any

# Between two listed figures: a separator, then a name and at most a verb ("; Ekati ",
# ", Orapa produced ", " and Gahcho Kué ").
_BETWEEN = re.compile(
    r"\s*(?:;\s*(?:and\s+)?|,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}"
    r"(?:[a-z]+\s+){0,2}"
)
_TOTAL = re.compile(
    r"\b(?:total(?:led|ed|ling|ing|s)?|in\s+all|combined|overall|altogether|aggregate)\b", re.I
)


def listed_parts(finder: RelationFinder) -> None:
    """A partition, not necessarily exhaustive, of each total whose parts a list states."""
    text = finder.text.text
    for sentence in finder.text.sentences:
        here = finder.levels.within(sentence.start, sentence.end)
        for run in _runs(text, here):
            whole = _whole(finder, run)
            if whole is not None:
                _declare(finder, whole, run)


def _runs(text: str, levels: list[DraftFigure]) -> list[list[DraftFigure]]:
    """Figures listed one after another, each a name and a number, in one unit and period."""
    runs: list[list[DraftFigure]] = []
    current: list[DraftFigure] = []
    for figure in levels:
        if current and _follows(text, current[-1], figure):
            current.append(figure)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [figure]
    if len(current) >= 2:
        runs.append(current)
    return runs


def _follows(text: str, before: DraftFigure, figure: DraftFigure) -> bool:
    same = all(before.row.get(f) == figure.row.get(f) for f in ("unit", "period"))
    return same and bool(_BETWEEN.fullmatch(text, before.number.end, figure.number.start))


def _whole(finder: RelationFinder, run: list[DraftFigure]) -> DraftFigure | None:
    """The total the listed parts are of: the last level before them, in their sentence or
    the one before, of their unit, period and flow, called a total or the world's."""
    text = finder.text.text
    first = run[0]
    parts = [f.row.get("quantity") for f in run]
    if None in parts or len(set(parts)) < len(parts):
        return None  # a part of no quantity, or two parts on one: the draft cannot tell
    sentence = finder.text.sentence_of(first.number.start)
    earlier = [
        f
        for f in finder.levels.within(finder.text.previous_start(sentence), first.number.start)
        if all(f.row.get(k) == first.row.get(k) for k in ("unit", "period"))
    ]  # "totalled 17.2 million carats in 2019, down 18% from 21.0 million": the 2019 one
    if not earlier:
        return None
    whole = earlier[-1]
    if "\n" in text[whole.number.end : first.number.start]:
        return None  # another paragraph
    if not whole.row.get("quantity") or whole.row["quantity"] in parts:
        return None
    whole_profile = finder.profiles.get(id(whole.number))
    profiles = [finder.profiles.get(id(f.number)) for f in run]
    if whole_profile is None or not all(_part_of(p, whole_profile) for p in profiles):
        return None
    said = finder.text.sentence_of(whole.number.start)
    words = text[max(said.start, whole.number.start - 120) : whole.number.end]
    if whole_profile.subject != "world" and not _TOTAL.search(words):
        return None  # "Russia produced 45.3 million carats. Botswana 23.7 million; …"
    return whole


def _part_of(part: Profile | None, whole: Profile) -> bool:
    """Whether a listed figure can be a part of the whole: another subject's, of its flow
    and measure."""
    return (
        part is not None
        and part.subject is not None
        and part.subject != whole.subject
        and (part.flow, part.measure) == (whole.flow, whole.measure)
    )


def _declare(finder: RelationFinder, whole: DraftFigure, run: list[DraftFigure]) -> None:
    total = whole.row["quantity"]
    parts = [f.row["quantity"] for f in run]
    if ("sum", total, frozenset(parts), frozenset()) in finder.declared:
        return  # "of which …": already their sum
    written = " + ".join(f.number.written for f in run)
    row = {"name": f"{finder.name_of(total)}, parts listed", "whole": total, "parts": parts}
    comment = (
        f"candidate relation: {written} listed in {whole.number.written}; the text does not "
        "say they are all of it, so they are held to fit in it, not to add up to it"
    )
    finder._declare(
        finder.registry.partitions, "parts", ("partition", total, frozenset(parts)), row, comment
    )
