"""What has been paid, what may be paid now, and what remains: the payment and invoice schedules.

The invoice schedule is month by month: the lines of the recurring charges (each charge period
is invoiced in the month it starts, and payable in arrears, once its last day charged has passed)
and of the milestone payments (in the month the milestone is due, payable once it is met and its
deliverables accepted), the service credits of the month with the cap across KPIs, and what the
transactions settled. Paid, payable and remaining are derived from the transactions (and from a
milestone's ``paid_on`` where no transaction names it) and add up to the total exactly, in whole
minor units. A credit is settled by a credit note, so it is never deducted twice.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from outsourcing._models.billing import Transaction, TransactionKind
from outsourcing._models.contract import Contract, charge_horizon
from outsourcing._models.money import Money, exactly
from outsourcing._models.schedule import MilestoneStatus
from outsourcing._operations.kpi_results import PeriodCredit, period_credits
from outsourcing._operations.lifecycle import due_as_of, milestone_status_as_of, payable
from outsourcing.exceptions import InvalidValueError, TransitionError


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
    total. Service credits earned so far and not yet settled are netted against what is payable
    now: ``net_payable = payable - min(credits - credits_settled, payable)``, and what is left is
    ``credits_carried`` to later payments. A credit is settled by a credit note, or, for a payment
    recorded only with ``paid_on``, by that payment: credits earned by the day it was paid are
    taken as deducted from it (up to its amount). So no credit is deducted twice.

    Args:
        as_of: The day of the schedule.
        lines: One line per payment milestone, by due date.
        total: Every payment of a milestone that is not cancelled.
        paid: What was paid by ``as_of``.
        payable: What may be paid now: the milestone met and its deliverables accepted.
        remaining: What is not payable yet.
        credits: The service credits earned by ``as_of`` (after every cap).
        net_payable: ``payable`` less the credits not settled yet.
        credits_carried: The open credits that ``payable`` could not absorb.
        credits_settled: The credits settled by ``as_of``: by credit notes, or deducted from
            earlier payments.
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
    credits_settled: Money


class LineKind(enum.Enum):
    """What an invoice line is for: a recurring charge's period, or a milestone's payment."""

    CHARGE = "charge"
    MILESTONE = "milestone"


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """One line of the invoice schedule.

    Args:
        kind: A recurring charge or a milestone payment.
        source_id: The charge's or the milestone's id.
        title: What it is for.
        period: The first day of the invoice month it falls in.
        amount: What it costs, in whole minor units.
        due: The day it becomes payable: the last day charged, or the milestone's due date.
        state: Scheduled, payable, paid or cancelled, as of the day of the schedule.
        settled: What the transactions (or ``paid_on``) settled of it, at most ``amount``.
    """

    kind: LineKind
    source_id: str
    title: str
    period: dt.date
    amount: Money
    due: dt.date
    state: PaymentState
    settled: Money


@attrs.frozen(kw_only=True)
class InvoicePeriod:
    """One invoice month: its lines and its service credits.

    Args:
        start: The first day of the month.
        lines: The charge and milestone lines of the month.
        total: The lines that are not cancelled.
        credit: The month's service credits with the cap across KPIs, if any were earned.
    """

    start: dt.date
    lines: tuple[InvoiceLine, ...]
    total: Money
    credit: PeriodCredit | None = None


@attrs.frozen(kw_only=True)
class InvoiceSchedule:
    """The invoice schedule as of a date: month by month, with totals that always add up.

    ``paid + payable + remaining == total``, exactly, over recurring charges and milestones.
    ``net_payable = payable - min(credits - credits_settled, payable)``; the rest of the open
    credits is ``credits_carried``.

    Args:
        as_of: The day of the schedule.
        periods: The invoice months, oldest first.
        total: Every line that is not cancelled, over the whole term.
        paid: What the transactions settled of the lines by ``as_of``.
        payable: What may be paid now and is not settled yet.
        remaining: What is neither paid nor payable yet.
        credits: The service credits earned by ``as_of``, after every cap.
        credits_settled: The credits settled by credit notes (or deducted from earlier payments).
        net_payable: ``payable`` less the open credits.
        credits_carried: The open credits that ``payable`` could not absorb.
        unmatched: Transactions by ``as_of`` that settle nothing: an unlinked payment of an
            amount no open line has, a link to nothing, or more than what was open.
    """

    as_of: dt.date
    periods: tuple[InvoicePeriod, ...]
    total: Money
    paid: Money
    payable: Money
    remaining: Money
    credits: Money
    credits_settled: Money
    net_payable: Money
    credits_carried: Money
    unmatched: tuple[Transaction, ...] = ()

    @property
    def lines(self) -> tuple[InvoiceLine, ...]:
        """Every line, month by month."""
        return tuple(line for period in self.periods for line in period.lines)


@attrs.define(kw_only=True)
class _Line:
    """A line while the transactions are applied to it."""

    kind: LineKind
    source_id: str
    title: str
    period: dt.date
    amount: Money
    due: dt.date
    payable: bool
    cancelled: bool
    charge_period: dt.date | None
    settled: Money

    @property
    def open(self) -> Money:
        return self.amount - self.settled


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _lines(contract: Contract, as_of: dt.date) -> list[_Line]:
    zero = Money.zero(contract.currency)
    found: list[_Line] = []
    found.extend(
        _Line(
            kind=LineKind.CHARGE,
            source_id=charge.id,
            title=charge.title,
            period=line.period_start,
            amount=line.amount,
            due=line.end,
            payable=line.end <= as_of,
            cancelled=False,
            charge_period=line.period_start,
            settled=zero,
        )
        for charge in contract.recurring_charges
        for line in charge.lines(charge_horizon(charge, contract.term, as_of), contract.rounding)
    )
    for m in contract.milestones:
        if m.payment is None:
            continue
        due = due_as_of(m, as_of)
        paid = m.paid_on is not None and m.paid_on <= as_of
        cancelled = not paid and milestone_status_as_of(m, as_of) is MilestoneStatus.CANCELLED
        found.append(
            _Line(
                kind=LineKind.MILESTONE,
                source_id=m.id,
                title=m.title,
                period=_month(due),
                amount=m.payment,
                due=due,
                payable=payable(contract, m, as_of),
                cancelled=cancelled,
                charge_period=None,
                settled=zero,
            )
        )
    found.sort(key=lambda line: (line.due, line.kind.value, line.source_id))
    return found


def _targets(line: _Line, t: Transaction) -> bool:
    if t.milestone_id is not None:
        return line.kind is LineKind.MILESTONE and line.source_id == t.milestone_id
    if t.charge_id is not None:
        return (
            line.kind is LineKind.CHARGE
            and line.source_id == t.charge_id
            and (t.period is None or line.charge_period == t.period)
        )
    return t.period is not None and line.period == t.period


def _settle(lines: list[_Line], t: Transaction) -> Money:
    """Apply a payment or credit note to its lines, oldest first; return what was left over."""
    left = t.amount
    linked = t.milestone_id is not None or t.charge_id is not None or t.period is not None
    if not linked and t.kind is TransactionKind.PAYMENT:
        # An unlinked payment settles the oldest open line of exactly its amount, payable first.
        for wanted in (True, False):
            for line in lines:
                if not line.cancelled and line.payable is wanted and line.open == t.amount:
                    line.settled += t.amount
                    return Money.zero(t.amount.currency)
        return left
    for line in lines:
        if line.cancelled or (linked and not _targets(line, t)):
            continue
        take = min(line.open, left)
        if take.amount > 0:
            line.settled += take
            left -= take
    return left


def _refund(lines: list[_Line], t: Transaction) -> Money:
    """Take a refund back from its lines, newest first; return what it could not take back."""
    left = t.amount
    linked = t.milestone_id is not None or t.charge_id is not None or t.period is not None
    for line in reversed(lines):
        if linked and not _targets(line, t):
            continue
        take = min(line.settled, left)
        if take.amount > 0:
            line.settled -= take
            left -= take
    return left


def _paid_on_record(
    contract: Contract, lines: list[_Line], earned: tuple[PeriodCredit, ...], as_of: dt.date
) -> Money:
    """Settle the milestones recorded paid (``paid_on``) that no transaction names; return the
    credits taken as deducted from those payments.

    Such a payment is taken as made in full, net of the credits earned by its day and not
    settled before (up to its amount): so those credits are never deducted again.
    """  # noqa: D205
    currency = contract.currency
    named = {t.milestone_id for t in contract.transactions if t.milestone_id is not None}
    paid_on = {m.id: m.paid_on for m in contract.milestones}
    deducted = Money.zero(currency)
    recorded = [
        (day, line)
        for line in lines
        if line.kind is LineKind.MILESTONE
        and line.source_id not in named
        and (day := paid_on.get(line.source_id)) is not None
        and day <= as_of
    ]
    for day, line in sorted(recorded, key=lambda pair: pair[0]):
        line.settled = line.amount
        by_then = Money.zero(currency)
        for month in period_credits_by(earned, day):
            by_then += month.credit
        deducted += max(min(by_then - deducted, line.amount), Money.zero(currency))
    return deducted


def _schedule(
    contract: Contract, as_of: dt.date
) -> tuple[list[_Line], Money, Money, list[Transaction], tuple[PeriodCredit, ...]]:
    """The lines with what settled them, the credits earned and settled, and the unmatched."""
    currency = contract.currency
    lines = _lines(contract, as_of)
    months = period_credits(contract, as_of)
    earned = Money.zero(currency)
    for month in months:
        earned += month.credit
    settled_credits = _paid_on_record(contract, lines, months, as_of)
    unmatched: list[Transaction] = []
    notes = Money.zero(currency)
    for t in sorted(contract.transactions, key=lambda t: (t.on, t.id)):
        if t.on > as_of or t.amount.currency != currency:
            continue
        if t.kind is TransactionKind.REFUND:
            left = _refund(lines, t)
        else:
            left = _settle(lines, t)
            if t.kind is TransactionKind.CREDIT_NOTE:
                notes += t.amount
        if left.amount > 0:
            unmatched.append(t)
    return lines, earned, min(settled_credits + notes, earned), unmatched, months


def period_credits_by(months: Iterable[PeriodCredit], day: dt.date) -> list[PeriodCredit]:
    """The month credits whose month had ended by ``day``: those a payment then could deduct."""
    return [c for c in months if _next_month(c.period) <= day]


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _state(line: _Line) -> PaymentState:
    if line.cancelled:
        return PaymentState.CANCELLED
    if line.settled == line.amount:
        return PaymentState.PAID
    return PaymentState.PAYABLE if line.payable else PaymentState.SCHEDULED


def _totals(lines: Iterable[_Line], currency: str) -> tuple[Money, Money, Money]:
    total = paid = due_now = Money.zero(currency)
    for line in lines:
        if line.cancelled:
            continue
        total += line.amount
        paid += line.settled
        if line.payable:
            due_now += line.open
    return total, paid, due_now


@exactly
def invoice_schedule(contract: Contract, as_of: dt.date) -> InvoiceSchedule:
    """Return the contract's invoice schedule as of ``as_of``: month by month, settled by the
    transactions, with the service credits and what is payable net of them."""  # noqa: D205, D209
    currency = contract.currency
    lines, earned, settled, unmatched, months = _schedule(contract, as_of)
    total, paid, due_now = _totals(lines, currency)
    open_credits = earned - settled
    absorbed = min(open_credits, due_now)
    by_month: dict[dt.date, list[InvoiceLine]] = {}
    for line in lines:
        by_month.setdefault(line.period, []).append(
            InvoiceLine(
                kind=line.kind,
                source_id=line.source_id,
                title=line.title,
                period=line.period,
                amount=line.amount,
                due=line.due,
                state=_state(line),
                settled=line.settled,
            )
        )
    month_credit = {c.period: c for c in months}
    periods = []
    for month in sorted(set(by_month) | set(month_credit)):
        month_lines = tuple(by_month.get(month, ()))
        month_total = Money.zero(currency)
        for shown in month_lines:
            if shown.state is not PaymentState.CANCELLED:
                month_total += shown.amount
        periods.append(
            InvoicePeriod(
                start=month, lines=month_lines, total=month_total, credit=month_credit.get(month)
            )
        )
    return InvoiceSchedule(
        as_of=as_of,
        periods=tuple(periods),
        total=total,
        paid=paid,
        payable=due_now,
        remaining=total - paid - due_now,
        credits=earned,
        credits_settled=settled,
        net_payable=due_now - absorbed,
        credits_carried=open_credits - absorbed,
        unmatched=tuple(unmatched),
    )


@exactly
def payment_schedule(contract: Contract, as_of: dt.date) -> PaymentSchedule:
    """Return the contract's milestone payment schedule as of ``as_of``.

    A payment is *payable* once its milestone is ``met`` and every deliverable due at it is
    accepted, both by ``as_of``; a partially met milestone pays nothing (agree a change to pay a
    part). It is *paid* once transactions settle it in full, or from its ``paid_on`` day when no
    transaction names it. Recurring charges are in :func:`invoice_schedule`, not here.

    >>> import datetime as dt
    >>> from outsourcing import example_contract
    >>> from outsourcing.payments import payment_schedule
    >>> schedule = payment_schedule(example_contract(), dt.date(2026, 11, 22))
    >>> str(schedule.paid), str(schedule.payable), str(schedule.remaining)
    ('600,000 NOK', '0 NOK', '4,200,000 NOK')

    Raises:
        CurrencyMismatchError: An amount is in another currency (rule ``SINGLE_CURRENCY``).
    """
    currency = contract.currency
    lines, earned, settled, _, _ = _schedule(contract, as_of)
    milestones = [line for line in lines if line.kind is LineKind.MILESTONE]
    total, paid, due_now = _totals(milestones, currency)
    open_credits = earned - settled
    absorbed = min(open_credits, due_now)
    paid_on = {m.id: m.paid_on for m in contract.milestones}
    shown = []
    for line in milestones:
        state = _state(line)
        day = paid_on.get(line.source_id)
        shown.append(
            PaymentLine(
                milestone_id=line.source_id,
                title=line.title,
                amount=line.amount,
                due=line.due,
                state=state,
                paid_on=day
                if state is PaymentState.PAID and day is not None and day <= as_of
                else None,
            )
        )
    return PaymentSchedule(
        as_of=as_of,
        lines=tuple(shown),
        total=total,
        paid=paid,
        payable=due_now,
        remaining=total - paid - due_now,
        credits=earned,
        net_payable=due_now - absorbed,
        credits_carried=open_credits - absorbed,
        credits_settled=settled,
    )


@exactly
def record_transaction(contract: Contract, transaction: Transaction) -> Contract:
    """Return the contract with a transaction added to its record, refusing to pay twice.

    Raises:
        InvalidValueError: The contract already has a transaction with its id.
        TransitionError: A payment or credit note linked to a milestone, a charge or a month is
            more than what is open there on its day: that would pay something twice.
    """
    if any(t.id == transaction.id for t in contract.transactions):
        raise InvalidValueError(
            "Transaction.id", transaction.id, "an id that no transaction of the contract has"
        )
    result = attrs.evolve(contract, transactions=(*contract.transactions, transaction))
    if transaction.kind is not TransactionKind.REFUND:
        later = invoice_schedule(result, transaction.on)
        if transaction in later.unmatched and (
            transaction.milestone_id or transaction.charge_id or transaction.period
        ):
            raise TransitionError(
                f"transaction {transaction.id!r}",
                "more than is open",
                "record",
                (),
                "what it settles is paid already (or is less than it); record only what is owed",
            )
    return result
