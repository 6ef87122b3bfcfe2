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


class PartyRole(enum.Enum):
    """What a party is in public procurement, after the Open Contracting Data Standard's roles.

    A party may have several (the buyer is often the procuring entity and the payer too); they
    stand beside its :class:`PartnerRole` in the engagement, which the rules read.
    """

    BUYER = "buyer"
    PROCURING_ENTITY = "procuring_entity"
    SUPPLIER = "supplier"
    TENDERER = "tenderer"
    FUNDER = "funder"
    ENQUIRER = "enquirer"
    PAYER = "payer"
    PAYEE = "payee"
    REVIEW_BODY = "review_body"
    INTERESTED_PARTY = "interested_party"


def country_code(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or value not in COUNTRIES:
        checks.fail(inst, attribute, value, "an ISO 3166-1 alpha-2 country code such as 'NO'")


def optional_country_code(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` (a country not known, or known only by a name) or an ISO 3166-1 alpha-2 code."""
    if value is not None and (type(value) is not str or value not in COUNTRIES):
        checks.fail(
            inst, attribute, value, "an ISO 3166-1 alpha-2 country code such as 'NO', or None"
        )


@attrs.frozen(kw_only=True)
class Identifier:
    """An organisation's identifier in a register, such as a company or tax number.

    Real data often gives only some of the parts: at least one of ``id`` and ``legal_name``.

    Args:
        scheme: The register, as an org-id.guide code such as ``"GB-COH"`` or ``"MX-RFC"``.
        id: The organisation's id in that register.
        legal_name: The organisation's name as registered there.
        uri: A web address that identifies the organisation.
    """

    scheme: str | None = attrs.field(default=None, validator=checks.optional_text)
    id: str | None = attrs.field(default=None, validator=checks.optional_text)
    legal_name: str | None = attrs.field(default=None, validator=checks.optional_text)
    uri: str | None = attrs.field(default=None, validator=checks.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.id is None and self.legal_name is None:
            checks.fail(self, attrs.fields(Identifier).id, None, "an id or a legal name (or both)")


@attrs.frozen(kw_only=True)
class Address:
    """A postal address; any part may be unknown.

    Args:
        street_address: The street and number (``"Karl Johans gate 1"``).
        locality: The town or city.
        region: The county, state or province.
        postal_code: The postal code.
        country_name: The country as the document names it (free text, as in OCDS 1.1).
        country: The ISO 3166-1 alpha-2 code of the country, where known.
    """

    street_address: str | None = attrs.field(default=None, validator=checks.optional_text)
    locality: str | None = attrs.field(default=None, validator=checks.optional_text)
    region: str | None = attrs.field(default=None, validator=checks.optional_text)
    postal_code: str | None = attrs.field(default=None, validator=checks.optional_text)
    country_name: str | None = attrs.field(default=None, validator=checks.optional_text)
    country: str | None = attrs.field(default=None, validator=optional_country_code)


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
        country: ISO 3166-1 alpha-2 code of where the party works from, such as ``"NO"``;
            ``None`` when it is not known (imported data may name it only in ``address``).
        timezone: IANA time zone of the party's working hours, such as ``"Europe/Oslo"``.
        capabilities: What the party can do (free words: ``"web development"``, ``"UX"``).
        identifier: The party's main identifier in a register, if known.
        additional_identifiers: Its other identifiers (other registers, or earlier ids).
        address: Its postal address, if known.
        party_roles: What it is in public procurement (buyer, payer...), beside ``role``.
    """

    id: str = attrs.field(validator=checks.text)
    name: str = attrs.field(validator=checks.text)
    role: PartnerRole = attrs.field(validator=checks.member(PartnerRole))
    country: str | None = attrs.field(validator=optional_country_code)
    timezone: str | None = attrs.field(default=None, validator=_timezone)
    capabilities: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))
    identifier: Identifier | None = attrs.field(
        default=None,
        validator=checks.instance(Identifier, optional=True),
        metadata=checks.OMIT_DEFAULT,
    )
    additional_identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), validator=checks.tuple_of(Identifier), metadata=checks.OMIT_DEFAULT
    )
    address: Address | None = attrs.field(
        default=None,
        validator=checks.instance(Address, optional=True),
        metadata=checks.OMIT_DEFAULT,
    )
    party_roles: tuple[PartyRole, ...] = attrs.field(
        default=(), validator=checks.tuple_of(PartyRole), metadata=checks.OMIT_DEFAULT
    )


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
