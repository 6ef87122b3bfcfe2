"""Hypothesis strategies for every model: valid contracts, and contracts that break one rule.

>>> from hypothesis import given
>>> from outsourcing import validate
>>> from outsourcing.strategies import contracts
>>> @given(contracts())
... def test_every_contract_is_valid(contract):
...     assert validate(contract).ok
>>> test_every_contract_is_valid()

* One strategy per model, named as Hypothesis names its own (plural nouns, keyword-only arguments
  that are strategies or bounds): :func:`money`, :func:`partners`, :func:`people`,
  :func:`deliverables`, :func:`responsibilities`, :func:`terms`, :func:`gates`, :func:`phases`,
  :func:`milestones`, :func:`due_date_changes`, :func:`windows`, :func:`measurements`,
  :func:`kpis`. Each object is valid on its own; ids they refer to are arbitrary unless you pass a
  strategy for them.
* :func:`contracts` builds whole contracts that pass every error rule of the catalogue, as of any
  date, by construction (ids are indices, dates are laid out in order, payments are summed before
  the value is chosen), so nothing is filtered away and examples shrink to one client, one supplier
  and one deliverable.
* :func:`violating` builds contracts that break exactly one error rule of the catalogue.
* Installing the library registers these strategies with Hypothesis, so ``st.from_type(Contract)``
  works in your tests.

Needs Hypothesis: install the extra with ``pip install 'outsourcing[hypothesis]'``.

For contributors: the module is laid out by model, each section small pieces that draw one object.
A new model adds a public strategy, names it in ``outsourcing._hypothesis_plugin.STRATEGIES`` (for
``st.from_type``) and, if it brings error rules, a recipe per rule with ``_recipe``;
``tests/test_strategies.py`` fails until every public model has a strategy and every error rule of
the catalogue a recipe.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypedDict, TypeVar, Unpack

import attrs

from outsourcing._catalogue import CATALOGUE
from outsourcing._codes import COUNTRIES, CURRENCIES
from outsourcing._contract import Contract, Term
from outsourcing._kpis import (
    KPI,
    PERCENT,
    Cadence,
    Direction,
    Measurement,
    Window,
)
from outsourcing._money import Money
from outsourcing._partners import Partner, PartnerRole, Person, _known_zone
from outsourcing._rules import Severity
from outsourcing._schedule import (
    DueDateChange,
    Gate,
    GateDecision,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Phase,
    PhaseKind,
)
from outsourcing._work import Deliverable, DeliverableStatus, Raci, Responsibility
from outsourcing.exceptions import InvalidValueError, MissingDependencyError, UnknownRuleError

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - tested with Hypothesis hidden
    raise MissingDependencyError(
        "outsourcing.strategies needs Hypothesis; install it with "
        "pip install 'outsourcing[hypothesis]'"
    ) from error

__all__ = [
    "ContractBounds",
    "contracts",
    "countries",
    "currencies",
    "deliverables",
    "due_date_changes",
    "gates",
    "kpis",
    "measurements",
    "milestones",
    "money",
    "partners",
    "people",
    "phases",
    "responsibilities",
    "terms",
    "violating",
    "windows",
]

T = TypeVar("T")
Draw = st.DrawFn

MIN_DATE: Final = dt.date(2000, 1, 1)
MAX_DATE: Final = dt.date(2099, 12, 31)
_DAY: Final = dt.timedelta(days=1)

# -- arguments --------------------------------------------------------------------------------


def _check_strategy(where: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidValueError(where, value, "a Hypothesis strategy, or None for the default")


def _check_size(where: str, what: str, low: object, high: object, floor: int = 0) -> None:
    for bound, value in (("min", low), ("max", high)):
        if type(value) is not int or value < floor:
            raise InvalidValueError(
                f"{where}({bound}_{what}=...)", value, f"a whole number of at least {floor}"
            )
    if high < low:  # type: ignore[operator] # both checked to be int above
        raise InvalidValueError(
            f"{where}(max_{what}=...)", high, f"at least min_{what}, which is {low}"
        )


def _check_dates(where: str, low: object, high: object) -> None:
    for name, value in (("min_date", low), ("max_date", high)):
        if type(value) is not dt.date:
            raise InvalidValueError(f"{where}({name}=...)", value, "a datetime.date")
    if high < low:  # type: ignore[operator] # both checked to be dates above
        raise InvalidValueError(f"{where}(max_date=...)", high, f"a date on or after {low}")


def _or(
    strategy: st.SearchStrategy[T] | None, default: st.SearchStrategy[T]
) -> st.SearchStrategy[T]:
    return default if strategy is None else strategy


# -- words and codes --------------------------------------------------------------------------
# Vocabularies come first so that examples shrink to readable words; free text (any Unicode, but
# never blank) keeps serialisers and user rules honest.

_FIRST_CURRENCIES: Final = ("EUR", "USD", "NOK", "GBP", "JPY", "INR")
_FIRST_COUNTRIES: Final = ("US", "NO", "PL", "SE", "IN", "SG", "CA", "DE")
_ZONES: Final = (
    "Europe/Oslo",
    "Europe/Warsaw",
    "America/New_York",
    "Asia/Singapore",
    "Asia/Kolkata",
    "UTC",
)


def _ordered(first: Sequence[str], everything: frozenset[str]) -> tuple[str, ...]:
    return (*first, *sorted(everything - set(first)))


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 currency codes, shrinking towards ``"EUR"``."""
    return st.sampled_from(_currencies_in_order())


