"""Changing scope: the change requests' lifecycle, applying an approved change, and diffs.

Every function returns new objects and leaves the old ones untouched. A move the current state
does not allow raises :class:`~outsourcing.exceptions.TransitionError`; a change that would leave
the contract broken raises :class:`~outsourcing.exceptions.ChangeRefusedError` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from outsourcing._base.violations import Severity, Violation
from outsourcing._models.changes import (
    AddCharge,
    AddDeliverable,
    AddMilestone,
    AddPhase,
    Amendment,
    ApprovalLevel,
    CancelMilestone,
    ChangeEvent,
    ChangePayment,
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
    cumulate,
)
from outsourcing._models.contract import Contract, Term, charge_horizon
from outsourcing._models.money import Money, exactly
from outsourcing._models.schedule import DueDateChange, MilestoneStatus
from outsourcing._models.work import Raci, Responsibility
from outsourcing._rules.catalogue import validate
from outsourcing._rules.index import index_of
from outsourcing._rules.introduced import introduced
from outsourcing._rules.machinery import Rule
from outsourcing.exceptions import ChangeRefusedError, InvalidValueError, TransitionError

CHANGE_APPLIES: Final = "CHANGE_APPLIES"
"""The code of :func:`apply_change`'s own check: each operation fits the contract it changes."""

_CS = ChangeStatus
_MOVES: Final[dict[ChangeStatus, tuple[str, ...]]] = {
    _CS.PROPOSED: ("approve", "reject", "withdraw"),
    _CS.APPROVED: ("apply",),
    _CS.REJECTED: (),
    _CS.WITHDRAWN: (),
    _CS.APPLIED: (),
}
_TARGET: Final = {
    "approve": _CS.APPROVED,
    "reject": _CS.REJECTED,
    "withdraw": _CS.WITHDRAWN,
    "apply": _CS.APPLIED,
}

# -- the lifecycle --------------------------------------------------------------------------------


def _move(  # noqa: PLR0913 - the facts of one move, keyword-only
    change: ChangeRequest,
    move: str,
    *,
    on: dt.date,
    by: str | None,
    level: ApprovalLevel | None = None,
    note: str = "",
) -> ChangeRequest:
    subject = f"change request {change.id!r}"
    allowed = _MOVES[change.status]
    if move not in allowed:
        raise TransitionError(subject, change.status.value, move, allowed)
    last = change.history[-1].on if change.history else change.requested_on
    if on < last:
        why = f"{on} is before its last move on {last}"
        raise TransitionError(subject, change.status.value, move, allowed, why)
    event = ChangeEvent(status=_TARGET[move], on=on, by=by, level=level, note=note)
    return attrs.evolve(change, status=event.status, history=(*change.history, event))


def propose_change(contract: Contract, change: ChangeRequest) -> Contract:
    """Return the contract with a new, proposed change request in its change register.

    Raises:
        TransitionError: The change request is not ``proposed``.
        InvalidValueError: The contract already has a change request with its id.
    """
    if change.status is not ChangeStatus.PROPOSED:
        subject = f"change request {change.id!r}"
        raise TransitionError(subject, change.status.value, "propose", ())
    if any(c.id == change.id for c in contract.change_requests):
        raise InvalidValueError(
            "ChangeRequest.id", change.id, "an id that no change request of the contract has"
        )
    return attrs.evolve(contract, change_requests=(*contract.change_requests, change))


def approve_change(
    change: ChangeRequest, *, by: str, level: ApprovalLevel, on: dt.date, note: str = ""
) -> ChangeRequest:
    """Approve a proposed change: ``proposed → approved``.

    Args:
        change: The change request.
        by: Who approved it (partner or person id).
        level: The level it was approved at; the change policy says which level a change needs
            (see :func:`approval_needed`).
        on: When.
        note: Conditions, or other remarks.

    Raises:
        TransitionError: The change is not ``proposed``, or ``on`` is before its last move.
    """
    return _move(change, "approve", on=on, by=by, level=level, note=note)


def reject_change(change: ChangeRequest, *, by: str, on: dt.date, reason: str) -> ChangeRequest:
    """Reject a proposed change: ``proposed → rejected``, saying why.

    Raises:
        TransitionError: The change is not ``proposed``, or ``on`` is before its last move.
    """
    return _move(change, "reject", on=on, by=by, note=reason)


