"""The contract: one engagement, and everything that hangs off it by id."""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import operator
import weakref
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cached_property
from typing import Any, Final, TypeVar, overload

import attrs
from dateutil.relativedelta import relativedelta

from outsourcing._models import checks, jsondata
from outsourcing._models.access import AccessGrant
from outsourcing._models.billing import RecurringCharge, Transaction, period_start
from outsourcing._models.changes import Amendment, ChangePolicy, ChangeRequest
from outsourcing._models.comms import Meeting, SupportTerms
from outsourcing._models.documents import Document
from outsourcing._models.kpis import KPI
from outsourcing._models.money import Money, Rounding
from outsourcing._models.partners import Partner, PartnerRole, Person
from outsourcing._models.risks import Risk
from outsourcing._models.schedule import Milestone, Phase
from outsourcing._models.work import Deliverable, Raci, Responsibility
from outsourcing.exceptions import NotFoundError


@attrs.frozen(kw_only=True)
class Term:
    """The span of the engagement, both days included; open-ended when it has no end.

    ``start`` after ``end`` is allowed here so that validation can report it (rule ``TERM_ORDER``).
    An open-ended term (``end`` is ``None``: a framework or a service that runs until it is
    terminated) is not the same as a far end date: nothing is computed up to an end it does not
    have (recurring fees run up to the day asked about, not to the year 9999).

    Args:
        start: First day of the engagement.
        end: Last day of the engagement; ``None`` for a term that runs until terminated.
    """

    start: dt.date = attrs.field(validator=checks.date)
    end: dt.date | None = attrs.field(validator=checks.optional_date)

    def __contains__(self, day: object) -> bool:
        return type(day) is dt.date and self.start <= day <= self.last_day

    @property
    def open_ended(self) -> bool:
        """Whether the term runs until terminated, with no end date."""
        return self.end is None

    @property
    def last_day(self) -> dt.date:
        """The last day of the term, which is its end, or ``datetime.date.max`` if open-ended."""
        return dt.date.max if self.end is None else self.end


@overload
def charge_horizon(charge: RecurringCharge, term: Term) -> dt.date | None: ...
@overload
def charge_horizon(charge: RecurringCharge, term: Term, as_of: dt.date) -> dt.date: ...
def charge_horizon(
    charge: RecurringCharge, term: Term, as_of: dt.date | None = None
) -> dt.date | None:
    """Return the day up to which a recurring charge's lines are computed (see its ``lines``).

    The term's end; in an open-ended term, the charge's own end if it has one, else the last day
    of the charge's period (month, quarter, year) that holds ``as_of``: the lines so far and
    the current one, never lines up to the year 9999. ``None`` for a charge with no end in an
    open-ended term when no ``as_of`` is given: its lines add up to no total.
    """
    if term.end is not None:
        return term.end
    if charge.end is not None:
        return charge.end
    if as_of is None:
        return None
    try:
        after = period_start(as_of, charge.period) + relativedelta(months=charge.period.months)
    except (ValueError, OverflowError):  # the last period of year 9999
        return dt.date.max
    return after - dt.timedelta(days=1)


class ContractStatus(enum.Enum):
    """Where a contract stands, as the Open Contracting Data Standard says it.

    ``pending``: not yet in force (being signed, or waiting on a condition); ``active``: in
    force; ``cancelled``: ended before it came into force; ``terminated``: ended, by running
    its course or early.
    """

    PENDING = "pending"
    ACTIVE = "active"
    CANCELLED = "cancelled"
    TERMINATED = "terminated"


D = TypeVar("D")
_RAISE: Final = object()  # no default given: a lookup that finds nothing raises


def _cap_percent(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) is not Decimal or not value.is_finite() or not 0 < value <= 100:
        checks.fail(inst, attribute, value, "a Decimal percentage above 0 and at most 100, or None")


