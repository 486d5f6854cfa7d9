"""What a draft declares as it goes: unique keys, quantities, rankings and sums.

The phases of a draft (dating, figures, relations) each add rows that others
then refer to by key; they share this registry, passed to each explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dbtool.draft.names import slugify, word_set

# The name the figures phase gives a whole it could not read ("61%" with no "of …"); a later
# phase that finds the share's whole replaces it.
MADE_UP_WHOLE = "the whole of: "


class Keys:
    """Keys for drafted rows: the document's slug and a few words, unique in the database."""

    def __init__(self, slug: str, taken: Iterable[str]) -> None:
        self.slug = slug
        self.taken = set(taken)
        self.suffixes: dict[str, int] = {}  # a base -> the last suffix given it

    def new(self, *parts: str) -> str:
        base = slugify("-".join([self.slug, *parts]), 90)
        suffix = self.suffixes.get(base, 1)
        key = base if suffix == 1 else f"{base}-{suffix}"
        while key in self.taken:  # from the last suffix given, not from 1 each time
            suffix += 1
            key = f"{base}-{suffix}"
        self.suffixes[base] = suffix
        self.taken.add(key)
        return key


@dataclass
class Registry:
    """The quantities, rankings and sums a draft declares, with the comments above each."""

    keys: Keys
    quantities: dict[str, dict[str, Any]] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)
    rankings: dict[str, dict[str, Any]] = field(default_factory=dict)
    sums: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    ratios: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    comparisons: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    partitions: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)

    def made_up(self, key: str | None) -> bool:
        """Whether ``key`` is a whole the figures phase made up for a share no "of …" named."""
        row = self.quantities.get(key or "")
        return row is not None and str(row["name"]).startswith(MADE_UP_WHOLE)

    def quantity(
        self,
        name: str,
        unit: str | None,
        signed: bool = False,
        comments: Sequence[str] = (),
        measure: str = "unspecified",
    ) -> str:
        """Declare a new quantity named ``name``; its key."""
        key = self.keys.new(short_words(name))
        self.quantities[key] = {
            "key": key,
            "name": name,
            "measure": measure,
            "unit": unit,
            "signed": signed or None,
            "reviewed": False,
        }
        self.comments[key] = list(comments)
        return key

    def last_name(self) -> str | None:
        """The name of the quantity declared last, if any: what a pronoun refers to."""
        if not self.quantities:  # the last of a dict, without listing it (once per figure)
            return None
        return str(next(reversed(self.quantities.values()))["name"])

    def merge(self, old: str, new: str, figures: Iterable[dict[str, Any]]) -> None:
        """Fold quantity ``old`` into ``new`` in the rows of ``figures`` too."""
        for row in figures:
            for name in ("quantity", "whole"):
                if row.get(name) == old:
                    row[name] = new
        if self.quantities[old].get("signed"):
            self.quantities[new]["signed"] = True
        self.quantities.pop(old, None)
        self.comments.pop(old, None)

    def relations(self) -> int:
        """How many candidate relations the draft proposes: sums, and quantities shared."""
        shared = sum(1 for c in self.comments.values() if any("relation" in x for x in c))
        listed = (self.sums, self.ratios, self.comparisons, self.partitions)
        return sum(len(rows) for rows in listed) + shared


# Words left out of a key: 'Polished exports fell' -> 'polished-exports-fell'.
_KEY_STOP = word_set(
    "the a an of in on at for to and or by with from its their this that these those was were"
    " is are has have had be been change amount share rank year count volume price"
)


def short_words(text: str, most: int = 5) -> str:
    """A few content words of ``text`` for a key, joined by hyphens."""
    words = re.findall(r"[A-Za-z]+", text)
    keep = [w for w in words if w.lower() not in _KEY_STOP]
    return "-".join((" ".join(keep[:6]) or "quantity").split()[:most])
