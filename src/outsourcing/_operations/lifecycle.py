"""Running the engagement: dated lifecycle moves, and what is derived from them as of a date.

Every move is a function that returns a new object and leaves the old one untouched; a move the
current state does not allow raises :class:`~outsourcing.exceptions.TransitionError`. What is
derived (late, met late, rebaselined, due soon) is computed from the stored dates and an ``as_of``
date, never stored.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, Final

import attrs

from outsourcing._base.calendar import days_after
from outsourcing._models.changes import ChangeRequest
from outsourcing._models.comms import Meeting
from outsourcing._models.contract import Contract
from outsourcing._models.kpis import KPI
from outsourcing._models.partners import Partner, Person
from outsourcing._models.schedule import Gate, GateDecision, Milestone, MilestoneStatus, Phase
from outsourcing._models.work import (
    CriterionResult,
    Deliverable,
    DeliverableEvent,
    DeliverableStatus,
)
from outsourcing._rules.index import index_of
from outsourcing.exceptions import InvalidValueError, NotFoundError, TransitionError

_DS = DeliverableStatus
_MOVES: Final[dict[DeliverableStatus, tuple[str, ...]]] = {
    _DS.PLANNED: ("start",),
    _DS.IN_PROGRESS: ("submit",),
    _DS.SUBMITTED: ("accept", "reject"),
    _DS.REJECTED: ("start", "submit"),
    _DS.ACCEPTED: (),
}
_TARGET: Final = {
    "start": _DS.IN_PROGRESS,
    "submit": _DS.SUBMITTED,
    "accept": _DS.ACCEPTED,
    "reject": _DS.REJECTED,
}

DUE_SOON_DAYS: Final = 14
"""How many days ahead a milestone counts as *due soon*, unless the caller says otherwise."""


# -- deliverables ----------------------------------------------------------------------------


def _move(
    deliverable: Deliverable,
    move: str,
    on: dt.date,
    results: tuple[CriterionResult, ...] = (),
    note: str = "",
) -> Deliverable:
    subject = f"deliverable {deliverable.id!r}"
    state = deliverable.status.value
    allowed = _MOVES[deliverable.status]
    if move not in allowed:
        raise TransitionError(subject, state, move, allowed)
    if deliverable.history and on < deliverable.history[-1].on:
        last = deliverable.history[-1].on
        raise TransitionError(subject, state, move, allowed, f"{on} is before its last move {last}")
    status = _TARGET[move]
    event = DeliverableEvent(status=status, on=on, results=results, note=note)
    return attrs.evolve(deliverable, status=status, history=(*deliverable.history, event))


def start_work(deliverable: Deliverable, *, on: dt.date, note: str = "") -> Deliverable:
    """Start (or, after a rejection, rework) a deliverable: ``planned | rejected → in_progress``.

    Raises:
        TransitionError: The deliverable is in another state, or ``on`` is before its last move.
    """
    return _move(deliverable, "start", on, note=note)


def submit(deliverable: Deliverable, *, on: dt.date, note: str = "") -> Deliverable:
    """Hand a deliverable over for acceptance: ``in_progress | rejected → submitted``.

    Raises:
        TransitionError: The deliverable is in another state, or ``on`` is before its last move.
    """
    return _move(deliverable, "submit", on, note=note)


def _checked(
    deliverable: Deliverable, results: Iterable[CriterionResult]
) -> tuple[CriterionResult, ...]:
    """The results in the order of the criteria, one per criterion, or a clear error."""
    given = tuple(results)
    by_criterion = {r.criterion: r for r in given}
    criteria = deliverable.acceptance_criteria
    unknown = [r.criterion for r in given if r.criterion not in criteria]
    missing = [c for c in criteria if c not in by_criterion]
    if not criteria or unknown or missing or len(by_criterion) != len(given):
        problems = []
        if not criteria:
            problems.append("the deliverable has no acceptance criteria to judge it by")
        if missing:
            problems.append(f"no result for {missing}")
        if unknown:
            problems.append(f"results for criteria it does not have: {unknown}")
        if len(by_criterion) != len(given):
            problems.append("a criterion judged twice")
        expected = "exactly one result per acceptance criterion (" + "; ".join(problems) + ")"
        raise InvalidValueError("results", given, expected)
    return tuple(by_criterion[c] for c in criteria)


def accept(
    deliverable: Deliverable, *, on: dt.date, results: Iterable[CriterionResult], note: str = ""
) -> Deliverable:
    """Accept submitted work: ``submitted → accepted``, every acceptance criterion passed.

    Raises:
        TransitionError: The deliverable is not submitted, or ``on`` is before its last move.
        InvalidValueError: ``results`` do not judge each criterion exactly once, or one failed
            (use :func:`reject` or :func:`review`).
    """
    checked = _checked(deliverable, results)
    failed = [r.criterion for r in checked if not r.passed]
    if failed:
        raise InvalidValueError("results", checked, f"every criterion passed; failed: {failed}")
    return _move(deliverable, "accept", on, checked, note)


def reject(
    deliverable: Deliverable, *, on: dt.date, results: Iterable[CriterionResult], note: str = ""
) -> Deliverable:
    """Reject submitted work: ``submitted → rejected``, at least one criterion failed.

    Raises:
        TransitionError: The deliverable is not submitted, or ``on`` is before its last move.
        InvalidValueError: ``results`` do not judge each criterion exactly once, or none failed.
    """
    checked = _checked(deliverable, results)
    if all(r.passed for r in checked):
        raise InvalidValueError("results", checked, "at least one failed criterion to reject")
    return _move(deliverable, "reject", on, checked, note)


def review(
    deliverable: Deliverable, *, on: dt.date, results: Iterable[CriterionResult], note: str = ""
) -> Deliverable:
    """Accept submitted work if every criterion passed, else reject it."""
    checked = _checked(deliverable, results)
    decide = accept if all(r.passed for r in checked) else reject
    return decide(deliverable, on=on, results=checked, note=note)


def status_as_of(deliverable: Deliverable, as_of: dt.date) -> DeliverableStatus:
    """Return the deliverable's status on ``as_of``.

    With a history, that is the last move made by then (``planned`` before the first); without
    one the dates are unknown, and the stored status is taken as it is.
    """
    if not deliverable.history:
        return deliverable.status
    current = DeliverableStatus.PLANNED
    for event in deliverable.history:
        if event.on > as_of:
            break
        current = event.status
    return current


# -- milestones ------------------------------------------------------------------------------

_MS = MilestoneStatus
_MILESTONE_MOVES: Final[dict[MilestoneStatus, tuple[MilestoneStatus, ...]]] = {
    _MS.SCHEDULED: (_MS.MET, _MS.PARTIALLY_MET, _MS.NOT_MET, _MS.CANCELLED),
    _MS.PARTIALLY_MET: (_MS.MET, _MS.NOT_MET),
    _MS.MET: (),
    # not met is the verdict of one review, not final: a later one may find it met after all
    _MS.NOT_MET: (_MS.MET, _MS.PARTIALLY_MET, _MS.NOT_MET, _MS.CANCELLED),
    _MS.CANCELLED: (),
}


def record_milestone(milestone: Milestone, status: MilestoneStatus, *, on: dt.date) -> Milestone:
    """Record what became of a milestone, on a date.

    ``scheduled → met | partially_met | not_met | cancelled``; a partially met milestone may
    still become ``met`` (or ``not_met``). ``not_met`` is the verdict of a review on ``on``, not
    final: a later review may record it ``met``, ``partially_met``, ``not_met`` again or
    ``cancelled``. For ``met`` and ``partially_met``, ``on`` is the day it was met.

    Raises:
        TransitionError: The current status does not allow the move, or ``on`` is before the
            status it replaces was recorded.
    """
    subject = f"milestone {milestone.id!r}"
    allowed = _MILESTONE_MOVES[milestone.status]
    names = tuple(s.value for s in allowed)
    if status not in allowed:
        raise TransitionError(subject, milestone.status.value, f"record {status.value}", names)
    if milestone.status_on is not None and on < milestone.status_on:
        raise TransitionError(
            subject,
            milestone.status.value,
            f"record {status.value}",
            names,
            f"{on} is before it became {milestone.status.value} on {milestone.status_on}",
        )
    met = status in {_MS.MET, _MS.PARTIALLY_MET}
    return attrs.evolve(milestone, status=status, status_on=on, date_met=on if met else None)


def record_payment(contract: Contract, milestone_id: str, *, on: dt.date) -> Contract:
    """Record that a milestone's payment was paid on ``on``; return the new contract.

    Raises:
        NotFoundError: There is no such milestone.
        TransitionError: The payment is not payable on ``on`` (see :func:`payable`), or is paid.
    """
    milestone = contract.milestone(milestone_id)
    subject = f"the payment of milestone {milestone_id!r}"
    if milestone.paid_on is not None:
        raise TransitionError(subject, f"paid on {milestone.paid_on}", "pay", ())
    if not payable(contract, milestone, on):
        why = "it is payable once the milestone is met and all its deliverables are accepted"
        state = "not payable" if milestone.payment is not None else "without a payment"
        raise TransitionError(subject, state, "pay", (), why)
    return replace_in(contract, attrs.evolve(milestone, paid_on=on))


def payable(contract: Contract, milestone: Milestone, as_of: dt.date) -> bool:
    """Whether a milestone's payment may be paid on ``as_of``.

    It may once the milestone is ``met`` (a partially met milestone pays nothing: agree a change)
    and every deliverable due at it is accepted, both by ``as_of``.
    """
    if milestone.payment is None or milestone_status_as_of(milestone, as_of) is not _MS.MET:
        return False
    found = index_of(contract).deliverables
    return all(
        d in found and status_as_of(found[d], as_of) is DeliverableStatus.ACCEPTED
        for d in milestone.deliverable_ids
    )


def milestone_status_as_of(milestone: Milestone, as_of: dt.date) -> MilestoneStatus:
    """Return the milestone's status on ``as_of``: ``scheduled`` if recorded after that day."""
    recorded = milestone.status_on if milestone.status_on is not None else milestone.date_met
    if recorded is not None and recorded > as_of:
        return _MS.SCHEDULED
    return milestone.status


