"""Rules of the document's integrity: ids are unique, references resolve, one client takes part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

from outsourcing._models.contract import ID, Contract
from outsourcing._models.partners import PartnerRole
from outsourcing._models.work import Raci
from outsourcing._rules.index import index_of
from outsourcing._rules.machinery import Finding, rule

__all__ = ["id_unique", "one_client", "ref_resolves"]


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
    ("recurring_charges", "recurring charge"),
    ("transactions", "transaction"),
)


# The contract's collections, and the index that maps the ids of each to its first item.
_INDEXED: Final = {name: "partners" if name == "parties" else name for name, _ in _COLLECTIONS}


@rule("ID_UNIQUE", description="Ids are unique within each collection.")
def id_unique(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
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
        if amendment.change_request_id is not None and amendment.change_request_id not in changes:
            path = f"$.amendments[{k}].change_request_id"
            yield _missing(path, amendment.change_request_id, "change request")


def _money_refs(contract: Contract) -> Iterator[Finding]:
    """References from transactions, credit schemes and approvers (none in most contracts)."""
    index = index_of(contract)
    partners, milestones, charges = index.partners, index.milestones, index.recurring_charges
    for i, t in enumerate(contract.transactions):
        for field in ("payer_id", "payee_id"):
            who = getattr(t, field)
            if who not in partners:
                yield _missing(f"$.transactions[{i}].{field}", who, "partner")
        if t.milestone_id is not None and t.milestone_id not in milestones:
            yield _missing(f"$.transactions[{i}].milestone_id", t.milestone_id, "milestone")
        if t.charge_id is not None and t.charge_id not in charges:
            yield _missing(f"$.transactions[{i}].charge_id", t.charge_id, "recurring charge")
    for i, kpi in enumerate(contract.kpis):
        scheme = kpi.credits
        if scheme is not None and scheme.charge_id is not None and scheme.charge_id not in charges:
            path = f"$.kpis[{i}].credits.charge_id"
            yield _missing(path, scheme.charge_id, "recurring charge")
    yield from _approver_refs(contract)


def _approver_refs(contract: Contract) -> Iterator[Finding]:
    """References from the change policy's approvers to partners and people."""
    index = index_of(contract)
    partners, people = index.partners, index.people
    policy = contract.change_policy
    for i, approver in enumerate(() if policy is None else policy.approvers):
        where = f"$.change_policy.approvers[{i}]"
        if approver.partner_id is not None and approver.partner_id not in partners:
            yield _missing(f"{where}.partner_id", approver.partner_id, "partner")
        for k, who in enumerate(approver.person_ids):
            if who not in people:
                yield _missing(f"{where}.person_ids[{k}]", who, "person")


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
    "phase, KPI or risk), meeting participants, the go-live milestone of the support terms, "
    "the change requests of amendments, the partners, milestones and charges of transactions, "
    "the charge of a credit scheme and the approvers of the change policy included.",
)
def ref_resolves(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    yield from _subject_refs(contract)
    yield from _assignee_refs(contract)
    yield from _governance_refs(contract)
    yield from _participant_refs(contract)
    yield from _change_refs(contract)
    yield from _money_refs(contract)


@rule(
    "ONE_CLIENT",
    description="Exactly one partner has the client role; at least one prime provider (a supplier "
    "or an internal department, who answers to the client directly; a subcontractor alone is not "
    "enough) takes part.",
)
def one_client(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    clients = [i for i, p in enumerate(contract.parties) if p.role is PartnerRole.CLIENT]
    if not clients:
        yield Finding("$.parties", "no party has the client role; name the one client")
    for i in clients[1:]:
        yield Finding(
            f"$.parties[{i}].role",
            f"a second client (the first is $.parties[{clients[0]}]); a contract has exactly one "
            "client: make the other parties suppliers, subcontractors or internal",
        )
    if not any(p.role.prime for p in contract.parties):
        yield Finding(
            "$.parties",
            "no supplier or internal provider answers to the client (a subcontractor works for a "
            "supplier); add the party that delivers the work",
        )
