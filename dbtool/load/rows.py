"""A seed's rows as rows of the database's tables: pure functions, one per table group.

The loader decides what to write and in which order (ids of parents before
their children); these functions only map what a seed file says, with the
ids already known, to the rows one table wants. They read no database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dbtool.core.periods import parse_period
from dbtool.core.wording import QualifierRule, directed_interval, precision_for
from dbtool.seedformat.figurerows import FigureRow
from dbtool.seedformat.model import DocumentSpec, SeedFile
from dbtool.seedformat.tables import TableRead

Row = dict[str, Any]
Ids = Mapping[str, int]


def document_row(
    document: DocumentSpec, text: str, text_sha256: str, digest: str, kind: str = "text"
) -> Row:
    return {
        "kind": kind,
        "slug": document.slug,
        "title": document.title,
        "published_on": document.published_on,
        "published_on_basis": document.published_on_basis,
        "date_note": document.date_note,
        "text": text,
        "sha256": text_sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "seed_sha256": digest,
    }


def quote_rows(document_id: int, spans: Sequence[tuple[int, int]], text: str) -> list[Row]:
    return [
        {"document_id": document_id, "char_start": a, "char_end": b, "text": text[a:b]}
        for a, b in sorted(spans)
    ]


def declared_entities(seed: SeedFile) -> list[tuple[str, Any]]:
    """(kind, row) for every entity the seed declares, countries before their cities."""
    places = sorted(seed.places, key=lambda p: p.country is not None)
    return [
        (kind, item)
        for kind, items in (
            ("place", places),
            ("organisation", seed.organisations),
            ("person", seed.people),
            ("event", seed.events),
            ("agreement", seed.agreements),
        )
        for item in items
    ]


def subtype_row(kind: str, item: Any, entity_ids: Ids) -> Row | None:
    """The row of a place, organisation or person beside its entity row (None for events
    and agreements, which have rows of their own: see ``event_rows``)."""
    if kind == "place":
        return {"place_type": item.type, "country_id": entity_ids.get(item.country or "")}
    if kind == "organisation":
        return {
            "org_type": item.type,
            "short_name": item.short_name,
            "based_in_id": entity_ids.get(item.based_in or ""),
        }
    if kind == "person":
        return {}
    return None


def stored_fields(kind: str, item: Any) -> Row:
    """A new entity's fields as the catalog keeps them (in the seed's terms)."""
    place, organisation = kind == "place", kind == "organisation"
    return {
        "kind": kind,
        "name": item.name,
        "type": item.type if place or organisation else None,
        "country": item.country if place else None,
        "short_name": item.short_name if organisation else None,
        "based_in": item.based_in if organisation else None,
    }


def mention_rows(document_id: int, seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    """A mention for each declaration (``declares``) and each ``[[mentions]]`` row, once."""
    rows: dict[tuple[int, int], Row] = {}
    for _kind, item in declared_entities(seed):
        entity, quote = entity_ids[item.key], quote_ids[item.key]
        rows[(entity, quote)] = {"entity_id": entity, "quote_id": quote, "declares": True}
    for position, mention in enumerate(seed.mentions, 1):
        entity, quote = entity_ids[mention.entity], quote_ids[f"mention:{position}"]
        rows.setdefault(
            (entity, quote), {"entity_id": entity, "quote_id": quote, "declares": False}
        )
    return [{"document_id": document_id, **r} for r in rows.values()]


def dateline_rows(document_id: int, seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    """The dateline's row, when the text has a dateline."""
    dateline = seed.document.dateline
    if dateline is None:
        return []
    return [
        {
            "document_id": document_id,
            "place_id": entity_ids[dateline.place],
            "quote_id": quote_ids["dateline:"],
        }
    ]


