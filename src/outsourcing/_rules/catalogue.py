"""The built-in rule catalogue, and :func:`validate`, which runs it.

Every rule reads the contract through the index built once per contract object
(:func:`outsourcing._rules.index.index_of`), so validation takes time linear in the size of the
contract. Each rule reports every violation it
finds, with the place in the document and what to do, and never stops at the first.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from outsourcing._base import collector as _gc
from outsourcing._base.violations import Severity, Violation
from outsourcing._models.changes import ChangeStatus, cumulate
from outsourcing._models.comms import MeetingKind
from outsourcing._models.contract import ID, Contract
from outsourcing._models.functions import OfficeClass
from outsourcing._models.kpis import Direction
from outsourcing._models.money import Money
from outsourcing._models.partners import PartnerRole
from outsourcing._models.risks import HIGH_RISK, RiskStatus
from outsourcing._models.schedule import Gate, MilestoneKind, MilestoneStatus
from outsourcing._models.work import Raci
from outsourcing._rules.index import Assignments, index_of
from outsourcing._rules.machinery import Finding, Report, Rule, resolve_rules, rule

_ERROR = Severity.ERROR
_WARNING = Severity.WARNING


_COLLECTIONS = (
    ("parties", "partner"),
    ("people", "person"),
    ("deliverables", "deliverable"),
    ("milestones", "milestone"),
    ("phases", "phase"),
    ("kpis", "KPI"),
    ("risks", "risk"),
    ("access_grants", "access grant"),
    ("meetings", "meeting"),
    ("change_requests", "change request"),
)


# The contract's collections, and the index that maps the ids of each to its first item.
_INDEXED: Final = {name: "partners" if name == "parties" else name for name, _ in _COLLECTIONS}


@rule("ID_UNIQUE", description="Ids are unique within each collection.")
def _id_unique(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    index = index_of(contract)
    for name, noun in _COLLECTIONS:
        items = getattr(contract, name)
        if len(getattr(index, _INDEXED[name])) == len(items):
            continue  # as many distinct ids as items: none repeats
        ids = list(map(ID, items))
        first: dict[str, int] = {}
        for i, id_ in enumerate(ids):
            seen = first.setdefault(id_, i)
            if seen != i:
                yield Finding(
                    f"$.{name}[{i}].id",
                    f"id {id_!r} is already used by $.{name}[{seen}]; give each {noun} its own id",
                )


def _missing(path: str, value: str, kind: str) -> Finding:
    return Finding(path, f"{value!r} refers to no {kind}; add the {kind} or correct the id")


def _assignee_refs(contract: Contract) -> Iterator[Finding]:
    """References to partners and people: a person's partner, RACI assignees, owners, deciders."""
    index = index_of(contract)
    partners, people = index.partners, index.people
    for i, person in enumerate(contract.people):
        if person.partner_id not in partners:
            yield _missing(f"$.people[{i}].partner_id", person.partner_id, "partner")
    unknown = set(index.assignments.assignees) - partners.keys() - people.keys()
    if unknown:
        for j, r in enumerate(contract.responsibilities):
            if r.assignee_id in unknown:
                path = f"$.responsibilities[{j}].assignee_id"
                yield _missing(path, r.assignee_id, "partner or person")
    for i, kpi in enumerate(contract.kpis):
        owner = kpi.owner_id
        if owner is not None and owner not in partners and owner not in people:
            yield _missing(f"$.kpis[{i}].owner_id", owner, "partner or person")
    for i, phase in enumerate(contract.phases):
        by = phase.gate.decided_by
        if by is not None and by not in partners and by not in people:
            yield _missing(f"$.phases[{i}].gate.decided_by", by, "partner or person")


def _governance_refs(contract: Contract) -> Iterator[Finding]:
    """References from the risk register and the access grants to partners and people."""
    index = index_of(contract)
    partners, people = index.partners, index.people
    for i, risk in enumerate(contract.risks):
        owner = risk.owner_id
        if owner is not None and owner not in partners and owner not in people:
            yield _missing(f"$.risks[{i}].owner_id", owner, "partner or person")
    for i, grant in enumerate(contract.access_grants):
        if grant.revoked_on is not None:
            continue  # a revoked grant is history: its person may have left since
        if grant.grantee_id not in people:
            yield _missing(f"$.access_grants[{i}].grantee_id", grant.grantee_id, "person")
        by = grant.approved_by
        if by is not None and by not in partners and by not in people:
            yield _missing(f"$.access_grants[{i}].approved_by", by, "partner or person")


