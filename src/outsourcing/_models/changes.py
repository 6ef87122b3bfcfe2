"""Scope changes: change requests and their operations, the change policy, and amendments.

Scope almost always changes during an outsourced project, so a contract must be flexible; but a
change must never lose information or leave the engagement broken. A :class:`ChangeRequest` says
what to change (its operations), why, and at what cost and delay; it is approved, rejected or
withdrawn with the functions of :mod:`outsourcing.changes`, and an approved one is applied with
:func:`outsourcing.changes.apply_change`, which records an :class:`~outsourcing.Amendment`. The
:class:`ChangePolicy` says how far changes may go before they need a higher level of approval.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from outsourcing._models import checks
from outsourcing._models.billing import RecurringCharge
from outsourcing._models.money import Money, exact
from outsourcing._models.partners import PartnerRole
from outsourcing._models.schedule import Milestone, Phase
from outsourcing._models.work import Deliverable, Raci
from outsourcing.exceptions import InvalidValueError

# -- approval levels and the policy ---------------------------------------------------------------


@functools.total_ordering
class ApprovalLevel(enum.Enum):
    """Who approved a change, from the lowest level to the highest.

    Levels compare by seniority: ``ApprovalLevel.EXECUTIVE > ApprovalLevel.DELIVERY_MANAGER``.
    """

    DELIVERY_MANAGER = "delivery_manager"
    STEERING_COMMITTEE = "steering_committee"
    EXECUTIVE = "executive"

    @property
    def rank(self) -> int:
        """0 for the delivery managers, 1 for the steering committee, 2 for an executive."""
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ApprovalLevel):
            return NotImplemented
        return self.rank < other.rank


_RANKS: Final = {level: rank for rank, level in enumerate(ApprovalLevel)}


def _percent(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    checks.decimal(inst, attribute, value)
    if value < 0:  # type: ignore[operator] # a Decimal, checked just above
        checks.fail(inst, attribute, value, "a percentage of at least 0")


@attrs.frozen(kw_only=True)
class Tolerance:
    """How far cumulative changes may go and still be approved at one level.

    Args:
        level: Who may approve changes within these limits.
        cost_percent: The largest cumulative cost change, up or down, in percent of the contract
            value as signed.
        slip_days: The largest cumulative schedule slip, in days.
    """

    level: ApprovalLevel = attrs.field(validator=checks.member(ApprovalLevel))
    cost_percent: Decimal = attrs.field(validator=_percent)
    slip_days: int = attrs.field(validator=checks.non_negative_int)

    def covers(self, cost_percent: Decimal, slip_days: int) -> bool:
        """Whether a cumulative cost change (in %, either sign) and slip lie within the limits."""
        return abs(cost_percent) <= self.cost_percent and slip_days <= self.slip_days


@attrs.frozen(kw_only=True)
class Approver:
    """Who may approve changes at a level (and every level below it).

    Name a party role (any partner in it, and its people), a partner (and its people), named
    people, or several of these: whoever matches one may approve.

    Args:
        level: The highest level they may approve at.
        role: Any partner in this role, and its people.
        partner_id: This partner, and its people.
        person_ids: These people.
    """

    level: ApprovalLevel = attrs.field(validator=checks.member(ApprovalLevel))
    role: PartnerRole | None = attrs.field(
        default=None, validator=checks.optional_member(PartnerRole)
    )
    partner_id: str | None = attrs.field(default=None, validator=checks.optional_text)
    person_ids: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))

    def __attrs_post_init__(self) -> None:
        if self.role is None and self.partner_id is None and not self.person_ids:
            checks.fail(
                self, attrs.fields(Approver).role, None, "a role, a partner or named people"
            )


def _tolerances(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    checks.tuple_of(Tolerance)(inst, attribute, value)
    levels = [t.level for t in value]  # type: ignore[attr-defined] # a tuple, checked above
    if len(set(levels)) != len(levels):
        checks.fail(inst, attribute, value, "at most one tolerance per approval level")


@attrs.frozen(kw_only=True)
class ChangePolicy:
    """How flexible the contract is: how far changes may go at each level of approval.

    A change is measured cumulatively, with every change applied before it: the sum of their cost
    impacts in percent of the contract value as signed, and the sum of their schedule slips. The
    lowest level whose tolerance covers both may approve it; beyond every tolerance, it needs
    ``beyond``.

    >>> policy = ChangePolicy.standard()
    >>> policy.required_level(Decimal(8), 10).value
    'delivery_manager'
    >>> policy.required_level(Decimal(-12), 10).value
    'steering_committee'
    >>> policy.required_level(Decimal(30), 0).value
    'executive'

    Args:
        tolerances: The limits within which each level may approve, one per level at most.
        beyond: Who must approve changes beyond every tolerance.
        approvers: Who may approve at each level (rule ``CHANGE_AUTHORIZED``); with none named,
            anyone may, except that a change raising the value always needs the client.
    """

    tolerances: tuple[Tolerance, ...] = attrs.field(default=(), validator=_tolerances)
    beyond: ApprovalLevel = attrs.field(
        default=ApprovalLevel.EXECUTIVE, validator=checks.member(ApprovalLevel)
    )
    approvers: tuple[Approver, ...] = attrs.field(default=(), validator=checks.tuple_of(Approver))

    @classmethod
    def standard(cls) -> ChangePolicy:
        """Return a common policy: ±10 % and 30 days for the delivery managers, ±25 % and 90 days
        for the steering committee, an executive beyond."""  # noqa: D205, D209 - one sentence
        return cls(
            tolerances=(
                Tolerance(
                    level=ApprovalLevel.DELIVERY_MANAGER, cost_percent=Decimal(10), slip_days=30
                ),
                Tolerance(
                    level=ApprovalLevel.STEERING_COMMITTEE, cost_percent=Decimal(25), slip_days=90
                ),
            )
        )

    def required_level(self, cost_percent: Decimal, slip_days: int) -> ApprovalLevel:
        """Return the lowest level that may approve a cumulative cost change (in %) and slip."""
        covering = [t.level for t in self.tolerances if t.covers(cost_percent, slip_days)]
        return min(covering) if covering else self.beyond


def cumulate(applied: Iterable[ChangeRequest], signed: Money) -> tuple[Decimal, int]:
    """Return the cumulative cost change of changes (in % of ``signed``) and their summed slip.

    Cost impacts in another currency than ``signed``'s are left out (rule ``SINGLE_CURRENCY``
    reports them); any cost change on a value of zero is infinitely many percent.
    """
    cost, slip = Decimal(0), 0
    with exact():
        for change in applied:
            impact = change.cost_impact
            if impact is not None and impact.currency == signed.currency:
                cost += impact.amount
            slip += change.schedule_impact_days
        if not cost:
            return Decimal(0), slip
        if not signed.amount:
            return Decimal("Infinity") if cost > 0 else Decimal("-Infinity"), slip
        return cost * 100 / signed.amount, slip


# -- operations -----------------------------------------------------------------------------------


def _tag(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """The operation's own kind, which tells the operations apart in JSON."""
    if value != attribute.default:
        checks.fail(inst, attribute, value, repr(attribute.default))


