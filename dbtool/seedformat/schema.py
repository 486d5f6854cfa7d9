"""The seed format, described: a JSON Schema for editors and a Markdown reference for people.

Both are generated from the pydantic model the loader validates with
(:class:`dbtool.seedformat.model.SeedFile`), so they cannot drift from what
``dbtool seed`` accepts: fields, types, required or default, allowed values.
What the model cannot say in its types, what a field means, is written here,
in ``TABLE_NOTES`` and ``FIELD_NOTES``, rather than as ``description=`` on
every field of :mod:`dbtool.seedformat.model`: that module stays the format,
this one its prose, and a test fails when a field has no description. Examples
are rows of the bundled seeds (real, loadable), or written here for a table no
bundled seed uses. The generated files are committed as ``docs/seed-format.schema.json``
and ``docs/seed-format.md``; a test says when they are stale.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dbtool.seedformat import tomltext
from dbtool.seedformat.model import SeedFile
from dbtool.seedformat.tomltext import SCHEMA_FILE

DRAFT = "https://json-schema.org/draft/2020-12/schema"

TABLE_NOTES = {
    "SeedFile": "One seed file describes one document: the text it quotes, and every "
    "entity, quantity, relation and figure the text states. Tables of rows ([[figures]]) "
    "may be left out when empty.",
    "DocumentSpec": "The document: its slug, title, text file, date and dateline.",
    "FigureSpec": "A stated number. `written` is the number as printed, inside `quote`. A "
    "change is a percentage (relative: 'rose 9%' is the level times 1.09), a factor "
    "('doubled') or percentage points (absolute, of a share: 'its share rose 2.1 percentage "
    "points to 34.5%' is unit percentage_point, value 2.1, direction up, with the share's "
    "quantity (its part) and whole, period and base_period; the share then was 32.4%). "
    "Percentage points of anything but a share cannot be stated: they need a whole.",
    "DatelineSpec": "Where the document says it comes from ('Moscow, 10 October 2018').",
    "PlaceSpec": "A place the document declares. Its type is one of city, country, region, "
    "continent or world: a city needs its country; a country, a continent and the world "
    "lie in no country; a region may name the country it lies in.",
    "OrganisationSpec": "An organisation the document declares (a company, a trade body, a "
    "state, …).",
    "PersonSpec": "A person the document declares.",
    "RoleSpec": "A person's title at an organisation, as this document states it (dated by "
    "the document).",
    "EventSpec": "An event: a mission, a ceremony.",
    "ParticipantSpec": "Who took part in an event, and how.",
    "PartySpec": "An organisation that is party to an agreement.",
    "SignatorySpec": "A person who signed an agreement, for an organisation.",
    "CommitmentSpec": "One commitment an agreement makes.",
    "AgreementSpec": "An agreement, its date, parties, signatories and commitments.",
    "QualifierSpec": "A qualifier of the document's own ('roughly'), beside those the "
    "database knows (nearly, over, more than, about, alone, …): how it bounds the value.",
    "QuantitySpec": "What figures measure (ALROSA's diamond sales). Quantities are global: "
    "a document may reuse one an earlier document declared, and figures of one quantity "
    "in different periods and documents are compared by the checks.",
    "PartitionSpec": "Disjoint parts of one whole (ALROSA's clients, by country).",
    "LinkSpec": "One quantity is part of, or the same as, another.",
    "RankingSpec": "A ranking that rank claims place their subject in ('the world's largest "
    "diamond miner'); with members, rank claims are held against the members' values.",
    "ReadingSpec": "One thing an ambiguous quantity may mean, as a sum of others "
    "('Antwerp's rough trade' = imports + exports, or imports only). Every check is run "
    "under each reading; the readings rule says which are consistent with everything.",
    "TableSpec": "For a table document (a CSV or XLSX file of statistics): the column that "
    "names each row's entity, the period, and the columns of quantities. Each cell is a "
    "figure quoting its line of the document's text: 'FILE, row LABEL, column NAME: CELL'.",
    "TableColumnSpec": "A column of quantities: each row's cell is a figure of the quantity "
    "ENTITY-QUANTITY (russia-diamond-production-value), declared from this column.",
    "TableRatioSpec": "In every row, one column is another divided by a third (the average "
    "price per carat is value / volume): a ratio per row.",
    "TableRankingSpec": "A ranking of one column's quantities, per period: rank claims in any "
    "document about a row's quantity are held against the others' values.",
    "ComparisonSpec": "A claim of order without a number: 'exports eased' (this year lower "
    "than last), 'Russia ahead of Angola' (one quantity higher than another), 'below last "
    "year's level'. Checked against the stated or derived values of both sides.",
}

FIELD_NOTES = {
    # Shared by many tables.
    "quote": "The exact words the row rests on, as they occur in the text.",
    "occurrence": "Which occurrence of the quote (1 = first); needed when it occurs more "
    "than once.",
    "key": "A lower-case slug naming the row: letters, digits and hyphens.",
    "name": "The name, as people write it.",
    "note": "Anything a reader should know: a reasoning, a doubt, a source.",
    "basis": "stated (the text says so), inferred (it follows from the text) or assumed.",
    "reviewed": "false while a row `dbtool draft` wrote awaits a person's review; `dbtool "
    "lint` lists them. Figures keep it in the database.",
    # [document]
    "DocumentSpec.slug": "The document's key, e.g. alrosa-sales-2018-09.",
    "DocumentSpec.title": "The document's title, as printed.",
    "DocumentSpec.file": "The text file, relative to the seed file; loaded byte for byte.",
    "DocumentSpec.published_on": "The document's date; the first of the month when it is "
    "known to the month only.",
    "DocumentSpec.published_on_basis": "stated (the dateline gives the day), inferred, or "
    "month (the dateline gives the month only).",
    "DocumentSpec.date_note": "How the date was read, when it is not simply stated.",
    "DocumentSpec.dateline": "The dateline, if the text has one: its place and its words.",
    "DatelineSpec.place": "The place key (a place this or an earlier document declares).",
    # Entities.
    "PlaceSpec.type": "city, country, region, continent or world.",
    "PlaceSpec.country": "The country a city (or a region) lies in: a place key.",
    "OrganisationSpec.type": "What kind of organisation it is.",
    "OrganisationSpec.short_name": "The short name the text uses (AWDC).",
    "OrganisationSpec.based_in": "Where it is based: a place key.",
    "MentionSpec.entity": "The entity named: a key this or an earlier document declares.",
    "RoleSpec.person": "The person: a person key.",
    "RoleSpec.organisation": "The organisation: an organisation key.",
    "RoleSpec.title": "The title, as the document gives it (Deputy CEO).",
    "EventSpec.type": "What kind of event it is.",
    "EventSpec.place": "Where it took place: a place key.",
    "EventSpec.date": "When it took place, with the words that say so.",
    "EventSpec.part_of": "The event it is part of: an event key.",
    "EventSpec.participants": "Who took part, and how.",
    "ParticipantSpec.entity": "The participant: an entity key.",
    "ParticipantSpec.part": "The part it played.",
    "DateSpec.on": "The date.",
    "DateSpec.basis": "stated, or inferred (then say how in note).",
    "DateSpec.note": "How the date was read.",
    "AgreementSpec.signed_at": "The event it was signed at: an event key.",
    "AgreementSpec.date": "When it was signed, with the words that say so.",
    "AgreementSpec.parties": "The organisations party to it (two or more).",
    "AgreementSpec.signatories": "Who signed it, for whom.",
    "AgreementSpec.commitments": "What it commits the parties to.",
    "PartySpec.organisation": "The party: an organisation key.",
    "SignatorySpec.person": "The signatory: a person key.",
    "SignatorySpec.on_behalf_of": "For whom: an organisation key.",
    "CommitmentSpec.kind": "What kind of commitment it is.",
    "CommitmentSpec.description": "The commitment in a few words.",
    "CommitmentSpec.concerns": "The entity it concerns, if any: an entity key.",
    # Wording.
    "QualifierSpec.name": "The qualifier as figures name it.",
    "QualifierSpec.low_mode": "How the lower bound is set: from the precision, at the value, "
    "as a factor of the value, or unbounded.",
    "QualifierSpec.low_factor": "The factor, when low_mode is factor (0.9: within 10% below).",
    "QualifierSpec.low_inclusive": "Whether the lower bound itself is allowed.",
    "QualifierSpec.high_mode": "How the upper bound is set (as low_mode).",
    "QualifierSpec.high_factor": "The factor, when high_mode is factor.",
    "QualifierSpec.high_inclusive": "Whether the upper bound itself is allowed.",
    "QualifierSpec.description": "What the qualifier means, in words.",
    # Quantities and relations.
    "QuantitySpec.measure": "value, volume, count or unspecified.",
    "QuantitySpec.unit": "Its unit in words (USD, carats, clients).",
    "QuantitySpec.period": "The period it is bound to, if only one (ISO, as a figure's).",
    "PartitionSpec.whole": "The whole: a quantity key.",
    "PartitionSpec.parts": "The disjoint parts: quantity keys.",
    "PartitionSpec.exhaustive": "Whether the parts make up the whole (their shares add to 100%).",
    "LinkSpec.relation": "part_of (a subset) or same_as (two descriptions of one quantity).",
    "SumSpec.total": "The total: a quantity key.",
    "SumSpec.parts": "The quantities added: quantity keys.",
    "SumSpec.minus": "The quantities subtracted: quantity keys ('exports minus imports').",
    "SumSpec.quote": "The words that state the sum ('of which'), if any.",
    "RatioSpec.result": "The ratio (a price per carat): a quantity key.",
    "RatioSpec.numerator": "What is divided (a value): a quantity key.",
    "RatioSpec.denominator": "What it is divided by (a volume): a quantity key.",
    "RatioSpec.quote": "The words that state the ratio, if any.",
    "LinkSpec.quote": "The words that state the link, if any.",
    "RankingSpec.measure": "What the ranking ranks by: value, volume, count or unspecified.",
    "RankingSpec.share_whole": "The whole that ranked shares are shares of: a quantity key.",
    "RankingSpec.members": "The quantities it ranks, one per subject (Russia's, Botswana's "
    "production by value): quantity keys. A rank figure names its own as its quantity.",
    "RankingSpec.ascending": "true when rank 1 is the smallest ('the weakest month').",
    "RankingSpec.within": "To rank the periods of one member instead: the period whose "
    "months, quarters or years are ranked (2018-Q1).",
    "RankingSpec.step": "With within: month, quarter or year.",
    "RankingSpec.partial": "true when the members are only some of what is ranked (the ten "
    "largest producers by value, ranked by volume): a rank claim then fails only when more "
    "members are surely above it than its rank allows.",
    "RankingSpec.complete_in": "For a partial ranking: the period in which its members are "
    "all that can rank above its last (a table's year), ISO.",
    "ReadingSpec.quantity": "The ambiguous quantity: a quantity key.",
    "ReadingSpec.parts": "What it may be the sum of: quantity keys (one for 'imports only').",
    "ReadingSpec.minus": "What is subtracted in this reading, if anything: quantity keys.",
    "ReadingSpec.quote": "The words that make the quantity ambiguous, if this text has them.",
    "SeedFile.table": "For a table document: how its file's rows and columns map to figures "
    "(then the seed has no [[figures]]: they are the cells).",
    "TableSpec.publisher": "Who published the statistics (Kimberley Process).",
    "TableSpec.citation": "Where they come from, as a reader would cite them.",
    "TableSpec.entity_column": "The header of the column naming each row's entity: matched "
    "to an entity key (Russia is russia, South Africa south-africa), an entity the seed "
    "declares by that name, or an alias.",
    "TableSpec.period": "The period every row states, ISO (2016).",
    "TableSpec.period_column": "Instead of period: the header of the column giving each "
    "row's period.",
    "TableSpec.aliases": 'Entity cells that are not their key\'s name: {"DRC" = "dr-congo"}.',
    "TableSpec.columns": "The columns of quantities.",
    "TableSpec.ratios": "Columns that are one column divided by another, row by row.",
    "TableSpec.rankings": "Rankings of a column's rows, per period.",
    "TableColumnSpec.column": "Its name in the header.",
    "TableColumnSpec.quantity": "The quantity, after each row's entity key: "
    "diamond-production-value makes russia-diamond-production-value.",
    "TableColumnSpec.name": "The quantity's name, {entity} standing for the row's entity "
    'as the table writes it: "{entity}\'s rough diamond production, by value".',
    "TableColumnSpec.unit": "The unit and scale its cells are written in: USD million, "
    "thousand carats, USD per carat, tonnes, or a noun for a count (mines).",
    "TableColumnSpec.measure": "value, volume, count or unspecified.",
    "TableRatioSpec.result": "The column that is the ratio (a price per carat).",
    "TableRatioSpec.numerator": "The column divided (a value).",
    "TableRatioSpec.denominator": "The column it is divided by (a volume).",
    "TableRankingSpec.column": "The column whose quantities it ranks.",
    "ComparisonSpec.subject": "Whose claim it is: an entity key, if the text names one.",
    "ComparisonSpec.quantity": "The first side: a quantity key.",
    "ComparisonSpec.period": "The first side's period, ISO.",
    "ComparisonSpec.relation": "higher, lower or unchanged: the first side against the other.",
    "ComparisonSpec.other": "The other side's quantity (default: the same quantity).",
    "ComparisonSpec.other_period": "The other side's period (default: the same period).",
    "FigureSpec.revises": "The key of an earlier document's figure for the same quantity and "
    "period that this one revises (a preliminary figure restated): reported as a revision, "
    "not a disagreement.",
    # Figures.
    "FigureSpec.written": "The number exactly as printed, inside the quote, qualifier "
    "included ('Nearly 85%', 'over USD 2 billion', 'more than doubled').",
    "FigureSpec.value": "The number in base units as stated: 33 for 33%, 2000000000 for "
    "USD 2 billion, 2 for 'second'; a change is its size (direction gives the sign).",
    "FigureSpec.unit": "What the value counts; percentage_point for a change of a share "
    "stated in points ('up 2.1 percentage points': the share's level minus its level in the "
    "base period), never relative.",
    "FigureSpec.qualifier": "The wording that shapes the interval (nearly, over, more than, "
    "alone, …): a qualifier the database or this file defines; none for none.",
    "FigureSpec.precision": "How far the value may be from the truth because it was rounded; "
    "by default half a unit of the last written digit (exact for counts, ranks, years).",
    "FigureSpec.subject": "Whose figure it is: an entity key.",
    "FigureSpec.metric": "What it measures, in words.",
    "FigureSpec.period": "The period it covers, ISO: 2017, 2018-Q3, 2018-H1, 2018-09, "
    "2018-09-10, or a range 2018-01/2018-09.",
    "FigureSpec.measure": "value, volume, count or unspecified.",
    "FigureSpec.measure_basis": "Whether the measure is stated, inferred or assumed.",
    "FigureSpec.quantity": "The quantity it states: a quantity key (needed for a change).",
    "FigureSpec.whole": "For a share (a percentage that is not a change): the whole it is a "
    "share of, a quantity key; for a change in percentage points, the whole of the share "
    "that changed (quantity is its part).",
    "FigureSpec.ranking": "For a rank: the ranking it places the subject in.",
}

# Examples for tables no bundled seed uses.
EXAMPLES: dict[str, dict[str, Any]] = {
    "qualifiers": {
        "name": "roughly",
        "low_mode": "factor",
        "low_factor": 0.9,
        "high_mode": "factor",
        "high_factor": 1.1,
        "description": "Roughly the number: within 10% either side.",
    },
}


def _tables(schema: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(path, $def name, array of tables?) for every table, parents first."""

    def walk(properties: dict[str, Any], at: str) -> Iterator[tuple[str, str, bool]]:
        for name, prop in properties.items():
            ref, array = _ref(prop)
            if ref is not None:
                path = f"{at}.{name}" if at else name
                yield path, ref, array
                yield from walk(schema["$defs"][ref]["properties"], path)

    yield from walk(schema["properties"], "")


