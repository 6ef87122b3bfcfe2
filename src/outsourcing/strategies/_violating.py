""":func:`violating`: contracts that break exactly one error rule, and its registry of recipes.

A recipe takes a valid contract (drawn with at least what ``needs`` asks for) and breaks one
error rule in one place, drawing which place and how, without touching what other rules read.
Each is registered with ``_recipe(code, **needs)``; a test checks that every error rule of the
catalogue has one and that each breaks exactly its rule. The recipes of the rules of money and
change authority (``MINOR_UNITS``, ``CHANGE_AUTHORIZED``, ``CHANGE_COST_DECLARED``) live in
``_violating_money``, which the package imports to register them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Unpack

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from outsourcing._base.violations import Severity
from outsourcing._models.access import AccessLevel
from outsourcing._models.billing import Proration, RecurringCharge
from outsourcing._models.changes import (
    ApprovalLevel,
    Approver,
    ChangeEvent,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    cumulate,
)
from outsourcing._models.codes import exponent
from outsourcing._models.contract import Contract, Term
from outsourcing._models.functions import OfficeClass
from outsourcing._models.kpis import PERCENT, Direction, Measurement
from outsourcing._models.money import Money
from outsourcing._models.partners import PartnerRole, Person
from outsourcing._models.schedule import GateDecision, MilestoneKind, MilestoneStatus
from outsourcing._models.work import Raci, Responsibility
from outsourcing._rules.catalogue import CATALOGUE
from outsourcing.exceptions import InvalidValueError, UnknownRuleError
from outsourcing.strategies._access import _grant
from outsourcing.strategies._changes import _apply_one
from outsourcing.strategies._contracts import ContractBounds, _owed, contracts
from outsourcing.strategies._money import _cents, _currencies_in_order
from outsourcing.strategies._partners import _NOT_CLIENT, _person
from outsourcing.strategies._shared import _DAY, Draw, T, _assignees, _days, _shift, _tenths

Recipe = Callable[[Draw, Contract], Contract]


@attrs.frozen
class _Recipe:
    make: Recipe
    needs: Mapping[str, int]


_RECIPES: dict[str, _Recipe] = {}
_GHOST: Final = "ghost-1"  # an id no generated object has


def _recipe(code: str, **needs: int) -> Callable[[Recipe], Recipe]:
    """Register how to break rule ``code``; ``needs`` raises minimums such as ``min_phases``."""

    def register(make: Recipe) -> Recipe:
        _RECIPES[code] = _Recipe(make, needs)
        return make

    return register


def _replace(items: tuple[T, ...], index: int, **changes: object) -> tuple[T, ...]:
    item: Any = items[index]  # an attrs instance: evolve checks the changes
    return (*items[:index], attrs.evolve(item, **changes), *items[index + 1 :])


def _insert(draw: Draw, items: tuple[T, ...], item: T) -> tuple[T, ...]:
    at = draw(st.integers(0, len(items)))
    return (*items[:at], item, *items[at:])


def _index(draw: Draw, items: Sequence[object]) -> int:
    return draw(st.integers(0, len(items) - 1))


def _in_order(contract: Contract) -> list[int]:
    phases_ = contract.phases
    return sorted(range(len(phases_)), key=lambda i: (phases_[i].start, phases_[i].end))


@_recipe("ID_UNIQUE")
def _duplicate_an_id(draw: Draw, c: Contract) -> Contract:
    # A copy of a provider, person, deliverable, KPI, risk, grant, meeting or (unpaid) milestone:
    # no other rule changes. Phases are left out: a second phase with the same dates would also
    # overlap.
    places = [("parties", i) for i, p in enumerate(c.parties) if p.role is not PartnerRole.CLIENT]
    for name in (
        "people",
        "deliverables",
        "milestones",
        "kpis",
        "risks",
        "access_grants",
        "meetings",
    ):
        places.extend((name, i) for i in range(len(getattr(c, name))))
    name, i = draw(st.sampled_from(places))
    items = getattr(c, name)
    unpaid = name == "milestones"
    copy = attrs.evolve(items[i], payment=None, paid_on=None) if unpaid else items[i]
    changes: dict[str, Any] = {name: _insert(draw, items, copy)}
    return attrs.evolve(c, **changes)


def _client_id(c: Contract) -> str | None:
    return next((p.id for p in c.parties if p.role is PartnerRole.CLIENT), None)


def _in_grants(c: Contract) -> set[str]:
    return {g.grantee_id for g in c.access_grants} | {g.approved_by or "" for g in c.access_grants}


def _references(c: Contract) -> dict[str, list[int]]:
    """Each kind of reference the contract has, and where (the positions of what holds one)."""
    client, granted = _client_id(c), _in_grants(c)
    places = {
        "subject": [0],
        # Not an accountable assignment: listed twice, one copy elsewhere makes two owners.
        "assignee": [j for j, r in enumerate(c.responsibilities) if r.role is not Raci.ACCOUNTABLE],
        # Not a client's person named in a grant: the access rules would stop seeing them as
        # the client's.
        "partner": [
            i for i, p in enumerate(c.people) if p.partner_id != client or p.id not in granted
        ],
        "phase": list(range(len(c.milestones))),
        "deliverable": list(range(len(c.milestones))),
        "owner": list(range(len(c.kpis))),
        "decider": [i for i, p in enumerate(c.phases) if p.gate.decided_by is not None],
        "risk owner": [i for i, r in enumerate(c.risks) if r.owner_id is not None],
        # Revoked grants are history: REF_RESOLVES does not look at them.
        "grantee": [i for i, g in enumerate(c.access_grants) if g.revoked_on is None],
        "approver": [i for i, g in enumerate(c.access_grants) if g.revoked_on is None],
        "participant": list(range(len(c.meetings))),
        "go-live": [0] if c.support is not None else [],
        "requester": list(range(len(c.change_requests))),
        "change decider": [
            i for i, x in enumerate(c.change_requests) if any(e.by is not None for e in x.history)
        ],
        # The last amendment's change request (one is applied first if there is none): the
        # policy checks of earlier ones do not count it.
        "amended change": [len(c.amendments) - 1] if c.amendments else [0],
        "payer": list(range(len(c.transactions))),
        "payee": list(range(len(c.transactions))),
        "paid milestone": [i for i, t in enumerate(c.transactions) if t.milestone_id is not None],
        # Any transaction not linked to a milestone may name a charge.
        "paid charge": [i for i, t in enumerate(c.transactions) if t.milestone_id is None],
        "fee charge": [
            i for i, k in enumerate(c.kpis) if k.credits is not None and k.credits.charge_id
        ],
        # One more approver, named by a ghost: naming more people never takes authority away.
        "approving partner": [0] if c.change_policy else [],
        "approving person": [0] if c.change_policy else [],
    }
    return {site: found for site, found in places.items() if found}


@_recipe("REF_RESOLVES")
def _refer_to_nothing(draw: Draw, c: Contract) -> Contract:
    # A contract refers to a dozen kinds of things: break any of them (at least one), each to an
    # id of its own (two assignments of one ghost could conflict: RACI_CONFLICT).
    sites = list(_references(c))
    chosen = [site for site in sites if draw(st.booleans())] or [draw(st.sampled_from(sites))]
    if "amended change" in chosen:  # applied to the contract while it is still valid
        c = _with_applied(draw, c)
    for n, site in enumerate(chosen):
        ghost = _GHOST if n == 0 else f"ghost-{n + 1}"
        c = _break_a_reference(draw, c, site, ghost)
    return c


def _break_a_reference(draw: Draw, c: Contract, site: str, ghost: str) -> Contract:  # noqa: C901, PLR0911 - one per site
    i = draw(st.sampled_from(_references(c)[site]))
    if site in {"requester", "change decider", "amended change"}:
        return _break_a_change_reference(draw, c, i, site, ghost)
    if site in _BILLING_SITES:
        return _break_a_billing_reference(draw, c, i, site, ghost)
    if site == "subject":
        extra = Responsibility(
            subject_id=ghost,
            assignee_id=draw(st.sampled_from(_assignees(c))),
            role=draw(st.sampled_from(Raci)),
        )
        return attrs.evolve(c, responsibilities=_insert(draw, c.responsibilities, extra))
    if site == "assignee":
        return attrs.evolve(c, responsibilities=_replace(c.responsibilities, i, assignee_id=ghost))
    if site == "partner":
        return attrs.evolve(c, people=_replace(c.people, i, partner_id=ghost))
    if site == "decider":
        gate = attrs.evolve(c.phases[i].gate, decided_by=ghost)
        return attrs.evolve(c, phases=_replace(c.phases, i, gate=gate))
    if site == "owner":
        return attrs.evolve(c, kpis=_replace(c.kpis, i, owner_id=ghost))
    if site == "risk owner":
        return attrs.evolve(c, risks=_replace(c.risks, i, owner_id=ghost))
    if site in {"grantee", "approver"}:
        changes: dict[str, Any] = {"grantee_id" if site == "grantee" else "approved_by": ghost}
        return attrs.evolve(c, access_grants=_replace(c.access_grants, i, **changes))
    if site == "participant":
        who = _insert(draw, c.meetings[i].participant_ids, ghost)
        return attrs.evolve(c, meetings=_replace(c.meetings, i, participant_ids=who))
    if site == "go-live" and c.support is not None:
        return attrs.evolve(c, support=attrs.evolve(c.support, go_live_milestone_id=ghost))
    if site == "phase":
        return attrs.evolve(c, milestones=_replace(c.milestones, i, phase_id=ghost))
    ids = _insert(draw, c.milestones[i].deliverable_ids, ghost)
    return attrs.evolve(c, milestones=_replace(c.milestones, i, deliverable_ids=ids))


_BILLING_SITES: Final = {
    "payer": "payer_id",
    "payee": "payee_id",
    "paid milestone": "milestone_id",
    "paid charge": "charge_id",
    "fee charge": "",
    "approving partner": "",
    "approving person": "",
}


def _break_a_billing_reference(draw: Draw, c: Contract, i: int, site: str, ghost: str) -> Contract:
    field = _BILLING_SITES[site]
    if field:
        return attrs.evolve(c, transactions=_replace(c.transactions, i, **{field: ghost}))
    if site == "fee charge":
        held: Any = c.kpis[i].credits
        scheme = attrs.evolve(held, charge_id=ghost)
        return attrs.evolve(c, kpis=_replace(c.kpis, i, credits=scheme))
    policy: Any = c.change_policy
    level = draw(st.sampled_from(ApprovalLevel))
    if site == "approving partner":
        named = Approver(level=level, partner_id=ghost)
    else:
        named = Approver(level=level, person_ids=(ghost,))
    # A policy that names nobody lets anyone approve: naming every role keeps it so.
    every = (Approver(level=ApprovalLevel.EXECUTIVE, role=role) for role in PartnerRole)
    approvers = _insert(draw, policy.approvers or tuple(every), named)
    return attrs.evolve(c, change_policy=attrs.evolve(policy, approvers=approvers))


def _break_a_change_reference(draw: Draw, c: Contract, i: int, site: str, ghost: str) -> Contract:
    register = c.change_requests
    if site == "requester":
        return attrs.evolve(c, change_requests=_replace(register, i, requested_by=ghost))
    if site == "change decider":
        history = register[i].history
        k = draw(st.sampled_from([k for k, e in enumerate(history) if e.by is not None]))
        history = _replace(history, k, by=ghost)
        return attrs.evolve(c, change_requests=_replace(register, i, history=history))
    # The amendment names a change request the register does not hold.
    i = len(c.amendments) - 1
    gone = c.amendments[i].change_request_id
    return attrs.evolve(
        c,
        change_requests=tuple(x for x in register if x.id != gone),
        amendments=_replace(c.amendments, i, change_request_id=ghost),
    )


@_recipe("ONE_CLIENT")
def _not_one_client(draw: Draw, c: Contract) -> Contract:
    clients = [i for i, p in enumerate(c.parties) if p.role is PartnerRole.CLIENT]
    others = [i for i, p in enumerate(c.parties) if p.role is not PartnerRole.CLIENT]
    how = draw(st.sampled_from(("no client", "two clients", "no provider")))
    if how == "no client":
        role = draw(st.sampled_from(_NOT_CLIENT))
        return attrs.evolve(c, parties=_replace(c.parties, clients[0], role=role))
    if how == "two clients":
        i = draw(st.sampled_from(others))
        return attrs.evolve(c, parties=_replace(c.parties, i, role=PartnerRole.CLIENT))
    parties = tuple(
        attrs.evolve(p, role=PartnerRole.SUBCONTRACTOR) if p.role.prime else p for p in c.parties
    )
    return attrs.evolve(c, parties=parties)


def _roles_held(c: Contract, subject: str) -> dict[str, set[Raci]]:
    held: dict[str, set[Raci]] = {}
    for r in c.responsibilities:
        if r.subject_id == subject:
            held.setdefault(r.assignee_id, set()).add(r.role)
    return held


def _without(c: Contract, subject: str, role: Raci) -> Contract:
    kept = tuple(r for r in c.responsibilities if not (r.subject_id == subject and r.role is role))
    return attrs.evolve(c, responsibilities=kept)


@_recipe("OWNER_REQUIRED", min_deliverables=1)
def _not_one_owner(draw: Draw, c: Contract) -> Contract:
    subject = draw(st.sampled_from(c.deliverables)).id
    held = _roles_held(c, subject)
    # A second owner may be anyone who holds nothing for the subject yet, or only responsible.
    candidates = [a for a in _assignees(c) if held.get(a, set()) <= {Raci.RESPONSIBLE}]
    if draw(st.booleans()) and candidates:
        second = Responsibility(
            subject_id=subject,
            assignee_id=draw(st.sampled_from(candidates)),
            role=Raci.ACCOUNTABLE,
        )
        return attrs.evolve(c, responsibilities=_insert(draw, c.responsibilities, second))
    return _without(c, subject, Raci.ACCOUNTABLE)


@_recipe("RESPONSIBLE_REQUIRED", min_deliverables=1)
def _nobody_responsible(draw: Draw, c: Contract) -> Contract:
    return _without(c, draw(st.sampled_from(c.deliverables)).id, Raci.RESPONSIBLE)


@_recipe("RACI_CONFLICT", min_deliverables=1)
def _two_roles(draw: Draw, c: Contract) -> Contract:
    r = c.responsibilities[_index(draw, c.responsibilities)]
    # Never a second accountable (that is OWNER_REQUIRED); never responsible beside accountable.
    roles = [
        role
        for role in (Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED)
        if role is not r.role and not (role is Raci.RESPONSIBLE and r.role is Raci.ACCOUNTABLE)
    ]
    extra = attrs.evolve(r, role=draw(st.sampled_from(roles)))
    return attrs.evolve(c, responsibilities=_insert(draw, c.responsibilities, extra))


def _inverted(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """A range that ends before it starts, keeping the start where the calendar allows."""
    if start < end:
        return end, start
    if start > dt.date.min:
        return start, start - _DAY
    return start + _DAY, start


@_recipe("TERM_ORDER")
def _backwards(draw: Draw, c: Contract) -> Contract:
    places = ["term", *(["phase"] if c.phases else [])]
    if draw(st.sampled_from(places)) == "term":
        start, end = _inverted(c.term.start, c.term.last_day)
        return attrs.evolve(c, term=Term(start=start, end=end))
    i = _index(draw, c.phases)
    start, end = _inverted(c.phases[i].start, c.phases[i].end)
    return attrs.evolve(c, phases=_replace(c.phases, i, start=start, end=end))


@_recipe("PHASES_SEQUENTIAL", min_phases=1)
def _out_of_sequence(draw: Draw, c: Contract) -> Contract:
    # Phases only grow, so their milestones stay inside them and the order of starts is kept.
    order, term = _in_order(c), c.term
    ways = [
        *(["early"] if term.start > dt.date.min else []),
        *(["late"] if term.last_day < dt.date.max else []),
        *(["overlap"] if len(order) > 1 else []),
    ]
    how = draw(st.sampled_from(ways))
    days = draw(st.integers(1, 30))
    if how == "early":
        start = _shift(term.start, -days)
        return attrs.evolve(c, phases=_replace(c.phases, order[0], start=start))
    if how == "late":
        return attrs.evolve(
            c, phases=_replace(c.phases, order[-1], end=_shift(term.last_day, days))
        )
    k = draw(st.integers(0, len(order) - 2))
    after = c.phases[order[k + 1]]
    end = _days(draw, after.start, after.end)
    return attrs.evolve(c, phases=_replace(c.phases, order[k], end=end))


@_recipe("MILESTONE_IN_TERM", min_milestones=1)
def _due_elsewhere(draw: Draw, c: Contract) -> Contract:
    i = _index(draw, c.milestones)
    m, term = c.milestones[i], c.term
    # A payment milestone may fall due after its term and phase end: only an early one breaks it.
    paid_after = m.kind is MilestoneKind.PAYMENT
    other_phases = [
        p.id
        for p in c.phases
        if p.id != m.phase_id and (m.due < p.start or (m.due > p.end and not paid_after))
    ]
    if draw(st.booleans()) and other_phases:
        phase_id = draw(st.sampled_from(other_phases))
        return attrs.evolve(c, milestones=_replace(c.milestones, i, phase_id=phase_id))
    days = draw(st.integers(1, 60))
    can_be_late = term.last_day < dt.date.max and not paid_after
    if not can_be_late and term.start == dt.date.min:
        reject()  # due from the first day there is: nothing is earlier
    late = can_be_late and (term.start == dt.date.min or draw(st.booleans()))
    due = _shift(term.last_day, days) if late else _shift(term.start, -days)
    return attrs.evolve(c, milestones=_replace(c.milestones, i, due=due))


@_recipe("SINGLE_CURRENCY", min_milestones=1)
def _foreign_payment(draw: Draw, c: Contract) -> Contract:
    # Another currency whose minor units are no larger, so the amount stays whole (MINOR_UNITS).
    exp = exponent(c.currency)
    currency = draw(
        st.sampled_from(
            [x for x in _currencies_in_order() if x != c.currency and exponent(x) >= exp]
        )
    )
    fees = [k for k, kpi in enumerate(c.kpis) if kpi.credits is not None]
    # A change request's cost impact, if the change policy does not count it (not applied, or no
    # cost impact so far).
    costs = [
        i
        for i, x in enumerate(c.change_requests)
        if x.status is not ChangeStatus.APPLIED or x.cost_impact is None
    ]
    places = [
        "payment",
        *(["fee"] if fees else []),
        *(["cost"] if costs else []),
        *(["charge"] if c.recurring_charges else []),
        *(["transaction"] if c.transactions else []),
    ]
    where = draw(st.sampled_from(places))
    if where in {"charge", "transaction"}:
        items: tuple[Any, ...] = getattr(
            c, f"{where}s" if where == "transaction" else "recurring_charges"
        )
        i = _index(draw, items)
        moved = Money(items[i].amount.amount, currency)
        name = "transactions" if where == "transaction" else "recurring_charges"
        changed: dict[str, Any] = {name: _replace(items, i, amount=moved)}
        return attrs.evolve(c, **changed)
    if where == "cost":
        i = draw(st.sampled_from(costs))
        cost = c.change_requests[i].cost_impact
        amount = cost.amount if cost is not None else _cents(draw, currency=c.currency)
        impact = Money(amount, currency)
        return attrs.evolve(c, change_requests=_replace(c.change_requests, i, cost_impact=impact))
    if where == "fee":  # a service-credit fee in another currency
        k = draw(st.sampled_from(fees))
        scheme: Any = c.kpis[k].credits
        fee = Money(scheme.fee.amount, currency)
        return attrs.evolve(c, kpis=_replace(c.kpis, k, credits=attrs.evolve(scheme, fee=fee)))
    i = _index(draw, c.milestones)
    paid = c.milestones[i].payment
    amount = paid.amount if paid is not None else _cents(draw, currency=c.currency)
    return attrs.evolve(c, milestones=_replace(c.milestones, i, payment=Money(amount, currency)))


@_recipe("PAYMENTS_WITHIN_VALUE", min_milestones=1)
def _overpaid(draw: Draw, c: Contract) -> Contract:
    owed = _owed(c.milestones, c.currency)
    if draw(st.booleans()):  # a one-period fee larger than the whole value
        unit = Decimal(1).scaleb(-exponent(c.currency))
        fee = RecurringCharge(
            id=_GHOST,
            title="Setup fee",
            # two minor units over: the rule allows one of rounding
            amount=Money(c.value.amount + 2 * unit, c.currency),
            start=c.term.start,
            end=c.term.start,
            proration=Proration.NONE,
        )
        return attrs.evolve(c, recurring_charges=_insert(draw, c.recurring_charges, fee))
    # A lower value after an amendment would change what the amendment changed (its cost).
    places = exponent(c.currency)
    if owed.scaleb(places) >= 2 and not c.amendments and draw(st.booleans()):
        less = Decimal(draw(st.integers(2, int(owed.scaleb(places))))).scaleb(-places)
        return attrs.evolve(c, value=Money(owed - less, c.currency))
    i = _index(draw, c.milestones)
    m = c.milestones[i]
    cancelled = m.status is MilestoneStatus.CANCELLED
    status = MilestoneStatus.SCHEDULED if cancelled else m.status
    amount = c.value.amount - _owed(c.milestones, c.currency, skip=i)
    payment = Money(amount + _cents(draw, low=2, currency=c.currency), c.currency)
    status_on = None if cancelled else m.status_on
    milestones_ = _replace(c.milestones, i, payment=payment, status=status, status_on=status_on)
    return attrs.evolve(c, milestones=milestones_)


@_recipe("KPI_COHERENT", min_kpis=1)
def _incoherent_kpi(draw: Draw, c: Contract) -> Contract:
    i = _index(draw, c.kpis)
    kpi = c.kpis[i]
    beyond = _tenths(draw, 1, 1000)
    how = draw(st.sampled_from(("warning", "target", "measurement")))
    if how == "warning":
        higher = kpi.direction is Direction.HIGHER_IS_BETTER
        warning = kpi.target - beyond if higher else kpi.target + beyond
        return attrs.evolve(c, kpis=_replace(c.kpis, i, warning=warning))
    if how == "target":
        target = Decimal(100) + beyond if draw(st.booleans()) else -beyond
        return attrs.evolve(c, kpis=_replace(c.kpis, i, unit=PERCENT, target=target, warning=None))
    odd = Measurement(on=_days(draw, c.term.start, c.term.last_day), value=Decimal(100) + beyond)
    return attrs.evolve(
        c,
        kpis=_replace(
            c.kpis,
            i,
            unit=PERCENT,
            target=min(kpi.target, Decimal(100)),
            warning=None,
            measurements=_insert(draw, kpi.measurements, odd),
        ),
    )


@_recipe("GATE_BEFORE_NEXT", min_phases=2)
def _started_without_go(draw: Draw, c: Contract) -> Contract:
    # Broken as of every day from the start of the next phase, so as of the term's end.
    order = _in_order(c)
    k = draw(st.integers(0, len(order) - 2))
    phase, after = c.phases[order[k]], c.phases[order[k + 1]]
    decision = draw(st.sampled_from(GateDecision))
    if decision.lets_next_start and after.start < dt.date.max:  # decided, but too late
        decided_on = _days(draw, after.start + _DAY, _shift(c.term.last_day, 60))
    elif decision is GateDecision.PENDING or decision.lets_next_start:
        gate = attrs.evolve(
            phase.gate, decision=GateDecision.PENDING, decided_on=None, decided_by=None, results=()
        )
        return attrs.evolve(c, phases=_replace(c.phases, order[k], gate=gate))
    else:  # hold or stop
        decided_on = _days(draw, phase.start, c.term.last_day)
    gate = attrs.evolve(
        phase.gate,
        decision=decision,
        decided_on=decided_on,
        decided_by=draw(st.sampled_from(_assignees(c))),
    )
    return attrs.evolve(c, phases=_replace(c.phases, order[k], gate=gate))


def _others_people(c: Contract) -> list[Person]:
    """The contract's people who belong to one of its parties other than the client."""
    client = _client_id(c)
    others = {p.id for p in c.parties if p.id != client}
    return [p for p in c.people if p.partner_id in others]