def countries() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 country codes, shrinking towards ``"US"``."""
    return st.sampled_from(_ordered(_FIRST_COUNTRIES, COUNTRIES))


# Any text that is not blank: the first character is neither white space nor a control character.
_FREE_TEXT: Final = st.builds(
    str.__add__,
    st.characters(exclude_categories=("Zs", "Zl", "Zp", "Cc", "Cs")),
    st.text(max_size=11),
)


@st.composite
def _spoken(draw: Draw, choice: st.SearchStrategy[str | None]) -> str:
    word = draw(choice)
    return draw(_FREE_TEXT) if word is None else word


def _text(*words: str) -> st.SearchStrategy[str]:
    """One of ``words`` or, as the last choice, free text: one draw for the common case."""
    return _spoken(st.sampled_from((*words, None)))


def _words(*words: str, max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(words), unique=True, max_size=max_size).map(tuple)


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(1, 999).map(f"{prefix}-{{}}".format)


def _days(draw: Draw, low: dt.date, high: dt.date) -> dt.date:
    """A date in ``[low, high]`` (``low`` if the range is empty), shrinking towards ``low``."""
    if high <= low:
        return low
    return low + dt.timedelta(days=draw(st.integers(0, (high - low).days)))


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, kept inside the calendar Python can represent."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


# -- money ------------------------------------------------------------------------------------


def money(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    min_amount: Decimal | int | str | None = None,
    max_amount: Decimal | int | str | None = None,
    places: int = 2,
) -> st.SearchStrategy[Money]:
    """Amounts of money, with ``places`` decimal places.

    Args:
        currencies: The currency codes to draw from; all of ISO 4217 by default.
        min_amount: The smallest amount, or ``None`` for no bound.
        max_amount: The largest amount, or ``None`` for no bound.
        places: Decimal places of the amounts.

    Raises:
        InvalidValueError: An argument is of the wrong kind or the bounds are crossed.
    """
    _check_strategy("money(currencies=...)", currencies)
    if type(places) is not int or places < 0:
        raise InvalidValueError("money(places=...)", places, "a whole number of at least 0")
    low = None if min_amount is None else Money(min_amount, "EUR").amount
    high = None if max_amount is None else Money(max_amount, "EUR").amount
    if low is not None and high is not None and high < low:
        raise InvalidValueError("money(max_amount=...)", max_amount, f"at least {low}")
    amounts = st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    )
    return st.builds(Money, amounts, _or(currencies, _currencies_default()))


def _currencies_default() -> st.SearchStrategy[str]:
    """:func:`currencies`, for functions whose ``currencies`` argument hides it."""
    return currencies()


def _cents(draw: Draw, low: int = 1, high: int = 10**9) -> Decimal:
    """A positive amount with two decimal places, shrinking towards ``low`` cents."""
    return Decimal(draw(st.integers(low, high))).scaleb(-2)


# -- partners and people ----------------------------------------------------------------------

_CAPABILITIES: Final = ("web development", "UX", "data engineering", "support", "QA")
_PROVIDERS: Final = (PartnerRole.SUPPLIER, PartnerRole.INTERNAL)
_NOT_CLIENT: Final = (PartnerRole.SUPPLIER, PartnerRole.SUBCONTRACTOR, PartnerRole.INTERNAL)


_PARTNER_NAME: Final = {
    PartnerRole.CLIENT: _text("Nordlys Sport AS", "Acme Retail"),
    PartnerRole.SUPPLIER: _text("Kodehuset", "Globex Services"),
    PartnerRole.SUBCONTRACTOR: _text("Lumen UX"),
    PartnerRole.INTERNAL: _text("In-house IT"),
}
_CAPABILITY_LIST: Final = _words(*_CAPABILITIES)
_COUNTRY: Final = countries()
_ZONE: Final = st.sampled_from((None, *_ZONES))


def _partner(draw: Draw, id_: str, role: PartnerRole) -> Partner:
    zone = draw(_ZONE)
    return Partner(
        id=id_,
        name=draw(_PARTNER_NAME[role]),
        role=role,
        country=draw(_COUNTRY),
        timezone=zone if zone is None or _known_zone(zone) else None,
        capabilities=draw(_CAPABILITY_LIST),
    )


@st.composite
def _partners(
    draw: Draw, ids: st.SearchStrategy[str], roles: st.SearchStrategy[PartnerRole]
) -> Partner:
    return _partner(draw, draw(ids), draw(roles))


def partners(
    *,
    ids: st.SearchStrategy[str] | None = None,
    roles: st.SearchStrategy[PartnerRole] | None = None,
) -> st.SearchStrategy[Partner]:
    """Partners of any role, country and time zone (or none).

    Args:
        ids: The ids to draw from; ``partner-<n>`` by default.
        roles: The roles to draw from; every :class:`PartnerRole` by default.
    """
    _check_strategy("partners(ids=...)", ids)
    _check_strategy("partners(roles=...)", roles)
    return _partners(_or(ids, _ids("partner")), _or(roles, st.sampled_from(PartnerRole)))


_PEOPLE_NAMES: Final = ("Ingrid Berg", "Tomasz Nowak", "Aisha Khan", "Li Wei")
_JOB_TITLES: Final = ("Delivery manager", "Product owner", "Architect")


_PERSON_NAME: Final = _text(*_PEOPLE_NAMES)
_EMAIL: Final = st.sampled_from((None, "ingrid@example.org", "li.wei@example.org"))
_JOB_TITLE: Final = st.none() | _text(*_JOB_TITLES)


def _person(draw: Draw, id_: str, partner_id: str) -> Person:
    return Person(
        id=id_,
        partner_id=partner_id,
        name=draw(_PERSON_NAME),
        email=draw(_EMAIL),
        title=draw(_JOB_TITLE),
    )


@st.composite
def _people(draw: Draw, ids: st.SearchStrategy[str], partner_ids: st.SearchStrategy[str]) -> Person:
    return _person(draw, draw(ids), draw(partner_ids))


def people(
    *,
    ids: st.SearchStrategy[str] | None = None,
    partner_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Person]:
    """Contacts of partners, with or without e-mail address and job title.

    Args:
        ids: The ids to draw from; ``person-<n>`` by default.
        partner_ids: The partner ids to draw from; ``partner-<n>`` by default.
    """
    _check_strategy("people(ids=...)", ids)
    _check_strategy("people(partner_ids=...)", partner_ids)
    return _people(_or(ids, _ids("person")), _or(partner_ids, _ids("partner")))


# -- deliverables and responsibilities --------------------------------------------------------

_DELIVERABLE_TITLES: Final = ("Design system", "Product API", "Checkout", "Pilot report")
_DESCRIPTIONS: Final = ("", "Components and tokens shared by every page.")
_CRITERIA: Final = ("Passes WCAG 2.2 AA checks", "p95 latency under 200 ms", "Reviewed")


# Title and description in one draw (a contract with hundreds of deliverables must fit Hypothesis'
# buffer); the last choice is free text for both.
_WORDING: Final = st.sampled_from(
    (*((title, text) for text in _DESCRIPTIONS for title in _DELIVERABLE_TITLES), None)
)
_ACCEPTANCE: Final = {
    at_least: st.lists(st.sampled_from(_CRITERIA), unique=True, min_size=at_least, max_size=2)
    for at_least in (0, 1)
}
_DELIVERABLE_STATUS: Final = st.sampled_from(DeliverableStatus)


def _deliverable(draw: Draw, id_: str, status: DeliverableStatus) -> Deliverable:
    accepted = status is DeliverableStatus.ACCEPTED
    wording = draw(_WORDING)
    title, description = (draw(_FREE_TEXT), draw(_FREE_TEXT)) if wording is None else wording
    return Deliverable(
        id=id_,
        title=title,
        description=description,
        acceptance_criteria=tuple(draw(_ACCEPTANCE[int(accepted)])),
        status=status,
    )


@st.composite
def _deliverables(
    draw: Draw, ids: st.SearchStrategy[str], statuses: st.SearchStrategy[DeliverableStatus]
) -> Deliverable:
    return _deliverable(draw, draw(ids), draw(statuses))


def deliverables(
    *,
    ids: st.SearchStrategy[str] | None = None,
    statuses: st.SearchStrategy[DeliverableStatus] | None = None,
) -> st.SearchStrategy[Deliverable]:
    """Deliverables in any status; accepted ones always have acceptance criteria.

    Args:
        ids: The ids to draw from; ``D-<n>`` by default.
        statuses: The statuses to draw from; every :class:`DeliverableStatus` by default.
    """
    _check_strategy("deliverables(ids=...)", ids)
    _check_strategy("deliverables(statuses=...)", statuses)
    return _deliverables(_or(ids, _ids("D")), _or(statuses, st.sampled_from(DeliverableStatus)))


def responsibilities(
    *,
    subject_ids: st.SearchStrategy[str] | None = None,
    assignee_ids: st.SearchStrategy[str] | None = None,
    roles: st.SearchStrategy[Raci] | None = None,
) -> st.SearchStrategy[Responsibility]:
    """Single RACI assignments.

    Args:
        subject_ids: The subjects to draw from; ``D-<n>`` by default.
        assignee_ids: The assignees to draw from; ``partner-<n>`` by default.
        roles: The roles to draw from; every :class:`Raci` role by default.
    """
    _check_strategy("responsibilities(subject_ids=...)", subject_ids)
    _check_strategy("responsibilities(assignee_ids=...)", assignee_ids)
    _check_strategy("responsibilities(roles=...)", roles)
    return st.builds(
        Responsibility,
        subject_id=_or(subject_ids, _ids("D")),
        assignee_id=_or(assignee_ids, _ids("partner")),
        role=_or(roles, st.sampled_from(Raci)),
    )


@attrs.frozen
class _Cast:
    """Who takes part in one contract (partner and person ids), and strategies that pick them.

    Built once per contract, so drawing hundreds of deliverables builds no new strategies.
    """

    ids: tuple[str, ...]
    one: st.SearchStrategy[str]
    doer: st.SearchStrategy[str]
    some: st.SearchStrategy[list[str]]

    @classmethod
    def of(cls, ids: Sequence[str]) -> _Cast:
        """Owners shrink towards the client (listed first), doers towards the first provider."""
        one = st.sampled_from(tuple(ids))
        return cls(
            ids=tuple(ids),
            one=one,
            doer=st.sampled_from((*ids[1:], ids[0])),
            some=st.lists(one, unique=True, max_size=2),
        )


_ADVISED: Final = st.sampled_from((Raci.CONSULTED, Raci.INFORMED))
_ANY_ROLE: Final = st.sampled_from(Raci)


def _raci_of(draw: Draw, subject: str, cast: _Cast) -> list[Responsibility]:
    """One owner, one or two doers (the owner may be one), and others consulted or informed."""
    owner = draw(cast.one)
    doers = [draw(cast.doer)]
    if draw(st.booleans()):  # a second doer, unless it is the first again
        doers.extend({draw(cast.doer)} - set(doers))
    found = [Responsibility(subject_id=subject, assignee_id=owner, role=Raci.ACCOUNTABLE)]
    found.extend(
        Responsibility(subject_id=subject, assignee_id=who, role=Raci.RESPONSIBLE) for who in doers
    )
    found.extend(
        Responsibility(subject_id=subject, assignee_id=who, role=draw(_ADVISED))
        for who in draw(cast.some)
        if who != owner and who not in doers
    )
    return found


def _raci_any(draw: Draw, subject: str, cast: _Cast) -> list[Responsibility]:
    """Up to two distinct assignees of a milestone, phase or KPI, one role each."""
    return [
        Responsibility(subject_id=subject, assignee_id=who, role=draw(_ANY_ROLE))
        for who in draw(cast.some)
    ]


# -- the schedule: terms, gates, phases, milestones -------------------------------------------


@st.composite
def _terms(draw: Draw, low: dt.date, high: dt.date, min_days: int = 1) -> Term:
    start = _days(draw, low, _shift(high, 1 - min_days))
    end = _days(draw, _shift(start, min_days - 1), min(high, _shift(start, 3660)))
    return Term(start=start, end=end)


def terms(*, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE) -> st.SearchStrategy[Term]:
    """Contract terms that start no later than they end, lasting up to ten years.

    Args:
        min_date: The earliest start.
        max_date: The latest end.
    """
    _check_dates("terms", min_date, max_date)
    return _terms(min_date, max_date)


_CRITERIA_AT_GATE: Final = ("Conversion up on the pilot pages", "No open severity-1 defects")
_GATE_CRITERIA: Final = _words(*_CRITERIA_AT_GATE)
_GATE_NOTES: Final = st.sampled_from(("", "Go, on condition that the defects are fixed first."))


def _gate(
    draw: Draw,
    decisions: st.SearchStrategy[GateDecision],
    deciders: st.SearchStrategy[str],
    low: dt.date,
    high: dt.date,
) -> Gate:
    decision = draw(decisions)
    pending = decision is GateDecision.PENDING
    return Gate(
        criteria=draw(_GATE_CRITERIA),
        decision=decision,
        decided_on=None if pending else _days(draw, low, high),
        decided_by=None if pending else draw(deciders),
        notes=draw(_GATE_NOTES),
    )


@st.composite
def _gates(
    draw: Draw,
    decisions: st.SearchStrategy[GateDecision],
    deciders: st.SearchStrategy[str],
    low: dt.date,
    high: dt.date,
) -> Gate:
    return _gate(draw, decisions, deciders, low, high)


def gates(
    *,
    decisions: st.SearchStrategy[GateDecision] | None = None,
    deciders: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Gate]:
    """Phase gates, pending or decided (with a date and who decided).

    Args:
        decisions: The decisions to draw from; every :class:`GateDecision` by default.
        deciders: Who decides; ``partner-<n>`` by default.
        min_date: The earliest decision date.
        max_date: The latest decision date.
    """
    _check_strategy("gates(decisions=...)", decisions)
    _check_strategy("gates(deciders=...)", deciders)
    _check_dates("gates", min_date, max_date)
    return _gates(
        _or(decisions, st.sampled_from(GateDecision)),
        _or(deciders, _ids("partner")),
        min_date,
        max_date,
    )


_PHASE_KIND: Final = st.sampled_from(PhaseKind)
_PHASE_NAME: Final = {
    PhaseKind.STANDARD: _text("Build", "Roll-out"),
    PhaseKind.PILOT: _text("Pilot: product pages"),
    PhaseKind.TRANSITION: _text("Handover"),
}


def _phase(draw: Draw, id_: str, start: dt.date, end: dt.date, gate: Gate) -> Phase:
    kind = draw(_PHASE_KIND)
    name = draw(_PHASE_NAME[kind])
    return Phase(id=id_, name=name, start=start, end=end, kind=kind, gate=gate)


@st.composite
def _phases(
    draw: Draw,
    ids: st.SearchStrategy[str],
    low: dt.date,
    high: dt.date,
    deciders: st.SearchStrategy[str],
) -> Phase:
    term = draw(_terms(low, high))
    gate = _gate(draw, st.sampled_from(GateDecision), deciders, term.start, high)
    return _phase(draw, draw(ids), term.start, term.end, gate)


def phases(
    *,
    ids: st.SearchStrategy[str] | None = None,
    deciders: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Phase]:
    """Phases that start no later than they end, with a gate decided (if at all) after the start.

    Args:
        ids: The ids to draw from; ``PH-<n>`` by default.
        deciders: Who decides at the gate; ``partner-<n>`` by default.
        min_date: The earliest start.
        max_date: The latest end (and gate decision).
    """
    _check_strategy("phases(ids=...)", ids)
    _check_strategy("phases(deciders=...)", deciders)
    _check_dates("phases", min_date, max_date)
    return _phases(_or(ids, _ids("PH")), min_date, max_date, _or(deciders, _ids("partner")))


_REASON: Final = _text("Client asked for more time", "Dependency late")


def _due_history(draw: Draw, low: dt.date, high: dt.date) -> tuple[DueDateChange, ...]:
    count = draw(st.integers(0, 2))
    changes = [
        DueDateChange(
            previous_due=_days(draw, low, high),
            changed_on=_days(draw, low, high),
            reason=draw(_REASON),
        )
        for _ in range(count)
    ]
    return tuple(sorted(changes, key=lambda c: c.changed_on))


@st.composite
def _due_date_changes(draw: Draw, low: dt.date, high: dt.date) -> DueDateChange:
    return DueDateChange(
        previous_due=_days(draw, low, high),
        changed_on=_days(draw, low, high),
        reason=draw(_REASON),
    )


def due_date_changes(
    *, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[DueDateChange]:
    """Rebaselines of a milestone: an earlier due date, when it moved, and why.

    Args:
        min_date: The earliest date.
        max_date: The latest date.
    """
    _check_dates("due_date_changes", min_date, max_date)
    return _due_date_changes(min_date, max_date)


_MILESTONE_TITLE: Final = _text("Pilot live", "Catalogue accepted", "Go-live")
_MILESTONE_KIND: Final = st.sampled_from(MilestoneKind)
_MILESTONE_STATUS: Final = st.sampled_from(MilestoneStatus)
_MET: Final = frozenset({MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET})


def _milestone(  # noqa: PLR0913 - the parts that a contract decides; the rest is drawn here
    draw: Draw,
    span: Term,
    *,
    id_: str,
    due: dt.date,
    payment: Money | None,
    status: MilestoneStatus,
    phase_id: str | None,
    deliverable_ids: tuple[str, ...],
) -> Milestone:
    """A milestone with these parts; its other dates (met, rebaselined) fall within ``span``."""
    return Milestone(
        id=id_,
        title=draw(_MILESTONE_TITLE),
        due=due,
        kind=draw(_MILESTONE_KIND),
        phase_id=phase_id,
        deliverable_ids=deliverable_ids,
        payment=payment,
        status=status,
        date_met=_days(draw, span.start, span.end) if status in _MET else None,
        due_history=_due_history(draw, span.start, span.end),
    )


@st.composite
def _milestones(  # noqa: PLR0913, PLR0917 - the arguments of milestones(), checked
    draw: Draw,
    ids: st.SearchStrategy[str],
    span: Term,
    phase_ids: st.SearchStrategy[str | None],
    deliverable_ids: st.SearchStrategy[str],
    payments: st.SearchStrategy[Money | None],
) -> Milestone:
    return _milestone(
        draw,
        span,
        id_=draw(ids),
        due=_days(draw, span.start, span.end),
        payment=draw(payments),
        status=draw(_MILESTONE_STATUS),
        phase_id=draw(phase_ids),
        deliverable_ids=tuple(draw(st.lists(deliverable_ids, unique=True, max_size=3))),
    )


def milestones(  # noqa: PLR0913 - keyword arguments, as Hypothesis' own strategies take
    *,
    ids: st.SearchStrategy[str] | None = None,
    phase_ids: st.SearchStrategy[str | None] | None = None,
    deliverable_ids: st.SearchStrategy[str] | None = None,
    payments: st.SearchStrategy[Money | None] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Milestone]:
    """Milestones of every kind and status, met ones with the date they were met.

    Args:
        ids: The ids to draw from; ``M-<n>`` by default.
        phase_ids: The phase (or ``None``) to draw from; none or ``PH-<n>`` by default.
        deliverable_ids: The deliverable ids to draw up to three from; ``D-<n>`` by default.
        payments: The payments (or ``None``) to draw from; none or a positive amount by default.
        min_date: The earliest date (due, met or rebaselined).
        max_date: The latest date.
    """
    for name, value in (
        ("ids", ids),
        ("phase_ids", phase_ids),
        ("deliverable_ids", deliverable_ids),
        ("payments", payments),
    ):
        _check_strategy(f"milestones({name}=...)", value)
    _check_dates("milestones", min_date, max_date)
    return _milestones(
        _or(ids, _ids("M")),
        Term(start=min_date, end=max_date),
        _or(phase_ids, st.none() | _ids("PH")),
        _or(deliverable_ids, _ids("D")),
        _or(payments, st.none() | money(min_amount=Decimal("0.01"), max_amount=10**7)),
    )


# -- KPIs -------------------------------------------------------------------------------------


def windows() -> st.SearchStrategy[Window]:
    """Evaluation windows of every kind; rolling windows of 1 to 366 days."""
    return st.one_of(
        st.just(Window.calendar_month()),
        st.just(Window.calendar_quarter()),
        st.just(Window.whole_term()),
        st.integers(1, 366).map(Window.rolling),
    )


def _tenths(draw: Draw, low: int, high: int) -> Decimal:
    """A number with one decimal place in ``[low / 10, high / 10]``."""
    return Decimal(draw(st.integers(low, high))).scaleb(-1)


@st.composite
def _measurements(draw: Draw, low: dt.date, high: dt.date, least: int, most: int) -> Measurement:
    return Measurement(on=_days(draw, low, high), value=_tenths(draw, least, most))


def measurements(
    *,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
    min_value: int = 0,
    max_value: int = 100,
) -> st.SearchStrategy[Measurement]:
    """Observed values (one decimal place) on a day.

    Args:
        min_date: The earliest day.
        max_date: The latest day.
        min_value: The smallest value.
        max_value: The largest value.
    """
    _check_dates("measurements", min_date, max_date)
    if type(min_value) is not int or type(max_value) is not int or max_value < min_value:
        raise InvalidValueError(
            "measurements(min_value=..., max_value=...)",
            (min_value, max_value),
            "whole numbers, the minimum no larger than the maximum",
        )
    return _measurements(min_date, max_date, min_value * 10, max_value * 10)


_UNIT: Final = st.sampled_from((PERCENT, "ms", "hours", "tickets"))
_KPI_NAME: Final = _text("Availability", "Response time", "Defects found in acceptance")
_DIRECTION: Final = st.sampled_from(Direction)
_CADENCE: Final = st.none() | st.sampled_from(Cadence)
_WINDOW: Final = windows()


def _kpi(
    draw: Draw, id_: str, owners: st.SearchStrategy[str | None], low: dt.date, high: dt.date
) -> KPI:
    """A KPI whose warning threshold, target and measurements agree (rule ``KPI_COHERENT``)."""
    unit = draw(_UNIT)
    top = 1000 if unit == PERCENT else 100_000  # in tenths
    direction = draw(_DIRECTION)
    target = draw(st.integers(0, top))
    if direction is Direction.HIGHER_IS_BETTER:
        warning = draw(st.none() | st.integers(target, top))
    else:
        warning = draw(st.none() | st.integers(0, target))
    values = st.lists(_measurements(low, high, 0, top), max_size=3)
    return KPI(
        id=id_,
        name=draw(_KPI_NAME),
        unit=unit,
        direction=direction,
        target=Decimal(target).scaleb(-1),
        warning=None if warning is None else Decimal(warning).scaleb(-1),
        window=draw(_WINDOW),
        cadence=draw(_CADENCE),
        owner_id=draw(owners),
        measurements=tuple(sorted(draw(values), key=lambda m: m.on)),
    )


@st.composite
def _kpis(
    draw: Draw,
    ids: st.SearchStrategy[str],
    owners: st.SearchStrategy[str | None],
    low: dt.date,
    high: dt.date,
) -> KPI:
    return _kpi(draw, draw(ids), owners, low, high)


def kpis(
    *,
    ids: st.SearchStrategy[str] | None = None,
    owner_ids: st.SearchStrategy[str | None] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[KPI]:
    """KPIs whose target, warning threshold and measurements agree with their direction and unit.

    Args:
        ids: The ids to draw from; ``KPI-<n>`` by default.
        owner_ids: The owners (or ``None``) to draw from; none or ``partner-<n>`` by default.
        min_date: The earliest measurement.
        max_date: The latest measurement.
    """
    _check_strategy("kpis(ids=...)", ids)
    _check_strategy("kpis(owner_ids=...)", owner_ids)
    _check_dates("kpis", min_date, max_date)
    return _kpis(
        _or(ids, _ids("KPI")),
        _or(owner_ids, st.none() | _ids("partner")),
        min_date,
        max_date,
    )


# -- contracts --------------------------------------------------------------------------------


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
    currencies: st.SearchStrategy[str] | None
    min_date: dt.date
    max_date: dt.date


@attrs.frozen(kw_only=True)
class _Bounds:
    partners: tuple[int, int]
    people: tuple[int, int]
    deliverables: tuple[int, int]
    milestones: tuple[int, int]
    phases: tuple[int, int]
    kpis: tuple[int, int]
    currencies: st.SearchStrategy[str]
    dates: tuple[dt.date, dt.date]


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


@st.composite
def _phase_plans(draw: Draw, longest: int, cast: _Cast) -> _PhasePlan:
    gap = draw(st.integers(0, longest - 1))
    days = draw(st.integers(1, longest - gap))
    kind = draw(_PHASE_KIND)
    return _PhasePlan(
        gap=gap,
        days=days,
        kind=kind,
        name=draw(_PHASE_NAME[kind]),
        criteria=draw(_GATE_CRITERIA),
        notes=draw(_GATE_NOTES),
        decision=draw(_DECISION),
        decider=draw(cast.one),
        share=draw(st.integers(0, 100)),
    )


_DECISION: Final = st.sampled_from(GateDecision)


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
        limit = term.end if last else spans[i + 1][0]
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
    low, high = (term.start, term.end) if phase is None else (phase.start, phase.end)
    return _milestone(
        draw,
        term,
        id_=_UNNAMED,
        due=_days(draw, low, high),
        payment=Money(_cents(draw), currency) if draw(st.booleans()) else None,
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
def _work(draw: Draw, cast: _Cast, milestones: int) -> _Work:
    deliverable = _deliverable(draw, _UNNAMED, draw(_DELIVERABLE_STATUS))
    raci = tuple((r.assignee_id, r.role) for r in _raci_of(draw, _UNNAMED, cast))
    # The index `milestones` means "at no milestone" (a warning, not an error).
    due_at = draw(st.integers(0, milestones)) if milestones else None
    return _Work(deliverable, raci, None if due_at == milestones else due_at)


@st.composite
def _unnamed_kpis(draw: Draw, owners: st.SearchStrategy[str | None], term: Term) -> KPI:
    return _kpi(draw, _UNNAMED, owners, term.start, term.end)


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
# Version 1 with no amendments: AMENDMENTS_CONTIGUOUS requires version == 1 + len(amendments), and
# contracts() draws no amendments (outsourcing._change_strategies draws applied changes).
_VERSION: Final = st.just(1)


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

    work = draw(_lists(_work(cast, len(milestones_)), bounds.deliverables))
    items = _numbered([w.deliverable for w in work], "D")
    raci = [
        Responsibility(subject_id=item.id, assignee_id=who, role=role)
        for item, w in zip(items, work, strict=True)
        for who, role in w.raci
    ]
    for m, milestone in enumerate(milestones_):
        due = tuple(item.id for item, w in zip(items, work, strict=True) if w.due_at == m)
        milestones_[m] = attrs.evolve(milestone, deliverable_ids=due)

    kpis_ = _numbered(draw(_lists(_unnamed_kpis(st.none() | cast.one, term), bounds.kpis)), "KPI")
    for subject in itertools.chain(milestones_, phases_, kpis_):
        raci.extend(_raci_any(draw, subject.id, cast))
    if draw(st.booleans()) and raci:  # an assignment listed twice is still one assignment
        raci.insert(draw(st.integers(0, len(raci))), raci[draw(st.integers(0, len(raci) - 1))])
    return Contract(
        id=draw(_CONTRACT_ID),
        title=draw(_CONTRACT_TITLE),
        parties=tuple(parties),
        term=term,
        value=Money(_owed(milestones_, currency) + _cents(draw, 0), currency),
        people=tuple(people_),
        deliverables=tuple(items),
        milestones=tuple(milestones_),
        phases=phases_,
        kpis=tuple(kpis_),
        responsibilities=tuple(raci),
        version=draw(_VERSION),
        extensions=draw(_EXTENSIONS),
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
    currencies: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Contract]:
    """Contracts that pass every error rule of the catalogue, as of any date.

    Warnings are allowed (a KPI without owner, a deliverable at no milestone). The first partner
    is the client, the second a supplier or internal department, any others suppliers,
    subcontractors or internal. Every deliverable has one owner and one or two doers; every phase
    but the last has a gate that decided go by the day the next phase started; milestone payments
    stay within the value. Examples shrink to one client, one supplier and no more than they need.

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
        currencies: The contract currencies to draw from; all of ISO 4217 by default.
        min_date: The earliest day of the term.
        max_date: The latest day of the term.

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
    ):
        _check_size("contracts", what, low, high)
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
            people=(min_people, max_people),
            deliverables=(min_deliverables, max_deliverables),
            milestones=(min_milestones, max_milestones),
            phases=(min_phases, min(max_phases, room)),
            kpis=(min_kpis, max_kpis),
            currencies=_or(currencies, _currencies_default()),
            dates=(min_date, max_date),
        )
    )


