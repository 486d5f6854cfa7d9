"""Drafting the mapping of a table file: ``dbtool draft FILE.csv`` (or ``.xlsx``).

A table says less than it seems: its header names columns ("value_usd_million")
but not the quantities, its rows name countries but not their keys. The
draft reads what it can and says what it guessed: the first column of text
names each row's entity (matched to the entities the database knows, by key,
name or alias; the others declared as new places, for review); every column
of numbers is a quantity, its unit and scale read from the header's words
("usd million", "thousand carats", "usd per carat"); a price column beside a
value and a volume is their ratio; each value or volume column gives a
ranking (partial: a table rarely lists everything that ranks). The period is
a year in the file's name or a column of years. The draft loads as written;
a person checks the lines marked ``# check:`` (the units, the period) first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dbtool.core.columnunits import ColumnUnit, column_unit
from dbtool.draft.drafter import DraftContext
from dbtool.seedformat import tomltext
from dbtool.seedformat.tables import cell_number, entity_key, table_format, table_rows

YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
# Header words that say how a column is written, not what it counts.
UNIT_WORDS = {
    "usd", "eur", "gbp", "million", "thousand", "billion", "mn", "bn", "per", "carat", "carats",
    "ct", "cts", "tonnes", "tonne", "in", "of",
}  # fmt: skip
# Words of a file's name that say which table it is, not what it measures.
NAME_NOISE = re.compile(r"^(?:\d+|top\d+|table|data|stats?)$")
MEASURES = {"money": "value", "price": "value", "volume": "volume", "count": "count"}


@dataclass
class TableDraft:
    """A drafted table seed: its TOML, and what the draft found (for the summary)."""

    slug: str
    toml: str
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    known: int = 0
    declared: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.slug}: {self.rows} rows, {len(self.columns)} columns of quantities "
            f"({', '.join(self.columns)}), {self.known} entities known, {len(self.declared)} "
            "declared as new places; check the lines marked '# check:' (units, period)"
        )


class TableDraftError(ValueError):
    """The file cannot be drafted: not a table, or no column of numbers."""


def draft_table(
    path: Path, file_name: str, context: DraftContext, schema: str | None = None
) -> TableDraft:
    """The drafted seed of the table at ``path``, naming it ``file_name`` (relative to the
    seed) and the JSON Schema at ``schema``."""
    kind = table_format(path.name)
    if kind is None:
        raise TableDraftError("not a table file: give a .csv or .xlsx")
    try:
        rows = [r for r in table_rows(path.read_bytes(), kind) if any(c.strip() for c in r)]
    except ValueError as exc:
        raise TableDraftError(str(exc)) from None
    if len(rows) < 2:
        raise TableDraftError("no header and rows to draft from")
    header, body = [c.strip() for c in rows[0]], rows[1:]
    columns = _columns(header, body)
    entity = next((name for name, unit in columns if unit is None), None)
    quantities = [(name, unit) for name, unit in columns if unit is not None]
    if entity is None or not quantities:
        raise TableDraftError("needs a column of names and at least one column of numbers")
    slug = entity_key(path.stem)
    base = "-".join(w for w in slug.split("-") if not NAME_NOISE.match(w) and not YEAR.match(w))
    draft = TableDraft(slug, "", [name for name, _ in quantities], len(body))
    position = header.index(entity)
    labels = list(dict.fromkeys(_cell(row, position) for row in body if _cell(row, position)))
    lines = _document(slug, path, file_name, schema)
    lines += _mapping(header, body, entity, quantities, base or slug, YEAR.search(path.stem))
    lines += _entities(labels, entity, path.name, context, draft)
    draft.toml = "\n".join(lines) + "\n"
    return draft


def _cell(row: Sequence[str], position: int) -> str:
    return row[position].strip() if position < len(row) else ""


def _columns(header: list[str], body: list[tuple[str, ...]]) -> list[tuple[str, ColumnUnit | None]]:
    """Each named column with its unit when its cells are numbers (None: a column of text;
    a column of years is left out: it is the period)."""
    found: list[tuple[str, ColumnUnit | None]] = []
    for position, name in enumerate(header):
        cells = [_cell(row, position) for row in body if _cell(row, position)]
        if not name or not cells or _is_period(name, cells):
            continue
        numbers = sum(cell_number(c) is not None for c in cells)
        if numbers < len(cells) / 2:
            found.append((name, None))
        else:
            found.append((name, _unit(name)))
    return found


def _is_period(name: str, cells: list[str]) -> bool:
    return name.lower() in ("year", "period") or all(YEAR.fullmatch(c) for c in cells)


def _unit(header: str) -> ColumnUnit:
    """The unit a header's words name ("value_usd_million": USD × 10⁶); a count of the
    header's own noun when they name none."""
    words = header.replace("_", " ").replace("-", " ")
    return column_unit(words) or ColumnUnit("count", words, Decimal(1))


def _period_column(header: list[str], body: list[tuple[str, ...]]) -> str | None:
    for position, name in enumerate(header):
        cells = [_cell(row, position) for row in body if _cell(row, position)]
        if name and cells and _is_period(name, cells):
            return name
    return None


