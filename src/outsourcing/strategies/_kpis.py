"""Strategies for KPIs (windows, measurements, service credits) and for how a KPI fared.

How a KPI fared over a term is drawn by running :func:`outsourcing.kpi_results.evaluate_kpi` on a
drawn KPI; one window's result is built field by field, consistently.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from outsourcing._models.kpis import (
    KPI,
    PERCENT,
    Aggregation,
    Cadence,
    CreditScheme,
    CreditTier,
    Direction,
    Measurement,
    TargetChange,
    Window,
    WindowKind,
)
from outsourcing._models.money import Money
from outsourcing._operations.kpi_results import (
    EvaluationWindow,
    KPIEvaluation,
    KPIState,
    WindowResult,
    evaluate_kpi,
)
from outsourcing.exceptions import InvalidValueError
from outsourcing.strategies._money import _cents, _currencies_default
from outsourcing.strategies._schedule import _terms
from outsourcing.strategies._shared import (
    MAX_DATE,
    MIN_DATE,
    Draw,
    _around,
    _check_dates,
    _check_strategy,
    _days,
    _ids,
    _or,
    _tenths,
    _text,
    _up_to,
)


def windows() -> st.SearchStrategy[Window]:
    """Evaluation windows of every kind; rolling windows of 1 to 366 days."""
    return st.one_of(
        st.just(Window.calendar_month()),
        st.just(Window.calendar_quarter()),
        st.just(Window.whole_term()),
        st.integers(1, 366).map(Window.rolling),
    )


@st.composite
def _measurements(draw: Draw, low: dt.date, high: dt.date, least: int, most: int) -> Measurement:
    on = _days(draw, low, high)
    over_a_period = draw(st.integers(0, 3)) == 3  # shrinks towards a value on one day
    return Measurement(
        on=on,
        value=_tenths(draw, least, most),
        period_start=_days(draw, low, on) if over_a_period else None,
    )


def measurements(
    *,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
    min_value: int = 0,
    max_value: int = 100,
) -> st.SearchStrategy[Measurement]:
    """Observed values (one decimal place) on a day, some over a period ending that day.

    Args:
        min_date: The earliest day.
        max_date: The latest day.
        min_value: The smallest value.
        max_value: The largest value.
    """
    _check_dates("measurements", min_date, max_date)
    if type(min_value) is not int or type(max_value) is not int or max_value < min_value:
        raise InvalidValueError(
            "measurements(min_value=..., max_value=...)",
            (min_value, max_value),
            "whole numbers, the minimum no larger than the maximum",
        )
    return _measurements(min_date, max_date, min_value * 10, max_value * 10)


_UNIT: Final = st.sampled_from((PERCENT, "ms", "hours", "tickets"))
_KPI_NAME: Final = _text("Availability", "Response time", "Defects found in acceptance")
_DIRECTION: Final = st.sampled_from(Direction)
_CADENCE: Final = st.none() | st.sampled_from(Cadence)
_WINDOW: Final = windows()


_AGGREGATION: Final = st.sampled_from(Aggregation)
_PERCENTAGE: Final = st.integers(1, 100).map(Decimal)


def _tiers(draw: Draw, direction: Direction, target: int, top: int) -> tuple[CreditTier, ...]:
    """One to three tiers on the bad side of ``target`` (in tenths), the first at the target."""
    higher = direction is Direction.HIGHER_IS_BETTER
    worse = st.integers(0, target) if higher else st.integers(target, top)
    thresholds = [target, *draw(st.lists(worse, unique=True, max_size=2))]
    return tuple(
        CreditTier(worse_than=Decimal(t).scaleb(-1), percent=draw(_PERCENTAGE))
        for t in dict.fromkeys(thresholds)
    )


def _credits(
    draw: Draw, direction: Direction, target: int, top: int, currency: str
) -> CreditScheme:
    return CreditScheme(
        fee=Money(_cents(draw, currency=currency), currency),
        tiers=_tiers(draw, direction, target, top),
        cap_percent=draw(st.none() | _PERCENTAGE),
    )


def _kpi(  # noqa: PLR0913, PLR0917 - the parts a contract decides; the rest is drawn here
    draw: Draw,
    id_: str,
    owners: st.SearchStrategy[str | None],
    low: dt.date,
    high: dt.date,
    currencies: st.SearchStrategy[str],
) -> KPI:
    """A KPI whose warning threshold, target and measurements agree (rule ``KPI_COHERENT``).

    Service credits, if any, are for calendar or whole-term windows only, in a currency drawn
    from ``currencies``.
    """
    unit = draw(_UNIT)
    top = 1000 if unit == PERCENT else 100_000  # in tenths
    direction = draw(_DIRECTION)
    target = draw(st.integers(0, top))
    if direction is Direction.HIGHER_IS_BETTER:
        warning = draw(st.none() | st.integers(target, top))
    else:
        warning = draw(st.none() | st.integers(0, target))
    values = st.lists(_measurements(low, high, 0, top), max_size=3)
    window = draw(_WINDOW)
    changes = _changes_of_target(draw, direction, top, low, high)
    rolling = window.kind is WindowKind.ROLLING_DAYS
    return KPI(
        id=id_,
        name=draw(_KPI_NAME),
        unit=unit,
        direction=direction,
        target=Decimal(target).scaleb(-1),
        warning=None if warning is None else Decimal(warning).scaleb(-1),
        window=window,
        cadence=draw(_CADENCE),
        owner_id=draw(owners),
        measurements=tuple(sorted(draw(values), key=lambda m: m.on)),
        aggregation=draw(_AGGREGATION),
        credits=None
        if rolling or not draw(st.booleans())
        else _credits(draw, direction, target, top, draw(currencies)),
        target_changes=changes,
    )


def _changes_of_target(
    draw: Draw, direction: Direction, top: int, low: dt.date, high: dt.date
) -> tuple[TargetChange, ...]:
    """None most often (and when shrunk), else one or two later targets, each with a warning
    threshold on its good side (rule ``KPI_COHERENT``), on distinct days in order."""  # noqa: D205, D209
    count = max(0, draw(st.integers(0, 5)) - 3)
    days = sorted({_days(draw, low, high) for _ in range(count)})
    found = []
    for day in days:
        target = draw(st.integers(0, top))
        if direction is Direction.HIGHER_IS_BETTER:
            warning = draw(st.none() | st.integers(target, top))
        else:
            warning = draw(st.none() | st.integers(0, target))
        found.append(
            TargetChange(
                effective_on=day,
                target=Decimal(target).scaleb(-1),
                warning=None if warning is None else Decimal(warning).scaleb(-1),
            )
        )
    return tuple(found)


@st.composite
def _kpis(  # noqa: PLR0913, PLR0917 - the arguments of kpis(), checked
    draw: Draw,
    ids: st.SearchStrategy[str],
    owners: st.SearchStrategy[str | None],
    low: dt.date,
    high: dt.date,
    currencies: st.SearchStrategy[str],
) -> KPI:
    return _kpi(draw, draw(ids), owners, low, high, currencies)


def kpis(
    *,
    ids: st.SearchStrategy[str] | None = None,
    owner_ids: st.SearchStrategy[str | None] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[KPI]:
    """KPIs whose target, warning threshold and measurements agree with their direction and unit.

    Each aggregates its windows one way or another; some earn service credits (never with a
    rolling window), in tiers on the bad side of the target.

    Args:
        ids: The ids to draw from; ``KPI-<n>`` by default.
        owner_ids: The owners (or ``None``) to draw from; none or ``partner-<n>`` by default.
        currencies: The currencies of service-credit fees; all of ISO 4217 by default.
        min_date: The earliest measurement.
        max_date: The latest measurement.
    """
    _check_strategy("kpis(ids=...)", ids)
    _check_strategy("kpis(owner_ids=...)", owner_ids)
    _check_strategy("kpis(currencies=...)", currencies)
    _check_dates("kpis", min_date, max_date)
    return _kpis(
        _or(ids, _ids("KPI")),
        _or(owner_ids, st.none() | _ids("partner")),
        min_date,
        max_date,
        _or(currencies, _currencies_default()),
    )


@st.composite
def _credit_tiers(draw: Draw) -> CreditTier:
    return CreditTier(worse_than=_tenths(draw, 0, 1000), percent=draw(_PERCENTAGE))


def credit_tiers() -> st.SearchStrategy[CreditTier]:
    """Single steps of a service-credit scheme: a threshold and a whole percentage of the fee."""
    return _credit_tiers()


@st.composite
def _credit_schemes(
    draw: Draw, directions: st.SearchStrategy[Direction], currencies: st.SearchStrategy[str]
) -> CreditScheme:
    hundred = 1000  # in tenths: targets of 0 to 100, as for a percentage
    target = draw(_up_to(hundred))
    return _credits(draw, draw(directions), target, hundred, draw(currencies))


def credit_schemes(
    *,
    directions: st.SearchStrategy[Direction] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[CreditScheme]:
    """Service-credit schemes: a positive fee, one to three tiers, and a cap or none.

    The tiers lie on the bad side of a target from 0 to 100, as ``directions`` says: below it
    for higher-is-better KPIs, above it otherwise; the first tier is at the target.

    Args:
        directions: Which way is better for the KPI; either by default.
        currencies: The fee's currencies; all of ISO 4217 by default.
    """
    _check_strategy("credit_schemes(directions=...)", directions)
    _check_strategy("credit_schemes(currencies=...)", currencies)
    return _credit_schemes(
        _or(directions, st.sampled_from(Direction)), _or(currencies, _currencies_default())
    )


@st.composite
def _kpi_evaluations(draw: Draw, currencies: st.SearchStrategy[str]) -> KPIEvaluation:
    term = draw(_terms(MIN_DATE, MAX_DATE))
    kpi = _kpi(draw, draw(_ids("KPI")), st.none(), term.start, term.last_day, currencies)
    return evaluate_kpi(kpi, term, _around(draw, term))


def kpi_evaluations(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[KPIEvaluation]:
    """How a KPI from :func:`kpis` fared over a term, as of a day around it.

    Args:
        currencies: The currencies of service-credit fees; all of ISO 4217 by default.
    """
    _check_strategy("kpi_evaluations(currencies=...)", currencies)
    return _kpi_evaluations(_or(currencies, _currencies_default()))


@st.composite
def _evaluation_windows(draw: Draw) -> EvaluationWindow:
    span = draw(_terms(MIN_DATE, MAX_DATE))
    return EvaluationWindow(start=span.start, end=span.last_day, complete=draw(st.booleans()))


def evaluation_windows() -> st.SearchStrategy[EvaluationWindow]:
    """Spans of days over which a KPI is judged, complete or not."""
    return _evaluation_windows()


_JUDGED: Final = st.sampled_from((KPIState.MET, KPIState.AT_RISK, KPIState.BREACHED))


@st.composite
def _window_results(draw: Draw, currencies: st.SearchStrategy[str]) -> WindowResult:
    window = draw(_evaluation_windows())
    count = draw(st.integers(0, 31))
    credit = window.complete and count > 0 and draw(st.booleans())
    return WindowResult(
        window=window,
        value=_tenths(draw, 0, 1000) if count else None,
        measurements=count,
        state=draw(_JUDGED) if count else KPIState.NO_DATA,
        credit=Money(_cents(draw, 0), draw(currencies)) if credit else None,
    )


def window_results(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[WindowResult]:
    """A KPI's value and state in one window, and the service credit it earned.

    A window without measurements has no data; only complete windows earn credits.

    Args:
        currencies: The currencies of credits; all of ISO 4217 by default.
    """
    _check_strategy("window_results(currencies=...)", currencies)
    return _window_results(_or(currencies, _currencies_default()))
