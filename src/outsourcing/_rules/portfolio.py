"""Rules that look across contracts: a portfolio's own small catalogue, and how such rules are made.

A portfolio is a sequence of contracts. A portfolio rule's check takes it and the ``as_of`` date
and yields :class:`PortfolioFinding` objects, each naming the contracts and places involved: the
same story as :func:`outsourcing.rule` for one contract.

Contracts know their partners and people by ids that are unique within one contract. Across
contracts, a partner is matched by its id (give a supplier the same id, such as its registry
number, in every contract) and a person by e-mail address (case folded), else by id.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

import attrs

from outsourcing._base import collector as _gc
from outsourcing._base.violations import Severity
from outsourcing._models import checks
from outsourcing._models.access import AccessGrant
from outsourcing._models.contract import Contract
from outsourcing._models.functions import OfficeClass
from outsourcing._models.kpis import KPI, Direction
from outsourcing._models.money import exactly
from outsourcing._models.partners import PartnerRole
from outsourcing.exceptions import InvalidValueError, UnknownRuleError


class PortfolioPlace(NamedTuple):
    """One place in one contract of a portfolio.

    Args:
        contract_id: The contract's id.
        path: Where in that contract's document, as a JSON path such as ``$.access_grants[2]``.
    """

    contract_id: str
    path: str

    def __str__(self) -> str:
        return f"{self.contract_id}:{self.path}"


class PortfolioFinding(NamedTuple):
    """What a portfolio rule's check yields: the places involved and what to do about it.

    Args:
        places: The contracts and paths the finding is about.
        message: What is wrong, and what to do about it.
    """

    places: tuple[PortfolioPlace, ...]
    message: str


@attrs.frozen(kw_only=True)
class PortfolioViolation:
    """One broken portfolio rule, at the places in the contracts it names.

    Args:
        code: The rule's code, such as ``PORTFOLIO_SUPPLIER_SHARE``.
        severity: ``error`` or ``warning``.
        places: The contracts and paths involved.
        message: What is wrong and what to do about it.
    """

    code: str
    severity: Severity
    places: tuple[PortfolioPlace, ...]
    message: str

    @property
    def contract_ids(self) -> tuple[str, ...]:
        """The ids of the contracts involved, each once, in order."""
        return tuple(dict.fromkeys(p.contract_id for p in self.places))

    def __str__(self) -> str:
        where = ", ".join(self.contract_ids)
        return f"{self.severity.value:<7} {self.code:<22} [{where}]: {self.message}"


PortfolioCheck = Callable[[Sequence[Contract], dt.date | None], Iterable[PortfolioFinding]]
"""A portfolio rule's check: given the contracts and the ``as_of`` date, yield its findings."""


@attrs.frozen(kw_only=True)
class PortfolioRule:
    """A rule over a whole portfolio. Make one with :func:`portfolio_rule`.

    Args:
        code: A stable UPPER_SNAKE_CASE code.
        severity: ``error`` or ``warning``.
        description: The rule in one sentence.
        check: The function that finds the violations.
        needs_as_of: Whether :func:`validate_portfolio` skips the rule without an ``as_of`` date.
    """

    code: str = attrs.field(validator=checks.text)
    severity: Severity = attrs.field(validator=checks.member(Severity))
    description: str = attrs.field(validator=checks.text)
    check: PortfolioCheck = attrs.field(eq=False)
    needs_as_of: bool = False

    def __call__(
        self, contracts: Sequence[Contract], as_of: dt.date | None = None
    ) -> Iterator[PortfolioViolation]:
        """Yield this rule's violations in the portfolio."""
        for places, message in self.check(contracts, as_of):
            yield PortfolioViolation(
                code=self.code, severity=self.severity, places=tuple(places), message=message
            )


def portfolio_rule(
    code: str,
    *,
    severity: Severity = Severity.WARNING,
    description: str,
    needs_as_of: bool = False,
) -> Callable[[PortfolioCheck], PortfolioRule]:
    """Turn a check over a sequence of contracts into a :class:`PortfolioRule`.

    >>> from outsourcing import PortfolioFinding, PortfolioPlace, portfolio_rule
    >>> @portfolio_rule("PORTFOLIO_TITLES_UNIQUE", description="No two contracts share a title.")
    ... def titles_unique(contracts, as_of):
    ...     seen = {}
    ...     for contract in contracts:
    ...         if contract.title in seen:
    ...             places = (
    ...                 PortfolioPlace(seen[contract.title], "$.title"),
    ...                 PortfolioPlace(contract.id, "$.title"),
    ...             )
    ...             yield PortfolioFinding(places, "give each contract a title of its own")
    ...         seen.setdefault(contract.title, contract.id)

    Args:
        code: A stable UPPER_SNAKE_CASE code of your own.
        severity: ``Severity.WARNING`` (the default: portfolio rules are mostly about exposure)
            or ``Severity.ERROR``.
        description: The rule in one sentence.
        needs_as_of: Whether the check is only meaningful as of a date.
    """

    def decorate(check: PortfolioCheck) -> PortfolioRule:
        return PortfolioRule(
            code=code,
            severity=severity,
            description=description,
            check=check,
            needs_as_of=needs_as_of,
        )

    return decorate


