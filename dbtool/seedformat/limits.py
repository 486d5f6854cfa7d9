"""How much a seed file may ask dbtool to read, and from where: one object, its defaults here.

A seed is data, and data must not make dbtool read ``/etc/passwd`` or
``/dev/zero`` into the database, nor hold it for minutes with a gigabyte of
TOML. The limits travel together from the command line to every place a
seed or its text is read (``read_seed``, the read-ahead workers, ``lint``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_SEED_BYTES = 5_000_000  # --max-seed-bytes: about 10,000 figures
MAX_TEXT_BYTES = 10_000_000  # --max-text-bytes


@dataclass(frozen=True)
class SeedLimits:
    """Where a seed may read its text from (besides its own folder), and how large
    the seed and the text may be."""

    allow_dirs: tuple[Path, ...] = field(default=())
    max_text_bytes: int = MAX_TEXT_BYTES
    max_seed_bytes: int = MAX_SEED_BYTES

    def __post_init__(self) -> None:
        object.__setattr__(self, "allow_dirs", tuple(Path(d) for d in self.allow_dirs))
