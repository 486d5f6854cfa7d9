"""What every view, table and column holds, in words: the one source for the SQL page of
the manual (``docs/sql-views.md``, ``docs/schema.md``) and Datasette's metadata.

Views are the contract for SQL users, described column by column. A table's
description is its model's docstring; its columns are described here, a name
that means the same in every table (``document_id``, ``char_start``) once, in
:data:`COMMON`. A test holds every view, table and column of a migrated
database described.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Described:
    title: str
    description: str
    columns: dict[str, str] = field(default_factory=dict)


INTERVAL = {
    "low": "Lowest value the wording allows; NULL is unbounded.",
    "high": "Highest value the wording allows; NULL is unbounded.",
    "low_inclusive": "Whether `low` itself is allowed (“over USD 2 billion” excludes 2 billion).",
    "high_inclusive": "Whether `high` itself is allowed (“nearly 85%” excludes 85).",
}
QUOTE = {
    "quote": "The exact words, verbatim: `substr(documents.text, char_start + 1, char_end - "
    "char_start)`.",
    "char_start": "Where the quote starts in the document's text (0-based, code points).",
    "char_end": "Where the quote ends in the document's text (exclusive).",
}

VIEWS = {
    "v_figures": Described(
        "Figures",
        "One row per stated figure: as written, its value, unit, qualifier, the interval its "
        "wording implies, its period and the quote it comes from.",
        {
            "figure_id": "The figure's key (seed `key`); `dbtool report sources --id` shows it.",
            "document": "Slug of the document that states it.",
            "subject": "Name of the entity the figure is about.",
            "metric": "What the figure measures, in words.",
            "value": "The value in base units as stated: 33 for 33%, 2000000000 for USD 2 "
            "billion, -16 for “fell 16%”.",
            "unit": "percent, count, rank, year, factor, carat, tonne, percentage_point (a "
            "change of a share in points), a currency (USD, EUR, RUB, …), or a price per carat "
            "or per share in one (USD_per_carat).",
            "qualifier": "The wording that shapes the interval (nearly, over, alone…); NULL "
            "for none.",
            **INTERVAL,
            "period": "The period as the seed writes it (ISO: 2017, 2018-09, 2018-01/2018-09).",
            **QUOTE,
            "written": "The number exactly as printed (“Nearly 85%”).",
            "measure": "value, volume, count, or unspecified.",
            "period_start": "First day the figure covers.",
            "period_end": "Last day the figure covers.",
            "quantity": "Key of the quantity the figure measures (`dbtool quantities`).",
            "base_period_start": "For a change: the first day of the period it is measured from.",
            "base_period_end": "For a change: the last day of the period it is measured from.",
            "reviewed": "False for a figure `dbtool draft` wrote that no person has checked.",
            "revises": "Key of an earlier document's figure this one revises (a preliminary "
            "figure restated); NULL for none.",
            "table_row": "For a cell of a table document: the label of its row (Lesotho); "
            "NULL for a figure of a text.",
            "table_column": "For a cell of a table document: its column's name in the file's "
            "header (average_price_usd_per_carat); NULL for a figure of a text.",
        },
    ),
    "v_comparisons": Described(
        "Comparisons",
        "One row per claim of order without a number: a quantity in a period is higher, "
        "lower or unchanged against another quantity or period (“exports eased”, “Russia "
        "ahead of Angola”).",
        {
            "comparison_id": "The comparison's key (seed `key`).",
            "document": "Slug of the document that states it.",
            "subject": "Name of the entity the claim is about, if the text names one.",
            "quantity": "Key of the first side's quantity.",
            "period": "The first side's period, as the seed writes it.",
            "relation": "higher, lower or unchanged: the first side against the other.",
            "other": "Key of the other side's quantity.",
            "other_period": "The other side's period.",
            **QUOTE,
            "reviewed": "False for a row `dbtool draft` wrote that no person has checked.",
        },
    ),
    "v_entities": Described(
        "Entities",
        "One row per organisation, person, place, event and agreement, with its first mention.",
        {
            "entity_id": "The entity's key (`dbtool entities`).",
            "kind": "organisation, person, place, event or agreement.",
            "name": "Its name.",
            "type": "Its type: the organisation type, place type or event type.",
            "document": "Slug of the document of its first mention.",
            **QUOTE,
            "documents": "How many documents mention it.",
        },
    ),
    "v_mentions": Described(
        "Mentions",
        "One row per place a document names an entity.",
        {
            "document": "Slug of the document.",
            "entity_id": "The entity's key.",
            "entity_kind": "organisation, person, place, event or agreement.",
            "name": "The entity's name.",
            **QUOTE,
            "declares": "Whether the document also states what the entity is.",
        },
    ),
    "v_roles": Described(
        "Roles",
        "One row per person's title at an organisation, as one document states it.",
        {
            "person": "The person's name.",
            "title": "The title (CEO, Mayor…).",
            "organisation": "The organisation's name.",
            "person_id": "The person's key.",
            "organisation_id": "The organisation's key.",
            **QUOTE,
            "document": "Slug of the document that states it.",
            "as_of": "The document's date: when the title held.",
        },
    ),
    "v_documents": Described(
        "Documents",
        "One row per loaded document, with what it holds and its latest check verdict.",
        {
            "document": "The document's slug.",
            "published_on": "Its date (the first of the month when known to the month only).",
            "published_on_basis": "stated, inferred, or month.",
            "title": "Its title.",
            "entities": "How many entities it mentions.",
            "figures": "How many figures it states.",
            "verdict": "Worst status of the latest run's findings on its figures; a failure "
            "across documents counts against the latest-published of them. NULL: not checked.",
            "unreviewed": "How many of its figures `dbtool draft` wrote and no one has reviewed.",
            "kind": "text (a release) or table (statistics read from a CSV or XLSX file).",
        },
    ),
    "v_check_results": Described(
        "Check results",
        "One row per finding of the latest check run.",
        {
            "run_id": "The check run.",
            "rule": "The rule that found it (`dbtool check --list`).",
            "status": "pass, warn, fail, or info (a derived quantity).",
            "message": "What the rule found, quoting the figures.",
            "figures": "Keys of the figures it rests on, comma-separated.",
            **INTERVAL,
            "key": "The finding's stable key, the same in every run.",
            "unit": "Unit of the interval.",
            "position": "Its place in the run's order.",
        },
    ),
    "v_derived": Described(
        "Derived quantities",
        "One row per quantity the latest check run derived from the stated figures.",
        {
            "derived_id": "The derived quantity's key.",
            "description": "What it is, in words.",
            **INTERVAL,
            "unit": "Its unit.",
            "formula": "How it was computed, from figure and quantity keys.",
            "figures": "Keys of the figures it rests on, comma-separated.",
            "run_id": "The check run.",
        },
    ),
    "v_check_runs": Described(
        "Check runs",
        "One row per stored check run, with its counts by status.",
        {
            "run_id": "The run.",
            "started_at": "When it started (UTC).",
            "finished_at": "When it finished (UTC).",
            "revision": "The database's schema revision at the time.",
            "rules": "The rules it ran, comma-separated.",
            "n_pass": "Findings that passed.",
            "n_warn": "Warnings.",
            "n_fail": "Failures.",
            "n_info": "Derived quantities.",
        },
    ),
}

# Columns that mean the same in every table.
COMMON = {
    "id": "Row id (internal; join on it, do not quote it).",
    "key": "The row's key, as the seeds name it.",
    "name": "Its name.",
    "note": "A note from the seed.",
    "basis": "How it is known: stated, inferred or assumed.",
    "description": "What it is, in words.",
    "position": "Its place in order.",
    "document_id": "The document (documents.id).",
    "quote_id": "The quote it comes from (quotes.id).",
    "entity_id": "The entity (entities.id).",
    "run_id": "The check run (check_runs.id).",
    "result_id": "The check result (check_results.id).",
    "quantity_id": "The quantity (quantities.id).",
    "agreement_id": "The agreement (agreements.entity_id).",
    "organisation_id": "The organisation (organisations.entity_id).",
    "person_id": "The person (people.entity_id).",
    "place_id": "The place (places.entity_id).",
    "event_id": "The event (events.entity_id).",
    "unit": "The unit: percent, count, rank, year, factor, carat, tonne, percentage_point "
    "(a change of a share in points), a currency (USD, EUR, RUB, …), or a price per carat or "
    "per share in one (USD_per_carat).",
    "measure": "value, volume, count, or unspecified.",
    "period": "The period as the seed writes it (ISO 8601).",
    "date_basis": "How the date is known: stated, inferred or month.",
    "date_note": "Why the date is what it is, when it is not stated.",
    "status": "pass, warn, fail, or info.",
    "rule": "The rule's name (check_rules.name).",
    **{k: v for k, v in INTERVAL.items()},
    **{k: v for k, v in QUOTE.items() if k != "quote"},
}

# Each table's own columns (the rest are in COMMON); its description is its model's docstring.
TABLE_COLUMNS = {
    "agreement_parties": {},
    "agreement_signatories": {"on_behalf_of_id": "The organisation the person signs for."},
    "agreements": {
        "signed_at_id": "The event it was signed at (events.entity_id).",
        "signed_on": "When it was signed.",
    },
    "alembic_version": {"version_num": "The schema's revision (`dbtool db current`)."},
    "check_result_figures": {"figure_key": "Key of a figure the result rests on."},
    "check_results": {
        "message": "What the rule found, quoting the figures (empty once it has ended).",
        "run_id": "The first run that found it (check_runs.id); it belongs to every run "
        "from there up to ended_by.",
        "ended_by": "The first run that no longer finds it (check_runs.id); empty while the "
        "latest run does.",
        "component": "The part of the facts it is about, named by its first quantity (q:key), "
        "ranking (r:key) or document (d:slug); empty for a finding about the whole run.",
    },
    "check_nodes": {
        "node": "A quantity (q:key), a ranking (r:key), or a document's figures of neither "
        "(d:slug).",
        "component": "The component the latest run found it in.",
    },
    "check_documents": {
        "slug": "The document (documents.slug).",
        "seed_sha256": "The digest of its seed and text when the latest run checked it.",
        "components": "The components it touched then, one a line.",
    },
    "check_rules": {"severity": "fail or warn: what a violation of the rule counts as."},
    "check_runs": {
        "started_at": "When it started (UTC).",
        "finished_at": "When it finished (UTC).",
        "revision": "The schema revision at the time.",
        "rules": "The rules it ran, comma-separated.",
        "tally": "How many findings of each rule and status it holds, as JSON "
        '({"rule": {"status": n}}).',
        "basis": "A digest of what its findings depend on besides the documents (the rules, "
        "their severities, the engine's code, the entities): the next run reuses its findings "
        "only when it is the same.",
    },
    "commitments": {
        "kind": "What kind of commitment it is.",
        "concerns_id": "The entity it concerns (entities.id).",
    },
    "datelines": {},
    "derived_quantities": {"formula": "How it was computed, from figure and quantity keys."},
    "documents": {
        "slug": "The document's key, from its seed.",
        "title": "Its title (the text's first line).",
        "published_on": "Its date.",
        "published_on_basis": "stated, inferred, or month.",
        "text": "The text, byte for byte: every quote is a span of it.",
        "sha256": "SHA-256 of the text.",
        "seed_sha256": "SHA-256 of the seed and text as loaded: a reload that changes nothing.",
        "kind": "text (a release) or table (statistics read from a CSV or XLSX file, whose "
        "text is its cells, one a line).",
    },
    "entities": {"kind": "organisation, person, place, event or agreement."},
    "event_participants": {"part": "How the entity took part (signatory, delegation…)."},
    "events": {
        "event_type": "What kind of event (mission, ceremony…).",
        "occurred_on": "When it happened.",
        "date_quote_id": "The quote that dates it (quotes.id).",
        "part_of_id": "The event it is part of (events.entity_id).",
    },
    "figures": {
        k: VIEWS["v_figures"].columns[k]
        for k in (
            "written",
            "value",
            "qualifier",
            "metric",
            "period_start",
            "period_end",
            "base_period_start",
            "base_period_end",
            "reviewed",
            "revises",
        )
    }
    | {
        "written_start": "Where `written` starts in the document's text.",
        "written_end": "Where `written` ends in the document's text.",
        "precision": "The precision the seed gives a count (1,600 companies: 100).",
        "subject_id": "The entity the figure is about (entities.id).",
        "measure_basis": "How the measure is known: stated, inferred or assumed.",
        "whole_id": "For a share: the quantity it is a share of (quantities.id).",
        "ranking_id": "For a rank claim: its ranking (rankings.id).",
        "base_period": "For a change: the period it is measured from, as the seed writes it.",
        "direction": "For a change: up or down.",
    },
    "mentions": {"declares": "Whether the document also states what the entity is."},
    "organisations": {
        "org_type": "What kind of organisation it is.",
        "short_name": "The name it goes by (an alias: `--entity` accepts it).",
        "based_in_id": "Where it is based (places.entity_id).",
    },
    "partition_members": {"partition_id": "The partition (partitions.id)."},
    "partitions": {
        "whole_id": "The whole the parts divide (quantities.id).",
        "exhaustive": "Whether the parts make up the whole.",
    },
    "people": {},
    "places": {
        "place_type": "city, country, region, continent or world.",
        "country_id": "The country it lies in (places.entity_id).",
    },
    "precision_rules": {"rule": "How a bare number of the unit is read (half its last digit…)."},
    "qualifiers": {
        "low_mode": "How the low bound is made: precision, value, factor or none.",
        "low_factor": "The factor for a `factor` low bound (nearly: 0.9).",
        "high_mode": "How the high bound is made.",
        "high_factor": "The factor for a `factor` high bound.",
    },
    "quantities": {
        "flow": "Whether it adds up over time (sales, trade).",
        "signed": "Whether it may be negative (a net figure).",
    },
    "quantity_links": {
        "from_id": "The quantity linked (quantities.id).",
        "to_id": "The quantity it is linked to (quantities.id).",
        "relation": "part_of or same_as.",
    },
    "quantity_sources": {},
    "quotes": {"text": "The exact words."},
    "rankings": {
        "share_whole_id": "The whole a ranked share is of (quantities.id).",
        "ascending": "Whether rank 1 is the smallest (“the weakest month”).",
        "within": "For a ranking of periods: the period whose months, quarters or years "
        "it ranks, as the seed writes it.",
        "within_start": "First day of `within`.",
        "within_end": "Last day of `within`.",
        "step": "For a ranking of periods: month, quarter or year.",
        "partial": "Whether its members are only some of what is ranked (a table of the ten "
        "largest producers, ranked by volume).",
        "complete_start": "For a partial ranking: the first day of the period in which its "
        "members are all that can rank above its last (the table's year).",
        "complete_end": "The last day of that period.",
    },
    "ranking_members": {"ranking_id": "The ranking (rankings.id)."},
    "source_tables": {
        "file": "The table's file, as the seed names it.",
        "format": "csv or xlsx.",
        "sheet": "For an XLSX file: the sheet read (NULL: the first).",
        "publisher": "Who published the statistics (Kimberley Process).",
        "citation": "Where the statistics come from, as a reader would cite them.",
        "period": "The period every row states, as the seed writes it (NULL when a column "
        "gives each row's).",
        "rows": "How many rows the table has, its header aside.",
    },
    "table_cells": {
        "figure_id": "The figure the cell states (figures.id).",
        "row_number": "The row's number in the file, its header being row 1.",
        "row_label": "The row's label: its entity as the table writes it (and its period, "
        "when a column gives it).",
        "column_name": "The column's name in the header.",
    },
    "quantity_readings": {
        "quantity_id": "The ambiguous quantity this is one reading of (quantities.id).",
    },
    "quantity_reading_terms": {
        "reading_id": "The reading (quantity_readings.id).",
        "sign": "1 for a part added, -1 for one subtracted.",
    },
    "comparisons": {
        "subject_id": "The entity the claim is about (entities.id), if named.",
        "period_start": "First day of the first side's period.",
        "period_end": "Last day of the first side's period.",
        "relation": "higher, lower or unchanged.",
        "other_id": "The other side's quantity (quantities.id).",
        "other_period": "The other side's period, as the seed writes it.",
        "other_start": "First day of the other side's period.",
        "other_end": "Last day of the other side's period.",
        "reviewed": "False for a row `dbtool draft` wrote that no person has checked.",
    },
    "ratios": {
        "numerator_id": "The quantity divided (quantities.id).",
        "denominator_id": "The quantity it is divided by (quantities.id).",
    },
    "roles": {"title": "The title (CEO, Mayor…)."},
    "sum_terms": {
        "sum_id": "The sum (sums.id).",
        "sign": "1 for a part added, -1 for one subtracted.",
    },
    "sums": {"total_id": "The total (quantities.id)."},
}
# A ratio's result_id is its quantity, not a check result.
TABLE_COLUMNS["ratios"]["result_id"] = "The quantity the ratio gives (quantities.id)."


def table_description(table: str) -> str:
    """A table's description: the first paragraph of its model's docstring."""
    from dbtool.db.models import Base

    for mapper in Base.registry.mappers:
        if mapper.class_.__tablename__ == table and mapper.class_.__doc__:
            return " ".join(mapper.class_.__doc__.strip().split("\n\n")[0].split())
    return {
        "alembic_version": "The schema's revision, kept by Alembic.",
    }.get(table, TABLE_TITLES.get(table, ""))


TABLE_TITLES = {
    "agreement_parties": "The organisations an agreement binds.",
    "agreement_signatories": "Who signed an agreement, and for whom.",
    "agreements": "An agreement between organisations: when and where it was signed.",
    "check_runs": "A stored run of the checks.",
    "event_participants": "Who took part in an event, and how.",
    "events": "Something that happened: when, where, part of what.",
    "organisations": "An organisation: its type, short name and seat.",
    "partition_members": "The parts of a partition.",
    "people": "A person (the entity row has the name).",
    "places": "A place: its type and the country it lies in.",
}


def column_description(name: str, column: str) -> str:
    """A column of a view or a table, described; "" when it is not."""
    if name in VIEWS:
        return VIEWS[name].columns.get(column, "")
    return TABLE_COLUMNS.get(name, {}).get(column) or COMMON.get(column, "")


def describe(name: str) -> str:
    """A view's or a table's description."""
    if name in VIEWS:
        return VIEWS[name].description
    return table_description(name)


GENERATED = (
    "<!-- Generated from dbtool/reports/descriptions.py; do not edit. Regenerate: "
    "DBTOOL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/reports/test_descriptions.py -->"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def views_page() -> str:
    """docs/sql-views.md: every view and each of its columns."""
    lines = [
        "# SQL views",
        "",
        GENERATED,
        "",
        "The views are the stable contract for SQL users: tables may change between "
        "revisions, these columns do not (new columns are only ever added at the end). "
        "`dbtool serve` shows the same descriptions in Datasette.",
        "",
        "| view | one row per |",
        "| --- | --- |",
        *(
            f"| [`{name}`](#{name.replace('_', '')}) | {_cell(v.description)} |"
            for name, v in VIEWS.items()
        ),
        "",
    ]
    for name, view in VIEWS.items():
        lines += [
            f"## {name}",
            "",
            view.description,
            "",
            "| column | what it holds |",
            "| --- | --- |",
        ]
        lines += [f"| `{column}` | {_cell(text)} |" for column, text in view.columns.items()]
        lines.append("")
    return "\n".join(lines)


def tables_page(tables: dict[str, list[str]], diagram: str) -> str:
    """docs/schema.md: every table, each of its columns, and the ER diagram."""
    lines = [
        "# Schema",
        "",
        GENERATED,
        "",
        "`dbtool schema` lists every table and view with its columns; `dbtool schema "
        "--format mermaid` draws the diagram at the end of this page. Query the "
        "[views](sql-views.md) rather than these tables: the views are the contract.",
        "",
    ]
    for name, columns in tables.items():
        lines += [
            f"## {name}",
            "",
            describe(name),
            "",
            "| column | what it holds |",
            "| --- | --- |",
        ]
        lines += [
            f"| `{column}` | {_cell(column_description(name, column))} |" for column in columns
        ]
        lines.append("")
    lines += ["## Diagram", "", "```mermaid", diagram.rstrip("\n"), "```", ""]
    return "\n".join(lines)
