"""Every contract the library accepts can be validated, reported on and written, at any date."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import CATALOGUE, Contract, Severity, Term, example_contract, json, validate
from outsourcing._base.calendar import days_after, days_before
from outsourcing._cli.summary import summarize
from outsourcing.exceptions import OutsourcingError
from outsourcing.kpi_results import evaluate_kpi, service_credits
from outsourcing.lifecycle import hypercare, in_hypercare, offboarding_list
from outsourcing.payments import payment_schedule
from outsourcing.status import render_markdown, render_text, status_report
from outsourcing.strategies import contracts, violating

D = dt.date
FIRST, LAST = dt.date.min, dt.date.max
EX = example_contract()
ERROR_CODES = sorted(code for code, r in CATALOGUE.items() if r.severity is Severity.ERROR)


def every_surface(contract: Contract, as_of: dt.date) -> None:
    """Validate, report on (text, markdown, JSON) and write ``contract``; library errors allowed."""
    report = validate(contract, as_of=as_of)
    summarize(contract, report)
    for question in (
        lambda: render_text(status_report(contract, as_of=as_of)),
        lambda: render_markdown(status_report(contract, as_of=as_of)),
        lambda: json.dumps(status_report(contract, as_of=as_of)),
        lambda: payment_schedule(contract, as_of),
        lambda: service_credits(contract, as_of),
        lambda: [evaluate_kpi(k, contract.term, as_of) for k in contract.kpis],
        lambda: offboarding_list(contract),
        lambda: (hypercare(contract), in_hypercare(contract, as_of)),
    ):
        # An invalid contract may not answer: a library error says why.
        with contextlib.suppress(OutsourcingError):
            question()
    out = io.BytesIO()
    file = io.TextIOWrapper(out, encoding="utf-8", errors="strict")
    json.dump(contract, file)
    file.flush()
    assert contract == json.loads(out.getvalue())


def _at_the_edges(
    contract: Contract, start: dt.date, end: dt.date, hypercare_days: int
) -> Contract:
    support = contract.support
    if support is not None:
        support = attrs.evolve(support, hypercare_days=hypercare_days, warranty_days=hypercare_days)
    return attrs.evolve(contract, term=Term(start=start, end=end), support=support)


@pytest.mark.parametrize(
    ("start", "end", "hypercare_days", "as_of"),
    [
        # Half a minute each (a term up to 9999-12-31 has eight thousand years of windows): slow.
        pytest.param(EX.term.start, LAST, 75, D(2027, 1, 4), marks=pytest.mark.slow),  # open-ended
        pytest.param(EX.term.start, LAST, 75, FIRST, marks=pytest.mark.slow),
        # the last windows end with the calendar
        pytest.param(D(9999, 1, 1), LAST, 75, LAST, marks=pytest.mark.slow),
        (FIRST, EX.term.end, 75, D(1, 6, 1)),  # began at the dawn of the calendar: rolling KPIs
        (FIRST, D(1, 3, 1), 75, LAST),
        (EX.term.start, EX.term.end, 10**7, D(2027, 1, 4)),  # hypercare of millions of days
        (EX.term.start, EX.term.end, 10**7, LAST),
    ],
)
def test_dates_at_the_ends_of_the_calendar_get_answers(
    start: dt.date, end: dt.date, hypercare_days: int, as_of: dt.date
) -> None:
    """A term ending 9999-12-31 or starting 0001-01-01, or a vast hypercare: every question answers."""
    contract = _at_the_edges(EX, start, end, hypercare_days)
    every_surface(contract, as_of)
    status_report(contract, as_of=as_of)
    payment_schedule(contract, as_of)
    offboarding_list(contract)


@st.composite
def _edge_contracts(draw: st.DrawFn) -> tuple[Contract, dt.date]:
    """A drawn contract (valid, or breaking one error rule), often moved to a calendar's edge."""
    contract = draw(contracts() | st.sampled_from(ERROR_CODES).flatmap(violating))
    if draw(st.booleans()):  # a term of up to two years at either end of the calendar
        days = draw(st.integers(0, 800))
        start, end = draw(
            st.sampled_from([(FIRST, days_after(FIRST, days)), (days_before(LAST, days), LAST)])
        )
        contract = _at_the_edges(contract, start, end, draw(st.sampled_from([0, 1, 10**7])))
    term = contract.term
    as_of = draw(st.sampled_from([FIRST, LAST, term.start, term.last_day]) | st.dates())
    if abs(as_of.year - term.start.year) > 50:  # years of monthly KPI windows only take time
        as_of = term.last_day if abs(term.last_day.year - term.start.year) <= 50 else term.start
    return contract, as_of


@pytest.mark.slow
@settings(max_examples=25)  # a few seconds each; run long once when the models change
@given(_edge_contracts())
def test_every_accepted_contract_can_be_validated_reported_on_and_written(
    drawn: tuple[Contract, dt.date],
) -> None:
    """Whatever contract the strategies draw, at whatever dates: no error but the library's own."""
    every_surface(*drawn)
