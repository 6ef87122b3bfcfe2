"""Hypothesis strategies for running an engagement: measurements, meetings, gate decisions.

Re-exported by :mod:`outsourcing.strategies`. Needs Hypothesis (the ``test`` extra).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from outsourcing._comms import Meeting, MeetingKind
from outsourcing._contract import Contract
from outsourcing._example import example_contract
from outsourcing._kpis import Measurement
from outsourcing._money import Money
from outsourcing._schedule import Gate, GateDecision, MilestoneStatus
from outsourcing._work import CriterionResult, DeliverableStatus

_FIRST = dt.date(2026, 1, 1)
_LAST = dt.date(2028, 12, 31)
_DAYS = ("MO", "TU", "WE", "TH", "FR")


@st.composite
def measurements(  # noqa: PLR0913 - keyword-only bounds, like Hypothesis' own strategies
    draw: st.DrawFn,
    *,
    min_date: dt.date = _FIRST,
    max_date: dt.date = _LAST,
    min_value: Decimal = Decimal(0),
    max_value: Decimal = Decimal(100),
    places: int = 2,
) -> Measurement:
    """Generate a measurement on a day in ``[min_date, max_date]`` with a value in range."""
    on = draw(st.dates(min_value=min_date, max_value=max_date))
    value = draw(
        st.decimals(min_value=min_value, max_value=max_value, places=places, allow_nan=False)
    )
    return Measurement(on=on, value=value)


@st.composite
def cadences(draw: st.DrawFn) -> str:
    """Generate RFC 5545 RRULE text for a recurring meeting (weekly, monthly or quarterly)."""
    kind = draw(st.sampled_from(("weekly", "monthly", "quarterly")))
    day = draw(st.sampled_from(_DAYS))
    if kind == "weekly":
        interval = draw(st.integers(min_value=1, max_value=2))
        return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={day}"
    nth = draw(st.sampled_from(("1", "2", "-1")))
    interval = 1 if kind == "monthly" else 3
    return f"FREQ=MONTHLY;INTERVAL={interval};BYDAY={nth}{day}"


@st.composite
def meetings(
    draw: st.DrawFn,
    *,
    participant_ids: tuple[str, ...] = (),
    kinds: tuple[MeetingKind, ...] = tuple(MeetingKind),
) -> Meeting:
    """Generate a recurring meeting whose participants are drawn from ``participant_ids``."""
    participants = (
        draw(st.lists(st.sampled_from(participant_ids), unique=True)) if participant_ids else []
    )
    return Meeting(
        id=draw(st.from_regex(r"MT-[a-z0-9]{1,8}", fullmatch=True)),
        name=draw(st.sampled_from(("Status", "Steering group", "Partnership review", "Demo"))),
        kind=draw(st.sampled_from(kinds)),
        cadence=draw(cadences()),
        starts=draw(st.dates(min_value=_FIRST, max_value=_LAST)),
        participant_ids=tuple(participants),
    )


@st.composite
def gate_decisions(
    draw: st.DrawFn,
    *,
    criteria: tuple[str, ...] = ("Criterion met",),
    deciders: tuple[str, ...] = ("client",),
    min_date: dt.date = _FIRST,
    max_date: dt.date = _LAST,
) -> Gate:
    """Generate a decided gate: a decision, its date, who decided, and results for its criteria."""
    decision = draw(st.sampled_from([d for d in GateDecision if d is not GateDecision.PENDING]))
    judged = draw(st.lists(st.sampled_from(criteria), unique=True)) if criteria else []
    return Gate(
        criteria=criteria,
        decision=decision,
        decided_on=draw(st.dates(min_value=min_date, max_value=max_date)),
        decided_by=draw(st.sampled_from(deciders)),
        results=tuple(CriterionResult(criterion=c, passed=draw(st.booleans())) for c in judged),
    )


@st.composite
def payment_contracts(draw: st.DrawFn) -> tuple[Contract, dt.date]:
    """Generate the example contract at some point of its life, and a day to look at it.

    Payment amounts (with cents), milestone statuses and dates, payments made, deliverables
    accepted or not all vary; the result is a :class:`Contract` and an ``as_of`` date in its term.
    """
    base = example_contract()
    term = base.term
    day = st.dates(min_value=term.start, max_value=term.end)
    milestones = []
    for m in base.milestones:
        status = draw(st.sampled_from(list(MilestoneStatus)))
        payment = m.payment
        if payment is not None:
            cents = draw(st.integers(min_value=1, max_value=100_000_000))
            payment = Money(Decimal(cents) / 100, base.currency)
        met_on = (
            draw(day) if status in {MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET} else None
        )
        paid_on = (
            draw(st.none() | day) if payment is not None and status is MilestoneStatus.MET else None
        )
        milestones.append(
            attrs.evolve(
                m,
                payment=payment,
                status=status,
                date_met=met_on,
                status_on=None
                if status is MilestoneStatus.SCHEDULED
                else draw(day)
                if met_on is None
                else met_on,
                paid_on=paid_on,
            )
        )
    deliverables = tuple(
        attrs.evolve(d, status=draw(st.sampled_from(list(DeliverableStatus))))
        for d in base.deliverables
    )
    contract = attrs.evolve(base, milestones=tuple(milestones), deliverables=deliverables)
    return contract, draw(day)