def event_rows(seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    """Events, each after the event it is part of."""
    ordered = sorted(seed.events, key=lambda ev: _event_depth(seed, ev.key))
    return [
        {
            "entity_id": entity_ids[ev.key],
            "event_type": ev.type,
            "place_id": entity_ids.get(ev.place or ""),
            "occurred_on": ev.date.on,
            "date_basis": ev.date.basis,
            "date_note": ev.date.note,
            "date_quote_id": quote_ids[f"{ev.key}:date"],
            "part_of_id": entity_ids.get(ev.part_of or ""),
        }
        for ev in ordered
    ]


def agreement_rows(seed: SeedFile, entity_ids: Ids) -> list[Row]:
    return [
        {
            "entity_id": entity_ids[a.key],
            "signed_at_id": entity_ids.get(a.signed_at or ""),
            "signed_on": a.date.on,
            "date_basis": a.date.basis,
            "date_note": a.date.note,
        }
        for a in seed.agreements
    ]


def _event_depth(seed: SeedFile, key: str) -> int:
    parents = {ev.key: ev.part_of for ev in seed.events}
    depth, seen = 0, {key}
    while (key := parents.get(key) or "") and key not in seen:
        depth, seen = depth + 1, seen | {key}
    return depth


def role_rows(document_id: int, seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "document_id": document_id,
            "person_id": entity_ids[r.person],
            "organisation_id": entity_ids[r.organisation],
            "title": r.title,
            "quote_id": quote_ids[f"role:{i}"],
        }
        for i, r in enumerate(seed.roles, 1)
    ]


def participant_rows(seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "event_id": entity_ids[ev.key],
            "entity_id": entity_ids[p.entity],
            "part": p.part,
            "quote_id": quote_ids[f"{ev.key}:participant:{i}"],
        }
        for ev in seed.events
        for i, p in enumerate(ev.participants, 1)
    ]


def party_rows(seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "agreement_id": entity_ids[a.key],
            "organisation_id": entity_ids[p.organisation],
            "quote_id": quote_ids[f"{a.key}:party:{i}"],
        }
        for a in seed.agreements
        for i, p in enumerate(a.parties, 1)
    ]


def signatory_rows(seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "agreement_id": entity_ids[a.key],
            "person_id": entity_ids[g.person],
            "on_behalf_of_id": entity_ids[g.on_behalf_of],
            "quote_id": quote_ids[f"{a.key}:signatory:{i}"],
        }
        for a in seed.agreements
        for i, g in enumerate(a.signatories, 1)
    ]


def commitment_rows(seed: SeedFile, entity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "agreement_id": entity_ids[a.key],
            "key": c.key,
            "position": i,
            "kind": c.kind,
            "description": c.description,
            "concerns_id": entity_ids.get(c.concerns or ""),
            "quote_id": quote_ids[f"{a.key}:commitment:{c.key}"],
        }
        for a in seed.agreements
        for i, c in enumerate(a.commitments, 1)
    ]


def partition_rows(document_id: int, seed: SeedFile, quantity_ids: Ids) -> list[Row]:
    return [
        {
            "document_id": document_id,
            "key": p.key,
            "name": p.name,
            "whole_id": quantity_ids[p.whole],
            "exhaustive": p.exhaustive,
        }
        for p in seed.partitions
    ]


def member_rows(seed: SeedFile, partition_ids: Ids, quantity_ids: Ids) -> list[Row]:
    return [
        {"partition_id": partition_ids[p.key], "quantity_id": quantity_ids[part]}
        for p in seed.partitions
        for part in p.parts
    ]


def link_rows(document_id: int, seed: SeedFile, quantity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "document_id": document_id,
            "from_id": quantity_ids[k.part],
            "to_id": quantity_ids[k.whole],
            "relation": k.relation,
            "basis": k.basis,
            "note": k.note,
            "quote_id": quote_ids.get(f"link:{i}"),
        }
        for i, k in enumerate(seed.links, 1)
    ]


def sum_rows(document_id: int, seed: SeedFile, quantity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "document_id": document_id,
            "key": x.key,
            "name": x.name,
            "total_id": quantity_ids[x.total],
            "basis": x.basis,
            "note": x.note,
            "quote_id": quote_ids.get(f"sums:{x.key}"),
        }
        for x in seed.sums
    ]


def term_rows(seed: SeedFile, sum_ids: Ids, quantity_ids: Ids) -> list[Row]:
    return [
        {"sum_id": sum_ids[x.key], "quantity_id": quantity_ids[key], "sign": sign}
        for x in seed.sums
        for sign, keys in ((1, x.parts), (-1, x.minus))
        for key in keys
    ]


def reading_rows(document_id: int, seed: SeedFile, quantity_ids: Ids, quote_ids: Ids) -> list[Row]:
    """The readings of ambiguous quantities the document declares."""
    return [
        {
            "document_id": document_id,
            "key": r.key,
            "name": r.name,
            "quantity_id": quantity_ids[r.quantity],
            "basis": r.basis,
            "note": r.note,
            "quote_id": quote_ids.get(f"readings:{r.key}"),
        }
        for r in seed.readings
    ]


