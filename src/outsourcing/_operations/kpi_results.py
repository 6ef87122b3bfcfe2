"""How KPIs fare as of a date: evaluation windows, status per window, trend and service credits."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
from dateutil.relativedelta import relativedelta

from outsourcing._base.calendar import days_before
from outsourcing._models.billing import ChargeLine, RecurringCharge
from outsourcing._models.contract import Contract, Term, charge_horizon
from outsourcing._models.kpis import KPI, Aggregation, Direction, Measurement, WindowKind
from outsourcing._models.money import Money, Rounding, as_fraction, exact, exactly, rounded

TREND_WINDOWS = 3
"""How many of the latest windows a trend looks at, unless the caller says otherwise."""


class KPIState(enum.Enum):
    """How a KPI fared in one window."""

    MET = "met"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    NO_DATA = "no_data"


class Trend(enum.Enum):
    """Which way a KPI is going over its latest windows."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    STEADY = "steady"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class EvaluationWindow:
    """A span of days over which a KPI's measurements are judged together.

    Args:
        start: First day (included).
        end: Last day (included).
        complete: Whether the window had ended (or the term had) by the day of evaluation.
    """

    start: dt.date
    end: dt.date
    complete: bool

    def __contains__(self, day: object) -> bool:
        return type(day) is dt.date and self.start <= day <= self.end


@attrs.frozen(kw_only=True)
class WindowResult:
    """A KPI's value and state in one window, and the service credit it earned.

    Args:
        window: The window.
        value: The aggregated value of the measurements in it, ``None`` with none.
        measurements: How many measurements it holds.
        state: Met, at risk, breached, or no data.
        credit: The service credit the window earned; ``None`` without a credit scheme, or while
            the window is not complete.
    """

    window: EvaluationWindow
    value: Decimal | None
    measurements: int
    state: KPIState
    credit: Money | None = None


@attrs.frozen(kw_only=True)
class KPIEvaluation:
    """How one KPI fared, window by window, as of a date.

    Args:
        kpi_id: The KPI.
        as_of: The day of evaluation.
        windows: Every window from the start of the term up to ``as_of``, oldest first.
        trend: Which way the latest windows go.
        credits: The service credits earned so far; ``None`` without a credit scheme.
    """

    kpi_id: str
    as_of: dt.date
    windows: tuple[WindowResult, ...]
    trend: Trend
    credits: Money | None

    @property
    def current(self) -> WindowResult | None:
        """The latest window (the one ``as_of`` falls in, or the term's last)."""
        return self.windows[-1] if self.windows else None

    @property
    def last_complete(self) -> WindowResult | None:
        """The latest window that had ended by ``as_of``: the last one judged in full."""
        return next((w for w in reversed(self.windows) if w.window.complete), None)

    @property
    def state(self) -> KPIState:
        """The state of the latest window; ``no_data`` before the term starts."""
        current = self.current
        return KPIState.NO_DATA if current is None else current.state


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _quarter_start(day: dt.date) -> dt.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def windows(kpi: KPI, term: Term, as_of: dt.date) -> tuple[EvaluationWindow, ...]:
    """Return the KPI's evaluation windows from the start of the term up to ``as_of``.

    Calendar months and quarters follow the calendar (month ends and leap days included, computed
    with :class:`dateutil.relativedelta.relativedelta`); the last one may be under way. Rolling
    windows of N days are counted back from ``as_of`` (or the term's end, if earlier), so the
    latest always ends on that day. The whole term is one window.

    >>> from outsourcing import example_contract
    >>> contract = example_contract()
    >>> kpi = contract.kpi("K-availability")
    >>> [
    ...     (w.start.isoformat(), w.complete)
    ...     for w in windows(kpi, contract.term, dt.date(2026, 11, 2))
    ... ]
    [('2026-09-01', True), ('2026-10-01', True), ('2026-11-01', False)]
    """
    last = min(as_of, term.last_day)
    if last < term.start:
        return ()
    kind = kpi.window.kind
    if kind is WindowKind.WHOLE_TERM:
        end = term.last_day
        return (EvaluationWindow(start=term.start, end=end, complete=end <= as_of),)
    if kind is WindowKind.ROLLING_DAYS:
        days = kpi.window.days or 1
        found: list[EvaluationWindow] = []
        end = last
        while end >= term.start:
            start = max(days_before(end, days - 1), term.start)
            found.append(EvaluationWindow(start=start, end=end, complete=True))
            if start == dt.date.min:  # the calendar's first day: nothing before it
                break
            end = days_before(start, 1)
        return tuple(reversed(found))
    monthly = kind is WindowKind.CALENDAR_MONTH
    step = relativedelta(months=1 if monthly else 3)
    start = _month_start(term.start) if monthly else _quarter_start(term.start)
    result: list[EvaluationWindow] = []
    while start <= last:
        try:
            after: dt.date | None = start + step
        except (ValueError, OverflowError):  # the window ends with the calendar
            after = None
        end = dt.date.max if after is None else days_before(after, 1)
        complete = end <= as_of or term.last_day <= as_of
        result.append(EvaluationWindow(start=start, end=end, complete=complete))
        if after is None:
            break
        start = after
    return tuple(result)


