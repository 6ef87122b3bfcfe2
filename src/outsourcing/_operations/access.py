"""Access reviews: which grants to the client's systems must be revoked as of a date, and why."""

from __future__ import annotations

import datetime as dt

from outsourcing._base.calendar import days_after
from outsourcing._models.access import Revocation, RevokeReason
from outsourcing._models.contract import Contract
from outsourcing._rules.index import index_of

__all__ = ["grants_to_revoke", "offboarding_list"]


def grants_to_revoke(contract: Contract, as_of: dt.date) -> tuple[Revocation, ...]:
    """Return the access grants that must be revoked as of a date, and why, in document order.

    A grant must go when it has expired, when the contract has ended (for people who are not the
    client's own), or when its person is no longer with a party to the contract. Grants revoked
    on or before ``as_of`` are done with.

    >>> import datetime as dt
    >>> from outsourcing import example_contract
    >>> from outsourcing.lifecycle import grants_to_revoke
    >>> [
    ...     (r.grant.id, [why.value for why in r.reasons])
    ...     for r in grants_to_revoke(example_contract(), dt.date(2027, 3, 1))
    ... ]
    [('G-03', ['expired'])]
    """
    index = index_of(contract)
    ended = as_of > contract.term.last_day
    found: list[Revocation] = []
    for i, g in enumerate(contract.access_grants):
        if g.revoked_on is not None and g.revoked_on <= as_of:
            continue
        reasons: list[RevokeReason] = []
        if g.expires_on is not None and g.expires_on < as_of:
            reasons.append(RevokeReason.EXPIRED)
        if ended and not index.is_client_person(g.grantee_id):
            reasons.append(RevokeReason.CONTRACT_ENDED)
        person = index.people.get(g.grantee_id)
        if person is None or person.partner_id not in index.partners:
            reasons.append(RevokeReason.PERSON_GONE)
        if reasons:
            found.append(Revocation(path=f"$.access_grants[{i}]", grant=g, reasons=tuple(reasons)))
    return tuple(found)


def offboarding_list(contract: Contract) -> tuple[Revocation, ...]:
    """Return the grants to revoke when the contract ends: those still open the day after.

    An open-ended term has no day it ends: nothing is listed until an end is agreed.

    >>> from outsourcing import example_contract
    >>> from outsourcing.lifecycle import offboarding_list
    >>> [r.grant.id for r in offboarding_list(example_contract())]
    ['G-01', 'G-02', 'G-03', 'G-04']
    """
    if contract.term.end is None:  # open-ended: it ends when terminated, on no known day
        return ()
    return grants_to_revoke(contract, days_after(contract.term.end, 1))
