"""Rules of money: one currency, payments within the value, payments for results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from outsourcing._base.violations import Severity
from outsourcing._models.contract import Contract
from outsourcing._models.money import Money, exact
from outsourcing._models.schedule import MilestoneKind, MilestoneStatus
from outsourcing._rules.machinery import Finding, rule

__all__ = ["payment_for_results", "payments_within_value", "single_currency"]

_WARNING = Severity.WARNING


@rule("SINGLE_CURRENCY", description="Every amount is in the contract's currency.")
def single_currency(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    currency = contract.currency
    for i, m in enumerate(contract.milestones):
        if m.payment is not None and m.payment.currency != currency:
            yield Finding(
                f"$.milestones[{i}].payment.currency",
                f"the payment is in {m.payment.currency}, the contract in {currency}; state every "
                "amount in the contract's currency",
            )
    for i, kpi in enumerate(contract.kpis):
        if kpi.credits is not None and kpi.credits.fee.currency != currency:
            yield Finding(
                f"$.kpis[{i}].credits.fee.currency",
                f"the service-credit fee is in {kpi.credits.fee.currency}, the contract in "
                f"{currency}; state every amount in the contract's currency",
            )
    for i, change in enumerate(contract.change_requests):
        cost = change.cost_impact
        if cost is not None and cost.currency != currency:
            yield Finding(
                f"$.change_requests[{i}].cost_impact.currency",
                f"the cost impact of {change.id!r} is in {cost.currency}, the contract in "
                f"{currency}; state every amount in the contract's currency",
            )


@rule(
    "PAYMENTS_WITHIN_VALUE",
    description="Milestone payments (of milestones not cancelled) add up to at most the contract "
    "value.",
)
def payments_within_value(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    value = contract.value
    total = Decimal(0)
    for i, m in enumerate(contract.milestones):
        pay = m.payment
        if pay is None or pay.currency != value.currency or m.status is MilestoneStatus.CANCELLED:
            continue
        with exact():
            total += pay.amount
        if total > value.amount:
            yield Finding(
                f"$.milestones[{i}].payment",
                f"with this payment the milestone payments add up to "
                f"{Money(total, value.currency)}, more than the contract value {value}; lower the "
                "payments or raise the value",
            )
            return


@rule(
    "PAYMENT_FOR_RESULTS",
    severity=_WARNING,
    description="A payment milestone carries at least one deliverable.",
)
def payment_for_results(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for i, m in enumerate(contract.milestones):
        if (m.payment is not None or m.kind is MilestoneKind.PAYMENT) and not m.deliverable_ids:
            yield Finding(
                f"$.milestones[{i}].deliverable_ids",
                f"payment milestone {m.id!r} pays for no deliverable; tie the payment to the "
                "results it pays for",
            )