@attrs.frozen(kw_only=True)
class PortfolioReport:
    """Everything the portfolio rules found.

    Args:
        violations: All violations found, in catalogue order.
        as_of: The date time-dependent rules were judged on, if any.
        skipped: Codes of rules that need an ``as_of`` date and were not run without one.
    """

    violations: tuple[PortfolioViolation, ...] = ()
    as_of: dt.date | None = None
    skipped: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether there are no errors (warnings are allowed)."""
        return not any(v.severity is Severity.ERROR for v in self.violations)

    @property
    def codes(self) -> frozenset[str]:
        """The codes of all rules that were broken."""
        return frozenset(v.code for v in self.violations)

    def __iter__(self) -> Iterator[PortfolioViolation]:
        return iter(self.violations)

    def __len__(self) -> int:
        return len(self.violations)

    def __str__(self) -> str:
        head = "no portfolio findings" if not self.violations else "portfolio findings:"
        lines = [head, *(f"  {v}" for v in self.violations)]
        if self.skipped:
            lines.append(f"  (not run without an as_of date: {', '.join(self.skipped)})")
        return "\n".join(lines)


# -- the catalogue ---------------------------------------------------------------------------

SUPPLIER_SHARE_PERCENT = Decimal(40)
"""The share of a portfolio's value above which one supplier is a concentration risk."""
BACK_OFFICE_WRITE_CONTRACTS = 3
"""In how many contracts one person may hold back-office write access before it is flagged."""
REPEATED_BREACH_CONTRACTS = 2
"""In how many contracts a partner's KPIs may be breached before it is flagged."""


