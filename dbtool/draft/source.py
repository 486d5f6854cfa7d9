"""What ``dbtool draft`` reads and writes, under the limits ``dbtool seed`` keeps.

A press release is as hostile as a seed: it may be a FIFO that never ends, a
device, a symlink to ``/etc/passwd``, fifty megabytes of one line, or hold
characters the loader refuses. So the text is read exactly as a seed's text
is (``document_text``: a regular file in its own folder or an allowed one, at
most ``--max-text-bytes``), and a text the loader would refuse is refused
here, with the same words and a line and column, so that every draft that
``draft`` writes loads. The draft is written without ever following a
symlink, and a failed write leaves no file.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from dbtool.errors import OutputError, SeedError, UsageError
from dbtool.seedformat.limits import SeedLimits
from dbtool.seedformat.textfile import document_text

# Characters the loader refuses in a name (``seedformat.model``'s invisible or control
# characters); a draft takes its names from the text, so the text may not hold them.
# Line breaks are white space the draft never puts in a name (a tab may end up in one).
REFUSED_CATEGORIES = ("Cc", "Cf", "Co", "Cs")
# Runs of digits a text may hold for draft and lint to read it. A seed holds at most
# about 10,000 figures (--max-seed-bytes); a text with many more numbers would draft
# into a seed that does not load, after minutes of work. Counted in one regex pass.
MAX_NUMBERS = 20_000
_DIGITS = re.compile(r"\d+")
ALLOWED_CONTROLS = frozenset("\n\r")


def read_release(path: Path, limits: SeedLimits = SeedLimits()) -> str:
    """The text of a press release, or a ``UsageError`` naming the file and the problem."""
    if not os.path.lexists(path):
        raise UsageError(f"{path}: no such file")
    try:
        text = document_text(path, path.name, limits)
    except SeedError as exc:
        raise UsageError(f"{path}: {exc.problem}") from None
    refuse_invisible(path, text)
    refuse_too_many_numbers(path, text)
    return text


def refuse_too_many_numbers(path: Path, text: str) -> None:
    """Refuse a text with more than ``MAX_NUMBERS`` runs of digits (see there)."""
    count = sum(1 for _ in itertools.islice(_DIGITS.finditer(text), MAX_NUMBERS + 1))
    if count > MAX_NUMBERS:
        raise UsageError(
            f"{path}: the text holds more than {MAX_NUMBERS:,} numbers; a seed holds at most "
            "about 10,000 figures: split the text into its releases"
        )


def refuse_invisible(path: Path, text: str) -> None:
    """Refuse a text with a control, bidi or zero-width character, at its line and column."""
    if text.isascii():
        found = next(
            (i for i, char in enumerate(text) if char < " " and char not in ALLOWED_CONTROLS),
            None,
        )
    else:
        found = next((i for i, char in enumerate(text) if _refused(char)), None)
    if found is None:
        return
    line = text.count("\n", 0, found) + 1
    column = found - (text.rfind("\n", 0, found) + 1) + 1
    raise UsageError(
        f"{path}: line {line}, column {column}: invisible or control character "
        f"U+{ord(text[found]):04X}, which a seed may not hold; remove it from the text"
    )


def _refused(char: str) -> bool:
    return char not in ALLOWED_CONTROLS and unicodedata.category(char) in REFUSED_CATEGORIES


def check_destination(out: Path, force: bool) -> None:
    """Refuse, before any work, a ``--out`` that exists (unless ``force``), is a symlink
    (even a dangling one: writing through it would create its target), or whose folder
    does not exist."""
    if out.is_symlink():
        raise UsageError(f"{out} is a symlink; dbtool never writes through one: choose a path")
    if os.path.lexists(out) and not force:
        raise UsageError(f"{out} exists; choose another --out, or --force to overwrite it")
    if os.path.lexists(out) and not out.is_file():
        raise UsageError(f"{out} is not a regular file; choose another --out")
    if not out.parent.is_dir():
        raise UsageError(f"{out}: folder {out.parent} does not exist")


def write_draft(out: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``out`` whole or not at all: into a new file beside it, then moved
    into place (``force``) or linked (never replacing a file that appeared meanwhile).
    Neither follows a symlink at ``out``."""
    check_destination(out, force)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if force:
            os.replace(temporary, out)
        else:
            os.link(temporary, out)
    except FileExistsError:
        raise UsageError(
            f"{out} exists; choose another --out, or --force to overwrite it"
        ) from None
    except OSError as exc:
        raise OutputError(out, exc) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
