"""TOML text for seed files: the small part of TOML they use, with room for comments.

The standard library reads TOML but does not write it, and a seed is meant to
be read and edited by a person: ``dbtool draft`` puts a comment above a row
where it is unsure, and the format reference shows rows as they are typed.
So this writes tables, arrays of tables and the values seeds hold (strings,
numbers, booleans, dates, lists, inline tables), nothing more. Every string
is a basic string with JSON's escapes, which TOML shares.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# The JSON Schema of the seed format, as seed files name it in a ``#:schema`` first line
# (Taplo's directive: a path relative to the seed file, or a URL).
SCHEMA_FILE = "seed-format.schema.json"


def value(item: Any) -> str:
    """One TOML value: ``"text"``, ``338_700_000``, ``0.05``, ``true``, ``2018-10-10``, …"""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int) or (
        isinstance(item, float) and item.is_integer() and abs(item) < 1e15
    ):
        return f"{int(item):_}" if abs(item) >= 10_000 else str(int(item))
    if isinstance(item, float):
        if not math.isfinite(item):
            raise ValueError(f"a seed holds finite numbers only, not {item}")
        return repr(item)
    if isinstance(item, dt.date):
        return item.isoformat()
    if isinstance(item, str):
        return json.dumps(item, ensure_ascii=False)
    if isinstance(item, Mapping):
        pairs = [f"{key(k)} = {value(v)}" for k, v in item.items() if v is not None]
        return "{ " + ", ".join(pairs) + " }"
    if isinstance(item, Iterable):
        return "[" + ", ".join(value(v) for v in item) + "]"
    raise TypeError(f"no TOML value for {type(item).__name__}")


def key(name: str) -> str:
    return name if _BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)


def comment(text: str) -> list[str]:
    """``# text`` lines, one per line of ``text``."""
    return [f"# {line}".rstrip() for line in text.splitlines() or [""]]


def table(header: str, row: Mapping[str, Any], array: bool = True) -> list[str]:
    """``[[header]]`` (or ``[header]``) and its ``key = value`` lines; None values are left out.

    Nested tables and arrays of tables (an event's ``date`` and ``participants``)
    follow their parent's plain values, as TOML requires.
    """
    lines = [f"[[{header}]]" if array else f"[{header}]"]
    nested: list[str] = []
    for name, item in row.items():
        if item is None:
            continue
        if isinstance(item, Mapping) and not _inline(item):
            nested += ["", *table(f"{header}.{name}", item, array=False)]
        elif _rows(item):
            for sub in item:
                nested += ["", *table(f"{header}.{name}", sub)]
        else:
            lines.append(f"{key(name)} = {value(item)}")
    return lines + nested


def _inline(item: Mapping[str, Any]) -> bool:
    """Small tables without nested tables read best inline: ``{ place = "moscow", … }``."""
    return len(value(item)) <= 90 and not any(isinstance(v, Mapping | list) for v in item.values())


def _rows(item: Any) -> bool:
    return isinstance(item, list) and bool(item) and all(isinstance(x, Mapping) for x in item)
