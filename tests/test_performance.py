import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    KPI,
    Aggregation,
    CreditScheme,
    CreditTier,
    Direction,
    Measurement,
    Money,
    Term,
    Window,
)
from outsourcing._example import after_pilot_gate
from outsourcing._operations.kpi_results import aggregate, credit_for, judge, windows
from outsourcing.exceptions import InvalidValueError
from outsourcing.kpi_results import KPIState, Trend, evaluate_kpi, service_credits
from outsourcing.strategies import measurements

D = dt.date
TERM = Term(start=D(2024, 1, 15), end=D(2024, 12, 20))


MONTHLY = Window.calendar_month()


def kpi(window: Window = MONTHLY, **changes: Any) -> KPI:
    base = KPI(
        id="K",
        name="Availability",
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        target=Decimal("99.5"),
        warning=Decimal("99.8"),
        window=window,
    )
    return attrs.evolve(base, **changes)


def m(day: dt.date, value: str) -> Measurement:
    return Measurement(on=day, value=Decimal(value))


def spans(found: tuple[object, ...]) -> list[tuple[dt.date, dt.date, bool]]:
    return [(w.start, w.end, w.complete) for w in found]  # type: ignore[attr-defined]


def test_calendar_months_follow_month_ends_and_the_leap_day() -> None:
    """Months run first to last day; February 2024 ends on the 29th; the current month is open."""
    found = windows(kpi(), TERM, D(2024, 3, 31))
    assert [
        (D(2024, 1, 1), D(2024, 1, 31), True),
        (D(2024, 2, 1), D(2024, 2, 29), True),
        (D(2024, 3, 1), D(2024, 3, 31), True),
    ] == spans(found)
    assert (D(2024, 3, 1), D(2024, 3, 31), False) == spans(windows(kpi(), TERM, D(2024, 3, 30)))[-1]
    assert (D(2023, 2, 1), D(2023, 2, 28), True) == spans(
        windows(kpi(), Term(start=D(2023, 2, 1), end=D(2023, 3, 1)), D(2023, 2, 28))
    )[0]


def test_calendar_quarters() -> None:
    """Quarters start on 1 Jan, Apr, Jul, Oct; a term starting mid-quarter takes the whole quarter."""
    found = windows(kpi(Window.calendar_quarter()), TERM, D(2024, 7, 1))
    assert [
        (D(2024, 1, 1), D(2024, 3, 31), True),
        (D(2024, 4, 1), D(2024, 6, 30), True),
        (D(2024, 7, 1), D(2024, 9, 30), False),
    ] == spans(found)


def test_the_last_window_is_complete_once_the_term_ends() -> None:
    """After the term, the last month counts as complete even though the calendar month runs on."""
    found = windows(kpi(), TERM, D(2025, 6, 1))
    assert (D(2024, 12, 1), D(2024, 12, 31), True) == spans(found)[-1]
    assert 12 == len(found)
    assert () == windows(kpi(), TERM, D(2024, 1, 14))


def test_rolling_windows_count_back_from_the_day() -> None:
    """Rolling 30-day windows end on as_of and step back; the oldest is clipped to the term."""
    found = windows(kpi(Window.rolling(30)), TERM, D(2024, 3, 1))
    assert [
        (D(2024, 1, 15), D(2024, 1, 31), True),
        (D(2024, 2, 1), D(2024, 3, 1), True),
    ] == spans(found)
    last = windows(kpi(Window.rolling(7)), TERM, D(2025, 1, 10))[-1]
    assert (D(2024, 12, 14), D(2024, 12, 20), True) == (last.start, last.end, last.complete)


def test_whole_term_is_one_window() -> None:
    """The whole term is one window, complete once the term has ended."""
    assert [(TERM.start, TERM.end, False)] == spans(
        windows(kpi(Window.whole_term()), TERM, D(2024, 6, 1))
    )
    assert [(TERM.start, TERM.end, True)] == spans(
        windows(kpi(Window.whole_term()), TERM, TERM.last_day)
    )


