"""The parties to an engagement and the people who speak for them."""

from __future__ import annotations

import enum
import functools
import zoneinfo
from typing import Any

import attrs

from outsourcing._models import checks
from outsourcing._models.codes import COUNTRIES


class PartnerRole(enum.Enum):
    """What a party is to the engagement.

    ``internal`` is an in-house department doing the work (insourcing); it counts as a provider,
    like a supplier. A ``subcontractor`` delivers part of the work for a supplier: it is a
    provider too, but not a *prime* provider (one that answers to the client directly).
    """

    CLIENT = "client"
    SUPPLIER = "supplier"
    SUBCONTRACTOR = "subcontractor"
    INTERNAL = "internal"

    @property
    def provides(self) -> bool:
        """Whether a party in this role delivers work (a supplier, subcontractor or department)."""
        return self is not PartnerRole.CLIENT

    @property
    def prime(self) -> bool:
        """Whether a party in this role answers to the client directly (a supplier or an
        internal department, not a subcontractor, who answers to a supplier)."""  # noqa: D205, D209
        return self is PartnerRole.SUPPLIER or self is PartnerRole.INTERNAL


def country_code(inst: Partner, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or value not in COUNTRIES:
        checks.fail(inst, attribute, value, "an ISO 3166-1 alpha-2 country code such as 'NO'")


@functools.lru_cache(maxsize=1024)  # bounded: the names come from documents
def _known_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    # A folder of the time-zone database ("Europe", "America") is no zone: opening it as one
    # raises IsADirectoryError (or another OSError), never ZoneInfoNotFoundError.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _timezone(inst: Partner, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not str or not _known_zone(value)):
        checks.fail(inst, attribute, value, "an IANA time zone such as 'Europe/Oslo', or None")


@attrs.frozen(kw_only=True)
class Partner:
    """A party to the engagement: the client, a supplier, a subcontractor or an internal department.

    Args:
        id: Unique among the contract's parties; other objects refer to the partner by it.
        name: The name people use for the organisation.
        role: What the party is to the engagement.
        country: ISO 3166-1 alpha-2 code of where the party works from, such as ``"NO"``.
        timezone: IANA time zone of the party's working hours, such as ``"Europe/Oslo"``.
        capabilities: What the party can do (free words: ``"web development"``, ``"UX"``).
    """

    id: str = attrs.field(validator=checks.text)
    name: str = attrs.field(validator=checks.text)
    role: PartnerRole = attrs.field(validator=checks.member(PartnerRole))
    country: str = attrs.field(validator=country_code)
    timezone: str | None = attrs.field(default=None, validator=_timezone)
    capabilities: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))


@attrs.frozen(kw_only=True)
class Person:
    """A named contact of a partner.

    Args:
        id: Unique among the contract's people.
        partner_id: The partner this person works for.
        name: Full name.
        email: Work e-mail address, if known.
        title: Job title, if known (``"Delivery manager"``).
    """

    id: str = attrs.field(validator=checks.text)
    partner_id: str = attrs.field(validator=checks.text)
    name: str = attrs.field(validator=checks.text)
    email: str | None = attrs.field(default=None, validator=checks.email)
    title: str | None = attrs.field(default=None, validator=checks.optional_text)
