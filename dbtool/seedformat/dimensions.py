"""A seed never joins what different units measure: dollars to carats, a value to a volume.

A quantity's declared ``unit`` names its dimension (:mod:`dbtool.core.units`);
a figure states its own unit. Refused, each with its place: a figure whose
unit measures another dimension than its quantity's; a ``same_as`` link, or
a sum, between quantities declared in different dimensions. A quantity with
no unit may be linked to both a value and a volume: the checks read it both
ways, never as one number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from dbtool.core.units import declared_dimension, dimension, is_size
from dbtool.errors import SeedError
from dbtool.seedformat.model import SeedFile


def dimension_problems(
    seed: SeedFile,
    path: Path,
    figures: Sequence[Any],
    stored: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[SeedError]:
    """Every joining of two dimensions in the file; ``stored`` holds the quantities other
    documents declared (key -> row with its ``unit``), for keys the file only uses."""
    own = {quantity.key: declared_dimension(quantity.unit) for quantity in seed.quantities}
    others = stored if stored is not None else {}  # not `or`: its size may cost a read

    def declared(key: str) -> str | None:
        # Looked up by the keys the file names: a database holds far more quantities than
        # one file uses, and reading them all for every file made a load quadratic.
        if key in own:
            return own[key]
        row = others.get(key)
        return declared_dimension(row.get("unit")) if row is not None else None

    return [SeedError(path, place, problem) for place, problem in _clashes(seed, figures, declared)]


def _clashes(
    seed: SeedFile, figures: Sequence[Any], declared: Callable[[str], str | None]
) -> Iterator[tuple[str, str]]:
    def of(key: str | None) -> str | None:
        found = declared(key or "")
        return None if found == "share" else found

    for figure in figures:
        if figure.quantity is None or figure.base_period is not None or not is_size(figure.unit):
            continue
        expected, given = of(figure.quantity), dimension(figure.unit)
        if expected is not None and expected != given:
            yield (
                f"figures[key={figure.key}].unit",
                f"{figure.unit} measures {given}, but quantity {figure.quantity!r} is declared "
                f"in {expected}; a figure in another unit is another quantity",
            )
    for number, link in enumerate(seed.links, 1):
        left, right = of(link.part), of(link.whole)
        if link.relation == "same_as" and left and right and left != right:
            yield (
                f"links[{number}]",
                f"{link.part!r} ({left}) and {link.whole!r} ({right}) measure different "
                "things and cannot be the same quantity",
            )
    for group, items in (("sums", seed.sums), ("readings", seed.readings)):
        for sum_spec in items:
            keys = (getattr(sum_spec, "total", None) or sum_spec.quantity, *sum_spec.parts)
            found = {of(key): key for key in (*keys, *sum_spec.minus) if of(key)}
            if len(found) > 1:
                shown = ", ".join(f"{key!r} ({name})" for name, key in found.items())
                yield (
                    f"{group}[key={sum_spec.key}]",
                    f"a sum adds quantities of one dimension; {shown} are not",
                )
