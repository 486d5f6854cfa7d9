"""The facts in parts no rule looks across: components of quantities joined by relations.

A rule combines figures only through what relates them: one quantity's
periods, ``same_as`` groups, sums, ratios, a part and its whole (a
``part_of`` link, a partition, a stated share), a ranking with its members
and its claims, a comparison's two sides, a reading's quantity and its
terms. So the quantities and rankings, joined by those relations, fall apart
into *components*, and whatever any rule finds rests on the figures of one
component: checking each alone finds exactly what checking them all at once
does. A check run reads and solves the facts a batch of components at a time
(its memory stays that of a batch), and a run after a few documents changed
re-checks only the components they touch (:mod:`dbtool.checks.reuse`).

A node is named ``q:KEY`` (a quantity), ``r:KEY`` (a ranking) or ``d:SLUG``
(a document's figures of no quantity or ranking: a year, a loose rank); a
component is named by its first node in sort order, which does not depend on
the order anything was loaded in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

QUANTITY, RANKING, DOCUMENT = "q:", "r:", "d:"
# A batch of components read and solved at once: bounded, so a check run's memory is
# that of a batch, not of the corpus; a component larger than this is a batch alone.
BATCH_FIGURES = 10_000
BATCH_NODES = 5_000  # and bounded in nodes, the ids a batch's queries list
BATCH_LEAST = 1_000  # the smallest a batch shrinks to when processes share the batches

# What joins nodes: each query gives rows of quantity ids (None where absent) that lie in
# one component; RANKINGS_SQL and RANKED_SQL give a ranking id first.
JOINS_SQL = (
    "SELECT from_id, to_id FROM quantity_links",
    "SELECT s.total_id, t.quantity_id FROM sums s JOIN sum_terms t ON t.sum_id = s.id",
    "SELECT result_id, numerator_id, denominator_id FROM ratios",
    "SELECT p.whole_id, m.quantity_id FROM partitions p "
    "JOIN partition_members m ON m.partition_id = p.id",
    "SELECT quantity_id, other_id FROM comparisons",
    "SELECT r.quantity_id, t.quantity_id FROM quantity_readings r "
    "JOIN quantity_reading_terms t ON t.reading_id = r.id",
)
RANKINGS_SQL = (
    "SELECT id, share_whole_id FROM rankings",
    "SELECT ranking_id, quantity_id FROM ranking_members",
)
FIGURES_SQL = """SELECT quantity_id, whole_id, ranking_id, count(*) AS n FROM figures
GROUP BY quantity_id, whole_id, ranking_id"""
LOOSE_SQL = """SELECT q.document_id, count(*) AS n FROM figures f JOIN quotes q ON q.id = f.quote_id
WHERE f.quantity_id IS NULL AND f.whole_id IS NULL AND f.ranking_id IS NULL
GROUP BY q.document_id"""
# The nodes each document names, by its figures, its relations, the quantities it declares:
# (document, three quantities, a ranking, whether figures of neither) as SQL, each with the
# column that names its document.
DOCUMENT_NODES_SQL = (
    (
        """SELECT q.document_id, f.quantity_id, f.whole_id, NULL, f.ranking_id,
       CASE WHEN f.quantity_id IS NULL AND f.whole_id IS NULL AND f.ranking_id IS NULL
            THEN 1 ELSE 0 END
FROM figures f JOIN quotes q ON q.id = f.quote_id WHERE {only}
GROUP BY q.document_id, f.quantity_id, f.whole_id, f.ranking_id""",
        "q.document_id",
    ),
    (
        "SELECT document_id, quantity_id, NULL, NULL, NULL, 0 FROM quantity_sources WHERE {only}",
        "document_id",
    ),
    (
        "SELECT document_id, from_id, to_id, NULL, NULL, 0 FROM quantity_links WHERE {only}",
        "document_id",
    ),
    (
        "SELECT s.document_id, s.total_id, t.quantity_id, NULL, NULL, 0 FROM sums s "
        "JOIN sum_terms t ON t.sum_id = s.id WHERE {only}",
        "s.document_id",
    ),
    (
        "SELECT document_id, result_id, numerator_id, denominator_id, NULL, 0 FROM ratios "
        "WHERE {only}",
        "document_id",
    ),
    (
        "SELECT p.document_id, p.whole_id, m.quantity_id, NULL, NULL, 0 FROM partitions p "
        "LEFT JOIN partition_members m ON m.partition_id = p.id WHERE {only}",
        "p.document_id",
    ),
    (
        "SELECT r.document_id, r.share_whole_id, m.quantity_id, NULL, r.id, 0 FROM rankings r "
        "LEFT JOIN ranking_members m ON m.ranking_id = r.id WHERE {only}",
        "r.document_id",
    ),
    (
        "SELECT document_id, quantity_id, other_id, NULL, NULL, 0 FROM comparisons WHERE {only}",
        "document_id",
    ),
    (
        "SELECT r.document_id, r.quantity_id, t.quantity_id, NULL, NULL, 0 "
        "FROM quantity_readings r LEFT JOIN quantity_reading_terms t ON t.reading_id = r.id "
        "WHERE {only}",
        "r.document_id",
    ),
)


# Every relation of some quantities (:q) and rankings (:r), as rows of the quantity ids (or,
# where _COLUMNS says "r", ranking ids) it joins: the figures, then JOINS_SQL's and
# RANKINGS_SQL's relations.
AROUND_SQL = (
    """SELECT DISTINCT quantity_id, whole_id, ranking_id FROM figures