# -- contracts that break one rule ------------------------------------------------------------
# A recipe takes a valid contract (drawn with at least what ``needs`` asks for) and breaks one
# error rule in one place, drawing which place and how, without touching what other rules read.

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


def _assignees(contract: Contract) -> list[str]:
    return [p.id for p in contract.parties] + [p.id for p in contract.people]


def _index(draw: Draw, items: Sequence[object]) -> int:
    return draw(st.integers(0, len(items) - 1))


def _in_order(contract: Contract) -> list[int]:
    phases_ = contract.phases
    return sorted(range(len(phases_)), key=lambda i: (phases_[i].start, phases_[i].end))


@_recipe("ID_UNIQUE")
def _duplicate_an_id(draw: Draw, c: Contract) -> Contract:
    # A copy of a provider, person, deliverable, KPI or (unpaid) milestone: no other rule changes.
    # Phases are left out: a second phase with the same dates would also overlap.
    places = [("parties", i) for i, p in enumerate(c.parties) if p.role is not PartnerRole.CLIENT]
    for name in ("people", "deliverables", "milestones", "kpis"):
        places.extend((name, i) for i in range(len(getattr(c, name))))
    name, i = draw(st.sampled_from(places))
    items = getattr(c, name)
    copy = attrs.evolve(items[i], payment=None) if name == "milestones" else items[i]
    changes: dict[str, Any] = {name: _insert(draw, items, copy)}
    return attrs.evolve(c, **changes)


