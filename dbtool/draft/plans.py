"""What dating decides for each number: its period, its base, its role in the sentence.

The plans are made by :mod:`dbtool.draft.dating` and read by the phases after it
(figures, quantities, revisions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dbtool.core.periods import Period
from dbtool.draft.found import FoundNumber
from dbtool.draft.timewords import Calendar, TimeWord


@dataclass
class Planned:
    """A number to draft as a figure, with the period and base the text gives it.

    ``reaches`` is the level a change goes to ("rose 9% to USD 338.7 million"),
    ``starts`` the level of its base ("from 37.4 million carats"); ``role`` says
    whether the figure is in a sentence's main part, a comparison ("base") or
    an earlier estimate ("revision": "revised up from USD 4.267 billion").
    """

    number: FoundNumber
    period: Period | None
    base: Period | None = None
    notes: list[str] = field(default_factory=list)
    role: str = "main"
    reaches: FoundNumber | None = None
    starts: FoundNumber | None = None
    changed_by: FoundNumber | None = None
    undatable: bool = False  # its sentence names a period a seed cannot: not the text's year


@dataclass
class DatingPlan:
    """Every number to draft, dated; the text's time words; which of them date a figure."""

    planned: list[Planned]
    words: list[TimeWord]
    used: set[int]  # starts of the time words some figure takes as its own
    calendar: Calendar

    def of(self, number: FoundNumber) -> Planned | None:
        """The plan of ``number`` (an index made the first time it is asked)."""
        index = self.__dict__.get("_by_number")
        if index is None:
            index = self.__dict__["_by_number"] = {id(p.number): p for p in self.planned}
        return index.get(id(number))


@dataclass
class Part:
    """A comparison inside a sentence: its span, and whether it is a revision, or a figure
    in brackets after another ("43.2 million carats (42.6 million)")."""

    start: int
    end: int
    revision: bool
    bracketed: bool = False
