"""What is handed over, and who answers for it: deliverables and RACI responsibilities."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from outsourcing._models import checks


class DeliverableStatus(enum.Enum):
    """Where a deliverable is in its life.

    ``planned → in_progress → submitted → accepted | rejected``.

    A rejected deliverable is reworked and submitted again.
    """

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True)
class CriterionResult:
    """How one acceptance (or gate) criterion fared when the work was reviewed.

    Args:
        criterion: The criterion, word for word as the deliverable (or gate) lists it.
        passed: Whether the work meets it.
        note: What the reviewer saw; say why when it failed.
    """

    criterion: str = attrs.field(validator=checks.text)
    passed: bool = attrs.field(validator=checks.boolean)
    note: str = attrs.field(default="", validator=checks.plain_str)


@attrs.frozen(kw_only=True)
class DeliverableEvent:
    """One dated move in a deliverable's life, as recorded by the lifecycle functions.

    Args:
        status: The status the deliverable moved to.
        on: The day it moved.
        results: For ``accepted`` and ``rejected``: each acceptance criterion, passed or failed.
        note: A remark (who reviewed, what to rework).
    """

    status: DeliverableStatus = attrs.field(validator=checks.member(DeliverableStatus))
    on: dt.date = attrs.field(validator=checks.date)
    results: tuple[CriterionResult, ...] = attrs.field(
        default=(), validator=checks.tuple_of(CriterionResult)
    )
    note: str = attrs.field(default="", validator=checks.plain_str)


@attrs.frozen(kw_only=True)
class Deliverable:
    """A concrete thing the provider hands over.

    Who owns it is not stored here: it is the one Accountable :class:`Responsibility` whose subject
    is this deliverable (see :meth:`Contract.owner_of`).

    Args:
        id: Unique among the contract's deliverables.
        title: A short name (``"Product catalogue API"``).
        description: What it is, in a sentence or two.
        acceptance_criteria: How the client will judge it. Work cannot be ``accepted`` without them.
        status: Where the deliverable is in its life.
        history: Its dated moves, oldest first (see :func:`outsourcing.lifecycle.submit` and
            friends). When
            there is any, the last one is the current ``status``. Empty for work whose dates
            were not recorded.
    """

    id: str = attrs.field(validator=checks.text)
    title: str = attrs.field(validator=checks.text)
    description: str = attrs.field(default="", validator=checks.plain_str)
    acceptance_criteria: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))
    status: DeliverableStatus = attrs.field(
        default=DeliverableStatus.PLANNED, validator=checks.member(DeliverableStatus)
    )
    history: tuple[DeliverableEvent, ...] = attrs.field(
        default=(), validator=checks.tuple_of(DeliverableEvent)
    )

    def __attrs_post_init__(self) -> None:
        if self.history and self.history[-1].status is not self.status:
            checks.fail(
                self,
                attrs.fields(Deliverable).status,
                self.status,
                f"{self.history[-1].status.value!r}, the status its history ends with",
            )
        if self.status is DeliverableStatus.ACCEPTED and not self.acceptance_criteria:
            checks.fail(
                self,
                attrs.fields(Deliverable).acceptance_criteria,
                self.acceptance_criteria,
                "at least one criterion for accepted work (what was it accepted against?)",
            )


class Raci(enum.Enum):
    """A role in a RACI assignment.

    ``accountable`` is the single owner who answers for the outcome; ``responsible`` does the work;
    ``consulted`` is asked before; ``informed`` is told after.
    """

    RESPONSIBLE = "responsible"
    ACCOUNTABLE = "accountable"
    CONSULTED = "consulted"
    INFORMED = "informed"

    @property
    def letter(self) -> str:
        """The role's letter in a RACI matrix (``R``, ``A``, ``C`` or ``I``)."""
        return self.value[0].upper()


def _role(inst: Responsibility, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not Raci:
        checks.fail(
            inst, attribute, value, "a Raci (responsible, accountable, consulted, informed)"
        )


@attrs.frozen(kw_only=True)
class Responsibility:
    """One RACI assignment: ``assignee_id`` holds ``role`` for ``subject_id``.

    Args:
        subject_id: What is assigned: a deliverable, milestone, phase, KPI or risk id.
        assignee_id: Who: a partner id or a person id.
        role: Their role for that subject.
    """

    subject_id: str = attrs.field(validator=checks.text)
    assignee_id: str = attrs.field(validator=checks.text)
    role: Raci = attrs.field(validator=_role)
