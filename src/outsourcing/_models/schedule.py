"""When things happen: phases with their gates, and milestones."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from outsourcing._models import checks
from outsourcing._models.documents import Document
from outsourcing._models.money import Money
from outsourcing._models.work import CriterionResult


class GateDecision(enum.Enum):
    """The outcome of a phase's evaluation: may the next phase start?"""

    PENDING = "pending"
    GO = "go"
    GO_WITH_CONDITIONS = "go_with_conditions"
    HOLD = "hold"
    STOP = "stop"

    @property
    def lets_next_start(self) -> bool:
        """Whether the next phase may start (``go``, or ``go_with_conditions``)."""
        return self in {GateDecision.GO, GateDecision.GO_WITH_CONDITIONS}


@attrs.frozen(kw_only=True)
class Gate:
    """The evaluation that closes a phase, before the next one may start.

    A gate starts ``pending``; once decided it names the date and who decided.

    Args:
        criteria: What the evaluation looks at (``"conversion rate up on the pilot pages"``).
        decision: The outcome.
        decided_on: When it was decided; set exactly when the decision is not ``pending``.
        decided_by: The person or partner id that decided; set exactly when decided.
        notes: Conditions attached to a ``go_with_conditions``, or other remarks.
        results: How each criterion fared at the evaluation (see
            :func:`outsourcing.lifecycle.decide_gate`).
    """

    criteria: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))
    decision: GateDecision = attrs.field(
        default=GateDecision.PENDING, validator=checks.member(GateDecision)
    )
    decided_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    decided_by: str | None = attrs.field(default=None, validator=checks.optional_text)
    notes: str = attrs.field(default="", validator=checks.plain_str)
    results: tuple[CriterionResult, ...] = attrs.field(
        default=(), validator=checks.tuple_of(CriterionResult)
    )

    def __attrs_post_init__(self) -> None:
        decided = self.decision is not GateDecision.PENDING
        fields = attrs.fields(Gate)
        if decided and self.decided_on is None:
            checks.fail(
                self, fields.decided_on, None, f"the date of the {self.decision.value!r} decision"
            )
        if decided and self.decided_by is None:
            checks.fail(self, fields.decided_by, None, f"who decided {self.decision.value!r}")
        if not decided and self.decided_on is not None:
            checks.fail(self, fields.decided_on, self.decided_on, "None while the gate is pending")
        if not decided and self.decided_by is not None:
            checks.fail(self, fields.decided_by, self.decided_by, "None while the gate is pending")


class PhaseKind(enum.Enum):
    """What sort of stage a phase is.

    A ``pilot`` is the "start small" trial before the main work.
    """

    PILOT = "pilot"
    STANDARD = "standard"
    TRANSITION = "transition"


@attrs.frozen(kw_only=True)
class Phase:
    """A stage of the engagement, evaluated at its gate before the next one starts.

    Args:
        id: Unique among the contract's phases.
        name: What the stage is called (``"Pilot: product pages"``).
        start: First day of the phase.
        end: Last day of the phase (inclusive).
        kind: ``pilot`` for a start-small trial; ``standard`` otherwise.
        gate: The evaluation that closes the phase.
    """

    id: str = attrs.field(validator=checks.text)
    name: str = attrs.field(validator=checks.text)
    start: dt.date = attrs.field(validator=checks.date)
    end: dt.date = attrs.field(validator=checks.date)
    kind: PhaseKind = attrs.field(default=PhaseKind.STANDARD, validator=checks.member(PhaseKind))
    gate: Gate = attrs.field(factory=Gate, validator=checks.instance(Gate))

    @property
    def is_pilot(self) -> bool:
        """Whether this is a "start small" pilot, judged at its gate before the main work."""
        return self.kind is PhaseKind.PILOT


class MilestoneKind(enum.Enum):
    """What a milestone marks: the Open Contracting Data Standard's milestone types, and payment.

    ``pre_procurement`` is a step before the procurement (a study, a consultation); ``financing``
    a step in funding the engagement (a loan agreed, a grant paid out).
    """

    DELIVERY = "delivery"
    PAYMENT = "payment"
    APPROVAL = "approval"
    REPORTING = "reporting"
    ASSESSMENT = "assessment"
    ENGAGEMENT = "engagement"
    PRE_PROCUREMENT = "pre_procurement"
    FINANCING = "financing"


