"""Hostile tests: queries that try to write or escape, and kills in the middle of a run."""
