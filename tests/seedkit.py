"""Small hand-made seed files for rule tests, where the right answer is known.

``make_seed`` writes a document whose text is made of the figures' quotes,
and a seed file describing them, so each test states only what it is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

ENTITIES = {
    "places": [
        {"key": "freedonia", "name": "Freedonia", "type": "country", "quote": "Freedonia"},
        {
            "key": "fredville",
            "name": "Fredville",
            "type": "city",
            "country": "freedonia",
            "quote": "Fredville",
        },
        {"key": "sylvania", "name": "Sylvania", "type": "country", "quote": "Sylvania"},
    ],
    "organisations": [
        {"key": "acme", "name": "Acme Mining", "type": "mining_company", "quote": "Acme Mining"},
    ],
}


def quantity(key: str, measure: str = "count", unit: str | None = "clients") -> dict[str, Any]:
    row = {"key": key, "name": key.replace("-", " ").capitalize(), "measure": measure}
    return row | ({"unit": unit} if unit else {})


def figure(key: str, written: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
    """A figure whose quote is ``written`` in a sentence of its own."""
    row = {
        "key": key,
        "quote": f"{key} says {written}",
        "written": written,
        "value": value,
        "unit": unit,
        "subject": extra.pop("subject", "acme"),
        "metric": key,
        "measure": extra.pop("measure", "count" if unit == "count" else "value"),
    }
    return row | extra


def make_seed(
    folder: Path, slug: str = "tiny", declare: bool = True, **sections: list[dict[str, Any]]
) -> Path:
    """A document ``slug`` whose text holds the quotes of its rows; ``declare`` False leaves
    the shared entities to a document loaded before it (it then only mentions them)."""
    quoted = [row["quote"] for name in ("figures", "comparisons") for row in sections.get(name, [])]
    text = "Acme Mining of Fredville in Freedonia, and Sylvania. " + " ".join(
        dict.fromkeys(q + "." for q in quoted)
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.txt").write_text(text, encoding="utf-8")
    seed = {
        "document": {
            "slug": slug,
            "title": slug.capitalize(),
            "file": f"{slug}.txt",
            "published_on": "2020-01-01",
            "published_on_basis": "stated",
            "dateline": {"place": "fredville", "quote": "Fredville"},
        },
        **(ENTITIES if declare else {}),
        **sections,
    }
    path = folder / f"{slug}.toml"
    path.write_text(tomli_w.dumps(seed), encoding="utf-8")
    return path
