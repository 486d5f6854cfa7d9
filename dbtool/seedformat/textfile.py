"""The text a seed names, read under the limits a seed is held to.

Apart from validation (which needs pydantic) so that ``dbtool draft`` reads a
press release under the same rules without importing it.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from dbtool.errors import SeedError
from dbtool.seedformat.limits import SeedLimits


def document_text(path: Path, file: str, limits: SeedLimits = SeedLimits()) -> str:
    """The text a seed names, read only from the seed's own folder (or an allowed one)."""
    try:
        return document_bytes(path, file, limits).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SeedError(path, "document.file", f"{file!r} is not UTF-8 text") from None


def document_bytes(path: Path, file: str, limits: SeedLimits = SeedLimits()) -> bytes:
    """The bytes of the file a seed names (a text, or a table), read only from the seed's own
    folder (or an allowed one).

    A seed is data, and data must not make dbtool read ``/etc/passwd`` or
    ``/dev/zero`` into the database: the file must resolve, symlinks
    followed, inside an allowed folder, be a regular file and not too large.
    The error for a path outside says nothing of whether it exists.
    """
    try:
        folders = _folders(path.parent.absolute(), tuple(d.absolute() for d in limits.allow_dirs))
        # A plain file beside the seed is inside: nothing to resolve.
        status = _beside(path, file)
        candidate = folders[0] / file if status else (path.parent / file).resolve()
    except (OSError, ValueError) as exc:  # an embedded NUL, a loop of symlinks
        raise SeedError(path, "document.file", f"{file!r} is not a usable path ({exc})") from None
    if not any(candidate.is_relative_to(folder) for folder in folders):
        raise SeedError(
            path,
            "document.file",
            f"{file!r} is outside the seed's folder; a seed reads only texts beside it (or in a "
            "folder given with --allow-dir)",
        )
    try:
        status = status or candidate.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise SeedError(path, "document.file", f"no such file: {path.parent / file}") from None
    except OSError as exc:
        raise SeedError(path, "document.file", f"cannot read {file!r}: {exc.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise SeedError(path, "document.file", f"{file!r} is not a regular file")
    max_bytes = limits.max_text_bytes
    if status.st_size > max_bytes:
        raise SeedError(
            path, "document.file", f"{file!r} is larger than {max_bytes:,} bytes (--max-text-bytes)"
        )
    return candidate.read_bytes()


def _beside(path: Path, file: str) -> os.stat_result | None:
    """The status of ``file`` when it is a name (no folder) of a regular file, not a symlink,
    in the seed's folder: then it is inside that folder without resolving every component
    of its path, which costs more than reading the text. None otherwise."""
    if not file or file in (".", "..") or "/" in file or os.sep in file or "\0" in file:
        return None
    try:
        status = os.lstat(path.parent / file)
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


@functools.lru_cache(maxsize=64)
def _folders(parent: Path, allow_dirs: tuple[Path, ...]) -> list[Path]:
    """The folders a seed in ``parent`` may read from (absolute paths), resolved once per
    folder rather than once per seed: a load of thousands of seeds shares a few folders."""
    return [parent.resolve(), *(d.resolve() for d in allow_dirs)]
