"""Changes in percentage points, each tied to the share it changes.

"De Beers' share rose 2.1 percentage points to 34.5% in 2018, from 32.4%": the
points are the difference of two levels of one share, so the drafted change
names that share's part (``quantity``) and whole, and so do the levels it
joins: the check then holds 34.5 − 32.4 against 2.1 (:mod:`dbtool.checks.pointchanges`).

A level is a share of the change's sentence dated in its period or its base
period, else the one share so dated of the sentence before or after with the
same subject ("Its share was 32.4% in 2017."). A period two shares of one
sentence claim is ambiguous and ties neither: two levels that disagree would
be a false alarm. With no level beside it, the change still gets a part and a
whole of its own, named from its words, for a person to relate. The shares
keep the whole their "of …" named; a whole the figures phase made up for a
share with no "of …" gives way to the other level's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dbtool.draft.names import Entities, word_set
from dbtool.draft.registry import MADE_UP_WHOLE, Registry
from dbtool.draft.text import TextMap

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure

# "De Beers' share of global rough diamond sales by value rose …": what the share is of,
# up to the first word that is no part of a name.
_SHARE_OF = re.compile(r"\bshare\s+of\s+(?:the\s+)?(?P<phrase>[^\d,.;:()%]+)", re.I)
_NAME_STOP = word_set(
    "was were is are has had have rose fell grew gained lost increased decreased declined"
    " climbed dropped slipped narrowed widened stood reached up down at in to from by for"
    " and but while which that this its their"
)


def tie_point_changes(
    text: TextMap, figures: list[DraftFigure], registry: Registry, entities: Entities
) -> None:
    """Give every change in points, and the shares it separates, one part and one whole."""
    written = [f for f in figures if f.skipped is None]
    shares = [f for f in written if _is_level(f.row)]
    rows = [f.row for f in written]
    for change in (f for f in written if f.row["unit"] == "percentage_point"):
        levels = _levels(text, change, shares, entities)
        if not levels:
            _own_share(text, change, registry)
            continue
        whole = _whole(registry, levels)
        # A level whose "of …" names another whole is another share.
        levels = [lv for lv in levels if lv.row["whole"] == whole or _made_up(registry, lv)]
        for level in levels:
            if level.row["whole"] != whole:
                registry.merge(level.row["whole"], whole, rows)
        named = _share_of(text, min(f.number.start for f in (change, *levels)))
        if named and str(registry.quantities[whole]["name"]).startswith(MADE_UP_WHOLE):
            registry.quantities[whole]["name"] = named[:1].upper() + named[1:]
            for level in levels:  # what it is a share of is said before it, after all
                level.comments[:] = [c for c in level.comments if "a share of what?" not in c]
        part = next((lv.row["quantity"] for lv in levels if lv.row.get("quantity")), None)
        if part is None:
            name = _part_name(registry, entities, change.row, whole)
            part = registry.quantity(name, None)
        for row in (change.row, *(level.row for level in levels)):
            row["quantity"], row["whole"] = part, whole
        if change.row.get("measure") == "unspecified":
            measures = [lv.row["measure"] for lv in levels if lv.row["measure"] != "unspecified"]
            change.row["measure"] = measures[0] if measures else "unspecified"
        quoted = " and ".join(repr(level.number.written) for level in levels)
        change.comments.append(f"the share it changes: {quoted}, a share of the same whole")


def _is_level(row: dict[str, Any]) -> bool:
    return row["unit"] == "percent" and "base_period" not in row and bool(row.get("whole"))


def _levels(
    text: TextMap, change: DraftFigure, shares: list[DraftFigure], entities: Entities
) -> list[DraftFigure]:
    """The shares the change separates: at most one per end (its period, its base period).

    A level of the sentence before or after is one only where the change's sentence names
    its subject, and the level's names the same or none ("Its share was …"): a subject
    carried over from the sentence before ("The combined share of the two largest miners
    fell …" after "ALROSA's share was …") is no evidence."""
    ends = [change.row.get("period"), change.row.get("base_period")]
    sentence = text.sentence_of(change.number.start)
    named = _named(text, entities, change.number.start)
    found: dict[str, DraftFigure] = {}
    here = [s for s in shares if sentence.start <= s.number.start < sentence.end]
    for end in ends:
        dated = [s for s in here if s.row.get("period") == end]
        if len(dated) == 1:
            found[str(end)] = dated[0]
        elif not dated and named is not None:
            dated = [
                s
                for s in _beside(text, sentence.start, sentence.end, shares)
                if s.row.get("period") == end
                and s.row["subject"] == named
                and _named(text, entities, s.number.start) in (named, None)
            ]
            if len(dated) == 1:
                found[str(end)] = dated[0]
    return list(found.values())


def _named(text: TextMap, entities: Entities, at: int) -> str | None:
    """The key of the subject the sentence around ``at`` names itself, if any."""
    sentence = text.sentence_of(at)
    subject = entities.subject(sentence.start, sentence.end, at)
    return None if subject is None else subject.key


def _beside(text: TextMap, start: int, end: int, shares: list[DraftFigure]) -> list[DraftFigure]:
    """The shares of the sentences just before and just after ``start:end``."""
    before = [s for s in text.sentences if s.end <= start][-1:]
    after = [s for s in text.sentences if s.start >= end][:1]
    spans = [(s.start, s.end) for s in (*before, *after)]
    return [f for f in shares if any(a <= f.number.start < b for a, b in spans)]


def _whole(registry: Registry, levels: list[DraftFigure]) -> str:
    """The whole the levels share: one their "of …" named, else the first level's."""
    named = [lv.row["whole"] for lv in levels if not _made_up(registry, lv)]
    return named[0] if named else levels[0].row["whole"]


def _made_up(registry: Registry, level: DraftFigure) -> bool:
    """Whether the figures phase made the level's whole up (no "of …" followed it)."""
    name = registry.quantities.get(level.row["whole"], {}).get("name", "")
    return str(name).startswith(MADE_UP_WHOLE)


def _own_share(text: TextMap, change: DraftFigure, registry: Registry) -> None:
    """A part and a whole for a change in points that no level stands beside."""
    words = text.clause_words(change.number.start)
    whole = registry.quantity(f"{MADE_UP_WHOLE}{words}", None)
    change.row["whole"] = whole
    change.row["quantity"] = registry.quantity(f"the part, whose share changed: {words}", None)
    change.comments.append(
        "unsure: a change in percentage points with no share stated beside it; name the "
        "share's part and whole"
    )


def _share_of(text: TextMap, at: int) -> str | None:
    """What the share before ``at`` in its sentence is "of", if its words say."""
    sentence = text.sentence_of(at)
    found = list(_SHARE_OF.finditer(text.text, sentence.start, at))
    if not found:
        return None
    words = []
    for word in found[-1]["phrase"].split():
        if word.lower() in _NAME_STOP or len(words) >= 8:
            break
        words.append(word)
    return " ".join(words) or None


def _part_name(registry: Registry, entities: Entities, row: dict[str, Any], whole: str) -> str:
    """The part of a whole a subject holds: "De Beers's global rough diamond sales", or "De
    Beers, within: …" where the whole's name is a made-up one."""
    entity = entities.by_key(row["subject"])
    subject = entity.name if entity is not None else row["subject"]
    whole_name = str(registry.quantities.get(whole, {}).get("name", whole))
    if whole_name.startswith(MADE_UP_WHOLE):
        return f"{subject}, within: {whole_name}"
    possessive = "'" if subject.endswith("s") else "'s"
    return f"{subject}{possessive} {whole_name[:1].lower()}{whole_name[1:]}"