def _outsider(draw: Draw, c: Contract) -> tuple[Contract, Person]:
    """A person of a party other than the client: one of the contract's, or one added to it."""
    client = _client_id(c)
    theirs = _others_people(c)
    if draw(st.booleans()) and theirs:
        return c, draw(st.sampled_from(theirs))
    party = draw(st.sampled_from([p for p in c.parties if p.id != client]))
    used = {p.id for p in c.people} | {p.id for p in c.parties}
    id_ = next(
        f"person-{n}" for n in itertools.count(len(c.people) + 1) if f"person-{n}" not in used
    )
    person = _person(draw, id_, party.id)
    return attrs.evolve(c, people=_insert(draw, c.people, person)), person


def _new_grant(c: Contract) -> str:
    used = {g.id for g in c.access_grants}
    return next(f"G-{n}" for n in itertools.count(len(c.access_grants) + 1) if f"G-{n}" not in used)


@_recipe("ACCESS_WITHIN_TERM", min_people=1)
def _access_after_the_end(draw: Draw, c: Contract) -> Contract:
    # Someone else's person keeps access after the last day: it never expires, or expires later,
    # and was not revoked by then. A new grant is approved by the client, as the rules want.
    term = c.term
    later = (
        None if term.last_day == dt.date.max else _shift(term.last_day, draw(st.integers(1, 400)))
    )
    expires = draw(st.sampled_from((None, later)))
    revoked = None if later is None else draw(st.sampled_from((None, later)))
    c, person = _outsider(draw, c)
    theirs = [i for i, g in enumerate(c.access_grants) if g.grantee_id == person.id]
    if draw(st.booleans()) and theirs:
        i = draw(st.sampled_from(theirs))
        grants = _replace(c.access_grants, i, expires_on=expires, revoked_on=revoked)
        return attrs.evolve(c, access_grants=grants)
    client = _client_id(c)
    grant = _grant(draw, _new_grant(c), person.id, term, st.just(client), None)
    grant = attrs.evolve(grant, expires_on=expires, revoked_on=revoked)
    return attrs.evolve(c, access_grants=_insert(draw, c.access_grants, grant))