def withdraw_change(change: ChangeRequest, *, by: str, on: dt.date, reason: str) -> ChangeRequest:
    """Withdraw a proposed change: ``proposed → withdrawn``, saying why.

    Raises:
        TransitionError: The change is not ``proposed``, or ``on`` is before its last move.
    """
    return _move(change, "withdraw", on=on, by=by, note=reason)


# -- the policy -----------------------------------------------------------------------------------


@exactly
def cumulative_impact(
    contract: Contract, change: ChangeRequest | None = None
) -> tuple[Decimal, int]:
    """Return the cumulative cost change (in % of the value as signed) and schedule slip (days).

    The sums run over the change requests that the amendments applied, and ``change`` if given.
    Cost impacts in another currency than the contract's are left out (rule ``SINGLE_CURRENCY``
    reports them).

    >>> from outsourcing import example_contract
    >>> cumulative_impact(example_contract())  # CR-01 cost nothing and slipped two weeks
    (Decimal('0'), 14)
    """
    changes = index_of(contract).change_requests
    applied = [
        changes[a.change_request_id] for a in contract.amendments if a.change_request_id in changes
    ]
    if change is not None:
        applied.append(change)
    signed = contract.value_as_signed
    return cumulate(applied, signed)


@exactly
def approval_needed(contract: Contract, change: ChangeRequest) -> ApprovalLevel:
    """Return the level that must approve a change, by the contract's change policy.

    The change is measured together with every change applied before it. Without a change policy,
    the delivery managers may approve anything.
    """
    policy = contract.change_policy
    if policy is None:
        return ApprovalLevel.DELIVERY_MANAGER
    cost, slip = cumulative_impact(contract, change)
    return policy.required_level(cost, slip)


# -- applying a change ----------------------------------------------------------------------------


class _Draft:
    """The parts of a contract that operations change, as lists to edit in place."""

    def __init__(self, contract: Contract, on: dt.date, where: str) -> None:
        self.deliverables = list(contract.deliverables)
        self.milestones = list(contract.milestones)
        self.phases = list(contract.phases)
        self.responsibilities = list(contract.responsibilities)
        self.term = contract.term
        self.value = contract.value
        self.charges = list(contract.recurring_charges)
        self.on = on
        self.where = where
        self.slip = 0
        self.problems: list[Violation] = []

    def problem(self, k: int, field: str, message: str) -> None:
        path = f"{self.where}.operations[{k}].{field}"
        self.problems.append(
            Violation(code=CHANGE_APPLIES, severity=Severity.ERROR, path=path, message=message)
        )

    def find(self, items: list[Any], id_: str, k: int, field: str, noun: str) -> int | None:
        for i, item in enumerate(items):
            if item.id == id_:
                return i
        self.problem(k, field, f"the contract has no {noun} {id_!r}; correct the id")
        return None

    def later(self, days: int) -> None:
        self.slip = max(self.slip, days)

    def contract(self, contract: Contract) -> Contract:
        return attrs.evolve(
            contract,
            deliverables=tuple(self.deliverables),
            milestones=tuple(self.milestones),
            phases=tuple(self.phases),
            responsibilities=tuple(self.responsibilities),
            term=self.term,
            value=self.value,
            recurring_charges=tuple(self.charges),
        )


def _add_deliverable(d: _Draft, k: int, op: AddDeliverable) -> None:
    new = op.deliverable.id
    if op.milestone_id is not None:
        i = d.find(d.milestones, op.milestone_id, k, "milestone_id", "milestone")
        if i is not None:
            m = d.milestones[i]
            d.milestones[i] = attrs.evolve(m, deliverable_ids=(*m.deliverable_ids, new))
    d.deliverables.append(op.deliverable)
    d.responsibilities.append(
        Responsibility(subject_id=new, assignee_id=op.owner_id, role=Raci.ACCOUNTABLE)
    )
    d.responsibilities.extend(
        Responsibility(subject_id=new, assignee_id=who, role=Raci.RESPONSIBLE)
        for who in op.responsible_ids
    )