class MilestoneStatus(enum.Enum):
    """What became of a milestone. *Late* and *rebaselined* are derived, never stored.

    ``not_met`` is the verdict of the review on ``status_on``, as in the Open Contracting Data
    Standard: not final, the milestone may still be met (or partially met) later.
    ``partially_met`` may have no date it was met (imported data often has none).
    """

    SCHEDULED = "scheduled"
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class DueDateChange:
    """One rebaseline of a milestone: the due date it had before, when it changed, and why.

    Args:
        previous_due: The due date before the change.
        changed_on: When the change was agreed.
        reason: Why it moved.
    """

    previous_due: dt.date = attrs.field(validator=checks.date)
    changed_on: dt.date = attrs.field(validator=checks.date)
    reason: str = attrs.field(validator=checks.text)


@attrs.frozen(kw_only=True)
class Milestone:
    """A dated checkpoint, optionally tied to a payment.

    Args:
        id: Unique among the contract's milestones.
        title: What is reached (``"Pilot live"``).
        due: When it is due now (after any rebaselines).
        kind: What the milestone marks.
        phase_id: The phase it belongs to, if any.
        deliverable_ids: The deliverables due at this milestone.
        payment: What is paid when the milestone is met, if anything.
        status: What became of it.
        date_met: When it was met; set when the status is ``met``, and may be for
            ``partially_met``; ``None`` otherwise.
        due_history: Earlier due dates, oldest first, each with when and why it moved.
        status_on: When the current status was recorded (for ``met`` and ``partially_met`` the
            same day as ``date_met``); ``None`` while scheduled or when not recorded.
        paid_on: When its payment was paid; only for a milestone with a payment.
        description: What the milestone involves, beyond its title.
        code: The publisher's own code for the milestone (a step of its process).
        documents: Documents of the milestone: a report, a certificate of completion...
    """

    id: str = attrs.field(validator=checks.text)
    title: str = attrs.field(validator=checks.text)
    due: dt.date = attrs.field(validator=checks.date)
    kind: MilestoneKind = attrs.field(
        default=MilestoneKind.DELIVERY, validator=checks.member(MilestoneKind)
    )
    phase_id: str | None = attrs.field(default=None, validator=checks.optional_text)
    deliverable_ids: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))
    payment: Money | None = attrs.field(
        default=None, validator=checks.instance(Money, optional=True)
    )
    status: MilestoneStatus = attrs.field(
        default=MilestoneStatus.SCHEDULED, validator=checks.member(MilestoneStatus)
    )
    date_met: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    due_history: tuple[DueDateChange, ...] = attrs.field(
        default=(), validator=checks.tuple_of(DueDateChange)
    )
    status_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    paid_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    description: str | None = attrs.field(
        default=None, validator=checks.optional_text, metadata=checks.OMIT_DEFAULT
    )
    code: str | None = attrs.field(
        default=None, validator=checks.optional_text, metadata=checks.OMIT_DEFAULT
    )
    documents: tuple[Document, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Document), metadata=checks.OMIT_DEFAULT
    )

    def __attrs_post_init__(self) -> None:
        status = self.status  # compared by identity: an enum's hash is a Python call
        met = status is MilestoneStatus.MET or status is MilestoneStatus.PARTIALLY_MET
        if status is MilestoneStatus.MET and self.date_met is None:
            checks.fail(self, attrs.fields(Milestone).date_met, None, "the date it was met")
        if not met and self.date_met is not None:
            checks.fail(
                self,
                attrs.fields(Milestone).date_met,
                self.date_met,
                f"None for a milestone that is {self.status.value!r}",
            )
        if self.payment is not None and self.payment.amount <= 0:
            checks.fail(self, attrs.fields(Milestone).payment, self.payment, "a positive amount")
        if self.paid_on is not None and self.payment is None:
            checks.fail(
                self,
                attrs.fields(Milestone).paid_on,
                self.paid_on,
                "None for a milestone with no payment",
            )
        if self.status is MilestoneStatus.SCHEDULED and self.status_on is not None:
            checks.fail(
                self, attrs.fields(Milestone).status_on, self.status_on, "None while scheduled"
            )

    @property
    def is_payment(self) -> bool:
        """Whether the milestone triggers a payment."""
        return self.payment is not None