@_recipe("REF_RESOLVES")
def _refer_to_nothing(draw: Draw, c: Contract) -> Contract:  # noqa: PLR0911 - one per reference
    # Not an accountable assignment: listed twice, one copy pointing elsewhere makes two owners.
    assigned = [j for j, r in enumerate(c.responsibilities) if r.role is not Raci.ACCOUNTABLE]
    sites = ["subject"]
    sites += ["assignee"] if assigned else []
    sites += ["partner"] if c.people else []
    sites += ["phase", "deliverable"] if c.milestones else []
    sites += ["owner"] if c.kpis else []
    decided = [i for i, p in enumerate(c.phases) if p.gate.decided_by is not None]
    sites += ["decider"] if decided else []
    site = draw(st.sampled_from(sites))
    if site == "subject":
        extra = Responsibility(
            subject_id=_GHOST,
            assignee_id=draw(st.sampled_from(_assignees(c))),
            role=draw(st.sampled_from(Raci)),
        )
        return attrs.evolve(c, responsibilities=_insert(draw, c.responsibilities, extra))
    if site == "assignee":
        j = draw(st.sampled_from(assigned))
        return attrs.evolve(c, responsibilities=_replace(c.responsibilities, j, assignee_id=_GHOST))
    if site == "partner":
        return attrs.evolve(c, people=_replace(c.people, _index(draw, c.people), partner_id=_GHOST))
    if site == "decider":
        i = draw(st.sampled_from(decided))
        gate = attrs.evolve(c.phases[i].gate, decided_by=_GHOST)
        return attrs.evolve(c, phases=_replace(c.phases, i, gate=gate))
    if site == "owner":
        return attrs.evolve(c, kpis=_replace(c.kpis, _index(draw, c.kpis), owner_id=_GHOST))
    m = _index(draw, c.milestones)
    if site == "phase":
        return attrs.evolve(c, milestones=_replace(c.milestones, m, phase_id=_GHOST))
    ids = _insert(draw, c.milestones[m].deliverable_ids, _GHOST)
    return attrs.evolve(c, milestones=_replace(c.milestones, m, deliverable_ids=ids))


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
        attrs.evolve(p, role=PartnerRole.SUBCONTRACTOR) if p.role.provides else p for p in c.parties
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
        start, end = _inverted(c.term.start, c.term.end)
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
        *(["late"] if term.end < dt.date.max else []),
        *(["overlap"] if len(order) > 1 else []),
    ]
    how = draw(st.sampled_from(ways))
    days = draw(st.integers(1, 30))
    if how == "early":
        start = _shift(term.start, -days)
        return attrs.evolve(c, phases=_replace(c.phases, order[0], start=start))
    if how == "late":
        return attrs.evolve(c, phases=_replace(c.phases, order[-1], end=_shift(term.end, days)))
    k = draw(st.integers(0, len(order) - 2))
    after = c.phases[order[k + 1]]
    end = _days(draw, after.start, after.end)
    return attrs.evolve(c, phases=_replace(c.phases, order[k], end=end))


