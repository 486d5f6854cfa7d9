"""Shares of a group the text has just listed: "Russia … 45.3 million carats, followed by
Botswana with 23.7 million and Canada with 18.6 million. Together the three countries
accounted for 63.5% of world output."

The share is of the group's total, which the text never states: the draft
declares a quantity for the group and a sum of the listed parts into it, so
the check derives the group's total from the parts and holds the share
against it and the whole. Only where the parts are plain: exactly as many
figures of one measure and period, of different subjects, as the text counts
("the three"), between the share and the paragraph's start (or the group
share before it). Anything less plain is left as it was (a share with no
part), since a wrong group would be a false alarm.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dbtool.core.numberwords import NUMBER_WORDS
from dbtool.draft.registry import Registry
from dbtool.draft.text import TextMap

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure

# the counts a group is said to have: "the three countries"
_NUMBERS = {word: n for word, n in NUMBER_WORDS.items() if 2 <= n <= 10}
# the comment a group's quantity carries (dbtool.draft.relations keeps it out of partitions)
GROUP_NOTE = "a group the text lists, whose total it never states: the sum of its parts"
_NEAR = 200  # characters before a share its group's count is looked for in
_TOGETHER = re.compile(r"\b(?:together|combined|between\s+them|jointly|taken\s+together)\b", re.I)
_THE_N = re.compile(
    r"\bthe\s+(?:top\s+|largest\s+|biggest\s+|leading\s+|main\s+)?"
    rf"(?P<n>{'|'.join(_NUMBERS)}|\d)\b(?:\s+(?:largest|biggest|leading|main|top))?"
    r"(?:\s+[a-z-]+){0,2}?\s+(?:countries|producers|miners|companies|nations|mines|"
    r"destinations|markets|exporters|importers|buyers|suppliers|centres|centers|hubs|"
    r"operations|firms)\b",
    re.I,
)


def tie_group_shares(text: TextMap, figures: list[DraftFigure], registry: Registry) -> None:
    """A group's quantity, and the sum of its parts, for each share of a listed group."""
    written = [f for f in figures if f.skipped is None]
    since = 0  # a group share ends the list of the one after it
    together: dict[int, bool] = {}  # sentence start -> whether it says "together"
    for share in written:
        row = share.row
        if row["unit"] != "percent" or "base_period" in row or not row.get("whole"):
            continue
        sentence = text.sentence_of(share.number.start)
        near = max(sentence.start, share.number.start - _NEAR)
        counted = _THE_N.search(text.text, near, share.number.start)
        if counted is None:
            continue
        if sentence.start not in together:
            found = _TOGETHER.search(text.text, sentence.start, sentence.end)
            together[sentence.start] = found is not None
        if not together[sentence.start]:
            continue
        n = _NUMBERS.get(counted["n"].lower()) or int(counted["n"])
        start = max(since, text.paragraph_start(sentence.start))
        parts = _parts(written, row, start, share.number.start)
        if len(parts) < n and start > since and start > 0:
            # "The Russian Federation … 30.0% ¶ Botswana … (24.8%), followed by Canada … The
            # three leading producers together …": the list may start a paragraph before
            start = max(since, text.paragraph_start(start - 2))
            parts = _parts(written, row, start, share.number.start)
        since = share.number.end
        if len(parts) != n:
            # a group whose members are not plainly listed is no part beside them
            row.pop("quantity", None)
            share.comments.append("unsure: the share of a group whose members it does not list")
            continue
        _declare(text, registry, share, parts, sentence.start, share.number.end)


def _parts(written: list[DraftFigure], share: dict[str, Any], start: int, end: int) -> list[Any]:
    """The figures of the share's measure and period between ``start`` and ``end``, each of
    another subject and quantity: the listed parts; none if two share a subject."""
    found = [
        f
        for f in written
        if start <= f.number.start < end
        and f.row.get("quantity")
        and f.row["unit"] not in ("percent", "percentage_point", "factor", "count", "rank")
        and "base_period" not in f.row
        and "_per_" not in f.row["unit"]
        and f.row.get("measure") == share.get("measure")
        and f.row.get("period") == share.get("period")
        and f.row["quantity"] != share["whole"]
    ]
    subjects = {f.row["subject"] for f in found}
    quantities = {f.row["quantity"] for f in found}
    if len(subjects) != len(found) or len(quantities) != len(found):
        return []
    return found


def _declare(
    text: TextMap,
    registry: Registry,
    share: DraftFigure,
    parts: list[DraftFigure],
    start: int,
    end: int,
) -> None:
    whole = share.row["whole"]
    whole_name = str(registry.quantities.get(whole, {}).get("name", whole))
    subjects = ", ".join(str(p.row["subject"]).replace("-", " ").title() for p in parts)
    group = registry.quantity(
        f"{whole_name}: {subjects} together",
        None,
        measure=str(share.row.get("measure", "unspecified")),
        comments=[GROUP_NOTE],
    )
    share.row["quantity"] = group
    share.comments.append(
        "the share of the group listed before it: "
        + " and ".join(repr(p.number.written) for p in parts)
    )
    row = {
        "key": registry.keys.new("sum", str(len(registry.sums) + 1)),
        "name": f"{whole_name}: {subjects} together, by part",
        "total": group,
        "parts": [p.row["quantity"] for p in parts],
        "basis": "stated",
        **text.quoted(start, end),
        "reviewed": False,
    }
    said = " + ".join(p.number.written for p in parts)
    registry.sums.append((row, [f"candidate relation: {said}, the group's total"]))
