"""Strategies for billing: recurring charges and their lines, transactions, and approvers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from outsourcing._models.billing import (
    ChargeLine,
    ChargePeriod,
    Proration,
    RecurringCharge,
    Transaction,
    TransactionKind,
)
from outsourcing._models.changes import ApprovalLevel, Approver
from outsourcing._models.contract import Term
from outsourcing._models.money import Money, Rounding
from outsourcing._models.partners import PartnerRole
from outsourcing.strategies._money import _cents, _currencies_default
from outsourcing.strategies._shared import (
    MAX_DATE,
    MIN_DATE,
    Draw,
    _check_strategy,
    _days,
    _ids,
    _or,
    _text,
)

_CHARGE_TITLE: Final = _text("Service fee", "Customer service, 24x7", "Managed hosting")
_PERIOD: Final = st.sampled_from(ChargePeriod)
_PRORATION: Final = st.sampled_from(Proration)
_INDEXATION: Final = st.none() | st.integers(-50, 100).map(lambda n: Decimal(n).scaleb(-1))
_ROUNDING: Final = st.sampled_from(Rounding)
_KIND: Final = st.sampled_from(TransactionKind)
_REFERENCE: Final = st.none() | _text("INV-2026-001", "CN-7", "SEPA 4411")
_LEVEL: Final = st.sampled_from(ApprovalLevel)
_ROLE: Final = st.sampled_from(PartnerRole)


def _charge(draw: Draw, id_: str, term: Term, currency: str) -> RecurringCharge:
    """A charge that runs inside ``term``, in whole minor units of ``currency``."""
    start = _days(draw, term.start, term.last_day)
    end = None if draw(st.booleans()) else _days(draw, start, term.last_day)
    return RecurringCharge(
        id=id_,
        title=draw(_CHARGE_TITLE),
        amount=Money(_cents(draw, 1, 10**8, currency=currency), currency),
        period=draw(_PERIOD),
        start=start,
        end=end,
        proration=draw(_PRORATION),
        indexation_percent=draw(_INDEXATION),
    )


@st.composite
def _recurring_charges(draw: Draw, currencies: st.SearchStrategy[str]) -> RecurringCharge:
    # Within two years, so that its lines stay few.
    start = _days(draw, MIN_DATE, MAX_DATE - dt.timedelta(days=800))
    term = Term(start=start, end=_days(draw, start, start + dt.timedelta(days=730)))
    return _charge(draw, draw(_ids("F")), term, draw(currencies))


def recurring_charges(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[RecurringCharge]:
    """Recurring charges of any period, prorated or not, sometimes indexed, over up to two years.

    Args:
        currencies: The currencies of the fees; all of ISO 4217 by default.
    """
    _check_strategy("recurring_charges(currencies=...)", currencies)
    return _recurring_charges(_or(currencies, _currencies_default()))


@st.composite
def _charge_lines(draw: Draw, charges: st.SearchStrategy[RecurringCharge]) -> ChargeLine:
    charge = draw(charges)
    last = charge.end or charge.start + dt.timedelta(days=draw(st.integers(0, 400)))
    lines = charge.lines(last, draw(_ROUNDING))
    return draw(st.sampled_from(lines))


def charge_lines(
    *, charges: st.SearchStrategy[RecurringCharge] | None = None
) -> st.SearchStrategy[ChargeLine]:
    """Lines of drawn recurring charges, drawn by running :meth:`outsourcing.RecurringCharge.lines`.

    Args:
        charges: The charges; :func:`recurring_charges` by default.
    """
    _check_strategy("charge_lines(charges=...)", charges)
    return _charge_lines(_or(charges, recurring_charges()))


def _transaction(  # noqa: PLR0913 - what a contract decides; the rest is drawn here
    draw: Draw,
    id_: str,
    *,
    term: Term,
    currency: str,
    parties: list[str],
    milestone_ids: list[str],
    charge_ids: list[str],
) -> Transaction:
    """A transaction between two of ``parties`` that links only to what exists."""
    payer = draw(st.sampled_from(parties))
    payee = draw(st.sampled_from([p for p in parties if p != payer]))
    link = draw(st.sampled_from(("none", "milestone", "charge", "period")))
    milestone_id = charge_id = period = None
    if link == "milestone" and milestone_ids:
        milestone_id = draw(st.sampled_from(milestone_ids))
    elif link == "charge" and charge_ids:
        charge_id = draw(st.sampled_from(charge_ids))
        if draw(st.booleans()):
            period = _days(draw, term.start, term.last_day).replace(day=1)
    elif link == "period":
        period = _days(draw, term.start, term.last_day).replace(day=1)
    return Transaction(
        id=id_,
        on=_days(draw, term.start, term.last_day),
        amount=Money(_cents(draw, 1, 10**8, currency=currency), currency),
        payer_id=payer,
        payee_id=payee,
        kind=draw(_KIND),
        milestone_id=milestone_id,
        charge_id=charge_id,
        period=period,
        reference=draw(_REFERENCE),
    )


@st.composite
def _transactions(draw: Draw, currencies: st.SearchStrategy[str]) -> Transaction:
    start = _days(draw, MIN_DATE, MAX_DATE - dt.timedelta(days=400))
    term = Term(start=start, end=_days(draw, start, start + dt.timedelta(days=365)))
    return _transaction(
        draw,
        draw(_ids("T")),
        term=term,
        currency=draw(currencies),
        parties=[draw(_ids("partner")), "partner-0"],
        milestone_ids=[draw(_ids("M"))],
        charge_ids=[draw(_ids("F"))],
    )


def transactions(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Transaction]:
    """Payments, refunds and credit notes, linked to a milestone, a charge, a month or nothing.

    Args:
        currencies: The currencies of the amounts; all of ISO 4217 by default.
    """
    _check_strategy("transactions(currencies=...)", currencies)
    return _transactions(_or(currencies, _currencies_default()))


def _approver(
    draw: Draw, level: ApprovalLevel, partner_ids: list[str], person_ids: list[str]
) -> Approver:
    how = draw(st.sampled_from(("partner", "people", "role")))
    if how == "partner" and partner_ids:
        return Approver(level=level, partner_id=draw(st.sampled_from(partner_ids)))
    if how == "people" and person_ids:
        named = draw(st.lists(st.sampled_from(person_ids), min_size=1, max_size=2, unique=True))
        return Approver(level=level, person_ids=tuple(named))
    return Approver(level=level, role=draw(_ROLE))


@st.composite
def _approvers(
    draw: Draw, partner_ids: st.SearchStrategy[str], person_ids: st.SearchStrategy[str]
) -> Approver:
    return _approver(draw, draw(_LEVEL), [draw(partner_ids)], [draw(person_ids)])


def approvers(
    *,
    partner_ids: st.SearchStrategy[str] | None = None,
    person_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Approver]:
    """Approvers of a change policy: a role, a partner or named people, at any level.

    Args:
        partner_ids: The partner ids they may name; arbitrary by default.
        person_ids: The person ids they may name; arbitrary by default.
    """
    _check_strategy("approvers(partner_ids=...)", partner_ids)
    _check_strategy("approvers(person_ids=...)", person_ids)
    return _approvers(_or(partner_ids, _ids("partner")), _or(person_ids, _ids("person")))