def reading_term_rows(seed: SeedFile, reading_ids: Ids, quantity_ids: Ids) -> list[Row]:
    return [
        {"reading_id": reading_ids[r.key], "quantity_id": quantity_ids[key], "sign": sign}
        for r in seed.readings
        for sign, keys in ((1, r.parts), (-1, r.minus))
        for key in keys
    ]


def ratio_rows(document_id: int, seed: SeedFile, quantity_ids: Ids, quote_ids: Ids) -> list[Row]:
    return [
        {
            "document_id": document_id,
            "key": r.key,
            "name": r.name,
            "result_id": quantity_ids[r.result],
            "numerator_id": quantity_ids[r.numerator],
            "denominator_id": quantity_ids[r.denominator],
            "basis": r.basis,
            "note": r.note,
            "quote_id": quote_ids.get(f"ratios:{r.key}"),
        }
        for r in seed.ratios
    ]


def ranking_rows(document_id: int, seed: SeedFile, quantity_ids: Ids) -> list[Row]:
    """One row for each ranking the document declares."""
    rows = []
    for ranking in seed.rankings:
        within = parse_period(ranking.within) if ranking.within else None
        rows.append(
            {
                "document_id": document_id,
                "key": ranking.key,
                "name": ranking.name,
                "measure": ranking.measure,
                "share_whole_id": quantity_ids.get(ranking.share_whole or ""),
                "ascending": ranking.ascending,
                "within": ranking.within,
                "within_start": within.start if within else None,
                "within_end": within.end if within else None,
                "step": ranking.step,
                "partial": ranking.partial,
                **_complete_in(ranking.complete_in),
            }
        )
    return rows


def _complete_in(period: str | None) -> Row:
    parsed = parse_period(period) if period else None
    return {
        "complete_start": parsed.start if parsed else None,
        "complete_end": parsed.end if parsed else None,
    }


def ranking_member_rows(seed: SeedFile, ranking_ids: Ids, quantity_ids: Ids) -> list[Row]:
    """The quantities each ranking of the document ranks."""
    return [
        {"ranking_id": ranking_ids[ranking.key], "quantity_id": quantity_ids[member]}
        for ranking in seed.rankings
        for member in ranking.members
    ]


def comparison_rows(
    document_id: int, seed: SeedFile, entity_ids: Ids, quantity_ids: Ids, quote_ids: Ids
) -> list[Row]:
    """Comparisons, each side's period with its days; a side left out is the other's."""
    rows = []
    for comparison in seed.comparisons:
        period = parse_period(comparison.period)
        other_period = comparison.other_period or comparison.period
        other = parse_period(other_period)
        rows.append(
            {
                "document_id": document_id,
                "key": comparison.key,
                "quote_id": quote_ids[f"comparison:{comparison.key}"],
                "subject_id": entity_ids.get(comparison.subject or ""),
                "quantity_id": quantity_ids[comparison.quantity],
                "period": comparison.period,
                "period_start": period.start,
                "period_end": period.end,
                "relation": comparison.relation,
                "other_id": quantity_ids[comparison.other or comparison.quantity],
                "other_period": other_period,
                "other_start": other.start,
                "other_end": other.end,
                "note": comparison.note,
                "reviewed": comparison.reviewed,
            }
        )
    return rows


def source_table_rows(document_id: int, table: TableRead | None) -> list[Row]:
    """A table document's own row: its file, publisher and citation (none for a text)."""
    if table is None:
        return []
    return [
        {
            "document_id": document_id,
            "file": table.file,
            "format": table.format,
            "sheet": table.sheet,
            "publisher": table.publisher,
            "citation": table.citation,
            "period": table.period,
            "rows": table.rows,
        }
    ]


def cell_rows(table: TableRead | None, figure_ids: Ids) -> list[Row]:
    """Where each figure of a table document stands: row number and label, column."""
    if table is None:
        return []
    return [
        {
            "figure_id": figure_ids[key],
            "row_number": number,
            "row_label": label,
            "column_name": name,
        }
        for key, number, label, name in table.cells
    ]