def _document(slug: str, path: Path, file_name: str, schema: str | None) -> list[str]:
    date = dt.date.fromtimestamp(path.stat().st_mtime)
    lines = [f"#:schema {schema}"] if schema else []
    lines += tomltext.comment(
        f"Drafted by `dbtool draft` from {path.name}: a table, each cell a figure of its row's\n"
        "entity. Review the lines marked '# check:' first, then the rest; `dbtool lint` lists\n"
        "what is not reviewed yet."
    )
    lines += [""]
    lines += tomltext.table(
        "document",
        {
            "slug": slug,
            "title": path.stem.replace("-", " ").replace("_", " ").capitalize(),
            "file": file_name,
            "published_on": date,
            "published_on_basis": "inferred",
            "date_note": "The file's date, as drafted: give the date it was published.",
        },
        array=False,
    )
    return lines


def _mapping(
    header: list[str],
    body: list[tuple[str, ...]],
    entity: str,
    quantities: list[tuple[str, ColumnUnit]],
    base: str,
    year: re.Match[str] | None,
) -> list[str]:
    """The [table] block: the entity column, the period (a column of years, else a year in
    the file's name), each column of numbers, a ratio, and a ranking per value or volume."""
    period_column = _period_column(header, body)
    lines = ["", "[table]"]
    lines += [
        'publisher = "Who published the table: check"',
        'citation = "Where it comes from, as a reader would cite it: check"',
        f"entity_column = {tomltext.value(entity)}",
    ]
    if period_column is not None:
        lines.append(f"period_column = {tomltext.value(period_column)}")
    else:
        guess = year.group(0) if year else "YYYY"
        lines.append(f'period = "{guess}"  # check: the period every row states')
    for name, unit in quantities:
        lines += _column(name, unit, base)
    lines += _ratios(quantities)
    for name, unit in quantities:
        if unit.unit != "count" and "_per_" not in unit.unit:
            ranking = {
                "key": f"{base}-by-{_what(name, base)}"[:100],
                "name": f"Rows of {base.replace('-', ' ')}, by {name}",
                "column": name,
            }
            lines += ["", *tomltext.table("table.rankings", ranking)]
    return lines


def _what(header: str, base: str) -> str:
    """What a column measures, from its header without its unit words: "value"."""
    words = [w for w in re.split(r"[^a-z0-9]+", header.lower()) if w and w not in UNIT_WORDS]
    return "-".join(words) or entity_key(header) or base


def _column(name: str, unit: ColumnUnit, base: str) -> list[str]:
    scale = {1: "", 1_000: " thousand", 1_000_000: " million", 1_000_000_000: " billion"}
    written = {
        "carat": f"{scale.get(int(unit.scale), '').strip()} carats".strip(),
        "tonne": f"{scale.get(int(unit.scale), '').strip()} tonnes".strip(),
    }.get(unit.unit, f"{unit.declared}{scale.get(int(unit.scale), '')}")
    kind = "price" if "_per_" in unit.unit else "money" if unit.unit.isupper() else None
    measure = MEASURES.get(kind or ("volume" if unit.unit in ("carat", "tonne") else "count"))
    flow = measure in ("value", "volume") and kind != "price"
    row = {
        "column": name,
        "quantity": f"{base}-{_what(name, base)}"[:90],
        "name": f"{{entity}}: {base.replace('-', ' ')}, {name}",
        "unit": written,
        "measure": measure,
        "flow": flow,
    }
    lines = ["", *tomltext.table("table.columns", row)]
    at = next(i for i, line in enumerate(lines) if line.startswith("unit = "))
    lines[at] += "  # check: the unit and scale the cells are written in"
    return lines


def _ratios(quantities: list[tuple[str, ColumnUnit]]) -> list[str]:
    """A price column beside one value and one volume column: price = value / volume."""
    prices = [n for n, u in quantities if u.unit.endswith("_per_carat")]
    values = [n for n, u in quantities if u.unit.isupper()]
    volumes = [n for n, u in quantities if u.unit == "carat"]
    if len(prices) != 1 or len(values) != 1 or len(volumes) != 1:
        return []
    ratio = {"result": prices[0], "numerator": values[0], "denominator": volumes[0]}
    return ["", *tomltext.table("table.ratios", ratio)]


def _entities(
    labels: list[str], column: str, file: str, context: DraftContext, draft: TableDraft
) -> list[str]:
    """Aliases for the entities known by another name; new places for the others."""
    by_name = {n.casefold(): e.key for e in context.entities for n in (e.name, *e.names)}
    keys = {e.key for e in context.entities}
    aliases, lines = {}, []
    for label in labels:
        key = entity_key(label)
        if key in keys:
            draft.known += 1
        elif label.casefold() in by_name:
            aliases[label] = by_name[label.casefold()]
            draft.known += 1
        else:
            draft.declared.append(key)
            place = {
                "key": key,
                "name": label,
                "type": "country",
                "quote": f"row {label}, column {column}: {label}",
                "reviewed": False,
            }
            lines += ["", *tomltext.table("places", place)]
    if aliases:
        lines = [
            "",
            "[table.aliases]",
            *(f"{tomltext.key(k)} = {tomltext.value(v)}" for k, v in aliases.items()),
            *lines,
        ]
    return lines
