"""Strategies for what the library reports on a contract as of a day, and for their parts.

Status reports and payment schedules are drawn by running the library on drawn contracts, which
always gives one; their parts (a line of a schedule, a late milestone, an open gate...) are built
field by field, consistently, as a drawn contract would often have none.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from hypothesis import strategies as st

from outsourcing._models.contract import Contract, Term
from outsourcing._models.money import Money
from outsourcing._models.schedule import GateDecision
from outsourcing._operations.kpi_results import PeriodCredit
from outsourcing._operations.lifecycle import Timeliness
from outsourcing._operations.payments import (
    InvoiceLine,
    InvoicePeriod,
    InvoiceSchedule,
    LineKind,
    PaymentLine,
    PaymentSchedule,
    PaymentState,
    invoice_schedule,
    payment_schedule,
)
from outsourcing._operations.status import (
    MilestoneProgress,
    NextMeeting,
    OpenGate,
    PendingAcceptance,
    PhaseProgress,
    PhaseState,
    StatusReport,
    status_report,
)
from outsourcing.strategies._comms import _MEETING_KIND, _MEETING_NAME
from outsourcing.strategies._contracts import _small_contracts
from outsourcing.strategies._money import _cents, _currencies_default, _places
from outsourcing.strategies._schedule import (
    _DECISION,
    _MILESTONE_TITLE,
    _PHASE_KIND,
    _PHASE_NAME,
    _terms,
)
from outsourcing.strategies._shared import (
    _FREE_TEXT,
    MAX_DATE,
    MIN_DATE,
    Draw,
    _around,
    _check_strategy,
    _days,
    _ids,
    _or,
)
from outsourcing.strategies._work import _WORDING


@st.composite
def _status_reports(draw: Draw, base: st.SearchStrategy[Contract]) -> StatusReport:
    contract = draw(base)
    return status_report(contract, as_of=_around(draw, contract.term))


def status_reports(
    *, contracts: st.SearchStrategy[Contract] | None = None
) -> st.SearchStrategy[StatusReport]:
    """Status reports of contracts (small ones by default) as of a day around their term.

    Args:
        contracts: The contracts to report on; small ones from :func:`contracts` by default.
    """
    _check_strategy("status_reports(contracts=...)", contracts)
    return _status_reports(_or(contracts, _small_contracts()))


@st.composite
def _payment_schedules(draw: Draw, base: st.SearchStrategy[Contract]) -> PaymentSchedule:
    contract = draw(base)
    return payment_schedule(contract, _around(draw, contract.term))


def payment_schedules(
    *, contracts: st.SearchStrategy[Contract] | None = None
) -> st.SearchStrategy[PaymentSchedule]:
    """Payment schedules of contracts (small ones by default) as of a day around their term.

    Args:
        contracts: The contracts to schedule; small ones from :func:`contracts` by default.
            Their amounts must be in one currency.
    """
    _check_strategy("payment_schedules(contracts=...)", contracts)
    return _payment_schedules(_or(contracts, _small_contracts()))


_PAYMENT_STATE: Final = st.sampled_from(PaymentState)


@st.composite
def _payment_lines(draw: Draw, currencies: st.SearchStrategy[str]) -> PaymentLine:
    state = draw(_PAYMENT_STATE)
    due = _days(draw, MIN_DATE, MAX_DATE)
    return PaymentLine(
        milestone_id=draw(_ids("M")),
        title=draw(_MILESTONE_TITLE),
        amount=Money(_cents(draw), draw(currencies)),
        due=due,
        state=state,
        paid_on=_around(draw, Term(start=due, end=due)) if state is PaymentState.PAID else None,
    )


def payment_lines(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[PaymentLine]:
    """Lines of a payment schedule: a positive amount in any state, paid ones with the day.

    Args:
        currencies: The currencies of the amounts; all of ISO 4217 by default.
    """
    _check_strategy("payment_lines(currencies=...)", currencies)
    return _payment_lines(_or(currencies, _currencies_default()))


@st.composite
def _invoice_schedules(draw: Draw, base: st.SearchStrategy[Contract]) -> InvoiceSchedule:
    contract = draw(base)
    return invoice_schedule(contract, _around(draw, contract.term))


def invoice_schedules(
    *, contracts: st.SearchStrategy[Contract] | None = None
) -> st.SearchStrategy[InvoiceSchedule]:
    """Invoice schedules of contracts (small ones by default) as of a day around their term.

    Args:
        contracts: The contracts to schedule; small ones from :func:`contracts` by default.
            Their amounts must be in one currency.
    """
    _check_strategy("invoice_schedules(contracts=...)", contracts)
    return _invoice_schedules(_or(contracts, _small_contracts()))


_LINE_KIND: Final = st.sampled_from(LineKind)


def _invoice_line(draw: Draw, currency: str, month: dt.date) -> InvoiceLine:
    state = draw(_PAYMENT_STATE)
    amount = Money(_cents(draw, currency=currency), currency)
    if state is PaymentState.PAID:
        settled = amount
    else:
        settled = Money(
            _cents(draw, 0, int(amount.amount.scaleb(_places(currency))) - 1, currency), currency
        )
    return InvoiceLine(
        kind=draw(_LINE_KIND),
        source_id=draw(_ids("M")),
        title=draw(_MILESTONE_TITLE),
        period=month,
        amount=amount,
        due=_days(draw, month, month + dt.timedelta(days=27)),
        state=state,
        settled=settled,
    )


@st.composite
def _invoice_lines(draw: Draw, currencies: st.SearchStrategy[str]) -> InvoiceLine:
    month = _days(draw, MIN_DATE, MAX_DATE - dt.timedelta(days=31)).replace(day=1)
    return _invoice_line(draw, draw(currencies), month)


def invoice_lines(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[InvoiceLine]:
    """Lines of an invoice schedule: a charge or milestone in any state, settled in part or whole.

    Args:
        currencies: The currencies of the amounts; all of ISO 4217 by default.
    """
    _check_strategy("invoice_lines(currencies=...)", currencies)
    return _invoice_lines(_or(currencies, _currencies_default()))


def _period_credit(draw: Draw, currency: str, month: dt.date) -> PeriodCredit:
    earned = Money(_cents(draw, 1, 10**7, currency=currency), currency)
    cap = None
    if draw(st.booleans()):
        cap = Money(_cents(draw, 0, 10**7, currency=currency), currency)
    credit = earned if cap is None else min(earned, cap)
    return PeriodCredit(
        period=month,
        earned=earned,
        cap=cap,
        credit=credit,
        cut=earned - credit,
        kpi_ids=tuple(draw(st.lists(_ids("K"), min_size=1, max_size=3, unique=True))),
    )


@st.composite
def _period_credits(draw: Draw, currencies: st.SearchStrategy[str]) -> PeriodCredit:
    month = _days(draw, MIN_DATE, MAX_DATE).replace(day=1)
    return _period_credit(draw, draw(currencies), month)


def period_credits(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[PeriodCredit]:
    """A month's service credits: what was earned, the cap if any, and what the cap cut off.

    Args:
        currencies: The currencies of the amounts; all of ISO 4217 by default.
    """
    _check_strategy("period_credits(currencies=...)", currencies)
    return _period_credits(_or(currencies, _currencies_default()))


@st.composite
def _invoice_periods(draw: Draw, currencies: st.SearchStrategy[str]) -> InvoicePeriod:
    currency = draw(currencies)
    month = _days(draw, MIN_DATE, MAX_DATE - dt.timedelta(days=31)).replace(day=1)
    lines = tuple(_invoice_line(draw, currency, month) for _ in range(draw(st.integers(0, 3))))
    total = Money.zero(currency)
    for line in lines:
        if line.state is not PaymentState.CANCELLED:
            total += line.amount
    credit = _period_credit(draw, currency, month) if draw(st.booleans()) else None
    return InvoicePeriod(start=month, lines=lines, total=total, credit=credit)


def invoice_periods(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[InvoicePeriod]:
    """Invoice months: their lines, a total of those not cancelled, and sometimes credits.

    Args:
        currencies: The currencies of the amounts; all of ISO 4217 by default.
    """
    _check_strategy("invoice_periods(currencies=...)", currencies)
    return _invoice_periods(_or(currencies, _currencies_default()))


_PHASE_STATE: Final = st.sampled_from(PhaseState)


@st.composite
def _phase_progress(draw: Draw) -> PhaseProgress:
    span = draw(_terms(MIN_DATE, MAX_DATE))
    kind = draw(_PHASE_KIND)
    milestones_, deliverables_ = draw(st.integers(0, 5)), draw(st.integers(0, 8))
    return PhaseProgress(
        phase_id=draw(_ids("PH")),
        name=draw(_PHASE_NAME[kind]),
        kind=kind,
        start=span.start,
        end=span.last_day,
        state=draw(_PHASE_STATE),
        milestones_met=draw(st.integers(0, milestones_)),
        milestones=milestones_,
        deliverables_accepted=draw(st.integers(0, deliverables_)),
        deliverables=deliverables_,
        gate=draw(_DECISION),
    )


def phase_progress() -> st.SearchStrategy[PhaseProgress]:
    """How far phases have come: no more met or accepted than there are."""
    return _phase_progress()


_ATTENTION: Final = st.sampled_from((Timeliness.LATE, Timeliness.DUE_SOON))


@st.composite
def _milestone_progress(draw: Draw) -> MilestoneProgress:
    return MilestoneProgress(
        milestone_id=draw(_ids("M")),
        title=draw(_MILESTONE_TITLE),
        due=_days(draw, MIN_DATE, MAX_DATE),
        timeliness=draw(_ATTENTION),
        rebaselined=draw(st.booleans()),
    )


def milestone_progress() -> st.SearchStrategy[MilestoneProgress]:
    """Milestones that need attention in a status report: late or due soon."""
    return _milestone_progress()


@st.composite
def _pending_acceptances(draw: Draw) -> PendingAcceptance:
    wording = draw(_WORDING)
    return PendingAcceptance(
        deliverable_id=draw(_ids("D")),
        title=draw(_FREE_TEXT) if wording is None else wording[0],
        submitted_on=_days(draw, MIN_DATE, MAX_DATE) if draw(st.booleans()) else None,
    )


def pending_acceptances() -> st.SearchStrategy[PendingAcceptance]:
    """Deliverables waiting for the client's verdict, with the day they were submitted or not."""
    return _pending_acceptances()


_OPEN: Final = st.sampled_from((GateDecision.PENDING, GateDecision.HOLD))


@st.composite
def _open_gates(draw: Draw) -> OpenGate:
    kind = draw(_PHASE_KIND)
    return OpenGate(
        phase_id=draw(_ids("PH")),
        name=draw(_PHASE_NAME[kind]),
        decision=draw(_OPEN),
        phase_end=_days(draw, MIN_DATE, MAX_DATE),
    )


def open_gates() -> st.SearchStrategy[OpenGate]:
    """Gates of started phases, pending or on hold."""
    return _open_gates()


@st.composite
def _next_meetings(draw: Draw) -> NextMeeting:
    kind = draw(_MEETING_KIND)
    return NextMeeting(
        meeting_id=draw(_ids("MT")),
        name=draw(_MEETING_NAME[kind]),
        kind=kind,
        on=_days(draw, MIN_DATE, MAX_DATE),
    )


def next_meetings() -> st.SearchStrategy[NextMeeting]:
    """The next occurrence of meetings of every kind."""
    return _next_meetings()