def _remove_deliverable(d: _Draft, k: int, op: RemoveDeliverable) -> None:
    gone = op.deliverable_id
    i = d.find(d.deliverables, gone, k, "deliverable_id", "deliverable")
    if i is None:
        return
    del d.deliverables[i]
    d.responsibilities = [r for r in d.responsibilities if r.subject_id != gone]
    d.milestones = [
        attrs.evolve(m, deliverable_ids=tuple(x for x in m.deliverable_ids if x != gone))
        if gone in m.deliverable_ids
        else m
        for m in d.milestones
    ]


def _modify_deliverable(d: _Draft, k: int, op: ModifyDeliverable) -> None:
    i = d.find(d.deliverables, op.deliverable_id, k, "deliverable_id", "deliverable")
    if i is None:
        return
    changes = {
        name: value
        for name in ("title", "description", "acceptance_criteria")
        if (value := getattr(op, name)) is not None
    }
    d.deliverables[i] = attrs.evolve(d.deliverables[i], **changes)


def _reassign(d: _Draft, k: int, op: Reassign) -> None:
    held = [
        j
        for j, r in enumerate(d.responsibilities)
        if r.subject_id == op.subject_id and r.assignee_id == op.from_id and r.role is op.role
    ]
    if op.from_id is not None and not held:
        d.problem(
            k,
            "from_id",
            f"{op.from_id!r} is not {op.role.value} for {op.subject_id!r}; correct from_id, or "
            "leave it out to add an assignment",
        )
        return
    new = (
        None
        if op.to_id is None
        else Responsibility(subject_id=op.subject_id, assignee_id=op.to_id, role=op.role)
    )
    if not held:
        d.responsibilities.append(new)  # type: ignore[arg-type] # from_id and to_id not both None
        return
    first = held[0]
    kept = [r for j, r in enumerate(d.responsibilities) if j not in held or j == first]
    if new is None:
        kept.remove(d.responsibilities[first])
    else:
        kept[kept.index(d.responsibilities[first])] = new
    d.responsibilities = kept


def _scheduled(d: _Draft, k: int, milestone_id: str, what: str) -> int | None:
    i = d.find(d.milestones, milestone_id, k, "milestone_id", "milestone")
    if i is not None and d.milestones[i].status is not MilestoneStatus.SCHEDULED:
        status = d.milestones[i].status.value
        d.problem(
            k,
            "milestone_id",
            f"milestone {milestone_id!r} is {status}; only a scheduled milestone can {what}",
        )
        return None
    return i


def _move_milestone(d: _Draft, k: int, op: MoveMilestone) -> None:
    i = _scheduled(d, k, op.milestone_id, "move")
    if i is None:
        return
    m = d.milestones[i]
    if m.due == op.due:
        d.problem(k, "due", f"milestone {m.id!r} is already due on {m.due}; drop the operation")
        return
    moved = DueDateChange(previous_due=m.due, changed_on=d.on, reason=op.reason)
    d.milestones[i] = attrs.evolve(m, due=op.due, due_history=(*m.due_history, moved))
    d.later((op.due - m.due).days)


def _cancel_milestone(d: _Draft, k: int, op: CancelMilestone) -> None:
    i = _scheduled(d, k, op.milestone_id, "be cancelled")
    if i is not None:
        m = d.milestones[i]
        d.milestones[i] = attrs.evolve(m, status=MilestoneStatus.CANCELLED, status_on=d.on)


def _change_payment(d: _Draft, k: int, op: ChangePayment) -> None:
    i = d.find(d.milestones, op.milestone_id, k, "milestone_id", "milestone")
    if i is None:
        return
    m = d.milestones[i]
    if m.paid_on is not None:
        d.problem(
            k,
            "milestone_id",
            f"milestone {m.id!r} was paid on {m.paid_on}; a paid "
            "payment cannot change (agree a credit or an extra payment instead)",
        )
        return
    d.milestones[i] = attrs.evolve(m, payment=op.payment)


