"""Rules of access to the client's systems: within the term, back office approved by the client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from outsourcing._models.contract import Contract
from outsourcing._models.functions import OfficeClass
from outsourcing._models.partners import PartnerRole
from outsourcing._rules.index import index_of
from outsourcing._rules.machinery import Finding, rule

__all__ = ["access_back_office", "access_within_term"]


def _has_client(contract: Contract) -> bool:
    """Whether some party is the client; without one, ONE_CLIENT is the only thing to report."""
    return any(p.role is PartnerRole.CLIENT for p in contract.parties)


def _grantee(contract: Contract, grantee_id: str) -> str:
    """Name a grantee and their partner for a message: ``'tomasz' (Kodehuset Sp. z o.o.)``."""
    index = index_of(contract)
    person = index.people[grantee_id]
    partner = index.partners.get(person.partner_id)
    return f"{grantee_id!r} ({partner.name if partner else person.partner_id})"


@rule(
    "ACCESS_WITHIN_TERM",
    description="Every access grant to a person who is not the client's expires no later than the "
    "contract ends.",
)
def access_within_term(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    if term.end is None or term.start > term.end or not _has_client(contract):
        return
    people = index_of(contract).people
    for i, g in enumerate(contract.access_grants):
        if g.grantee_id not in people or index_of(contract).is_client_person(g.grantee_id):
            continue
        if g.revoked_on is not None and g.revoked_on <= term.end:
            continue
        if g.expires_on is not None and g.expires_on <= term.end:
            continue
        who = _grantee(contract, g.grantee_id)
        when = "never expires" if g.expires_on is None else f"expires on {g.expires_on}"
        yield Finding(
            f"$.access_grants[{i}].expires_on",
            f"access grant {g.id!r} of {who} to {g.system!r} {when}, but the contract ends on "
            f"{term.end}; set expires_on to {term.end} or earlier",
        )


@rule(
    "ACCESS_BACK_OFFICE",
    description="Write or admin access to a back-office system names a client approver (a person "
    "of the client, or the client).",
)
def access_back_office(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    if not _has_client(contract):
        return
    index = index_of(contract)
    for i, g in enumerate(contract.access_grants):
        if g.system_class is not OfficeClass.BACK_OFFICE or not g.level.changes_data:
            continue
        what = f"{g.level.value} access to back-office system {g.system!r} (grant {g.id!r})"
        by = g.approved_by
        if by is None:
            yield Finding(
                f"$.access_grants[{i}].approved_by",
                f"{what} names no approver; have a person of the client approve it",
            )
            continue
        partner = index.partners.get(by)
        if partner is not None and partner.role is PartnerRole.CLIENT:
            continue
        if partner is None and (by not in index.people or index_of(contract).is_client_person(by)):
            continue  # a client person, or an unknown id that REF_RESOLVES reports
        side = partner.name if partner else _grantee(contract, by)
        yield Finding(
            f"$.access_grants[{i}].approved_by",
            f"{what} is approved by {side}, not by the client; have a person of the client "
            "approve it",
        )
