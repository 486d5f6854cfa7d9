"""One contradiction, one failure: violations that rest on the same stated figures fold.

A wrong figure breaks every relation it takes part in: a total stated 5 %
too high fails its sum of parts, its change against last year and the price
it divides into. Each of those violations names the figures it rests on; a
single wrong figure is in all of them, so they fold into one failure,
reported where it is smallest (the fewest figures, the most severe rule
first), and the others stay in the run as information that rests on it.

The folding is a greedy hitting set: the figure named by the most violations
is taken as the likely culprit, every violation naming it folds into one,
and the rest are folded the same way. Two errors that share no figure stay
two failures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar


class Judged(Protocol):
    """A result as the folding sees it."""

    @property
    def rule(self) -> str: ...

    @property
    def key(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def figures(self) -> tuple[str, ...]: ...


ResultT = TypeVar("ResultT", bound=Judged)
SEVERITY = {"fail": 0, "warn": 1}


def fold(results: Sequence[ResultT], order: Sequence[str]) -> dict[int, int]:
    """Which violations fold into which: index of a folded result -> index of the one it is
    reported under. ``order`` is the rules' order (ties go to the earlier rule)."""
    position = {name: index for index, name in enumerate(order)}
    open_ = {
        index
        for index, result in enumerate(results)
        if result.status in SEVERITY and result.figures
    }
    folded: dict[int, int] = {}
    while open_:
        counts = Counter(figure for index in open_ for figure in set(results[index].figures))
        culprit, _ = min(counts.items(), key=lambda item: (-item[1], item[0]))
        cluster = sorted(index for index in open_ if culprit in results[index].figures)
        head = min(
            cluster,
            key=lambda index: (
                SEVERITY[results[index].status],
                len(set(results[index].figures)),
                position.get(results[index].rule, len(position)),
                results[index].key,
            ),
        )
        for index in cluster:
            if index != head:
                folded[index] = head
        open_ -= set(cluster)
    return folded
