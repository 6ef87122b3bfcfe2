"""Billing: recurring charges (the fee of every period) and transactions (money that moved).

A BPO or managed-services contract is paid every month, not per milestone: a
:class:`RecurringCharge` is such a fee. Periods follow the calendar (a month, a quarter, a year); a
charge that starts or ends inside one is prorated by days unless it says otherwise, and may rise
every year by an indexation percentage. What was actually paid, refunded or credited is a
:class:`Transaction`; :func:`outsourcing.payments.invoice_schedule` derives what is paid, payable
and remaining from them.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from outsourcing._models import checks
from outsourcing._models.money import Money, Rounding, as_fraction, rounded


class ChargePeriod(enum.Enum):
    """How often a recurring charge falls due: each calendar month, quarter or year."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        """The length of one period in months (1, 3 or 12)."""
        return {"monthly": 1, "quarterly": 3, "yearly": 12}[self.value]


class Proration(enum.Enum):
    """What a partial period (the first or last of a charge) costs.

    ``by_days``: the days charged over the days of the period, times the fee. ``none``: the whole
    fee of the period, however few of its days are charged.
    """

    BY_DAYS = "by_days"
    NONE = "none"


def _positive_money(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    checks.instance(Money)(inst, attribute, value)
    if value.amount <= 0:  # type: ignore[attr-defined] # a Money, checked just above
        checks.fail(inst, attribute, value, "a positive amount")


def _rate(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    checks.decimal(inst, attribute, value)
    if not -100 < value < 1000:  # type: ignore[operator] # a Decimal, checked just above
        checks.fail(inst, attribute, value, "a percentage above -100 and below 1000")


@attrs.frozen(kw_only=True)
class RecurringCharge:
    """A fee paid every period for as long as it runs, such as a BPO's monthly service fee.

    The charge covers every day from ``start`` to ``end`` (both included, and inside the
    contract's term). Each calendar period it touches makes one invoice line; a period it covers
    only in part costs ``amount`` times the days covered over the days of the period (with
    ``proration`` by days), rounded once to whole minor units with the contract's rounding.

    Args:
        id: Unique among the contract's recurring charges.
        title: What is charged (``"Customer service, 24x7"``).
        amount: The fee of one whole period, in whole minor units of the contract's currency.
        period: How often it falls due.
        start: The first day charged.
        end: The last day charged; ``None`` for the end of the contract's term.
        proration: What a partial period costs.
        indexation_percent: The yearly rise, in percent (``Decimal("3")``), applied on every
            anniversary of ``start``: from the period that starts on or after it. ``None`` for a
            fee that stays the same.
    """

    id: str = attrs.field(validator=checks.text)
    title: str = attrs.field(validator=checks.text)
    amount: Money = attrs.field(validator=_positive_money)
    period: ChargePeriod = attrs.field(
        default=ChargePeriod.MONTHLY, validator=checks.member(ChargePeriod)
    )
    start: dt.date = attrs.field(validator=checks.date)
    end: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    proration: Proration = attrs.field(
        default=Proration.BY_DAYS, validator=checks.member(Proration)
    )
    indexation_percent: Decimal | None = attrs.field(default=None, validator=_rate)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            checks.fail(
                self, attrs.fields(RecurringCharge).end, self.end, "a day on or after start"
            )

    def lines(
        self, last_day: dt.date, rounding: Rounding = Rounding.HALF_UP
    ) -> tuple[ChargeLine, ...]:
        """Return the charge's invoice lines, one per calendar period it touches, oldest first.

        Each line's amount is computed exactly (the fee, times the indexation reached, times the
        share of the period's days charged when prorating) and rounded once to whole minor units.

        >>> import datetime as dt
        >>> fee = RecurringCharge(
        ...     id="fee",
        ...     title="Service",
        ...     amount=Money("31000.00", "USD"),
        ...     start=dt.date(2026, 1, 4),
        ... )
        >>> [(str(line.start), str(line.amount)) for line in fee.lines(dt.date(2026, 2, 28))]
        [('2026-01-04', '28,000.00 USD'), ('2026-02-01', '31,000.00 USD')]

        Args:
            last_day: The last day charged unless ``end`` is earlier: the contract's term end.
            rounding: How the line amounts are rounded (the contract's rounding).
        """
        end = last_day if self.end is None else min(self.end, last_day)
        step = relativedelta(months=self.period.months)
        begin: dt.date | None = period_start(self.start, self.period)
        fee = as_fraction(self.amount.amount)
        rise = (
            None
            if self.indexation_percent is None
            else 1 + as_fraction(self.indexation_percent) / 100
        )
        found: list[ChargeLine] = []
        while begin is not None and begin <= end:
            try:
                after: dt.date | None = begin + step
            except ValueError:  # the last period of year 9999
                after = None
            period_end = dt.date.max if after is None else after - dt.timedelta(days=1)
            first, last = max(begin, self.start), min(period_end, end)
            amount = fee
            if rise is not None:
                amount *= rise ** _anniversaries(self.start, first)
            days = (last - first).days + 1
            whole = (period_end - begin).days + 1
            if days < whole and self.proration is Proration.BY_DAYS:
                amount = amount * days / whole
            found.append(
                ChargeLine(
                    charge_id=self.id,
                    period_start=begin,
                    start=first,
                    end=last,
                    amount=rounded(amount, self.amount.currency, rounding),
                )
            )
            begin = after
        return tuple(found)


def period_start(day: dt.date, period: ChargePeriod) -> dt.date:
    """The first day of the calendar month, quarter or year that ``day`` falls in."""
    if period is ChargePeriod.MONTHLY:
        return day.replace(day=1)
    if period is ChargePeriod.QUARTERLY:
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day.replace(month=1, day=1)


def _anniversaries(start: dt.date, day: dt.date) -> int:
    """How many anniversaries of ``start`` fall after it and on or before ``day``."""
    years = day.year - start.year
    if years > 0 and start + relativedelta(years=years) > day:
        years -= 1
    return max(years, 0)


@attrs.frozen(kw_only=True)
class ChargeLine:
    """What a recurring charge invoices for one calendar period.

    Args:
        charge_id: The charge.
        period_start: The first day of the calendar period (month, quarter or year).
        start: The first day charged in it.
        end: The last day charged in it.
        amount: What it costs, in whole minor units.
    """

    charge_id: str
    period_start: dt.date
    start: dt.date
    end: dt.date
    amount: Money


class TransactionKind(enum.Enum):
    """What a transaction is: a payment to the payee, a refund of one, or a credit note.

    A credit note settles service credits (or another amount the payee owes back) without money
    moving: a credit once covered by a credit note is never deducted again.
    """

    PAYMENT = "payment"
    REFUND = "refund"
    CREDIT_NOTE = "credit_note"


def _first_of_month(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    checks.optional_date(inst, attribute, value)
    if value is not None and value.day != 1:  # type: ignore[attr-defined] # a date
        checks.fail(inst, attribute, value, "the first day of the invoice month, or None")


@attrs.frozen(kw_only=True)
class Transaction:
    """Money that actually moved (or a credit note): who paid whom, how much, when, for what.

    A transaction may name what it settles: a milestone's payment, a recurring charge (with the
    invoice month), or a whole invoice month. Unlinked ones are allowed, as real data has them;
    :func:`outsourcing.payments.invoice_schedule` applies an unlinked payment to the oldest open
    line of exactly its amount, and reports it when it matches nothing payable.

    Args:
        id: Unique among the contract's transactions.
        on: The day the money moved (or the credit note was issued).
        amount: How much, positive, in whole minor units of the contract's currency.
        payer_id: The partner who paid (the client, for a payment; the provider, for a refund or
            credit note).
        payee_id: The partner who was paid.
        kind: Payment, refund or credit note.
        milestone_id: The milestone whose payment it settles, if any.
        charge_id: The recurring charge it settles, if any (with ``period``: that month's line).
        period: The first day of the invoice month it settles, if any.
        reference: The invoice number, bank reference or credit note number.
    """

    id: str = attrs.field(validator=checks.text)
    on: dt.date = attrs.field(validator=checks.date)
    amount: Money = attrs.field(validator=_positive_money)
    payer_id: str = attrs.field(validator=checks.text)
    payee_id: str = attrs.field(validator=checks.text)
    kind: TransactionKind = attrs.field(
        default=TransactionKind.PAYMENT, validator=checks.member(TransactionKind)
    )
    milestone_id: str | None = attrs.field(default=None, validator=checks.optional_text)
    charge_id: str | None = attrs.field(default=None, validator=checks.optional_text)
    period: dt.date | None = attrs.field(default=None, validator=_first_of_month)
    reference: str | None = attrs.field(default=None, validator=checks.optional_text)

    def __attrs_post_init__(self) -> None:
        fields = attrs.fields(Transaction)
        if self.milestone_id is not None and (self.charge_id is not None or self.period):
            checks.fail(
                self,
                fields.milestone_id,
                self.milestone_id,
                "None when the transaction settles a recurring charge or a month",
            )
        if self.payer_id == self.payee_id:
            checks.fail(self, fields.payee_id, self.payee_id, "a partner other than the payer")
