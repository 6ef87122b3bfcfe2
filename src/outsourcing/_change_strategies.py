"""Hypothesis strategies for scope changes: change policies and change requests.

To be re-exported from :mod:`outsourcing.strategies`. :func:`change_requests` draws, for a given
valid contract, proposed change requests whose operations fit it: once approved at the level the
contract's policy asks for (:func:`outsourcing.approval_needed`), :func:`outsourcing.apply_change`
applies them and the result passes every error rule of the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import strategies as st

from outsourcing._amending import apply_operations
from outsourcing._changes import (
    AddDeliverable,
    AddMilestone,
    AddPhase,
    Amendment,
    ApprovalLevel,
    CancelMilestone,
    ChangeEvent,
    ChangePayment,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
    ExtendPhase,
    ExtendTerm,
    ModifyDeliverable,
    MoveMilestone,
    Operation,
    Reassign,
    RemoveDeliverable,
    Tolerance,
)
from outsourcing._contract import Contract
from outsourcing._money import Money
from outsourcing._schedule import Milestone, MilestoneStatus, Phase
from outsourcing._work import Deliverable, Raci
from outsourcing.exceptions import InvalidValueError

__all__ = ["change_policies", "change_requests", "tolerances"]

_LATEST: Final = dt.date(2099, 12, 31)
_TITLES: Final = st.sampled_from(
    ["Add a store finder", "Drop the loyalty pages", "Move the launch", "Widen search"]
)
_RATIONALES: Final = st.sampled_from(
    ["The client's priorities changed.", "The pilot showed it is needed.", "Budget cut."]
)


def tolerances(*, level: ApprovalLevel | None = None) -> st.SearchStrategy[Tolerance]:
    """Tolerances of 0-50 % cost and 0-180 days slip, for ``level`` or any level."""
    return st.builds(
        Tolerance,
        level=st.just(level) if level is not None else st.sampled_from(ApprovalLevel),
        cost_percent=st.integers(0, 50).map(Decimal),
        slip_days=st.integers(0, 180),
    )


@st.composite
def change_policies(draw: st.DrawFn) -> ChangePolicy:
    """Change policies: a tolerance for some of the levels below the one needed beyond them."""
    beyond = draw(st.sampled_from(ApprovalLevel))
    below = [level for level in ApprovalLevel if level < beyond]
    chosen = draw(st.lists(st.sampled_from(below), unique=True)) if below else []
    return ChangePolicy(
        tolerances=tuple(draw(tolerances(level=level)) for level in sorted(chosen)),
        beyond=beyond,
    )


class _Picker:
    """What one drawn change has touched so far, so that no two operations undo each other."""

    def __init__(self, draw: st.DrawFn, contract: Contract) -> None:
        self.draw = draw
        self.touched: set[str] = set()
        self.contract = contract
        self.assignees = [p.id for p in contract.parties] + [p.id for p in contract.people]

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
        self,
        items: tuple[Deliverable, ...] | tuple[Milestone, ...] | tuple[Phase, ...],
    ) -> list[str]:
        ids = [x.id for x in items]
        return [i for i in dict.fromkeys(ids) if i not in self.touched and ids.count(i) == 1]

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.draw(st.integers(0, (high - low).days)))


def _add_deliverable(p: _Picker) -> Operation | None:
    new = p.fresh("D-new-", p.subjects())
    responsible = p.draw(
        st.lists(st.sampled_from(p.assignees), min_size=1, max_size=2, unique=True)
    )
    milestones = [m.id for m in p.contract.milestones]
    milestone = p.draw(st.none() | st.sampled_from(milestones)) if milestones else None
    p.touched.add(new)
    if milestone is not None:
        p.touched.add(milestone)
    return AddDeliverable(
        deliverable=Deliverable(id=new, title="Store finder", acceptance_criteria=("Reviewed",)),
        owner_id=p.draw(st.sampled_from(p.assignees)),
        responsible_ids=tuple(responsible),
        milestone_id=milestone,
    )


def _remove_deliverable(p: _Picker) -> Operation | None:
    ids = p.untouched(p.contract.deliverables)
    if not ids:
        return None
    gone = p.draw(st.sampled_from(ids))
    p.touched.add(gone)
    p.touched.update(m.id for m in p.contract.milestones if gone in m.deliverable_ids)
    return RemoveDeliverable(deliverable_id=gone)


def _modify_deliverable(p: _Picker) -> Operation | None:
    ids = p.untouched(p.contract.deliverables)
    if not ids:
        return None
    chosen = p.draw(st.sampled_from(ids))
    p.touched.add(chosen)
    return ModifyDeliverable(
        deliverable_id=chosen, title=p.contract.deliverable(chosen).title + " (revised)"
    )


def _reassign(p: _Picker) -> Operation | None:
    c = p.contract
    ids = p.untouched(c.deliverables)
    options = []
    for d in ids:
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


def _move_milestone(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    for i in _scheduled(p):
        m = c.milestone(i)
        low, high = c.term.start, c.term.end
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


def _cancel_milestone(p: _Picker) -> Operation | None:
    ids = _scheduled(p)
    if not ids:
        return None
    chosen = p.draw(st.sampled_from(ids))
    p.touched.add(chosen)
    return CancelMilestone(milestone_id=chosen)


def _change_payment(p: _Picker) -> Operation | None:
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
    cents = int((c.value.amount - others) * 100)
    choices: list[Money | None] = [] if m.payment is None else [None]
    if cents >= 1:
        amount = Decimal(p.draw(st.integers(1, cents))) / 100
        if m.payment is None or amount != m.payment.amount:
            choices.append(Money(amount, c.currency))
    if not choices:
        return None
    p.touched.add(m.id)
    return ChangePayment(milestone_id=m.id, payment=p.draw(st.sampled_from(choices)))


def _extend_term(p: _Picker) -> Operation | None:
    end = p.contract.term.end
    if "$term" in p.touched or end >= _LATEST:
        return None
    p.touched.add("$term")
    return ExtendTerm(end=p.day(end + dt.timedelta(days=1), min(_LATEST, end + dt.timedelta(60))))


def _extend_phase(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    ordered = c.phases_in_order()
    for k, phase in enumerate(ordered):
        if phase.id not in p.untouched(c.phases):
            continue
        room = ordered[k + 1].start - dt.timedelta(days=1) if k + 1 < len(ordered) else c.term.end
        if room > phase.end:
            options.append((phase, room))
    if not options:
        return None
    phase, room = p.draw(st.sampled_from(options))
    p.touched.add(phase.id)
    return ExtendPhase(phase_id=phase.id, end=p.day(phase.end + dt.timedelta(days=1), room))


def _add_milestone(p: _Picker) -> Operation | None:
    c = p.contract
    new = p.fresh("M-new-", p.subjects())
    p.touched.add(new)
    return AddMilestone(
        milestone=Milestone(id=new, title="Extra checkpoint", due=p.day(c.term.start, c.term.end))
    )


def _add_phase(p: _Picker) -> Operation | None:
    c = p.contract
    ordered = c.phases_in_order()
    start = ordered[-1].end + dt.timedelta(days=1) if ordered else c.term.start
    if start > c.term.end:
        return None
    new = p.fresh("PH-new-", p.subjects())
    p.touched.add(new)
    return AddPhase(
        phase=Phase(id=new, name="Extra phase", start=start, end=p.day(start, c.term.end))
    )


def _change_value(p: _Picker) -> Operation | None:
    if "$value" in p.touched:
        return None
    p.touched.add("$value")
    value = p.contract.value
    raise_by = Decimal(p.draw(st.integers(1, 10**8))) / 100
    return ChangeValue(value=Money(value.amount + raise_by, value.currency))


_KINDS: Final[tuple[Callable[[_Picker], Operation | None], ...]] = (
    _add_deliverable,
    _remove_deliverable,
    _modify_deliverable,
    _reassign,
    _add_milestone,
    _move_milestone,
    _cancel_milestone,
    _change_payment,
    _add_phase,
    _extend_phase,
    _extend_term,
    _change_value,
)


def change_requests(
    contract: Contract, *, min_operations: int = 1, max_operations: int = 3
) -> st.SearchStrategy[ChangeRequest]:
    """Proposed change requests that fit ``contract``, a valid contract.

    Approved at the level :func:`outsourcing.approval_needed` names, each applies to ``contract``
    on any day from its ``requested_on`` (and the last amendment's date) on, and the result passes
    every error rule. No two operations touch the same object, so that none undoes another. The
    request is dated inside the term (or after the last amendment, if later).

    Args:
        contract: The contract the change is for.
        min_operations: The fewest operations (at least 1).
        max_operations: The most operations.

    Raises:
        InvalidValueError: The bounds are not whole numbers with 1 <= min <= max.
    """
    if not (
        type(min_operations) is int
        and type(max_operations) is int
        and 1 <= min_operations <= max_operations
    ):
        raise InvalidValueError(
            "change_requests(min_operations=..., max_operations=...)",
            (min_operations, max_operations),
            "whole numbers with 1 <= min_operations <= max_operations",
        )
    return _change_requests(contract, min_operations, max_operations)


@st.composite
def _change_requests(
    draw: st.DrawFn, contract: Contract, min_operations: int, max_operations: int
) -> ChangeRequest:
    picker = _Picker(draw, contract)
    ids = {c.id for c in contract.change_requests}
    last = contract.amendments[-1].date if contract.amendments else contract.term.start
    requested_on = picker.day(min(last, contract.term.end), contract.term.end)
    requested_on = max(requested_on, last)
    operations: list[Operation] = []
    slip = 0
    wanted = draw(st.integers(min_operations, max_operations))
    while len(operations) < wanted:
        make = draw(st.sampled_from(_KINDS))
        op = make(picker)
        if op is None:
            continue
        picker.contract, days, problems = apply_operations(picker.contract, (op,), on=requested_on)
        assert not problems, problems  # noqa: S101 - the strategy's own invariant
        slip = max(slip, days)
        operations.append(op)
    cost = draw(
        st.none()
        | st.integers(-(10**6), 10**6).map(lambda c: Money(Decimal(c) / 100, contract.currency))
    )
    return ChangeRequest(
        id=picker.fresh("CR-", ids),
        title=draw(_TITLES),
        rationale=draw(_RATIONALES),
        requested_by=draw(st.sampled_from(picker.assignees)),
        requested_on=requested_on,
        operations=tuple(operations),
        cost_impact=cost,
        schedule_impact_days=slip + draw(st.integers(0, 10)),
    )


# -- recipes that break one rule, for outsourcing.strategies.violating ---------------------------
# Each takes a valid contract of version 1 (as contracts() draws) and returns it with one applied
# change recorded so that exactly one rule breaks. To register, in strategies.py:
# ``_recipe("CHANGE_APPROVED")(break_change_approved)`` and likewise for the other two.


def _applied(draw: st.DrawFn, contract: Contract, *, approved: bool) -> Contract:
    """Record one applied change (approved at the lowest level, if ``approved``) as version 2."""
    assignees = [p.id for p in contract.parties] + [p.id for p in contract.people]
    day = contract.term.start
    approval = ChangeEvent(
        status=ChangeStatus.APPROVED,
        on=day,
        by=draw(st.sampled_from(assignees)),
        level=ApprovalLevel.DELIVERY_MANAGER,
    )
    applied = ChangeEvent(status=ChangeStatus.APPLIED, on=day)
    change = ChangeRequest(
        id="CR-1",
        title=draw(_TITLES),
        rationale=draw(_RATIONALES),
        requested_by=draw(st.sampled_from(assignees)),
        requested_on=day,
        operations=(ExtendTerm(end=contract.term.end),),
        status=ChangeStatus.APPLIED,
        history=(approval, applied) if approved else (applied,),
    )
    amendment = Amendment(
        version=2,
        date=day,
        change_request_id=change.id,
        rationale=change.rationale,
        value_before=contract.value,
    )
    return attrs.evolve(contract, change_requests=(change,), amendments=(amendment,), version=2)


def break_change_approved(draw: st.DrawFn, contract: Contract) -> Contract:
    """An applied change request with no approval in its history."""
    return _applied(draw, contract, approved=False)


def break_change_within_policy(draw: st.DrawFn, contract: Contract) -> Contract:
    """A change approved by the delivery managers under a policy that gives them no tolerance."""
    beyond = draw(st.sampled_from([ApprovalLevel.STEERING_COMMITTEE, ApprovalLevel.EXECUTIVE]))
    changed = _applied(draw, contract, approved=True)
    return attrs.evolve(changed, change_policy=ChangePolicy(beyond=beyond))


def break_amendments_contiguous(draw: st.DrawFn, contract: Contract) -> Contract:
    """A version that does not match the amendments."""
    return attrs.evolve(contract, version=draw(st.integers(2, 9)))