def _ref(prop: dict[str, Any]) -> tuple[str | None, bool]:
    """The $def a property holds (a table or an array of tables), and whether it is an array;
    an optional table (``[table]``) is one of a $ref or null."""
    optional = [v for v in prop.get("anyOf", []) if "$ref" in v]
    if optional:
        return optional[0]["$ref"].rsplit("/", 1)[1], False
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[1], False
    items = prop.get("items", {})
    if "$ref" in items:
        return items["$ref"].rsplit("/", 1)[1], True
    return None, False


def seed_json_schema() -> dict[str, Any]:
    """The seed format as a JSON Schema (draft 2020-12), every field described."""
    schema = SeedFile.model_json_schema()
    for name, definition in [("SeedFile", schema), *schema["$defs"].items()]:
        definition["description"] = TABLE_NOTES.get(name) or _docstring(definition)
        for field, prop in definition["properties"].items():
            note = FIELD_NOTES.get(f"{name}.{field}") or FIELD_NOTES.get(field)
            ref, _array = _ref(prop)
            if note is None and ref is not None:  # a table: the table's own description
                note = TABLE_NOTES.get(ref) or _docstring(schema["$defs"][ref])
            prop.setdefault("description", note)
            if prop["description"] is None:
                del prop["description"]
            prop.pop("title", None)
        definition.pop("title", None)
    return {
        "$schema": DRAFT,
        "title": "dbtool seed file",
        **schema,
    }