def _participant_refs(contract: Contract) -> Iterator[Finding]:
    """References to partners and people from the communication plan."""
    index = index_of(contract)
    partners, people = index.partners, index.people
    for i, meeting in enumerate(contract.meetings):
        for k, who in enumerate(meeting.participant_ids):
            if who not in partners and who not in people:
                path = f"$.meetings[{i}].participant_ids[{k}]"
                yield _missing(path, who, "partner or person")


def _milestone_refs(contract: Contract) -> Iterator[Finding]:
    """References from milestones: their phase and their deliverables."""
    index = index_of(contract)
    phases = index.phases
    dangling = index.dangling
    for i, m in enumerate(contract.milestones):
        if m.phase_id is not None and m.phase_id not in phases:
            yield _missing(f"$.milestones[{i}].phase_id", m.phase_id, "phase")
        if dangling:
            for k, d in enumerate(m.deliverable_ids):
                if d in dangling:
                    yield _missing(f"$.milestones[{i}].deliverable_ids[{k}]", d, "deliverable")


def _change_refs(contract: Contract) -> Iterator[Finding]:
    """References from the change register and the amendments."""
    index = index_of(contract)
    partners, people, changes = index.partners, index.people, index.change_requests
    for i, change in enumerate(contract.change_requests):
        if change.requested_by not in partners and change.requested_by not in people:
            path = f"$.change_requests[{i}].requested_by"
            yield _missing(path, change.requested_by, "partner or person")
        for k, event in enumerate(change.history):
            by = event.by
            if by is not None and by not in partners and by not in people:
                yield _missing(f"$.change_requests[{i}].history[{k}].by", by, "partner or person")
    for k, amendment in enumerate(contract.amendments):
        if amendment.change_request_id not in changes:
            path = f"$.amendments[{k}].change_request_id"
            yield _missing(path, amendment.change_request_id, "change request")


def _subject_refs(contract: Contract) -> Iterator[Finding]:
    """References to work: a milestone's phase and deliverables, a responsibility's subject."""
    index = index_of(contract)
    phases = index.phases
    yield from _milestone_refs(contract)
    milestones, kpis, risks = index.milestones, index.kpis, index.risks
    # Which subjects resolve is decided with set operations; the items are walked only when some
    # do not, to name each place.
    unknown = set().union(*map(index.beyond_deliverables, Raci))
    for known in (milestones, phases, kpis, risks):
        unknown -= known.keys()
    if unknown:
        for j, r in enumerate(contract.responsibilities):
            if r.subject_id in unknown:
                path = f"$.responsibilities[{j}].subject_id"
                yield _missing(path, r.subject_id, "deliverable, milestone, phase, KPI or risk")
    support = contract.support
    if support is not None and support.go_live_milestone_id not in milestones:
        path = "$.support.go_live_milestone_id"
        yield _missing(path, support.go_live_milestone_id, "milestone")