def aggregate(values: Sequence[Decimal], how: Aggregation) -> Decimal | None:
    """Combine the values of one window (in date order) into one; ``None`` for no values."""
    if not values:
        return None
    if how is Aggregation.MEAN:
        with exact():  # the caller's decimal context changes no verdict
            return sum(values, Decimal(0)) / len(values)
    if how is Aggregation.MIN:
        return min(values)
    if how is Aggregation.MAX:
        return max(values)
    if how is Aggregation.SUM:
        with exact():
            return sum(values, Decimal(0))
    return values[-1]


def _worse(kpi: KPI, value: Decimal, than: Decimal) -> bool:
    if kpi.direction is Direction.HIGHER_IS_BETTER:
        return value < than
    return value > than


def judge(kpi: KPI, value: Decimal | None, on: dt.date | None = None) -> KPIState:
    """Say how a window's value fares against the KPI's target and warning threshold.

    Worse than the target is ``breached``; reaching the target but not the warning threshold
    (which lies on the good side of the target) is ``at_risk``; otherwise ``met``. With ``on``
    (the last day of the window), the target and warning in force that day are used (see
    :attr:`KPI.target_changes <outsourcing.KPI>`); without, the KPI's first ones.

    >>> from outsourcing import example_contract
    >>> kpi = example_contract().kpi("K-availability")  # target 99.5, warning 99.8
    >>> [judge(kpi, Decimal(v)).value for v in ("99.9", "99.8", "99.6", "99.5", "99.4")]
    ['met', 'met', 'at_risk', 'at_risk', 'breached']
    """
    if value is None:
        return KPIState.NO_DATA
    target, warning = (kpi.target, kpi.warning) if on is None else kpi.thresholds_on(on)
    if _worse(kpi, value, target):
        return KPIState.BREACHED
    if warning is not None and _worse(kpi, value, warning):
        return KPIState.AT_RISK
    return KPIState.MET


def credit_percent(kpi: KPI, value: Decimal | None) -> Decimal:
    """Return the percentage of the window's fee one complete window with ``value`` earns.

    The most severe tier the value falls into gives it; the scheme's cap limits it. 0 without a
    scheme or without data.
    """
    scheme = kpi.credits
    percent = Decimal(0)
    if scheme is None or value is None:
        return percent
    for tier in scheme.tiers:
        if _worse(kpi, value, tier.worse_than) and tier.percent > percent:
            percent = tier.percent
    if scheme.cap_percent is not None:
        percent = min(percent, scheme.cap_percent)
    return percent


def credit_for(kpi: KPI, value: Decimal | None) -> Money | None:
    """Return the service credit one whole complete window with ``value`` earns on the scheme's
    ``fee``, rounded half-up to whole minor units; ``None`` without a scheme."""  # noqa: D205, D209
    scheme = kpi.credits
    if scheme is None:
        return None
    percent = credit_percent(kpi, value)
    return rounded(as_fraction(scheme.fee.amount) * as_fraction(percent) / 100, scheme.fee.currency)