def due_as_of(milestone: Milestone, as_of: dt.date) -> dt.date:
    """Return the due date that held on ``as_of`` (before any later rebaseline)."""
    for change in milestone.due_history:
        if change.changed_on > as_of:
            return change.previous_due
    return milestone.due


def is_rebaselined(milestone: Milestone, as_of: dt.date) -> bool:
    """Whether the milestone's due date had moved by ``as_of`` (see its ``due_history``)."""
    return any(change.changed_on <= as_of for change in milestone.due_history)


class Timeliness(enum.Enum):
    """Where a milestone stands against its due date, as of a date. Derived, never stored."""

    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    LATE = "late"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    NOT_MET = "not_met"
    CANCELLED = "cancelled"


def timeliness(milestone: Milestone, as_of: dt.date, *, soon: int = DUE_SOON_DAYS) -> Timeliness:
    """Say where a milestone stands on ``as_of``.

    Scheduled: ``late`` once past due (the due day itself is not late), ``due_soon`` within
    ``soon`` days, else ``upcoming``. Met or partially met: ``met_late`` if met (or, without a
    date met, recorded) after the due date that held then, else ``met_on_time``. Not met:
    ``not_met``, the verdict of the last review.

    >>> import datetime as dt
    >>> from outsourcing import example_contract
    >>> from outsourcing.lifecycle import timeliness
    >>> m = example_contract().milestone("M-03")
    >>> timeliness(m, dt.date(2027, 2, 20)).value, timeliness(m, dt.date(2027, 3, 1)).value
    ('due_soon', 'late')
    """
    status = milestone_status_as_of(milestone, as_of)
    due = due_as_of(milestone, as_of)
    if status is _MS.CANCELLED:
        return Timeliness.CANCELLED
    if status is _MS.NOT_MET:
        return Timeliness.NOT_MET
    if status is _MS.SCHEDULED:
        if due < as_of:
            return Timeliness.LATE
        if (due - as_of).days <= soon:
            return Timeliness.DUE_SOON
        return Timeliness.UPCOMING
    met = milestone.date_met if milestone.date_met is not None else milestone.status_on
    # partially met, and no date known: nothing says it was late
    late = met is not None and met > due_as_of(milestone, met)
    return Timeliness.MET_LATE if late else Timeliness.MET_ON_TIME


