"""Which figures measure one thing: quantities joined by ``same_as``, one dimension at a time.

Two documents may name one measure differently ("ALROSA's sales" and "the
Group's sales of rough and polished diamonds"); a ``same_as`` link joins
them, and every rule compares their figures. But a link never makes
dollars and carats one number: a quantity with no unit ("the world's rough
diamonds traded in Antwerp") linked to a value and to a volume has two
*readings*, by value and by volume, each compared only with its own kind.

A reading is ``(root, dimension)``: the root is the first key (in sort order)
of the quantities ``same_as`` links join, so it does not depend on the order
documents were loaded in, and the dimension is a unit's
(:mod:`dbtool.core.units`). A quantity whose declared unit names a dimension
takes part in that reading only; one with no unit, in every dimension its
group's figures or declarations have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dbtool.core.units import declared_dimension, dimension, is_size, kind

if TYPE_CHECKING:
    from dbtool.checks.facts import Fact, Facts

# A dimension for a quantity nothing sizes: its changes can still be compared.
UNSIZED = "unsized"
# A figure's measure, as the kinds of dimension it may be read in.
MEASURE_KINDS = {"value": ("money", "price"), "volume": ("volume",), "count": ("count",)}


class Reading(NamedTuple):
    """One thing figures measure: a group of quantities, in one dimension.

    A tuple, so it hashes and compares in C: every solver variable holds one, and
    variables are hashed millions of times at scale (a dataclass's ``__hash__`` is Python).
    """

    root: str
    dimension: str


class Readings:
    """The readings of one set of facts, worked out once."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.parent: dict[str, str] = {}
        # What dimensions() and reading() answered: the solver asks the same of every
        # period of a quantity, hundreds of thousands of times at scale.
        self._dimensions: dict[str, tuple[str, ...]] = {}
        self._readings: dict[tuple[str, str], Reading | None] = {}
        for link in facts.links:
            if link.relation == "same_as" and link.part != link.whole:
                if not self._may_join(link.part, link.whole):
                    continue
                left, right = self.root(link.part), self.root(link.whole)
                if left != right:
                    self.parent[max(left, right)] = min(left, right)
        self.group_dimensions: dict[str, set[str]] = {}
        for key, info in facts.quantities.items():
            declared = declared_dimension(info.unit)
            if declared is not None and declared != "share":
                self.group_dimensions.setdefault(self.root(key), set()).add(declared)
        for figure in facts.figures:
            if figure.quantity is not None and is_size(figure.unit) and not figure.is_change:
                root = self.root(figure.quantity)
                self.group_dimensions.setdefault(root, set()).add(dimension(figure.unit))

    def _may_join(self, left: str, right: str) -> bool:
        """Two quantities declared in different dimensions are never one (validation
        refuses such a link; facts read from an older database may still hold one)."""
        first, second = (self._declared(left), self._declared(right))
        return first is None or second is None or first == second

    def _declared(self, quantity: str) -> str | None:
        info = self.facts.quantities.get(quantity)
        found = declared_dimension(info.unit) if info is not None else None
        return None if found == "share" else found

    def root(self, quantity: str) -> str:
        """The first key, in sort order, of the quantities ``same_as`` links join to it."""
        parent = self.parent
        while parent.get(quantity, quantity) != quantity:
            parent[quantity] = parent.get(parent[quantity], parent[quantity])  # path halving
            quantity = parent[quantity]
        return quantity

    def dimensions(self, quantity: str) -> tuple[str, ...]:
        """The dimensions ``quantity`` may be read in: its declared one, else its group's."""
        found = self._dimensions.get(quantity)
        if found is None:
            declared = self._declared(quantity)
            if declared is not None:
                found = (declared,)
            else:
                found = tuple(sorted(self.group_dimensions.get(self.root(quantity), ())))
            self._dimensions[quantity] = found
        return found

    def reading(self, quantity: str, dimension_name: str) -> Reading | None:
        """``quantity`` read in ``dimension_name``, or None when it cannot be (a quantity
        nothing sizes may be read in any dimension)."""
        asked = (quantity, dimension_name)
        if asked in self._readings:
            return self._readings[asked]
        dimensions = self.dimensions(quantity)
        found = None
        if not dimensions or dimension_name in dimensions:
            found = Reading(self.root(quantity), dimension_name)
        self._readings[asked] = found
        return found

    def share_dimensions(self, part: str, whole: str, measure: str) -> tuple[tuple[str, ...], bool]:
        """The dimensions a share of ``whole`` that is ``part`` is about, and whether that is
        an assumption: its measure picks one when the two quantities have several; a share
        of unspecified measure of a value-and-volume whole is read in each, as assumed."""
        dimensions = self.dimensions(whole) or self.dimensions(part)
        if not dimensions:
            return (UNSIZED,), False
        if len(dimensions) == 1:
            return dimensions, False
        kinds = MEASURE_KINDS.get(measure, ())
        matching = tuple(d for d in dimensions if kind(d) in kinds)
        if len(matching) == 1:
            return matching, False
        return dimensions, True

    def resolve(self, quantity: str, measure: str) -> Reading | None:
        """The reading a change or a share of ``quantity`` is about, from its measure when
        the quantity has more than one ("rose 6% in volume"); None when it cannot tell."""
        dimensions = self.dimensions(quantity)
        if not dimensions:
            return Reading(self.root(quantity), UNSIZED)
        if len(dimensions) == 1:
            return Reading(self.root(quantity), dimensions[0])
        kinds = MEASURE_KINDS.get(measure, ())
        matching = [d for d in dimensions if kind(d) in kinds]
        return Reading(self.root(quantity), matching[0]) if len(matching) == 1 else None

    def of_size(self, figure: Fact) -> Reading | None:
        """The reading a figure states the size of (None for a share, a change, a rank)."""
        if figure.quantity is None or figure.is_change or not is_size(figure.unit):
            return None
        return self.reading(figure.quantity, dimension(figure.unit))

    def joined(self, left: str, right: str) -> bool:
        """Whether two quantities are one, directly or through ``same_as`` links."""
        return self.root(left) == self.root(right)

    def several(self, root: str) -> bool:
        """Whether a group is read in more than one dimension (a value and a volume)."""
        return len(self.group_dimensions.get(root, ())) > 1
