"""Access grants: which of a partner's people may use which client system, how, and until when.

Letting people who are not the client's own employees into its systems, back-office systems above
all, is a security risk; the register of grants makes it visible, dated and approved.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from outsourcing._models import checks
from outsourcing._models.functions import OfficeClass


class AccessLevel(enum.Enum):
    """What a grant allows: ``read`` data, ``write`` it, or ``admin`` (manage the system itself)."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"

    @property
    def changes_data(self) -> bool:
        """Whether the level allows changing data (write or admin)."""
        return self is not AccessLevel.READ


@attrs.frozen(kw_only=True)
class AccessGrant:
    """A person's access to a client system.

    Dates are days, both included: the grant is in force from ``granted_on`` to ``expires_on``, and
    no longer on the day it is revoked.

    Args:
        id: Unique among the contract's access grants.
        grantee_id: The person who gets access.
        system: The system (``"Product information system"``).
        system_class: Whether it is a back-office, front-office or other system.
        level: Read, write or admin.
        granted_on: The first day of access.
        expires_on: The last day of access; ``None`` means it never expires.
        approved_by: The partner or person who approved the grant.
        revoked_on: The day access was taken away, if it was.

    Raises:
        InvalidValueError: It expires or is revoked before it is granted.
    """

    id: str = attrs.field(validator=checks.text)
    grantee_id: str = attrs.field(validator=checks.text)
    system: str = attrs.field(validator=checks.text)
    system_class: OfficeClass = attrs.field(validator=checks.member(OfficeClass))
    level: AccessLevel = attrs.field(validator=checks.member(AccessLevel))
    granted_on: dt.date = attrs.field(validator=checks.date)
    expires_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    approved_by: str | None = attrs.field(default=None, validator=checks.optional_text)
    revoked_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)

    def __attrs_post_init__(self) -> None:
        fields = attrs.fields(AccessGrant)
        for field, day in (
            (fields.expires_on, self.expires_on),
            (fields.revoked_on, self.revoked_on),
        ):
            if day is not None and day < self.granted_on:
                checks.fail(self, field, day, f"a date on or after granted_on ({self.granted_on})")

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the grant gives access on ``day``."""
        return (
            self.granted_on <= day
            and (self.expires_on is None or day <= self.expires_on)
            and (self.revoked_on is None or day < self.revoked_on)
        )


class RevokeReason(enum.Enum):
    """Why a grant must be revoked."""

    EXPIRED = "expired"
    CONTRACT_ENDED = "contract_ended"
    PERSON_GONE = "person_gone"


@attrs.frozen(kw_only=True)
class Revocation:
    """A grant that must be revoked, and why.

    Args:
        path: Where the grant is in the contract (``$.access_grants[2]``).
        grant: The grant.
        reasons: Every reason that applies: it expired, the contract ended (for people who are not
            the client's), or the person is no longer with a party to the contract.
    """

    path: str
    grant: AccessGrant
    reasons: tuple[RevokeReason, ...]
