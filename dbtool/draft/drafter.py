"""Draft a seed file from a press release, so a person spends minutes on judgement, not typing.

``draft_seed(text, file_name, context)`` reads the text once and writes a seed
that ``dbtool seed`` loads as it is, in five phases that pass their results
on explicitly, each in its own module:

1. :mod:`~dbtool.draft.document`: the ``[document]`` block from the title and
   the dateline, with the date's basis;
2. :mod:`~dbtool.draft.dating`: the period of every number the grammar of
   :mod:`dbtool.draft.numbers` finds, and the base of every change;
3. :mod:`~dbtool.draft.figures`: a figure for every dated number, with the
   quantities, wholes and rankings it needs;
4. :mod:`~dbtool.draft.relations`: candidate relations: changes and their
   levels, sums, differences;
5. :mod:`~dbtool.draft.writer`: the TOML, commented where the draft guessed.

Entities the database knows are matched by name, short name or an alias a
document quoted (:mod:`dbtool.draft.names`); unknown capitalised names are
candidates. Everything drafted says ``reviewed = false``. This module reads
no database: the caller passes what the database knows as a
:class:`DraftContext` (:func:`draft_context` reads it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dbtool.draft.dating import date_numbers
from dbtool.draft.directions import comparisons
from dbtool.draft.document import DraftError, document_block
from dbtool.draft.figures import DraftFigure, FigureDrafter
from dbtool.draft.groups import tie_group_shares
from dbtool.draft.names import Entities, KnownEntity, known_entities, slugify
from dbtool.draft.numbers import find_numbers
from dbtool.draft.pointchanges import tie_point_changes
from dbtool.draft.profiles import KnownQuantity, known_profile
from dbtool.draft.quantities import QuantityDrafter
from dbtool.draft.registry import Keys, Registry
from dbtool.draft.relations import RelationFinder
from dbtool.draft.revisions import guard, keep_units, mark_revisions
from dbtool.draft.text import TextMap
from dbtool.draft.texttables import date_cells, find_tables
from dbtool.draft.writer import write_toml

if TYPE_CHECKING:
    from dbtool.db.reader import Reader

__all__ = ["Draft", "DraftContext", "DraftError", "DraftFigure", "draft_context", "draft_seed"]


@dataclass(frozen=True)
class DraftContext:
    """What the database knows: entities to match, qualifiers it can load, keys in use."""

    entities: tuple[KnownEntity, ...] = ()
    qualifiers: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()
    quantities: tuple[KnownQuantity, ...] = ()
    figures: dict[tuple[str, str], str] = field(default_factory=dict)  # (quantity, period) -> key


@dataclass
class Draft:
    """A drafted seed: the TOML text, and what it holds (for the summary and the benchmark)."""

    slug: str
    toml: str
    figures: list[DraftFigure]
    mentions: int = 0
    entities: int = 0
    candidates: list[str] = field(default_factory=list)
    relations: int = 0

    @property
    def written(self) -> list[DraftFigure]:
        return [f for f in self.figures if f.skipped is None]

    def summary(self) -> str:
        skipped = len(self.figures) - len(self.written)
        return (
            f"{self.slug}: {len(self.written)} figures"
            + (f" ({skipped} more commented out)" if skipped else "")
            + f", {self.mentions} mentions of known entities, {self.entities} candidate "
            f"entities ({len(self.candidates)} more named in comments), {self.relations} "
            "candidate relations; all marked reviewed = false"
        )


def draft_seed(
    text: str,
    file_name: str,
    context: DraftContext | None = None,
    schema: str | None = None,
    today: dt.date | None = None,
) -> Draft:
    """A seed for ``text`` (saved as ``file_name`` next to the seed), ready to load and review.

    ``schema`` is the ``#:schema`` path to write at the top (relative to the
    seed file); ``today`` dates a text that gives no date.
    """
    context = context or DraftContext()
    slug = slugify(re.sub(r"\.[^.]*$", "", file_name.rsplit("/", 1)[-1]), 80)
    text_map = TextMap(text)
    numbers, tables = find_tables(text, find_numbers(text))
    starts = {s.start for s in text_map.sentences}
    entities = Entities(text, context.entities, context.keys, starts, numbers)
    document = document_block(
        text_map, numbers, entities, context.entities, slug, file_name, today or dt.date.today()
    )
    plan = date_numbers(text_map, numbers, document.dateline, document.published)
    date_cells(plan, tables)
    registry = Registry(Keys(slug, context.keys))
    drafter = FigureDrafter(
        text_map,
        numbers,
        document.dateline,
        document.place or "",
        document.published,
        entities,
        context.qualifiers,
        registry,
    )
    figures = drafter.figures(plan)
    quantities = QuantityDrafter(
        text_map, plan, entities, drafter.namer, registry, context.quantities, tables
    )
    quantities.assign(figures)
    tie_point_changes(text_map, figures, registry, entities)
    tie_group_shares(text_map, figures, registry)
    mark_revisions(text_map, plan, figures, context.figures)
    guard(text_map, figures, registry)
    keep_units(figures, registry, context.quantities)
    relations = RelationFinder(
        text_map, drafter.namer, registry, quantities.profiles, quantities.quantity_for
    )
    relations.cells = {id(n) for t in tables for r in t.rows for n in r.cells if n}
    relations.find(figures)
    relations.table_relations(tables)
    comparisons(relations)
    found = entities.found
    return Draft(
        slug=slug,
        toml=write_toml(text_map, document, entities, registry, figures, schema),
        figures=figures,
        mentions=sum(1 for e in found if e.known),
        entities=sum(1 for e in found if not e.known and e.kind),
        candidates=[e.name for e in found if not e.known and not e.kind],
        relations=registry.relations(),
    )


ENTITY_SQL = """
SELECT e.key, e.kind, e.name, o.short_name, q.text AS alias
FROM entities e
LEFT JOIN organisations o ON o.entity_id = e.id
LEFT JOIN mentions m ON m.entity_id = e.id
LEFT JOIN quotes q ON q.id = m.quote_id
ORDER BY e.key, m.id
"""
KEYS_SQL = " UNION ".join(
    f"SELECT key FROM {table}"
    for table in ("entities", "quantities", "rankings", "figures", "sums", "ratios", "partitions")
)


QUANTITY_SQL = """
SELECT q.key, q.name, q.unit, q.measure,
       (SELECT e.key FROM figures f JOIN entities e ON e.id = f.subject_id
        WHERE f.quantity_id = q.id GROUP BY e.key ORDER BY count(*) DESC, e.key LIMIT 1)
       AS subject
