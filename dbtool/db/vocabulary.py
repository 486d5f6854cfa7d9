"""The closed lists of values the schema allows: one definition for everyone.

The models turn each into a named CHECK, the seed-file format into an
allowed value, and the reports read them without importing SQLAlchemy (so
this module imports only the unit table, which imports nothing). A
migration never imports this module: it spells out the values its revision
created, frozen.
"""

from __future__ import annotations

from dbtool.core.units import UNITS as CORE_UNITS

ENTITY_KINDS = ("organisation", "person", "place", "event", "agreement")
ORGANISATION_TYPES = (
    "trade_body",
    "mining_company",
    "city_government",
    "port_authority",
    "state",
    "industry_council",
    "certification_scheme",
    "company",
)
PLACE_TYPES = ("city", "country", "region", "continent", "world")
EVENT_TYPES = ("mission", "ceremony")
DATE_BASES = ("stated", "inferred")
# A document's own date may also be known to the month only ("Moscow, August 2018").
DOCUMENT_DATE_BASES = (*DATE_BASES, "month")
PARTS = ("organiser", "cooperating_partner", "leading_partner", "partner", "present", "signatory")
COMMITMENT_KINDS = ("objective", "commitment", "reaffirmation", "ongoing_practice", "intent")
# Units a figure is stated in: see dbtool.core.units for what each measures.
UNITS = CORE_UNITS
MEASURES = ("value", "volume", "count", "unspecified")
BASES = ("stated", "inferred", "assumed")
LINK_RELATIONS = ("part_of", "same_as")
BOUND_MODES = ("precision", "value", "factor", "unbounded")
PRECISION_RULES = ("half_last_digit", "exact", "exact_unless_scaled")
# A percentage change goes up or down; the seed gives its size as written.
DIRECTIONS = ("up", "down")
# A change is stated in one of these; the first two (relative, and absolute of a share)
# are written as a size and a direction, a factor ("doubled") as itself.
SIGNED_CHANGE_UNITS = ("percent", "percentage_point")
CHANGE_UNITS = (*SIGNED_CHANGE_UNITS, "factor")
# A comparison says the first side is higher, lower or unchanged against the other.
COMPARISON_RELATIONS = ("higher", "lower", "unchanged")
# A document is a text (a release) or a table (statistics: a CSV or XLSX file).
DOCUMENT_KINDS = ("text", "table")
# A table document is read from one of these file formats.
TABLE_FORMATS = ("csv", "xlsx")
# A series ranking ranks the months, quarters or years within a period.
RANKING_STEPS = ("month", "quarter", "year")
# A sum's terms are added or subtracted (net = imports - exports).
SIGNS = (1, -1)


# Check runs: what a finding can say, and how bad a rule's violation is.
STATUSES = ("pass", "warn", "fail", "info")
SEVERITIES = ("warn", "fail")