def test_measurements_on_window_edges_belong_to_their_own_window() -> None:
    """A measurement on the 31st is in that month; on the 1st in the next; after as_of, in none."""
    k = kpi(
        measurements=(
            m(D(2024, 1, 31), "99.0"),
            m(D(2024, 2, 1), "99.9"),
            m(D(2024, 2, 29), "99.7"),
        )
    )
    evaluation = evaluate_kpi(k, TERM, D(2024, 2, 28))
    jan, feb = evaluation.windows
    assert (Decimal("99.0"), 1, KPIState.BREACHED) == (jan.value, jan.measurements, jan.state)
    assert (Decimal("99.9"), 1, KPIState.MET) == (feb.value, feb.measurements, feb.state)
    feb_later = evaluate_kpi(k, TERM, D(2024, 2, 29)).windows[1]
    assert (Decimal("99.8"), 2) == (feb_later.value, feb_later.measurements)


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (Aggregation.MEAN, Decimal(2)),
        (Aggregation.MIN, Decimal(1)),
        (Aggregation.MAX, Decimal(3)),
        (Aggregation.LAST, Decimal(2)),
        (Aggregation.SUM, Decimal(6)),
    ],
)
def test_aggregations(how: Aggregation, expected: Decimal) -> None:
    """Each aggregation combines a window's values (in date order) as its name says."""
    assert expected == aggregate([Decimal(1), Decimal(3), Decimal(2)], how)
    assert aggregate([], how) is None


def test_last_takes_the_latest_measurement_whatever_the_order_given() -> None:
    """Measurements listed out of order are judged in date order."""
    k = kpi(
        aggregation=Aggregation.LAST,
        measurements=(m(D(2024, 2, 20), "99.0"), m(D(2024, 2, 10), "99.9")),
    )
    assert Decimal("99.0") == evaluate_kpi(k, TERM, D(2024, 2, 29)).windows[-1].value


@pytest.mark.parametrize(
    ("direction", "target", "warning", "value", "expected"),
    [
        (Direction.HIGHER_IS_BETTER, "99.5", "99.8", "99.9", KPIState.MET),
        (Direction.HIGHER_IS_BETTER, "99.5", "99.8", "99.8", KPIState.MET),
        (Direction.HIGHER_IS_BETTER, "99.5", "99.8", "99.79", KPIState.AT_RISK),
        (Direction.HIGHER_IS_BETTER, "99.5", "99.8", "99.5", KPIState.AT_RISK),
        (Direction.HIGHER_IS_BETTER, "99.5", "99.8", "99.49", KPIState.BREACHED),
        (Direction.HIGHER_IS_BETTER, "99.5", None, "99.5", KPIState.MET),
        (Direction.HIGHER_IS_BETTER, "99.5", None, "99.4", KPIState.BREACHED),
        (Direction.LOWER_IS_BETTER, "2500", "2000", "1999", KPIState.MET),
        (Direction.LOWER_IS_BETTER, "2500", "2000", "2000", KPIState.MET),
        (Direction.LOWER_IS_BETTER, "2500", "2000", "2001", KPIState.AT_RISK),
        (Direction.LOWER_IS_BETTER, "2500", "2000", "2500", KPIState.AT_RISK),
        (Direction.LOWER_IS_BETTER, "2500", "2000", "2501", KPIState.BREACHED),
        (Direction.LOWER_IS_BETTER, "2500", "3000", "2600", KPIState.BREACHED),  # incoherent
    ],
)
def test_status_against_target_and_warning(
    direction: Direction, target: str, warning: str | None, value: str, expected: KPIState
) -> None:
    """Met at or beyond the warning threshold, at risk between it and the target, else breached."""
    k = kpi(
        unit="ms",
        direction=direction,
        target=Decimal(target),
        warning=None if warning is None else Decimal(warning),
    )
    assert expected == judge(k, Decimal(value))
    assert KPIState.NO_DATA == judge(k, None)


def test_a_window_without_measurements_has_no_data() -> None:
    """No measurement in a window is no_data, not breached."""
    evaluation = evaluate_kpi(kpi(), TERM, D(2024, 2, 10))
    assert [KPIState.NO_DATA, KPIState.NO_DATA] == [w.state for w in evaluation.windows]
    assert KPIState.NO_DATA == evaluation.state
    assert KPIState.NO_DATA == evaluate_kpi(kpi(), TERM, D(2023, 1, 1)).state
    assert evaluate_kpi(kpi(), TERM, D(2023, 1, 1)).current is None