@_recipe("ACCESS_BACK_OFFICE", min_people=1)
def _unapproved_back_office(draw: Draw, c: Contract) -> Contract:
    # Write or admin access to a back-office system, approved by nobody, by another party or by
    # someone else's person (ids that resolve: unknown ones are REF_RESOLVES').
    c, person = _outsider(draw, c)
    client = _client_id(c)
    others = [p.id for p in c.parties if p.id != client] + [p.id for p in _others_people(c)]
    approver = draw(st.none() | st.sampled_from(others))
    changes: dict[str, Any] = {
        "system_class": OfficeClass.BACK_OFFICE,
        "level": draw(st.sampled_from((AccessLevel.WRITE, AccessLevel.ADMIN))),
        "approved_by": approver,
    }
    if draw(st.booleans()) and c.access_grants:
        grants = _replace(c.access_grants, _index(draw, c.access_grants), **changes)
        return attrs.evolve(c, access_grants=grants)
    # A new grant, to the person added (or another), ending within the term.
    grantee = draw(st.sampled_from([person.id, *(p.id for p in c.people)]))
    grant = _grant(draw, _new_grant(c), grantee, c.term, st.none(), None)
    end = min(grant.expires_on or c.term.last_day, c.term.last_day)
    grant = attrs.evolve(grant, expires_on=end, **changes)
    return attrs.evolve(c, access_grants=_insert(draw, c.access_grants, grant))


