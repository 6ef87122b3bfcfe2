"""Strategies for scope changes, and the change requests drawn to fit a given contract.

Change requests are drawn for a given valid contract: a ``_Picker`` draws operations that fit it,
one kind at a time, and remembers what they touched so that no two operations undo each other.
``_one_change`` records one drawn change in a contract's register as the lifecycle functions
would (proposed, decided, or approved and applied). :func:`change_requests` and
:func:`amendments`, which draw a contract when given none, live in ``_contracts``.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import strategies as st

from outsourcing._models.changes import (
    AddCharge,
    AddDeliverable,
    AddMilestone,
    AddPhase,
    ApprovalLevel,
    CancelMilestone,
    ChangeEvent,
    ChangePayment,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
    Difference,
    DifferenceKind,
    EndCharge,
    ExtendPhase,
    ExtendTerm,
    ModifyDeliverable,
    MoveMilestone,
    Operation,
    Reassign,
    RemoveDeliverable,
    Tolerance,
)
from outsourcing._models.contract import Contract
from outsourcing._models.money import Money
from outsourcing._models.partners import PartnerRole
from outsourcing._models.schedule import Milestone, MilestoneStatus, Phase
from outsourcing._models.work import Deliverable, Raci
from outsourcing._operations.scope_changes import (
    apply_change,
    apply_operations,
    approval_needed,
    approve_change,
    change_cost,
    committed,
    reject_change,
    withdraw_change,
)
from outsourcing._rules.catalogue import CATALOGUE, validate
from outsourcing._rules.changes import may_approve, raises_value
from outsourcing.exceptions import ChangeRefusedError, InvalidValueError
from outsourcing.strategies._billing import _charge, recurring_charges
from outsourcing.strategies._money import _places, money
from outsourcing.strategies._schedule import _REASON, milestones, phases
from outsourcing.strategies._shared import (
    _DAY,
    MAX_DATE,
    MIN_DATE,
    Draw,
    _assignees,
    _Bounds,
    _check_strategy,
    _days,
    _ids,
    _or,
    _shift,
    _text,
    _words,
)
from outsourcing.strategies._work import _ANY_ROLE, _CRITERIA, _DESCRIPTIONS, deliverables

_CHANGE_TITLES: Final = st.sampled_from(
    ("Add a store finder", "Drop the loyalty pages", "Move the launch", "Widen search")
)
_RATIONALES: Final = st.sampled_from(
    ("The client's priorities changed.", "The pilot showed it is needed.", "Budget cut.")
)
_APPROVAL_NOTES: Final = st.sampled_from(("", "On condition that the pilot is repeated."))
_DECLINED: Final = st.sampled_from(("Not worth the cost.", "Overtaken by the new roadmap."))
_LEVEL: Final = st.sampled_from(ApprovalLevel)


@st.composite
def _tolerances(draw: Draw, levels: st.SearchStrategy[ApprovalLevel]) -> Tolerance:
    return Tolerance(
        level=draw(levels),
        cost_percent=Decimal(draw(st.integers(0, 50))),
        slip_days=draw(st.integers(0, 180)),
    )


def tolerances(
    *, levels: st.SearchStrategy[ApprovalLevel] | None = None
) -> st.SearchStrategy[Tolerance]:
    """Tolerances of 0-50 % cost and 0-180 days of slip, at a level drawn from ``levels``.

    Args:
        levels: The approval levels to draw from; every level by default.

    Raises:
        InvalidValueError: ``levels`` is not a strategy.
    """
    _check_strategy("tolerances(levels=...)", levels)
    return _tolerances(_or(levels, _LEVEL))


@st.composite
def _change_policies(draw: Draw) -> ChangePolicy:
    beyond = draw(_LEVEL)
    upto = [level for level in ApprovalLevel if level <= beyond]
    chosen = draw(st.lists(st.sampled_from(upto), unique=True, max_size=len(upto)))
    return ChangePolicy(
        tolerances=tuple(draw(_tolerances(st.just(level))) for level in sorted(chosen)),
        beyond=beyond,
    )


def change_policies() -> st.SearchStrategy[ChangePolicy]:
    """Change policies: tolerances for some levels up to the one needed beyond them all."""
    return _change_policies()


@st.composite
def _change_events(draw: Draw, statuses: st.SearchStrategy[ChangeStatus]) -> ChangeEvent:
    status = draw(statuses)
    approved = status is ChangeStatus.APPROVED
    who = _ids("partner")
    return ChangeEvent(
        status=status,
        on=_days(draw, MIN_DATE, MAX_DATE),
        by=draw(who) if approved else draw(st.none() | who),
        level=draw(_LEVEL) if approved else None,
        note=draw(_APPROVAL_NOTES if approved else st.just("") | _DECLINED),
    )


def change_events(
    *, statuses: st.SearchStrategy[ChangeStatus] | None = None
) -> st.SearchStrategy[ChangeEvent]:
    """Moves of a change request: an approval says who approved it and at which level.

    Args:
        statuses: The statuses moved to; approved, rejected, withdrawn or applied by default.

    Raises:
        InvalidValueError: ``statuses`` is not a strategy.
    """
    _check_strategy("change_events(statuses=...)", statuses)
    moved = st.sampled_from([s for s in ChangeStatus if s is not ChangeStatus.PROPOSED])
    return _change_events(_or(statuses, moved))


class _Picker:
    """What one drawn change has touched so far, so that no two operations undo each other."""

    def __init__(self, draw: Draw, contract: Contract, bounds: _Bounds | None) -> None:
        self.draw = draw
        self.touched: set[str] = set()
        self.contract = contract
        self.assignees = _assignees(contract)
        self.bounds = bounds

    def room(self, what: str, more: int) -> bool:
        """Whether ``what`` may grow by ``more`` (or shrink, if negative) within the bounds."""
        if self.bounds is None:
            return True
        low, high = getattr(self.bounds, what)
        return bool(low <= len(getattr(self.contract, what)) + more <= high)

    @property
    def last_day(self) -> dt.date:
        return MAX_DATE if self.bounds is None else min(MAX_DATE, self.bounds.dates[1])

    def fresh(self, prefix: str, used: set[str]) -> str:
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def subjects(self) -> set[str]:
        c = self.contract
        return {r.subject_id for r in c.responsibilities} | {
            x.id
            for items in (c.deliverables, c.milestones, c.phases, c.kpis, c.risks)
            for x in items
        }

    def untouched(
        self, items: tuple[Deliverable, ...] | tuple[Milestone, ...] | tuple[Phase, ...]
    ) -> list[str]:
        counts = collections.Counter(x.id for x in items)
        return [i for i, n in counts.items() if n == 1 and i not in self.touched]

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        return _days(self.draw, low, high)


def _op_add_deliverable(p: _Picker) -> Operation | None:
    if not p.room("deliverables", 1):
        return None
    new = p.fresh("D-new-", p.subjects())
    responsible = p.draw(
        st.lists(st.sampled_from(p.assignees), min_size=1, max_size=2, unique=True)
    )
    # Not to a milestone already paid: the payment would no longer have been payable.
    milestones_ = [m.id for m in p.contract.milestones if m.paid_on is None]
    milestone = p.draw(st.none() | st.sampled_from(milestones_)) if milestones_ else None
    p.touched.add(new)
    if milestone is not None:
        p.touched.add(milestone)
    return AddDeliverable(
        deliverable=Deliverable(id=new, title="Store finder", acceptance_criteria=("Reviewed",)),
        owner_id=p.draw(st.sampled_from(p.assignees)),
        responsible_ids=tuple(responsible),
        milestone_id=milestone,
    )


def _op_remove_deliverable(p: _Picker) -> Operation | None:
    ids = p.untouched(p.contract.deliverables)
    if not ids or not p.room("deliverables", -1):
        return None
    gone = p.draw(st.sampled_from(ids))
    p.touched.add(gone)
    p.touched.update(m.id for m in p.contract.milestones if gone in m.deliverable_ids)
    return RemoveDeliverable(deliverable_id=gone)


def _op_modify_deliverable(p: _Picker) -> Operation | None:
    ids = p.untouched(p.contract.deliverables)
    if not ids:
        return None
    chosen = p.draw(st.sampled_from(ids))
    p.touched.add(chosen)
    return ModifyDeliverable(
        deliverable_id=chosen, title=p.contract.deliverable(chosen).title + " (revised)"
    )


def _op_reassign(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    for d in p.untouched(c.deliverables):
        holders = {r.assignee_id for r in c.responsibilities if r.subject_id == d}
        free = [a for a in p.assignees if a not in holders]
        held = sorted(
            {
                (r.role.value, r.assignee_id)
                for r in c.responsibilities
                if r.subject_id == d and r.role in {Raci.ACCOUNTABLE, Raci.RESPONSIBLE}
            }
        )
        if free and held:
            options.append((d, free, held))
    if not options:
        return None
    d, free, held = p.draw(st.sampled_from(options))
    role, from_id = p.draw(st.sampled_from(held))
    p.touched.add(d)
    return Reassign(
        subject_id=d, role=Raci(role), from_id=from_id, to_id=p.draw(st.sampled_from(free))
    )


def _scheduled(p: _Picker) -> list[str]:
    c = p.contract
    return [
        i for i in p.untouched(c.milestones) if c.milestone(i).status is MilestoneStatus.SCHEDULED
    ]


def _op_move_milestone(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    for i in _scheduled(p):
        m = c.milestone(i)
        low, high = c.term.start, c.term.last_day
        if m.phase_id is not None:
            low, high = c.phase(m.phase_id).start, c.phase(m.phase_id).end
        if low < high:
            options.append((m, low, high))
    if not options:
        return None
    m, low, high = p.draw(st.sampled_from(options))
    due = p.day(low, high)
    if due == m.due:
        due = low if m.due != low else high
    p.touched.add(m.id)
    return MoveMilestone(milestone_id=m.id, due=due, reason="Scope changed")


def _op_cancel_milestone(p: _Picker) -> Operation | None:
    ids = _scheduled(p)
    if not ids:
        return None
    chosen = p.draw(st.sampled_from(ids))
    p.touched.add(chosen)
    return CancelMilestone(milestone_id=chosen)


def _op_change_payment(p: _Picker) -> Operation | None:
    c = p.contract
    ids = [
        i
        for i in p.untouched(c.milestones)
        if c.milestone(i).paid_on is None and c.milestone(i).status is not MilestoneStatus.CANCELLED
    ]
    if not ids:
        return None
    m = c.milestone(p.draw(st.sampled_from(ids)))
    others = sum(
        (
            x.payment.amount
            for x in c.milestones
            if x.id != m.id and x.payment is not None and x.status is not MilestoneStatus.CANCELLED
        ),
        Decimal(0),
    )
    places = _places(c.currency)
    cents = int((c.value.amount - others).scaleb(places))
    choices: list[Money | None] = [] if m.payment is None else [None]
    if cents >= 1:
        amount = Decimal(p.draw(st.integers(1, cents))).scaleb(-places)
        if m.payment is None or amount != m.payment.amount:
            choices.append(Money(amount, c.currency))
    if not choices:
        return None
    p.touched.add(m.id)
    return ChangePayment(milestone_id=m.id, payment=p.draw(st.sampled_from(choices)))


def _op_extend_term(p: _Picker) -> Operation | None:
    end = p.contract.term.end
    if "$term" in p.touched or end is None or end >= p.last_day:
        return None
    p.touched.add("$term")
    return ExtendTerm(end=p.day(end + _DAY, min(p.last_day, _shift(end, 60))))


def _op_extend_phase(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    ordered = c.phases_in_order()
    free = p.untouched(c.phases)
    for k, phase in enumerate(ordered):
        if phase.id not in free:
            continue
        room = ordered[k + 1].start - _DAY if k + 1 < len(ordered) else c.term.last_day
        if room > phase.end:
            options.append((phase, room))
    if not options:
        return None
    phase, room = p.draw(st.sampled_from(options))
    p.touched.add(phase.id)
    return ExtendPhase(phase_id=phase.id, end=p.day(phase.end + _DAY, room))


def _op_add_milestone(p: _Picker) -> Operation | None:
    c = p.contract
    if not p.room("milestones", 1):
        return None
    new = p.fresh("M-new-", p.subjects())
    p.touched.add(new)
    return AddMilestone(
        milestone=Milestone(
            id=new, title="Extra checkpoint", due=p.day(c.term.start, c.term.last_day)
        )
    )


def _op_add_phase(p: _Picker) -> Operation | None:
    # After the last phase, and only once its gate let the next one start (GATE_BEFORE_NEXT).
    c = p.contract
    if not p.room("phases", 1):
        return None
    ordered = c.phases_in_order()
    start = c.term.start
    if ordered:
        gate = ordered[-1].gate
        if not gate.decision.lets_next_start or gate.decided_on is None:
            return None
        start = max(ordered[-1].end + _DAY, gate.decided_on)
    if start > c.term.last_day:
        return None
    new = p.fresh("PH-new-", p.subjects())
    p.touched.add(new)
    return AddPhase(
        phase=Phase(id=new, name="Extra phase", start=start, end=p.day(start, c.term.last_day))
    )


def _op_change_value(p: _Picker) -> Operation | None:
    if "$value" in p.touched:
        return None
    p.touched.add("$value")
    value = p.contract.value
    raise_by = Decimal(p.draw(st.integers(1, 10**8))).scaleb(-_places(value.currency))
    return ChangeValue(value=Money(value.amount + raise_by, value.currency))


def _op_add_charge(p: _Picker) -> Operation | None:
    # From a day of the term on; a longer term than the value covers is raised at the end.
    c = p.contract
    new = p.fresh("F-new-", {x.id for x in c.recurring_charges})
    p.touched.add(new)
    return AddCharge(charge=_charge(p.draw, new, c.term, c.currency))


def _op_end_charge(p: _Picker) -> Operation | None:
    # Not a charge that money moved for: its paid periods might fall after the new end.
    c = p.contract
    moved = {t.charge_id for t in c.transactions}
    options = []
    for charge in c.recurring_charges:
        last = c.term.last_day if charge.end is None else min(charge.end, c.term.last_day)
        if charge.id not in p.touched and charge.id not in moved and charge.start < last:
            options.append((charge, last))
    if not options:
        return None
    charge, last = p.draw(st.sampled_from(options))
    p.touched.add(charge.id)
    return EndCharge(charge_id=charge.id, end=p.day(charge.start, last - _DAY))


_KINDS: Final[tuple[Callable[[_Picker], Operation | None], ...]] = (
    _op_add_deliverable,
    _op_remove_deliverable,
    _op_modify_deliverable,
    _op_reassign,
    _op_add_milestone,
    _op_move_milestone,
    _op_cancel_milestone,
    _op_change_payment,
    _op_add_phase,
    _op_extend_phase,
    _op_extend_term,
    _op_change_value,
    _op_add_charge,
    _op_end_charge,
)
_KIND: Final = st.sampled_from(_KINDS)


def _change_request(
    draw: Draw, contract: Contract, least: int, most: int, bounds: _Bounds | None = None
) -> ChangeRequest:
    """A change request that fits ``contract``, keeping within ``bounds`` if given.

    Without bounds an AddMilestone always fits, so the request has ``least`` to ``most``
    operations; within bounds it may have fewer (a ChangeValue, at least).
    """
    picker = _Picker(draw, contract, bounds)
    ids = {c.id for c in contract.change_requests}
    last = contract.amendments[-1].date if contract.amendments else contract.term.start
    requested_on = max(picker.day(min(last, contract.term.last_day), contract.term.last_day), last)
    operations: list[Operation] = []
    slip = 0
    wanted = draw(st.integers(least, most))
    tries = 0
    while len(operations) < wanted and (bounds is None or tries < 8 * wanted):
        tries += 1
        op = draw(_KIND)(picker)
        if op is None:
            continue
        picker.contract, days, problems = apply_operations(picker.contract, (op,), on=requested_on)
        assert not problems, problems  # noqa: S101 - the picker's own invariant
        slip = max(slip, days)
        operations.append(op)
    if not operations:
        op = _op_change_value(picker)
        assert op is not None  # noqa: S101 - nothing was touched
        operations.append(op)
    # A longer term lengthens open-ended recurring charges: the value rises to cover them.
    over = committed(picker.contract) - picker.contract.value.amount
    if over > 0:
        raised = ChangeValue(value=Money(picker.contract.value.amount + over, contract.currency))
        operations = [op for op in operations if not isinstance(op, ChangeValue)]
        operations.append(raised)
        picker.contract = attrs.evolve(picker.contract, value=raised.value)
    # The declared cost covers what the operations cost (apply_change checks it), and may say more.
    cost = change_cost(contract, picker.contract)
    extra = Decimal(draw(st.integers(0, 10**6))).scaleb(-_places(contract.currency))
    declared = cost + extra if cost > 0 else cost - extra if cost < 0 else None
    if declared is None and draw(st.booleans()):
        declared = extra if draw(st.booleans()) else -extra
    return ChangeRequest(
        id=picker.fresh("CR-", ids),
        title=draw(_CHANGE_TITLES),
        rationale=draw(_RATIONALES),
        requested_by=draw(st.sampled_from(picker.assignees)),
        requested_on=requested_on,
        operations=tuple(operations),
        cost_impact=None if declared is None else Money(declared, contract.currency),
        schedule_impact_days=slip + draw(st.integers(0, 10)),
    )


def _one_change(draw: Draw, contract: Contract, bounds: _Bounds) -> Contract:
    """The contract with one more change request in its register: applied, approved or decided.

    An approved change is applied with :func:`outsourcing.changes.apply_change`, approved at the
    level the
    policy asks for or higher; if the result would break a rule as of some date it stays approved.
    """
    change = _change_request(draw, contract, 1, 3, bounds)
    fate = draw(_FATES)
    if fate is ChangeStatus.PROPOSED:
        return attrs.evolve(contract, change_requests=(*contract.change_requests, change))
    by = draw(st.sampled_from(_assignees(contract)))
    on = _days(draw, change.requested_on, max(change.requested_on, contract.term.last_day))
    if fate is ChangeStatus.REJECTED:
        decided = reject_change(change, by=by, on=on, reason=draw(_DECLINED))
    elif fate is ChangeStatus.WITHDRAWN:
        decided = withdraw_change(change, by=by, on=on, reason=draw(_DECLINED))
    else:
        needed = approval_needed(contract, change)
        level = draw(st.sampled_from([lv for lv in ApprovalLevel if lv >= needed]))
        allowed = _authorised(contract, change, level)
        if not allowed:  # nobody may approve it at that level: it stays proposed
            return attrs.evolve(contract, change_requests=(*contract.change_requests, change))
        by = draw(st.sampled_from(allowed))
        decided = approve_change(change, by=by, level=level, on=on, note=draw(_APPROVAL_NOTES))
    if fate is ChangeStatus.APPLIED:
        applied_on = _days(draw, on, max(on, contract.term.last_day))
        recorder = draw(st.none() | st.sampled_from(_assignees(contract)))
        try:
            amended = apply_change(contract, decided, on=applied_on, by=recorder)
        except ChangeRefusedError:
            pass
        else:
            if validate(amended, as_of=amended.term.end, rules=_AS_OF_RULES).ok:
                return amended
    return attrs.evolve(contract, change_requests=(*contract.change_requests, decided))


# Applied first: examples shrink towards a change that was applied.
_FATES: Final = st.sampled_from(
    (
        ChangeStatus.APPLIED,
        ChangeStatus.APPLIED,
        ChangeStatus.APPROVED,
        ChangeStatus.PROPOSED,
        ChangeStatus.REJECTED,
        ChangeStatus.WITHDRAWN,
    )
)
_AS_OF_RULES: Final = tuple(code for code, r in CATALOGUE.items() if r.needs_as_of)


def _authorised(contract: Contract, change: ChangeRequest, level: ApprovalLevel) -> list[str]:
    """The partners and people who may approve ``change`` at ``level`` (CHANGE_AUTHORIZED)."""
    policy = contract.change_policy
    client = {p.id for p in contract.parties if p.role is PartnerRole.CLIENT}
    client_only = raises_value(contract, change)
    found = []
    for who in _assignees(contract):
        event = ChangeEvent(
            status=ChangeStatus.APPROVED, on=change.requested_on, by=who, level=level
        )
        if policy is not None and not may_approve(contract, policy, event):
            continue
        if client_only:
            partner = (
                who
                if who in client
                else next((p.partner_id for p in contract.people if p.id == who), None)
            )
            if partner not in client:
                continue
        found.append(who)
    return found


def _apply_one(draw: Draw, contract: Contract) -> Contract | None:
    """The contract with one more change, approved at the level it needs and applied, or None."""
    for _ in range(3):
        change = _change_request(draw, contract, 1, 2)
        level = approval_needed(contract, change)
        allowed = _authorised(contract, change, level)
        if not allowed:
            continue
        by = draw(st.sampled_from(allowed))
        on = change.requested_on
        approved = approve_change(change, by=by, level=level, on=on)
        try:
            amended = apply_change(contract, approved, on=on)
        except ChangeRefusedError:
            continue
        if validate(amended, as_of=amended.term.end, rules=_AS_OF_RULES).ok:
            return amended
    return None


_SHOWN: Final = _text("D-1 'Checkout'", "2026-03-01", "1200.00 EUR", "none")
_SECTIONS: Final = st.sampled_from(("deliverables", "milestones", "phases", "term", "value"))
_FIELDS: Final = st.none() | st.sampled_from(("title", "due", "end", "payment"))


@st.composite
def _differences(draw: Draw) -> Difference:
    kind = draw(st.sampled_from(DifferenceKind))
    section = draw(_SECTIONS)
    whole = section in {"term", "value"}
    return Difference(
        section=section,
        key=None if whole else draw(_ids(section[0].upper())),
        field=draw(_FIELDS) if kind is DifferenceKind.CHANGED and section != "value" else None,
        kind=kind,
        before=None if kind is DifferenceKind.ADDED else draw(_SHOWN),
        after=None if kind is DifferenceKind.REMOVED else draw(_SHOWN),
    )


def differences() -> st.SearchStrategy[Difference]:
    """Differences between two versions: an added item has no before, a removed one no after."""
    return _differences()


_PARTNER_ID: Final = _ids("partner")
_MILESTONE_ID: Final = _ids("M")
_PHASE_ID: Final = _ids("PH")
_CHARGE_ID: Final = _ids("F")
_DELIVERABLE_ID: Final = _ids("D")
_NEW_TITLE: Final = st.none() | _text("Store finder (revised)", "Checkout")
_NEW_DESCRIPTION: Final = st.none() | st.sampled_from([d for d in _DESCRIPTIONS if d])
_NEW_CRITERIA: Final = st.none() | _words(*_CRITERIA)


def _day(draw: Draw) -> dt.date:
    return _days(draw, MIN_DATE, MAX_DATE)


def _modify(draw: Draw) -> ModifyDeliverable:
    title, description, criteria = draw(_NEW_TITLE), draw(_NEW_DESCRIPTION), draw(_NEW_CRITERIA)
    if title is None and description is None and criteria is None:
        title = "Checkout"
    return ModifyDeliverable(
        deliverable_id=draw(_DELIVERABLE_ID),
        title=title,
        description=description,
        acceptance_criteria=criteria,
    )


def _reassign_any(draw: Draw) -> Reassign:
    from_id, to_id = draw(st.none() | _PARTNER_ID), draw(st.none() | _PARTNER_ID)
    if from_id == to_id:
        to_id = None if from_id is not None else "partner-1"
    return Reassign(
        subject_id=draw(_DELIVERABLE_ID), role=draw(_ANY_ROLE), from_id=from_id, to_id=to_id
    )


_BUILD: Final[Mapping[type, Callable[[Draw], Operation]]] = {
    AddDeliverable: lambda draw: AddDeliverable(
        deliverable=draw(deliverables()),
        owner_id=draw(_PARTNER_ID),
        responsible_ids=tuple(draw(st.lists(_PARTNER_ID, min_size=1, max_size=2, unique=True))),
        milestone_id=draw(st.none() | _MILESTONE_ID),
    ),
    RemoveDeliverable: lambda draw: RemoveDeliverable(deliverable_id=draw(_DELIVERABLE_ID)),
    ModifyDeliverable: _modify,
    Reassign: _reassign_any,
    AddMilestone: lambda draw: AddMilestone(milestone=draw(milestones())),
    MoveMilestone: lambda draw: MoveMilestone(
        milestone_id=draw(_MILESTONE_ID), due=_day(draw), reason=draw(_REASON)
    ),
    CancelMilestone: lambda draw: CancelMilestone(milestone_id=draw(_MILESTONE_ID)),
    ChangePayment: lambda draw: ChangePayment(
        milestone_id=draw(_MILESTONE_ID), payment=draw(st.none() | money())
    ),
    AddPhase: lambda draw: AddPhase(phase=draw(phases())),
    ExtendPhase: lambda draw: ExtendPhase(phase_id=draw(_PHASE_ID), end=_day(draw)),
    ExtendTerm: lambda draw: ExtendTerm(end=_day(draw)),
    ChangeValue: lambda draw: ChangeValue(value=draw(money())),
    AddCharge: lambda draw: AddCharge(charge=draw(recurring_charges())),
    EndCharge: lambda draw: EndCharge(charge_id=draw(_CHARGE_ID), end=_day(draw)),
}


@st.composite
def _operations(draw: Draw, kinds: st.SearchStrategy[type]) -> Operation:
    return _BUILD[draw(kinds)](draw)


def operations(*, kinds: Sequence[type] | None = None) -> st.SearchStrategy[Operation]:
    """Operations of a change request, each valid on its own; the ids they name are arbitrary.

    To draw operations that fit a contract, draw a change request for it with
    :func:`change_requests`.

    Args:
        kinds: The operation classes to draw (such as ``[outsourcing.ExtendTerm]``); all twelve
            by default.

    Raises:
        InvalidValueError: ``kinds`` is empty or holds something that is not an operation class.
    """
    chosen = tuple(_BUILD) if kinds is None else tuple(kinds)
    if not chosen or any(kind not in _BUILD for kind in chosen):
        raise InvalidValueError(
            "operations(kinds=...)", kinds, "operation classes, such as AddDeliverable"
        )
    return _operations(st.sampled_from(chosen))
