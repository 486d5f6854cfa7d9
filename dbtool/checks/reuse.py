"""Re-check only what changed: the components new, changed or removed documents touch.

What a rule finds rests on the facts of one component
(:mod:`dbtool.checks.components`). So a run after ``dbtool seed NEW`` checks
again the components the changed documents touch, before and after the
change, and keeps every other finding of the run before as it is: the stored
run is the one a full run would store.

What the latest run knew is kept for the next: each node's component
(``check_nodes``), each document's digest and the components it touched
(``check_documents``), and the run's *basis*, a digest of what the findings
depend on besides the documents: the rules run and their severities, the
engine's code, and the entities (whose names every message may carry). A run
reuses the one before only when the basis is the same, and re-checks
everything otherwise (or with ``dbtool check --full``).

A few findings speak of the whole run, not of a component ("no part and
whole are both counted", "all 82 figures lie within bounds", the rank claims
that stand alone): they are made again from the whole run's counts
(:func:`summaries`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import bindparam, delete, insert, select, text
from sqlalchemy.engine import Connection

from dbtool.checks import Finding
from dbtool.checks.components import QUANTITY, RANKING, Components
from dbtool.checks.facts import Facts
from dbtool.checks.ranks import lone_claims
from dbtool.checks.rules import RULES, bounds_summary
from dbtool.db import models as m


class RuleInfo(Protocol):
    """A rule as a run selects it (dbtool.checks.engine.RuleInfo)."""

    @property
    def name(self) -> str: ...

    @property
    def severity(self) -> str: ...


RuleT = TypeVar("RuleT", bound="RuleInfo")
# Past this many components to end, a run re-checks everything: as fast, and simpler.
MOST_ENDED = 2_000
# The code whose change changes what the checks find.
ENGINE_SOURCES = ("checks/*.py", "core/*.py", "display.py")
ENTITIES_SQL = """SELECT e.key, e.kind, e.name, c.key FROM entities e
LEFT JOIN places p ON p.entity_id = e.id LEFT JOIN entities c ON c.id = p.country_id
ORDER BY e.key"""


@dataclass
class Plan:
    """What a run checks: every component (``recheck`` None), or some, ending the findings of
    the ``ended`` components of the run before (None: all of them)."""

    basis: str
    recheck: set[str] | None = None
    ended: set[str] | None = None
    # document -> the nodes it names: every document (a full run), or those whose
    # components the run may change
    nodes: dict[str, set[str]] = field(default_factory=dict)
    old_node: dict[str, str] = field(default_factory=dict)  # node -> its component before

    @property
    def full(self) -> bool:
        return self.recheck is None


def basis(connection: Connection, selected: Sequence[RuleT]) -> str:
    """A digest of what findings depend on besides the documents (see the module's docstring)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for pattern in ENGINE_SOURCES:
        for path in sorted(package.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for rule in selected:
        digest.update(f"rule {rule.name} {rule.severity}\n".encode())
    for row in connection.execute(text(ENTITIES_SQL)):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def plan(connection: Connection, selected: Sequence[RuleT], full: bool) -> tuple[Plan, Components]:
    """What this run must check, against what the latest run knew, and the components it
    checks (around what changed, or all of them)."""
    found = Plan(basis(connection, selected))
    runs = m.CheckRun.__table__
    previous = connection.execute(select(runs.c.basis).order_by(runs.c.id.desc()).limit(1)).first()
    if full or previous is None or previous.basis != found.basis:
        return found, Components(connection)
    nodes = m.CheckNode.__table__
    old_node = dict(connection.execute(select(nodes.c.node, nodes.c.component)).all())
    documents = m.CheckDocument.__table__
    known = {row.slug: row for row in connection.execute(select(documents)).all()}
    current = dict(
        connection.execute(select(m.Document.__table__.c.slug, m.Document.seed_sha256)).all()
    )
    changed = {
        slug
        for slug, digest in current.items()
        if slug not in known or known[slug].seed_sha256 != digest
    }
    removed = set(known) - set(current)
    ended = {c for slug in changed | removed if slug in known for c in _lines(known[slug])}
    components = Components(connection, set())
    named = components.document_nodes(connection, changed)
    region = _unknown_nodes(connection, old_node)
    region |= {node for slug in changed for node in named[slug]}
    while True:  # until the components around the region reach no node of a kept one
        ended |= {old_node[node] for node in region if node in old_node}
        region |= {node for node, component in old_node.items() if component in ended}
        if len(ended) > MOST_ENDED:
            return Plan(found.basis), Components(connection)
        components = Components(connection, region, like=components)
        reached = set(components.component)
        if reached <= region:
            break
        region |= reached
    found.recheck, found.ended, found.old_node = set(components.component.values()), ended, old_node
    # The documents whose components this run may change: to remember (see remember()).
    affected = changed | {
        s for s, row in known.items() if s in current and ended & set(_lines(row))
    }
    found.nodes = components.document_nodes(connection, affected)
    return found, components


def _unknown_nodes(connection: Connection, old_node: Mapping[str, str]) -> set[str]:
    """The quantities and rankings the latest run did not know of. Those a changed document
    names are found through it; any other means a history this run cannot trust
    entirely (an interrupted one): its components are checked again all the same."""
    found = set()
    for prefix, table in ((QUANTITY, m.Quantity.__table__), (RANKING, m.Ranking.__table__)):
        for key in connection.execute(select(table.c.key)).scalars().all():
            if prefix + key not in old_node:
                found.add(prefix + key)
    return found


def _lines(row: object) -> list[str]:
    text_ = row.components  # type: ignore[attr-defined]
    return text_.split("\n") if text_ else []


def remember(connection: Connection, components: Components, done: Plan) -> None:
    """Store what this run knows for the next: nodes' components, documents' digests and
    the components they touch (only what changed, after a partial run)."""
    nodes, documents = m.CheckNode.__table__, m.CheckDocument.__table__
    recheck = done.recheck
    if recheck is None:
        done.nodes = components.document_nodes(connection)
    if recheck is None:
        connection.execute(delete(nodes))
        written = components.component.items()
    else:
        ended = sorted(done.ended or ())
        if ended:
            connection.execute(
                delete(nodes).where(nodes.c.component.in_(bindparam("ended", expanding=True))),
                {"ended": ended},
            )
        written = [(n, c) for n, c in components.component.items() if c in recheck]
    _insert(connection, nodes, [{"node": n, "component": c} for n, c in written])
    digests = dict(
        connection.execute(select(m.Document.__table__.c.slug, m.Document.seed_sha256)).all()
    )
    rows = []
    # A node outside the components checked is where it was (after a partial run).
    where = {**done.old_node, **components.component}
    for slug, named in done.nodes.items():
        touched = sorted({where[n] for n in named if n in where})
        rows.append(
            {"slug": slug, "seed_sha256": digests.get(slug), "components": "\n".join(touched)}
        )
    if recheck is None:
        connection.execute(delete(documents))
    else:
        stale = [row["slug"] for row in rows]
        stale += [
            s for s in connection.execute(select(documents.c.slug)).scalars() if s not in digests
        ]
        for chunk in _chunks(stale, 500):
            connection.execute(delete(documents).where(documents.c.slug.in_(chunk)))
    _insert(connection, documents, rows)


def _insert(connection: Connection, table: object, rows: list[dict[str, object]]) -> None:
    for chunk in _chunks(rows, 10_000):
        connection.execute(insert(table), chunk)  # type: ignore[arg-type]


def _chunks(items: list[object], size: int) -> Iterable[list[object]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- findings about the whole run --------------------------------------------------------


def is_summary(rule: str, key: str) -> bool:
    """Whether a finding (its rule, its key without the rule) speaks of the whole run."""
    return key == "none" or (rule, key) in (("bounds", "all"), ("rank-claims", "lone"))


def summaries(
    selected: Sequence[RuleT], counts: dict[str, int], figures: int, lone: Iterable[str]
) -> list[tuple[RuleT, Finding]]:
    """The findings about the whole run, from how many findings each rule has in its
    components (``counts``), how many ``figures`` there are, and the rank claims that
    stand ``lone``."""
    found = []
    for rule in selected:
        if rule.name == "bounds":
            if not counts.get("bounds"):
                found.append((rule, bounds_summary(figures)))
        elif rule.name == "rank-claims":
            alone = sorted(set(lone))
            if alone:
                found.append((rule, lone_claims(alone)))
        elif not counts.get(rule.name):
            found += [(rule, f) for f in RULES[rule.name].run(Facts()) if f.key == "none"]
    return found