# -- phase gates -----------------------------------------------------------------------------

_GD = GateDecision
_GATE_MOVES: Final[dict[GateDecision, tuple[GateDecision, ...]]] = {
    _GD.PENDING: (_GD.GO, _GD.GO_WITH_CONDITIONS, _GD.HOLD, _GD.STOP),
    _GD.HOLD: (_GD.GO, _GD.GO_WITH_CONDITIONS, _GD.STOP),
    _GD.GO: (),
    _GD.GO_WITH_CONDITIONS: (),
    _GD.STOP: (),
}


def decide_gate(  # noqa: PLR0913 - a decision has this many facts, all keyword-only
    phase: Phase,
    decision: GateDecision,
    *,
    on: dt.date,
    by: str,
    results: Iterable[CriterionResult] = (),
    notes: str = "",
) -> Phase:
    """Record the evaluation at a phase's gate; return the new phase.

    ``pending → go | go_with_conditions | hold | stop``; a gate on ``hold`` is evaluated again
    later. ``results`` judge the gate's criteria (each at most once, only criteria it lists).

    Raises:
        TransitionError: The gate was decided already (other than ``hold``), or ``on`` is before
            the ``hold``.
        InvalidValueError: A result names a criterion the gate does not list, or one twice.
    """
    gate = phase.gate
    subject = f"the gate of phase {phase.id!r}"
    allowed = _GATE_MOVES[gate.decision]
    names = tuple(d.value for d in allowed)
    if decision not in allowed:
        raise TransitionError(subject, gate.decision.value, f"decide {decision.value}", names)
    if gate.decided_on is not None and on < gate.decided_on:
        why = f"{on} is before the hold of {gate.decided_on}"
        raise TransitionError(subject, gate.decision.value, f"decide {decision.value}", names, why)
    given = tuple(results)
    judged = [r.criterion for r in given]
    if len(set(judged)) != len(judged) or not set(judged) <= set(gate.criteria):
        raise InvalidValueError("results", given, f"at most one result for each of {gate.criteria}")
    new = Gate(
        criteria=gate.criteria,
        decision=decision,
        decided_on=on,
        decided_by=by,
        notes=notes,
        results=given,
    )
    return attrs.evolve(phase, gate=new)


