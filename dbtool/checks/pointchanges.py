"""Changes of a share stated in percentage points: their variables and their relation.

"Its share rose 2.1 percentage points to 34.5%" is absolute: the share in the
later period is the share in the base period plus 2.1 points, not that share
times 1.021. A figure in ``percentage_point`` states the variable
``("points", part root, whole root, dimension, span, base span)``, held as a
fraction like the shares it separates (2.1 points is 0.021), and ties the
two shares linearly:

    share(part in whole, span) = share(part in whole, base) + points

reported under the ``change`` rule. Being linear, the relation derives
either share from the other and checks the three when all are known, over
intervals, with the qualifier of the points ("nearly 3 points") as of any
figure. The shares themselves are the solver's (stated, or derived from the
part and the whole), so a change in points is checked against levels from
any document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dbtool.checks.facts import Fact
from dbtool.checks.readings import Readings
from dbtool.checks.variables import Span, Var
from dbtool.core.intervals import Interval

UNIT = "percentage_point"
# A share moves by at most the whole of its range: a fraction in −1 … 1.
POINTS_RANGE = Interval(-1, 1, True, True)


def states_points(figure: Fact) -> bool:
    """Whether a figure is a change of a share in percentage points."""
    return figure.unit == UNIT


def share_pair(figure: Fact) -> tuple[str, str] | None:
    """(part, whole) of the share a figure states or changes, if it names both."""
    if (figure.is_share or states_points(figure)) and figure.quantity and figure.whole:
        return figure.quantity, figure.whole
    return None


def point_variables(
    figure: Fact, readings: Readings, span_of: Callable[[object], Span | None]
) -> tuple[list[Var], bool]:
    """The variables a change in points states (one per dimension its share is read in), and
    whether reading that dimension is an assumption (a share of unspecified measure of a
    value-and-volume whole)."""
    if figure.quantity is None or figure.whole is None or figure.period is None:
        return [], False
    if figure.base_period is None:
        return [], False
    part, whole = readings.root(figure.quantity), readings.root(figure.whole)
    if part == whole:
        return [], False
    dimensions, assumed = readings.share_dimensions(figure.quantity, figure.whole, figure.measure)
    span, base = span_of(figure.period), span_of(figure.base_period)
    return [("points", part, whole, d, span, base) for d in dimensions], assumed


def share_ends(points: Var) -> tuple[Var, Var]:
    """The shares a change in points separates: (later, base)."""
    _, part, whole, dimension, span, base = points
    return ("share", part, whole, dimension, span), ("share", part, whole, dimension, base)


def point_relations(points: Var) -> Iterator[tuple[Var, tuple[tuple[Var, int], ...]]]:
    """later share = base share + points, as the solver's linear relation (target, terms)."""
    later, base = share_ends(points)
    yield later, ((base, 1), (points, 1))


def stated_points(figure: Fact) -> Interval:
    """The points a figure states, as the fraction its shares are held in (signed: the loader
    stored a fall as negative)."""
    return figure.interval / 100


def levels_in_points(later: Interval, base: Interval) -> Interval:
    """What two levels of a share (fractions) give as a change, in points."""
    return (later - base) * 100
