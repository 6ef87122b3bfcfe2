"""Strategies for the schedule: terms, phase gates, phases, milestones and their rebaselines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from outsourcing._models.contract import Term
from outsourcing._models.money import Money
from outsourcing._models.schedule import (
    DueDateChange,
    Gate,
    GateDecision,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Phase,
    PhaseKind,
)
from outsourcing._models.work import CriterionResult
from outsourcing.strategies._money import money
from outsourcing.strategies._published import _some_documents, _sometimes
from outsourcing.strategies._shared import (
    MAX_DATE,
    MIN_DATE,
    Draw,
    _check_dates,
    _check_strategy,
    _days,
    _ids,
    _or,
    _shift,
    _text,
    _words,
)
from outsourcing.strategies._work import _criterion_result


@st.composite
def _terms(draw: Draw, low: dt.date, high: dt.date, min_days: int = 1) -> Term:
    start = _days(draw, low, _shift(high, 1 - min_days))
    end = _days(draw, _shift(start, min_days - 1), min(high, _shift(start, 3660)))
    return Term(start=start, end=end)


def terms(*, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE) -> st.SearchStrategy[Term]:
    """Contract terms that start no later than they end, lasting up to ten years.

    Args:
        min_date: The earliest start.
        max_date: The latest end.
    """
    _check_dates("terms", min_date, max_date)
    return _terms(min_date, max_date)


_CRITERIA_AT_GATE: Final = ("Conversion up on the pilot pages", "No open severity-1 defects")
_GATE_CRITERIA: Final = _words(*_CRITERIA_AT_GATE)
_GATE_NOTES: Final = st.sampled_from(("", "Go, on condition that the defects are fixed first."))


def _gate(
    draw: Draw,
    decisions: st.SearchStrategy[GateDecision],
    deciders: st.SearchStrategy[str],
    low: dt.date,
    high: dt.date,
) -> Gate:
    decision = draw(decisions)
    pending = decision is GateDecision.PENDING
    criteria = draw(_GATE_CRITERIA)
    return Gate(
        criteria=criteria,
        decision=decision,
        decided_on=None if pending else _days(draw, low, high),
        decided_by=None if pending else draw(deciders),
        notes=draw(_GATE_NOTES),
        results=() if pending else _gate_results(draw, criteria),
    )


def _gate_results(draw: Draw, criteria: Sequence[str]) -> tuple[CriterionResult, ...]:
    """Results for some of a gate's criteria, each at most once (see ``lifecycle.decide_gate``)."""
    if not criteria:
        return ()
    judged = draw(st.lists(st.sampled_from(criteria), unique=True, max_size=len(criteria)))
    return tuple(_criterion_result(c, passed=draw(st.booleans())) for c in judged)


@st.composite
def _gates(
    draw: Draw,
    decisions: st.SearchStrategy[GateDecision],
    deciders: st.SearchStrategy[str],
    low: dt.date,
    high: dt.date,
) -> Gate:
    return _gate(draw, decisions, deciders, low, high)


def gates(
    *,
    decisions: st.SearchStrategy[GateDecision] | None = None,
    deciders: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Gate]:
    """Phase gates, pending or decided (with a date, who decided, and results for some criteria).

    Args:
        decisions: The decisions to draw from; every :class:`~outsourcing.GateDecision` by default.
        deciders: Who decides; ``partner-<n>`` by default.
        min_date: The earliest decision date.
        max_date: The latest decision date.
    """
    _check_strategy("gates(decisions=...)", decisions)
    _check_strategy("gates(deciders=...)", deciders)
    _check_dates("gates", min_date, max_date)
    return _gates(
        _or(decisions, st.sampled_from(GateDecision)),
        _or(deciders, _ids("partner")),
        min_date,
        max_date,
    )


_PHASE_KIND: Final = st.sampled_from(PhaseKind)
_PHASE_NAME: Final = {
    PhaseKind.STANDARD: _text("Build", "Roll-out"),
    PhaseKind.PILOT: _text("Pilot: product pages"),
    PhaseKind.TRANSITION: _text("Handover"),
}


def _phase(draw: Draw, id_: str, start: dt.date, end: dt.date, gate: Gate) -> Phase:
    kind = draw(_PHASE_KIND)
    name = draw(_PHASE_NAME[kind])
    return Phase(id=id_, name=name, start=start, end=end, kind=kind, gate=gate)


@st.composite
def _phases(
    draw: Draw,
    ids: st.SearchStrategy[str],
    low: dt.date,
    high: dt.date,
    deciders: st.SearchStrategy[str],
) -> Phase:
    term = draw(_terms(low, high))
    gate = _gate(draw, st.sampled_from(GateDecision), deciders, term.start, high)
    return _phase(draw, draw(ids), term.start, term.last_day, gate)


def phases(
    *,
    ids: st.SearchStrategy[str] | None = None,
    deciders: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Phase]:
    """Phases that start no later than they end, with a gate decided (if at all) after the start.

    Args:
        ids: The ids to draw from; ``PH-<n>`` by default.
        deciders: Who decides at the gate; ``partner-<n>`` by default.
        min_date: The earliest start.
        max_date: The latest end (and gate decision).
    """
    _check_strategy("phases(ids=...)", ids)
    _check_strategy("phases(deciders=...)", deciders)
    _check_dates("phases", min_date, max_date)
    return _phases(_or(ids, _ids("PH")), min_date, max_date, _or(deciders, _ids("partner")))


_REASON: Final = _text("Client asked for more time", "Dependency late")


