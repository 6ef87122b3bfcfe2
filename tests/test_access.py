import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import example_with, found, replace_at
from outsourcing import (
    AccessGrant,
    AccessLevel,
    Contract,
    OfficeClass,
    Person,
    RevokeReason,
    validate,
)
from outsourcing._example import after_pilot_gate
from outsourcing.exceptions import InvalidValueError, NotFoundError
from outsourcing.lifecycle import grants_to_revoke, offboarding_list
from outsourcing.strategies import access_grants

EX = after_pilot_gate()  # its three grants, before G-04
D = dt.date


def grant(**changes: object) -> AccessGrant:
    fields: dict[str, object] = {
        "id": "G-9",
        "grantee_id": "tomasz",
        "system": "General ledger",
        "system_class": OfficeClass.BACK_OFFICE,
        "level": AccessLevel.WRITE,
        "granted_on": D(2026, 9, 7),
        "expires_on": D(2027, 8, 27),
        "approved_by": "ingrid",
    }
    return AccessGrant(**(fields | changes))  # type: ignore[arg-type]


def with_grant(g: AccessGrant) -> Contract:
    return example_with(access_grants=(*EX.access_grants, g))


def test_a_grant_runs_from_granted_to_expiry_until_revoked() -> None:
    """Both ends are days in force; on the day of revocation access is gone."""
    g = grant(revoked_on=D(2027, 3, 1))
    assert not g.in_force_on(D(2026, 9, 6))
    assert g.in_force_on(D(2026, 9, 7))
    assert g.in_force_on(D(2027, 2, 28))
    assert not g.in_force_on(D(2027, 3, 1))
    assert grant().in_force_on(D(2027, 8, 27))
    assert not grant().in_force_on(D(2027, 8, 28))
    assert grant(expires_on=None).in_force_on(D(2040, 1, 1))


def test_grants_cannot_end_before_they_begin() -> None:
    """Expiry or revocation before the grant date is refused, naming the field."""
    with pytest.raises(
        InvalidValueError, match=r"AccessGrant.expires_on: expected a date on or after"
    ):
        grant(expires_on=D(2026, 9, 6))
    with pytest.raises(InvalidValueError, match=r"AccessGrant.revoked_on"):
        grant(revoked_on=D(2026, 9, 6))
    assert AccessLevel.WRITE.changes_data
    assert not AccessLevel.READ.changes_data


def test_grants_to_revoke_as_of_a_date() -> None:
    """Expired grants, grants of people gone, and at the end every non-client grant must go."""
    people = (*EX.people, Person(id="per", partner_id="nordlys", name="Per Client"))
    own = grant(id="G-4", grantee_id="per", expires_on=None)
    contract = example_with(people=people, access_grants=(*EX.access_grants, own))
    assert [] == [r.grant.id for r in grants_to_revoke(contract, D(2027, 2, 26))]
    [expired] = grants_to_revoke(contract, D(2027, 2, 27))
    assert ("$.access_grants[2]", (RevokeReason.EXPIRED,)) == (expired.path, expired.reasons)

    # Sara leaves Lumen: her person is removed from the contract.
    without_sara = attrs.evolve(contract, people=tuple(p for p in people if p.id != "sara"))
    [gone] = grants_to_revoke(without_sara, D(2027, 1, 4))
    assert ("G-03", (RevokeReason.PERSON_GONE,)) == (gone.grant.id, gone.reasons)

    # After the contract: every supplier grant, not the client's own person's.
    ending = offboarding_list(contract)
    assert [
        ("G-01", (RevokeReason.EXPIRED, RevokeReason.CONTRACT_ENDED)),
        ("G-02", (RevokeReason.EXPIRED, RevokeReason.CONTRACT_ENDED)),
        ("G-03", (RevokeReason.EXPIRED, RevokeReason.CONTRACT_ENDED)),
    ] == [(r.grant.id, r.reasons) for r in ending]
    assert ending == grants_to_revoke(contract, D(2027, 8, 28))

    # Revoked grants are done with.
    revoked = attrs.evolve(
        contract, access_grants=replace_at(contract.access_grants, 2, revoked_on=D(2027, 2, 26))
    )
    assert ["G-01", "G-02"] == [r.grant.id for r in offboarding_list(revoked)]


