"""Strategies for the parties to a contract, their people, and country codes."""

from __future__ import annotations

from typing import Final

from hypothesis import strategies as st

from outsourcing._models.codes import COUNTRIES
from outsourcing._models.partners import Partner, PartnerRole, Person, _known_zone
from outsourcing.strategies._published import _party_roles, _sometimes, addresses, identifiers
from outsourcing.strategies._shared import Draw, _check_strategy, _ids, _or, _ordered, _text, _words

_FIRST_COUNTRIES: Final = ("US", "NO", "PL", "SE", "IN", "SG", "CA", "DE")
_ZONES: Final = (
    "Europe/Oslo",
    "Europe/Warsaw",
    "America/New_York",
    "Asia/Singapore",
    "Asia/Kolkata",
    "UTC",
)


def countries() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 country codes, shrinking towards ``"US"``."""
    return st.sampled_from(_ordered(_FIRST_COUNTRIES, COUNTRIES))


_CAPABILITIES: Final = ("web development", "UX", "data engineering", "support", "QA")
_PROVIDERS: Final = (PartnerRole.SUPPLIER, PartnerRole.INTERNAL)  # prime providers
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


_IDENTIFIER: Final = identifiers()
_MORE_IDENTIFIERS: Final = st.lists(_IDENTIFIER, max_size=2).map(tuple)
_ADDRESS: Final = addresses()


def _partner(draw: Draw, id_: str, role: PartnerRole) -> Partner:
    """A partner; one in ten has no known country, and some carry what published data adds."""
    zone = draw(_ZONE)
    known = draw(st.integers(0, 9)) < 9  # shrinks towards a known country
    return Partner(
        id=id_,
        name=draw(_PARTNER_NAME[role]),
        role=role,
        country=draw(_COUNTRY) if known else None,
        timezone=zone if zone is None or _known_zone(zone) else None,
        capabilities=draw(_CAPABILITY_LIST),
        identifier=_sometimes(draw, _IDENTIFIER),
        additional_identifiers=_sometimes(draw, _MORE_IDENTIFIERS) or (),
        address=_sometimes(draw, _ADDRESS),
        party_roles=_party_roles(draw),
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
    """Partners of any role, country (or none known) and time zone (or none).

    Some carry what published data adds: identifiers, an address, OCDS party roles.

    Args:
        ids: The ids to draw from; ``partner-<n>`` by default.
        roles: The roles to draw from; every :class:`~outsourcing.PartnerRole` by default.
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
