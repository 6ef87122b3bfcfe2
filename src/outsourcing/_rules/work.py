"""Rules of who answers for the work: one owner, someone responsible, no clashing RACI roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from outsourcing._models.contract import Contract
from outsourcing._models.work import Raci
from outsourcing._rules.index import Assignments, index_of
from outsourcing._rules.machinery import Finding, rule

__all__ = ["owner_required", "raci_conflict", "responsible_required"]


@rule(
    "OWNER_REQUIRED",
    description="Every deliverable has exactly one Accountable assignee: its owner.",
)
def owner_required(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    index = index_of(contract)
    assignments, accountable = index.assignments, Raci.ACCOUNTABLE
    owned = assignments.subjects_of(accountable)
    if assignments.single(accountable) and index.has_every_deliverable(
        owned, index.beyond_deliverables(accountable)
    ):
        return  # every deliverable has exactly one owner: decided with set operations
    first, several = index.owners_split
    for i, d in enumerate(contract.deliverables):
        if d.id in first and d.id not in several:
            continue
        found = several.get(d.id, ())
        if found:
            who = ", ".join(sorted(found))
            yield Finding(
                f"$.deliverables[{i}]",
                f"deliverable {d.id!r} has {len(found)} accountable assignees ({who}); keep one "
                "owner and make the others responsible or consulted",
            )
        else:
            yield Finding(
                f"$.deliverables[{i}]",
                f"deliverable {d.id!r} has no owner; add a responsibility with role 'accountable'",
            )


@rule(
    "RESPONSIBLE_REQUIRED",
    description="Every deliverable has at least one Responsible assignee.",
)
def responsible_required(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    index = index_of(contract)
    done_by = index.done_by
    if index.has_every_deliverable(done_by, index.beyond_deliverables(Raci.RESPONSIBLE)):
        return
    for i, d in enumerate(contract.deliverables):
        if d.id not in done_by:
            yield Finding(
                f"$.deliverables[{i}]",
                f"nobody is responsible for deliverable {d.id!r}; add a responsibility with role "
                "'responsible' for who does the work",
            )


_COMPATIBLE = frozenset({Raci.ACCOUNTABLE, Raci.RESPONSIBLE})


@rule(
    "RACI_CONFLICT",
    description="One assignee holds at most one role per subject (accountable and responsible "
    "together are allowed).",
)
def raci_conflict(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    everyone = contract.responsibilities
    assignments = index_of(contract).assignments
    if not _may_conflict(assignments):
        return
    for subject, positions in index_of(contract).by_subject.items():
        if len(positions) < 2:
            continue
        # Each assignee's roles for this subject, with the position of their latest assignment:
        # one violation per assignee whose roles clash, whatever order they are listed in.
        held: dict[str, dict[Raci, int]] = {}
        for j in positions:
            r = everyone[j]
            held.setdefault(r.assignee_id, {})[r.role] = j
        for assignee, roles in held.items():
            if len(roles) > 1 and not roles.keys() <= _COMPATIBLE:
                names = ", ".join(sorted(role.value for role in roles))
                yield Finding(
                    f"$.responsibilities[{max(roles.values())}].role",
                    f"{assignee!r} holds {names} for {subject!r}; one assignee holds one role per "
                    "subject (only accountable and responsible combine): keep one",
                )


def _may_conflict(assignments: Assignments) -> bool:
    """Whether an assignee may hold two roles for a subject (accountable and responsible aside).

    Decided from the roles' subjects where it can be, without a pass over every assignment.
    """
    consulted, informed = Raci.CONSULTED, Raci.INFORMED
    if not assignments.count(consulted) and not assignments.count(informed):
        return False  # accountable and responsible combine: only the other two roles clash
    if all(assignments.single(role) for role in Raci):
        # Each subject has at most one assignee per role, so a clash needs a consulted or
        # informed assignee who also holds another role for the same subject.
        mine = assignments.holders
        others = [mine(Raci.ACCOUNTABLE), mine(Raci.RESPONSIBLE)]
        for held, rest in ((mine(consulted), [*others, mine(informed)]), (mine(informed), others)):
            for subject, assignee in held.items():
                if any(h.get(subject) == assignee for h in rest):
                    return True
        return False
    # Otherwise: if no (subject, assignee) pair repeats, nobody holds two roles for one subject.
    subjects, assignees = assignments.subjects, assignments.assignees
    return len(set(zip(subjects, assignees, strict=True))) != len(subjects)