def _some_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    checks.tuple_of(str)(inst, attribute, value)
    if not value:
        checks.fail(inst, attribute, value, "at least one id")


@attrs.frozen(kw_only=True)
class AddDeliverable:
    """Add a deliverable, with its owner and who does the work (so that nobody has to guess).

    Args:
        op: ``"add_deliverable"``.
        deliverable: The new deliverable.
        owner_id: Its one Accountable assignee (partner or person).
        responsible_ids: Who does the work: at least one partner or person.
        milestone_id: The milestone it is due at, if any.
    """

    op: Literal["add_deliverable"] = attrs.field(default="add_deliverable", validator=_tag)
    deliverable: Deliverable = attrs.field(validator=checks.instance(Deliverable))
    owner_id: str = attrs.field(validator=checks.text)
    responsible_ids: tuple[str, ...] = attrs.field(validator=_some_text)
    milestone_id: str | None = attrs.field(default=None, validator=checks.optional_text)


@attrs.frozen(kw_only=True)
class RemoveDeliverable:
    """Remove a deliverable, its responsibilities, and its place at milestones.

    Args:
        op: ``"remove_deliverable"``.
        deliverable_id: The deliverable to remove.
    """

    op: Literal["remove_deliverable"] = attrs.field(default="remove_deliverable", validator=_tag)
    deliverable_id: str = attrs.field(validator=checks.text)


@attrs.frozen(kw_only=True)
class ModifyDeliverable:
    """Change what a deliverable is: its title, description or acceptance criteria.

    Args:
        op: ``"modify_deliverable"``.
        deliverable_id: The deliverable to change.
        title: Its new title, if it changes.
        description: Its new description, if it changes.
        acceptance_criteria: Its new acceptance criteria, if they change.
    """

    op: Literal["modify_deliverable"] = attrs.field(default="modify_deliverable", validator=_tag)
    deliverable_id: str = attrs.field(validator=checks.text)
    title: str | None = attrs.field(default=None, validator=checks.optional_text)
    description: str | None = attrs.field(default=None, validator=checks.optional_text)
    acceptance_criteria: tuple[str, ...] | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.acceptance_criteria is not None:
            checks.tuple_of(str)(
                self, attrs.fields(ModifyDeliverable).acceptance_criteria, self.acceptance_criteria
            )
        if self.title is None and self.description is None and self.acceptance_criteria is None:
            checks.fail(
                self,
                attrs.fields(ModifyDeliverable).title,
                None,
                "a new title, description or acceptance criteria",
            )