FROM quantities q
ORDER BY q.key
"""
# The entities named in the quotes of a quantity's figures: "Antwerp's polished exports"
# for Belgium's.
QUOTED_SUBJECTS_SQL = """
SELECT DISTINCT q.key AS quantity, e.key AS entity
FROM quantities q
JOIN figures f ON f.quantity_id = q.id
JOIN quotes fq ON fq.id = f.quote_id
JOIN quotes mq ON mq.document_id = fq.document_id
JOIN mentions m ON m.quote_id = mq.id
JOIN entities e ON e.id = m.entity_id
WHERE mq.char_start >= fq.char_start AND mq.char_end <= fq.char_end
"""
# The figures a new release may revise: the latest of each quantity and period.
FIGURES_SQL = """
SELECT q.key AS quantity, f.period, f.key
FROM figures f JOIN quantities q ON q.id = f.quantity_id
WHERE f.period IS NOT NULL AND f.base_period IS NULL
ORDER BY f.id
"""
# A city's figures are often its country's ("Antwerp's polished exports" are Belgium's).
CITIES_SQL = """
SELECT city.key AS city, country.key AS country
FROM places p
JOIN entities city ON city.id = p.entity_id
JOIN entities country ON country.id = p.country_id
"""


def draft_context(reader: Reader) -> DraftContext:
    """What a database knows that a draft uses: its entities, qualifiers, keys, quantities."""
    entities = known_entities(reader.rows(ENTITY_SQL))
    quoted: dict[str, set[str]] = {}
    for row in reader.rows(QUOTED_SUBJECTS_SQL):
        quoted.setdefault(row["quantity"], set()).add(row["entity"])
    cities: dict[str, set[str]] = {}
    for row in reader.rows(CITIES_SQL):
        cities.setdefault(row["country"], set()).add(row["city"])
    return DraftContext(
        entities=entities,
        qualifiers=frozenset(r["name"] for r in reader.rows("SELECT name FROM qualifiers")),
        keys=frozenset(r["key"] for r in reader.rows(KEYS_SQL)),
        quantities=tuple(
            _known_quantity(row, entities, quoted, cities) for row in reader.rows(QUANTITY_SQL)
        ),
        figures={(r["quantity"], r["period"]): r["key"] for r in reader.rows(FIGURES_SQL)},
    )


def _known_quantity(
    row: dict,
    entities: tuple[KnownEntity, ...],
    quoted: dict[str, set[str]],
    cities: dict[str, set[str]],
) -> KnownQuantity:
    """A database quantity with its profile; its subject is its figures' (or the entity its
    name names)."""
    subject = row["subject"]
    if subject is None:
        subject = next(
            (
                e.key
                for e in entities
                if any(
                    n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", row["name"]) for n in e.names
                )
            ),
            None,
        )
    profile = known_profile(row["name"], row["unit"], row["measure"], subject)
    also = frozenset((quoted.get(row["key"], set()) | cities.get(subject or "", set())) - {subject})
    return KnownQuantity(row["key"], row["name"], row["unit"], row["measure"], profile, also)
