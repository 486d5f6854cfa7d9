"""The building blocks every spec of the seed format shares: keys, names, strictness.

Apart from :mod:`dbtool.seedformat.model` so that the table mapping
(:mod:`dbtool.seedformat.tablespec`), which the model holds, is built from the
same blocks without importing the model.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict

Key = str  # lower-case slug, validated by the pattern below
KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def literal(values: tuple[str, ...]) -> object:
    """A ``Literal`` type from the enumerations the schema's CHECKs use."""
    return Literal[values]  # type: ignore[valid-type]


def clean_name(text: str) -> str:
    """A name as people read it: NFC-normalised, with no control, bidi or zero-width characters.

    Such characters are invisible in reports and terminals, so "ALROSA" with a
    zero-width space would look like ALROSA and be another entity.
    """
    if text.isascii() and text.isprintable():  # most names: nothing to find or normalise
        return text
    for index, char in enumerate(text):
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs"):
            raise ValueError(
                f"invisible or control character U+{ord(char):04X} at position {index + 1}"
            )
    return unicodedata.normalize("NFC", text)


Name = Annotated[str, AfterValidator(clean_name)]


class Strict(BaseModel):
    # NaN and infinity are never figures: "inf" would load and break every later check.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def once(items: list[object], what: str) -> None:
    """Refuse a repeated item: a second identical row would only be a typo."""
    seen: set[object] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"{what} {item!r} is given twice")
        seen.add(item)
