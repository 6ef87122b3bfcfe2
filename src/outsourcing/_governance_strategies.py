"""Hypothesis strategies for risks, access grants, scorecards and sourcing cases.

To be re-exported from :mod:`outsourcing.strategies`. Every strategy builds valid objects only;
keyword arguments narrow what is drawn so that tests can aim at one situation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from outsourcing._access import AccessGrant, AccessLevel
from outsourcing._codes import COUNTRIES
from outsourcing._evaluation import STANDARD_CRITERIA, Criterion, Evaluation, Score
from outsourcing._functions import OfficeClass
from outsourcing._money import Money
from outsourcing._risks import Risk, RiskCategory, RiskStatus
from outsourcing._sourcing import SourcingCase, SourcingChoice

__all__ = [
    "access_grants",
    "country_codes",
    "evaluations",
    "risks",
    "sourcing_cases",
]

_IDS = st.from_regex(r"[A-Z]{1,3}-[0-9]{1,3}", fullmatch=True)
_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda t: not t.isspace())


def country_codes() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes that :class:`~outsourcing.Partner` accepts."""
    return st.sampled_from(sorted(COUNTRIES))


@st.composite
def risks(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str] = _IDS,
    owner_ids: Sequence[str] | None = None,
    treated: bool | None = None,
) -> Risk:
    """Risk register entries.

    Args:
        ids: Where the ids come from.
        owner_ids: Owners to pick from; any text (or none) if not given.
        treated: ``True`` for risks that keep ``RISK_TREATED`` (owner, mitigation, and a
            contingency plan when high); ``False`` for risks that break it; ``None`` for either.
    """
    owners = st.sampled_from(owner_ids) if owner_ids else _IDS
    likelihood = draw(st.integers(1, 5))
    impact = draw(st.integers(1, 5))
    if treated is None:
        owner = draw(st.none() | owners)
        mitigation = draw(st.none() | _TEXT)
        contingency = draw(st.none() | _TEXT)
        status = draw(st.sampled_from(RiskStatus))
    elif treated:
        owner, mitigation = draw(owners), draw(_TEXT)
        high = likelihood * impact >= 15
        contingency = draw(_TEXT) if high else draw(st.none() | _TEXT)
        status = draw(st.sampled_from(RiskStatus))
    else:
        owner, mitigation, contingency = None, None, None
        status = draw(st.sampled_from([s for s in RiskStatus if s is not RiskStatus.CLOSED]))
    return Risk(
        id=draw(ids),
        description=draw(_TEXT),
        category=draw(st.sampled_from(RiskCategory)),
        likelihood=likelihood,
        impact=impact,
        owner_id=owner,
        mitigation=mitigation,
        contingency=contingency,
        status=status,
    )


@st.composite
def access_grants(
    draw: st.DrawFn,
    *,
    grantee_ids: Sequence[str],
    approver_ids: Sequence[str] | None = None,
    between: tuple[dt.date, dt.date] = (dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    ids: st.SearchStrategy[str] = _IDS,
) -> AccessGrant:
    """Access grants to the given people, granted and expiring between two days.

    Args:
        grantee_ids: People to grant access to.
        approver_ids: Approvers to pick from; ``None`` (no approver) if not given.
        between: The first and last day a grant may run; every grant expires.
        ids: Where the ids come from.
    """
    first, last = between
    granted = draw(st.dates(first, last))
    expires = draw(st.dates(granted, last))
    return AccessGrant(
        id=draw(ids),
        grantee_id=draw(st.sampled_from(grantee_ids)),
        system=draw(_TEXT),
        system_class=draw(st.sampled_from(OfficeClass)),
        level=draw(st.sampled_from(AccessLevel)),
        granted_on=granted,
        expires_on=expires,
        approved_by=draw(st.sampled_from(approver_ids)) if approver_ids else None,
    )


_SCORE = st.decimals(0, 5, places=1)
_WEIGHT = st.decimals(1, 100, places=0)


@st.composite
def evaluations(
    draw: st.DrawFn,
    *,
    min_candidates: int = 1,
    max_candidates: int = 6,
    criteria: Sequence[str] = STANDARD_CRITERIA,
    complete: bool = True,
) -> Evaluation:
    """Scorecards on a scale of 0 to 5, with weights from 1 to 100 and scores in tenths.

    Args:
        min_candidates: The fewest candidates.
        max_candidates: The most candidates.
        criteria: The criteria's names; each gets a weight.
        complete: Whether every candidate has a score on every criterion (or some are missing).
    """
    candidates = draw(
        st.lists(
            st.from_regex(r"[a-z]{2,8}", fullmatch=True),
            min_size=min_candidates,
            max_size=max_candidates,
            unique=True,
        )
    )
    weighted = tuple(Criterion(name=name, weight=draw(_WEIGHT)) for name in criteria)
    scores = tuple(
        Score(candidate=who, criterion=name, value=draw(_SCORE))
        for who in candidates
        for name in criteria
        if complete or draw(st.booleans())
    )
    return Evaluation(
        id=draw(_IDS),
        evaluated_on=draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
        candidates=tuple(candidates),
        criteria=weighted,
        scores=scores,
    )


def _money(currency: str, low: int, high: int) -> st.SearchStrategy[Money]:
    return st.decimals(low, high, places=2).map(lambda amount: Money(amount, currency))


@st.composite
def sourcing_cases(draw: st.DrawFn, *, currency: str = "EUR") -> SourcingCase:
    """Insource-or-outsource cases with amounts from 0 to 1,000,000 in one currency.

    Args:
        currency: The currency of every amount.
    """
    extra = st.none() | _money(currency, 0, 200_000)
    return SourcingCase(
        subject=draw(_TEXT),
        considered_on=draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
        internal_cost=draw(_money(currency, 0, 1_000_000)),
        external_quote=draw(_money(currency, 0, 1_000_000)),
        management_overhead=draw(extra),
        transition_cost=draw(extra),
        risk_allowance=draw(extra),
        current=draw(st.none() | st.sampled_from(SourcingChoice)),
        in_house_capacity=draw(st.booleans()),
        in_house_skills=draw(st.booleans()),
        office=draw(st.none() | st.sampled_from(OfficeClass)),
        client_country=draw(st.none() | country_codes()),
        partner_country=draw(st.none() | country_codes()),
    )
