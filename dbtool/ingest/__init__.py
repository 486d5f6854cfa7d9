"""Getting documents in: the seed-file format, its cross-references, wording, the loader."""
