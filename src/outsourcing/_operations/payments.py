"""What has been paid, what may be paid now, and what remains: the payment schedule as of a date."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from outsourcing._models.contract import Contract
from outsourcing._models.money import Money
from outsourcing._models.schedule import MilestoneStatus
from outsourcing._operations.kpi_results import service_credits
from outsourcing._operations.lifecycle import due_as_of, milestone_status_as_of, payable


class PaymentState(enum.Enum):
    """Where one milestone payment stands, as of a date."""

    SCHEDULED = "scheduled"
    PAYABLE = "payable"
    PAID = "paid"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class PaymentLine:
    """One milestone payment.

    Args:
        milestone_id: The milestone that triggers it.
        title: The milestone's title.
        amount: What it pays.
        due: The milestone's due date as of the day of the schedule.
        state: Scheduled, payable, paid or cancelled.
        paid_on: When it was paid, if it was by then.
    """

    milestone_id: str
    title: str
    amount: Money
    due: dt.date
    state: PaymentState
    paid_on: dt.date | None = None


@attrs.frozen(kw_only=True)
class PaymentSchedule:
    """The payment schedule as of a date, with totals that always add up.

    ``paid + payable + remaining == total``, exactly. Payments of cancelled milestones are in no
    total. Service credits earned so far are netted against what is payable now:
    ``net_payable = payable - min(credits, payable)``, and what is left of the credits is
    ``credits_carried`` to later payments. The library does not record credits settled against
    earlier payments: ``credits`` is everything earned to date.

    Args:
        as_of: The day of the schedule.
        lines: One line per payment milestone, by due date.
        total: Every payment of a milestone that is not cancelled.
        paid: What was paid by ``as_of``.
        payable: What may be paid now: the milestone met and its deliverables accepted.
        remaining: What is not payable yet.
        credits: The service credits earned by ``as_of``.
        net_payable: ``payable`` less the credits.
        credits_carried: The credits that ``payable`` could not absorb.
    """

    as_of: dt.date
    lines: tuple[PaymentLine, ...]
    total: Money
    paid: Money
    payable: Money
    remaining: Money
    credits: Money
    net_payable: Money
    credits_carried: Money


def payment_schedule(contract: Contract, as_of: dt.date) -> PaymentSchedule:
    """Return the contract's payment schedule as of ``as_of``.

    A payment is *payable* once its milestone is ``met`` and every deliverable due at it is
    accepted, both by ``as_of``; a partially met milestone pays nothing (agree a change to pay a
    part). It is *paid* from its ``paid_on`` day.

    >>> import datetime as dt
    >>> from outsourcing import example_contract
    >>> from outsourcing.payments import payment_schedule
    >>> schedule = payment_schedule(example_contract(), dt.date(2026, 11, 22))
    >>> str(schedule.paid), str(schedule.payable), str(schedule.remaining)
    ('600,000 NOK', '0 NOK', '4,200,000 NOK')

    Raises:
        CurrencyMismatchError: An amount is in another currency (rule ``SINGLE_CURRENCY``).
    """
    zero = Money.zero(contract.currency)
    total = paid = due_now = zero
    lines: list[PaymentLine] = []
    for m in contract.milestones:
        if m.payment is None:
            continue
        paid_on = m.paid_on if m.paid_on is not None and m.paid_on <= as_of else None
        if paid_on is not None:
            state = PaymentState.PAID
        elif milestone_status_as_of(m, as_of) is MilestoneStatus.CANCELLED:
            state = PaymentState.CANCELLED
        elif payable(contract, m, as_of):
            state = PaymentState.PAYABLE
        else:
            state = PaymentState.SCHEDULED
        if state is not PaymentState.CANCELLED:
            total += m.payment
        if state is PaymentState.PAID:
            paid += m.payment
        elif state is PaymentState.PAYABLE:
            due_now += m.payment
        lines.append(
            PaymentLine(
                milestone_id=m.id,
                title=m.title,
                amount=m.payment,
                due=due_as_of(m, as_of),
                state=state,
                paid_on=paid_on,
            )
        )
    earned = service_credits(contract, as_of)
    absorbed = min(earned, due_now)
    return PaymentSchedule(
        as_of=as_of,
        lines=tuple(sorted(lines, key=lambda line: line.due)),
        total=total,
        paid=paid,
        payable=due_now,
        remaining=total - paid - due_now,
        credits=earned,
        net_payable=due_now - absorbed,
        credits_carried=earned - absorbed,
    )