@attrs.frozen(kw_only=True)
class Reassign:
    """Move a RACI role for a subject from one assignee to another, add it, or drop it.

    Args:
        op: ``"reassign"``.
        subject_id: The deliverable, milestone, phase, KPI or risk.
        role: The role that moves.
        from_id: Who holds it now; ``None`` to add a new assignment.
        to_id: Who holds it after; ``None`` to drop the assignment.
    """

    op: Literal["reassign"] = attrs.field(default="reassign", validator=_tag)
    subject_id: str = attrs.field(validator=checks.text)
    role: Raci = attrs.field(validator=checks.member(Raci))
    from_id: str | None = attrs.field(default=None, validator=checks.optional_text)
    to_id: str | None = attrs.field(default=None, validator=checks.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.from_id == self.to_id:
            checks.fail(
                self,
                attrs.fields(Reassign).to_id,
                self.to_id,
                "an assignee other than from_id (and not both None)",
            )


@attrs.frozen(kw_only=True)
class AddMilestone:
    """Add a milestone.

    Args:
        op: ``"add_milestone"``.
        milestone: The new milestone.
    """

    op: Literal["add_milestone"] = attrs.field(default="add_milestone", validator=_tag)
    milestone: Milestone = attrs.field(validator=checks.instance(Milestone))


@attrs.frozen(kw_only=True)
class MoveMilestone:
    """Move a milestone's due date; the old date stays in its ``due_history`` with the reason.

    Args:
        op: ``"move_milestone"``.
        milestone_id: The milestone to move.
        due: Its new due date.
        reason: Why it moves.
    """

    op: Literal["move_milestone"] = attrs.field(default="move_milestone", validator=_tag)
    milestone_id: str = attrs.field(validator=checks.text)
    due: dt.date = attrs.field(validator=checks.date)
    reason: str = attrs.field(validator=checks.text)


@attrs.frozen(kw_only=True)
class CancelMilestone:
    """Cancel a scheduled milestone (it stays in the contract, as ``cancelled``).

    Args:
        op: ``"cancel_milestone"``.
        milestone_id: The milestone to cancel.
    """

    op: Literal["cancel_milestone"] = attrs.field(default="cancel_milestone", validator=_tag)
    milestone_id: str = attrs.field(validator=checks.text)


@attrs.frozen(kw_only=True)
class ChangePayment:
    """Change what is paid when a milestone is met.

    Args:
        op: ``"change_payment"``.
        milestone_id: The milestone whose payment changes.
        payment: The new payment; ``None`` for none.
    """

    op: Literal["change_payment"] = attrs.field(default="change_payment", validator=_tag)
    milestone_id: str = attrs.field(validator=checks.text)
    payment: Money | None = attrs.field(validator=checks.instance(Money, optional=True))


@attrs.frozen(kw_only=True)
class AddPhase:
    """Add a phase.

    Args:
        op: ``"add_phase"``.
        phase: The new phase.
    """

    op: Literal["add_phase"] = attrs.field(default="add_phase", validator=_tag)
    phase: Phase = attrs.field(validator=checks.instance(Phase))


@attrs.frozen(kw_only=True)
class ExtendPhase:
    """Let a phase end later.

    Args:
        op: ``"extend_phase"``.
        phase_id: The phase to extend.
        end: Its new last day, after the current one.
    """

    op: Literal["extend_phase"] = attrs.field(default="extend_phase", validator=_tag)
    phase_id: str = attrs.field(validator=checks.text)
    end: dt.date = attrs.field(validator=checks.date)


@attrs.frozen(kw_only=True)
class ExtendTerm:
    """Let the contract end later.

    Args:
        op: ``"extend_term"``.
        end: The new last day of the term, after the current one.
    """

    op: Literal["extend_term"] = attrs.field(default="extend_term", validator=_tag)
    end: dt.date = attrs.field(validator=checks.date)


@attrs.frozen(kw_only=True)
class ChangeValue:
    """Change the total contract value.

    Args:
        op: ``"change_value"``.
        value: The new value, in the contract's currency.
    """

    op: Literal["change_value"] = attrs.field(default="change_value", validator=_tag)
    value: Money = attrs.field(validator=checks.instance(Money))


@attrs.frozen(kw_only=True)
class AddCharge:
    """Add a recurring charge (a new monthly service, say) from its first day.

    Its cost over the rest of the term counts towards the change's cost impact.

    Args:
        op: ``"add_charge"``.
        charge: The new charge; its id is new among the contract's recurring charges.
    """

    op: Literal["add_charge"] = attrs.field(default="add_charge", validator=_tag)
    charge: RecurringCharge = attrs.field(validator=checks.instance(RecurringCharge))


@attrs.frozen(kw_only=True)
class EndCharge:
    """Let a recurring charge end earlier: its last day charged becomes ``end``.

    To change a fee from a day on, end the old charge the day before and add a new one.

    Args:
        op: ``"end_charge"``.
        charge_id: The charge to end.
        end: Its new last day: on or after its first day, before its current last day.
    """

    op: Literal["end_charge"] = attrs.field(default="end_charge", validator=_tag)
    charge_id: str = attrs.field(validator=checks.text)
    end: dt.date = attrs.field(validator=checks.date)


Operation = (
    AddDeliverable
    | RemoveDeliverable
    | ModifyDeliverable
    | Reassign
    | AddMilestone
    | MoveMilestone
    | CancelMilestone
    | ChangePayment
    | AddPhase
    | ExtendPhase
    | ExtendTerm
    | ChangeValue
    | AddCharge
    | EndCharge
)
"""One step of a change request; the ``op`` field tells the kinds apart."""

OPERATIONS: Final[tuple[type, ...]] = (
    AddDeliverable,
    RemoveDeliverable,
    ModifyDeliverable,
    Reassign,
    AddMilestone,
    MoveMilestone,
    CancelMilestone,
    ChangePayment,
    AddPhase,
    ExtendPhase,
    ExtendTerm,
    ChangeValue,
    AddCharge,
    EndCharge,
)
"""Every kind of operation, in the order the docs list them."""


def _operations(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not tuple:
        checks.fail(inst, attribute, value, "a tuple of operations")
    items: tuple[object, ...] = value  # type: ignore[assignment] # checked just above
    if not items:
        checks.fail(inst, attribute, value, "at least one operation")
    for index, item in enumerate(items):
        if not isinstance(item, OPERATIONS):
            where = f"{type(inst).__name__}.{attribute.name}[{index}]"
            kinds = ", ".join(cls.__name__ for cls in OPERATIONS)
            raise InvalidValueError(where, item, f"an operation ({kinds})")


# -- change requests ------------------------------------------------------------------------------


class ChangeStatus(enum.Enum):
    """Where a change request is: ``proposed → approved | rejected | withdrawn``,
    ``approved → applied``."""  # noqa: D205, D209 - the lifecycle reads best on two lines

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    APPLIED = "applied"


@attrs.frozen(kw_only=True)
class ChangeEvent:
    """One dated move of a change request: who moved it, when, and why.

    Args:
        status: The status it moved to.
        on: The day it moved.
        by: Who decided (partner or person id); for an application, who recorded it, if known.
        level: For an approval, the level it was approved at.
        note: Why (a rejection's or withdrawal's reason, an approval's conditions).
    """

    status: ChangeStatus = attrs.field(validator=checks.member(ChangeStatus))
    on: dt.date = attrs.field(validator=checks.date)
    by: str | None = attrs.field(default=None, validator=checks.optional_text)
    level: ApprovalLevel | None = attrs.field(
        default=None, validator=checks.optional_member(ApprovalLevel)
    )
    note: str = attrs.field(default="", validator=checks.plain_str)

    def __attrs_post_init__(self) -> None:
        fields = attrs.fields(ChangeEvent)
        approved = self.status is ChangeStatus.APPROVED
        if approved and self.level is None:
            checks.fail(self, fields.level, None, "the level of the approval")
        if approved and self.by is None:
            checks.fail(self, fields.by, None, "who approved")
        if not approved and self.level is not None:
            checks.fail(self, fields.level, self.level, "None for a move other than an approval")


@attrs.frozen(kw_only=True)
class ChangeRequest:
    """A proposed change of scope: what to change, why, and at what cost and delay.

    Args:
        id: Unique among the contract's change requests (``"CR-07"``).
        title: What changes, in a few words.
        rationale: Why.
        requested_by: Who asked for it (partner or person id).
        requested_on: When it was proposed.
        operations: What to change, applied in order.
        cost_impact: What the change costs (negative if it saves), in the contract's currency.
        schedule_impact_days: How many days it delays the schedule; at least the days by which
            its operations move a milestone, phase end or the term end later.
        status: Where the request is in its life.
        history: Its dated moves after the proposal, oldest first; the last is the current status.
    """

    id: str = attrs.field(validator=checks.text)
    title: str = attrs.field(validator=checks.text)
    rationale: str = attrs.field(validator=checks.text)
    requested_by: str = attrs.field(validator=checks.text)
    requested_on: dt.date = attrs.field(validator=checks.date)
    operations: tuple[Operation, ...] = attrs.field(validator=_operations)
    cost_impact: Money | None = attrs.field(
        default=None, validator=checks.instance(Money, optional=True)
    )
    schedule_impact_days: int = attrs.field(default=0, validator=checks.non_negative_int)
    status: ChangeStatus = attrs.field(
        default=ChangeStatus.PROPOSED, validator=checks.member(ChangeStatus)
    )
    history: tuple[ChangeEvent, ...] = attrs.field(
        default=(), validator=checks.tuple_of(ChangeEvent)
    )

    @property
    def approval(self) -> ChangeEvent | None:
        """The approval (the last ``approved`` move), or ``None`` if it was never approved."""
        for event in reversed(self.history):
            if event.status is ChangeStatus.APPROVED:
                return event
        return None


# -- amendments -----------------------------------------------------------------------------------


class DifferenceKind(enum.Enum):
    """How a part of a contract differs between two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@attrs.frozen(kw_only=True)
class Difference:
    """One thing that differs between two versions of a contract.

    Args:
        section: The contract field: ``"deliverables"``, ``"term"``, ``"value"``...
        key: In a collection, the item: its id, or for a responsibility
            ``"subject_id/role/assignee_id"``; ``None`` for a field of the contract itself.
        field: For a changed item, the field of it that changed.
        kind: Added, removed or changed.
        before: What it was, for people to read; ``None`` if it was added.
        after: What it is now, for people to read; ``None`` if it was removed.
    """

    section: str = attrs.field(validator=checks.text)
    key: str | None = attrs.field(default=None, validator=checks.optional_text)
    field: str | None = attrs.field(default=None, validator=checks.optional_text)
    kind: DifferenceKind = attrs.field(validator=checks.member(DifferenceKind))
    before: str | None = attrs.field(default=None, validator=checks.optional_plain_str)
    after: str | None = attrs.field(default=None, validator=checks.optional_plain_str)

    @property
    def path(self) -> str:
        """Where, as a path such as ``$.milestones['M-03'].due``."""
        path = f"$.{self.section}"
        if self.key is not None:
            path += f"[{self.key!r}]"
        if self.field is not None:
            path += f".{self.field}"
        return path

    def __str__(self) -> str:
        if self.kind is DifferenceKind.ADDED:
            return f"added {self.path}: {self.after}"
        if self.kind is DifferenceKind.REMOVED:
            return f"removed {self.path}: {self.before}"
        return f"changed {self.path}: {self.before} -> {self.after}"


@attrs.frozen(kw_only=True)
class Amendment:
    """The record of a change to the contract: the contract's version it made, and what changed.

    An amendment applied by :func:`outsourcing.changes.apply_change` names its change request
    and the value before it, and lists what changed. One observed in published data (two
    releases of a contract that differ, with the publisher's rationale) may carry only a
    rationale and a description: no change request, no value before, no summary.

    Args:
        version: The contract version the change made: 2 for the first amendment, then 3, 4...
        date: When the change was applied.
        change_request_id: The change request it applied; ``None`` for an amendment observed in
            published data, which has none.
        rationale: Why (the change request's rationale).
        value_before: The contract value before the change (the first amendment's is the value as
            signed, which the change policy's cost tolerances are measured against); ``None`` when
            not known.
        summary: What changed, as :func:`outsourcing.changes.diff` lists it.
        description: What changed, in words (as a publisher describes an amendment).
    """

    version: int = attrs.field(validator=checks.positive_int)
    date: dt.date = attrs.field(validator=checks.date)
    change_request_id: str | None = attrs.field(validator=checks.optional_text)
    rationale: str = attrs.field(validator=checks.text)
    value_before: Money | None = attrs.field(validator=checks.instance(Money, optional=True))
    summary: tuple[Difference, ...] = attrs.field(default=(), validator=checks.tuple_of(Difference))
    description: str | None = attrs.field(
        default=None, validator=checks.optional_text, metadata=checks.OMIT_DEFAULT
    )

    @property
    def observed(self) -> bool:
        """Whether the amendment was observed in published data, not applied from a request."""
        return self.change_request_id is None