WHERE quantity_id IN :q OR whole_id IN :q OR ranking_id IN :r""",
    "SELECT from_id, to_id FROM quantity_links WHERE from_id IN :q OR to_id IN :q",
    """SELECT s.total_id, t.quantity_id FROM sums s JOIN sum_terms t ON t.sum_id = s.id
WHERE s.id IN (SELECT id FROM sums WHERE total_id IN :q
               UNION SELECT sum_id FROM sum_terms WHERE quantity_id IN :q)""",
    """SELECT result_id, numerator_id, denominator_id FROM ratios
WHERE result_id IN :q OR numerator_id IN :q OR denominator_id IN :q""",
    """SELECT p.whole_id, m.quantity_id FROM partitions p
LEFT JOIN partition_members m ON m.partition_id = p.id
WHERE p.id IN (SELECT id FROM partitions WHERE whole_id IN :q
               UNION SELECT partition_id FROM partition_members WHERE quantity_id IN :q)""",
    """SELECT r.id, r.share_whole_id, m.quantity_id FROM rankings r
LEFT JOIN ranking_members m ON m.ranking_id = r.id
WHERE r.id IN (SELECT id FROM rankings WHERE id IN :r OR share_whole_id IN :q
               UNION SELECT ranking_id FROM ranking_members WHERE quantity_id IN :q)""",
    "SELECT quantity_id, other_id FROM comparisons WHERE quantity_id IN :q OR other_id IN :q",
    """SELECT r.quantity_id, t.quantity_id FROM quantity_readings r
LEFT JOIN quantity_reading_terms t ON t.reading_id = r.id
WHERE r.id IN (SELECT id FROM quantity_readings WHERE quantity_id IN :q
               UNION SELECT reading_id FROM quantity_reading_terms WHERE quantity_id IN :q)""",
)
_COLUMNS = {AROUND_SQL[0]: "qqr", AROUND_SQL[5]: "rqq"}
AROUND_FIGURES_SQL = """SELECT quantity_id, whole_id, ranking_id, count(*) AS n FROM figures
WHERE quantity_id IN :q OR whole_id IN :q OR ranking_id IN :r
GROUP BY quantity_id, whole_id, ranking_id"""
AROUND_LOOSE_SQL = """SELECT q.document_id, count(*) AS n FROM figures f
JOIN quotes q ON q.id = f.quote_id
WHERE f.quantity_id IS NULL AND f.whole_id IS NULL AND f.ranking_id IS NULL
  AND q.document_id IN :d
