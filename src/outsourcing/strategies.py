"""Hypothesis strategies for every model: valid contracts, and contracts that break one rule.

>>> from hypothesis import given
>>> from outsourcing import validate
>>> from outsourcing.strategies import contracts
>>> @given(contracts())
... def test_every_contract_is_valid(contract):
...     assert validate(contract).ok
>>> test_every_contract_is_valid()

* One strategy per public model, named as Hypothesis names its own (plural nouns, keyword-only
  arguments that are strategies or bounds, checked when the strategy is made):

  - what a contract is made of: :func:`money`, :func:`partners`, :func:`people`,
    :func:`deliverables` (with :func:`deliverable_events` and :func:`criterion_results`),
    :func:`responsibilities`, :func:`terms`, :func:`gates`, :func:`phases`, :func:`milestones`,
    :func:`due_date_changes`, :func:`windows`, :func:`measurements`, :func:`kpis` (with
    :func:`credit_schemes` and :func:`credit_tiers`), :func:`risks`, :func:`access_grants`,
    :func:`meetings` (with :func:`meeting_cadences`), :func:`support_terms` and
    :func:`response_times`;
  - changing scope: :func:`change_requests` (changes that fit a given contract),
    :func:`change_policies`, :func:`tolerances`, :func:`change_events`, :func:`operations`,
    :func:`amendments` and :func:`differences`;
  - choosing a partner, and whether to outsource: :func:`criteria`, :func:`scores`,
    :func:`evaluations`, :func:`sourcing_cases`;
  - what the library computes, drawn by running it where that always gives a result:
    :func:`rankings`, :func:`standings`, :func:`unranked`, :func:`movements`,
    :func:`sourcing_decisions`, :func:`revocations`, :func:`payment_schedules`,
    :func:`payment_lines`, :func:`kpi_evaluations`, :func:`evaluation_windows`,
    :func:`window_results`, :func:`status_reports`, :func:`phase_progress`,
    :func:`milestone_progress`, :func:`pending_acceptances`, :func:`open_gates`,
    :func:`next_meetings`.

  Each object is valid on its own; ids they refer to are arbitrary unless you pass a strategy for
  them.
* :func:`contracts` builds whole contracts that pass every error rule of the catalogue, as of any
  date, by construction (ids are indices, dates are laid out in order, payments are summed before
  the value is chosen), so nothing is filtered away and examples shrink to one client, one supplier
  and one deliverable. Their histories, gate results, payments, change requests and amendments are
  what the lifecycle functions (:func:`outsourcing.lifecycle.submit`,
  :func:`outsourcing.lifecycle.record_payment`,
  :func:`outsourcing.changes.apply_change`...) would have recorded.
* :func:`violating` builds contracts that break exactly one error rule of the catalogue.
* Installing the library registers these strategies with Hypothesis, so ``st.from_type(Contract)``
  (or any other public model) works in your tests.

Needs Hypothesis: install the extra with ``pip install 'outsourcing[hypothesis]'``.

For contributors: the module is laid out by model, each section small pieces that draw one object.
Contracts may have hundreds of deliverables: what is drawn per deliverable is kept to few, small
draws (see ``_PLANS``) so that ``contracts(max_deliverables=300)`` fits Hypothesis' buffer.
A new model adds a public strategy, names it in ``outsourcing._hypothesis_plugin.STRATEGIES`` (for
``st.from_type``) and, if it brings error rules, a recipe per rule with ``_recipe``;
``tests/test_strategies.py`` fails until every public model has a strategy and every error rule of
the catalogue a recipe.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypedDict, TypeVar, Unpack

import attrs

from outsourcing._base.violations import Severity
from outsourcing._models.access import AccessGrant, AccessLevel, Revocation, RevokeReason
from outsourcing._models.changes import (
    AddDeliverable,
    AddMilestone,
    AddPhase,
    Amendment,
    ApprovalLevel,
    CancelMilestone,
    ChangeEvent,
    ChangePayment,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
    Difference,
    DifferenceKind,
    ExtendPhase,
    ExtendTerm,
    ModifyDeliverable,
    MoveMilestone,
    Operation,
    Reassign,
    RemoveDeliverable,
    Tolerance,
    cumulate,
)
from outsourcing._models.codes import COUNTRIES, CURRENCIES
from outsourcing._models.comms import Meeting, MeetingKind, Priority, ResponseTime, SupportTerms
from outsourcing._models.contract import Contract, Term
from outsourcing._models.functions import OfficeClass
from outsourcing._models.kpis import (
    KPI,
    PERCENT,
    Aggregation,
    Cadence,
    CreditScheme,
    CreditTier,
    Direction,
    Measurement,
    Window,
    WindowKind,
)
from outsourcing._models.money import Money
from outsourcing._models.partners import Partner, PartnerRole, Person, _known_zone
from outsourcing._models.risks import HIGH_RISK, Risk, RiskCategory, RiskStatus
from outsourcing._models.schedule import (
    DueDateChange,
    Gate,
    GateDecision,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Phase,
    PhaseKind,
)
from outsourcing._models.work import (
    CriterionResult,
    Deliverable,
    DeliverableEvent,
    DeliverableStatus,
    Raci,
    Responsibility,
)
from outsourcing._operations.evaluation import (
    STANDARD_CRITERIA,
    Criterion,
    Evaluation,
    MissingScores,
    Movement,
    Ranking,
    Score,
    Standing,
    Unranked,
    rank,
)
from outsourcing._operations.kpi_results import (
    EvaluationWindow,
    KPIEvaluation,
    KPIState,
    WindowResult,
    evaluate_kpi,
)
from outsourcing._operations.lifecycle import Timeliness, status_as_of
from outsourcing._operations.payments import (
    PaymentLine,
    PaymentSchedule,
    PaymentState,
    payment_schedule,
)
from outsourcing._operations.scope_changes import (
    apply_change,
    apply_operations,
    approval_needed,
    approve_change,
    reject_change,
    withdraw_change,
)
from outsourcing._operations.sourcing import SourcingCase, SourcingChoice, SourcingDecision, decide
from outsourcing._operations.status import (
    MilestoneProgress,
    NextMeeting,
    OpenGate,
    PendingAcceptance,
    PhaseProgress,
    PhaseState,
    StatusReport,
    status_report,
)
from outsourcing._rules.catalogue import CATALOGUE, validate
from outsourcing.exceptions import (
    ChangeRefusedError,
    InvalidValueError,
    MissingDependencyError,
    UnknownRuleError,
)

try:
    from hypothesis import reject
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - tested with Hypothesis hidden
    raise MissingDependencyError(
        "outsourcing.strategies needs Hypothesis; install it with "
        "pip install 'outsourcing[hypothesis]'"
    ) from error

__all__ = [
    "ContractBounds",
    "access_grants",
    "amendments",
    "change_events",
    "change_policies",
    "change_requests",
    "contracts",
    "countries",
    "credit_schemes",
    "credit_tiers",
    "criteria",
    "criterion_results",
    "currencies",
    "deliverable_events",
    "deliverables",
    "differences",
    "due_date_changes",
    "evaluation_windows",
    "evaluations",
    "gates",
    "kpi_evaluations",
    "kpis",
    "measurements",
    "meeting_cadences",
    "meetings",
    "milestone_progress",
    "milestones",
    "money",
    "movements",
    "next_meetings",
    "open_gates",
    "operations",
    "partners",
    "payment_lines",
    "payment_schedules",
    "pending_acceptances",
    "people",
    "phase_progress",
    "phases",
    "rankings",
    "response_times",
    "responsibilities",
    "revocations",
    "risks",
    "scores",
    "sourcing_cases",
    "sourcing_decisions",
    "standings",
    "status_reports",
    "support_terms",
    "terms",
    "tolerances",
    "unranked",
    "violating",
    "window_results",
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


@functools.lru_cache(maxsize=4096)
def _up_to(most: int) -> st.SearchStrategy[int]:
    """``st.integers(0, most)``, made once: contracts draw thousands of days from many ranges."""
    return st.integers(0, most)


def _days(draw: Draw, low: dt.date, high: dt.date) -> dt.date:
    """A date in ``[low, high]`` (``low`` if the range is empty), shrinking towards ``low``."""
    if high <= low:
        return low
    return low + dt.timedelta(days=draw(_up_to((high - low).days)))


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
# Acceptance criteria in one draw too: some of the vocabulary, in some order.
_CRITERIA_SETS: Final = (
    (_CRITERIA[0],),
    (_CRITERIA[1],),
    (_CRITERIA[0], _CRITERIA[2]),
    (_CRITERIA[2], _CRITERIA[1]),
)
_ACCEPTANCE: Final = {
    at_least: st.sampled_from(((),) * (1 - at_least) + _CRITERIA_SETS) for at_least in (0, 1)
}
_FAILURE: Final = "Fails on small screens"
_REWORK: Final = "Rework the checkout flow"


def _criterion_result(criterion: str, *, passed: bool) -> CriterionResult:
    """A result; a failed one says why (notes are fixed: a deliverable's history is long)."""
    return CriterionResult(criterion=criterion, passed=passed, note="" if passed else _FAILURE)


def _verdict(
    draw: Draw, status: DeliverableStatus, criteria: Sequence[str]
) -> tuple[CriterionResult, ...]:
    """The results of a review: all passed to accept, one failed to reject, none otherwise."""
    if status is DeliverableStatus.ACCEPTED:
        return tuple(CriterionResult(criterion=c, passed=True) for c in criteria)
    if status is not DeliverableStatus.REJECTED or not criteria:
        return ()
    failed = draw(st.integers(0, len(criteria) - 1)) if len(criteria) > 1 else 0
    return tuple(_criterion_result(c, passed=i != failed) for i, c in enumerate(criteria))


# How a deliverable's history was recorded: not at all (the first choice), or with or without a
# first "planned" event, with up to two rounds of rework, days between moves, and how far through
# the term (in percent) the first move was. Fixed plans keep it to one draw per deliverable: a
# contract may have hundreds.
_Plan = tuple[bool, int, int, int] | None
_PLANS: Final[tuple[_Plan, ...]] = (
    None,
    (False, 0, 0, 0),
    (True, 0, 7, 50),
    (False, 1, 1, 20),
    (True, 2, 14, 80),
    (False, 0, 30, 95),
)
_HISTORY_PLAN: Final = st.sampled_from(_PLANS)
_STATUS_AND_PLAN: Final = st.sampled_from([(s, p) for p in _PLANS for s in DeliverableStatus])
_DS: Final = DeliverableStatus
_TAIL: Final = {
    _DS.PLANNED: (),
    _DS.IN_PROGRESS: (),
    _DS.SUBMITTED: (_DS.SUBMITTED,),
    _DS.ACCEPTED: (_DS.SUBMITTED, _DS.ACCEPTED),
    _DS.REJECTED: (_DS.SUBMITTED, _DS.REJECTED),
}


def _moves(status: DeliverableStatus, plan: tuple[bool, int, int, int]) -> list[DeliverableStatus]:
    """The statuses a lifecycle that ends in ``status`` passes through (see ``lifecycle.submit``).

    ``plan`` says whether a first ``planned`` event was recorded, and how many rounds of rework.
    """
    first, reworks, _, _ = plan
    moves = [_DS.PLANNED] if first else []
    if status is _DS.PLANNED:
        return moves
    moves.append(_DS.IN_PROGRESS)
    for n in range(reworks):  # rejected work is started again, or submitted again at once
        moves += [_DS.SUBMITTED, _DS.REJECTED, *([_DS.IN_PROGRESS] if n % 2 == 0 else [])]
    if status is _DS.IN_PROGRESS and moves[-1] is not _DS.IN_PROGRESS:
        moves.append(_DS.IN_PROGRESS)
    return [*moves, *_TAIL[status]]


def _history(
    draw: Draw,
    plan: _Plan,
    status: DeliverableStatus,
    criteria: Sequence[str],
    span: Term,
) -> tuple[DeliverableEvent, ...]:
    """Dated moves in order inside ``span`` that end in ``status``, as the lifecycle makes them.

    The first move is the plan's share of the way through ``span``, the others the plan's pace
    apart (the same day, at 0).
    """
    if plan is None:
        return ()
    _, _, pace, share = plan
    first = _shift(span.start, (span.end - span.start).days * share // 100)
    return tuple(
        DeliverableEvent(
            status=move,
            on=min(span.end, _shift(first, i * pace)),
            results=_verdict(draw, move, criteria),
            note=_REWORK if move is _DS.REJECTED else "",
        )
        for i, move in enumerate(_moves(status, plan))
    )


def _deliverable(
    draw: Draw, id_: str, status: DeliverableStatus, span: Term, plan: _Plan
) -> Deliverable:
    # Accepted work, and work that was ever rejected, was judged against criteria.
    judged = status is _DS.ACCEPTED or (
        plan is not None and (status is _DS.REJECTED or (plan[1] > 0 and status is not _DS.PLANNED))
    )
    wording = draw(_WORDING)
    title, description = (draw(_FREE_TEXT), draw(_FREE_TEXT)) if wording is None else wording
    criteria = tuple(draw(_ACCEPTANCE[int(judged)]))
    return Deliverable(
        id=id_,
        title=title,
        description=description,
        acceptance_criteria=criteria,
        status=status,
        history=_history(draw, plan, status, criteria, span),
    )


@st.composite
def _deliverables(
    draw: Draw,
    ids: st.SearchStrategy[str],
    statuses: st.SearchStrategy[DeliverableStatus],
    span: Term,
) -> Deliverable:
    return _deliverable(draw, draw(ids), draw(statuses), span, draw(_HISTORY_PLAN))


def deliverables(
    *,
    ids: st.SearchStrategy[str] | None = None,
    statuses: st.SearchStrategy[DeliverableStatus] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Deliverable]:
    """Deliverables in any status; accepted ones always have acceptance criteria.

    Some have a history: the dated moves that :func:`outsourcing.lifecycle.start_work`,
    :func:`~outsourcing.lifecycle.submit`, :func:`~outsourcing.lifecycle.accept` and
    :func:`~outsourcing.lifecycle.reject` would
    have recorded, in order, ending in the deliverable's status, with a result per criterion at
    each review.

    Args:
        ids: The ids to draw from; ``D-<n>`` by default.
        statuses: The statuses to draw from; every :class:`DeliverableStatus` by default.
        min_date: The earliest move of a history.
        max_date: The latest move of a history.
    """
    _check_strategy("deliverables(ids=...)", ids)
    _check_strategy("deliverables(statuses=...)", statuses)
    _check_dates("deliverables", min_date, max_date)
    return _deliverables(
        _or(ids, _ids("D")),
        _or(statuses, st.sampled_from(DeliverableStatus)),
        Term(start=min_date, end=max_date),
    )


_CRITERION: Final = _text(*_CRITERIA)


@st.composite
def _criterion_results(draw: Draw, criteria: st.SearchStrategy[str]) -> CriterionResult:
    passed = draw(st.booleans())
    return _criterion_result(draw(criteria), passed=passed)


def criterion_results(
    *, criteria: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[CriterionResult]:
    """How one acceptance or gate criterion fared; failed ones may say why.

    Args:
        criteria: The criteria to draw from; a few examples or any text by default.
    """
    _check_strategy("criterion_results(criteria=...)", criteria)
    return _criterion_results(_or(criteria, _CRITERION))


@st.composite
def _deliverable_events(
    draw: Draw, statuses: st.SearchStrategy[DeliverableStatus], span: Term
) -> DeliverableEvent:
    status = draw(statuses)
    rejected = status is _DS.REJECTED
    criteria = tuple(draw(_ACCEPTANCE[int(rejected or status is _DS.ACCEPTED)]))
    return DeliverableEvent(
        status=status,
        on=_days(draw, span.start, span.end),
        results=_verdict(draw, status, criteria),
        note=draw(st.sampled_from(("", _REWORK))),
    )


def deliverable_events(
    *,
    statuses: st.SearchStrategy[DeliverableStatus] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[DeliverableEvent]:
    """Single moves of a deliverable; an acceptance passed every result, a rejection failed one.

    Args:
        statuses: The statuses moved to; every :class:`DeliverableStatus` by default.
        min_date: The earliest day.
        max_date: The latest day.
    """
    _check_strategy("deliverable_events(statuses=...)", statuses)
    _check_dates("deliverable_events", min_date, max_date)
    return _deliverable_events(
        _or(statuses, st.sampled_from(DeliverableStatus)), Term(start=min_date, end=max_date)
    )


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
    criteria = draw(_GATE_CRITERIA)
    return Gate(
        criteria=criteria,
        decision=decision,
        decided_on=None if pending else _days(draw, low, high),
        decided_by=None if pending else draw(deciders),
        notes=draw(_GATE_NOTES),
        results=() if pending else _gate_results(draw, criteria),
    )


def _gate_results(draw: Draw, criteria: Sequence[str]) -> tuple[CriterionResult, ...]:
    """Results for some of a gate's criteria, each at most once (see ``lifecycle.decide_gate``)."""
    if not criteria:
        return ()
    judged = draw(st.lists(st.sampled_from(criteria), unique=True, max_size=len(criteria)))
    return tuple(_criterion_result(c, passed=draw(st.booleans())) for c in judged)


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
    """Phase gates, pending or decided (with a date, who decided, and results for some criteria).

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
    """A milestone with these parts; its other dates (met, rebaselined, paid) fall in ``span``.

    The day its status was recorded is the day it was met (``met``, ``partially_met``), none
    while scheduled, and known or not otherwise; only a met milestone was paid, on or after the
    day it was met (as :func:`outsourcing.lifecycle.record_payment` allows).
    """
    met = _days(draw, span.start, span.end) if status in _MET else None
    if met is not None or status is MilestoneStatus.SCHEDULED:
        recorded = met
    else:
        recorded = _days(draw, span.start, span.end) if draw(st.booleans()) else None
    paid = (
        payment is not None
        and status is MilestoneStatus.MET
        and met is not None
        and draw(st.booleans())
    )
    return Milestone(
        id=id_,
        title=draw(_MILESTONE_TITLE),
        due=due,
        kind=draw(_MILESTONE_KIND),
        phase_id=phase_id,
        deliverable_ids=deliverable_ids,
        payment=payment,
        status=status,
        date_met=met,
        due_history=_due_history(draw, span.start, span.end),
        status_on=recorded,
        paid_on=_days(draw, met, span.end) if paid and met is not None else None,
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
    """Milestones of every kind and status, met ones with the date they were met (and paid).

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


_AGGREGATION: Final = st.sampled_from(Aggregation)
_PERCENTAGE: Final = st.integers(1, 100).map(Decimal)


def _tiers(draw: Draw, direction: Direction, target: int, top: int) -> tuple[CreditTier, ...]:
    """One to three tiers on the bad side of ``target`` (in tenths), the first at the target."""
    higher = direction is Direction.HIGHER_IS_BETTER
    worse = st.integers(0, target) if higher else st.integers(target, top)
    thresholds = [target, *draw(st.lists(worse, unique=True, max_size=2))]
    return tuple(
        CreditTier(worse_than=Decimal(t).scaleb(-1), percent=draw(_PERCENTAGE))
        for t in dict.fromkeys(thresholds)
    )


def _credits(
    draw: Draw, direction: Direction, target: int, top: int, currency: str
) -> CreditScheme:
    return CreditScheme(
        fee=Money(_cents(draw), currency),
        tiers=_tiers(draw, direction, target, top),
        cap_percent=draw(st.none() | _PERCENTAGE),
    )


def _kpi(  # noqa: PLR0913, PLR0917 - the parts a contract decides; the rest is drawn here
    draw: Draw,
    id_: str,
    owners: st.SearchStrategy[str | None],
    low: dt.date,
    high: dt.date,
    currencies: st.SearchStrategy[str],
) -> KPI:
    """A KPI whose warning threshold, target and measurements agree (rule ``KPI_COHERENT``).

    Service credits, if any, are for calendar or whole-term windows only, in a currency drawn
    from ``currencies``.
    """
    unit = draw(_UNIT)
    top = 1000 if unit == PERCENT else 100_000  # in tenths
    direction = draw(_DIRECTION)
    target = draw(st.integers(0, top))
    if direction is Direction.HIGHER_IS_BETTER:
        warning = draw(st.none() | st.integers(target, top))
    else:
        warning = draw(st.none() | st.integers(0, target))
    values = st.lists(_measurements(low, high, 0, top), max_size=3)
    window = draw(_WINDOW)
    rolling = window.kind is WindowKind.ROLLING_DAYS
    return KPI(
        id=id_,
        name=draw(_KPI_NAME),
        unit=unit,
        direction=direction,
        target=Decimal(target).scaleb(-1),
        warning=None if warning is None else Decimal(warning).scaleb(-1),
        window=window,
        cadence=draw(_CADENCE),
        owner_id=draw(owners),
        measurements=tuple(sorted(draw(values), key=lambda m: m.on)),
        aggregation=draw(_AGGREGATION),
        credits=None
        if rolling or not draw(st.booleans())
        else _credits(draw, direction, target, top, draw(currencies)),
    )


@st.composite
def _kpis(  # noqa: PLR0913, PLR0917 - the arguments of kpis(), checked
    draw: Draw,
    ids: st.SearchStrategy[str],
    owners: st.SearchStrategy[str | None],
    low: dt.date,
    high: dt.date,
    currencies: st.SearchStrategy[str],
) -> KPI:
    return _kpi(draw, draw(ids), owners, low, high, currencies)


def kpis(
    *,
    ids: st.SearchStrategy[str] | None = None,
    owner_ids: st.SearchStrategy[str | None] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[KPI]:
    """KPIs whose target, warning threshold and measurements agree with their direction and unit.

    Each aggregates its windows one way or another; some earn service credits (never with a
    rolling window), in tiers on the bad side of the target.

    Args:
        ids: The ids to draw from; ``KPI-<n>`` by default.
        owner_ids: The owners (or ``None``) to draw from; none or ``partner-<n>`` by default.
        currencies: The currencies of service-credit fees; all of ISO 4217 by default.
        min_date: The earliest measurement.
        max_date: The latest measurement.
    """
    _check_strategy("kpis(ids=...)", ids)
    _check_strategy("kpis(owner_ids=...)", owner_ids)
    _check_strategy("kpis(currencies=...)", currencies)
    _check_dates("kpis", min_date, max_date)
    return _kpis(
        _or(ids, _ids("KPI")),
        _or(owner_ids, st.none() | _ids("partner")),
        min_date,
        max_date,
        _or(currencies, _currencies_default()),
    )


@st.composite
def _credit_tiers(draw: Draw) -> CreditTier:
    return CreditTier(worse_than=_tenths(draw, 0, 1000), percent=draw(_PERCENTAGE))


def credit_tiers() -> st.SearchStrategy[CreditTier]:
    """Single steps of a service-credit scheme: a threshold and a whole percentage of the fee."""
    return _credit_tiers()


@st.composite
def _credit_schemes(
    draw: Draw, directions: st.SearchStrategy[Direction], currencies: st.SearchStrategy[str]
) -> CreditScheme:
    hundred = 1000  # in tenths: targets of 0 to 100, as for a percentage
    target = draw(_up_to(hundred))
    return _credits(draw, draw(directions), target, hundred, draw(currencies))


def credit_schemes(
    *,
    directions: st.SearchStrategy[Direction] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[CreditScheme]:
    """Service-credit schemes: a positive fee, one to three tiers, and a cap or none.

    The tiers lie on the bad side of a target from 0 to 100, as ``directions`` says: below it
    for higher-is-better KPIs, above it otherwise; the first tier is at the target.

    Args:
        directions: Which way is better for the KPI; either by default.
        currencies: The fee's currencies; all of ISO 4217 by default.
    """
    _check_strategy("credit_schemes(directions=...)", directions)
    _check_strategy("credit_schemes(currencies=...)", currencies)
    return _credit_schemes(
        _or(directions, st.sampled_from(Direction)), _or(currencies, _currencies_default())
    )


# -- risks and access -------------------------------------------------------------------------

_RISK_TEXT: Final = _text(
    "Key developer leaves mid-project", "Supplier staff misuse admin access", "Scope creep"
)
_MITIGATION: Final = _text("Pair programming and shared code ownership", "Least-privilege roles")
_CONTINGENCY: Final = _text("Bring in the bench team within two weeks", "Revoke and audit at once")
_RISK_CATEGORY: Final = st.sampled_from(RiskCategory)
_RISK_STATUS: Final = st.sampled_from(RiskStatus)
_ONE_TO_FIVE: Final = st.integers(1, 5)


def _risk(
    draw: Draw,
    id_: str,
    owners: st.SearchStrategy[str],
    treated: bool | None,  # noqa: FBT001
) -> Risk:
    """A risk; ``treated`` keeps ``RISK_TREATED``, ``False`` breaks it, ``None`` is either.

    Closed risks need no treatment, so they may lack any of it.
    """
    likelihood, impact = draw(_ONE_TO_FIVE), draw(_ONE_TO_FIVE)
    open_ = [s for s in RiskStatus if s is not RiskStatus.CLOSED]
    status = draw(st.sampled_from(open_) if treated is False else _RISK_STATUS)
    loose = treated is None or status is RiskStatus.CLOSED
    if treated is False:
        owner, mitigation, contingency = None, None, None
    else:
        owner = draw(st.none() | owners) if loose else draw(owners)
        mitigation = draw(st.none() | _MITIGATION) if loose else draw(_MITIGATION)
        high = likelihood * impact >= HIGH_RISK
        contingency = draw(_CONTINGENCY) if high and not loose else draw(st.none() | _CONTINGENCY)
    return Risk(
        id=id_,
        description=draw(_RISK_TEXT),
        category=draw(_RISK_CATEGORY),
        likelihood=likelihood,
        impact=impact,
        owner_id=owner,
        mitigation=mitigation,
        contingency=contingency,
        status=status,
    )


@st.composite
def _risks(
    draw: Draw,
    ids: st.SearchStrategy[str],
    owners: st.SearchStrategy[str],
    treated: bool | None,  # noqa: FBT001
) -> Risk:
    return _risk(draw, draw(ids), owners, treated)


def _check_flag(where: str, value: object) -> None:
    if value is not None and type(value) is not bool:
        raise InvalidValueError(where, value, "True, False, or None for either")


def risks(
    *,
    ids: st.SearchStrategy[str] | None = None,
    owner_ids: st.SearchStrategy[str] | None = None,
    treated: bool | None = None,
) -> st.SearchStrategy[Risk]:
    """Entries of the risk register, anywhere on the 5 x 5 grid, in any category and status.

    Args:
        ids: The ids to draw from; ``R-<n>`` by default.
        owner_ids: The owners to draw from; ``partner-<n>`` by default.
        treated: ``True`` for risks that keep ``RISK_TREATED`` (an owner and a mitigation, and a
            contingency plan when high, unless closed); ``False`` for open risks with none of
            these, which break it; ``None`` (the default) for either.
    """
    _check_strategy("risks(ids=...)", ids)
    _check_strategy("risks(owner_ids=...)", owner_ids)
    _check_flag("risks(treated=...)", treated)
    return _risks(_or(ids, _ids("R")), _or(owner_ids, _ids("partner")), treated)


_SYSTEM: Final = _text("Product information system", "Web shop admin", "Web analytics")
_SYSTEM_CLASS: Final = st.sampled_from(OfficeClass)
_ACCESS_LEVEL: Final = st.sampled_from(AccessLevel)
_LATER: Final = st.none() | st.integers(0, 400)


def _after(draw: Draw, day: dt.date) -> dt.date | None:
    """``None`` (the first choice), or a day on or after ``day``."""
    days = draw(_LATER)
    return None if days is None else _shift(day, days)


def _grant(  # noqa: PLR0913, PLR0917 - the parts that a contract decides; the rest is drawn here
    draw: Draw,
    id_: str,
    grantee: str,
    span: Term,
    approvers: st.SearchStrategy[str | None],
    client_approvers: st.SearchStrategy[str] | None,
) -> AccessGrant:
    """A grant from a day in ``span``; with ``client_approvers``, one that keeps the access rules.

    Write or admin access to a back-office system is then approved by the client's side.
    """
    system_class, level = draw(_SYSTEM_CLASS), draw(_ACCESS_LEVEL)
    sensitive = system_class is OfficeClass.BACK_OFFICE and level.changes_data
    granted = _days(draw, span.start, span.end)
    return AccessGrant(
        id=id_,
        grantee_id=grantee,
        system=draw(_SYSTEM),
        system_class=system_class,
        level=level,
        granted_on=granted,
        expires_on=_after(draw, granted),
        approved_by=draw(
            approvers if client_approvers is None or not sensitive else client_approvers
        ),
        revoked_on=_after(draw, granted),
    )


@st.composite
def _access_grants(
    draw: Draw,
    ids: st.SearchStrategy[str],
    grantee_ids: st.SearchStrategy[str],
    approver_ids: st.SearchStrategy[str | None],
    span: Term,
) -> AccessGrant:
    grant = _grant(draw, draw(ids), draw(grantee_ids), span, approver_ids, None)
    return attrs.evolve(
        grant,
        expires_on=None if grant.expires_on is None else min(grant.expires_on, span.end),
        revoked_on=None if grant.revoked_on is None else min(grant.revoked_on, span.end),
    )


def access_grants(
    *,
    ids: st.SearchStrategy[str] | None = None,
    grantee_ids: st.SearchStrategy[str] | None = None,
    approver_ids: st.SearchStrategy[str | None] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[AccessGrant]:
    """Access grants to any class of system at any level; some expire, some were revoked.

    Args:
        ids: The ids to draw from; ``G-<n>`` by default.
        grantee_ids: The people to grant access to; ``person-<n>`` by default.
        approver_ids: The approvers (or ``None``) to draw from; none or ``partner-<n>`` by
            default.
        min_date: The earliest day a grant starts.
        max_date: The latest day of a grant (its start, expiry and revocation).
    """
    _check_strategy("access_grants(ids=...)", ids)
    _check_strategy("access_grants(grantee_ids=...)", grantee_ids)
    _check_strategy("access_grants(approver_ids=...)", approver_ids)
    _check_dates("access_grants", min_date, max_date)
    return _access_grants(
        _or(ids, _ids("G")),
        _or(grantee_ids, _ids("person")),
        _or(approver_ids, st.none() | _ids("partner")),
        Term(start=min_date, end=max_date),
    )


# -- communication and support ----------------------------------------------------------------

_WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR")
_CADENCE_TEXT: Final = st.one_of(
    st.builds(
        "FREQ=WEEKLY;BYDAY={}".format,
        st.sampled_from(_WEEKDAYS),
    ),
    st.builds(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY={}".format,
        st.sampled_from(_WEEKDAYS),
    ),
    st.builds(
        "FREQ=MONTHLY;INTERVAL={};BYDAY={}{}".format,
        st.sampled_from((1, 3)),
        st.sampled_from(("1", "2", "-1")),
        st.sampled_from(_WEEKDAYS),
    ),
)


def meeting_cadences() -> st.SearchStrategy[str]:
    """RFC 5545 RRULE text for :attr:`Meeting.cadence`: weekly, fortnightly, monthly, quarterly.

    Every cadence recurs without end, shrinking towards ``"FREQ=WEEKLY;BYDAY=MO"``.
    """
    return _CADENCE_TEXT


_MEETING_KIND: Final = st.sampled_from(MeetingKind)
_MEETING_NAME: Final = {
    MeetingKind.STATUS: _text("Weekly status"),
    MeetingKind.STEERING: _text("Steering group"),
    MeetingKind.PARTNERSHIP_REVIEW: _text("Partnership review"),
    MeetingKind.DEMO: _text("Sprint demo"),
    MeetingKind.OTHER: _text("Architecture forum"),
}
_AGENDA: Final = st.sampled_from(("", "Progress against milestones, blockers, risks."))


def _meeting(
    draw: Draw,
    id_: str,
    kind: MeetingKind,
    participants: st.SearchStrategy[list[str]],
    span: Term,
) -> Meeting:
    return Meeting(
        id=id_,
        name=draw(_MEETING_NAME[kind]),
        kind=kind,
        cadence=draw(_CADENCE_TEXT),
        starts=_days(draw, span.start, span.end),
        participant_ids=tuple(draw(participants)),
        agenda=draw(_AGENDA),
    )


@st.composite
def _meetings(
    draw: Draw,
    ids: st.SearchStrategy[str],
    kinds: st.SearchStrategy[MeetingKind],
    participants: st.SearchStrategy[list[str]],
    span: Term,
) -> Meeting:
    return _meeting(draw, draw(ids), draw(kinds), participants, span)


def meetings(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[MeetingKind] | None = None,
    participant_ids: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Meeting]:
    """Recurring meetings of the communication plan (see :func:`meeting_cadences`).

    Args:
        ids: The ids to draw from; ``MT-<n>`` by default.
        kinds: What the meetings are for; every :class:`MeetingKind` by default.
        participant_ids: The participants to draw up to three from; ``partner-<n>`` by default.
        min_date: The earliest first day of a series.
        max_date: The latest first day of a series.
    """
    _check_strategy("meetings(ids=...)", ids)
    _check_strategy("meetings(kinds=...)", kinds)
    _check_strategy("meetings(participant_ids=...)", participant_ids)
    _check_dates("meetings", min_date, max_date)
    return _meetings(
        _or(ids, _ids("MT")),
        _or(kinds, _MEETING_KIND),
        st.lists(_or(participant_ids, _ids("partner")), unique=True, max_size=3),
        Term(start=min_date, end=max_date),
    )


_HOURS: Final = (1, 4, 8, 24, 72, 240)


@st.composite
def _response_times(draw: Draw, priorities: st.SearchStrategy[Priority]) -> ResponseTime:
    respond = draw(st.sampled_from(_HOURS))
    resolve = draw(st.sampled_from([h for h in _HOURS if h >= respond]))
    return ResponseTime(priority=draw(priorities), respond_hours=respond, resolve_hours=resolve)


def response_times(
    *, priorities: st.SearchStrategy[Priority] | None = None
) -> st.SearchStrategy[ResponseTime]:
    """Response and resolution times, in hours, resolution no faster than response.

    Args:
        priorities: The priorities to draw from; every :class:`Priority` by default.
    """
    _check_strategy("response_times(priorities=...)", priorities)
    return _response_times(_or(priorities, st.sampled_from(Priority)))


_TRAINING: Final = _words("Two days of operations training", "Admin handbook walkthrough")
_SUPPORT_DAYS: Final = st.integers(0, 90)
_RESPONSE_TIMES: Final = st.lists(
    response_times(), unique_by=lambda r: r.priority, max_size=len(Priority)
)


def _support(draw: Draw, go_live: str) -> SupportTerms:
    return SupportTerms(
        go_live_milestone_id=go_live,
        handover_days=draw(_SUPPORT_DAYS),
        training=draw(_TRAINING),
        hypercare_days=draw(_SUPPORT_DAYS),
        warranty_days=draw(_SUPPORT_DAYS),
        response_times=tuple(draw(_RESPONSE_TIMES)),
    )


@st.composite
def _support_terms(draw: Draw, go_live_ids: st.SearchStrategy[str]) -> SupportTerms:
    return _support(draw, draw(go_live_ids))


def support_terms(
    *, go_live_milestone_ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[SupportTerms]:
    """After-launch support: up to 90 days of handover, hypercare and warranty each, and more.

    Training, and response times for some priorities (each at most once), or none.

    Args:
        go_live_milestone_ids: The go-live milestones to draw from; ``M-<n>`` by default.
    """
    _check_strategy("support_terms(go_live_milestone_ids=...)", go_live_milestone_ids)
    return _support_terms(_or(go_live_milestone_ids, _ids("M")))


# -- choosing a partner, and whether to outsource at all --------------------------------------

_CANDIDATES: Final = ("kodehuset", "globex", "lumen", "bytewise")
_EVIDENCE: Final = st.sampled_from(("", "Reference call with a retailer"))
_CRITERION_NOTE: Final = st.sampled_from(("", "Proven in similar projects"))
_SCALES: Final = st.sampled_from((5, 10, 100))


@st.composite
def _criteria(
    draw: Draw, names: st.SearchStrategy[str], weights: st.SearchStrategy[int]
) -> Criterion:
    return Criterion(
        name=draw(names), weight=Decimal(draw(weights)), description=draw(_CRITERION_NOTE)
    )


def criteria(*, names: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Criterion]:
    """Weighted criteria of an evaluation; a weight of 0 leaves a criterion out.

    Args:
        names: The names to draw from; :data:`~outsourcing.evaluation.STANDARD_CRITERIA` or any
            text by default.
    """
    _check_strategy("criteria(names=...)", names)
    return _criteria(_or(names, _text(*STANDARD_CRITERIA)), st.integers(0, 100))


@st.composite
def _scores(
    draw: Draw, candidates: st.SearchStrategy[str], names: st.SearchStrategy[str], scale: int
) -> Score:
    return Score(
        candidate=draw(candidates),
        criterion=draw(names),
        value=_tenths(draw, 0, scale * 10),
        evidence=draw(_EVIDENCE),
    )


def scores(
    *,
    candidates: st.SearchStrategy[str] | None = None,
    criteria: st.SearchStrategy[str] | None = None,
    max_value: int = 5,
) -> st.SearchStrategy[Score]:
    """Scores in tenths from 0 to ``max_value``, some with evidence.

    Args:
        candidates: The candidates to draw from; a few partner names or any text by default.
        criteria: The criteria's names; :data:`~outsourcing.evaluation.STANDARD_CRITERIA` or any
            text by default.
        max_value: The highest score: the evaluation's scale.
    """
    _check_strategy("scores(candidates=...)", candidates)
    _check_strategy("scores(criteria=...)", criteria)
    _check_size("scores", "value", 0, max_value)
    return _scores(
        _or(candidates, _text(*_CANDIDATES)), _or(criteria, _text(*STANDARD_CRITERIA)), max_value
    )


@st.composite
def _evaluations(  # noqa: PLR0913, PLR0917 - the arguments of evaluations(), checked
    draw: Draw,
    ids: st.SearchStrategy[str],
    candidates: tuple[int, int],
    criteria_: tuple[int, int],
    span: Term,
    complete: bool,  # noqa: FBT001
) -> Evaluation:
    who = draw(
        st.lists(_text(*_CANDIDATES), unique=True, min_size=candidates[0], max_size=candidates[1])
    )
    names = draw(
        st.lists(
            _text(*STANDARD_CRITERIA), unique=True, min_size=criteria_[0], max_size=criteria_[1]
        )
    )
    # The first criterion counts, so that there is something to rank by.
    weighted = [
        draw(_criteria(st.just(name), st.integers(int(i == 0), 100)))
        for i, name in enumerate(names)
    ]
    scale = draw(_SCALES)
    given = [
        Score(
            candidate=candidate,
            criterion=name,
            value=_tenths(draw, 0, scale * 10),
            evidence=draw(_EVIDENCE),
        )
        for candidate in who
        for name in names
        if complete or draw(st.booleans())
    ]
    return Evaluation(
        id=draw(ids),
        evaluated_on=_days(draw, span.start, span.end),
        candidates=tuple(who),
        criteria=tuple(weighted),
        scores=tuple(given),
        scale=scale,
    )


def evaluations(  # noqa: PLR0913 - keyword arguments, as Hypothesis' own strategies take
    *,
    ids: st.SearchStrategy[str] | None = None,
    min_candidates: int = 1,
    max_candidates: int = 4,
    min_criteria: int = 1,
    max_criteria: int = len(STANDARD_CRITERIA),
    complete: bool = False,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Evaluation]:
    """Scorecards: candidates scored in tenths on weighted criteria, on a scale of 5, 10 or 100.

    The first criterion always has weight; others may have none.

    Args:
        ids: The ids to draw from; ``EV-<n>`` by default.
        min_candidates: The fewest candidates (at least 1).
        max_candidates: The most candidates.
        min_criteria: The fewest criteria (at least 1).
        max_criteria: The most criteria.
        complete: Whether every candidate has a score on every criterion; by default some scores
            may be missing.
        min_date: The earliest day of evaluation.
        max_date: The latest day of evaluation.
    """
    _check_strategy("evaluations(ids=...)", ids)
    _check_size("evaluations", "candidates", min_candidates, max_candidates, floor=1)
    _check_size("evaluations", "criteria", min_criteria, max_criteria, floor=1)
    if type(complete) is not bool:
        raise InvalidValueError("evaluations(complete=...)", complete, "True or False")
    _check_dates("evaluations", min_date, max_date)
    return _evaluations(
        _or(ids, _ids("EV")),
        (min_candidates, max_candidates),
        (min_criteria, max_criteria),
        Term(start=min_date, end=max_date),
        complete,
    )


_SUBJECT: Final = _text("Payroll", "Launch campaign for the new candy bar", "Help desk")
_CHOICE: Final = st.none() | st.sampled_from(SourcingChoice)
_OFFICE: Final = st.none() | st.sampled_from(OfficeClass)
_MAYBE_COUNTRY: Final = st.none() | countries()


@st.composite
def _sourcing_cases(draw: Draw, currencies: st.SearchStrategy[str], span: Term) -> SourcingCase:
    currency = draw(currencies)

    def amount(most: int) -> Money:
        return Money(_cents(draw, 0, most * 100), currency)

    def extra() -> Money | None:
        return amount(200_000) if draw(st.booleans()) else None

    return SourcingCase(
        subject=draw(_SUBJECT),
        considered_on=_days(draw, span.start, span.end),
        internal_cost=amount(1_000_000),
        external_quote=amount(1_000_000),
        management_overhead=extra(),
        transition_cost=extra(),
        risk_allowance=extra(),
        current=draw(_CHOICE),
        in_house_capacity=draw(st.booleans()),
        in_house_skills=draw(st.booleans()),
        office=draw(_OFFICE),
        client_country=draw(_MAYBE_COUNTRY),
        partner_country=draw(_MAYBE_COUNTRY),
    )


def sourcing_cases(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[SourcingCase]:
    """Insource-or-outsource cases: costs up to 1,000,000 and extras up to 200,000, in one currency.

    Args:
        currencies: The currency of each case; all of ISO 4217 by default.
        min_date: The earliest day the case is weighed.
        max_date: The latest day.
    """
    _check_strategy("sourcing_cases(currencies=...)", currencies)
    _check_dates("sourcing_cases", min_date, max_date)
    return _sourcing_cases(
        _or(currencies, _currencies_default()), Term(start=min_date, end=max_date)
    )


# -- scope changes ----------------------------------------------------------------------------
# Change requests are drawn for a given valid contract: a _Picker draws operations that fit it,
# one kind at a time, and remembers what they touched so that no two operations undo each other.

_CHANGE_TITLES: Final = st.sampled_from(
    ("Add a store finder", "Drop the loyalty pages", "Move the launch", "Widen search")
)
_RATIONALES: Final = st.sampled_from(
    ("The client's priorities changed.", "The pilot showed it is needed.", "Budget cut.")
)
_APPROVAL_NOTES: Final = st.sampled_from(("", "On condition that the pilot is repeated."))
_DECLINED: Final = st.sampled_from(("Not worth the cost.", "Overtaken by the new roadmap."))
_LEVEL: Final = st.sampled_from(ApprovalLevel)


@st.composite
def _tolerances(draw: Draw, levels: st.SearchStrategy[ApprovalLevel]) -> Tolerance:
    return Tolerance(
        level=draw(levels),
        cost_percent=Decimal(draw(st.integers(0, 50))),
        slip_days=draw(st.integers(0, 180)),
    )


def tolerances(
    *, levels: st.SearchStrategy[ApprovalLevel] | None = None
) -> st.SearchStrategy[Tolerance]:
    """Tolerances of 0-50 % cost and 0-180 days of slip, at a level drawn from ``levels``.

    Args:
        levels: The approval levels to draw from; every level by default.

    Raises:
        InvalidValueError: ``levels`` is not a strategy.
    """
    _check_strategy("tolerances(levels=...)", levels)
    return _tolerances(_or(levels, _LEVEL))


@st.composite
def _change_policies(draw: Draw) -> ChangePolicy:
    beyond = draw(_LEVEL)
    upto = [level for level in ApprovalLevel if level <= beyond]
    chosen = draw(st.lists(st.sampled_from(upto), unique=True, max_size=len(upto)))
    return ChangePolicy(
        tolerances=tuple(draw(_tolerances(st.just(level))) for level in sorted(chosen)),
        beyond=beyond,
    )


def change_policies() -> st.SearchStrategy[ChangePolicy]:
    """Change policies: tolerances for some levels up to the one needed beyond them all."""
    return _change_policies()


@st.composite
def _change_events(draw: Draw, statuses: st.SearchStrategy[ChangeStatus]) -> ChangeEvent:
    status = draw(statuses)
    approved = status is ChangeStatus.APPROVED
    who = _ids("partner")
    return ChangeEvent(
        status=status,
        on=_days(draw, MIN_DATE, MAX_DATE),
        by=draw(who) if approved else draw(st.none() | who),
        level=draw(_LEVEL) if approved else None,
        note=draw(_APPROVAL_NOTES if approved else st.just("") | _DECLINED),
    )


def change_events(
    *, statuses: st.SearchStrategy[ChangeStatus] | None = None
) -> st.SearchStrategy[ChangeEvent]:
    """Moves of a change request: an approval says who approved it and at which level.

    Args:
        statuses: The statuses moved to; approved, rejected, withdrawn or applied by default.

    Raises:
        InvalidValueError: ``statuses`` is not a strategy.
    """
    _check_strategy("change_events(statuses=...)", statuses)
    moved = st.sampled_from([s for s in ChangeStatus if s is not ChangeStatus.PROPOSED])
    return _change_events(_or(statuses, moved))


class _Picker:
    """What one drawn change has touched so far, so that no two operations undo each other."""

    def __init__(self, draw: Draw, contract: Contract, bounds: _Bounds | None) -> None:
        self.draw = draw
        self.touched: set[str] = set()
        self.contract = contract
        self.assignees = _assignees(contract)
        self.bounds = bounds

    def room(self, what: str, more: int) -> bool:
        """Whether ``what`` may grow by ``more`` (or shrink, if negative) within the bounds."""
        if self.bounds is None:
            return True
        low, high = getattr(self.bounds, what)
        return bool(low <= len(getattr(self.contract, what)) + more <= high)

    @property
    def last_day(self) -> dt.date:
        return MAX_DATE if self.bounds is None else min(MAX_DATE, self.bounds.dates[1])

    def fresh(self, prefix: str, used: set[str]) -> str:
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def subjects(self) -> set[str]:
        c = self.contract
        return {r.subject_id for r in c.responsibilities} | {
            x.id
            for items in (c.deliverables, c.milestones, c.phases, c.kpis, c.risks)
            for x in items
        }

    def untouched(
        self, items: tuple[Deliverable, ...] | tuple[Milestone, ...] | tuple[Phase, ...]
    ) -> list[str]:
        counts = collections.Counter(x.id for x in items)
        return [i for i, n in counts.items() if n == 1 and i not in self.touched]

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        return _days(self.draw, low, high)


def _op_add_deliverable(p: _Picker) -> Operation | None:
    if not p.room("deliverables", 1):
        return None
    new = p.fresh("D-new-", p.subjects())
    responsible = p.draw(
        st.lists(st.sampled_from(p.assignees), min_size=1, max_size=2, unique=True)
    )
    # Not to a milestone already paid: the payment would no longer have been payable.
    milestones_ = [m.id for m in p.contract.milestones if m.paid_on is None]
    milestone = p.draw(st.none() | st.sampled_from(milestones_)) if milestones_ else None
    p.touched.add(new)
    if milestone is not None:
        p.touched.add(milestone)
    return AddDeliverable(
        deliverable=Deliverable(id=new, title="Store finder", acceptance_criteria=("Reviewed",)),
        owner_id=p.draw(st.sampled_from(p.assignees)),
        responsible_ids=tuple(responsible),
        milestone_id=milestone,
    )


def _op_remove_deliverable(p: _Picker) -> Operation | None:
    ids = p.untouched(p.contract.deliverables)
    if not ids or not p.room("deliverables", -1):
        return None
    gone = p.draw(st.sampled_from(ids))
    p.touched.add(gone)
    p.touched.update(m.id for m in p.contract.milestones if gone in m.deliverable_ids)
    return RemoveDeliverable(deliverable_id=gone)


def _op_modify_deliverable(p: _Picker) -> Operation | None:
    ids = p.untouched(p.contract.deliverables)
    if not ids:
        return None
    chosen = p.draw(st.sampled_from(ids))
    p.touched.add(chosen)
    return ModifyDeliverable(
        deliverable_id=chosen, title=p.contract.deliverable(chosen).title + " (revised)"
    )


def _op_reassign(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    for d in p.untouched(c.deliverables):
        holders = {r.assignee_id for r in c.responsibilities if r.subject_id == d}
        free = [a for a in p.assignees if a not in holders]
        held = sorted(
            {
                (r.role.value, r.assignee_id)
                for r in c.responsibilities
                if r.subject_id == d and r.role in {Raci.ACCOUNTABLE, Raci.RESPONSIBLE}
            }
        )
        if free and held:
            options.append((d, free, held))
    if not options:
        return None
    d, free, held = p.draw(st.sampled_from(options))
    role, from_id = p.draw(st.sampled_from(held))
    p.touched.add(d)
    return Reassign(
        subject_id=d, role=Raci(role), from_id=from_id, to_id=p.draw(st.sampled_from(free))
    )


def _scheduled(p: _Picker) -> list[str]:
    c = p.contract
    return [
        i for i in p.untouched(c.milestones) if c.milestone(i).status is MilestoneStatus.SCHEDULED
    ]


def _op_move_milestone(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    for i in _scheduled(p):
        m = c.milestone(i)
        low, high = c.term.start, c.term.end
        if m.phase_id is not None:
            low, high = c.phase(m.phase_id).start, c.phase(m.phase_id).end
        if low < high:
            options.append((m, low, high))
    if not options:
        return None
    m, low, high = p.draw(st.sampled_from(options))
    due = p.day(low, high)
    if due == m.due:
        due = low if m.due != low else high
    p.touched.add(m.id)
    return MoveMilestone(milestone_id=m.id, due=due, reason="Scope changed")


def _op_cancel_milestone(p: _Picker) -> Operation | None:
    ids = _scheduled(p)
    if not ids:
        return None
    chosen = p.draw(st.sampled_from(ids))
    p.touched.add(chosen)
    return CancelMilestone(milestone_id=chosen)


def _op_change_payment(p: _Picker) -> Operation | None:
    c = p.contract
    ids = [
        i
        for i in p.untouched(c.milestones)
        if c.milestone(i).paid_on is None and c.milestone(i).status is not MilestoneStatus.CANCELLED
    ]
    if not ids:
        return None
    m = c.milestone(p.draw(st.sampled_from(ids)))
    others = sum(
        (
            x.payment.amount
            for x in c.milestones
            if x.id != m.id and x.payment is not None and x.status is not MilestoneStatus.CANCELLED
        ),
        Decimal(0),
    )
    cents = int((c.value.amount - others) * 100)
    choices: list[Money | None] = [] if m.payment is None else [None]
    if cents >= 1:
        amount = Decimal(p.draw(st.integers(1, cents))) / 100
        if m.payment is None or amount != m.payment.amount:
            choices.append(Money(amount, c.currency))
    if not choices:
        return None
    p.touched.add(m.id)
    return ChangePayment(milestone_id=m.id, payment=p.draw(st.sampled_from(choices)))


def _op_extend_term(p: _Picker) -> Operation | None:
    end = p.contract.term.end
    if "$term" in p.touched or end >= p.last_day:
        return None
    p.touched.add("$term")
    return ExtendTerm(end=p.day(end + _DAY, min(p.last_day, _shift(end, 60))))


def _op_extend_phase(p: _Picker) -> Operation | None:
    c = p.contract
    options = []
    ordered = c.phases_in_order()
    free = p.untouched(c.phases)
    for k, phase in enumerate(ordered):
        if phase.id not in free:
            continue
        room = ordered[k + 1].start - _DAY if k + 1 < len(ordered) else c.term.end
        if room > phase.end:
            options.append((phase, room))
    if not options:
        return None
    phase, room = p.draw(st.sampled_from(options))
    p.touched.add(phase.id)
    return ExtendPhase(phase_id=phase.id, end=p.day(phase.end + _DAY, room))


def _op_add_milestone(p: _Picker) -> Operation | None:
    c = p.contract
    if not p.room("milestones", 1):
        return None
    new = p.fresh("M-new-", p.subjects())
    p.touched.add(new)
    return AddMilestone(
        milestone=Milestone(id=new, title="Extra checkpoint", due=p.day(c.term.start, c.term.end))
    )


def _op_add_phase(p: _Picker) -> Operation | None:
    # After the last phase, and only once its gate let the next one start (GATE_BEFORE_NEXT).
    c = p.contract
    if not p.room("phases", 1):
        return None
    ordered = c.phases_in_order()
    start = c.term.start
    if ordered:
        gate = ordered[-1].gate
        if not gate.decision.lets_next_start or gate.decided_on is None:
            return None
        start = max(ordered[-1].end + _DAY, gate.decided_on)
    if start > c.term.end:
        return None
    new = p.fresh("PH-new-", p.subjects())
    p.touched.add(new)
    return AddPhase(
        phase=Phase(id=new, name="Extra phase", start=start, end=p.day(start, c.term.end))
    )


def _op_change_value(p: _Picker) -> Operation | None:
    if "$value" in p.touched:
        return None
    p.touched.add("$value")
    value = p.contract.value
    raise_by = Decimal(p.draw(st.integers(1, 10**8))) / 100
    return ChangeValue(value=Money(value.amount + raise_by, value.currency))


_KINDS: Final[tuple[Callable[[_Picker], Operation | None], ...]] = (
    _op_add_deliverable,
    _op_remove_deliverable,
    _op_modify_deliverable,
    _op_reassign,
    _op_add_milestone,
    _op_move_milestone,
    _op_cancel_milestone,
    _op_change_payment,
    _op_add_phase,
    _op_extend_phase,
    _op_extend_term,
    _op_change_value,
)
_KIND: Final = st.sampled_from(_KINDS)


def _change_request(
    draw: Draw, contract: Contract, least: int, most: int, bounds: _Bounds | None = None
) -> ChangeRequest:
    """A change request that fits ``contract``, keeping within ``bounds`` if given.

    Without bounds an AddMilestone always fits, so the request has ``least`` to ``most``
    operations; within bounds it may have fewer (a ChangeValue, at least).
    """
    picker = _Picker(draw, contract, bounds)
    ids = {c.id for c in contract.change_requests}
    last = contract.amendments[-1].date if contract.amendments else contract.term.start
    requested_on = max(picker.day(min(last, contract.term.end), contract.term.end), last)
    operations: list[Operation] = []
    slip = 0
    wanted = draw(st.integers(least, most))
    tries = 0
    while len(operations) < wanted and (bounds is None or tries < 8 * wanted):
        tries += 1
        op = draw(_KIND)(picker)
        if op is None:
            continue
        picker.contract, days, problems = apply_operations(picker.contract, (op,), on=requested_on)
        assert not problems, problems  # noqa: S101 - the picker's own invariant
        slip = max(slip, days)
        operations.append(op)
    if not operations:
        op = _op_change_value(picker)
        assert op is not None  # noqa: S101 - nothing was touched
        operations.append(op)
    cost = draw(st.none() | st.integers(-(10**6), 10**6))
    return ChangeRequest(
        id=picker.fresh("CR-", ids),
        title=draw(_CHANGE_TITLES),
        rationale=draw(_RATIONALES),
        requested_by=draw(st.sampled_from(picker.assignees)),
        requested_on=requested_on,
        operations=tuple(operations),
        cost_impact=None if cost is None else Money(Decimal(cost) / 100, contract.currency),
        schedule_impact_days=slip + draw(st.integers(0, 10)),
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


def _one_change(draw: Draw, contract: Contract, bounds: _Bounds) -> Contract:
    """The contract with one more change request in its register: applied, approved or decided.

    An approved change is applied with :func:`outsourcing.changes.apply_change`, approved at the
    level the
    policy asks for or higher; if the result would break a rule as of some date it stays approved.
    """
    change = _change_request(draw, contract, 1, 3, bounds)
    fate = draw(_FATES)
    if fate is ChangeStatus.PROPOSED:
        return attrs.evolve(contract, change_requests=(*contract.change_requests, change))
    by = draw(st.sampled_from(_assignees(contract)))
    on = _days(draw, change.requested_on, max(change.requested_on, contract.term.end))
    if fate is ChangeStatus.REJECTED:
        decided = reject_change(change, by=by, on=on, reason=draw(_DECLINED))
    elif fate is ChangeStatus.WITHDRAWN:
        decided = withdraw_change(change, by=by, on=on, reason=draw(_DECLINED))
    else:
        needed = approval_needed(contract, change)
        level = draw(st.sampled_from([lv for lv in ApprovalLevel if lv >= needed]))
        decided = approve_change(change, by=by, level=level, on=on, note=draw(_APPROVAL_NOTES))
    if fate is ChangeStatus.APPLIED:
        applied_on = _days(draw, on, max(on, contract.term.end))
        recorder = draw(st.none() | st.sampled_from(_assignees(contract)))
        try:
            amended = apply_change(contract, decided, on=applied_on, by=recorder)
        except ChangeRefusedError:
            pass
        else:
            if validate(amended, as_of=amended.term.end, rules=_AS_OF_RULES).ok:
                return amended
    return attrs.evolve(contract, change_requests=(*contract.change_requests, decided))


# Applied first: examples shrink towards a change that was applied.
_FATES: Final = st.sampled_from(
    (
        ChangeStatus.APPLIED,
        ChangeStatus.APPLIED,
        ChangeStatus.APPROVED,
        ChangeStatus.PROPOSED,
        ChangeStatus.REJECTED,
        ChangeStatus.WITHDRAWN,
    )
)
_AS_OF_RULES: Final = tuple(code for code, r in CATALOGUE.items() if r.needs_as_of)


def _apply_one(draw: Draw, contract: Contract) -> Contract | None:
    """The contract with one more change, approved at the level it needs and applied, or None."""
    for _ in range(3):
        change = _change_request(draw, contract, 1, 2)
        by = draw(st.sampled_from(_assignees(contract)))
        level = approval_needed(contract, change)
        on = change.requested_on
        approved = approve_change(change, by=by, level=level, on=on)
        try:
            amended = apply_change(contract, approved, on=on)
        except ChangeRefusedError:
            continue
        if validate(amended, as_of=amended.term.end, rules=_AS_OF_RULES).ok:
            return amended
    return None


_SHOWN: Final = _text("D-1 'Checkout'", "2026-03-01", "1200.00 EUR", "none")
_SECTIONS: Final = st.sampled_from(("deliverables", "milestones", "phases", "term", "value"))
_FIELDS: Final = st.none() | st.sampled_from(("title", "due", "end", "payment"))


@st.composite
def _differences(draw: Draw) -> Difference:
    kind = draw(st.sampled_from(DifferenceKind))
    section = draw(_SECTIONS)
    whole = section in {"term", "value"}
    return Difference(
        section=section,
        key=None if whole else draw(_ids(section[0].upper())),
        field=draw(_FIELDS) if kind is DifferenceKind.CHANGED and section != "value" else None,
        kind=kind,
        before=None if kind is DifferenceKind.ADDED else draw(_SHOWN),
        after=None if kind is DifferenceKind.REMOVED else draw(_SHOWN),
    )


def differences() -> st.SearchStrategy[Difference]:
    """Differences between two versions: an added item has no before, a removed one no after."""
    return _differences()


@st.composite
def _amendments(draw: Draw) -> Amendment:
    amended = _apply_one(draw, draw(_small_contracts()))
    if amended is None:  # pragma: no cover - a drawn change fits its contract
        reject()
    return amended.amendments[-1]


def amendments() -> st.SearchStrategy[Amendment]:
    """Amendments, drawn by applying a drawn change to a drawn contract with ``apply_change``."""
    return _amendments()


_PARTNER_ID: Final = _ids("partner")
_MILESTONE_ID: Final = _ids("M")
_PHASE_ID: Final = _ids("PH")
_DELIVERABLE_ID: Final = _ids("D")
_NEW_TITLE: Final = st.none() | _text("Store finder (revised)", "Checkout")
_NEW_DESCRIPTION: Final = st.none() | st.sampled_from([d for d in _DESCRIPTIONS if d])
_NEW_CRITERIA: Final = st.none() | _words(*_CRITERIA)


def _day(draw: Draw) -> dt.date:
    return _days(draw, MIN_DATE, MAX_DATE)


def _modify(draw: Draw) -> ModifyDeliverable:
    title, description, criteria = draw(_NEW_TITLE), draw(_NEW_DESCRIPTION), draw(_NEW_CRITERIA)
    if title is None and description is None and criteria is None:
        title = "Checkout"
    return ModifyDeliverable(
        deliverable_id=draw(_DELIVERABLE_ID),
        title=title,
        description=description,
        acceptance_criteria=criteria,
    )


def _reassign_any(draw: Draw) -> Reassign:
    from_id, to_id = draw(st.none() | _PARTNER_ID), draw(st.none() | _PARTNER_ID)
    if from_id == to_id:
        to_id = None if from_id is not None else "partner-1"
    return Reassign(
        subject_id=draw(_DELIVERABLE_ID), role=draw(_ANY_ROLE), from_id=from_id, to_id=to_id
    )


_BUILD: Final[Mapping[type, Callable[[Draw], Operation]]] = {
    AddDeliverable: lambda draw: AddDeliverable(
        deliverable=draw(deliverables()),
        owner_id=draw(_PARTNER_ID),
        responsible_ids=tuple(draw(st.lists(_PARTNER_ID, min_size=1, max_size=2, unique=True))),
        milestone_id=draw(st.none() | _MILESTONE_ID),
    ),
    RemoveDeliverable: lambda draw: RemoveDeliverable(deliverable_id=draw(_DELIVERABLE_ID)),
    ModifyDeliverable: _modify,
    Reassign: _reassign_any,
    AddMilestone: lambda draw: AddMilestone(milestone=draw(milestones())),
    MoveMilestone: lambda draw: MoveMilestone(
        milestone_id=draw(_MILESTONE_ID), due=_day(draw), reason=draw(_REASON)
    ),
    CancelMilestone: lambda draw: CancelMilestone(milestone_id=draw(_MILESTONE_ID)),
    ChangePayment: lambda draw: ChangePayment(
        milestone_id=draw(_MILESTONE_ID), payment=draw(st.none() | money())
    ),
    AddPhase: lambda draw: AddPhase(phase=draw(phases())),
    ExtendPhase: lambda draw: ExtendPhase(phase_id=draw(_PHASE_ID), end=_day(draw)),
    ExtendTerm: lambda draw: ExtendTerm(end=_day(draw)),
    ChangeValue: lambda draw: ChangeValue(value=draw(money())),
}


@st.composite
def _operations(draw: Draw, kinds: st.SearchStrategy[type]) -> Operation:
    return _BUILD[draw(kinds)](draw)


def operations(*, kinds: Sequence[type] | None = None) -> st.SearchStrategy[Operation]:
    """Operations of a change request, each valid on its own; the ids they name are arbitrary.

    To draw operations that fit a contract, draw a change request for it with
    :func:`change_requests`.

    Args:
        kinds: The operation classes to draw (such as ``[outsourcing.ExtendTerm]``); all twelve
            by default.

    Raises:
        InvalidValueError: ``kinds`` is empty or holds something that is not an operation class.
    """
    chosen = tuple(_BUILD) if kinds is None else tuple(kinds)
    if not chosen or any(kind not in _BUILD for kind in chosen):
        raise InvalidValueError(
            "operations(kinds=...)", kinds, "operation classes, such as AddDeliverable"
        )
    return _operations(st.sampled_from(chosen))


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
    min_risks: int
    max_risks: int
    min_access_grants: int
    max_access_grants: int
    min_change_requests: int
    max_change_requests: int
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
    risks: tuple[int, int]
    access_grants: tuple[int, int]
    change_requests: tuple[int, int]
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
    ended = any(day is not None and day <= span.end for day in (grant.expires_on, grant.revoked_on))
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
    return _kpi(draw, _UNNAMED, owners, term.start, term.end, currency)


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
    contract = Contract(
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
        risks=tuple(risks_),
        access_grants=tuple(grants),
        meetings=tuple(meetings_),
        support=support,
        change_policy=draw(_POLICY),
        extensions=draw(_EXTENSIONS),
    )
    # Then its changes, as the lifecycle functions record them: version 1 + one per amendment.
    for _ in range(draw(st.integers(*bounds.change_requests))):
        contract = _one_change(draw, contract, bounds)
    return contract


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
    the next version. Examples shrink to one client, one supplier and no more than they need.

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
        )
    )


# -- what the library computes ----------------------------------------------------------------
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


def _around(draw: Draw, span: Term) -> dt.date:
    """A day from a month before ``span`` to a month after it."""
    return _days(draw, _shift(span.start, -31), _shift(span.end, 31))


@st.composite
def _status_reports(draw: Draw, base: st.SearchStrategy[Contract]) -> StatusReport:
    contract = draw(base)
    return status_report(contract, as_of=_around(draw, contract.term))


def status_reports(
    *, contracts: st.SearchStrategy[Contract] | None = None
) -> st.SearchStrategy[StatusReport]:
    """Status reports of contracts (small ones by default) as of a day around their term.

    Args:
        contracts: The contracts to report on; small ones from :func:`contracts` by default.
    """
    _check_strategy("status_reports(contracts=...)", contracts)
    return _status_reports(_or(contracts, _small_contracts()))


@st.composite
def _payment_schedules(draw: Draw, base: st.SearchStrategy[Contract]) -> PaymentSchedule:
    contract = draw(base)
    return payment_schedule(contract, _around(draw, contract.term))


def payment_schedules(
    *, contracts: st.SearchStrategy[Contract] | None = None
) -> st.SearchStrategy[PaymentSchedule]:
    """Payment schedules of contracts (small ones by default) as of a day around their term.

    Args:
        contracts: The contracts to schedule; small ones from :func:`contracts` by default.
            Their amounts must be in one currency.
    """
    _check_strategy("payment_schedules(contracts=...)", contracts)
    return _payment_schedules(_or(contracts, _small_contracts()))


_PAYMENT_STATE: Final = st.sampled_from(PaymentState)


@st.composite
def _payment_lines(draw: Draw, currencies: st.SearchStrategy[str]) -> PaymentLine:
    state = draw(_PAYMENT_STATE)
    due = _days(draw, MIN_DATE, MAX_DATE)
    return PaymentLine(
        milestone_id=draw(_ids("M")),
        title=draw(_MILESTONE_TITLE),
        amount=Money(_cents(draw), draw(currencies)),
        due=due,
        state=state,
        paid_on=_around(draw, Term(start=due, end=due)) if state is PaymentState.PAID else None,
    )


def payment_lines(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[PaymentLine]:
    """Lines of a payment schedule: a positive amount in any state, paid ones with the day.

    Args:
        currencies: The currencies of the amounts; all of ISO 4217 by default.
    """
    _check_strategy("payment_lines(currencies=...)", currencies)
    return _payment_lines(_or(currencies, _currencies_default()))


@st.composite
def _kpi_evaluations(draw: Draw, currencies: st.SearchStrategy[str]) -> KPIEvaluation:
    term = draw(_terms(MIN_DATE, MAX_DATE))
    kpi = _kpi(draw, draw(_ids("KPI")), st.none(), term.start, term.end, currencies)
    return evaluate_kpi(kpi, term, _around(draw, term))


def kpi_evaluations(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[KPIEvaluation]:
    """How a KPI from :func:`kpis` fared over a term, as of a day around it.

    Args:
        currencies: The currencies of service-credit fees; all of ISO 4217 by default.
    """
    _check_strategy("kpi_evaluations(currencies=...)", currencies)
    return _kpi_evaluations(_or(currencies, _currencies_default()))


@st.composite
def _evaluation_windows(draw: Draw) -> EvaluationWindow:
    span = draw(_terms(MIN_DATE, MAX_DATE))
    return EvaluationWindow(start=span.start, end=span.end, complete=draw(st.booleans()))


def evaluation_windows() -> st.SearchStrategy[EvaluationWindow]:
    """Spans of days over which a KPI is judged, complete or not."""
    return _evaluation_windows()


_JUDGED: Final = st.sampled_from((KPIState.MET, KPIState.AT_RISK, KPIState.BREACHED))


@st.composite
def _window_results(draw: Draw, currencies: st.SearchStrategy[str]) -> WindowResult:
    window = draw(_evaluation_windows())
    count = draw(st.integers(0, 31))
    credit = window.complete and count > 0 and draw(st.booleans())
    return WindowResult(
        window=window,
        value=_tenths(draw, 0, 1000) if count else None,
        measurements=count,
        state=draw(_JUDGED) if count else KPIState.NO_DATA,
        credit=Money(_cents(draw, 0), draw(currencies)) if credit else None,
    )


def window_results(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[WindowResult]:
    """A KPI's value and state in one window, and the service credit it earned.

    A window without measurements has no data; only complete windows earn credits.

    Args:
        currencies: The currencies of credits; all of ISO 4217 by default.
    """
    _check_strategy("window_results(currencies=...)", currencies)
    return _window_results(_or(currencies, _currencies_default()))


def rankings(
    *, evaluations: st.SearchStrategy[Evaluation] | None = None
) -> st.SearchStrategy[Ranking]:
    """Rankings of evaluations, candidates with missing scores left out or counted as 0.

    Args:
        evaluations: The evaluations to rank; :func:`evaluations` by default.
    """
    _check_strategy("rankings(evaluations=...)", evaluations)
    return st.builds(
        rank, _or(evaluations, _evaluations_default()), missing=st.sampled_from(MissingScores)
    )


def _evaluations_default(*, complete: bool = False) -> st.SearchStrategy[Evaluation]:
    """:func:`evaluations`, for functions whose ``evaluations`` argument hides it."""
    return evaluations(complete=complete)


def standings() -> st.SearchStrategy[Standing]:
    """Places of candidates in the rankings of complete evaluations."""
    ranked = rankings(evaluations=_evaluations_default(complete=True))
    return ranked.flatmap(lambda r: st.sampled_from(r.standings))


@st.composite
def _unranked(draw: Draw) -> Unranked:
    missing = draw(st.lists(_text(*STANDARD_CRITERIA), unique=True, min_size=1, max_size=3))
    return Unranked(candidate=draw(_text(*_CANDIDATES)), missing=tuple(missing))


def unranked() -> st.SearchStrategy[Unranked]:
    """Candidates left out of a ranking, with the one to three criteria they lack scores on."""
    return _unranked()


_MAYBE_SCORE: Final = st.none() | st.integers(0, 50).map(lambda n: Decimal(n).scaleb(-1))


@st.composite
def _movements(draw: Draw) -> Movement:
    before, after = draw(_MAYBE_SCORE), draw(_MAYBE_SCORE)
    if before == after:  # what_moved leaves out scores that did not move
        after = None if before is not None else Decimal(0)
    return Movement(criterion=draw(_text(*STANDARD_CRITERIA)), before=before, after=after)


def movements() -> st.SearchStrategy[Movement]:
    """Scores that moved between two reviews, or were given in only one of them."""
    return _movements()


def sourcing_decisions(
    *, cases: st.SearchStrategy[SourcingCase] | None = None
) -> st.SearchStrategy[SourcingDecision]:
    """Decisions on sourcing cases, with their reasons (see :func:`outsourcing.sourcing.decide`).

    Args:
        cases: The cases to decide; :func:`sourcing_cases` by default.
    """
    _check_strategy("sourcing_decisions(cases=...)", cases)
    return st.builds(decide, _or(cases, _sourcing_cases_default()))


def _sourcing_cases_default() -> st.SearchStrategy[SourcingCase]:
    return sourcing_cases()


_REVOKE_REASONS: Final = st.lists(
    st.sampled_from(RevokeReason), unique=True, min_size=1, max_size=len(RevokeReason)
)


@st.composite
def _revocations(draw: Draw) -> Revocation:
    grant = draw(access_grants())
    reasons = draw(_REVOKE_REASONS)
    if grant.expires_on is None and reasons != [RevokeReason.EXPIRED]:
        reasons = [r for r in reasons if r is not RevokeReason.EXPIRED]
    elif grant.expires_on is None:
        reasons = [RevokeReason.PERSON_GONE]
    return Revocation(
        path=f"$.access_grants[{draw(st.integers(0, 9))}]", grant=grant, reasons=tuple(reasons)
    )


def revocations() -> st.SearchStrategy[Revocation]:
    """Grants that must be revoked, and why (expiry only for grants that expire)."""
    return _revocations()


_PHASE_STATE: Final = st.sampled_from(PhaseState)


@st.composite
def _phase_progress(draw: Draw) -> PhaseProgress:
    span = draw(_terms(MIN_DATE, MAX_DATE))
    kind = draw(_PHASE_KIND)
    milestones_, deliverables_ = draw(st.integers(0, 5)), draw(st.integers(0, 8))
    return PhaseProgress(
        phase_id=draw(_ids("PH")),
        name=draw(_PHASE_NAME[kind]),
        kind=kind,
        start=span.start,
        end=span.end,
        state=draw(_PHASE_STATE),
        milestones_met=draw(st.integers(0, milestones_)),
        milestones=milestones_,
        deliverables_accepted=draw(st.integers(0, deliverables_)),
        deliverables=deliverables_,
        gate=draw(_DECISION),
    )


def phase_progress() -> st.SearchStrategy[PhaseProgress]:
    """How far phases have come: no more met or accepted than there are."""
    return _phase_progress()


_ATTENTION: Final = st.sampled_from((Timeliness.LATE, Timeliness.DUE_SOON))


@st.composite
def _milestone_progress(draw: Draw) -> MilestoneProgress:
    return MilestoneProgress(
        milestone_id=draw(_ids("M")),
        title=draw(_MILESTONE_TITLE),
        due=_days(draw, MIN_DATE, MAX_DATE),
        timeliness=draw(_ATTENTION),
        rebaselined=draw(st.booleans()),
    )


def milestone_progress() -> st.SearchStrategy[MilestoneProgress]:
    """Milestones that need attention in a status report: late or due soon."""
    return _milestone_progress()


@st.composite
def _pending_acceptances(draw: Draw) -> PendingAcceptance:
    wording = draw(_WORDING)
    return PendingAcceptance(
        deliverable_id=draw(_ids("D")),
        title=draw(_FREE_TEXT) if wording is None else wording[0],
        submitted_on=_days(draw, MIN_DATE, MAX_DATE) if draw(st.booleans()) else None,
    )


def pending_acceptances() -> st.SearchStrategy[PendingAcceptance]:
    """Deliverables waiting for the client's verdict, with the day they were submitted or not."""
    return _pending_acceptances()


_OPEN: Final = st.sampled_from((GateDecision.PENDING, GateDecision.HOLD))


@st.composite
def _open_gates(draw: Draw) -> OpenGate:
    kind = draw(_PHASE_KIND)
    return OpenGate(
        phase_id=draw(_ids("PH")),
        name=draw(_PHASE_NAME[kind]),
        decision=draw(_OPEN),
        phase_end=_days(draw, MIN_DATE, MAX_DATE),
    )


def open_gates() -> st.SearchStrategy[OpenGate]:
    """Gates of started phases, pending or on hold."""
    return _open_gates()


@st.composite
def _next_meetings(draw: Draw) -> NextMeeting:
    kind = draw(_MEETING_KIND)
    return NextMeeting(
        meeting_id=draw(_ids("MT")),
        name=draw(_MEETING_NAME[kind]),
        kind=kind,
        on=_days(draw, MIN_DATE, MAX_DATE),
    )


def next_meetings() -> st.SearchStrategy[NextMeeting]:
    """The next occurrence of meetings of every kind."""
    return _next_meetings()


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
    currency = draw(st.sampled_from([x for x in _currencies_in_order() if x != c.currency]))
    fees = [k for k, kpi in enumerate(c.kpis) if kpi.credits is not None]
    # A change request's cost impact, if the change policy does not count it (not applied, or no
    # cost impact so far).
    costs = [
        i
        for i, x in enumerate(c.change_requests)
        if x.status is not ChangeStatus.APPLIED or x.cost_impact is None
    ]
    places = ["payment", *(["fee"] if fees else []), *(["cost"] if costs else [])]
    where = draw(st.sampled_from(places))
    if where == "cost":
        i = draw(st.sampled_from(costs))
        cost = c.change_requests[i].cost_impact
        amount = cost.amount if cost is not None else _cents(draw)
        impact = Money(amount, currency)
        return attrs.evolve(c, change_requests=_replace(c.change_requests, i, cost_impact=impact))
    if where == "fee":  # a service-credit fee in another currency
        k = draw(st.sampled_from(fees))
        scheme: Any = c.kpis[k].credits
        fee = Money(scheme.fee.amount, currency)
        return attrs.evolve(c, kpis=_replace(c.kpis, k, credits=attrs.evolve(scheme, fee=fee)))
    i = _index(draw, c.milestones)
    paid = c.milestones[i].payment
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
    cancelled = m.status is MilestoneStatus.CANCELLED
    status = MilestoneStatus.SCHEDULED if cancelled else m.status
    amount = c.value.amount - _owed(c.milestones, c.currency, skip=i) + _cents(draw)
    payment = Money(amount, c.currency)
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
            phase.gate, decision=GateDecision.PENDING, decided_on=None, decided_by=None, results=()
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


def _outsider(draw: Draw, c: Contract) -> tuple[Contract, Person]:
    """A person of a party other than the client: one of the contract's, or one added to it."""
    client = _client_id(c)
    partners = {p.id for p in c.parties}
    theirs = [p for p in c.people if p.partner_id != client and p.partner_id in partners]
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
    later = None if term.end == dt.date.max else _shift(term.end, draw(st.integers(1, 400)))
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
    partners = {p.id for p in c.parties}
    others = [p.id for p in c.parties if p.id != client] + [
        p.id for p in c.people if p.partner_id != client and p.partner_id in partners
    ]
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
    end = min(grant.expires_on or c.term.end, c.term.end)
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
    signed = c.amendments[0].value_before
    applied: list[ChangeRequest] = []
    found = []
    for amendment in c.amendments:
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
    if how == "twice":  # a change applied a second time (if that keeps within the policy)
        k = _index(draw, amendments_)
        again = attrs.evolve(
            amendments_[k], version=c.version + 1, date=amendments_[-1].date, summary=()
        )
        twice = attrs.evolve(c, amendments=(*amendments_, again), version=c.version + 1)
        if not list(CATALOGUE["CHANGE_WITHIN_POLICY"](twice, None)):
            return twice
    if how == "unrecorded":  # the last change applied, but its amendment left out
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
