"""What the pictures show, as data: milestone marks on the timeline and the RACI matrix."""

from __future__ import annotations

import datetime as dt

import attrs

from outsourcing._models.contract import Contract
from outsourcing._models.schedule import MilestoneStatus
from outsourcing._models.work import Raci
from outsourcing._operations.lifecycle import (
    Timeliness,
    due_as_of,
    is_rebaselined,
    milestone_status_as_of,
    timeliness,
)


@attrs.frozen(kw_only=True)
class MilestoneMark:
    """One milestone as the timeline draws it, as of a date.

    Args:
        milestone_id: The milestone.
        title: Its title.
        phase_id: Its phase, if any.
        due: The due date that held on the day.
        original_due: The first due date it had, when it was rebaselined by then; else ``None``.
        date_met: When it was met, if it was by then.
        timeliness: Upcoming, due soon, late, met on time or late, not met or cancelled.
    """

    milestone_id: str
    title: str
    phase_id: str | None
    due: dt.date
    original_due: dt.date | None
    date_met: dt.date | None
    timeliness: Timeliness


def milestone_marks(contract: Contract, as_of: dt.date) -> tuple[MilestoneMark, ...]:
    """Return every milestone as of ``as_of``, by due date then id."""
    marks = []
    for m in contract.milestones:
        status = milestone_status_as_of(m, as_of)
        met = status in {MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET}
        rebaselined = is_rebaselined(m, as_of)
        marks.append(
            MilestoneMark(
                milestone_id=m.id,
                title=m.title,
                phase_id=m.phase_id,
                due=due_as_of(m, as_of),
                original_due=m.due_history[0].previous_due if rebaselined else None,
                date_met=m.date_met if met else None,
                timeliness=timeliness(m, as_of),
            )
        )
    return tuple(sorted(marks, key=lambda k: (k.due, k.milestone_id)))


@attrs.frozen(kw_only=True)
class RaciMatrix:
    """Who is responsible, accountable, consulted and informed for what: a grid of letters.

    Args:
        subjects: Row keys (subject id, label), deliverables first, in document order.
        assignees: Column keys (assignee id, name), partners and people in document order.
        cells: The roles per ``(subject id, assignee id)``, in R, A, C, I order.
    """

    subjects: tuple[tuple[str, str], ...]
    assignees: tuple[tuple[str, str], ...]
    cells: dict[tuple[str, str], tuple[Raci, ...]]

    def roles(self, subject_id: str, assignee_id: str) -> tuple[Raci, ...]:
        """The roles of one assignee for one subject (empty when none)."""
        return self.cells.get((subject_id, assignee_id), ())


_ORDER = (Raci.RESPONSIBLE, Raci.ACCOUNTABLE, Raci.CONSULTED, Raci.INFORMED)


def raci_matrix(contract: Contract) -> RaciMatrix:
    """Return the contract's responsibilities as a matrix: every subject and assignee named.

    Rows are the deliverables, then any other subject (phase, milestone, risk...) that has a
    responsibility; columns are the partners and people that hold one. Ids that resolve to
    nothing are kept as they are, so an invalid contract still draws.
    """
    labels: dict[str, str] = {d.id: d.title for d in contract.deliverables}
    labels.update({p.id: p.name for p in contract.phases if p.id not in labels})
    labels.update({m.id: m.title for m in contract.milestones if m.id not in labels})
    names = {p.id: p.name for p in contract.parties}
    names.update({p.id: p.name for p in contract.people if p.id not in names})
    used_assignees = {r.assignee_id for r in contract.responsibilities}
    subjects = [(d.id, d.title) for d in contract.deliverables]
    seen = {d.id for d in contract.deliverables}
    for r in contract.responsibilities:
        if r.subject_id not in seen:
            seen.add(r.subject_id)
            subjects.append((r.subject_id, labels.get(r.subject_id, r.subject_id)))
    assignees = [(i, n) for i, n in names.items() if i in used_assignees]
    assignees += sorted((i, i) for i in used_assignees - names.keys())
    cells = {
        (subject, assignee): tuple(x for x in _ORDER if x in roles)
        for subject, row in contract.raci_matrix().items()
        for assignee, roles in row.items()
    }
    return RaciMatrix(subjects=tuple(subjects), assignees=tuple(assignees), cells=cells)