def _extensions(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """Copy integrators' own data, deep-frozen, after checking that it is plain JSON."""
    return jsondata.freeze("Contract.extensions", value)


@attrs.frozen(kw_only=True)
class Contract:
    """One engagement: its parties, term, value, and everything that hangs off it by id.

    Objects refer to one another by id, never by nested copies. A contract can be built in any
    state, valid or not; :func:`outsourcing.validate` says what is wrong with it. It is immutable:
    change it with :func:`attrs.evolve`, which returns a new contract.

    Args:
        id: The contract's own id (a reference or case number).
        title: What the engagement is called.
        parties: The partners: exactly one client and at least one provider.
        term: When the engagement runs.
        value: The total contract value; its currency is the contract's currency.
        people: Named contacts of the partners.
        deliverables: What is handed over.
        milestones: Dated checkpoints, some tied to payments.
        phases: Stages of the engagement, each closed by a gate.
        kpis: Performance targets.
        responsibilities: RACI assignments of deliverables, milestones, phases, KPIs and risks.
        risks: The risk register.
        access_grants: Who of the partners' people may use which client system, and until when.
        meetings: The communication plan: recurring status, steering and review meetings.
        support: After-launch support, if agreed.
        change_policy: How far scope changes may go at each level of approval, if agreed.
        change_requests: The change register: every change request, whatever its status.
        amendments: The applied changes, oldest first; the one that made version ``n`` is
            ``amendments[n - 2]``.
        version: 1 for the contract as signed; each amendment adds one, so it is always
            ``1 + len(amendments)`` (rule ``AMENDMENTS_CONTIGUOUS``).
        recurring_charges: Fees paid every month, quarter or year (a BPO's service fee).
        transactions: Money that moved: payments, refunds and credit notes, in any order.
        credit_cap_percent: The amount at risk: the most the service credits of all KPIs together
            may take from one invoice month, in percent of that month's recurring fees; ``None``
            for no cap across KPIs (each scheme may still cap its own).
        rounding: How computed amounts (prorated or indexed fees, service credits) are rounded
            to whole minor units: half-up unless the contract states otherwise.
        extensions: Integrators' own JSON data, kept verbatim through every round trip. It is
            copied and deep-frozen when the contract is made: a :class:`JSONObject` whose
            arrays are :class:`JSONArray` objects, equal to the plain data they came from.
        ocid: The Open Contracting id of the contracting process the contract belongs to
            (``"ocds-213czf-000-00001"``), beside the contract's own ``id``; ``None`` if none.
        status: Where the contract stands, if stated (authored contracts need not say).
        date_signed: When the contract was signed, if known.
        description: What the engagement is about, beyond its title.
        documents: Documents of the contract: the signed text, notices, annexes, reports.
    """

    id: str = attrs.field(validator=checks.text)
    title: str = attrs.field(validator=checks.text)
    parties: tuple[Partner, ...] = attrs.field(validator=checks.tuple_of(Partner))
    term: Term = attrs.field(validator=checks.instance(Term))
    value: Money = attrs.field(validator=checks.instance(Money))
    people: tuple[Person, ...] = attrs.field(default=(), validator=checks.tuple_of(Person))
    deliverables: tuple[Deliverable, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Deliverable)
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Milestone)
    )
    phases: tuple[Phase, ...] = attrs.field(default=(), validator=checks.tuple_of(Phase))
    kpis: tuple[KPI, ...] = attrs.field(default=(), validator=checks.tuple_of(KPI))
    responsibilities: tuple[Responsibility, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Responsibility)
    )
    risks: tuple[Risk, ...] = attrs.field(default=(), validator=checks.tuple_of(Risk))
    access_grants: tuple[AccessGrant, ...] = attrs.field(
        default=(), validator=checks.tuple_of(AccessGrant)
    )
    meetings: tuple[Meeting, ...] = attrs.field(default=(), validator=checks.tuple_of(Meeting))
    support: SupportTerms | None = attrs.field(
        default=None, validator=checks.instance(SupportTerms, optional=True)
    )
    change_policy: ChangePolicy | None = attrs.field(
        default=None, validator=checks.instance(ChangePolicy, optional=True)
    )
    change_requests: tuple[ChangeRequest, ...] = attrs.field(
        default=(), validator=checks.tuple_of(ChangeRequest)
    )
    amendments: tuple[Amendment, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Amendment)
    )
    version: int = attrs.field(default=1, validator=checks.positive_int)
    recurring_charges: tuple[RecurringCharge, ...] = attrs.field(
        default=(), validator=checks.tuple_of(RecurringCharge)
    )
    transactions: tuple[Transaction, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Transaction)
    )
    credit_cap_percent: Decimal | None = attrs.field(default=None, validator=_cap_percent)
    rounding: Rounding = attrs.field(default=Rounding.HALF_UP, validator=checks.member(Rounding))
    extensions: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_extensions, hash=False, repr=False
    )
    ocid: str | None = attrs.field(
        default=None, validator=checks.optional_text, metadata=checks.OMIT_DEFAULT
    )
    status: ContractStatus | None = attrs.field(
        default=None, validator=checks.optional_member(ContractStatus), metadata=checks.OMIT_DEFAULT
    )
    date_signed: dt.date | None = attrs.field(
        default=None, validator=checks.optional_date, metadata=checks.OMIT_DEFAULT
    )
    description: str | None = attrs.field(
        default=None, validator=checks.optional_text, metadata=checks.OMIT_DEFAULT
    )
    documents: tuple[Document, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Document), metadata=checks.OMIT_DEFAULT
    )

    @cached_property
    def _by_id(self) -> ById:
        return ById(self)

    # -- the parties -------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        """The contract's currency, which is that of its value."""
        return self.value.currency

    @property
    def value_as_signed(self) -> Money:
        """The value as signed, which change tolerances are measured against.

        It is the first amendment's value before it, or the value now if no amendment says it.
        """
        if self.amendments and self.amendments[0].value_before is not None:
            return self.amendments[0].value_before
        return self.value

    @property
    def client(self) -> Partner:
        """The client, the party with the client role.

        Raises:
            NotFoundError: No party has the client role (rule ``ONE_CLIENT`` reports it too).
        """
        for partner in self.parties:
            if partner.role is PartnerRole.CLIENT:
                return partner
        raise NotFoundError("party with the client role")

    @property
    def providers(self) -> tuple[Partner, ...]:
        """The parties that deliver work (suppliers, subcontractors and internal departments)."""
        return tuple(p for p in self.parties if p.role.provides)

    @property
    def prime_providers(self) -> tuple[Partner, ...]:
        """The providers that answer to the client directly (suppliers and internal departments;
        a subcontractor answers to a supplier)."""  # noqa: D205, D209 - one sentence
        return tuple(p for p in self.parties if p.role.prime)

    # -- lookups by id -----------------------------------------------------------------------

    @overload
    def partner(self, id: str) -> Partner: ...
    @overload
    def partner(self, id: str, *, default: D) -> Partner | D: ...
    def partner(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the partner with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.partners, "partner", id, default)

    @overload
    def person(self, id: str) -> Person: ...
    @overload
    def person(self, id: str, *, default: D) -> Person | D: ...
    def person(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the person with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.people, "person", id, default)

    @overload
    def deliverable(self, id: str) -> Deliverable: ...
    @overload
    def deliverable(self, id: str, *, default: D) -> Deliverable | D: ...
    def deliverable(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the deliverable with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.deliverables, "deliverable", id, default)

    @overload
    def milestone(self, id: str) -> Milestone: ...
    @overload
    def milestone(self, id: str, *, default: D) -> Milestone | D: ...
    def milestone(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the milestone with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.milestones, "milestone", id, default)

    @overload
    def phase(self, id: str) -> Phase: ...
    @overload
    def phase(self, id: str, *, default: D) -> Phase | D: ...
    def phase(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the phase with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.phases, "phase", id, default)

    @overload
    def kpi(self, id: str) -> KPI: ...
    @overload
    def kpi(self, id: str, *, default: D) -> KPI | D: ...
    def kpi(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the KPI with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.kpis, "KPI", id, default)

    @overload
    def risk(self, id: str) -> Risk: ...
    @overload
    def risk(self, id: str, *, default: D) -> Risk | D: ...
    def risk(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the risk with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.risks, "risk", id, default)

    @overload
    def access_grant(self, id: str) -> AccessGrant: ...
    @overload
    def access_grant(self, id: str, *, default: D) -> AccessGrant | D: ...
    def access_grant(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the access grant with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.access_grants, "access grant", id, default)

    @overload
    def meeting(self, id: str) -> Meeting: ...
    @overload
    def meeting(self, id: str, *, default: D) -> Meeting | D: ...
    def meeting(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the meeting with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.meetings, "meeting", id, default)

    @overload
    def change_request(self, id: str) -> ChangeRequest: ...
    @overload
    def change_request(self, id: str, *, default: D) -> ChangeRequest | D: ...
    def change_request(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the change request with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.change_requests, "change request", id, default)

    @overload
    def recurring_charge(self, id: str) -> RecurringCharge: ...
    @overload
    def recurring_charge(self, id: str, *, default: D) -> RecurringCharge | D: ...
    def recurring_charge(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the recurring charge with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.recurring_charges, "recurring charge", id, default)

    @overload
    def transaction(self, id: str) -> Transaction: ...
    @overload
    def transaction(self, id: str, *, default: D) -> Transaction | D: ...
    def transaction(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the transaction with this id; ``default`` if there is none and one is given.

        Raises:
            NotFoundError: There is none, and no ``default`` was given.
        """
        return _get(self._by_id.transactions, "transaction", id, default)

    @overload
    def assignee(self, id: str) -> Partner | Person: ...
    @overload
    def assignee(self, id: str, *, default: D) -> Partner | Person | D: ...
    def assignee(self, id: str, *, default: object = _RAISE) -> object:  # noqa: A002
        """Return the partner or person with this id (partners first); else ``default``, if given.

        Raises:
            NotFoundError: Neither exists, and no ``default`` was given.
        """
        found = self._by_id.partners.get(id) or self._by_id.people.get(id)
        if found is None:
            if default is _RAISE:
                raise NotFoundError("partner or person", id)
            return default
        return found

    # -- who answers for what ----------------------------------------------------------------

    @overload
    def owner_of(self, subject_id: str) -> Partner | Person | None: ...
    @overload
    def owner_of(self, subject_id: str, *, default: D) -> Partner | Person | D | None: ...
    def owner_of(self, subject_id: str, *, default: object = _RAISE) -> object:
        """Return the single Accountable assignee of a deliverable (or other subject).

        Returns ``None`` when the subject has no Accountable assignee, or more than one: rule
        ``OWNER_REQUIRED`` explains which. If the assignee is unknown (rule ``REF_RESOLVES``),
        returns ``default`` if one is given, else raises
        :class:`~outsourcing.exceptions.NotFoundError`.
        """
        owners = self._by_id.accountable.get(subject_id, ())
        if len(owners) != 1:
            return None
        return self.assignee(owners[0], default=default)

    def assignments(
        self, assignee_id: str, *, role: Raci | None = None, include_people: bool = True
    ) -> tuple[Responsibility, ...]:
        """Return the RACI assignments of a partner or person, in document order.

        Args:
            assignee_id: A partner id or a person id.
            role: Only assignments in this role.
            include_people: For a partner, also count the assignments of its people.
        """
        ids = {assignee_id}
        if include_people:
            ids.update(p.id for p in self._by_id.people_of.get(assignee_id, ()))
        return tuple(
            r
            for r in self.responsibilities
            if r.assignee_id in ids and (role is None or r.role is role)
        )

    def accountable_for(self, assignee_id: str) -> tuple[str, ...]:
        """Return the ids of what a partner, its people or a person is accountable for."""
        return _unique(r.subject_id for r in self.assignments(assignee_id, role=Raci.ACCOUNTABLE))

    def responsible_for(self, assignee_id: str) -> tuple[str, ...]:
        """Return the ids of what a partner, its people or a person is responsible for."""
        return _unique(r.subject_id for r in self.assignments(assignee_id, role=Raci.RESPONSIBLE))

    def raci_matrix(self) -> Mapping[str, Mapping[str, tuple[Raci, ...]]]:
        """Return subject id → assignee id → roles, in the order the responsibilities list them.

        >>> from outsourcing import example_contract
        >>> matrix = example_contract().raci_matrix()
        >>> {who: [role.letter for role in roles] for who, roles in matrix["D-05"].items()}
        {'tomasz': ['A'], 'lumen': ['R'], 'ingrid': ['C']}
        """
        matrix: dict[str, dict[str, tuple[Raci, ...]]] = {}
        for r in self.responsibilities:
            row = matrix.setdefault(r.subject_id, {})
            roles = row.get(r.assignee_id, ())
            if r.role not in roles:
                row[r.assignee_id] = (*roles, r.role)
        return matrix

    # -- the schedule ------------------------------------------------------------------------

    def deliverables_of(self, milestone_id: str) -> tuple[Deliverable, ...]:
        """Return the deliverables due at a milestone, skipping ids that resolve to nothing.

        Raises:
            NotFoundError: There is no such milestone.
        """
        found = self._by_id.deliverables
        return tuple(found[d] for d in self.milestone(milestone_id).deliverable_ids if d in found)

    def milestones_of(self, phase_id: str) -> tuple[Milestone, ...]:
        """Return the milestones of a phase, earliest due first.

        Raises:
            NotFoundError: There is no such phase.
        """
        self.phase(phase_id)
        return tuple(sorted(self._by_id.milestones_by_phase.get(phase_id, ()), key=_due))

    def phases_in_order(self) -> tuple[Phase, ...]:
        """Return the phases by start date (then end date)."""
        return tuple(sorted(self.phases, key=lambda p: (p.start, p.end)))


def _due(milestone: Milestone) -> dt.date:
    return milestone.due


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


T = TypeVar("T")
_Identified = TypeVar(
    "_Identified",
    Partner,
    Person,
    Deliverable,
    Milestone,
    Phase,
    KPI,
    Risk,
    AccessGrant,
    Meeting,
    ChangeRequest,
    RecurringCharge,
    Transaction,
)


def _get(found: dict[str, T], kind: str, id: str, default: object) -> object:  # noqa: A002
    try:
        return found[id]
    except KeyError:
        if default is _RAISE:
            raise NotFoundError(kind, id) from None
        return default


class ById:
    """A contract's objects by id, and a few groupings, each built on first use.

    The contract's own lookups (:meth:`Contract.partner` and the rest) read one of these, kept
    with the contract object; the rules' index (:mod:`outsourcing._rules.index`) extends it. It
    holds its contract weakly: a contract that kept it strongly would be in a reference cycle, and
    freed only by the cyclic garbage collector instead of as soon as the program lets go of it.
    """

    def __init__(self, contract: Contract) -> None:
        self._contract = weakref.ref(contract)

    def is_of(self, contract: Contract) -> bool:
        """Whether these are the lookups of that contract object."""
        return self._contract() is contract

    @property
    def contract(self) -> Contract:
        """The contract these lookups read."""
        found = self._contract()
        if found is None:  # pragma: no cover - callers hold the contract they ask about
            raise ReferenceError("the contract of these lookups is gone")
        return found

    @cached_property
    def partners(self) -> dict[str, Partner]:
        return first_by_id(self.contract.parties)

    @cached_property
    def people(self) -> dict[str, Person]:
        return first_by_id(self.contract.people)

    @cached_property
    def deliverables(self) -> dict[str, Deliverable]:
        return first_by_id(self.contract.deliverables)

    @cached_property
    def milestones(self) -> dict[str, Milestone]:
        return first_by_id(self.contract.milestones)

    @cached_property
    def phases(self) -> dict[str, Phase]:
        return first_by_id(self.contract.phases)

    @cached_property
    def kpis(self) -> dict[str, KPI]:
        return first_by_id(self.contract.kpis)

    @cached_property
    def risks(self) -> dict[str, Risk]:
        return first_by_id(self.contract.risks)

    @cached_property
    def access_grants(self) -> dict[str, AccessGrant]:
        return first_by_id(self.contract.access_grants)

    @cached_property
    def meetings(self) -> dict[str, Meeting]:
        return first_by_id(self.contract.meetings)

    @cached_property
    def change_requests(self) -> dict[str, ChangeRequest]:
        return first_by_id(self.contract.change_requests)

    @cached_property
    def recurring_charges(self) -> dict[str, RecurringCharge]:
        return first_by_id(self.contract.recurring_charges)

    @cached_property
    def transactions(self) -> dict[str, Transaction]:
        return first_by_id(self.contract.transactions)

    @cached_property
    def people_of(self) -> dict[str, list[Person]]:
        """Partner id → its people, in document order."""
        grouped: dict[str, list[Person]] = {}
        for person in self.contract.people:
            grouped.setdefault(person.partner_id, []).append(person)
        return grouped

    @cached_property
    def accountable(self) -> dict[str, list[str]]:
        """Subject id → its distinct accountable assignees, in document order."""
        found: dict[str, list[str]] = {}
        for r in with_role(self.contract.responsibilities, Raci.ACCOUNTABLE):
            owners = found.setdefault(r.subject_id, [])
            if r.assignee_id not in owners:
                owners.append(r.assignee_id)
        return found

    @cached_property
    def milestones_by_phase(self) -> dict[str, list[Milestone]]:
        """Phase id → its milestones, in document order."""
        grouped: dict[str, list[Milestone]] = {}
        for m in self.contract.milestones:
            if m.phase_id is not None:
                grouped.setdefault(m.phase_id, []).append(m)
        return grouped


ID: Final = operator.attrgetter("id")
_DELIVERABLE_IDS: Final = operator.attrgetter("deliverable_ids")
SUBJECT: Final = operator.attrgetter("subject_id")
ASSIGNEE: Final = operator.attrgetter("assignee_id")
_ROLE: Final = operator.attrgetter("role")


def with_role(responsibilities: tuple[Responsibility, ...], role: Raci) -> Iterator[Responsibility]:
    """The responsibilities in ``role``, selected at C speed (no Python call per item)."""
    return itertools.compress(
        responsibilities, map(operator.is_, map(_ROLE, responsibilities), itertools.repeat(role))
    )


def first_by_id(items: tuple[_Identified, ...]) -> dict[str, _Identified]:
    """Map id → the first object with it (rule ``ID_UNIQUE`` reports the later ones)."""
    found: dict[str, _Identified] = dict(zip(map(ID, items), items, strict=True))
    if len(found) == len(items):
        return found  # no id repeats: the common case, built at C speed
    found = {}
    for item in items:
        if item.id not in found:
            found[item.id] = item
    return found
