""":func:`contracts`: whole contracts that pass every error rule, as of any date.

Also the strategies that draw a contract to change when given none: :func:`change_requests` and
:func:`amendments`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypedDict

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from outsourcing._models.access import AccessGrant
from outsourcing._models.billing import RecurringCharge
from outsourcing._models.changes import Amendment, ApprovalLevel, Approver, ChangeRequest
from outsourcing._models.comms import Meeting, MeetingKind
from outsourcing._models.contract import Contract, ContractStatus, Term
from outsourcing._models.kpis import KPI
from outsourcing._models.money import Money, Rounding
from outsourcing._models.partners import Partner, PartnerRole, Person
from outsourcing._models.risks import Risk
from outsourcing._models.schedule import (
    Gate,
    GateDecision,
    Milestone,
    MilestoneStatus,
    Phase,
    PhaseKind,
)
from outsourcing._models.work import (
    CriterionResult,
    Deliverable,
    DeliverableStatus,
    Raci,
    Responsibility,
)
from outsourcing._operations.lifecycle import status_as_of
from outsourcing.exceptions import InvalidValueError
from outsourcing.strategies._access import _grant
from outsourcing.strategies._billing import _approver, _charge, _transaction
from outsourcing.strategies._changes import (
    _apply_one,
    _change_request,
    _one_change,
    change_policies,
)
from outsourcing.strategies._comms import _MEETING_KIND, _meeting, _support
from outsourcing.strategies._kpis import _kpi
from outsourcing.strategies._money import _cents, _currencies_default
from outsourcing.strategies._partners import _NOT_CLIENT, _PROVIDERS, _partner, _person
from outsourcing.strategies._published import _some_documents, _sometimes
from outsourcing.strategies._risks import _risk
from outsourcing.strategies._schedule import (
    _DECISION,
    _GATE_CRITERIA,
    _GATE_NOTES,
    _MILESTONE_STATUS,
    _PHASE_KIND,
    _PHASE_NAME,
    _gate_results,
    _milestone,
)
from outsourcing.strategies._shared import (
    _DAY,
    MAX_DATE,
    MIN_DATE,
    Draw,
    T,
    _Bounds,
    _check_dates,
    _check_size,
    _check_strategy,
    _days,
    _or,
    _shift,
    _text,
)
from outsourcing.strategies._work import _STATUS_AND_PLAN, _Cast, _deliverable, _raci_any, _raci_of


class ContractBounds(TypedDict, total=False):
    """The keyword arguments of :func:`contracts`, which :func:`violating` passes on."""

    min_partners: int
    max_partners: int
    min_people: int
    max_people: int
    min_deliverables: int
    max_deliverables: int
    min_milestones: int
    max_milestones: int
    min_phases: int
    max_phases: int
    min_kpis: int
    max_kpis: int
    min_risks: int
    max_risks: int
    min_access_grants: int
    max_access_grants: int
    min_change_requests: int
    max_change_requests: int
    currencies: st.SearchStrategy[str] | None
    min_date: dt.date
    max_date: dt.date


_JSON_LEAVES: Final = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
_EXTENSIONS: Final = st.dictionaries(
    st.sampled_from(("erp_id", "cost_centre")) | st.text(max_size=6),
    st.recursive(
        _JSON_LEAVES,
        lambda inner: (
            st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
        ),
        max_leaves=4,
    ),
    max_size=2,
)


@attrs.frozen
class _PhasePlan:
    """A phase before it is laid out: the days before it and its length, and its gate."""

    gap: int
    days: int
    kind: PhaseKind
    name: str
    criteria: tuple[str, ...]
    notes: str
    decision: GateDecision
    decider: str
    share: int  # when the gate is decided: percent of the way from the start to the latest day
    results: tuple[CriterionResult, ...]  # if it is decided


@st.composite
def _phase_plans(draw: Draw, longest: int, cast: _Cast) -> _PhasePlan:
    gap = draw(st.integers(0, longest - 1))
    days = draw(st.integers(1, longest - gap))
    kind = draw(_PHASE_KIND)
    criteria = draw(_GATE_CRITERIA)
    return _PhasePlan(
        gap=gap,
        days=days,
        kind=kind,
        name=draw(_PHASE_NAME[kind]),
        criteria=criteria,
        notes=draw(_GATE_NOTES),
        decision=draw(_DECISION),
        decider=draw(cast.one),
        share=draw(st.integers(0, 100)),
        results=_gate_results(draw, criteria),
    )


def _lay_out(
    draw: Draw, plans: Sequence[_PhasePlan], low: dt.date, high: dt.date
) -> tuple[Term, tuple[Phase, ...]]:
    """A term and its phases in order inside it, with gates that open each next phase in time.

    Every gate but the last decides go (or go with conditions) by the day the next phase starts,
    so the contract keeps ``GATE_BEFORE_NEXT`` as of any date; the last gate may say anything.
    """
    needed = sum(p.gap + p.days for p in plans)
    start = _days(draw, low, _shift(high, 1 - max(needed, 1)))
    spans = []
    cursor = start
    for plan in plans:
        first = cursor + dt.timedelta(days=plan.gap)
        cursor = first + dt.timedelta(days=plan.days)
        spans.append((first, cursor - _DAY))
    final = spans[-1][1] if spans else start
    term = Term(start=start, end=_days(draw, final, min(high, _shift(start, 3660))))
    phases_ = []
    for i, (plan, (first, end)) in enumerate(zip(plans, spans, strict=True)):
        last = i + 1 == len(plans)
        limit = term.last_day if last else spans[i + 1][0]
        decision = plan.decision
        if not (last or decision.lets_next_start):
            decision = GateDecision.GO
        decided = decision is not GateDecision.PENDING
        late = dt.timedelta(days=(limit - first).days * plan.share // 100)
        gate = Gate(
            criteria=plan.criteria,
            decision=decision,
            decided_on=first + late if decided else None,
            decided_by=plan.decider if decided else None,
            notes=plan.notes,
            results=plan.results if decided else (),
        )
        phases_.append(
            Phase(id=f"PH-{i + 1}", name=plan.name, start=first, end=end, kind=plan.kind, gate=gate)
        )
    return term, tuple(phases_)


# Collections are drawn as Hypothesis lists of unnamed items (so the shrinker can delete any of
# them), then numbered: ids are positions, unique by construction.
_UNNAMED: Final = "?"


def _numbered(items: Sequence[Any], prefix: str, first: int = 1) -> list[Any]:
    return [attrs.evolve(item, id=f"{prefix}-{n}") for n, item in enumerate(items, first)]


@st.composite
def _other_partners(draw: Draw) -> Partner:
    return _partner(draw, _UNNAMED, draw(_OTHER_ROLE))


@st.composite
def _unnamed_people(draw: Draw, partner_ids: st.SearchStrategy[str]) -> Person:
    return _person(draw, _UNNAMED, draw(partner_ids))


@st.composite
def _unnamed_milestones(
    draw: Draw, term: Term, in_phase: st.SearchStrategy[Phase | None], currency: str
) -> Milestone:
    """A milestone due inside the term and inside its phase, if it has one."""
    status = draw(_MILESTONE_STATUS)
    phase = draw(in_phase)
    low, high = (term.start, term.last_day) if phase is None else (phase.start, phase.end)
    return _milestone(
        draw,
        term,
        id_=_UNNAMED,
        due=_days(draw, low, high),
        payment=Money(_cents(draw, currency=currency), currency) if draw(st.booleans()) else None,
        status=status,
        phase_id=None if phase is None else phase.id,
        deliverable_ids=(),
    )


@attrs.frozen
class _Work:
    """A deliverable, who answers for it, and the milestone it is due at (if any)."""

    deliverable: Deliverable
    raci: tuple[tuple[str, Raci], ...]
    due_at: int | None


@st.composite
def _work(draw: Draw, cast: _Cast, milestones: int, term: Term) -> _Work:
    status, plan = draw(_STATUS_AND_PLAN)  # one draw: a contract may have hundreds
    deliverable = _deliverable(draw, _UNNAMED, status, term, plan)
    raci = tuple((r.assignee_id, r.role) for r in _raci_of(draw, _UNNAMED, cast))
    # The index `milestones` means "at no milestone" (a warning, not an error).
    due_at = draw(st.integers(0, milestones)) if milestones else None
    return _Work(deliverable, raci, None if due_at == milestones else due_at)


@st.composite
def _unnamed_risks(draw: Draw, owners: st.SearchStrategy[str]) -> Risk:
    # Treated, as a rule: now and then a risk is not (a RISK_TREATED warning, not an error).
    return _risk(draw, _UNNAMED, owners, draw(_TREATMENT))


_TREATMENT: Final = st.sampled_from((True, None))


@st.composite
def _unnamed_grants(
    draw: Draw, span: Term, people: Sequence[Person], everyone: _Cast, client: Sequence[str]
) -> AccessGrant:
    """A grant to one of ``people`` that keeps the access rules.

    Write or admin access to back-office systems is approved by the client or one of its people
    (``client``, the client's id first); a grant to someone else's person has ended by the
    contract's last day, by expiry or revocation.
    """
    person = draw(st.sampled_from(people))
    grant = _grant(
        draw,
        _UNNAMED,
        person.id,
        span,
        st.none() | everyone.one,
        st.sampled_from(client),
    )
    ended = any(
        day is not None and day <= span.last_day for day in (grant.expires_on, grant.revoked_on)
    )
    if person.partner_id == client[0] or ended:
        return grant
    return attrs.evolve(grant, expires_on=span.end)


@st.composite
def _unnamed_meetings(
    draw: Draw, participants: st.SearchStrategy[list[str]], span: Term
) -> Meeting:
    return _meeting(draw, _UNNAMED, draw(_MEETING_KIND), participants, span)


def _paid_for(milestone: Milestone, work: Mapping[str, Deliverable]) -> Milestone:
    """The milestone, its payment made only for work accepted by the day it was paid.

    A paid milestone lets go of the deliverables that were not (they are then due at no
    milestone, a warning), as :func:`outsourcing.lifecycle.record_payment` pays only for accepted
    work.
    """
    paid = milestone.paid_on
    if paid is None:
        return milestone
    accepted = tuple(
        d
        for d in milestone.deliverable_ids
        if status_as_of(work[d], paid) is DeliverableStatus.ACCEPTED
    )
    return attrs.evolve(milestone, deliverable_ids=accepted)


@st.composite
def _unnamed_kpis(
    draw: Draw, owners: st.SearchStrategy[str | None], term: Term, currency: st.SearchStrategy[str]
) -> KPI:
    return _kpi(draw, _UNNAMED, owners, term.start, term.last_day, currency)


def _owed(milestones: Sequence[Milestone], currency: str, skip: int | None = None) -> Decimal:
    """What the milestones that are not cancelled pay, in ``currency``."""
    return sum(
        (
            m.payment.amount
            for j, m in enumerate(milestones)
            if j != skip
            and m.payment is not None
            and m.payment.currency == currency
            and m.status is not MilestoneStatus.CANCELLED
        ),
        Decimal(0),
    )


_PROVIDER_ROLE: Final = st.sampled_from(_PROVIDERS)
_OTHER_ROLE: Final = st.sampled_from(_NOT_CLIENT)
_CONTRACT_ID: Final = _text("C-1", "2026-017")
_CONTRACT_TITLE: Final = _text("Web shop rebuild", "Payroll outsourcing", "Help desk")
_POLICY: Final = st.none() | change_policies()
_STANDARD_MEETINGS: Final = (MeetingKind.STATUS, MeetingKind.PARTNERSHIP_REVIEW)


_CAP: Final = st.none() | st.integers(1, 100).map(Decimal)
_PROVIDING_ROLE: Final = st.sampled_from(_NOT_CLIENT)
_ROUNDING: Final = st.sampled_from(Rounding)


def _policy_approvers(
    draw: Draw, parties: Sequence[Partner], people_: Sequence[Person]
) -> tuple[Approver, ...]:
    """Who may approve at each level: always the client at the top, a provider role at some
    level, and others named by partner, people or role."""  # noqa: D205, D209
    top = Approver(level=ApprovalLevel.EXECUTIVE, role=PartnerRole.CLIENT)
    providing = Approver(level=draw(st.sampled_from(ApprovalLevel)), role=draw(_PROVIDING_ROLE))
    partner_ids = [p.id for p in parties]
    person_ids = [p.id for p in people_]
    others = [
        _approver(draw, draw(st.sampled_from(ApprovalLevel)), partner_ids, person_ids)
        for _ in range(draw(st.integers(1, 3)))
    ]
    if person_ids:  # a named person, at some level
        named = draw(st.sampled_from(person_ids))
        others.append(Approver(level=draw(st.sampled_from(ApprovalLevel)), person_ids=(named,)))
    return (top, providing, *others)


def _lists(elements: st.SearchStrategy[T], size: tuple[int, int]) -> st.SearchStrategy[list[T]]:
    return st.lists(elements, min_size=size[0], max_size=size[1])


@st.composite
def _contracts(draw: Draw, bounds: _Bounds) -> Contract:
    currency = draw(bounds.currencies)
    low, high = bounds.dates

    more = (bounds.partners[0] - 2, bounds.partners[1] - 2)
    parties = [
        _partner(draw, "partner-1", PartnerRole.CLIENT),
        _partner(draw, "partner-2", draw(_PROVIDER_ROLE)),
        *_numbered(draw(_lists(_other_partners(), more)), "partner", first=3),
    ]
    partner_ids = st.sampled_from([p.id for p in parties])
    people_ = _numbered(draw(_lists(_unnamed_people(partner_ids), bounds.people)), "person")
    cast = _Cast.of([*(p.id for p in parties), *(p.id for p in people_)])

    longest = min(400, ((high - low).days + 1) // max(bounds.phases[1], 1))
    term, phases_ = _lay_out(
        draw, draw(_lists(_phase_plans(longest, cast), bounds.phases)), low, high
    )
    in_phase = st.none() | st.sampled_from(phases_) if phases_ else st.none()
    milestones_ = _numbered(
        draw(_lists(_unnamed_milestones(term, in_phase, currency), bounds.milestones)), "M"
    )

    work = draw(_lists(_work(cast, len(milestones_), term), bounds.deliverables))
    items = _numbered([w.deliverable for w in work], "D")
    raci = [
        Responsibility(subject_id=item.id, assignee_id=who, role=role)
        for item, w in zip(items, work, strict=True)
        for who, role in w.raci
    ]
    by_id = {item.id: item for item in items}
    for m, milestone in enumerate(milestones_):
        due = tuple(item.id for item, w in zip(items, work, strict=True) if w.due_at == m)
        milestones_[m] = _paid_for(attrs.evolve(milestone, deliverable_ids=due), by_id)

    fees = st.just(currency)
    kpis_ = _numbered(
        draw(_lists(_unnamed_kpis(st.none() | cast.one, term, fees), bounds.kpis)), "KPI"
    )
    risks_ = _numbered(draw(_lists(_unnamed_risks(cast.one), bounds.risks)), "R")
    grants: list[AccessGrant] = []
    if people_:
        client = [parties[0].id, *(p.id for p in people_ if p.partner_id == parties[0].id)]
        grants = _numbered(
            draw(_lists(_unnamed_grants(term, people_, cast, client), bounds.access_grants)), "G"
        )
    for subject in itertools.chain(milestones_, phases_, kpis_, risks_):
        raci.extend(_raci_any(draw, subject.id, cast))
    # The communication plan: sometimes a status meeting and a partnership review, and others.
    standard = (
        [_meeting(draw, _UNNAMED, kind, cast.some, term) for kind in _STANDARD_MEETINGS]
        if draw(st.booleans())
        else []
    )
    meetings_ = _numbered(
        [*standard, *draw(st.lists(_unnamed_meetings(cast.some, term), max_size=2))], "MT"
    )
    support = None
    if draw(st.booleans()) and milestones_:
        support = _support(draw, draw(st.sampled_from(milestones_)).id)
    if draw(st.booleans()) and raci:  # an assignment listed twice is still one assignment
        raci.insert(draw(st.integers(0, len(raci))), raci[draw(st.integers(0, len(raci) - 1))])
    # Billing: sometimes recurring fees (credit schemes may reduce one), and money that moved.
    rounding = draw(_ROUNDING)
    charges: list[RecurringCharge] = []
    if draw(st.booleans()):
        charges = [
            _charge(draw, f"F-{n}", term, currency) for n in range(1, draw(st.integers(1, 2)) + 1)
        ]
        fee_ids = st.none() | st.sampled_from([f.id for f in charges])
        kpis_ = [
            k
            if k.credits is None
            else attrs.evolve(k, credits=attrs.evolve(k.credits, charge_id=draw(fee_ids)))
            for k in kpis_
        ]
    charged = sum(
        (line.amount.amount for f in charges for line in f.lines(term.last_day, rounding)),
        Decimal(0),
    )
    moved = [
        _transaction(
            draw,
            f"T-{n}",
            term=term,
            currency=currency,
            parties=[p.id for p in parties],
            milestone_ids=[m.id for m in milestones_],
            charge_ids=[f.id for f in charges],
        )
        for n in range(1, draw(st.integers(0, 2)) + 1)
    ]
    policy = draw(_POLICY)
    if policy is not None and draw(st.booleans()):
        policy = attrs.evolve(policy, approvers=_policy_approvers(draw, parties, people_))
    contract = Contract(
        id=draw(_CONTRACT_ID),
        title=draw(_CONTRACT_TITLE),
        parties=tuple(parties),
        term=term,
        value=Money(
            _owed(milestones_, currency) + charged + _cents(draw, 0, currency=currency), currency
        ),
        people=tuple(people_),
        deliverables=tuple(items),
        milestones=tuple(milestones_),
        phases=phases_,
        kpis=tuple(kpis_),
        responsibilities=tuple(raci),
        risks=tuple(risks_),
        access_grants=tuple(grants),
        meetings=tuple(meetings_),
        support=support,
        change_policy=policy,
        extensions=draw(_EXTENSIONS),
        recurring_charges=tuple(charges),
        transactions=tuple(moved),
        credit_cap_percent=draw(_CAP),
        rounding=rounding,
    )
    # Then its changes, as the lifecycle functions record them: version 1 + one per amendment.
    for _ in range(draw(st.integers(*bounds.change_requests))):
        contract = _one_change(draw, contract, bounds)
    return _published_data(draw, contract, open_ended=bounds.open_ended)


_OCID: Final = _text("ocds-213czf-000-00001", "ocds-b5fd17-4711")
_DESCRIPTION: Final = _text("A new web shop, built in a pilot and two releases.")
_OBSERVED: Final = _text("The delivery address changed.", "The term was extended by a month.")


def _published_data(draw: Draw, contract: Contract, *, open_ended: bool) -> Contract:
    """What published procurement data adds, drawn sometimes (never when shrunk): an ocid, a
    status, the day signed, a description, documents, an amendment observed between releases
    (the last, dated on or after every other), and, if asked for, an open-ended term."""  # noqa: D205, D209
    term = contract.term
    if open_ended and draw(st.booleans()):
        term = Term(start=term.start, end=None)
    if not draw(st.booleans()):  # shrinks towards a contract as authored
        return attrs.evolve(contract, term=term)
    observed: tuple[Amendment, ...] = ()
    if draw(st.integers(0, 3)) == 3:
        last = contract.amendments[-1].date if contract.amendments else term.start
        observed = (
            Amendment(
                version=contract.version + 1,
                date=_days(draw, last, max(last, contract.term.last_day)),
                change_request_id=None,
                rationale=draw(_text("Published between two releases")),
                value_before=None,
                description=draw(_OBSERVED),
            ),
        )
    return attrs.evolve(
        contract,
        term=term,
        ocid=_sometimes(draw, _OCID),
        status=draw(st.sampled_from((None, *ContractStatus))),
        date_signed=_sometimes(draw, st.just(term.start)),
        description=_sometimes(draw, _DESCRIPTION),
        documents=_some_documents(draw, term.start, contract.term.last_day),
        amendments=(*contract.amendments, *observed),
        version=contract.version + len(observed),
    )


def contracts(  # noqa: PLR0913 - one bound per collection, as Hypothesis' own strategies do
    *,
    min_partners: int = 2,
    max_partners: int = 4,
    min_people: int = 0,
    max_people: int = 3,
    min_deliverables: int = 0,
    max_deliverables: int = 8,
    min_milestones: int = 0,
    max_milestones: int = 4,
    min_phases: int = 0,
    max_phases: int = 3,
    min_kpis: int = 0,
    max_kpis: int = 3,
    min_risks: int = 0,
    max_risks: int = 3,
    min_access_grants: int = 0,
    max_access_grants: int = 3,
    min_change_requests: int = 0,
    max_change_requests: int = 2,
    currencies: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
    open_ended: bool = False,
) -> st.SearchStrategy[Contract]:
    """Contracts that pass every error rule of the catalogue, as of any date.

    Warnings are allowed (a KPI without owner, a deliverable at no milestone, a risk not fully
    treated, no communication plan or no support terms). The first partner is the client, the
    second a supplier or internal department, any others suppliers, subcontractors or internal.
    Every deliverable has one owner and one or two doers, and may have a history that ends in its
    status; every phase but the last has a gate that decided go by the day the next phase started;
    milestone payments stay within the value, and a milestone was paid only once met and its work
    accepted. Access is granted to people; write or admin access to back-office systems is
    approved by the client's side, and grants to other parties' people end with the term. Some
    contracts have a recurring status meeting and partnership review, and support terms with a
    go-live milestone. Some have a change policy, and change requests that were proposed, approved,
    rejected, withdrawn or applied: an applied one was approved at the level the policy asks for
    (or higher) and applied with :func:`outsourcing.changes.apply_change`, which recorded its
    amendment and
    the next version. Some carry what published procurement data adds (identifiers, addresses
    and OCDS roles of parties, a country not known, an ocid, a status, documents, milestone codes,
    partially met milestones with no date, KPI target changes and observations over a period,
    unrated and allocated risks, an amendment observed between releases). Examples shrink to one
    client, one supplier and no more than they need.

    Args:
        min_partners: The fewest parties, client included (at least 2).
        max_partners: The most parties.
        min_people: The fewest contacts.
        max_people: The most contacts.
        min_deliverables: The fewest deliverables.
        max_deliverables: The most deliverables.
        min_milestones: The fewest milestones.
        max_milestones: The most milestones.
        min_phases: The fewest phases.
        max_phases: The most phases.
        min_kpis: The fewest KPIs.
        max_kpis: The most KPIs.
        min_risks: The fewest risks.
        max_risks: The most risks.
        min_access_grants: The fewest access grants; more than none needs people to grant
            access to, so it raises ``min_people`` to 1.
        max_access_grants: The most access grants (none when a contract has no people).
        min_change_requests: The fewest change requests in the change register.
        max_change_requests: The most change requests (each applied, or not, as drawn).
        currencies: The contract currencies to draw from; all of ISO 4217 by default.
        min_date: The earliest day of the term.
        max_date: The latest day of the term.
        open_ended: Whether some contracts have an open-ended term (no end: everything else
            still falls between ``min_date`` and ``max_date``). Off by default: a test that
            draws a day up to the term's last day would draw days up to the year 9999.

    Raises:
        InvalidValueError: A bound is not a whole number, a minimum exceeds its maximum, or the
            dates leave too little room for the phases.
    """
    _check_size("contracts", "partners", min_partners, max_partners, floor=2)
    for what, low, high in (
        ("people", min_people, max_people),
        ("deliverables", min_deliverables, max_deliverables),
        ("milestones", min_milestones, max_milestones),
        ("phases", min_phases, max_phases),
        ("kpis", min_kpis, max_kpis),
        ("risks", min_risks, max_risks),
        ("access_grants", min_access_grants, max_access_grants),
        ("change_requests", min_change_requests, max_change_requests),
    ):
        _check_size("contracts", what, low, high)
    if min_access_grants and not max_people:
        raise InvalidValueError(
            "contracts(max_people=...)", max_people, "at least 1: access is granted to people"
        )
    _check_strategy("contracts(currencies=...)", currencies)
    _check_dates("contracts", min_date, max_date)
    room = (max_date - min_date).days + 1
    if min_phases > room:
        raise InvalidValueError(
            "contracts(min_phases=...)", min_phases, f"at most {room}: a phase lasts a day or more"
        )
    return _contracts(
        _Bounds(
            partners=(min_partners, max_partners),
            people=(max(min_people, int(min_access_grants > 0)), max_people),
            deliverables=(min_deliverables, max_deliverables),
            milestones=(min_milestones, max_milestones),
            phases=(min_phases, min(max_phases, room)),
            kpis=(min_kpis, max_kpis),
            risks=(min_risks, max_risks),
            access_grants=(min_access_grants, max_access_grants),
            change_requests=(min_change_requests, max_change_requests),
            currencies=_or(currencies, _currencies_default()),
            dates=(min_date, max_date),
            open_ended=_flag("contracts(open_ended=...)", open_ended),
        )
    )


def _flag(where: str, value: object) -> bool:
    if type(value) is not bool:
        raise InvalidValueError(where, value, "True or False")
    return value


# Results are drawn by running the library on drawn inputs where that always gives one (the
# ranking of an evaluation, the decision on a case, a schedule or a report as of a day), and are
# built field by field, consistently, where it would often give none (one line of a schedule).


def _small_contracts() -> st.SearchStrategy[Contract]:
    """Contracts small enough to report on quickly."""
    return contracts(
        max_partners=3,
        max_people=2,
        max_deliverables=4,
        max_milestones=3,
        max_phases=2,
        max_kpis=2,
        max_risks=1,
        max_access_grants=2,
    )


@st.composite
def _change_requests(draw: Draw, contract: Contract | None, least: int, most: int) -> ChangeRequest:
    base = draw(_small_contracts()) if contract is None else contract
    return _change_request(draw, base, least, most)


def change_requests(
    contract: Contract | None = None, *, min_operations: int = 1, max_operations: int = 3
) -> st.SearchStrategy[ChangeRequest]:
    """Proposed change requests that fit ``contract`` (a valid one), or a drawn contract.

    Approved at the level :func:`outsourcing.changes.approval_needed` names, each applies to the
    contract
    on any day from its ``requested_on`` (and the last amendment's date) on, and the result passes
    every error rule, as of any date. No two operations touch the same object, so that none undoes
    another. The request is dated inside the term (or on the last amendment's day, if later).

    Args:
        contract: The contract the change is for; by default one drawn from :func:`contracts`.
        min_operations: The fewest operations (at least 1).
        max_operations: The most operations.

    Raises:
        InvalidValueError: ``contract`` is not a contract, or the bounds are not whole numbers
            with 1 <= min <= max.
    """
    if contract is not None and not isinstance(contract, Contract):
        raise InvalidValueError("change_requests(contract)", contract, "a Contract, or None")
    _check_size("change_requests", "operations", min_operations, max_operations, floor=1)
    return _change_requests(contract, min_operations, max_operations)


@st.composite
def _amendments(draw: Draw) -> Amendment:
    amended = _apply_one(draw, draw(_small_contracts()))
    if amended is None:  # pragma: no cover - a drawn change fits its contract
        reject()
    return amended.amendments[-1]


def amendments() -> st.SearchStrategy[Amendment]:
    """Amendments, drawn by applying a drawn change to a drawn contract with ``apply_change``."""
    return _amendments()