# Scope changes: the recipes make sure the contract has an applied change (applying one if not),
# and break the record of it without touching what the other rules read.


def _applied_positions(c: Contract) -> list[int]:
    return [i for i, x in enumerate(c.change_requests) if x.status is ChangeStatus.APPLIED]


def _with_applied(draw: Draw, c: Contract) -> Contract:
    if _applied_positions(c):
        return c
    amended = _apply_one(draw, c)
    if amended is None:  # pragma: no cover - a drawn change fits its contract
        reject()
    return amended


def _approved_at(change: ChangeRequest, level: ApprovalLevel) -> tuple[ChangeEvent, ...]:
    """The change's history with its approval made at ``level``."""
    approval = change.approval
    return tuple(attrs.evolve(e, level=level) if e is approval else e for e in change.history)


@_recipe("CHANGE_APPROVED")
def _applied_unapproved(draw: Draw, c: Contract) -> Contract:
    c = _with_applied(draw, c)
    i = draw(st.sampled_from(_applied_positions(c)))
    change = c.change_requests[i]
    if draw(st.booleans()):  # applied, but its approval is not on record
        history = tuple(e for e in change.history if e.status is not ChangeStatus.APPROVED)
        return attrs.evolve(c, change_requests=_replace(c.change_requests, i, history=history))
    # An amendment applies a change that is only approved (its application is not on record).
    return attrs.evolve(
        c,
        change_requests=_replace(
            c.change_requests, i, status=ChangeStatus.APPROVED, history=change.history[:-1]
        ),
    )


