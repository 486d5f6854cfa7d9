"""What a seed may not say given what the other documents say: checked before it loads.

A seed can be right by itself and wrong beside the others: it declares
``a part_of b`` where another document declared ``b part_of a``; it adds a sum
``b = a + r`` to another's ``a = b + r``; it links two quantities as
``same_as`` that another document made one part of the other. Each makes a
quantity (through equal ones) a part or a term of itself, which no figures
can satisfy and every later check would trip over. So the relations of every
loaded document are held as two graphs, parts (``part_of`` links and
partitions: part -> whole) and terms (sums: total -> term), with ``same_as``
quantities taken as one, and a seed whose relations close a cycle in either
is refused at the row that closes it.

A few checks of one file that ``dbtool.seedformat`` does not make live here
too, so that validation stays as it is: a published date far from the
dateline's year or outside any plausible date, a change whose base period
does not come before its period, keys and slugs longer than the database
stores (``MAX_KEY_LENGTH``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dbtool.core.periods import parse_period
from dbtool.errors import SeedError
from dbtool.seedformat.model import SeedFile, seed_rows

# Keys and slugs are stored as VARCHAR(100) (dbtool.db.models): a longer one would load
# on SQLite and be refused on PostgreSQL, so it is refused everywhere, at its row.
MAX_KEY_LENGTH = 100
# A published date may differ from the year its dateline names by this much (a release
# dated 2 January about 31 December), and must lie between these.
DATELINE_YEARS = 1
EARLIEST = dt.date(1900, 1, 1)
LATEST_AHEAD = dt.timedelta(days=366)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")

Edge = tuple[str, str]  # (from, to): part -> whole, or total -> term


@dataclass
class Relations:
    """The quantity relations of the loaded documents, by the slug that states each.

    A load checks each seed against the graphs of all the others. Built anew for
    every seed, they made loading N documents cost N²; so the graphs of every
    loaded document are kept (``_state``) and a new seed is checked against them
    and added in place. Only a document replaced with other relations, or
    forgotten, has them built again, without it.
    """

    same: dict[str, list[Edge]] = field(default_factory=dict)
    parts: dict[str, list[Edge]] = field(default_factory=dict)
    terms: dict[str, list[Edge]] = field(default_factory=dict)
    _state: _State | None = field(default=None, repr=False)

    def add(self, slug: str, seed: SeedFile) -> None:
        """Hold ``seed``'s relations as ``slug``'s, instead of any it had."""
        same, parts, terms = ([edge for edge, _place in edges] for edges in _edges(seed))
        if self._holds(slug) and (same, parts, terms) != self._of(slug):
            self._state = None  # its old relations are in the graphs: built again when asked
        elif self._state is not None:
            self._state.extend(same, parts, terms)
        self.same[slug], self.parts[slug], self.terms[slug] = same, parts, terms

    def remove(self, slug: str) -> None:
        """Forget the relations ``slug`` stated (its document is gone)."""
        if self._holds(slug):
            self._state = None
        for group in (self.same, self.parts, self.terms):
            group.pop(slug, None)

    def problems(self, path: Path, slug: str, seed: SeedFile) -> list[SeedError]:
        """Each relation of ``seed`` that closes a cycle with those of the other documents
        (``slug``'s own, when it replaces itself, are left out)."""
        same, parts, terms = _edges(seed)
        if self._holds(slug):
            if self._of(slug) == tuple([e for e, _p in edges] for edges in (same, parts, terms)):
                return []  # as loaded, and every document since was checked beside them
            state = _State(self, leave_out=slug)  # a changed document: without its old ones
            return state.check(path, same, parts, terms)
        if self._state is None:
            self._state = _State(self)
        found = self._state.check(path, same, parts, terms)
        if found:
            self._state = None  # the graphs took the refused seed's edges: built again
        return found

    def _holds(self, slug: str) -> bool:
        return slug in self.same or slug in self.parts or slug in self.terms

    def _of(self, slug: str) -> tuple[list[Edge], list[Edge], list[Edge]]:
        return self.same.get(slug, []), self.parts.get(slug, []), self.terms.get(slug, [])


class _State:
    """The graphs of the relations of some documents: ``same_as`` quantities merged, and
    the parts and terms between them."""

    def __init__(self, relations: Relations, leave_out: str | None = None) -> None:
        slugs = [s for s in {*relations.same, *relations.parts, *relations.terms} if s != leave_out]
        self.merged = _Merged(e for s in slugs for e in relations.same.get(s, ()))
        self.graphs = {
            "part": _Graph(self.merged, (e for s in slugs for e in relations.parts.get(s, ()))),
            "term": _Graph(self.merged, (e for s in slugs for e in relations.terms.get(s, ()))),
        }

    def extend(self, same: list[Edge], parts: list[Edge], terms: list[Edge]) -> None:
        """Add a document's edges (those ``check`` added already are added again: no harm)."""
        for one, other in same:
            self.union(one, other)
        for kind, edges in (("part", parts), ("term", terms)):
            for start, end in edges:
                self.graphs[kind].add(start, end)

    def union(self, one: str, other: str) -> None:
        """Take two quantities as one, moving the edges held under the old root to the new,
        so a walk from the merged quantity follows both."""
        old, new = self.merged.find(one), self.merged.find(other)
        if old == new:
            return
        self.merged.parent[old] = new
        for graph in self.graphs.values():
            moved = graph.next.pop(old, None)
            if moved:
                graph.next.setdefault(new, set()).update(moved)

    def check(
        self,
        path: Path,
        same: list[tuple[Edge, str]],
        parts: list[tuple[Edge, str]],
        terms: list[tuple[Edge, str]],
    ) -> list[SeedError]:
        """The edges that close a cycle, each at its place; every edge is added as it is
        checked, so one seed's relations are checked among themselves too."""
        found = []
        merged, graphs = self.merged, self.graphs
        for (one, other), place in same:  # a same_as between a part and its whole
            for kind, graph in graphs.items():
                if graph.reaches(one, other) or graph.reaches(other, one):
                    found.append(_cycle(path, place, one, other, kind, "the same quantity"))
                    break
            self.union(one, other)
        for kind, edges in (("part", parts), ("term", terms)):
            graph = graphs[kind]
            for (start, end), place in edges:
                if graph.reaches(end, start) or merged.find(start) == merged.find(end):
                    found.append(_cycle(path, place, start, end, kind, _words(kind, end)))
                graph.add(start, end)
        return found


RELATIONS_SQL = {
    "same_or_part": "SELECT d.slug, f.key AS start, t.key AS finish, l.relation "
    "FROM quantity_links l JOIN documents d ON d.id = l.document_id "
    "JOIN quantities f ON f.id = l.from_id JOIN quantities t ON t.id = l.to_id",
    "partition": "SELECT d.slug, q.key AS start, w.key AS finish, 'part_of' AS relation "
    "FROM partitions p JOIN documents d ON d.id = p.document_id "
    "JOIN partition_members m ON m.partition_id = p.id "
    "JOIN quantities q ON q.id = m.quantity_id JOIN quantities w ON w.id = p.whole_id",
    "sum": "SELECT d.slug, t.key AS start, q.key AS finish, 'term' AS relation "
    "FROM sums s JOIN documents d ON d.id = s.document_id "
    "JOIN sum_terms st ON st.sum_id = s.id "
    "JOIN quantities t ON t.id = s.total_id JOIN quantities q ON q.id = st.quantity_id",
}


def read_relations(rows_of: Any) -> Relations:
    """The relations the database holds; ``rows_of(sql)`` runs a query and returns rows
    with ``slug``, ``start``, ``finish`` and ``relation``."""
    relations = Relations()
    groups = {"same_as": relations.same, "part_of": relations.parts, "term": relations.terms}
    for sql in RELATIONS_SQL.values():
        for row in rows_of(sql):
            edge = (row["start"], row["finish"])
            groups[row["relation"]].setdefault(row["slug"], []).append(edge)
    return relations


def _words(kind: str, end: str) -> str:
    return f"a part of {end!r}" if kind == "part" else f"a term of {end!r}"


def _cycle(path: Path, place: str, start: str, end: str, kind: str, said: str) -> SeedError:
    noun = "parts" if kind == "part" else "sums"
    return SeedError(
        path,
        place,
        f"{start!r} as {said} closes a cycle with the {noun} other documents state "
        f"({end!r} already comes back to {start!r}): a quantity cannot be a "
        f"{'part' if kind == 'part' else 'term'} of itself",
    )


def _edges(
    seed: SeedFile,
) -> tuple[list[tuple[Edge, str]], list[tuple[Edge, str]], list[tuple[Edge, str]]]:
    """(same_as, part -> whole, total -> term) edges of a seed, each with its place."""
    same, parts, terms = [], [], []
    for index, link in enumerate(seed.links):
        target = same if link.relation == "same_as" else parts
        target.append(((link.part, link.whole), f"links[{index}]"))
    for partition in seed.partitions:
        place = f"partitions[key={partition.key}]"
        parts += [((part, partition.whole), place) for part in partition.parts]
    for row in seed.sums:
        place = f"sums[key={row.key}]"
        terms += [((row.total, term), place) for term in [*row.parts, *row.minus]]
    return same, parts, terms


class _Merged:
    """Quantities taken as one through ``same_as`` (union-find)."""

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.parent: dict[str, str] = {}
        for one, other in edges:
            self.union(one, other)

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while key != root:  # flatten the path walked
            self.parent[key], key = root, self.parent.get(key, key)
        return root

    def union(self, one: str, other: str) -> None:
        self.parent[self.find(one)] = self.find(other)


class _Graph:
    """Directed edges between merged quantities, asked whether one reaches another."""

    def __init__(self, merged: _Merged, edges: Iterable[Edge]) -> None:
        self.merged = merged
        self.next: dict[str, set[str]] = {}
        for start, end in edges:
            self.add(start, end)

    def add(self, start: str, end: str) -> None:
        self.next.setdefault(self.merged.find(start), set()).add(self.merged.find(end))

    def reaches(self, start: str, end: str) -> bool:
        goal, seen = self.merged.find(end), set()
        stack = [self.merged.find(start)]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node in seen:
                continue
            seen.add(node)
            stack += [self.merged.find(n) for n in self.next.get(node, ())]
        return False


def file_problems(
    path: Path, seed: SeedFile, figures: Iterable[Any], today: dt.date | None = None
) -> list[SeedError]:
    """What one file says that cannot be (see the module): every problem, each located.

    ``figures`` are the file's figures as models or as rows (a read sent to the loader
    holds them as rows, ``CheckedSeed.figures``)."""
    figures = list(figures)
    return [
        *_dates(path, seed, today or dt.date.today()),
        *_periods(path, figures),
        *_lengths(path, seed, figures),
    ]


def _dates(path: Path, seed: SeedFile, today: dt.date) -> Iterator[SeedError]:
    published = seed.document.published_on
    if not EARLIEST <= published <= today + LATEST_AHEAD:
        yield SeedError(
            path,
            "document.published_on",
            f"{published.isoformat()} is not a plausible date for a press release (between "
            f"{EARLIEST.year} and a year from today)",
        )
        return
    if seed.document.dateline is None:
        return  # a text without a dateline, or a table, names no year to hold the date to
    years = {int(y) for y in _YEAR.findall(seed.document.dateline.quote)}
    if years and all(abs(published.year - year) > DATELINE_YEARS for year in years):
        named = ", ".join(str(y) for y in sorted(years))
        yield SeedError(
            path,
            "document.published_on",
            f"{published.isoformat()} is far from the year its dateline names ({named}); "
            "give the date the release was published",
        )


def _periods(path: Path, figures: list[Any]) -> Iterator[SeedError]:
    for figure in figures:
        if figure.base_period is None or figure.period is None:
            continue
        period, base = parse_period(figure.period), parse_period(figure.base_period)
        if base.start > period.start or base == period:
            yield SeedError(
                path,
                f"figures[key={figure.key}].base_period",
                f"{figure.base_period!r} does not come before the period {figure.period!r}: "
                "a change is measured from an earlier period",
            )


def _lengths(path: Path, seed: SeedFile, figures: list[Any]) -> Iterator[SeedError]:
    rows = [*seed_rows(seed), *((f"figures[key={f.key}]", f) for f in figures)]
    for place, row in rows:
        for name in ("key", "slug"):
            value: Any = getattr(row, name, None)
            if isinstance(value, str) and len(value) > MAX_KEY_LENGTH:
                where = (f"{place}.{name}" if place else name).replace(value, value[:20] + "…")
                yield SeedError(
                    path,
                    where,
                    f"the {name} has {len(value):,} characters; at most {MAX_KEY_LENGTH} "
                    "are stored",
                )


def check_beside(checked: Any, connection: Any) -> None:
    """Every check ``seed`` makes of a read file against a database (keys, qualifiers,
    signs, and the checks here), on a read-only ``connection``, adding each problem to
    ``checked``: what ``dbtool lint --db`` reports, so lint and seed agree."""
    from sqlalchemy import text

    from dbtool.db import models as m
    from dbtool.db.bulk import Pending
    from dbtool.load.catalog import Catalog
    from dbtool.seedformat.validate import check_against

    catalog = Catalog(Pending(connection, m.Base.metadata.sorted_tables)).ensure()
    check_against(
        checked, catalog.namespaces, catalog.qualifiers.keys(), catalog.signed_quantities()
    )
    if checked.seed is None:
        return
    seed = checked.seed
    relations = read_relations(lambda sql: connection.execute(text(sql)).mappings())
    checked.problems += file_problems(checked.path, seed, checked.figures)
    checked.problems += relations.problems(checked.path, seed.document.slug, seed)