GROUP BY q.document_id"""


def _rows(
    connection: Connection,
    sql: str,
    quantities: list[int] = (),  # type: ignore[assignment]
    rankings: list[int] = (),  # type: ignore[assignment]
    documents: list[int] = (),  # type: ignore[assignment]
) -> Iterable[Any]:
    """``sql`` run with its lists of ids (an empty list matches nothing)."""
    values = {
        "q": list(quantities) or [-1],
        "r": list(rankings) or [-1],
        "d": list(documents) or [-1],
    }
    statement = text(sql).bindparams(
        *(bindparam(name, expanding=True) for name in values if f":{name}" in sql)
    )
    return connection.execute(statement, {k: v for k, v in values.items() if f":{k}" in sql})


def _known(node: str, *named: Mapping[str, int]) -> bool:
    """Whether a node names a quantity, ranking or document the database holds."""
    prefix = {QUANTITY: 0, RANKING: 1, DOCUMENT: 2}.get(node[:2])
    return prefix is not None and node[2:] in named[prefix]


@dataclass
class Batch:
    """Components read and solved together, with the ids their facts are read by."""

    components: list[str] = field(default_factory=list)
    quantities: set[int] = field(default_factory=set)
    rankings: set[int] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)  # for their figures of no quantity
    figures: int = 0

    @property
    def nodes(self) -> int:
        return len(self.quantities) + len(self.rankings) + len(self.documents)


class Components:
    """Every node's component in a database, and the figures each component holds; with a
    ``region`` (node names), only the components of its nodes (:meth:`_around`)."""

    def __init__(
        self,
        connection: Connection,
        region: set[str] | None = None,
        like: Components | None = None,
    ) -> None:
        """``like``: components of the same database, whose names of ids need not be read
        again."""

        def names(sql: str) -> dict[int, str]:
            return dict(connection.execute(text(sql)).all())  # type: ignore[arg-type]

        if like is None:
            self.quantity_keys = names("SELECT id, key FROM quantities")
            self.ranking_keys = names("SELECT id, key FROM rankings")
            self.slugs = names("SELECT id, slug FROM documents")
        else:
            self.quantity_keys, self.ranking_keys = like.quantity_keys, like.ranking_keys
            self.slugs = like.slugs
        self.parent: dict[str, str] = {}
        counts = (
            self._everywhere(connection) if region is None else self._around(connection, region)
        )
        self.component = self._named()
        self.figures: dict[str, int] = {}
        for node, count in counts.items():
            name = self.component[node]
            self.figures[name] = self.figures.get(name, 0) + count

    def _everywhere(self, connection: Connection) -> dict[str, int]:
        """Join every node; the figures counted by a node of their component."""
        for key in self.quantity_keys.values():
            self.parent[QUANTITY + key] = QUANTITY + key
        for key in self.ranking_keys.values():
            self.parent[RANKING + key] = RANKING + key
        for sql in JOINS_SQL:
            for row in connection.execute(text(sql)):
                self._join(self._quantity(q) for q in row)
        for sql in RANKINGS_SQL:
            for ranking, quantity in connection.execute(text(sql)):
                self._join([self._ranking(ranking), self._quantity(quantity)])
        counts: dict[str, int] = {}
        for quantity, whole, ranking, count in connection.execute(text(FIGURES_SQL)):
            nodes = [self._quantity(quantity), self._quantity(whole), self._ranking(ranking)]
            first = self._join(nodes)
            if first is not None:
                counts[first] = counts.get(first, 0) + count
        for document, count in connection.execute(text(LOOSE_SQL)):
            node = DOCUMENT + self.slugs[document]
            self.parent[node] = node
            counts[node] = counts.get(node, 0) + count
        return counts

    def _around(self, connection: Connection, region: set[str]) -> dict[str, int]:
        """Join the nodes of ``region`` and every node joined to them, following what joins
        them from the nodes reached, a step at a time; the figures counted likewise."""
        quantity_ids = {key: number for number, key in self.quantity_keys.items()}
        ranking_ids = {key: number for number, key in self.ranking_keys.items()}
        document_ids = {slug: number for number, slug in self.slugs.items()}
        frontier = {
            node for node in region if _known(node, quantity_ids, ranking_ids, document_ids)
        }
        while frontier:
            for node in frontier:
                self.parent[node] = node
            quantities = [quantity_ids[n[2:]] for n in frontier if n.startswith(QUANTITY)]
            rankings = [ranking_ids[n[2:]] for n in frontier if n.startswith(RANKING)]
            reached: set[str] = set()
            for group in self._joined(connection, quantities, rankings):
                nodes = [node for node in group if node is not None]
                for node in nodes:
                    if node not in self.parent:
                        self.parent[node] = node
                        reached.add(node)
                self._join(nodes)
            frontier = reached
        counts: dict[str, int] = {}
        quantities = [quantity_ids[n[2:]] for n in self.parent if n.startswith(QUANTITY)]
        rankings = [ranking_ids[n[2:]] for n in self.parent if n.startswith(RANKING)]
        documents = [document_ids[n[2:]] for n in self.parent if n.startswith(DOCUMENT)]
        for quantity, whole, ranking, count in _rows(
            connection, AROUND_FIGURES_SQL, quantities, rankings
        ):
            nodes = [self._quantity(quantity), self._quantity(whole), self._ranking(ranking)]
            first = next(node for node in nodes if node is not None)
            counts[first] = counts.get(first, 0) + count
        for document, count in _rows(connection, AROUND_LOOSE_SQL, documents=documents):
            node = DOCUMENT + self.slugs[document]
            counts[node] = counts.get(node, 0) + count
        return counts

    def _joined(
        self, connection: Connection, quantities: list[int], rankings: list[int]
    ) -> Iterator[list[str | None]]:
        """Groups of nodes one relation joins, of every relation of these quantities and
        rankings."""
        for sql in AROUND_SQL:
            for row in _rows(connection, sql, quantities, rankings):
                yield [
                    self._ranking(value) if column == "r" else self._quantity(value)
                    for column, value in zip(_COLUMNS.get(sql, "qqq"), row, strict=False)
                ]

    def _quantity(self, quantity_id: int | None) -> str | None:
        return None if quantity_id is None else QUANTITY + self.quantity_keys[quantity_id]

    def _ranking(self, ranking_id: int | None) -> str | None:
        return None if ranking_id is None else RANKING + self.ranking_keys[ranking_id]

    def _root(self, node: str) -> str:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving
            node = parent[node]
        return node

    def _join(self, nodes: Iterable[str | None]) -> str | None:
        """Put ``nodes`` in one component; a node of it, or None when there were none."""
        first = None
        for node in nodes:
            if node is None:
                continue
            root = self._root(node)
            if first is None:
                first = root
            elif root != first:
                self.parent[root] = first
        return first

    def _named(self) -> dict[str, str]:
        """Node -> its component's name: the first node of the component in sort order."""
        first: dict[str, str] = {}
        for node in self.parent:
            root = self._root(node)
            if root not in first or node < first[root]:
                first[root] = node
        return {node: first[self._root(node)] for node in self.parent}

    def members(self) -> dict[str, list[str]]:
        """Component -> its nodes."""
        found: dict[str, list[str]] = {}
        for node, name in self.component.items():
            found.setdefault(name, []).append(node)
        return found

    def size(self, only: set[str] | None = None) -> int:
        """The figures of the components (``only`` those named, default all)."""
        if only is None:
            return sum(self.figures.values())
        return sum(self.figures.get(name, 0) for name in only)

    def batches(self, only: set[str] | None = None, share: int = 1) -> Iterator[Batch]:
        """The components (``only`` those named, default all), in name order, in batches
        of about :data:`BATCH_FIGURES` figures.

        With ``share`` processes taking batches as they are free, batches shrink towards
        the end, each about a quarter of what is left per process (not below
        :data:`BATCH_LEAST`), as in guided self-scheduling: the last batches are small, so
        no process is left checking a large one while the others wait.
        """
        chosen = [
            (name, nodes)
            for name, nodes in sorted(self.members().items())
            if only is None or name in only
        ]
        left = sum(self.figures.get(name, 0) for name, _ in chosen)
        ids = {QUANTITY + key: ("q", i) for i, key in self.quantity_keys.items()}
        ids |= {RANKING + key: ("r", i) for i, key in self.ranking_keys.items()}
        ids |= {DOCUMENT + slug: ("d", i) for i, slug in self.slugs.items()}

        def target() -> int:
            if share <= 1:
                return BATCH_FIGURES
            return min(BATCH_FIGURES, max(BATCH_LEAST, left // (2 * share)))

        batch, most = Batch(), target()
        for name, nodes in chosen:
            size = self.figures.get(name, 0)
            if batch.components and (
                batch.figures + size > most or batch.nodes + len(nodes) > BATCH_NODES
            ):
                yield batch
                left -= batch.figures
                batch, most = Batch(), target()
            batch.components.append(name)
            batch.figures += size
            for node in nodes:
                kind, number = ids[node]
                {"q": batch.quantities, "r": batch.rankings, "d": batch.documents}[kind].add(number)
        if batch.components:
            yield batch

    def document_nodes(
        self, connection: Connection, only: Iterable[str] | None = None
    ) -> dict[str, set[str]]:
        """Document slug -> the nodes it names (see DOCUMENT_NODES_SQL), for every document
        or ``only`` those (slugs of documents in the database)."""
        ids = {slug: number for number, slug in self.slugs.items()}
        wanted = None if only is None else sorted(ids[slug] for slug in only if slug in ids)
        numbers = list(self.slugs) if wanted is None else wanted
        found: dict[str, set[str]] = {self.slugs[number]: set() for number in numbers}
        if not numbers:
            return found
        for sql, column in DOCUMENT_NODES_SQL:
            condition = (
                "1 = 1" if wanted is None else f"{column} IN ({', '.join(map(str, wanted))})"
            )
            rows = connection.execute(text(sql.format(only=condition)))
            for document, first, second, third, ranking, loose in rows:
                slug = self.slugs[document]
                named = found[slug]
                for quantity in (first, second, third):
                    if quantity is not None:
                        named.add(QUANTITY + self.quantity_keys[quantity])
                if ranking is not None:
                    named.add(RANKING + self.ranking_keys[ranking])
                if loose:
                    named.add(DOCUMENT + slug)
        return found

    def of_figure(
        self, quantity: str | None, whole: str | None, ranking: str | None, document: str
    ) -> str:
        """The component of a figure with these quantity, whole and ranking keys."""
        return figure_component(self.component, quantity, whole, ranking, document)


def figure_component(
    component: Mapping[str, str],
    quantity: str | None,
    whole: str | None,
    ranking: str | None,
    document: str,
) -> str:
    """The component (``component``: node -> its component) of a figure with these quantity,
    whole and ranking keys, in this document."""
    for prefix, key in ((QUANTITY, quantity), (QUANTITY, whole), (RANKING, ranking)):
        if key is not None:
            return component[prefix + key]
    return component[DOCUMENT + document]
