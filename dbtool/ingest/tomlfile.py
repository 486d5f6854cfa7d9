"""TOML text to data: rtoml for speed, tomllib for the message when a file is not TOML.

The standard library's ``tomllib`` is pure Python: reading the seed files of
100,000 figures took 16 s, five times what writing their rows takes (issue
11). ``rtoml`` (Rust) reads them ten times faster and gives the same data.
When it refuses a text, ``tomllib`` reads it again, so a broken file is
reported in the words users know (or read, should the two ever disagree).
"""

from __future__ import annotations

import tomllib
from typing import Any

import rtoml


def load_toml(text: str) -> dict[str, Any]:
    """The data of a TOML document; ``tomllib.TOMLDecodeError`` when it is not one."""
    try:
        return rtoml.loads(text)
    except rtoml.TomlParsingError:
        return tomllib.loads(text)


def nesting(text: str) -> int:
    """How deep ``[`` and ``{`` nest in a TOML text, strings and comments aside (a bound, not
    a parse): a hostile file nested thousands deep must be refused before any parser recurses.
    """
    depth = deepest = 0
    quote = ""
    comment = False
    for char in text:
        if comment:
            comment = char != "\n"
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