@pytest.mark.parametrize(
    ("values", "direction", "expected"),
    [
        (("99.6", "99.7", "99.9"), Direction.HIGHER_IS_BETTER, Trend.IMPROVING),
        (("99.9", "99.95", "99.6"), Direction.HIGHER_IS_BETTER, Trend.WORSENING),
        (("99.9", "99.1", "99.9"), Direction.HIGHER_IS_BETTER, Trend.STEADY),
        (("90", "80", "70"), Direction.LOWER_IS_BETTER, Trend.IMPROVING),
        (("70", "80", "90"), Direction.LOWER_IS_BETTER, Trend.WORSENING),
    ],
)
def test_trend_compares_the_first_and_last_of_the_latest_windows(
    values: tuple[str, ...], direction: Direction, expected: Trend
) -> None:
    """Improving or worsening as the direction says; steady when the ends are equal."""
    days = (D(2024, 2, 10), D(2024, 3, 10), D(2024, 4, 10))
    k = kpi(
        unit="x",
        direction=direction,
        target=Decimal(100) if direction is Direction.LOWER_IS_BETTER else Decimal(1),
        warning=None,
        measurements=tuple(m(day, v) for day, v in zip(days, values, strict=True)),
    )
    assert expected == evaluate_kpi(k, TERM, D(2024, 4, 30)).trend


def test_trend_looks_only_at_the_latest_windows_and_needs_two_values() -> None:
    """Older windows do not count; fewer than two values make the trend unknown."""
    k = kpi(
        measurements=(m(D(2024, 1, 20), "90"), m(D(2024, 4, 10), "99.9"), m(D(2024, 5, 10), "99.9"))
    )
    assert Trend.STEADY == evaluate_kpi(k, TERM, D(2024, 5, 31)).trend
    assert Trend.IMPROVING == evaluate_kpi(k, TERM, D(2024, 5, 31), trend_windows=5).trend
    assert Trend.UNKNOWN == evaluate_kpi(k, TERM, D(2024, 3, 31)).trend


# -- service credits ---------------------------------------------------------------------------

SCHEME = CreditScheme(
    fee=Money(100_000, "NOK"),
    tiers=(
        CreditTier(worse_than=Decimal("99.5"), percent=Decimal(5)),
        CreditTier(worse_than=Decimal("98.0"), percent=Decimal(25)),
        CreditTier(worse_than=Decimal("99.0"), percent=Decimal(10)),
    ),
    cap_percent=Decimal(20),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("99.5", "0"),  # at target: no credit
        ("99.49", "5000"),
        ("99.0", "5000"),  # at the threshold is not worse than it
        ("98.99", "10000"),
        ("97.99", "20000"),  # 25 % capped at 20 %
        (None, "0"),
    ],
)
def test_credit_tiers_and_cap(value: str | None, expected: str) -> None:
    """The most severe tier the value falls into gives the credit, capped per window."""
    k = kpi(credits=SCHEME)
    assert Money(Decimal(expected), "NOK") == credit_for(
        k, None if value is None else Decimal(value)
    )
    assert credit_for(kpi(), Decimal(1)) is None


def test_credits_for_lower_is_better_kpis_without_a_cap() -> None:
    """For lower-is-better, values above a tier's threshold earn it; no cap lets 25 % through."""
    scheme = attrs.evolve(
        SCHEME,
        tiers=(
            CreditTier(worse_than=Decimal(2500), percent=Decimal("2.5")),
            CreditTier(worse_than=Decimal(4000), percent=Decimal(25)),
        ),
        cap_percent=None,
    )
    k = kpi(
        unit="ms",
        direction=Direction.LOWER_IS_BETTER,
        target=Decimal(2500),
        warning=None,
        credits=scheme,
    )
    assert Money("2500.0", "NOK") == credit_for(k, Decimal(2501))
    assert Money(25_000, "NOK") == credit_for(k, Decimal(4001))


