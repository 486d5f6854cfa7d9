"""A whole, a part of it and the balance: "Of the 401,250 carats offered, 364,780 carats
were sold and the balance of 46,470 carats was withdrawn."

A tender report (or a producer: "of the 24.4 million carats produced, 23.1 million were
sold and the remaining 1.3 million stockpiled") states what came in, what went out and
what is left. The balance is all the rest, so the three make an exhaustive sum: the
offer is the sale plus the balance. The offer is a quantity of its own, named from its
words; the part takes the flow its words name, and the balance is "the rest" of the
whole. Only a sentence that opens on "Of the …" with exactly these three figures, in one
unit and period, is read so.
"""

from __future__ import annotations

import re
from typing import Any

from dbtool.draft.quantities import unit_words

# The relation finder (dbtool.draft.relations, which calls this module).
RelationFinder = Any

_OPENS = re.compile(r"\s*(?:[^.]*[–—]\s*)?Of\s+(?:the|its|their)\s+$", re.I)
_BALANCE = re.compile(r"\b(?:the\s+)?(?:balance|rest|remainder|remaining)\b", re.I)


def balances(finder: RelationFinder) -> None:
    """Each "Of the X …, A … and the balance of B" as X = A + B."""
    text = finder.text.text
    for sentence in finder.text.sentences:
        here = finder.levels.within(sentence.start, sentence.end)
        if len(here) != 3:
            continue
        whole, part, rest = here
        if not _OPENS.fullmatch(text, sentence.start, whole.number.start):
            continue
        if any(f.row.get(k) != whole.row.get(k) for f in (part, rest) for k in ("unit", "period")):
            continue
        marker = _BALANCE.search(text, part.number.end, rest.number.start)
        profile = finder.profiles.get(id(part.number))
        if marker is None or profile is None or not profile.complete:
            continue
        part_key = finder._quantity_for(profile, None)
        phrase = re.split(r"[,;]", text[whole.number.end : part.number.start])[0].strip()
        whole_key = finder.registry.quantity(
            f"{finder.name_of(part_key)}: the whole it is part of ({phrase})",
            unit_words(whole.row["unit"]),
            measure=whole.row.get("measure") or "unspecified",
        )
        whole.row["quantity"], part.row["quantity"] = whole_key, part_key
        whole.comments.append("unsure: the whole a part and its balance are of, a quantity")
        finder._name_rest(rest, whole)
        finder.declare_sum(
            whole_key,
            [part_key, rest.row["quantity"]],
            [],
            marker.start(),
            marker.end(),
            f"candidate relation: {whole.number.written} = {part.number.written} + "
            f"{rest.number.written} ('{marker.group()}')",
        )