@_recipe("MILESTONE_IN_TERM", min_milestones=1)
def _due_elsewhere(draw: Draw, c: Contract) -> Contract:
    i = _index(draw, c.milestones)
    m, term = c.milestones[i], c.term
    other_phases = [p.id for p in c.phases if p.id != m.phase_id and not p.start <= m.due <= p.end]
    if draw(st.booleans()) and other_phases:
        phase_id = draw(st.sampled_from(other_phases))
        return attrs.evolve(c, milestones=_replace(c.milestones, i, phase_id=phase_id))
    days = draw(st.integers(1, 60))
    late = term.end < dt.date.max and (term.start == dt.date.min or draw(st.booleans()))
    due = _shift(term.end, days) if late else _shift(term.start, -days)
    return attrs.evolve(c, milestones=_replace(c.milestones, i, due=due))


@_recipe("SINGLE_CURRENCY", min_milestones=1)
def _foreign_payment(draw: Draw, c: Contract) -> Contract:
    i = _index(draw, c.milestones)
    paid = c.milestones[i].payment
    currency = draw(st.sampled_from([x for x in _currencies_in_order() if x != c.currency]))
    amount = paid.amount if paid is not None else _cents(draw)
    return attrs.evolve(c, milestones=_replace(c.milestones, i, payment=Money(amount, currency)))


