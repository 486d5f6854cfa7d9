"""The last phase of a draft: the seed as TOML, commented where a person must decide.

Rows are written in the order a reviewer reads them: the document, candidate
entities (each with why the draft thinks it is one), mentions of known
entities, names of unknown kind (in comments only), quantities and
relations, then the figures. A figure the seed format cannot hold is
written commented out, with the reason, so ``dbtool lint`` still lists its
number.
"""

from __future__ import annotations

from typing import Any

from dbtool.draft.document import DocumentBlock
from dbtool.draft.figures import DraftFigure
from dbtool.draft.names import Entities
from dbtool.draft.registry import Registry
from dbtool.draft.text import TextMap
from dbtool.seedformat import tomltext

DRAFT_NOTE = (
    "Drafted by `dbtool draft`. Review every row marked reviewed = false (read the\n"
    "'unsure' comments first), then delete that line; `dbtool lint` lists what is left."
)
_GROUPS = (("places", "place"), ("organisations", "organisation"), ("people", "person"))


def write_toml(
    text: TextMap,
    document: DocumentBlock,
    entities: Entities,
    registry: Registry,
    figures: list[DraftFigure],
    schema: str | None,
) -> str:
    """The drafted seed, ready to load; ``schema`` is the ``#:schema`` line's path."""
    lines: list[str] = []
    if schema:
        lines += [f"#:schema {schema}", ""]
    lines += tomltext.comment(DRAFT_NOTE)
    lines += ["", *(f"# {c}" for c in document.comments)]
    lines += tomltext.table("document", document.row, array=False)
    lines += _entity_lines(text, entities)
    if registry.quantities or registry.rankings or registry.sums or registry.ratios:
        lines += ["", _rule("candidate quantities and relations")]
    for key, row in registry.quantities.items():
        measure = row["measure"]
        if measure in ("value", "volume") and measure not in row["name"].lower():
            row["name"] = f"{row['name']}, by {measure}"
        lines += [""] + [f"# {c}" for c in registry.comments.get(key, [])]
        lines += tomltext.table("quantities", _reviewed_last(row))
    for row in registry.rankings.values():
        lines += ["", *tomltext.table("rankings", row)]
    for table, rows in (
        ("sums", registry.sums),
        ("ratios", registry.ratios),
        ("partitions", registry.partitions),
        ("comparisons", registry.comparisons),
    ):
        for row, comments in rows:
            lines += ["", *(f"# {c}" for c in comments), *tomltext.table(table, row)]
    lines += ["", _rule("figures")]
    for figure in figures:
        lines += ["", *(f"# {c}" for c in figure.comments), *_figure_lines(figure)]
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def _entity_lines(text: TextMap, entities: Entities) -> list[str]:
    """Candidate entities, mentions of known ones, and names of unknown kind (comments)."""
    lines: list[str] = []
    known = [e for e in entities.found if e.known]
    new = [e for e in entities.found if not e.known and e.kind]
    unknown = [e for e in entities.found if not e.known and not e.kind]
    if new:
        lines += ["", _rule("candidate entities")]
    for group, kind in _GROUPS:
        for entity in sorted((e for e in new if e.kind == kind), key=lambda e: e.start):
            row = {"key": entity.key, "name": entity.name, **text.quoted(entity.start, entity.end)}
            if kind == "place":
                row["type"] = entity.type
            if kind == "organisation":
                row["type"] = entity.type
                row["short_name"] = entity.short_name
            row["reviewed"] = False
            lines += ["", f"# unsure: {entity.reason}; check the kind and the type"]
            lines += tomltext.table(group, row)
    if known:
        lines += ["", _rule("known entities, as the database names them")]
    for entity in sorted(known, key=lambda e: e.start):
        mention = {"entity": entity.key, **text.quoted(entity.start, entity.end)}
        lines += ["", *tomltext.table("mentions", mention)]
    for main, start, end in entities.aliases:
        lines += ["", f"# unsure: '{text.text[start:end]}' read as {main.name}"]
        lines += tomltext.table(
            "mentions", {"entity": main.key, **text.quoted(start, end), "reviewed": False}
        )
    if unknown:
        lines += ["", _rule("capitalised names of unknown kind")]
        lines += ["# Declare them as places, organisations or people, or leave them out:"]
        for entity in sorted(unknown, key=lambda e: e.start):
            line, column = text.line_column(entity.start)
            lines.append(f"#   {entity.name!r} (line {line}, column {column})")
    return lines


def _figure_lines(figure: DraftFigure) -> list[str]:
    """A figure's table, or, for one the format cannot hold, the table commented out."""
    if figure.skipped is None:
        return tomltext.table("figures", _reviewed_last(figure.row))
    row = figure.row or {
        "written": figure.number.written,
        "value": figure.number.value,
        "unit": figure.number.unit,
    }
    return [
        f"# not drafted: {figure.skipped}",
        *(f"# {line}" for line in tomltext.table("figures", row)),
    ]


def _reviewed_last(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "reviewed"} | {"reviewed": row.get("reviewed")}


def _rule(title: str) -> str:
    return f"# {'-' * max(3, 66 - len(title))} {title}"
