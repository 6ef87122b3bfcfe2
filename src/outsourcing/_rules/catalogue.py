"""The built-in rule catalogue, and :func:`validate`, which runs it.

The rules themselves live beside it, one module per area of the contract (``references``,
``work``, ``schedule``, ``money``, ``kpis``, ``access``, ``risks``, ``comms``, ``changes``). Every
rule reads the contract through the index built once per contract object
(:func:`outsourcing._rules.index.index_of`), so validation takes time linear in the size of the
contract. Each rule reports every violation it finds, with the place in the document and what to
do, and never stops at the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from outsourcing._base import collector as _gc
from outsourcing._base.violations import Severity, Violation
from outsourcing._models.contract import Contract
from outsourcing._models.money import exactly
from outsourcing._rules import (
    access,
    changes,
    comms,
    kpis,
    money,
    references,
    risks,
    schedule,
    work,
)
from outsourcing._rules.machinery import Report, Rule, resolve_rules

CATALOGUE: Mapping[str, Rule] = MappingProxyType(
    {
        r.code: r
        for r in (
            references.id_unique,
            references.ref_resolves,
            references.one_client,
            work.owner_required,
            work.responsible_required,
            work.raci_conflict,
            schedule.term_order,
            schedule.phases_sequential,
            schedule.milestone_in_term,
            schedule.deliverable_scheduled,
            money.single_currency,
            money.minor_units,
            money.payments_within_value,
            money.payment_for_results,
            kpis.kpi_coherent,
            kpis.kpi_owned,
            schedule.gate_before_next,
            access.access_within_term,
            access.access_back_office,
            risks.risk_treated,
            comms.comms_cadence,
            comms.support_defined,
            changes.change_approved,
            changes.change_within_policy,
            changes.amendments_contiguous,
            changes.change_authorized,
            changes.change_cost_declared,
        )
    }
)


"""The built-in rules by code, in the order :func:`validate` runs them."""

RULE_MODULES: Final = (references, work, schedule, money, kpis, access, risks, comms, changes)
"""The modules that define the catalogue's rules."""


@exactly
def validate(
    contract: Contract,
    *,
    as_of: dt.date | None = None,
    rules: Iterable[Rule | str] | Rule | str | None = None,
) -> Report:
    """Check a contract against the rule catalogue and report every violation at once.

    >>> from outsourcing import example_contract
    >>> report = validate(example_contract())
    >>> report.ok, len(report.errors)
    (True, 0)

    Args:
        contract: The contract to check.
        as_of: The date to judge time-dependent rules (such as ``GATE_BEFORE_NEXT``) on. Nothing
            reads the clock: without a date those rules are skipped and listed in
            the report's ``skipped``.
        rules: The rules to run instead of the whole catalogue: :class:`Rule` objects of your own,
            catalogue codes such as ``"OWNER_REQUIRED"``, or a mix. Add your rules to the
            catalogue with ``[*CATALOGUE.values(), my_rule]``.

    The garbage collector pauses while the rules run (see :func:`outsourcing.collector_untouched`
    to opt out), and is left as it was found.

    A rule that raises (a rule of your own that does not cope with a broken contract, say) does
    not take the report down: its findings up to then are kept, and it adds one ``error``
    violation under its own code, at ``$``, whose message names the exception. Every other rule
    runs as usual.

    Raises:
        UnknownRuleError: A code in ``rules`` is not in the catalogue.
    """
    chosen = resolve_rules(rules, CATALOGUE)
    violations: list[Violation] = []
    skipped: list[str] = []
    # The indexes of a large contract are big containers; each one allocated would let the
    # garbage collector walk the whole object graph again. Validation makes no reference cycles,
    # so the collector is paused while it runs.
    with _gc.paused():
        for r in chosen:
            if r.needs_as_of and as_of is None:
                skipped.append(r.code)
                continue
            violations.extend(_run(r, contract, as_of))
    return Report(violations=tuple(violations), as_of=as_of, skipped=tuple(skipped))


def _run(r: Rule, contract: Contract, as_of: dt.date | None) -> list[Violation]:
    """The rule's violations; if it raises, those found so far and one that says it failed."""
    found: list[Violation] = []
    try:
        found.extend(r(contract, as_of))
    except Exception as exc:  # noqa: BLE001 - reported as a violation of the rule that raised
        message = (
            f"the rule could not finish: {type(exc).__name__}: {exc}; a rule must cope with "
            "broken contracts (look ids up with default=None), so fix the rule"
        )
        found.append(Violation(code=r.code, severity=Severity.ERROR, path="$", message=message))
    return found