def _extend_phase(d: _Draft, k: int, op: ExtendPhase) -> None:
    i = d.find(d.phases, op.phase_id, k, "phase_id", "phase")
    if i is None:
        return
    p = d.phases[i]
    if op.end <= p.end:
        d.problem(k, "end", f"phase {p.id!r} already ends on {p.end}; extend it to a later day")
        return
    d.phases[i] = attrs.evolve(p, end=op.end)
    d.later((op.end - p.end).days)


def _extend_term(d: _Draft, k: int, op: ExtendTerm) -> None:
    if d.term.end is None:
        d.problem(k, "end", "the term is open-ended; it runs until terminated")
        return
    if op.end <= d.term.end:
        d.problem(k, "end", f"the term already ends on {d.term.end}; extend it to a later day")
        return
    d.later((op.end - d.term.end).days)
    d.term = Term(start=d.term.start, end=op.end)


def _add_milestone(d: _Draft, _k: int, op: AddMilestone) -> None:
    d.milestones.append(op.milestone)


def _add_phase(d: _Draft, _k: int, op: AddPhase) -> None:
    d.phases.append(op.phase)


def _change_value(d: _Draft, _k: int, op: ChangeValue) -> None:
    d.value = op.value


def _add_charge(d: _Draft, k: int, op: AddCharge) -> None:
    charge = op.charge
    if any(c.id == charge.id for c in d.charges):
        d.problem(k, "charge.id", f"the contract already has a recurring charge {charge.id!r}")
        return
    d.charges.append(charge)


def _end_charge(d: _Draft, k: int, op: EndCharge) -> None:
    i = d.find(d.charges, op.charge_id, k, "charge_id", "recurring charge")
    if i is None:
        return
    charge = d.charges[i]
    last = d.term.last_day if charge.end is None else min(charge.end, d.term.last_day)
    if not charge.start <= op.end < last:
        d.problem(
            k,
            "end",
            f"recurring charge {charge.id!r} runs from {charge.start} to {last}; end it on a day "
            "in between (before its current last day)",
        )
        return
    d.charges[i] = attrs.evolve(charge, end=op.end)


_APPLY: Final[Mapping[type, Callable[[_Draft, int, Any], None]]] = {
    AddDeliverable: _add_deliverable,
    RemoveDeliverable: _remove_deliverable,
    ModifyDeliverable: _modify_deliverable,
    Reassign: _reassign,
    AddMilestone: _add_milestone,
    MoveMilestone: _move_milestone,
    CancelMilestone: _cancel_milestone,
    ChangePayment: _change_payment,
    AddPhase: _add_phase,
    ExtendPhase: _extend_phase,
    ExtendTerm: _extend_term,
    ChangeValue: _change_value,
    AddCharge: _add_charge,
    EndCharge: _end_charge,
}


@exactly
def apply_operations(
    contract: Contract, operations: tuple[Operation, ...], *, on: dt.date, where: str = "$"
) -> tuple[Contract, int, tuple[Violation, ...]]:
    """Apply operations in order; return the result, the slip in days, and what did not fit."""
    draft = _Draft(contract, on, where)
    for k, op in enumerate(operations):
        _APPLY[type(op)](draft, k, op)
    return draft.contract(contract), draft.slip, tuple(draft.problems)


