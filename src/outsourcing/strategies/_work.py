"""Strategies for deliverables (with their histories and acceptance results) and RACI.

Also the cast of a contract (whom work can be assigned to) and the RACI assignments that
:func:`contracts` draws for each deliverable and each other subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import attrs
from hypothesis import strategies as st

from outsourcing._models.contract import Term
from outsourcing._models.work import (
    CriterionResult,
    Deliverable,
    DeliverableEvent,
    DeliverableStatus,
    Raci,
    Responsibility,
)
from outsourcing.strategies._shared import (
    _FREE_TEXT,
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
)

_DELIVERABLE_TITLES: Final = ("Design system", "Product API", "Checkout", "Pilot report")
_DESCRIPTIONS: Final = ("", "Components and tokens shared by every page.")
_CRITERIA: Final = ("Passes WCAG 2.2 AA checks", "p95 latency under 200 ms", "Reviewed")


# Title and description in one draw (a contract with hundreds of deliverables must fit Hypothesis'
# buffer); the last choice is free text for both.
_WORDING: Final = st.sampled_from(
    (*((title, text) for text in _DESCRIPTIONS for title in _DELIVERABLE_TITLES), None)
)
# Acceptance criteria in one draw too: some of the vocabulary, in some order.
_CRITERIA_SETS: Final = (
    (_CRITERIA[0],),
    (_CRITERIA[1],),
    (_CRITERIA[0], _CRITERIA[2]),
    (_CRITERIA[2], _CRITERIA[1]),
)
_ACCEPTANCE: Final = {
    at_least: st.sampled_from(((),) * (1 - at_least) + _CRITERIA_SETS) for at_least in (0, 1)
}
_FAILURE: Final = "Fails on small screens"
_REWORK: Final = "Rework the checkout flow"


def _criterion_result(criterion: str, *, passed: bool) -> CriterionResult:
    """A result; a failed one says why (notes are fixed: a deliverable's history is long)."""
    return CriterionResult(criterion=criterion, passed=passed, note="" if passed else _FAILURE)


def _verdict(
    draw: Draw, status: DeliverableStatus, criteria: Sequence[str]
) -> tuple[CriterionResult, ...]:
    """The results of a review: all passed to accept, one failed to reject, none otherwise."""
    if status is DeliverableStatus.ACCEPTED:
        return tuple(CriterionResult(criterion=c, passed=True) for c in criteria)
    if status is not DeliverableStatus.REJECTED or not criteria:
        return ()
    failed = draw(st.integers(0, len(criteria) - 1)) if len(criteria) > 1 else 0
    return tuple(_criterion_result(c, passed=i != failed) for i, c in enumerate(criteria))


# How a deliverable's history was recorded: not at all (the first choice), or with or without a
# first "planned" event, with up to two rounds of rework, days between moves, and how far through
# the term (in percent) the first move was. Fixed plans keep it to one draw per deliverable: a
# contract may have hundreds.
_Plan = tuple[bool, int, int, int] | None
_PLANS: Final[tuple[_Plan, ...]] = (
    None,
    (False, 0, 0, 0),
    (True, 0, 7, 50),
    (False, 1, 1, 20),
    (True, 2, 14, 80),
    (False, 0, 30, 95),
)
_HISTORY_PLAN: Final = st.sampled_from(_PLANS)
_STATUS_AND_PLAN: Final = st.sampled_from([(s, p) for p in _PLANS for s in DeliverableStatus])
_DS: Final = DeliverableStatus
_TAIL: Final = {
    _DS.PLANNED: (),
    _DS.IN_PROGRESS: (),
    _DS.SUBMITTED: (_DS.SUBMITTED,),
    _DS.ACCEPTED: (_DS.SUBMITTED, _DS.ACCEPTED),
    _DS.REJECTED: (_DS.SUBMITTED, _DS.REJECTED),
}


def _moves(status: DeliverableStatus, plan: tuple[bool, int, int, int]) -> list[DeliverableStatus]:
    """The statuses a lifecycle that ends in ``status`` passes through (see ``lifecycle.submit``).

    ``plan`` says whether a first ``planned`` event was recorded, and how many rounds of rework.
    """
    first, reworks, _, _ = plan
    moves = [_DS.PLANNED] if first else []
    if status is _DS.PLANNED:
        return moves
    moves.append(_DS.IN_PROGRESS)
    for n in range(reworks):  # rejected work is started again, or submitted again at once
        moves += [_DS.SUBMITTED, _DS.REJECTED, *([_DS.IN_PROGRESS] if n % 2 == 0 else [])]
    if status is _DS.IN_PROGRESS and moves[-1] is not _DS.IN_PROGRESS:
        moves.append(_DS.IN_PROGRESS)
    return [*moves, *_TAIL[status]]


def _history(
    draw: Draw,
    plan: _Plan,
    status: DeliverableStatus,
    criteria: Sequence[str],
    span: Term,
) -> tuple[DeliverableEvent, ...]:
    """Dated moves in order inside ``span`` that end in ``status``, as the lifecycle makes them.

    The first move is the plan's share of the way through ``span``, the others the plan's pace
    apart (the same day, at 0).
    """
    if plan is None:
        return ()
    _, _, pace, share = plan
    first = _shift(span.start, (span.last_day - span.start).days * share // 100)
    return tuple(
        DeliverableEvent(
            status=move,
            on=min(span.last_day, _shift(first, i * pace)),
            results=_verdict(draw, move, criteria),
            note=_REWORK if move is _DS.REJECTED else "",
        )
        for i, move in enumerate(_moves(status, plan))
    )


def _deliverable(
    draw: Draw, id_: str, status: DeliverableStatus, span: Term, plan: _Plan
) -> Deliverable:
    # Accepted work, and work that was ever rejected, was judged against criteria.
    judged = status is _DS.ACCEPTED or (
        plan is not None and (status is _DS.REJECTED or (plan[1] > 0 and status is not _DS.PLANNED))
    )
    wording = draw(_WORDING)
    title, description = (draw(_FREE_TEXT), draw(_FREE_TEXT)) if wording is None else wording
    criteria = tuple(draw(_ACCEPTANCE[int(judged)]))
    return Deliverable(
        id=id_,
        title=title,
        description=description,
        acceptance_criteria=criteria,
        status=status,
        history=_history(draw, plan, status, criteria, span),
    )


@st.composite
def _deliverables(
    draw: Draw,
    ids: st.SearchStrategy[str],
    statuses: st.SearchStrategy[DeliverableStatus],
    span: Term,
) -> Deliverable:
    return _deliverable(draw, draw(ids), draw(statuses), span, draw(_HISTORY_PLAN))


def deliverables(
    *,
    ids: st.SearchStrategy[str] | None = None,
    statuses: st.SearchStrategy[DeliverableStatus] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Deliverable]:
    """Deliverables in any status; accepted ones always have acceptance criteria.

    Some have a history: the dated moves that :func:`outsourcing.lifecycle.start_work`,
    :func:`~outsourcing.lifecycle.submit`, :func:`~outsourcing.lifecycle.accept` and
    :func:`~outsourcing.lifecycle.reject` would
    have recorded, in order, ending in the deliverable's status, with a result per criterion at
    each review.

    Args:
        ids: The ids to draw from; ``D-<n>`` by default.
        statuses: The statuses to draw from; every :class:`~outsourcing.DeliverableStatus` by
            default.
        min_date: The earliest move of a history.
        max_date: The latest move of a history.
    """
    _check_strategy("deliverables(ids=...)", ids)
    _check_strategy("deliverables(statuses=...)", statuses)
    _check_dates("deliverables", min_date, max_date)
    return _deliverables(
        _or(ids, _ids("D")),
        _or(statuses, st.sampled_from(DeliverableStatus)),
        Term(start=min_date, end=max_date),
    )


_CRITERION: Final = _text(*_CRITERIA)


@st.composite
def _criterion_results(draw: Draw, criteria: st.SearchStrategy[str]) -> CriterionResult:
    passed = draw(st.booleans())
    return _criterion_result(draw(criteria), passed=passed)


def criterion_results(
    *, criteria: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[CriterionResult]:
    """How one acceptance or gate criterion fared; failed ones may say why.

    Args:
        criteria: The criteria to draw from; a few examples or any text by default.
    """
    _check_strategy("criterion_results(criteria=...)", criteria)
    return _criterion_results(_or(criteria, _CRITERION))


@st.composite
def _deliverable_events(
    draw: Draw, statuses: st.SearchStrategy[DeliverableStatus], span: Term
) -> DeliverableEvent:
    status = draw(statuses)
    rejected = status is _DS.REJECTED
    criteria = tuple(draw(_ACCEPTANCE[int(rejected or status is _DS.ACCEPTED)]))
    return DeliverableEvent(
        status=status,
        on=_days(draw, span.start, span.last_day),
        results=_verdict(draw, status, criteria),
        note=draw(st.sampled_from(("", _REWORK))),
    )


def deliverable_events(
    *,
    statuses: st.SearchStrategy[DeliverableStatus] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[DeliverableEvent]:
    """Single moves of a deliverable; an acceptance passed every result, a rejection failed one.

    Args:
        statuses: The statuses moved to; every :class:`~outsourcing.DeliverableStatus` by default.
        min_date: The earliest day.
        max_date: The latest day.
    """
    _check_strategy("deliverable_events(statuses=...)", statuses)
    _check_dates("deliverable_events", min_date, max_date)
    return _deliverable_events(
        _or(statuses, st.sampled_from(DeliverableStatus)), Term(start=min_date, end=max_date)
    )


def responsibilities(
    *,
    subject_ids: st.SearchStrategy[str] | None = None,
    assignee_ids: st.SearchStrategy[str] | None = None,
    roles: st.SearchStrategy[Raci] | None = None,
) -> st.SearchStrategy[Responsibility]:
    """Single RACI assignments.

    Args:
        subject_ids: The subjects to draw from; ``D-<n>`` by default.
        assignee_ids: The assignees to draw from; ``partner-<n>`` by default.
        roles: The roles to draw from; every :class:`~outsourcing.Raci` role by default.
    """
    _check_strategy("responsibilities(subject_ids=...)", subject_ids)
    _check_strategy("responsibilities(assignee_ids=...)", assignee_ids)
    _check_strategy("responsibilities(roles=...)", roles)
    return st.builds(
        Responsibility,
        subject_id=_or(subject_ids, _ids("D")),
        assignee_id=_or(assignee_ids, _ids("partner")),
        role=_or(roles, st.sampled_from(Raci)),
    )


@attrs.frozen
class _Cast:
    """Who takes part in one contract (partner and person ids), and strategies that pick them.

    Built once per contract, so drawing hundreds of deliverables builds no new strategies.
    """

    ids: tuple[str, ...]
    one: st.SearchStrategy[str]
    doer: st.SearchStrategy[str]
    some: st.SearchStrategy[list[str]]

    @classmethod
    def of(cls, ids: Sequence[str]) -> _Cast:
        """Owners shrink towards the client (listed first), doers towards the first provider."""
        one = st.sampled_from(tuple(ids))
        return cls(
            ids=tuple(ids),
            one=one,
            doer=st.sampled_from((*ids[1:], ids[0])),
            some=st.lists(one, unique=True, max_size=2),
        )


_ADVISED: Final = st.sampled_from((Raci.CONSULTED, Raci.INFORMED))
_ANY_ROLE: Final = st.sampled_from(Raci)


def _raci_of(draw: Draw, subject: str, cast: _Cast) -> list[Responsibility]:
    """One owner, one or two doers (the owner may be one), and others consulted or informed."""
    owner = draw(cast.one)
    doers = [draw(cast.doer)]
    if draw(st.booleans()):  # a second doer, unless it is the first again
        doers.extend({draw(cast.doer)} - set(doers))
    found = [Responsibility(subject_id=subject, assignee_id=owner, role=Raci.ACCOUNTABLE)]
    found.extend(
        Responsibility(subject_id=subject, assignee_id=who, role=Raci.RESPONSIBLE) for who in doers
    )
    found.extend(
        Responsibility(subject_id=subject, assignee_id=who, role=draw(_ADVISED))
        for who in draw(cast.some)
        if who != owner and who not in doers
    )
    return found


def _raci_any(draw: Draw, subject: str, cast: _Cast) -> list[Responsibility]:
    """Up to two distinct assignees of a milestone, phase or KPI, one role each."""
    return [
        Responsibility(subject_id=subject, assignee_id=who, role=draw(_ANY_ROLE))
        for who in draw(cast.some)
    ]
