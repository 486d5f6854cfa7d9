"""After the quantities: figures that revise others, and quantities the draft must not trust.

A release that restates a figure ("restates 2017 sales at USD 4.29 billion",
"USD 4.29 billion, revised up from the preliminary USD 4.267 billion") says
so; the new figure ``revises`` the old one (in the same text, or the one the
database holds for that quantity and period), and the checks read the two as
an estimate and its revision, not as a contradiction.

A sentence rarely states two different values of one thing for one period.
When the draft has put two such levels of one sentence on one quantity, its
reading of one of them is more likely wrong than the text: the later one is
taken off the quantity, with a comment, so an unreviewed draft does not
raise a false alarm of its own making.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dbtool.core.units import declared_dimension, dimension, is_size

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure
    from dbtool.draft.plans import DatingPlan
    from dbtool.draft.profiles import KnownQuantity
    from dbtool.draft.registry import Registry
    from dbtool.draft.text import TextMap

_REVISED_BEFORE = re.compile(
    r"\b(?:revised|restated|restates|restate|revises|revise|corrected|final)\b", re.I
)
_REVISED_AFTER = re.compile(
    r"\s*,?\s*(?:revised|restated|corrected)\s+(?:up(?:ward)?s?|down(?:ward)?s?)?\s*from\b", re.I
)


def mark_revisions(
    text: TextMap,
    plan: DatingPlan,
    figures: list[DraftFigure],
    known: dict[tuple[str, str], str],
) -> None:
    """Set ``revises`` on the figures the text says revise another."""
    written = [f for f in figures if f.skipped is None]
    for figure in written:
        row = figure.row
        if not row.get("quantity") or not row.get("period") or "base_period" in row:
            continue
        number = figure.number
        clause = text.clause_of(number.start)
        said = _REVISED_BEFORE.search(text.text, clause[0], number.start) or _REVISED_AFTER.match(
            text.text, number.end
        )
        if said is None:
            continue
        sentence = text.sentence_of(number.start)
        earlier = [
            other
            for other in written
            if other is not figure
            and sentence.start <= other.number.start < sentence.end
            and (planned := plan.of(other.number)) is not None
            and planned.role == "revision"
            and other.row.get("quantity") == row["quantity"]
            and other.row.get("period") == row["period"]
        ]
        if earlier:
            row["revises"] = earlier[0].row["key"]
        elif (row["quantity"], row["period"]) in known:
            row["revises"] = known[(row["quantity"], row["period"])]
        if "revises" in row:
            figure.comments.append("the text says it revises another figure: see 'revises'")


def guard(text: TextMap, figures: list[DraftFigure], registry: Registry) -> None:
    """Take a level off a quantity when another level of its sentence states another value
    for the same period and neither revises the other ("USD 107.1 million, of which …
    USD 106.5 million", read as one thing), or when one of an earlier sentence states a
    level more than half as large again ("an average of US$586 per carat" for a tender, then
    "US$9,230 per carat" for its special stones: a part the draft cannot name). Two
    sentences that disagree by less (a title and its body) are left to the checks: that is
    what a release gets wrong. A sentence opening on "the remaining", "the rest" is of a
    part, whatever its value."""
    seen: dict[tuple, list[DraftFigure]] = {}
    across: dict[tuple, list[DraftFigure]] = {}
    # "Bridal jewelry, at US$2.60 billion, made up 54% of …": the share of no part that
    # follows a level left off in its sentence is of that level, a part of its own
    shares: dict[int, list[DraftFigure]] = {}
    # and the change and base a level left off has in its sentence go with it ("USD 6,480
    # per carat, compared with USD 6,350 in April, a gain of 2.0%")
    in_sentence: dict[int, list[DraftFigure]] = {}
    for figure in figures:
        if figure.skipped is not None:
            continue
        start = text.sentence_of(figure.number.start).start
        in_sentence.setdefault(start, []).append(figure)
        if figure.row.get("whole") and not figure.row.get("quantity"):
            shares.setdefault(start, []).append(figure)
    for figure in (f for f in figures if f.skipped is None):
        row = figure.row
        if not row.get("quantity") or not row.get("period"):
            continue
        change = "base_period" in row
        if row["unit"] in ("rank", "year") or (row["unit"] == "percent" and not change):
            continue  # a rank or a share states no value of the quantity itself
        sentence = text.sentence_of(figure.number.start).start
        slot = (row["quantity"], row["period"], row.get("base_period"))
        clash = next(
            (
                other
                for other in seen.get((*slot, sentence), [])
                if not (_revision_pair(figure, other) or _compatible(figure, other))
            ),
            None,
        )
        apart = False
        if clash is not None:
            figure.comments.append(
                f"unsure: {clash.number.written!r} states another value of this quantity for "
                "the same period; the draft cannot tell which it read wrong, so this figure "
                "is left off the quantity"
            )
        else:
            rest = _REMAINDER.match(text.text, sentence, figure.number.start) is not None
            clash = next(
                (
                    other
                    for other in across.get(slot, [])
                    if not change
                    and (rest or _far_apart(figure, other))
                    and not _revision_pair(figure, other)
                ),
                None,
            )
            apart = clash is not None
            if clash is not None:
                figure.comments.append(
                    f"unsure: {clash.number.written!r}, said before, is this quantity for the "
                    "same period; a value this far from it is likely of a part or another "
                    "kind of goods, so this figure is left off the quantity"
                )
        if clash is None:
            seen.setdefault((*slot, sentence), []).append(figure)
            across.setdefault(slot, []).append(figure)
            continue
        share = next(
            (o for o in shares.get(sentence, []) if o.number.start > figure.number.start), None
        )
        tied = _tied(text, in_sentence.get(sentence, []), figure, row["quantity"]) if apart else []
        if _set_apart(figure, share, tied, registry):
            moved = (row["quantity"], row["period"], row.get("base_period"))
            seen.setdefault((*moved, sentence), []).append(figure)  # the others meet it
            across.setdefault(moved, []).append(figure)


def _set_apart(
    figure: DraftFigure, share: DraftFigure | None, tied: list[DraftFigure], registry: Registry
) -> bool:
    """Take a figure off its quantity: onto one of its own when something needs it (a
    change, a negative level, the share or the figures that go with it), which it then
    shares with them; else onto none. Whether it got one."""
    row = figure.row
    change = "base_period" in row
    if not (change or row["value"] < 0 or share is not None or tied):
        del row["quantity"]
        return False
    row["quantity"] = registry.quantity(
        f"{row['metric']} (left apart)",
        None,
        signed=row["value"] < 0 and not change,
        measure=row.get("measure", "unspecified"),
    )
    if share is not None and not share.row.get("quantity"):
        share.row["quantity"] = row["quantity"]
    for other in tied:
        other.row["quantity"] = row["quantity"]
    return True


def _tied(
    text: TextMap, sentence: list[DraftFigure], level: DraftFigure, quantity: str
) -> list[DraftFigure]:
    """The figures of ``quantity`` that go with a level of its sentence: all after it up to
    a contrast ("…, while a comparable natural stone firmed 4.2%" is another's), and the
    change right before it ("Exports of lab-grown diamonds climbed 17.9% to US$125.42 mn in
    November from US$106.38 mn")."""
    at = level.number.start
    contrast = _CONTRAST.search(text.text, level.number.end, sentence[-1].number.end)
    until = contrast.start() if contrast else sentence[-1].number.end
    tied = [
        o for o in sentence if at < o.number.start < until and o.row.get("quantity") == quantity
    ]
    for other in reversed([o for o in sentence if o.number.start < at]):
        if "base_period" not in other.row:
            break  # a level of its own between: the changes before are that level's
        if other.row.get("quantity") == quantity:
            tied.append(other)
    return tied


# "The remaining 1,339 lots, totalling 73,013.18 cts": what is left of a whole said before
_CONTRAST = re.compile(r";|,?\s+(?:while|whereas|but)\s", re.I)
_REMAINDER = re.compile(r"[\W\s]*(?:the\s+)?(?:remaining|rest|remainder|balance)\b", re.I)


def _far_apart(left: DraftFigure, right: DraftFigure) -> bool:
    """Whether two positive values differ by more than half the smaller: too far for a
    misprint or a rounding of one figure."""
    low, high = sorted((float(left.row["value"]), float(right.row["value"])))
    return low > 0 and high > 1.5 * low


def _revision_pair(left: DraftFigure, right: DraftFigure) -> bool:
    return (
        left.row.get("revises") == right.row["key"] or right.row.get("revises") == left.row["key"]
    )


def _compatible(left: DraftFigure, right: DraftFigure) -> bool:
    """Whether two figures' values may be one (within their precision, qualifiers aside)."""
    if left.row.get("qualifier") or right.row.get("qualifier"):
        return True
    if left.row.get("direction") != right.row.get("direction"):
        return False
    low = max(_low(left), _low(right))
    high = min(_high(left), _high(right))
    return low <= high


def _low(figure: DraftFigure) -> float:
    return float(figure.row["value"]) - float(figure.row.get("precision") or 0)


def _high(figure: DraftFigure) -> float:
    return float(figure.row["value"]) + float(figure.row.get("precision") or 0)


def keep_units(
    figures: list[DraftFigure], registry: Registry, known: tuple[KnownQuantity, ...]
) -> None:
    """A level whose unit measures another thing than its quantity's declared unit (a bare
    "1.91 million" read as a count, beside carats) is left off it: the loader would refuse
    the whole draft, and the draft cannot tell which reading is wrong."""
    declared = {q.key: declared_dimension(q.unit) for q in known}
    declared |= {k: declared_dimension(q.get("unit")) for k, q in registry.quantities.items()}
    for figure in figures:
        row = figure.row
        key = row.get("quantity") if figure.skipped is None else None
        if not key or "base_period" in row or not is_size(row["unit"]):
            continue
        expected = declared.get(key)
        if expected not in (None, "share") and expected != dimension(row["unit"]):
            del row["quantity"]
            figure.comments.append(
                f"unsure: its unit ({row['unit']}) is not its quantity's ({expected}); left "
                "off the quantity"
            )
