"""The facts in parts no rule looks across: components of quantities joined by relations.

A rule combines figures only through what relates them: one quantity's
periods, ``same_as`` groups, sums, ratios, a part and its whole (a
``part_of`` link, a partition, a stated share), a ranking with its members
and its claims, a comparison's two sides. So the quantities and rankings,
joined by those relations, fall apart into *components*, and whatever any
rule finds rests on the figures of one component: checking each alone finds
exactly what checking them all at once does. A check run reads and solves
the facts a batch of components at a time (its memory stays that of a
batch), and a run after a few documents changed re-checks only the
components they touch (:mod:`dbtool.checks.reuse`).

A node is named ``q:KEY`` (a quantity), ``r:KEY`` (a ranking) or ``d:SLUG``
(a document's figures of no quantity or ranking: a year, a loose rank); a
component is named by its first node in sort order, which does not depend on
the order anything was loaded in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection

QUANTITY, RANKING, DOCUMENT = "q:", "r:", "d:"
# A batch of components read and solved at once: bounded, so a check run's memory is
# that of a batch, not of the corpus; a component larger than this is a batch alone.
BATCH_FIGURES = 10_000
BATCH_NODES = 5_000  # and bounded in nodes, the ids a batch's queries list

# What joins nodes: each query gives rows of quantity ids (None where absent) that lie in
# one component; RANKINGS_SQL and RANKED_SQL give a ranking id first.
JOINS_SQL = (
    "SELECT from_id, to_id FROM quantity_links",
    "SELECT s.total_id, t.quantity_id FROM sums s JOIN sum_terms t ON t.sum_id = s.id",
    "SELECT result_id, numerator_id, denominator_id FROM ratios",
    "SELECT p.whole_id, m.quantity_id FROM partitions p "
    "JOIN partition_members m ON m.partition_id = p.id",
    "SELECT quantity_id, other_id FROM comparisons",
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
)


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
    """Every node's component in a database, and the figures each component holds."""

    def __init__(self, connection: Connection) -> None:
        def names(sql: str) -> dict[int, str]:
            return {row[0]: row[1] for row in connection.execute(text(sql))}

        self.quantity_keys = names("SELECT id, key FROM quantities")
        self.ranking_keys = names("SELECT id, key FROM rankings")
        self.slugs = names("SELECT id, slug FROM documents")
        self.parent: dict[str, str] = {}
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
        self.component = self._named()
        self.figures: dict[str, int] = {}
        for node, count in counts.items():
            name = self.component[node]
            self.figures[name] = self.figures.get(name, 0) + count

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

    def batches(self, only: set[str] | None = None) -> Iterator[Batch]:
        """The components (``only`` those named, default all), in name order, in batches
        of about :data:`BATCH_FIGURES` figures."""
        ids = {QUANTITY + key: ("q", i) for i, key in self.quantity_keys.items()}
        ids |= {RANKING + key: ("r", i) for i, key in self.ranking_keys.items()}
        ids |= {DOCUMENT + slug: ("d", i) for i, slug in self.slugs.items()}
        batch = Batch()
        for name, nodes in sorted(self.members().items()):
            if only is not None and name not in only:
                continue
            size = self.figures.get(name, 0)
            if batch.components and (
                batch.figures + size > BATCH_FIGURES or batch.nodes + len(nodes) > BATCH_NODES
            ):
                yield batch
                batch = Batch()
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
