"""The rules the solver reports for: each one's severity and description, declared
here as every other rule's are beside its code (:mod:`dbtool.checks.registry`), and
what each says when it found nothing to check."""

from __future__ import annotations

from dbtool.checks.registry import Severity

# Each rule the solver reports for: its severity and description (see dbtool.checks.registry).
SOLVER_RULES: dict[str, tuple[Severity, str]] = {
    "count-share": (
        "fail",
        "Where a part and its whole are both counted, derive the share and check any stated "
        "share against it.",
    ),
    "implied-quantity": (
        "fail",
        "An amount and the share it is of imply the whole (and vice versa), period by period "
        "and in one dimension; what different claims imply of one quantity must agree.",
    ),
    "chained-share": (
        "fail",
        "A share of a share implies a share of the larger whole, in one period; a stated one "
        "must agree.",
    ),
    "change": (
        "fail",
        "A stated change agrees with the figures at both ends (in any document); with one "
        "end missing, it gives that end. A percentage is relative (level × (1 ± p/100)); "
        "percentage points are absolute, of a share (share − base share = ± points).",
    ),
    "sum-of-parts": (
        "fail",
        "A total agrees with the sum of its stated parts (USD 237.8 million, of which 228.3 "
        "rough and 9.5 polished).",
    ),
    "difference": (
        "fail",
        "A net figure agrees with the difference it is defined as (net rough imports = "
        "imports − exports).",
    ),
    "ratio": (
        "fail",
        "A price per unit agrees with value over volume, and changes compose: (1 + value "
        "change) = (1 + volume change) × (1 + price change).",
    ),
    "periods": (
        "fail",
        "Flow quantities add up over time: January–September − January–July = August + "
        "September; a month fits in its year-to-date total.",
    ),
    "same-period": (
        "fail",
        "Figures for the same quantity and period, in any documents, agree; a figure that "
        "declares it revises another is reported as a revision.",
    ),
}

NOTHING = {
    "count-share": "No part and whole are both counted; no share to derive.",
    "implied-quantity": "No amount and share combine to imply another quantity.",
    "chained-share": "No share is stated of a whole that is itself a share.",
    "change": "No stated change has a stated or derivable end to compare with.",
    "sum-of-parts": "No total is stated together with its parts.",
    "difference": "No net figure is stated with what it is the difference of.",
    "ratio": "No ratio (a price per unit) is stated with its value and volume.",
    "periods": "No flow quantity is stated for a period and a part of it.",
    "same-period": "No quantity is stated twice for the same period.",
}
