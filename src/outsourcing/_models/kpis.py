"""Measurable performance targets and what was measured against them."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, Final

import attrs

from outsourcing._models import checks as _checks
from outsourcing._models.money import Money

PERCENT: Final = "%"
"""The unit that marks a KPI as a percentage: its target, threshold and values lie in 0-100."""


class Direction(enum.Enum):
    """Which way is better for a KPI's value."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Cadence(enum.Enum):
    """How often a KPI is measured."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class WindowKind(enum.Enum):
    """The span over which a KPI's measurements are judged together."""

    CALENDAR_MONTH = "calendar_month"
    CALENDAR_QUARTER = "calendar_quarter"
    ROLLING_DAYS = "rolling_days"
    WHOLE_TERM = "whole_term"


@attrs.frozen(kw_only=True)
class Window:
    """An evaluation window: a calendar month or quarter, the last N days, or the whole term.

    Args:
        kind: Which sort of window.
        days: The length of a ``rolling_days`` window; ``None`` for every other kind.
    """

    kind: WindowKind = attrs.field(validator=_checks.member(WindowKind))
    days: int | None = attrs.field(default=None)

    @days.validator
    def _check_days(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if self.kind is WindowKind.ROLLING_DAYS:
            _checks.positive_int(self, attribute, value)
        elif value is not None:
            _checks.fail(self, attribute, value, f"None for a {self.kind.value!r} window")

    @classmethod
    def calendar_month(cls) -> Window:
        """Each calendar month on its own."""
        return cls(kind=WindowKind.CALENDAR_MONTH)

    @classmethod
    def calendar_quarter(cls) -> Window:
        """Each calendar quarter on its own."""
        return cls(kind=WindowKind.CALENDAR_QUARTER)

    @classmethod
    def rolling(cls, days: int) -> Window:
        """The ``days`` days up to the date of evaluation."""
        return cls(kind=WindowKind.ROLLING_DAYS, days=days)

    @classmethod
    def whole_term(cls) -> Window:
        """Everything from the start of the contract."""
        return cls(kind=WindowKind.WHOLE_TERM)


class Aggregation(enum.Enum):
    """How the measurements inside one window become the window's value."""

    MEAN = "mean"
    MIN = "min"
    MAX = "max"
    LAST = "last"
    SUM = "sum"


def _percent(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "cap_percent":
        return
    if type(value) is not Decimal or not value.is_finite() or not 0 < value <= 100:
        _checks.fail(inst, attribute, value, "a Decimal percentage above 0 and at most 100")


@attrs.frozen(kw_only=True)
class CreditTier:
    """One step of a service-credit scheme: a value worse than ``worse_than`` earns ``percent``.

    "Worse" follows the KPI's direction: below for higher-is-better, above for lower-is-better.

    Args:
        worse_than: The threshold, in the KPI's unit (the first tier is usually the target).
        percent: The credit, in percent of the scheme's fee for one window.
    """

    worse_than: Decimal = attrs.field(validator=_checks.decimal)
    percent: Decimal = attrs.field(validator=_percent)


def _tiers(inst: object, attribute: attrs.Attribute[tuple[CreditTier, ...]], value: object) -> None:
    _checks.tuple_of(CreditTier)(inst, attribute, value)
    if not value:
        _checks.fail(inst, attribute, value, "at least one CreditTier")


@attrs.frozen(kw_only=True)
class CreditScheme:
    """Service credits a KPI's breaches earn the client, as in common SLA templates.

    For each complete window, the most severe tier the window's value falls into gives the credit
    (a percentage of the window's fee); ``cap_percent`` caps the credit of one window. The fee of
    a window is what the recurring charge ``charge_id`` invoices for the periods that start in it
    (prorated and indexed like the charge), or else ``fee``, prorated by the days of the window
    inside the term. The credit is rounded once, to whole minor units, with the contract's rounding.

    Args:
        fee: The fee for one whole evaluation window (the monthly fee for a monthly KPI); used
            when ``charge_id`` is ``None``.
        tiers: The steps, in any order.
        cap_percent: The most one window can earn, in percent of its fee; ``None`` for no cap.
        charge_id: The recurring charge whose fee the credits reduce, if the contract has one.
    """

    fee: Money = attrs.field(validator=_checks.instance(Money))
    tiers: tuple[CreditTier, ...] = attrs.field(validator=_tiers)
    cap_percent: Decimal | None = attrs.field(default=None, validator=_percent)
    charge_id: str | None = attrs.field(default=None, validator=_checks.optional_text)


@attrs.frozen(kw_only=True)
class Measurement:
    """One observed value of a KPI, on a day or over a period ending that day.

    A public-private partnership reports its metrics over periods (a quarter's traffic, a
    year's availability): such an observation covers ``period_start`` to ``on``, and is counted
    in the evaluation window of its last day, ``on``.

    Args:
        on: The day the value was observed (the last day of the period it covers, if any).
        value: What was observed, in the KPI's unit.
        period_start: The first day of the period the value covers; ``None`` for a value
            observed on one day.
    """

    on: dt.date = attrs.field(validator=_checks.date)
    value: Decimal = attrs.field(validator=_checks.decimal)
    period_start: dt.date | None = attrs.field(
        default=None, validator=_checks.optional_date, metadata=_checks.OMIT_DEFAULT
    )

    def __attrs_post_init__(self) -> None:
        if self.period_start is not None and self.period_start > self.on:
            _checks.fail(
                self,
                attrs.fields(Measurement).period_start,
                self.period_start,
                f"a day on or before the day observed, {self.on}",
            )


@attrs.frozen(kw_only=True)
class TargetChange:
    """A KPI target that takes effect on a day, replacing the one before it.

    Targets of long contracts change over time (availability of 97 % the first year, 99 % from
    the second): the KPI's own ``target`` holds until the first change.

    Args:
        effective_on: The first day the new target holds.
        target: The target from that day on, in the KPI's unit.
        warning: The early-warning threshold from that day on, if any.
    """

    effective_on: dt.date = attrs.field(validator=_checks.date)
    target: Decimal = attrs.field(validator=_checks.decimal)
    warning: Decimal | None = attrs.field(default=None, validator=_checks.optional_decimal)


@attrs.frozen(kw_only=True)
class KPI:
    """A measurable performance target.

    ``warning`` is the early-warning threshold on the good side of ``target``: with higher-is-better
    availability, target 99.5 and warning 99.8, a month at 99.6 is *at risk* and one at 99.4 is
    *breached*. The rule ``KPI_COHERENT`` checks that the two agree with ``direction``.

    Args:
        id: Unique among the contract's KPIs.
        name: What is measured (``"Availability"``).
        unit: The unit of the values; ``"%"`` (:data:`PERCENT`) makes it a percentage.
        direction: Which way is better.
        target: The value that must be reached (or not exceeded).
        warning: The early-warning threshold, if any.
        window: The span over which measurements are judged.
        cadence: How often the KPI is measured.
        owner_id: The partner or person who answers for the KPI.
        measurements: Values observed so far.
        aggregation: How the measurements in one window make its value (the mean by default).
        credits: The service credits its breaches earn, if any. Credits are counted per
            complete calendar window (or over the whole term), so a rolling window takes none.
        target_changes: Later targets, each from the day it takes effect (see
            :meth:`target_on`); ``target`` and ``warning`` hold until the first.
    """

    id: str = attrs.field(validator=_checks.text)
    name: str = attrs.field(validator=_checks.text)
    unit: str = attrs.field(validator=_checks.text)
    direction: Direction = attrs.field(validator=_checks.member(Direction))
    target: Decimal = attrs.field(validator=_checks.decimal)
    warning: Decimal | None = attrs.field(default=None, validator=_checks.optional_decimal)
    window: Window = attrs.field(factory=Window.calendar_month, validator=_checks.instance(Window))
    cadence: Cadence | None = attrs.field(default=None)
    owner_id: str | None = attrs.field(default=None, validator=_checks.optional_text)
    measurements: tuple[Measurement, ...] = attrs.field(
        default=(), validator=_checks.tuple_of(Measurement)
    )
    aggregation: Aggregation = attrs.field(
        default=Aggregation.MEAN, validator=_checks.member(Aggregation)
    )
    credits: CreditScheme | None = attrs.field(
        default=None, validator=_checks.instance(CreditScheme, optional=True)
    )
    target_changes: tuple[TargetChange, ...] = attrs.field(
        default=(), validator=_checks.tuple_of(TargetChange), metadata=_checks.OMIT_DEFAULT
    )

    def __attrs_post_init__(self) -> None:
        days = [c.effective_on for c in self.target_changes]
        if days != sorted(set(days)):
            _checks.fail(
                self,
                attrs.fields(KPI).target_changes,
                self.target_changes,
                "target changes in the order they take effect, at most one a day",
            )
        if self.credits is not None and self.window.kind is WindowKind.ROLLING_DAYS:
            _checks.fail(
                self,
                attrs.fields(KPI).credits,
                self.credits,
                "None for a rolling window (credits are counted per calendar window or term)",
            )

    @cadence.validator
    def _check_cadence(self, attribute: attrs.Attribute[Cadence | None], value: object) -> None:
        if value is not None and type(value) is not Cadence:
            _checks.fail(self, attribute, value, "a Cadence or None")

    def target_on(self, day: dt.date) -> Decimal:
        """Return the target that holds on ``day``: the last change effective by then, else
        ``target``."""  # noqa: D205, D209 - one sentence
        return self.thresholds_on(day)[0]

    def thresholds_on(self, day: dt.date) -> tuple[Decimal, Decimal | None]:
        """Return the target and the warning threshold that hold on ``day``."""
        found = (self.target, self.warning)
        for change in self.target_changes:
            if change.effective_on > day:
                break
            found = (change.target, change.warning)
        return found

    @property
    def is_percentage(self) -> bool:
        """Whether the KPI is measured in percent."""
        return self.unit == PERCENT