def _needing_more(c: Contract) -> list[tuple[int, ApprovalLevel]]:
    """Applied changes that the policy says need more than the delivery managers, and what."""
    policy = c.change_policy
    if policy is None:
        return []
    positions = {x.id: i for i, x in enumerate(c.change_requests)}
    signed = c.value_as_signed
    applied: list[ChangeRequest] = []
    found = []
    for amendment in c.amendments:
        if amendment.change_request_id is None:
            continue
        i = positions[amendment.change_request_id]
        applied.append(c.change_requests[i])
        needed = policy.required_level(*cumulate(applied, signed))
        if needed > ApprovalLevel.DELIVERY_MANAGER:
            found.append((i, needed))
    return found


@_recipe("CHANGE_WITHIN_POLICY")
def _approved_too_low(draw: Draw, c: Contract) -> Contract:
    c = _with_applied(draw, c)
    candidates = _needing_more(c)
    lower: bool = draw(st.booleans())
    if candidates and lower:  # approved below the level the policy asks for
        i, needed = draw(st.sampled_from(candidates))
        level = draw(st.sampled_from([lv for lv in ApprovalLevel if lv < needed]))
        history = _approved_at(c.change_requests[i], level)
        return attrs.evolve(c, change_requests=_replace(c.change_requests, i, history=history))
    # A policy that needs a higher level for everything; all but one change were approved there.
    beyond = draw(st.sampled_from([ApprovalLevel.STEERING_COMMITTEE, ApprovalLevel.EXECUTIVE]))
    positions = _applied_positions(c)
    chosen = draw(st.sampled_from(positions))
    register = list(c.change_requests)
    for i in positions:
        levels = [lv for lv in ApprovalLevel if (lv < beyond) == (i == chosen)]
        level = draw(st.sampled_from(levels))
        register[i] = attrs.evolve(register[i], history=_approved_at(register[i], level))
    return attrs.evolve(
        c, change_policy=ChangePolicy(beyond=beyond), change_requests=tuple(register)
    )