def window_fee(
    kpi: KPI, window: EvaluationWindow, term: Term, charge_lines: Sequence[ChargeLine] = ()
) -> Fraction:
    """Return the exact fee a window's credit is computed on (``0`` without a credit scheme).

    With a scheme tied to a recurring charge, it is what the charge invoices for the periods that
    start in the window (already prorated and indexed); otherwise (or when the charge's lines are
    not given) the scheme's ``fee``, prorated by the days of the window that lie inside the term
    (a term that starts on 4 January pays 28 of January's 31 days).
    """
    scheme = kpi.credits
    if scheme is None:
        return Fraction(0)
    if scheme.charge_id is not None and charge_lines:
        return sum(
            (
                as_fraction(line.amount.amount)
                for line in charge_lines
                if line.charge_id == scheme.charge_id
                and window.start <= line.period_start <= window.end
            ),
            Fraction(0),
        )
    first, last = max(window.start, term.start), min(window.end, term.last_day)
    days = (last - first).days + 1
    whole = (window.end - window.start).days + 1
    return as_fraction(scheme.fee.amount) * max(days, 0) / whole


def _trend(kpi: KPI, results: Sequence[WindowResult], last: int) -> Trend:
    values = [r.value for r in results[-last:] if r.value is not None]
    if len(values) < 2:
        return Trend.UNKNOWN
    first, latest = values[0], values[-1]
    if first == latest:
        return Trend.STEADY
    return Trend.WORSENING if _worse(kpi, latest, first) else Trend.IMPROVING


@exactly
def evaluate_kpi(  # noqa: PLR0913 - the facts of one evaluation, keyword-only
    kpi: KPI,
    term: Term,
    as_of: dt.date,
    *,
    trend_windows: int = TREND_WINDOWS,
    charges: Sequence[RecurringCharge] = (),
    rounding: Rounding = Rounding.HALF_UP,
) -> KPIEvaluation:
    """Evaluate a KPI window by window as of a date.

    Only measurements taken by ``as_of`` count. Time is linear in the number of windows plus
    the number of measurements (times a logarithm). A complete window's credit is the
    percentage its value earns of the window's fee (what the charge its scheme names invoices for
    the window, or the scheme's own fee prorated to the term), rounded once to whole minor units.

    Args:
        kpi: The KPI.
        term: The contract's term: where the windows start and end.
        as_of: The day of evaluation.
        trend_windows: How many of the latest windows the trend compares (first with last).
        charges: The contract's recurring charges, for a credit scheme tied to one.
        rounding: How credits are rounded (the contract's rounding).
    """
    scheme = kpi.credits
    lines: tuple[ChargeLine, ...] = ()
    if scheme is not None and scheme.charge_id is not None:
        for charge in charges:
            if charge.id == scheme.charge_id:
                lines = charge.lines(charge_horizon(charge, term, as_of), rounding)
                break
    ordered: list[Measurement] = sorted(kpi.measurements, key=lambda m: m.on)
    days = [m.on for m in ordered]
    results: list[WindowResult] = []
    earned: Money | None = None
    if kpi.credits is not None:
        earned = Money.zero(kpi.credits.fee.currency)
    for window in windows(kpi, term, as_of):
        low = bisect.bisect_left(days, window.start)
        high = bisect.bisect_right(days, min(window.end, as_of))
        values = [m.value for m in ordered[low:high]]
        value = aggregate(values, kpi.aggregation)
        credit = None
        if scheme is not None and window.complete:
            fee = window_fee(kpi, window, term, lines)
            percent = as_fraction(credit_percent(kpi, value))
            credit = rounded(fee * percent / 100, scheme.fee.currency, rounding)
        if credit is not None and earned is not None:
            earned += credit
        state = judge(kpi, value, min(window.end, as_of))  # the target in force then
        results.append(
            WindowResult(
                window=window, value=value, measurements=len(values), state=state, credit=credit
            )
        )
    return KPIEvaluation(
        kpi_id=kpi.id,
        as_of=as_of,
        windows=tuple(results),
        trend=_trend(kpi, results, trend_windows),
        credits=earned,
    )