def _currencies_in_order() -> tuple[str, ...]:
    """Every ISO 4217 code, the common ones first (the order :func:`currencies` shrinks in)."""
    return _ordered(_FIRST_CURRENCIES, CURRENCIES)


@_recipe("PAYMENTS_WITHIN_VALUE", min_milestones=1)
def _overpaid(draw: Draw, c: Contract) -> Contract:
    owed = _owed(c.milestones, c.currency)
    if owed > 0 and draw(st.booleans()):
        less = Decimal(draw(st.integers(1, int(owed * 100)))).scaleb(-2)
        return attrs.evolve(c, value=Money(owed - less, c.currency))
    i = _index(draw, c.milestones)
    m = c.milestones[i]
    status = MilestoneStatus.SCHEDULED if m.status is MilestoneStatus.CANCELLED else m.status
    amount = c.value.amount - _owed(c.milestones, c.currency, skip=i) + _cents(draw)
    payment = Money(amount, c.currency)
    return attrs.evolve(c, milestones=_replace(c.milestones, i, payment=payment, status=status))


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
    odd = Measurement(on=_days(draw, c.term.start, c.term.end), value=Decimal(100) + beyond)
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
        decided_on = _days(draw, after.start + _DAY, _shift(c.term.end, 60))
    elif decision is GateDecision.PENDING or decision.lets_next_start:
        gate = attrs.evolve(
            phase.gate, decision=GateDecision.PENDING, decided_on=None, decided_by=None
        )
        return attrs.evolve(c, phases=_replace(c.phases, order[k], gate=gate))
    else:  # hold or stop
        decided_on = _days(draw, phase.start, c.term.end)
    gate = attrs.evolve(
        phase.gate,
        decision=decision,
        decided_on=decided_on,
        decided_by=draw(st.sampled_from(_assignees(c))),
    )
    return attrs.evolve(c, phases=_replace(c.phases, order[k], gate=gate))


@st.composite
def _broken(draw: Draw, base: st.SearchStrategy[Contract], make: Recipe) -> Contract:
    return make(draw, draw(base))


def violating(code: str, **bounds: Unpack[ContractBounds]) -> st.SearchStrategy[Contract]:
    """Contracts that break the error rule ``code``, and no other error rule.

    Each example is a valid contract from :func:`contracts`, broken in one place: which place and
    how varies (a missing owner or a second one, a phase that starts early or overlaps...).
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
