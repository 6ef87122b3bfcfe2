"""A summary of an engagement for people to read: what ``outsourcing report`` prints.

It works on any contract, valid or not: ids that resolve to nothing are shown as they are, and the
validation outcome at the end says what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from outsourcing._models.contract import Contract
from outsourcing._models.money import Money
from outsourcing._models.partners import Partner, Person
from outsourcing._models.schedule import GateDecision, Milestone, MilestoneStatus, Phase
from outsourcing._rules.machinery import Report
from outsourcing.exceptions import NotFoundError


def summarize(contract: Contract, report: Report) -> str:
    """Return a readable summary of ``contract`` ending with the outcome of its ``report``."""
    sections = (
        _heading(contract),
        _parties(contract),
        _phases(contract),
        _milestones(contract),
        _owners(contract),
        _payments(contract),
        _validation(report),
    )
    return "\n\n".join("\n".join(lines) for lines in sections if lines)


def _who(contract: Contract, id_: str) -> str:
    """Name a partner or person, with the partner a person works for."""
    try:
        found = contract.assignee(id_)
    except NotFoundError:
        return f"{id_} (unknown)"
    if isinstance(found, Person):
        try:
            return f"{found.name} ({contract.partner(found.partner_id).name})"
        except NotFoundError:
            return found.name
    return found.name


def _owner(contract: Contract, subject_id: str) -> str:
    try:
        owner: Partner | Person | None = contract.owner_of(subject_id)
    except NotFoundError:
        owner = None
    return "no owner" if owner is None else "owner " + _who(contract, owner.id)


def _heading(contract: Contract) -> list[str]:
    return [
        f"{contract.title} (contract {contract.id}, version {contract.version})",
        f"Term:  {contract.term.start} to {contract.term.end or 'open-ended'}",
        f"Value: {contract.value}",
    ]


def _parties(contract: Contract) -> list[str]:
    lines = ["Parties"]
    width = max((len(p.role.value) for p in contract.parties), default=0)
    for p in contract.parties:
        where = ", ".join(x for x in (p.country, p.timezone) if x)
        lines.append(f"  {p.role.value:<{width}}  {p.name} [{p.id}], {where}")
        lines.extend(
            f"  {'':<{width}}    {person.name}" + (f", {person.title}" if person.title else "")
            for person in contract.people
            if person.partner_id == p.id
        )
    return lines


def _gate(contract: Contract, phase: Phase) -> str:
    gate = phase.gate
    if gate.decision is GateDecision.PENDING:
        return "gate pending"
    by = _who(contract, gate.decided_by) if gate.decided_by else "?"
    text = f"gate decided {gate.decision.value} on {gate.decided_on} by {by}"
    return text + (f": {gate.notes}" if gate.notes else "")


def _phases(contract: Contract) -> list[str]:
    if not contract.phases:
        return []
    lines = ["Phases, in order"]
    for number, phase in enumerate(contract.phases_in_order(), 1):
        lines.append(
            f"  {number}. {phase.name} [{phase.id}], {phase.kind.value}, "
            f"{phase.start} to {phase.end}"
        )
        lines.append(f"     {_gate(contract, phase)}")
    return lines


def _status(milestone: Milestone) -> str:
    if milestone.status in {MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET}:
        return f"{milestone.status.value} on {milestone.date_met}"
    return str(milestone.status.value)


def _milestones(contract: Contract) -> list[str]:
    if not contract.milestones:
        return []
    lines = ["Milestones, by due date"]
    scheduled: set[str] = set()
    for m in sorted(contract.milestones, key=lambda m: (m.due, m.id)):
        pay = f", pays {m.payment}" if m.payment is not None else ""
        moved = f", moved from {m.due_history[0].previous_due}" if m.due_history else ""
        lines.append(f"  {m.due}  {m.title} [{m.id}], {_status(m)}{pay}{moved}")
        for d in m.deliverable_ids:
            scheduled.add(d)
            try:
                deliverable = contract.deliverable(d)
            except NotFoundError:
                lines.append(f"              {d}: unknown deliverable")
                continue
            lines.append(
                f"              {deliverable.title} [{d}], {deliverable.status.value}, "
                f"{_owner(contract, d)}"
            )
    loose = [d for d in contract.deliverables if d.id not in scheduled]
    if loose:
        lines.append("  Not due at any milestone:")
        lines.extend(f"              {d.title} [{d.id}], {_owner(contract, d.id)}" for d in loose)
    return lines


def _owners(contract: Contract) -> list[str]:
    counts: dict[str, int] = {}
    for d in contract.deliverables:
        owner = _owner(contract, d.id).removeprefix("owner ")
        counts[owner] = counts.get(owner, 0) + 1
    if not counts:
        return []
    lines = ["Deliverables by owner"]
    for owner, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {count:>4}  {owner}")
    return lines


def _sums(amounts: Iterator[Money]) -> str:
    totals: dict[str, Money] = {}
    for amount in amounts:
        totals[amount.currency] = totals.get(amount.currency, Money.zero(amount.currency)) + amount
    return " + ".join(str(t) for t in totals.values()) or "nothing"


def _payments(contract: Contract) -> list[str]:
    paying = [m for m in contract.milestones if m.payment is not None]
    if not paying:
        none = f"  none tied to milestones; contract value {contract.value}"
        return ["Payments", none, *_recurring(contract)]
    met = {MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET}
    earned = (m.payment for m in paying if m.status in met and m.payment is not None)
    to_come = (m.payment for m in paying if m.status not in met and m.payment is not None)
    in_all = _sums(m.payment for m in paying if m.payment is not None)
    return [
        "Payments",
        f"  {len(paying)} milestone payments, {in_all} in all, of a value of {contract.value}",
        f"  on milestones met: {_sums(earned)}",
        f"  still to come:     {_sums(to_come)}",
        *_recurring(contract),
    ]


def _recurring(contract: Contract) -> list[str]:
    """The recurring charges and the transactions on record, if the contract has any."""
    found = []
    for charge in contract.recurring_charges:
        until = "the end of the term" if charge.end is None else str(charge.end)
        found.append(
            f"  recurring: {charge.id} {charge.title}, {charge.amount} "
            f"{charge.period.value} from {charge.start} to {until}"
        )
    if contract.transactions:
        found.append(f"  transactions on record: {len(contract.transactions)}")
    return found


def _validation(report: Report) -> list[str]:
    when = f" as of {report.as_of}" if report.as_of else ""
    return [f"Validation{when}", *(f"  {line}" for line in str(report).splitlines())]
