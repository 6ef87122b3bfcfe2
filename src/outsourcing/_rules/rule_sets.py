"""Rule sets: which rules of the catalogue apply to a kind of document, and at which severity.

A contract written in this library is judged by the whole catalogue (:data:`AUTHORED`): it names
an owner for each deliverable, a cadence of meetings, support after the launch. A contract
imported from published data (an Open Contracting release, a register, a spreadsheet) has none of
that, and never will: :data:`PUBLISHED` keeps only the rules that find what is wrong with the data
itself (dangling references, duplicate ids, inverted periods, payments above the value, mixed
currencies), and lowers to warnings those whose findings are odd rather than wrong there.

A rule set never raises a rule's severity and runs the catalogue's own checks, so what it reports
is always a part of what :func:`~outsourcing.validate` reports with the whole catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from outsourcing._base.violations import Severity
from outsourcing._models import checks
from outsourcing._rules.catalogue import CATALOGUE
from outsourcing._rules.machinery import Rule
from outsourcing.exceptions import InvalidValueError, UnknownRuleError

__all__ = ["AUTHORED", "PUBLISHED", "RULE_SETS", "RuleSet"]

_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def _name(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or not _NAME.fullmatch(value):
        checks.fail(inst, attribute, value, "a lower-case name such as 'published'")


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    found = tuple(value)
    seen: set[str] = set()
    for r in found:
        if not isinstance(r, Rule):
            raise InvalidValueError("RuleSet.rules", r, "a Rule (CATALOGUE['...'] or your own)")
        if r.code in seen:
            raise InvalidValueError("RuleSet.rules", r.code, "each rule's code once")
        seen.add(r.code)
    return found


@attrs.frozen(kw_only=True)
class RuleSet:
    """A named set of rules for one kind of document, each at the severity it has there.

    Pass one to :func:`~outsourcing.validate` (or :func:`outsourcing.changes.apply_change`) as
    ``rules``; iterate over it for its :class:`Rule` objects, in the order they run, or look one
    up by code:

    >>> from outsourcing import PUBLISHED, example_contract, validate
    >>> validate(example_contract(), rules=PUBLISHED).ok
    True
    >>> PUBLISHED["MINOR_UNITS"].severity
    <Severity.WARNING: 'warning'>
    >>> "OWNER_REQUIRED" in PUBLISHED
    False

    Make your own from the catalogue's rules and yours; ``attrs.evolve`` gives a rule another
    severity.

    Args:
        name: A short lower-case name, as the command line takes it (``--rule-set published``).
        description: Which documents the set is for, in a sentence.
        rules: The rules, each code once.
    """

    name: str = attrs.field(validator=_name)
    description: str = attrs.field(validator=checks.text)
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the rules, in the order they run."""
        return tuple(r.code for r in self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, item: object) -> bool:
        """Whether the set has a rule of this code (or this very rule)."""
        if isinstance(item, Rule):
            return item in self.rules
        return any(r.code == item for r in self.rules)

    def __getitem__(self, code: str) -> Rule:
        """The rule of this code.

        Raises:
            UnknownRuleError: The set has no rule of this code.
        """
        for r in self.rules:
            if r.code == code:
                return r
        raise UnknownRuleError(code, self.codes)


AUTHORED: Final = RuleSet(
    name="authored",
    description="Contracts written with this library: the whole catalogue, as validate() runs it "
    "by default.",
    rules=CATALOGUE.values(),
)
"""The whole catalogue at its own severities: for contracts written with this library."""

_WARNING = Severity.WARNING

# What each rule of the published set is there for (and why the others are not) is said on
# docs/rules.md, under "Rule sets"; a test keeps the two in step.
_PUBLISHED_SEVERITIES: Final[Mapping[str, Severity | None]] = {
    "ID_UNIQUE": None,  # None: the catalogue's own severity
    "REF_RESOLVES": None,
    "ONE_CLIENT": _WARNING,  # a buyer without a supplier named is a gap, not a contradiction
    "TERM_ORDER": None,
    "PHASES_SEQUENTIAL": _WARNING,
    "MILESTONE_IN_TERM": _WARNING,
    "SINGLE_CURRENCY": None,
    "MINOR_UNITS": _WARNING,  # published values often carry sub-cent amounts
    "PAYMENTS_WITHIN_VALUE": None,
    "KPI_COHERENT": None,
}


def _at(code: str, severity: Severity | None) -> Rule:
    found = CATALOGUE[code]
    return found if severity is None else attrs.evolve(found, severity=severity)


PUBLISHED: Final = RuleSet(
    name="published",
    description="Contracts imported from published or exported data (Open Contracting releases "
    "and the like): only what is wrong with the data itself.",
    rules=(_at(code, severity) for code, severity in _PUBLISHED_SEVERITIES.items()),
)
"""What is wrong with published or imported data itself, without the authoring rules.

Dangling references, duplicate ids, inverted periods, amounts in other currencies, payments above
the value beyond a minor unit and impossible KPI figures are errors; a missing client or supplier,
phases that overlap, milestones due outside the term and sub-cent amounts are warnings. None of the
rules that ask for what only an author adds (owners, RACI, schedules of deliverables, meetings,
support, the change process) runs.
"""

RULE_SETS: Final[Mapping[str, RuleSet]] = MappingProxyType(
    {s.name: s for s in (AUTHORED, PUBLISHED)}
)
"""The built-in rule sets by name, as the command line's ``--rule-set`` takes them."""
