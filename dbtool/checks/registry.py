"""Every check rule, declared once where its code is: name, severity, description.

A rule is a function from :class:`~dbtool.checks.facts.Facts` to findings;
``@rule("name", severity=…, description=…)`` registers it. The
``check_rules`` table is filled from these declarations when a database is
created, upgraded or checked (:func:`dbtool.checks.engine.sync_rules`): a
new rule arrives with its code, and a team's own severity for a rule (an
``UPDATE check_rules SET severity = 'warn'``) is kept. The documentation's
rule table is tested against them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dbtool.checks import Finding
    from dbtool.checks.facts import Facts

Severity = Literal["fail", "warn"]
RuleFunction = Callable[["Facts"], Iterator["Finding"]]


@dataclass(frozen=True)
class RuleSpec:
    """A rule's identity and its code."""

    name: str
    severity: Severity
    description: str
    run: RuleFunction


# In the order reports list them: declaration order.
RULES: dict[str, RuleSpec] = {}


def declare(name: str, severity: Severity, description: str, run: RuleFunction) -> RuleSpec:
    """Register ``run`` as the rule ``name``; a name is declared once."""
    if name in RULES:
        raise ValueError(f"rule {name!r} is declared twice")
    spec = RuleSpec(name, severity, " ".join(description.split()), run)
    RULES[name] = spec
    return spec


def rule(
    name: str, *, severity: Severity, description: str
) -> Callable[[RuleFunction], RuleFunction]:
    """Decorate a function of ``Facts`` as the rule ``name``."""

    def register(function: RuleFunction) -> RuleFunction:
        declare(name, severity, description, function)
        return function

    return register