@exactly
def apply_change(
    contract: Contract,
    change: ChangeRequest,
    *,
    on: dt.date,
    by: str | None = None,
    rules: Iterable[Rule | str] | Rule | str | None = None,
) -> Contract:
    """Apply an approved change: return the next version of the contract, with its amendment.

    The result holds the change request as ``applied``, a ``version`` one higher, and an
    :class:`~outsourcing.Amendment` that says what changed. The contract given is untouched. If the
    change does not fit, nothing is applied: the error lists every violation, of the operations
    (``CHANGE_APPLIES``), the error rules of the catalogue or the change policy.

    Only the errors the change *introduces* refuse it: a contract that already breaks a rule (an
    imported one without owners, say) can still be amended, as long as the amendment adds no
    error of its own. An error is the same before and after when its rule and its place are: the
    place is its path with each list item named by its id (or, for items without one, their
    value), so that items which moved because another was inserted or removed still match.

    Args:
        contract: The contract to change.
        change: The approved change request; the contract's change register may hold it (as
            approved) or not yet.
        on: When the change takes effect (the amendment's date; moved milestones record it).
        by: Who recorded the application, if you want it in the change's history.
        rules: The rules to judge the amended contract by, as :func:`~outsourcing.validate`
            takes them (a rule set such as :data:`~outsourcing.PUBLISHED`, codes or rules);
            the whole catalogue by default.

    Raises:
        TransitionError: The change is not ``approved``, ``on`` is before its approval, or the
            contract already applied a change with its id.
        ChangeRefusedError: The amended contract would break error rules it did not break before;
            nothing was applied.
    """
    subject = f"change request {change.id!r}"
    if change.status is not ChangeStatus.APPROVED:
        raise TransitionError(subject, change.status.value, "apply", _MOVES[change.status])
    register = list(contract.change_requests)
    position = next((i for i, c in enumerate(register) if c.id == change.id), None)
    if position is not None:
        _check_register(register[position], change)
    applied = _move(change, "apply", on=on, by=by)
    if position is None:
        position = len(register)
        register.append(applied)
    else:
        register[position] = applied
    where = f"$.change_requests[{position}]"
    changed, slip, problems = apply_operations(contract, change.operations, on=on, where=where)
    cost = change_cost(contract, changed)
    declared = Decimal(0) if change.cost_impact is None else change.cost_impact.amount
    if (cost > 0 and declared < cost) or (cost < 0 and declared > cost):
        problems = (
            *problems,
            Violation(
                code=CHANGE_APPLIES,
                severity=Severity.ERROR,
                path=f"{where}.cost_impact",
                message=f"the operations change what the contract costs by {cost:+} "
                f"{contract.currency}, but the change declares {declared}; declare at least "
                f"{cost} {contract.currency}",
            ),
        )
    if slip > change.schedule_impact_days:
        problems = (
            *problems,
            Violation(
                code=CHANGE_APPLIES,
                severity=Severity.ERROR,
                path=f"{where}.schedule_impact_days",
                message=f"the operations delay the schedule by {slip} days, but the change "
                f"declares {change.schedule_impact_days}; declare at least {slip} days",
            ),
        )
    if problems:
        raise ChangeRefusedError(change.id, problems)
    amendment = Amendment(
        version=contract.version + 1,
        date=on,
        change_request_id=change.id,
        rationale=change.rationale,
        value_before=contract.value,
        summary=diff(contract, changed),
    )
    result = attrs.evolve(
        changed,
        change_requests=tuple(register),
        amendments=(*contract.amendments, amendment),
        version=contract.version + 1,
    )
    report = validate(result, rules=rules)
    if not report.ok:
        was = validate(contract, rules=rules).errors
        added = introduced(contract, was, result, report.errors)
        if added:
            raise ChangeRefusedError(change.id, added)
    return result


def _check_register(record: ChangeRequest, change: ChangeRequest) -> None:
    """Refuse to apply a change the register records otherwise (rejected, withdrawn, applied,
    or a different request under the same id): the register's record wins over a copy."""  # noqa: D205, D209
    subject = f"change request {change.id!r}"
    if record.status is ChangeStatus.APPLIED:
        raise TransitionError(subject, "applied", "apply", (), "the contract applied it already")
    if record.status not in {ChangeStatus.PROPOSED, ChangeStatus.APPROVED}:
        why = (
            f"the contract's change register records it as {record.status.value}; a copy "
            "approved earlier cannot be applied"
        )
        raise TransitionError(subject, record.status.value, "apply", (), why)
    earlier = change.history[: len(record.history)]
    if attrs.evolve(change, status=record.status, history=earlier) != record:
        why = (
            "the copy given differs from the contract's change register; apply the register's "
            "record (approve it there first)"
        )
        raise TransitionError(subject, record.status.value, "apply", (), why)


@exactly
def committed(contract: Contract) -> Decimal:
    """What the contract commits the client to pay: the payments of milestones not cancelled and
    the recurring charges over the term, in the contract's currency."""  # noqa: D205, D209
    currency, total = contract.currency, Decimal(0)
    for m in contract.milestones:
        pay = m.payment
        if (
            pay is not None
            and pay.currency == currency
            and m.status is not MilestoneStatus.CANCELLED
        ):
            total += pay.amount
    for charge in contract.recurring_charges:
        last_day = charge_horizon(charge, contract.term)
        if charge.amount.currency == currency and last_day is not None:
            for line in charge.lines(last_day, contract.rounding):
                total += line.amount.amount
    return total