def _other_than(draw: Draw, right: int) -> int:
    wrong: int = draw(st.integers(1, 98))
    return wrong + 1 if wrong >= right else wrong


@_recipe("AMENDMENTS_CONTIGUOUS")
def _out_of_step(draw: Draw, c: Contract) -> Contract:
    how = draw(st.sampled_from(("renumbered", "version", "reordered", "twice", "unrecorded")))
    if how != "version":
        c = _with_applied(draw, c)
    if how == "reordered" and len(c.amendments) == 1:
        c = _apply_one(draw, c) or c
    amendments_ = c.amendments
    if how == "renumbered":  # an amendment that makes the wrong version
        k = _index(draw, amendments_)
        version = _other_than(draw, k + 2)
        return attrs.evolve(c, amendments=_replace(amendments_, k, version=version))
    if how == "reordered" and len(amendments_) > 1:  # dated before the amendment before it
        k = draw(st.integers(1, len(amendments_) - 1))
        earlier = amendments_[k - 1].date
        if earlier > dt.date.min:
            day = _days(draw, _shift(earlier, -60), earlier - _DAY)
            return attrs.evolve(c, amendments=_replace(amendments_, k, date=day))
    applied = [a for a in amendments_ if a.change_request_id is not None]
    if how == "twice" and applied:  # a change applied a second time (if within the policy)
        # An observed amendment (no change request) may well be recorded twice: not this one.
        # The value before it is the value now: a copy of the old amendment's would change what
        # the amendment before it is read to have changed the value by (CHANGE_COST_DECLARED).
        again = attrs.evolve(
            draw(st.sampled_from(applied)),
            version=c.version + 1,
            date=amendments_[-1].date,
            summary=(),
            value_before=c.value,
        )
        twice = attrs.evolve(c, amendments=(*amendments_, again), version=c.version + 1)
        if not list(CATALOGUE["CHANGE_WITHIN_POLICY"](twice, None)):
            return twice
    if how == "unrecorded" and amendments_[-1].change_request_id is not None:
        # The last change applied, but its amendment left out (an observed one, with no change
        # request, would leave a contract in step).
        return attrs.evolve(c, amendments=amendments_[:-1], version=c.version - 1)
    return attrs.evolve(c, version=_other_than(draw, len(amendments_) + 1))