def _docstring(definition: dict[str, Any]) -> str | None:
    text = definition.get("description")
    if not text:
        return None
    return " ".join(text.split("\n\n")[0].split()).replace("``", "`")


def schema_text() -> str:
    """The JSON Schema as committed: indented, keys in the model's order, one final newline."""
    return json.dumps(seed_json_schema(), indent=2, ensure_ascii=False) + "\n"


def seed_format_markdown(seeds: list[Path]) -> str:
    """The seed format reference, with examples from ``seeds`` (the bundled corpus)."""
    schema = seed_json_schema()
    examples = _examples(seeds)
    lines = [
        "# Seed file format",
        "",
        "<!-- Generated from dbtool/seedformat/model.py by dbtool/seedformat/schema.py; "
        "do not edit. Regenerate: DBTOOL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest "
        "tests/seedformat/test_seed_format.py -->",
        "",
        schema["description"],
        "",
        f"The same format as a JSON Schema: [`{SCHEMA_FILE}`]({SCHEMA_FILE}) (also "
        "`dbtool seed --schema`). Editors that use Taplo (Even Better TOML in VS Code, "
        "and others) complete and validate a seed as it is typed when its first line "
        f"names the schema, as the seeds `dbtool draft` writes do: `#:schema "
        f"../docs/{SCHEMA_FILE}` (a path relative to the seed file).",
        "",
        "Every row that quotes the text has a `quote` that must occur verbatim in it "
        "(with `occurrence` when it occurs more than once). Keys name rows: entities "
        "(places, organisations, people, events, agreements) share one namespace, and "
        "entities and quantities are global, so a document may use a key an earlier "
        "document declared. `dbtool seed` reports every problem of a file at once, "
        "one located line each; `dbtool lint` lists the text's numbers no figure covers.",
        "",
        "Tables:",
        "",
    ]
    tables = list(_tables(schema))
    for path, _ref_name, array in tables:
        header = f"[[{path}]]" if array else f"[{path}]"
        lines.append(f"- [`{header}`](#{_anchor(header)})")
    lines.append("")
    for path, ref, array in tables:
        header = f"[[{path}]]" if array else f"[{path}]"
        definition = schema["$defs"][ref]
        lines += [f"## `{header}`", "", definition.get("description") or "", ""]
        lines += _field_table(definition)
        example = examples.get(path)
        if example is not None:
            lines += ["", "Example:", "", "```toml", *_example(path, example, array), "```"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _anchor(header: str) -> str:
    return "".join(c for c in header.lower() if c.isalnum() or c in "-_ ").replace(" ", "-")


def _field_table(definition: dict[str, Any]) -> list[str]:
    required = set(definition.get("required", []))
    rows = ["| field | type | required | allowed values or default | what it is |"]
    rows.append("| --- | --- | --- | --- | --- |")
    props = definition["properties"]
    order = [f for f in props if f != "reviewed"] + (["reviewed"] if "reviewed" in props else [])
    for field in order:
        prop = props[field]
        allowed = _allowed(prop)
        if field not in required and "default" in prop and prop["default"] not in (None, []):
            default = f"default `{json.dumps(prop['default'], ensure_ascii=False)}`"
            allowed = f"{allowed}; {default}" if allowed else default
        cells = [
            f"`{field}`",
            _type(prop),
            "yes" if field in required else "",
            allowed,
            (prop.get("description") or "").replace("|", "\\|"),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _variants(prop: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]


def _type(prop: dict[str, Any]) -> str:
    names = []
    for variant in _variants(prop):
        ref, array = _ref(variant)
        if ref is not None:
            names.append("array of tables" if array else "table")
        elif variant.get("type") == "array":
            names.append(f"array of {variant.get('items', {}).get('type', 'values')}s")
        elif variant.get("format") == "date":
            names.append("date")
        elif "enum" in variant:
            names.append("string")
        else:
            names.append(
                {"number": "number", "integer": "integer"}.get(
                    variant.get("type"), variant.get("type", "")
                )
            )
    return " or ".join(dict.fromkeys(names))


def _allowed(prop: dict[str, Any]) -> str:
    parts = []
    for variant in _variants(prop):
        if "enum" in variant:
            parts.append(", ".join(f"`{v}`" for v in variant["enum"]))
        if "pattern" in variant:
            parts.append(f"matching `{variant['pattern']}`")
        if "minimum" in variant:
            parts.append(f"≥ {variant['minimum']}")
        if "minLength" in variant:
            parts.append("not empty")
        if "minItems" in variant:
            parts.append(f"at least {variant['minItems']}")
    return "; ".join(parts)


def _examples(seeds: list[Path]) -> dict[str, Any]:
    """The first row of each table (and nested table) in the seeds, in load order."""
    found: dict[str, Any] = {}

    def visit(path: str, item: Any) -> None:
        if isinstance(item, list):
            if item and all(isinstance(x, dict) for x in item):
                found.setdefault(path, item[0])
                for element in item:
                    visit(path, element)
        elif isinstance(item, dict):
            if path:
                found.setdefault(path, item)
            for name, sub in item.items():
                visit(f"{path}.{name}" if path else name, sub)

    for seed in seeds:
        if seed.name != "corpus.toml":
            visit("", tomllib.loads(seed.read_text(encoding="utf-8")))
    return {**EXAMPLES, **found}


def _example(path: str, row: dict[str, Any], array: bool) -> list[str]:
    """A row as TOML, without the tables nested in it (they have examples of their own)."""
    flat = {
        k: v
        for k, v in row.items()
        if not _is_rows(v) and not (isinstance(v, dict) and k != "dateline")
    }
    return tomltext.table(path, flat, array=array)


def _is_rows(item: Any) -> bool:
    return isinstance(item, list) and bool(item) and all(isinstance(x, dict) for x in item)