def _due_history(draw: Draw, low: dt.date, high: dt.date) -> tuple[DueDateChange, ...]:
    count = draw(st.integers(0, 2))
    changes = [
        DueDateChange(
            previous_due=_days(draw, low, high),
            changed_on=_days(draw, low, high),
            reason=draw(_REASON),
        )
        for _ in range(count)
    ]
    return tuple(sorted(changes, key=lambda c: c.changed_on))


@st.composite
def _due_date_changes(draw: Draw, low: dt.date, high: dt.date) -> DueDateChange:
    return DueDateChange(
        previous_due=_days(draw, low, high),
        changed_on=_days(draw, low, high),
        reason=draw(_REASON),
    )


def due_date_changes(
    *, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[DueDateChange]:
    """Rebaselines of a milestone: an earlier due date, when it moved, and why.

    Args:
        min_date: The earliest date.
        max_date: The latest date.
    """
    _check_dates("due_date_changes", min_date, max_date)
    return _due_date_changes(min_date, max_date)


_MILESTONE_TITLE: Final = _text("Pilot live", "Catalogue accepted", "Go-live")
_MILESTONE_KIND: Final = st.sampled_from(MilestoneKind)
_MILESTONE_STATUS: Final = st.sampled_from(MilestoneStatus)
_MET: Final = frozenset({MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET})


_MILESTONE_DESCRIPTION: Final = _text("The pilot pages are live for every visitor.")
_MILESTONE_CODE: Final = _text("PILOT-LIVE", "M2")


def _milestone(  # noqa: PLR0913 - the parts that a contract decides; the rest is drawn here
    draw: Draw,
    span: Term,
    *,
    id_: str,
    due: dt.date,
    payment: Money | None,
    status: MilestoneStatus,
    phase_id: str | None,
    deliverable_ids: tuple[str, ...],
) -> Milestone:
    """A milestone with these parts; its other dates (met, rebaselined, paid) fall in ``span``.

    The day its status was recorded is the day it was met (``met``, ``partially_met``), none
    while scheduled, and known or not otherwise; only a met milestone was paid, on or after the
    day it was met (as :func:`outsourcing.lifecycle.record_payment` allows).
    """
    met = _days(draw, span.start, span.last_day) if status in _MET else None
    if status is MilestoneStatus.PARTIALLY_MET and draw(st.integers(0, 3)) == 3:
        met = None  # published data often says partially met, and not when
    if met is not None or status is MilestoneStatus.SCHEDULED:
        recorded = met
    else:
        recorded = _days(draw, span.start, span.last_day) if draw(st.booleans()) else None
    paid = (
        payment is not None
        and status is MilestoneStatus.MET
        and met is not None
        and draw(st.integers(0, 3)) > 0  # mostly: a met milestone is usually paid soon
    )
    return Milestone(
        id=id_,
        title=draw(_MILESTONE_TITLE),
        due=due,
        kind=draw(_MILESTONE_KIND),
        phase_id=phase_id,
        deliverable_ids=deliverable_ids,
        payment=payment,
        status=status,
        date_met=met,
        due_history=_due_history(draw, span.start, span.last_day),
        status_on=recorded,
        paid_on=_days(draw, met, span.last_day) if paid and met is not None else None,
        description=_sometimes(draw, _MILESTONE_DESCRIPTION),
        code=_sometimes(draw, _MILESTONE_CODE),
        documents=_some_documents(draw, span.start, span.last_day),
    )


@st.composite
def _milestones(  # noqa: PLR0913, PLR0917 - the arguments of milestones(), checked
    draw: Draw,
    ids: st.SearchStrategy[str],
    span: Term,
    phase_ids: st.SearchStrategy[str | None],
    deliverable_ids: st.SearchStrategy[str],
    payments: st.SearchStrategy[Money | None],
) -> Milestone:
    return _milestone(
        draw,
        span,
        id_=draw(ids),
        due=_days(draw, span.start, span.last_day),
        payment=draw(payments),
        status=draw(_MILESTONE_STATUS),
        phase_id=draw(phase_ids),
        deliverable_ids=tuple(draw(st.lists(deliverable_ids, unique=True, max_size=3))),
    )


def milestones(  # noqa: PLR0913 - keyword arguments, as Hypothesis' own strategies take
    *,
    ids: st.SearchStrategy[str] | None = None,
    phase_ids: st.SearchStrategy[str | None] | None = None,
    deliverable_ids: st.SearchStrategy[str] | None = None,
    payments: st.SearchStrategy[Money | None] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Milestone]:
    """Milestones of every kind and status, met ones with the date they were met (and paid).

    Args:
        ids: The ids to draw from; ``M-<n>`` by default.
        phase_ids: The phase (or ``None``) to draw from; none or ``PH-<n>`` by default.
        deliverable_ids: The deliverable ids to draw up to three from; ``D-<n>`` by default.
        payments: The payments (or ``None``) to draw from; none or a positive amount by default.
        min_date: The earliest date (due, met or rebaselined).
        max_date: The latest date.
    """
    for name, value in (
        ("ids", ids),
        ("phase_ids", phase_ids),
        ("deliverable_ids", deliverable_ids),
        ("payments", payments),
    ):
        _check_strategy(f"milestones({name}=...)", value)
    _check_dates("milestones", min_date, max_date)
    return _milestones(
        _or(ids, _ids("M")),
        Term(start=min_date, end=max_date),
        _or(phase_ids, st.none() | _ids("PH")),
        _or(deliverable_ids, _ids("D")),
        _or(payments, st.none() | money(min_amount=Decimal("0.01"), max_amount=10**7)),
    )


_DECISION: Final = st.sampled_from(GateDecision)
