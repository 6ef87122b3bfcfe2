"""Strategies for access grants, and for grants that must be revoked."""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs
from hypothesis import strategies as st

from outsourcing._models.access import AccessGrant, AccessLevel, Revocation, RevokeReason
from outsourcing._models.contract import Term
from outsourcing._models.functions import OfficeClass
from outsourcing.strategies._shared import (
    MAX_DATE,
    MIN_DATE,
    Draw,
    _check_dates,
    _check_strategy,
    _days,
    _ids,
    _or,
    _shift,
    _text,
)

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
    granted = _days(draw, span.start, span.last_day)
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
        expires_on=None if grant.expires_on is None else min(grant.expires_on, span.last_day),
        revoked_on=None if grant.revoked_on is None else min(grant.revoked_on, span.last_day),
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
