"""One contradiction, one failure: violations that rest on the same stated figures fold.

A wrong figure breaks every relation it takes part in: a total stated 5 %
too high fails its sum of parts, its change against last year and the price
it divides into. Each of those violations names the figures it rests on; a
single wrong figure is in all of them, so they fold into one failure,
reported where it is smallest (the fewest figures, the most severe rule
first), and the others stay in the run as information that rests on it.

The folding is a greedy hitting set: the figure most named by violations is
taken as the likely culprit, every violation naming it folds into one, and
the rest are folded the same way. Two errors that share no figure stay two
failures. A violation counts for a figure as one over the number of figures
it names: a relation of three stated figures points at its culprit more
surely than a chain of derivations resting on ten, and a figure every such
chain passes through (the year to date before a wrong one) must not take the
blame from the wrong figure itself.
"""

from __future__ import annotations

import heapq
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
    reported under. ``order`` is the rules' order (ties go to the earlier rule).

    The figure most named by open violations (the first key among equals) is found
    through a heap of weights kept as violations close, not by counting them all again
    for every cluster: a large run has thousands of clusters.
    """
    position = {name: index for index, name in enumerate(order)}
    named: dict[str, set[int]] = {}  # figure -> the open violations that name it
    for index, result in enumerate(results):
        if result.status in SEVERITY and result.figures:
            for figure in set(result.figures):
                named.setdefault(figure, set()).add(index)
    weight = {i: 1 / len(set(r.figures)) for i, r in enumerate(results) if r.figures}

    def score(figure: str) -> float:  # negated: the heap gives the smallest first
        return -sum(weight[index] for index in named[figure])

    heap = [(score(figure), figure) for figure in named]
    heapq.heapify(heap)
    folded: dict[int, int] = {}
    while heap:
        scored, culprit = heapq.heappop(heap)
        if not named[culprit] or scored != score(culprit):
            continue  # an entry from before some of its violations closed
        cluster = sorted(named[culprit])
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
            for figure in set(results[index].figures):
                named[figure].discard(index)
                if figure != culprit and named[figure]:
                    heapq.heappush(heap, (score(figure), figure))
    return folded
