"""Rules of money: one currency, whole minor units, payments within the value, for results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from outsourcing._base.violations import Severity
from outsourcing._models.codes import exponent
from outsourcing._models.contract import Contract, charge_horizon
from outsourcing._models.money import Money, exact
from outsourcing._models.schedule import MilestoneKind, MilestoneStatus
from outsourcing._rules.machinery import Finding, rule

__all__ = ["minor_units", "payment_for_results", "payments_within_value", "single_currency"]

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
    billed: list[tuple[str, int, str, Money]] = [
        ("recurring_charges", i, f.id, f.amount) for i, f in enumerate(contract.recurring_charges)
    ]
    billed += [("transactions", i, t.id, t.amount) for i, t in enumerate(contract.transactions)]
    for name, i, id_, amount in billed:
        if amount.currency != currency:
            yield Finding(
                f"$.{name}[{i}].amount.currency",
                f"{id_!r} is in {amount.currency}, the contract in {currency}; state every "
                "amount in the contract's currency",
            )


def _whole(amount: Decimal, places: int) -> bool:
    """Whether an amount is a whole number of minor units (most are written with few places)."""
    if amount.as_tuple().exponent >= -places:  # type: ignore[operator] # finite: an int
        return True
    whole: bool = (Fraction(amount) * 10**places).denominator == 1
    return whole


def _amounts(contract: Contract) -> Iterator[tuple[str, Money]]:
    """Every amount that is paid or invoiced, with its path."""
    yield "$.value", contract.value
    for i, m in enumerate(contract.milestones):
        if m.payment is not None:
            yield f"$.milestones[{i}].payment", m.payment
    for i, kpi in enumerate(contract.kpis):
        if kpi.credits is not None:
            yield f"$.kpis[{i}].credits.fee", kpi.credits.fee
    for i, change in enumerate(contract.change_requests):
        if change.cost_impact is not None:
            yield f"$.change_requests[{i}].cost_impact", change.cost_impact
    for i, charge in enumerate(contract.recurring_charges):
        yield f"$.recurring_charges[{i}].amount", charge.amount
    for i, t in enumerate(contract.transactions):
        yield f"$.transactions[{i}].amount", t.amount


@rule(
    "MINOR_UNITS",
    description="Every amount that is paid or invoiced (the value, milestone payments, service "
    "credit fees, cost impacts, recurring charges, transactions) is a whole number of minor units "
    "of its currency (ISO 4217: 2 decimals for USD, 0 for JPY, 3 for KWD). Rates and "
    "percentages may carry more.",
)
def minor_units(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for path, money in _amounts(contract):
        places = exponent(money.currency)
        if not _whole(money.amount, places):
            yield Finding(
                f"{path}.amount",
                f"{money.amount} {money.currency} is not a whole number of minor units "
                f"({places} decimal{'' if places == 1 else 's'} for {money.currency}); nobody can "
                "pay it: round it (Money.round) or split it (Money.allocate)",
            )


@rule(
    "PAYMENTS_WITHIN_VALUE",
    description="Milestone payments (of milestones not cancelled) and the recurring charges over "
    "the term add up to at most the contract value, give or take one minor unit of its currency "
    "(rounding).",
)
def payments_within_value(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    value = contract.value
    # One minor unit of rounding is allowed: 259,658.29 paid against a value of 259,658.286.
    with exact():
        ceiling = value.amount + Decimal(1).scaleb(-exponent(value.currency))
    total = Decimal(0)
    for i, charge in enumerate(contract.recurring_charges):
        last_day = charge_horizon(charge, contract.term)
        if charge.amount.currency != value.currency or last_day is None:
            continue  # a charge with no end, in an open-ended term, adds up to no total
        for line in charge.lines(last_day, contract.rounding):
            with exact():
                total += line.amount.amount
        if total > ceiling:
            yield Finding(
                f"$.recurring_charges[{i}]",
                f"with this charge over the term the recurring charges add up to "
                f"{Money(total, value.currency)}, more than the contract value {value}; lower the "
                "charges or raise the value",
            )
            return
    for i, m in enumerate(contract.milestones):
        pay = m.payment
        if pay is None or pay.currency != value.currency or m.status is MilestoneStatus.CANCELLED:
            continue
        with exact():
            total += pay.amount
        if total > ceiling:
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
