"""TOML text to data: rtoml for speed, tomllib for the message when a file is not TOML.

The standard library's ``tomllib`` is pure Python: reading a large corpus's
seed files takes it longer than writing their rows. ``rtoml`` (Rust) reads
them many times faster and gives the same data.
When it refuses a text, ``tomllib`` reads it again, so a broken file is
reported in the words users know (or read, should the two ever disagree).

A hostile file nested thousands deep must be refused before a parser recurses
through it. rtoml stops by itself (it refuses nesting past its own limit, a
few dozen levels); ``tomllib`` is only given a text whose depth ``nesting``
has bounded first. So the scan runs for a file rtoml refuses, not for every
file: it costs about as much as parsing one.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import rtoml


class TooDeep(ValueError):
    """A text nests ``[`` and ``{`` deeper than the caller allows."""


def load_toml(text: str, max_nesting: int) -> dict[str, Any]:
    """The data of a TOML document; ``tomllib.TOMLDecodeError`` when it is not one, and
    ``TooDeep`` when it is not and nests deeper than ``max_nesting``."""
    try:
        return rtoml.loads(text)
    except rtoml.TomlParsingError:
        if nesting(text) > max_nesting:
            raise TooDeep(f"nested deeper than {max_nesting}") from None
        return tomllib.loads(text)


# A string (to its closing quote, or the end of an unterminated one), a comment, or a
# bracket: the scanner steps from token to token in C instead of char by char in Python.
_TOKENS = re.compile(r"\"[^\"]*\"?|'[^']*'?|#[^\n]*|[\[\]{}]")


def nesting(text: str) -> int:
    """How deep ``[`` and ``{`` nest in a TOML text, strings and comments aside (a bound, not
    a parse): a hostile file nested thousands deep must be refused before any parser recurses.
    """
    depth = deepest = 0
    for token in _TOKENS.findall(text):
        if token in ("[", "{"):
            depth += 1
            if depth > deepest:
                deepest = depth
        elif token in ("]", "}"):
            depth -= 1
    return deepest