@portfolio_rule(
    "PORTFOLIO_SUPPLIER_SHARE",
    description="No supplier holds more than 40% of the portfolio's value in a currency.",
)
def supplier_share(
    contracts: Sequence[Contract],
    as_of: dt.date | None,  # noqa: ARG001 - every portfolio rule takes it
) -> Iterator[PortfolioFinding]:
    """Each contract's whole value counts for each of its suppliers, per currency."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    held: dict[tuple[str, str], list[PortfolioPlace]] = defaultdict(list)
    shares: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    counted: dict[str, int] = defaultdict(int)
    for contract in contracts:
        currency = contract.value.currency
        totals[currency] += contract.value.amount
        counted[currency] += 1
        for index, party in enumerate(contract.parties):
            if party.role is PartnerRole.SUPPLIER:
                held[currency, party.id].append(PortfolioPlace(contract.id, f"$.parties[{index}]"))
                shares[currency, party.id] += contract.value.amount
    for (currency, supplier), places in held.items():
        total = totals[currency]
        if counted[currency] < 2 or total <= 0:
            continue
        percent = shares[currency, supplier] * 100 / total
        if percent > SUPPLIER_SHARE_PERCENT:
            yield PortfolioFinding(
                tuple(places),
                f"supplier {supplier!r} holds {percent:.1f}% of the portfolio's {currency} value "
                f"({len(places)} of {counted[currency]} contracts): above "
                f"{SUPPLIER_SHARE_PERCENT}%, plan a second source or an exit",
            )


def _person_key(contract: Contract, person_id: str) -> str:
    for person in contract.people:
        if person.id == person_id and person.email:
            return person.email.casefold()
    return person_id


def _in_force(grant: AccessGrant, as_of: dt.date | None) -> bool:
    if as_of is None:
        return grant.revoked_on is None
    if grant.revoked_on is not None and grant.revoked_on <= as_of:
        return False
    return grant.granted_on <= as_of and (grant.expires_on is None or as_of <= grant.expires_on)


@portfolio_rule(
    "PORTFOLIO_BACK_OFFICE_WRITE",
    description="No person holds back-office write access in three contracts or more.",
)
def back_office_write(
    contracts: Sequence[Contract], as_of: dt.date | None
) -> Iterator[PortfolioFinding]:
    """Grants in force on ``as_of`` (without a date: those not revoked)."""
    held: dict[str, dict[str, PortfolioPlace]] = defaultdict(dict)
    for contract in contracts:
        for index, grant in enumerate(contract.access_grants):
            if (
                grant.system_class is OfficeClass.BACK_OFFICE
                and grant.level.changes_data
                and _in_force(grant, as_of)
            ):
                key = _person_key(contract, grant.grantee_id)
                held[key].setdefault(
                    contract.id, PortfolioPlace(contract.id, f"$.access_grants[{index}]")
                )
    for person, places in held.items():
        if len(places) >= BACK_OFFICE_WRITE_CONTRACTS:
            yield PortfolioFinding(
                tuple(places.values()),
                f"{person} can change data in back-office systems in {len(places)} contracts: "
                "one person's mistake or misuse reaches all of them; review the grants",
            )


def _breached(kpi: KPI, as_of: dt.date | None) -> int:
    def worse(value: Decimal) -> bool:
        if kpi.direction is Direction.HIGHER_IS_BETTER:
            return value < kpi.target
        return value > kpi.target

    return sum(1 for m in kpi.measurements if (as_of is None or m.on <= as_of) and worse(m.value))


def _answering_partners(contract: Contract, kpi: KPI) -> tuple[str, ...]:
    if kpi.owner_id is not None:
        for party in contract.parties:
            if party.id == kpi.owner_id:
                return (party.id,)
        for person in contract.people:
            if person.id == kpi.owner_id:
                return (person.partner_id,)
    return tuple(p.id for p in contract.providers)


@portfolio_rule(
    "PORTFOLIO_REPEATED_BREACHES",
    description="No partner breaches KPI targets in two contracts or more.",
)
def repeated_breaches(
    contracts: Sequence[Contract], as_of: dt.date | None
) -> Iterator[PortfolioFinding]:
    """A KPI answers to its owner's partner, or, without an owner, to the contract's providers."""
    held: dict[str, dict[str, list[PortfolioPlace]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[str, int] = defaultdict(int)
    for contract in contracts:
        client = {p.id for p in contract.parties if p.role is PartnerRole.CLIENT}
        for index, kpi in enumerate(contract.kpis):
            breaches = _breached(kpi, as_of)
            if not breaches:
                continue
            for partner in _answering_partners(contract, kpi):
                if partner not in client:
                    held[partner][contract.id].append(
                        PortfolioPlace(contract.id, f"$.kpis[{index}]")
                    )
                    counts[partner] += breaches
    for partner, by_contract in held.items():
        if len(by_contract) >= REPEATED_BREACH_CONTRACTS:
            places = tuple(p for found in by_contract.values() for p in found)
            yield PortfolioFinding(
                places,
                f"partner {partner!r} breached KPI targets {counts[partner]} times in "
                f"{len(by_contract)} contracts: raise it at the partnership review",
            )


PORTFOLIO_CATALOGUE: Mapping[str, PortfolioRule] = MappingProxyType(
    {r.code: r for r in (supplier_share, back_office_write, repeated_breaches)}
)
"""The built-in portfolio rules by code, in the order :func:`validate_portfolio` runs them."""


def _resolve(
    rules: Iterable[PortfolioRule | str] | PortfolioRule | str | None,
) -> tuple[PortfolioRule, ...]:
    if rules is None:
        return tuple(PORTFOLIO_CATALOGUE.values())
    if isinstance(rules, str | PortfolioRule):
        rules = (rules,)
    resolved: list[PortfolioRule] = []
    for item in rules:
        if isinstance(item, PortfolioRule):
            resolved.append(item)
        elif isinstance(item, str) and item in PORTFOLIO_CATALOGUE:
            resolved.append(PORTFOLIO_CATALOGUE[item])
        elif isinstance(item, str):
            raise UnknownRuleError(item, tuple(PORTFOLIO_CATALOGUE))
        else:
            raise InvalidValueError(
                "validate_portfolio(rules=...)", item, "a PortfolioRule or a portfolio code"
            )
    return tuple(resolved)


@exactly
def validate_portfolio(
    contracts: Iterable[Contract],
    *,
    as_of: dt.date | None = None,
    rules: Iterable[PortfolioRule | str] | PortfolioRule | str | None = None,
) -> PortfolioReport:
    """Check a portfolio of contracts against the portfolio rules and report every violation.

    Args:
        contracts: The portfolio.
        as_of: The date to judge time-dependent rules on (access in force, measurements so far).
        rules: The rules to run instead of :data:`PORTFOLIO_CATALOGUE`: rules of your own, codes
            of the catalogue, or a mix.

    Raises:
        UnknownRuleError: A code in ``rules`` is not in the catalogue.
        InvalidValueError: ``contracts`` holds something other than contracts.
    """
    portfolio = tuple(contracts)
    for contract in portfolio:
        if not isinstance(contract, Contract):
            raise InvalidValueError("validate_portfolio(contracts)", contract, "Contract objects")
    chosen = _resolve(rules)
    violations: list[PortfolioViolation] = []
    skipped: list[str] = []
    with _gc.paused():
        for r in chosen:
            if r.needs_as_of and as_of is None:
                skipped.append(r.code)
                continue
            violations.extend(r(portfolio, as_of))
    return PortfolioReport(violations=tuple(violations), as_of=as_of, skipped=tuple(skipped))
