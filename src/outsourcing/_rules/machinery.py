"""How rules are made and what they report: rules, violations and the report of a validation."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import attrs

from outsourcing._base.violations import Severity, Violation
from outsourcing._models import checks
from outsourcing._models.contract import Contract
from outsourcing.exceptions import InvalidValueError, UnknownRuleError

_CODE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")


class Finding(NamedTuple):
    """What a rule's check yields: where the problem is and what to do about it.

    A plain ``(path, message)`` tuple works as well.

    Args:
        path: Where in the document, as a JSON path such as ``$.milestones[3].due``.
        message: What is wrong, and what to do about it.
    """

    path: str
    message: str


Check = Callable[["Contract", dt.date | None], Iterable[Finding | tuple[str, str]]]
"""A rule's check: given a contract and the ``as_of`` date (or ``None``), yield its findings."""


def _code(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or not _CODE.fullmatch(value):
        checks.fail(inst, attribute, value, "an UPPER_SNAKE_CASE code such as 'OWNER_REQUIRED'")


@attrs.frozen(kw_only=True)
class Rule:
    """A rule of the catalogue, or one of your own.

    Make one with the :func:`rule` decorator. Calling a rule runs its check and turns each finding
    into a :class:`Violation` with the rule's code and severity.

    Args:
        code: A stable UPPER_SNAKE_CASE code.
        severity: ``error`` (the contract is broken) or ``warning`` (it is probably incomplete).
        description: The rule in one sentence, as the catalogue lists it.
        check: The function that finds the violations.
        needs_as_of: Whether the rule is about a moment in time; :func:`validate` skips it (and
            says so in the report's ``skipped``) when no ``as_of`` date is given.
    """

    code: str = attrs.field(validator=_code)
    severity: Severity = attrs.field(validator=checks.member(Severity))
    description: str = attrs.field(validator=checks.text)
    check: Check = attrs.field(eq=False)
    needs_as_of: bool = False

    def __call__(self, contract: Contract, as_of: dt.date | None = None) -> Iterator[Violation]:
        """Yield this rule's violations in ``contract``."""
        for path, message in self.check(contract, as_of):
            yield Violation(code=self.code, severity=self.severity, path=path, message=message)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle a rule made with :func:`rule` at a module's top level by where its check is.

        The decorator binds the module's name to the rule, so its check function cannot be
        pickled by name; the rule is rebuilt from that module's rule instead (a copy with another
        severity included, as rule sets make). Other rules pickle as usual.
        """
        check = self.check
        module, name = getattr(check, "__module__", None), getattr(check, "__qualname__", "")
        made = getattr(importlib.import_module(module), name, None) if module else None
        fields = {a.name: getattr(self, a.name) for a in attrs.fields(Rule) if a.name != "check"}
        if isinstance(made, Rule) and made.check is check:
            return (_rebuilt, (fields, module, name))
        return (_rebuilt, ({**fields, "check": check},))


def _rebuilt(fields: dict[str, Any], module: str | None = None, name: str = "") -> Rule:
    """A rule from its fields, its check that of the rule ``module.name`` if given (for pickle)."""
    if module is None:
        return Rule(**fields)
    return Rule(**fields, check=getattr(importlib.import_module(module), name).check)


def rule(
    code: str,
    *,
    severity: Severity = Severity.ERROR,
    description: str,
    needs_as_of: bool = False,
) -> Callable[[Check], Rule]:
    """Turn a check function into a :class:`Rule`.

    The function takes the contract and the ``as_of`` date (``None`` when none was given) and yields
    ``(path, message)`` pairs, one per violation:

    >>> from outsourcing import Finding, rule, validate, example_contract
    >>> @rule("TITLE_SHORT", severity=Severity.WARNING, description="Titles fit on a slide.")
    ... def title_short(contract, as_of):
    ...     if len(contract.title) > 40:
    ...         yield Finding("$.title", "shorten the title to 40 characters or fewer")
    >>> validate(example_contract(), rules=[title_short]).ok
    True

    Args:
        code: A stable UPPER_SNAKE_CASE code of your own (don't reuse the catalogue's).
        severity: ``Severity.ERROR`` or ``Severity.WARNING``.
        description: The rule in one sentence.
        needs_as_of: Whether the check is only meaningful as of a date.
    """

    def decorate(check: Check) -> Rule:
        return Rule(
            code=code,
            severity=severity,
            description=description,
            check=check,
            needs_as_of=needs_as_of,
        )

    return decorate


@attrs.frozen(kw_only=True)
class Report:
    """Everything a validation found, errors and warnings, in catalogue order.

    Iterate over it for the :class:`Violation` objects; ``str(report)`` renders it for people.

    Args:
        violations: All violations found.
        as_of: The date time-dependent rules were judged on, if any.
        skipped: Codes of rules that need an ``as_of`` date and were not run without one.
    """

    violations: tuple[Violation, ...] = ()
    as_of: dt.date | None = None
    skipped: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether there are no errors (warnings are allowed)."""
        return not any(v.severity is Severity.ERROR for v in self.violations)

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The violations of error severity."""
        return tuple(v for v in self.violations if v.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Violation, ...]:
        """The violations of warning severity."""
        return tuple(v for v in self.violations if v.severity is Severity.WARNING)

    @property
    def codes(self) -> frozenset[str]:
        """The codes of all rules that were broken."""
        return frozenset(v.code for v in self.violations)

    def by_code(self, code: str) -> tuple[Violation, ...]:
        """The violations of one rule."""
        return tuple(v for v in self.violations if v.code == code)

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.violations)

    def __len__(self) -> int:
        return len(self.violations)

    def __str__(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        head = "valid" if self.ok else "INVALID"
        lines = [f"{head}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"]
        lines.extend(f"  {v}" for v in self.violations)
        if self.skipped:
            lines.append(f"  (not run without an as_of date: {', '.join(self.skipped)})")
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def resolve_rules(
    rules: Iterable[Rule | str] | Rule | str | None, catalogue: Mapping[str, Rule]
) -> tuple[Rule, ...]:
    """Turn a mix of rules and catalogue codes into rules, refusing unknown codes."""
    if rules is None:
        return tuple(catalogue.values())
    if isinstance(rules, str | Rule):
        rules = (rules,)
    resolved: list[Rule] = []
    for item in rules:
        if isinstance(item, Rule):
            resolved.append(item)
        elif isinstance(item, str) and item in catalogue:
            resolved.append(catalogue[item])
        elif isinstance(item, str):
            raise UnknownRuleError(item, tuple(catalogue))
        else:
            raise InvalidValueError("validate(rules=...)", item, "a Rule or a catalogue code")
    return tuple(resolved)