@exactly
def change_cost(before: Contract, after: Contract) -> Decimal:
    """What a change costs: the change of the value, or, with the value unchanged, of what the
    contract commits the client to pay (payments and recurring charges)."""  # noqa: D205, D209
    if after.value != before.value and after.value.currency == before.value.currency:
        return after.value.amount - before.value.amount
    return committed(after) - committed(before)


# -- what differs ---------------------------------------------------------------------------------


def _show(value: object) -> str:  # noqa: PLR0911 - one way to show each kind of value
    """Show a value briefly, for people."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date | Decimal | int | Money):
        return str(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Responsibility):
        return f"{value.assignee_id} {value.role.value} for {value.subject_id}"
    if attrs.has(cls := type(value)):
        label = getattr(value, "title", None) or getattr(value, "name", None)
        if label is not None and hasattr(value, "id"):
            return f"{value.id} {label!r}"
        shown = (
            f"{f.name}={_show(getattr(value, f.name))}"
            for f in attrs.fields(cls)
            if getattr(value, f.name) != f.default
        )
        return f"{type(value).__name__}({', '.join(shown)})"
    return repr(value)


def _key(item: object, position: int) -> str:
    if isinstance(item, Responsibility):
        return f"{item.subject_id}/{item.role.value}/{item.assignee_id}"
    if isinstance(item, Amendment):
        return str(item.version)
    id_ = getattr(item, "id", None)
    return id_ if isinstance(id_, str) else str(position)


def _keyed(items: tuple[Any, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for position, item in enumerate(items):
        found.setdefault(_key(item, position), item)
    return found


def _items(section: str, old: tuple[Any, ...], new: tuple[Any, ...]) -> Iterator[Difference]:
    before, after = _keyed(old), _keyed(new)
    for key, item in before.items():
        if key not in after:
            yield Difference(
                section=section, key=key, kind=DifferenceKind.REMOVED, before=_show(item)
            )
        elif after[key] != item:
            yield from _fields(section, key, item, after[key])
    for key, item in after.items():
        if key not in before:
            yield Difference(section=section, key=key, kind=DifferenceKind.ADDED, after=_show(item))


def _fields(
    section: str,
    key: str | None,
    old: Any,  # noqa: ANN401 - any model object
    new: Any,  # noqa: ANN401
) -> Iterator[Difference]:
    for f in attrs.fields(type(old)):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            yield Difference(
                section=section,
                key=key,
                field=f.name,
                kind=DifferenceKind.CHANGED,
                before=_show(a),
                after=_show(b),
            )


@exactly
def diff(old: Contract, new: Contract) -> tuple[Difference, ...]:
    """List what differs between two versions of a contract, field by field, in field order.

    Items of a collection are matched by id (responsibilities by subject, role and assignee;
    amendments by version): each is added, removed, or changed in named fields. The term and
    the support terms are compared field by field, other fields whole.

    >>> import attrs, datetime as dt
    >>> from outsourcing import Term, example_contract
    >>> old = example_contract()
    >>> new = attrs.evolve(old, term=Term(start=old.term.start, end=dt.date(2027, 9, 30)))
    >>> [str(d) for d in diff(old, new)]
    ['changed $.term.end: 2027-08-27 -> 2027-09-30']
    """
    found: list[Difference] = []
    for f in attrs.fields(Contract):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a == b or (f.name == "extensions" and dict(a) == dict(b)):
            continue
        if isinstance(a, tuple) and isinstance(b, tuple):
            found.extend(_items(f.name, a, b))
        elif (
            a is not None
            and b is not None
            and type(a) is type(b)
            and type(a) is not Money
            and (attrs.has(type(a)))
        ):
            found.extend(
                attrs.evolve(d, section=f.name, key=None) for d in _fields(f.name, None, a, b)
            )
        else:
            found.append(
                Difference(
                    section=f.name, kind=DifferenceKind.CHANGED, before=_show(a), after=_show(b)
                )
            )
    return tuple(found)