class FigureRows:
    """Figures as rows of ``figures``: the interval their wording implies, their periods.

    Validation found each figure's words in its quote and read their number (and
    refused a qualifier the database does not know): a row carries where the
    words stand and how they were written, taken, not worked out again.
    """

    def __init__(
        self,
        ids: Callable[[str], Ids],
        precision_rules: Mapping[str, str],
        qualifiers: Mapping[str, QualifierRule],
    ) -> None:
        """``ids("entities" | "quantities" | "rankings" | "quotes")`` gives the ids known."""
        self.ids = ids
        self.precision_rules, self.qualifiers = precision_rules, qualifiers

    def row(self, figure: FigureRow) -> Row:
        """The ``figures`` row for one figure, with its interval and ids resolved.

        The precision is the figure's own or its unit's rule applied to the
        written digits; the interval follows from the signed value, that
        precision and the qualifier; periods are stored as written and as
        first and last days; keys become the ids ``ids`` knows.
        """
        precision = figure.precision
        if precision is None:
            precision = precision_for(
                figure.last_digit, figure.scaled, self.precision_rules[figure.unit]
            )
        value = -figure.value if figure.direction == "down" else figure.value
        rule = self.qualifiers[figure.qualifier]
        interval = directed_interval(figure.value, precision, rule, figure.direction)
        period = parse_period(figure.period) if figure.period else None
        base = parse_period(figure.base_period) if figure.base_period else None
        quantities = self.ids("quantities")
        return {
            "key": figure.key,
            "quote_id": self.ids("quotes")[f"figure:{figure.key}"],
            "written": figure.written,
            "written_start": figure.written_start,
            "written_end": figure.written_end,
            "value": value,
            "unit": figure.unit,
            "qualifier": figure.qualifier,
            "precision": precision,
            "low": interval.low,
            "high": interval.high,
            "low_inclusive": interval.low_inclusive,
            "high_inclusive": interval.high_inclusive,
            "subject_id": self.ids("entities")[figure.subject],
            "metric": figure.metric,
            "period": figure.period,
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
            "base_period": figure.base_period,
            "base_period_start": base.start if base else None,
            "base_period_end": base.end if base else None,
            "direction": figure.direction,
            "measure": figure.measure,
            "measure_basis": figure.measure_basis,
            "quantity_id": quantities.get(figure.quantity or ""),
            "whole_id": quantities.get(figure.whole or ""),
            "ranking_id": self.ids("rankings").get(figure.ranking or ""),
            "note": figure.note,
            "reviewed": figure.reviewed,
            "revises": figure.revises,
        }


def referenced_entities(seed: SeedFile, figures: Sequence[FigureRow]) -> list[str]:
    """Every entity key the seed refers to (not only those it declares)."""
    keys = [seed.document.dateline.place] if seed.document.dateline else []
    keys += [r.person for r in seed.roles] + [r.organisation for r in seed.roles]
    keys += [f.subject for f in figures]
    keys += [p.country for p in seed.places if p.country]
    keys += [o.based_in for o in seed.organisations if o.based_in]
    for event in seed.events:
        keys += [p.entity for p in event.participants] + [event.place or "", event.part_of or ""]
    for agreement in seed.agreements:
        keys += [p.organisation for p in agreement.parties] + [agreement.signed_at or ""]
        keys += [s.person for s in agreement.signatories] + [
            s.on_behalf_of for s in agreement.signatories
        ]
        keys += [c.concerns or "" for c in agreement.commitments]
    keys += [c.subject or "" for c in seed.comparisons]
    return [k for k in keys if k]


def referenced_quantities(seed: SeedFile, figures: Sequence[FigureRow]) -> set[str]:
    """Every quantity key the seed refers to (not only those it declares)."""
    keys: set[str] = set()
    for partition in seed.partitions:
        keys |= {partition.whole, *partition.parts}
    for link in seed.links:
        keys |= {link.part, link.whole}
    for sum_spec in seed.sums:
        keys |= {sum_spec.total, *sum_spec.parts, *sum_spec.minus}
    for ratio in seed.ratios:
        keys |= {ratio.result, ratio.numerator, ratio.denominator}
    for reading in seed.readings:
        keys |= {reading.quantity, *reading.parts, *reading.minus}
    for ranking in seed.rankings:
        keys |= {ranking.share_whole} if ranking.share_whole else set()
        keys |= set(ranking.members)
    for comparison in seed.comparisons:
        keys |= {comparison.quantity, comparison.other or comparison.quantity}
    for figure in figures:
        keys |= {k for k in (figure.quantity, figure.whole) if k}
    return keys