@attrs.frozen(kw_only=True)
class PeriodCredit:
    """The service credits that fall in one invoice month, with the cap across KPIs applied.

    A window's credit falls in the month its window ends in (or the term does). ``credit`` is
    what the client may deduct: ``earned`` up to the ``cap``; ``cut`` is what the cap cut off.

    Args:
        period: The first day of the invoice month.
        earned: The credits of every KPI in the month, each within its own scheme's cap.
        cap: The amount at risk of the month (``credit_cap_percent`` of the month's recurring
            fees); ``None`` without a cap across KPIs.
        credit: ``earned``, capped: what the month's credit is.
        cut: What the cap cut off: ``earned - credit``.
        kpi_ids: The KPIs that earned a credit in the month.
    """

    period: dt.date
    earned: Money
    cap: Money | None
    credit: Money
    cut: Money
    kpi_ids: tuple[str, ...] = ()


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@exactly
def period_credits(contract: Contract, as_of: dt.date) -> tuple[PeriodCredit, ...]:
    """Return the service credits earned by ``as_of``, month by month, with the cap across KPIs.

    Only months where some KPI earned a credit are listed. The cap of a month is
    ``credit_cap_percent`` of what the recurring charges invoice for it (of the largest fee a
    credit was computed on that month, for a contract without recurring charges), rounded once.

    Raises:
        CurrencyMismatchError: A scheme's fee is in another currency (rule ``SINGLE_CURRENCY``).
    """
    currency, rounding, term = contract.currency, contract.rounding, contract.term
    earned: dict[dt.date, Money] = {}
    fees: dict[dt.date, Fraction] = {}
    who: dict[dt.date, list[str]] = {}
    for kpi in contract.kpis:
        if kpi.credits is None:
            continue
        evaluation = evaluate_kpi(
            kpi, term, as_of, charges=contract.recurring_charges, rounding=rounding
        )
        for result in evaluation.windows:
            if result.credit is None or not result.credit.amount:
                continue
            month = _month(min(result.window.end, term.last_day))
            earned[month] = earned.get(month, Money.zero(currency)) + result.credit
            who.setdefault(month, []).append(kpi.id)
            fee = window_fee(kpi, result.window, term, ())
            fees[month] = max(fees.get(month, Fraction(0)), fee)
    cap_percent = contract.credit_cap_percent
    charged: dict[dt.date, Fraction] = {}
    if cap_percent is not None and contract.recurring_charges:
        for charge in contract.recurring_charges:
            for line in charge.lines(charge_horizon(charge, term, as_of), rounding):
                month = line.period_start
                charged[month] = charged.get(month, Fraction(0)) + as_fraction(line.amount.amount)
    found = []
    for month in sorted(earned):
        total = earned[month]
        cap = None
        credit = total
        if cap_percent is not None:
            base = charged.get(month, Fraction(0)) if contract.recurring_charges else fees[month]
            cap = rounded(base * as_fraction(cap_percent) / 100, currency, rounding)
            credit = min(total, cap)
        found.append(
            PeriodCredit(
                period=month,
                earned=total,
                cap=cap,
                credit=credit,
                cut=total - credit,
                kpi_ids=tuple(dict.fromkeys(who[month])),
            )
        )
    return tuple(found)


@exactly
def service_credits(contract: Contract, as_of: dt.date) -> Money:
    """Return the service credits all KPIs have earned by ``as_of``, in the contract's currency.

    Each KPI's credit is computed on the fee of its window and capped by its scheme; each month's
    credits together are capped by the contract's ``credit_cap_percent`` (see
    :func:`period_credits`). Whole minor units.

    Raises:
        CurrencyMismatchError: A scheme's fee is in another currency (rule ``SINGLE_CURRENCY``).
    """
    total = Money.zero(contract.currency)
    for credit in period_credits(contract, as_of):
        total += credit.credit
    return total