def test_lookup_by_id() -> None:
    """Access grants are found by id like everything else."""
    assert EX.access_grants[0] == EX.access_grant("G-01")
    with pytest.raises(NotFoundError, match="no access grant with id 'G-99'"):
        EX.access_grant("G-99")


def test_access_rules_messages_say_what_to_do() -> None:
    """The message names the grant, the person and partner, the dates and the fix."""
    [late] = validate(example_with(access_grants=replace_at(EX.access_grants, 0, expires_on=None)))
    assert (
        "access grant 'G-01' of 'tomasz' (Kodehuset Sp. z o.o.) to 'Product information system' "
        "never expires, but the contract ends on 2027-08-27; set expires_on to 2027-08-27 or earlier"
    ) == late.message
    [self_approved] = validate(with_grant(grant(approved_by="tomasz")))
    assert (
        "write access to back-office system 'General ledger' (grant 'G-9') is approved by 'tomasz' "
        "(Kodehuset Sp. z o.o.), not by the client; have a person of the client approve it"
    ) == self_approved.message


def test_what_the_access_rules_leave_alone() -> None:
    """Client people's grants may outlast the term; reading or front office needs no approver.

    The client itself may approve, and a grant revoked within the term is within it.
    """
    people = (*EX.people, Person(id="per", partner_id="nordlys", name="Per Client"))
    own = grant(grantee_id="per", expires_on=None, approved_by=None, level=AccessLevel.READ)
    assert [] == found(validate(example_with(people=people, access_grants=(own,))))
    assert [] == found(validate(with_grant(grant(level=AccessLevel.READ, approved_by=None))))
    front = grant(system_class=OfficeClass.FRONT_OFFICE, level=AccessLevel.ADMIN, approved_by=None)
    assert [] == found(validate(with_grant(front)))
    assert [] == found(validate(with_grant(grant(approved_by="nordlys"))))
    assert [] == found(validate(with_grant(grant(expires_on=None, revoked_on=D(2027, 8, 27)))))
    assert [("ACCESS_WITHIN_TERM", "$.access_grants[3].expires_on")] == found(
        validate(with_grant(grant(expires_on=None, revoked_on=D(2027, 8, 28))))
    )


def test_a_revoked_grant_of_someone_gone_is_history() -> None:
    """Revoked grants keep their record after the person has left, without breaking REF_RESOLVES."""
    revoked = replace_at(EX.access_grants, 2, revoked_on=D(2027, 1, 4))
    meetings = replace_at(EX.meetings, 0, participant_ids=("ingrid", "tomasz"))
    contract = example_with(people=EX.people[:2], access_grants=revoked, meetings=meetings)
    assert [] == found(validate(contract))


@given(
    st.lists(
        access_grants(
            grantee_ids=st.sampled_from(["tomasz", "sara", "ingrid"]),
            approver_ids=st.sampled_from(["ingrid", "nordlys"]),
            min_date=EX.term.start,
            max_date=EX.term.last_day,
            ids=st.sampled_from([f"G-{i}" for i in range(100)]),
        ).map(lambda g: attrs.evolve(g, expires_on=g.expires_on or EX.term.end)),
        max_size=10,
        unique_by=lambda g: g.id,
    )
)
def test_grants_within_the_term_approved_by_the_client_are_valid(grants: list[AccessGrant]) -> None:
    """Any grants that end inside the term and are approved by the client break no rule."""
    assert [] == found(validate(example_with(access_grants=tuple(grants))))


@given(
    access_grants(
        grantee_ids=st.sampled_from(["tomasz", "sara"]),
        approver_ids=st.sampled_from(["tomasz", "sara", "kodehuset", "lumen"]),
    ),
)
def test_supplier_approval_of_back_office_changes_is_always_reported(g: AccessGrant) -> None:
    """Write or admin access to a back-office system approved by a supplier side is an error."""
    g = attrs.evolve(
        g,
        id="G-9",
        expires_on=min(g.expires_on or EX.term.last_day, EX.term.last_day),
        granted_on=min(g.granted_on, EX.term.last_day),
    )
    report = validate(with_grant(g), rules=["ACCESS_BACK_OFFICE"])
    breaks = g.system_class is OfficeClass.BACK_OFFICE and g.level.changes_data
    assert ([("ACCESS_BACK_OFFICE", "$.access_grants[3].approved_by")] if breaks else []) == found(
        report
    )
