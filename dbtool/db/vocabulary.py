"""The closed lists of values the schema allows: one definition for everyone.

The models turn each into a named CHECK, the seed-file format into an
allowed value, and the reports read them without importing SQLAlchemy (so
this module imports nothing). A migration never imports this module: it
spells out the values its revision created, frozen.
"""

from __future__ import annotations

ENTITY_KINDS = ("organisation", "person", "place", "event", "agreement")
ORGANISATION_TYPES = (
    "trade_body",
    "mining_company",
    "city_government",
    "port_authority",
    "state",
    "industry_council",
    "certification_scheme",
)
PLACE_TYPES = ("city", "country")
EVENT_TYPES = ("mission", "ceremony")
DATE_BASES = ("stated", "inferred")
PARTS = ("organiser", "cooperating_partner", "leading_partner", "partner", "present", "signatory")
COMMITMENT_KINDS = ("objective", "commitment", "reaffirmation", "ongoing_practice", "intent")
UNITS = ("percent", "count", "USD", "rank", "year")
MEASURES = ("value", "volume", "count", "unspecified")
BASES = ("stated", "inferred", "assumed")
LINK_RELATIONS = ("part_of", "same_as")
BOUND_MODES = ("precision", "value", "factor", "unbounded")
PRECISION_RULES = ("half_last_digit", "exact")


# Check runs: what a finding can say, and how bad a rule's violation is.
STATUSES = ("pass", "warn", "fail", "info")
SEVERITIES = ("warn", "fail")
