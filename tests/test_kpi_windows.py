"""A KPI's windows are made when read: the same evaluation as window by window, bounded by the data.

A status report as of a date thousands of years into an open-ended term (one ending 9999-12-31)
used to make a window a month for the millennia between; the evaluation now makes the windows it
reads (the latest few, and those holding measurements). These tests pin that it is the same
evaluation, window for window, as the one made all at once, and that the work follows the data.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import pickle

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import KPI, Money, Term, example_contract
from outsourcing._models.money import as_fraction, rounded
from outsourcing._operations import kpi_results as kr
from outsourcing.kpi_results import KPIEvaluation, WindowResult, evaluate_kpi
from outsourcing.status import render_text, status_report


def _all_at_once(kpi: KPI, term: Term, as_of: dt.date) -> KPIEvaluation:
    """The evaluation as it was made before: every window, one after another (the reference)."""
    scheme = kpi.credits
    ordered = sorted(kpi.measurements, key=lambda m: m.on)
    days = [m.on for m in ordered]
    results = []
    earned = None if scheme is None else Money.zero(scheme.fee.currency)
    for window in kr.windows(kpi, term, as_of):
        low = bisect.bisect_left(days, window.start)
        high = bisect.bisect_right(days, min(window.end, as_of))
        values = [m.value for m in ordered[low:high]]
        value = kr.aggregate(values, kpi.aggregation)
        credit = None
        if scheme is not None and window.complete:
            fee = kr.window_fee(kpi, window, term, ())
            percent = as_fraction(kr.credit_percent(kpi, value))
            credit = rounded(fee * percent / 100, scheme.fee.currency)
        if credit is not None and earned is not None:
            earned += credit
        results.append(
            WindowResult(
                window=window,
                value=value,
                measurements=len(values),
                # judged by the target in force at the window's end, or on as_of if earlier
                state=kr.judge(kpi, value, min(window.end, as_of)),
                credit=credit,
            )
        )
    return KPIEvaluation(
        kpi_id=kpi.id,
        as_of=as_of,
        windows=tuple(results),
        trend=kr._trend(kpi, results, kr.TREND_WINDOWS),
        credits=earned,
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[KPI, Term, dt.date]:
    """A drawn KPI, a term of up to a few years, and a day before, in or after it."""
    kpi = draw(st.from_type(KPI))
    start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    term = Term(start=start, end=start + dt.timedelta(days=draw(st.integers(0, 1500))))
    as_of = start + dt.timedelta(days=draw(st.integers(-40, 1800)))
    return kpi, term, as_of


@settings(max_examples=300)
@given(cases())
def test_windows_made_when_read_are_the_windows_made_at_once(
    case: tuple[KPI, Term, dt.date],
) -> None:
    """The same windows, results, trend and credits (to the decimal places) as all at once."""
    kpi, term, as_of = case
    expected, actual = _all_at_once(kpi, term, as_of), evaluate_kpi(kpi, term, as_of)
    assert expected == actual
    assert expected.windows == tuple(actual.windows)
    assert list(reversed(expected.windows)) == list(reversed(actual.windows))
    assert expected.windows[-3:] == actual.windows[-3:]
    assert str(expected.credits) == str(actual.credits)
    assert (expected.current, expected.last_complete) == (actual.current, actual.last_complete)
    assert hash(expected) == hash(actual)
    assert repr(expected) == repr(actual)
    again = pickle.loads(pickle.dumps(actual))  # noqa: S301 - our own bytes
    assert expected == again
    assert expected == copy.deepcopy(actual)


def test_a_report_millennia_into_an_open_ended_term_makes_the_windows_it_reads() -> None:
    """As of the year 9000 in a term to 9999: a few windows per KPI are made, not one a month or quarter."""
    contract = example_contract()
    # Without recurring charges: their invoice lines run to the term's end (the money work's,
    # not pinned here); the KPI windows are.
    contract = attrs.evolve(
        contract,
        term=attrs.evolve(contract.term, end=dt.date(9999, 12, 31)),
        recurring_charges=(),
        transactions=(),
    )
    report = status_report(contract, as_of=dt.date(9000, 6, 15))
    render_text(report)
    for evaluation in report.kpis:
        assert len(evaluation.windows) > 20_000  # quarters, at least
        assert isinstance(evaluation.windows, kr._Windows)
        made = len(evaluation.windows._made)
        kpi = contract.kpi(evaluation.kpi_id)
        assert made <= len(kpi.measurements) + kr.TREND_WINDOWS + 2, (evaluation.kpi_id, made)


def test_far_and_open_ended_evaluations_are_the_same_as_all_at_once() -> None:
    """Fifty years into an open-ended term, every KPI of the example: the same evaluation."""
    contract = example_contract()
    term = attrs.evolve(contract.term, end=dt.date(9999, 12, 31))
    as_of = dt.date(2076, 3, 8)
    for kpi in contract.kpis:
        expected, actual = _all_at_once(kpi, term, as_of), evaluate_kpi(kpi, term, as_of)
        assert expected == actual
        assert str(expected.credits) == str(actual.credits)


def test_a_window_read_twice_is_the_same_object() -> None:
    """The latest window and the last complete one are compared by identity in the report."""
    contract = example_contract()
    evaluation = evaluate_kpi(contract.kpis[0], contract.term, contract.term.last_day)
    assert evaluation.windows[-1] is evaluation.current
