"""Folding violations that rest on the same figures into one failure."""

from __future__ import annotations

from dataclasses import dataclass

from dbtool.checks.contradictions import fold


@dataclass(frozen=True)
class Violation:
    rule: str
    key: str
    figures: tuple[str, ...]
    status: str = "fail"


ORDER = ["change", "periods", "sum-of-parts"]


def test_violations_sharing_no_figure_stay_apart() -> None:
    found = [Violation("change", "a", ("x", "y")), Violation("periods", "b", ("p", "q"))]
    assert fold(found, ORDER) == {}


def test_violations_naming_one_figure_fold_under_the_smallest() -> None:
    found = [
        Violation("periods", "a", ("wrong", "b", "c")),
        Violation("change", "b", ("wrong", "d")),
        Violation("sum-of-parts", "c", ("wrong", "e", "f", "g")),
    ]
    assert fold(found, ORDER) == {0: 1, 2: 1}


def test_a_right_figure_in_many_chains_does_not_take_the_blame() -> None:
    # Two wrong figures, "ytd7" and "ytd9". "ytd6" is right, but the chains of derivations
    # that reach the "ytd9" error pass through it: counted one each, "ytd6" (4) comes
    # before "ytd7" (3), takes "ytd7"'s neighbour "p7" with it, and the "ytd7" error is
    # reported twice. Weighted by one over the figures each names, the three-figure
    # relations of "ytd7" (1.0) outweigh "ytd6" (0.95): two errors, two failures.
    found = [
        Violation("change", "c7", ("ytd7", "ytd7-last-year", "rise7")),
        Violation("periods", "p7", ("ytd6", "jul", "ytd7")),
        Violation("periods", "p8", ("ytd7", "aug", "ytd8")),
        Violation("periods", "n9", ("ytd9", "ytd12")),
        Violation("periods", "q1", ("ytd6", "ytd8", "sep", "ytd9")),
        Violation("periods", "q2", ("ytd6", "ytd9", "oct", "nov", "dec", "ytd12")),
        Violation("periods", "q3", ("ytd6", "jul", "aug", "sep", "ytd9")),
    ]
    folded = fold(found, ORDER)
    heads = sorted(found[i].key for i in range(len(found)) if i not in folded)
    assert heads == ["c7", "n9"]
    assert {found[i].key: found[h].key for i, h in folded.items()} == {
        "p7": "c7",
        "p8": "c7",
        "q1": "n9",
        "q2": "n9",
        "q3": "n9",
    }