@st.composite
def _broken(draw: Draw, base: st.SearchStrategy[Contract], make: Recipe) -> Contract:
    return make(draw, draw(base))


def violating(code: str, **bounds: Unpack[ContractBounds]) -> st.SearchStrategy[Contract]:
    """Contracts that break the error rule ``code``, and no other error rule.

    Each example is a valid contract from :func:`contracts`, broken in one place: which place and
    how varies (a missing owner or a second one, a phase that starts early or overlaps...).
    ``REF_RESOLVES`` contracts may have several dangling references, of any of the dozen kinds.
    Warnings may come with it. The violation holds without an ``as_of`` date, except for
    ``GATE_BEFORE_NEXT``, which is about time: its contracts break it as of the day the phase
    after the undecided gate starts, and so as of ``contract.term.end``:

    >>> from hypothesis import given
    >>> from outsourcing import validate
    >>> @given(violating("GATE_BEFORE_NEXT"))
    ... def test_gate(contract):
    ...     assert validate(contract).ok
    ...     report = validate(contract, as_of=contract.term.end)
    ...     assert {"GATE_BEFORE_NEXT"} == {v.code for v in report.errors}
    >>> test_gate()

    Args:
        code: The catalogue code of an error rule, such as ``"OWNER_REQUIRED"``.
        bounds: Passed on to :func:`contracts`; minimums the rule needs (two phases for
            ``GATE_BEFORE_NEXT``, a milestone for ``MILESTONE_IN_TERM``...) are raised to it.

    Raises:
        UnknownRuleError: ``code`` is not in the catalogue.
        InvalidValueError: ``code`` is a warning (``contracts()`` already makes those), or the
            bounds leave no room for what the rule needs.
    """
    if code not in CATALOGUE:
        raise UnknownRuleError(code, tuple(CATALOGUE))
    recipe = _RECIPES.get(code)
    if recipe is None:
        kind = "a warning" if CATALOGUE[code].severity is Severity.WARNING else "not yet supported"
        raise InvalidValueError(
            "violating(code)",
            code,
            f"an error rule with a recipe ({', '.join(_RECIPES)}); {code} is {kind}",
        )
    merged: dict[str, Any] = dict(bounds)
    defaults = contracts.__kwdefaults__ or {}
    for key, least in recipe.needs.items():
        most = "max" + key.removeprefix("min")
        room = merged.get(most, defaults[most])
        if room < least:
            raise InvalidValueError(
                f"violating({code!r}, {most}=...)", room, f"at least {least} to break this rule"
            )
        merged[key] = max(merged.get(key, defaults[key]), least)
    return _broken(contracts(**merged), recipe.make)