@rule(
    "REF_RESOLVES",
    description="Every id that is referred to exists (partner, person, deliverable, milestone, "
    "phase, KPI or risk), meeting participants, the go-live milestone of the support terms and "
    "the change requests of amendments included.",
)
def _ref_resolves(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    yield from _subject_refs(contract)
    yield from _assignee_refs(contract)
    yield from _governance_refs(contract)
    yield from _participant_refs(contract)
    yield from _change_refs(contract)


@rule(
    "ONE_CLIENT",
    description="Exactly one partner has the client role; at least one provider (supplier or "
    "internal) takes part.",
)
def _one_client(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    clients = [i for i, p in enumerate(contract.parties) if p.role is PartnerRole.CLIENT]
    if not clients:
        yield Finding("$.parties", "no party has the client role; name the one client")
    for i in clients[1:]:
        yield Finding(
            f"$.parties[{i}].role",
            f"a second client (the first is $.parties[{clients[0]}]); a contract has exactly one "
            "client: make the other parties suppliers, subcontractors or internal",
        )
    if not any(p.role.provides for p in contract.parties):
        yield Finding(
            "$.parties", "no supplier or internal provider; add the party that delivers the work"
        )


@rule(
    "OWNER_REQUIRED",
    description="Every deliverable has exactly one Accountable assignee: its owner.",
)
def _owner_required(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
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
def _responsible_required(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
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
def _raci_conflict(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
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


@rule("TERM_ORDER", description="The contract's term and every phase start no later than they end.")
def _term_order(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    if term.start > term.end:
        yield Finding(
            "$.term", f"the term starts on {term.start} after it ends on {term.end}; swap the dates"
        )
    for i, phase in enumerate(contract.phases):
        if phase.start > phase.end:
            yield Finding(
                f"$.phases[{i}]",
                f"phase {phase.id!r} starts on {phase.start} after it ends on {phase.end}; "
                "swap the dates",
            )


@rule(
    "PHASES_SEQUENTIAL",
    description="Phases lie inside the term and do not overlap.",
)
def _phases_sequential(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    ordered = sorted((p.start, p.end, i) for i, p in enumerate(contract.phases) if p.start <= p.end)
    if term.start <= term.end:
        for start, end, i in sorted(ordered, key=lambda t: t[2]):
            if start < term.start or end > term.end:
                yield Finding(
                    f"$.phases[{i}]",
                    f"phase {contract.phases[i].id!r} runs {start} to {end}, outside the term "
                    f"{term.start} to {term.end}; move it inside or extend the term",
                )
    latest: tuple[dt.date, int] | None = None
    for start, end, i in ordered:
        if latest is not None and start <= latest[0]:
            other = latest[1]
            yield Finding(
                f"$.phases[{i}].start",
                f"phase {contract.phases[i].id!r} starts on {start}, before phase "
                f"{contract.phases[other].id!r} ($.phases[{other}]) ends on {latest[0]}; "
                "phases follow one another: start it after the other ends",
            )
        if latest is None or end > latest[0]:
            latest = (end, i)


@rule(
    "MILESTONE_IN_TERM",
    description="Each milestone is due inside the term and inside its phase.",
)
def _milestone_in_term(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    phases = index_of(contract).phases
    for i, m in enumerate(contract.milestones):
        if term.start <= term.end and not term.start <= m.due <= term.end:
            yield Finding(
                f"$.milestones[{i}].due",
                f"milestone {m.id!r} is due on {m.due}, outside the term {term.start} to "
                f"{term.end}; move it inside or extend the term",
            )
            continue
        phase = phases.get(m.phase_id) if m.phase_id is not None else None
        if phase is not None and phase.start <= phase.end and not phase.start <= m.due <= phase.end:
            yield Finding(
                f"$.milestones[{i}].due",
                f"milestone {m.id!r} is due on {m.due}, outside its phase {phase.id!r} "
                f"({phase.start} to {phase.end}); move it or attach it to another phase",
            )


@rule(
    "DELIVERABLE_SCHEDULED",
    severity=_WARNING,
    description="Each deliverable is due at some (not cancelled) milestone.",
)
def _deliverable_scheduled(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    index = index_of(contract)
    scheduled = index.scheduled
    if scheduled is index.listed and index.has_every_deliverable(scheduled, index.dangling):
        return
    if index.deliverables.keys() <= scheduled:
        return
    for i, d in enumerate(contract.deliverables):
        if d.id not in scheduled:
            yield Finding(
                f"$.deliverables[{i}]",
                f"deliverable {d.id!r} is due at no milestone; list it in a milestone's "
                "deliverable_ids",
            )


@rule("SINGLE_CURRENCY", description="Every amount is in the contract's currency.")
def _single_currency(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    currency = contract.currency
    for i, m in enumerate(contract.milestones):
        if m.payment is not None and m.payment.currency != currency:
            yield Finding(
                f"$.milestones[{i}].payment.currency",
                f"the payment is in {m.payment.currency}, the contract in {currency}; state every "
                "amount in the contract's currency",
            )
    for i, kpi in enumerate(contract.kpis):
        if kpi.credits is not None and kpi.credits.fee.currency != currency:
            yield Finding(
                f"$.kpis[{i}].credits.fee.currency",
                f"the service-credit fee is in {kpi.credits.fee.currency}, the contract in "
                f"{currency}; state every amount in the contract's currency",
            )
    for i, change in enumerate(contract.change_requests):
        cost = change.cost_impact
        if cost is not None and cost.currency != currency:
            yield Finding(
                f"$.change_requests[{i}].cost_impact.currency",
                f"the cost impact of {change.id!r} is in {cost.currency}, the contract in "
                f"{currency}; state every amount in the contract's currency",
            )


@rule(
    "PAYMENTS_WITHIN_VALUE",
    description="Milestone payments (of milestones not cancelled) add up to at most the contract "
    "value.",
)
def _payments_within_value(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    value = contract.value
    total = Decimal(0)
    for i, m in enumerate(contract.milestones):
        pay = m.payment
        if pay is None or pay.currency != value.currency or m.status is MilestoneStatus.CANCELLED:
            continue
        total += pay.amount
        if total > value.amount:
            yield Finding(
                f"$.milestones[{i}].payment",
                f"with this payment the milestone payments add up to "
                f"{Money(total, value.currency)}, more than the contract value {value}; lower the "
                "payments or raise the value",
            )
            return


@rule(
    "PAYMENT_FOR_RESULTS",
    severity=_WARNING,
    description="A payment milestone carries at least one deliverable.",
)
def _payment_for_results(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for i, m in enumerate(contract.milestones):
        if (m.payment is not None or m.kind is MilestoneKind.PAYMENT) and not m.deliverable_ids:
            yield Finding(
                f"$.milestones[{i}].deliverable_ids",
                f"payment milestone {m.id!r} pays for no deliverable; tie the payment to the "
                "results it pays for",
            )


@rule(
    "KPI_COHERENT",
    description="A KPI's warning threshold lies on the good side of its target, as its direction "
    "says; percentages lie in 0-100.",
)
def _kpi_coherent(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    hundred = Decimal(100)
    for i, kpi in enumerate(contract.kpis):
        warning, target = kpi.warning, kpi.target
        if warning is not None:
            higher = kpi.direction is Direction.HIGHER_IS_BETTER
            if (higher and warning < target) or (not higher and warning > target):
                side = "at or above" if higher else "at or below"
                yield Finding(
                    f"$.kpis[{i}].warning",
                    f"the warning threshold {warning} of {kpi.id!r} should be {side} the target "
                    f"{target} ({kpi.direction.value}): it warns before the target is missed",
                )
        if not kpi.is_percentage:
            continue
        for field, number in (("target", target), ("warning", warning)):
            if number is not None and not 0 <= number <= hundred:
                yield Finding(
                    f"$.kpis[{i}].{field}",
                    f"{number} is not a percentage; a KPI in % takes values from 0 to 100",
                )
        for k, measured in enumerate(kpi.measurements):
            if not 0 <= measured.value <= hundred:
                yield Finding(
                    f"$.kpis[{i}].measurements[{k}].value",
                    f"{measured.value} is not a percentage; a KPI in % takes values from 0 to 100",
                )


@rule(
    "KPI_OWNED",
    severity=_WARNING,
    description="Each KPI has an owner and a measurement cadence.",
)
def _kpi_owned(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for i, kpi in enumerate(contract.kpis):
        if kpi.owner_id is None:
            yield Finding(
                f"$.kpis[{i}].owner_id", f"KPI {kpi.id!r} has no owner; name who answers for it"
            )
        if kpi.cadence is None:
            yield Finding(
                f"$.kpis[{i}].cadence",
                f"KPI {kpi.id!r} has no cadence; say how often it is measured",
            )


@rule(
    "GATE_BEFORE_NEXT",
    description="No phase has started (as of a date) unless the previous phase's gate decided go "
    "(or go with conditions) by the day it started.",
    needs_as_of=True,
)
def _gate_before_next(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    if as_of is None:
        return
    # Phases grouped by their dates: the phases before a phase are the group with the latest
    # dates before its own (several only where PHASES_SEQUENTIAL already reports an overlap), so
    # the verdict does not depend on the order the phases are listed in.
    groups: dict[tuple[dt.date, dt.date], list[int]] = {}
    for i, p in enumerate(contract.phases):
        groups.setdefault((p.start, p.end), []).append(i)
    for before, (start, end) in itertools.pairwise(sorted(groups)):
        if start > as_of:
            break
        blocking = [
            contract.phases[b]
            for b in groups[before]
            if not _lets_start(contract.phases[b].gate, start)
        ]
        if not blocking:
            continue
        states = "; ".join(
            f"the gate of phase {p.id!r} was {_state(p.gate, as_of)}" for p in blocking
        )
        for i in groups[(start, end)]:
            yield Finding(
                f"$.phases[{i}].start",
                f"phase {contract.phases[i].id!r} started on {start}, but {states} before it; "
                "decide 'go' at that gate before the next phase starts",
            )


def _lets_start(gate: Gate, start: dt.date) -> bool:
    """Whether a gate had decided go (or go with conditions) by the day the next phase started."""
    return (
        gate.decision.lets_next_start and gate.decided_on is not None and gate.decided_on <= start
    )


def _state(gate: Gate, as_of: dt.date) -> str:
    if gate.decided_on is not None and gate.decided_on <= as_of:
        return f"decided {gate.decision.value!r} on {gate.decided_on}"
    return "not decided"


def _has_client(contract: Contract) -> bool:
    """Whether some party is the client; without one, ONE_CLIENT is the only thing to report."""
    return any(p.role is PartnerRole.CLIENT for p in contract.parties)


def _grantee(contract: Contract, grantee_id: str) -> str:
    """Name a grantee and their partner for a message: ``'tomasz' (Kodehuset Sp. z o.o.)``."""
    index = index_of(contract)
    person = index.people[grantee_id]
    partner = index.partners.get(person.partner_id)
    return f"{grantee_id!r} ({partner.name if partner else person.partner_id})"


@rule(
    "ACCESS_WITHIN_TERM",
    description="Every access grant to a person who is not the client's expires no later than the "
    "contract ends.",
)
def _access_within_term(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    if term.start > term.end or not _has_client(contract):
        return
    people = index_of(contract).people
    for i, g in enumerate(contract.access_grants):
        if g.grantee_id not in people or index_of(contract).is_client_person(g.grantee_id):
            continue
        if g.revoked_on is not None and g.revoked_on <= term.end:
            continue
        if g.expires_on is not None and g.expires_on <= term.end:
            continue
        who = _grantee(contract, g.grantee_id)
        when = "never expires" if g.expires_on is None else f"expires on {g.expires_on}"
        yield Finding(
            f"$.access_grants[{i}].expires_on",
            f"access grant {g.id!r} of {who} to {g.system!r} {when}, but the contract ends on "
            f"{term.end}; set expires_on to {term.end} or earlier",
        )


@rule(
    "ACCESS_BACK_OFFICE",
    description="Write or admin access to a back-office system names a client approver (a person "
    "of the client, or the client).",
)
def _access_back_office(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    if not _has_client(contract):
        return
    index = index_of(contract)
    for i, g in enumerate(contract.access_grants):
        if g.system_class is not OfficeClass.BACK_OFFICE or not g.level.changes_data:
            continue
        what = f"{g.level.value} access to back-office system {g.system!r} (grant {g.id!r})"
        by = g.approved_by
        if by is None:
            yield Finding(
                f"$.access_grants[{i}].approved_by",
                f"{what} names no approver; have a person of the client approve it",
            )
            continue
        partner = index.partners.get(by)
        if partner is not None and partner.role is PartnerRole.CLIENT:
            continue
        if partner is None and (by not in index.people or index_of(contract).is_client_person(by)):
            continue  # a client person, or an unknown id that REF_RESOLVES reports
        side = partner.name if partner else _grantee(contract, by)
        yield Finding(
            f"$.access_grants[{i}].approved_by",
            f"{what} is approved by {side}, not by the client; have a person of the client "
            "approve it",
        )


@rule(
    "RISK_TREATED",
    severity=_WARNING,
    description="Each risk that is not closed has an owner and a mitigation; high risks "
    f"(likelihood x impact >= {HIGH_RISK}) also a contingency plan.",
)
def _risk_treated(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for i, r in enumerate(contract.risks):
        if r.status is RiskStatus.CLOSED:
            continue
        if r.owner_id is None:
            yield Finding(
                f"$.risks[{i}].owner_id", f"risk {r.id!r} has no owner; name who answers for it"
            )
        if r.mitigation is None:
            yield Finding(
                f"$.risks[{i}].mitigation",
                f"risk {r.id!r} has no mitigation; say what makes it less likely or less bad",
            )
        if r.score >= HIGH_RISK and r.contingency is None:
            yield Finding(
                f"$.risks[{i}].contingency",
                f"risk {r.id!r} is high ({r.likelihood} x {r.impact} = {r.score}) and has no "
                "contingency plan; say what happens if it occurs",
            )


@rule(
    "COMMS_CADENCE",
    severity=_WARNING,
    description="There is at least one recurring status meeting and a recurring partnership "
    "review.",
)
def _comms_cadence(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for kind, what in (
        (MeetingKind.STATUS, "status meeting"),
        (MeetingKind.PARTNERSHIP_REVIEW, "partnership review"),
    ):
        if not any(m.kind is kind and m.recurs for m in contract.meetings):
            yield Finding(
                "$.meetings",
                f"no recurring {what}; add a meeting of kind {kind.value!r} with a recurring "
                "cadence (an RRULE such as 'FREQ=WEEKLY;BYDAY=MO')",
            )


@rule(
    "SUPPORT_DEFINED",
    severity=_WARNING,
    description="The contract defines after-launch support: handover, hypercare and response "
    "times.",
)
def _support_defined(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    support = contract.support
    if support is None:
        yield Finding(
            "$.support",
            "no after-launch support; agree handover, hypercare and response times",
        )
        return
    if support.handover_days == 0:
        yield Finding("$.support.handover_days", "no handover period; agree how long handover runs")
    if support.hypercare_days == 0:
        yield Finding(
            "$.support.hypercare_days", "no hypercare period; agree how long hypercare runs"
        )
    if not support.response_times:
        yield Finding(
            "$.support.response_times",
            "no response times; agree response and resolution times per priority",
        )


def _positions(contract: Contract) -> dict[str, int]:
    """Change request id -> its first position in the change register."""
    found: dict[str, int] = {}
    for i, change in enumerate(contract.change_requests):
        found.setdefault(change.id, i)
    return found


@rule(
    "CHANGE_APPROVED",
    description="Only approved change requests are applied: every amendment applies a change "
    "request that is applied, and every applied change request was approved.",
)
def _change_approved(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    changes, positions = index_of(contract).change_requests, _positions(contract)
    for k, amendment in enumerate(contract.amendments):
        change = changes.get(amendment.change_request_id)
        if change is not None and change.status is not ChangeStatus.APPLIED:
            yield Finding(
                f"$.amendments[{k}].change_request_id",
                f"amendment {k + 1} applies change request {change.id!r}, which is "
                f"{change.status.value}; only approved change requests are applied (use "
                "apply_change), so remove the amendment or record the change as applied",
            )
    for change in changes.values():
        if change.status is ChangeStatus.APPLIED and change.approval is None:
            yield Finding(
                f"$.change_requests[{positions[change.id]}].history",
                f"change request {change.id!r} is applied but was never approved; record its "
                "approval (who, at which level, when) before it is applied",
            )


@rule(
    "CHANGE_WITHIN_POLICY",
    description="Cumulative changes stay inside the change policy's tolerances unless approved "
    "at the level it names.",
)
def _change_within_policy(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    policy = contract.change_policy
    if policy is None or not contract.amendments:
        return
    changes, positions = index_of(contract).change_requests, _positions(contract)
    signed = contract.amendments[0].value_before
    applied = []
    for amendment in contract.amendments:
        change = changes.get(amendment.change_request_id)
        if change is None:
            continue
        applied.append(change)
        approval = change.approval
        if approval is None or approval.level is None:
            continue  # CHANGE_APPROVED reports it
        cost, slip = cumulate(applied, signed)
        needed = policy.required_level(cost, slip)
        if approval.level >= needed:
            continue
        i = positions[change.id]
        j = change.history.index(approval)
        yield Finding(
            f"$.change_requests[{i}].history[{j}].level",
            f"with change request {change.id!r} the changes add up to {cost:+.1f} % of the "
            f"value as signed and {slip} days of slip, which needs approval at "
            f"{needed.value!r} level, but it was approved at {approval.level.value!r}; have it "
            f"approved at {needed.value!r} level",
        )


@rule(
    "AMENDMENTS_CONTIGUOUS",
    description="Versions run 1, 2, 3...: amendment n makes version n + 1, the contract's "
    "version is one more than its amendments, and each applied change request has exactly one "
    "amendment.",
)
def _amendments_contiguous(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    amendments = contract.amendments
    seen: dict[str, int] = {}
    for k, amendment in enumerate(amendments):
        if amendment.version != k + 2:
            yield Finding(
                f"$.amendments[{k}].version",
                f"amendment {k + 1} makes version {amendment.version}, but versions run 1, 2, "
                f"3...: amendment {k + 1} makes version {k + 2}; renumber the amendments",
            )
        if k and amendment.date < amendments[k - 1].date:
            yield Finding(
                f"$.amendments[{k}].date",
                f"amendment {k + 1} is dated {amendment.date}, before amendment {k} "
                f"({amendments[k - 1].date}); list the amendments in the order they were applied",
            )
        first = seen.setdefault(amendment.change_request_id, k)
        if first != k:
            yield Finding(
                f"$.amendments[{k}].change_request_id",
                f"change request {amendment.change_request_id!r} is already applied by "
                f"$.amendments[{first}]; a change is applied once: remove this amendment",
            )
    if contract.version != len(amendments) + 1:
        yield Finding(
            "$.version",
            f"the contract is version {contract.version} but has {len(amendments)} "
            f"amendment{'' if len(amendments) == 1 else 's'}; its version is "
            f"{len(amendments) + 1}: one for the contract as signed, one more per amendment",
        )
    for i, change in enumerate(contract.change_requests):
        if change.status is ChangeStatus.APPLIED and change.id not in seen:
            yield Finding(
                f"$.change_requests[{i}].status",
                f"change request {change.id!r} is applied but no amendment records it; add its "
                "amendment (apply_change does) or set its status back",
            )


CATALOGUE: Mapping[str, Rule] = MappingProxyType(
    {
        r.code: r
        for r in (
            _id_unique,
            _ref_resolves,
            _one_client,
            _owner_required,
            _responsible_required,
            _raci_conflict,
            _term_order,
            _phases_sequential,
            _milestone_in_term,
            _deliverable_scheduled,
            _single_currency,
            _payments_within_value,
            _payment_for_results,
            _kpi_coherent,
            _kpi_owned,
            _gate_before_next,
            _access_within_term,
            _access_back_office,
            _risk_treated,
            _comms_cadence,
            _support_defined,
            _change_approved,
            _change_within_policy,
            _amendments_contiguous,
        )
    }
)
"""The built-in rules by code, in the order :func:`validate` runs them."""


def validate(
    contract: Contract,
    *,
    as_of: dt.date | None = None,
    rules: Iterable[Rule | str] | Rule | str | None = None,
) -> Report:
    """Check a contract against the rule catalogue and report every violation at once.

    >>> from outsourcing import example_contract
    >>> report = validate(example_contract())
    >>> report.ok, len(report.errors)
    (True, 0)

    Args:
        contract: The contract to check.
        as_of: The date to judge time-dependent rules (such as ``GATE_BEFORE_NEXT``) on. Nothing
            reads the clock: without a date those rules are skipped and listed in
            the report's ``skipped``.
        rules: The rules to run instead of the whole catalogue: :class:`Rule` objects of your own,
            catalogue codes such as ``"OWNER_REQUIRED"``, or a mix. Add your rules to the
            catalogue with ``[*CATALOGUE.values(), my_rule]``.

    Raises:
        UnknownRuleError: A code in ``rules`` is not in the catalogue.
    """
    chosen = resolve_rules(rules, CATALOGUE)
    violations: list[Violation] = []
    skipped: list[str] = []
    # The indexes of a large contract are big containers; each one allocated would let the
    # garbage collector walk the whole object graph again. Validation makes no reference cycles,
    # so the collector is paused while it runs.
    with _gc.paused():
        for r in chosen:
            if r.needs_as_of and as_of is None:
                skipped.append(r.code)
                continue
            violations.extend(r(contract, as_of))
    return Report(violations=tuple(violations), as_of=as_of, skipped=tuple(skipped))