def test_credits_accrue_per_complete_window_only() -> None:
    """A breached month earns its credit once it is over; the month under way earns nothing yet.

    The term starts on 15 January, so January's fee, and its 10 % credit, is prorated: 17 of 31
    days, rounded once to whole øre.
    """
    k = kpi(credits=SCHEME, measurements=(m(D(2024, 1, 31), "98.5"), m(D(2024, 2, 15), "99.2")))
    assert Money("5483.87", "NOK") == evaluate_kpi(k, TERM, D(2024, 2, 28)).credits
    assert evaluate_kpi(k, TERM, D(2024, 2, 28)).windows[-1].credit is None
    assert Money("10483.87", "NOK") == evaluate_kpi(k, TERM, D(2024, 2, 29)).credits
    assert evaluate_kpi(kpi(), TERM, D(2024, 2, 29)).credits is None


def test_a_rolling_kpi_takes_no_credit_scheme() -> None:
    """Credits are counted per calendar window or term; a rolling window with a scheme is refused."""
    with pytest.raises(
        InvalidValueError, match=r"KPI\.credits: expected None for a rolling window"
    ):
        kpi(Window.rolling(30), credits=SCHEME)


def test_scheme_fields_are_checked() -> None:
    """A scheme needs a tier; percentages lie above 0 and at most 100."""
    with pytest.raises(InvalidValueError, match=r"CreditScheme\.tiers: expected at least one"):
        CreditScheme(fee=Money(1, "NOK"), tiers=())
    with pytest.raises(
        InvalidValueError, match=r"CreditTier\.percent: expected a Decimal percentage"
    ):
        CreditTier(worse_than=Decimal(1), percent=Decimal(101))
    with pytest.raises(InvalidValueError, match=r"CreditScheme\.cap_percent"):
        CreditScheme(fee=Money(1, "NOK"), tiers=SCHEME.tiers, cap_percent=Decimal(0))


def test_service_credits_over_the_example() -> None:
    """The example's availability breaches in November 2026 earn 5 % of the run fee, in NOK."""
    contract = after_pilot_gate()  # before November's real figure was recorded
    k = contract.kpi("K-availability")
    breached = attrs.evolve(k, measurements=(*k.measurements, m(D(2026, 11, 30), "99.41")))
    changed = attrs.evolve(contract, kpis=(breached, *contract.kpis[1:]))
    assert Money(0, "NOK") == service_credits(changed, D(2026, 11, 29))
    assert Money(5_000, "NOK") == service_credits(changed, D(2026, 11, 30))


@given(
    st.lists(measurements(min_date=TERM.start, max_date=TERM.last_day), max_size=40),
    st.dates(TERM.start, TERM.last_day),
)
def test_every_measurement_by_the_day_falls_in_exactly_one_window(
    found: list[Measurement], as_of: dt.date
) -> None:
    """Windows tile the term up to as_of: each measurement taken by then is counted once."""
    for window in (
        Window.calendar_month(),
        Window.calendar_quarter(),
        Window.rolling(9),
        Window.whole_term(),
    ):
        evaluation = evaluate_kpi(kpi(window, measurements=tuple(found)), TERM, as_of)
        assert sum(1 for x in found if x.on <= as_of) == sum(
            w.measurements for w in evaluation.windows
        )
        days = [w.window for w in evaluation.windows]
        assert all(a.end < b.start for a, b in itertools.pairwise(days))


@given(
    st.lists(measurements(min_date=TERM.start, max_date=TERM.last_day), max_size=30),
    st.dates(TERM.start, TERM.last_day),
)
def test_credits_never_exceed_the_cap_per_window(found: list[Measurement], as_of: dt.date) -> None:
    """However bad the months, each earns at most the cap, and the sum is exact in Decimal."""
    evaluation = evaluate_kpi(kpi(credits=SCHEME, measurements=tuple(found)), TERM, as_of)
    earned = [w.credit for w in evaluation.windows if w.credit is not None]
    assert all(Money(0, "NOK") <= c <= Money(20_000, "NOK") for c in earned)
    assert sum((c.amount for c in earned), Decimal(0)) == evaluation.credits.amount  # type: ignore[union-attr]