def decision_as_of(phase: Phase, as_of: dt.date) -> GateDecision:
    """Return the gate's decision on ``as_of``: ``pending`` if decided after that day."""
    gate = phase.gate
    if gate.decided_on is not None and gate.decided_on > as_of:
        return GateDecision.PENDING
    return gate.decision


# -- putting changed objects back ------------------------------------------------------------

_Item = Deliverable | Milestone | Phase | KPI | Meeting | Partner | Person | ChangeRequest
_FIELDS: Final[dict[type, tuple[str, str]]] = {
    ChangeRequest: ("change_requests", "change request"),
    Deliverable: ("deliverables", "deliverable"),
    Milestone: ("milestones", "milestone"),
    Phase: ("phases", "phase"),
    KPI: ("kpis", "KPI"),
    Meeting: ("meetings", "meeting"),
    Partner: ("parties", "partner"),
    Person: ("people", "person"),
}


def replace_in(contract: Contract, *items: _Item) -> Contract:
    """Return the contract with each item put in place of the one with its id.

    >>> import datetime as dt
    >>> from outsourcing import example_contract
    >>> from outsourcing.lifecycle import replace_in, start_work
    >>> contract = example_contract()
    >>> d = start_work(contract.deliverable("D-08"), on=dt.date(2027, 3, 8))
    >>> replace_in(contract, d).deliverable("D-08").status.value
    'in_progress'

    Raises:
        NotFoundError: The contract has no object of that kind with that id.
    """
    changes: dict[str, list[_Item]] = {}
    for item in items:
        name, kind = _FIELDS[type(item)]
        current = changes.setdefault(name, list(getattr(contract, name)))
        position = next((i for i, old in enumerate(current) if old.id == item.id), None)
        if position is None:
            raise NotFoundError(kind, item.id)
        current[position] = item
    updated: dict[str, Any] = {name: tuple(found) for name, found in changes.items()}
    return attrs.evolve(contract, **updated)


# -- after the launch ------------------------------------------------------------------------


def hypercare(contract: Contract) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day of hypercare, or ``None`` without support terms or hypercare.

    Hypercare starts on the go-live milestone's day (the day it was met, else its due date).

    >>> from outsourcing import example_contract
    >>> from outsourcing.lifecycle import hypercare
    >>> first, last = hypercare(example_contract())
    >>> first.isoformat(), last.isoformat()
    ('2027-06-07', '2027-08-20')

    Raises:
        NotFoundError: The go-live milestone does not exist (rule ``REF_RESOLVES``).
    """
    support = contract.support
    if support is None or support.hypercare_days == 0:
        return None
    go_live = contract.milestone(support.go_live_milestone_id)
    first = go_live.date_met if go_live.date_met is not None else go_live.due
    return first, days_after(first, support.hypercare_days - 1)


def in_hypercare(contract: Contract, day: dt.date) -> bool:
    """Whether ``day`` falls inside hypercare (both ends included)."""
    span = hypercare(contract)
    return span is not None and span[0] <= day <= span[1]
