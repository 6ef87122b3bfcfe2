"""OCDS organisations to partners and people (1.1 parties, or 1.0 organisations in place)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from outsourcing._models.codes import COUNTRIES
from outsourcing._models.partners import (
    Address,
    Identifier,
    Partner,
    PartnerRole,
    PartyRole,
    Person,
)
from outsourcing._ocds.cursor import Cursor, Notes
from outsourcing._ocds.notes import NoteKind

# Our own roles, written by to_ocds beside the standard ones (partyRole is an open codelist);
# checked in this order, so that a subcontractor that is also an OCDS supplier stays one.
PROVIDER_ROLES: Mapping[str, PartnerRole] = {
    "subcontractor": PartnerRole.SUBCONTRACTOR,
    "internal": PartnerRole.INTERNAL,
    "supplier": PartnerRole.SUPPLIER,
}
PARTY_ROLES: Mapping[str, PartyRole] = {
    "buyer": PartyRole.BUYER,
    "procuringEntity": PartyRole.PROCURING_ENTITY,
    "supplier": PartyRole.SUPPLIER,
    "tenderer": PartyRole.TENDERER,
    "funder": PartyRole.FUNDER,
    "enquirer": PartyRole.ENQUIRER,
    "payer": PartyRole.PAYER,
    "payee": PartyRole.PAYEE,
    "reviewBody": PartyRole.REVIEW_BODY,
    "interestedParty": PartyRole.INTERESTED_PARTY,
}


def org_id(org: Mapping[str, Any]) -> str | None:
    """The id that stands for an organisation: its ``id`` (1.1), else its identifier's id or its
    name (1.0, where organisations are written in place)."""  # noqa: D205, D209 - one sentence
    for value in (org.get("id"), _identifier_id(org), org.get("name")):
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None


def _identifier_id(org: Mapping[str, Any]) -> object:
    identifier = org.get("identifier")
    return identifier.get("id") if isinstance(identifier, Mapping) else None


def _words(value: object) -> str | None:
    """A name compared without case or runs of spaces; ``None`` if it is no text."""
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.split()).casefold()


def _refers_to(org: Mapping[str, Any], partner: Partner) -> str | None:
    """How an organisation written in place (an OCDS 1.0 ``providerOrganization``, or a
    reference) names the partner: by one of its identifiers, by its name, or not at all."""  # noqa: D205, D209
    nested = org.get("identifier")
    shapes = [org, nested] if isinstance(nested, Mapping) else [org]
    mine = [i for i in (partner.identifier, *partner.additional_identifiers) if i is not None]
    for shape in shapes:
        ident, scheme = shape.get("id"), shape.get("scheme")
        for other in mine:
            same_scheme = scheme is None or other.scheme is None or scheme == other.scheme
            if ident is not None and other.id == str(ident) and same_scheme:
                return "identifier"
    names = {_words(org.get("legalName")), _words(org.get("name"))}
    if isinstance(nested, Mapping):
        names.add(_words(nested.get("legalName")))
    names.discard(None)
    known = {_words(partner.name)}
    if partner.identifier is not None:
        known.add(_words(partner.identifier.legal_name))
    return "name" if names & known else None


def _code(name: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code, where a country name is one."""
    if name is not None and name.strip().upper() in COUNTRIES:
        return name.strip().upper()
    return None


def _address(address: Cursor | None) -> tuple[Address | None, str | None]:
    """The address (``None`` if it gives only a country code) and the country's code."""
    if address is None:
        return None, None
    code = address.text("country")  # OCDS 1.2 and the address extension
    if code is not None and _code(code) is None:
        address.notes.add(address.where("country"), NoteKind.LEFT_OUT, "not an ISO 3166-1 code")
    parts = {
        "street_address": address.text("streetAddress"),
        "locality": address.text("locality"),
        "region": address.text("region"),
        "postal_code": address.text("postalCode"),
        "country_name": address.text("countryName"),
    }
    country = _code(code) or _code(parts["country_name"])
    address.done()
    if all(part is None for part in parts.values()):
        return None, country
    return address.notes.build(address.path, Address, **parts, country=country), country


def _identifier(identifier: Cursor | None) -> Identifier | None:
    if identifier is None:
        return None
    built = identifier.notes.build(
        identifier.path,
        Identifier,
        scheme=identifier.text("scheme"),
        id=identifier.text("id"),
        legal_name=identifier.text("legalName"),
        uri=identifier.text("uri"),
    )
    identifier.done()
    return built


class PartyReader:
    """Reads the organisations of one release for one contract, each once."""

    def __init__(self, release: Mapping[str, Any], path: str, notes: Notes) -> None:
        self.notes = notes
        self.language = release.get("language")
        self.parties: dict[str, Cursor] = {}
        parties = release.get("parties")
        if isinstance(parties, list):
            for i, party in enumerate(parties):
                if isinstance(party, Mapping) and (pid := org_id(party)) is not None:
                    self.parties.setdefault(pid, Cursor(party, f"{path}.parties[{i}]", notes))
        self.partners: dict[str, Partner] = {}
        self.people: list[Person] = []

    def in_order(self, ids: Iterable[str]) -> list[str]:
        """Partner ids in the order the document lists the parties (others last, as given)."""
        index = {pid: i for i, pid in enumerate(self.parties)}
        return sorted(ids, key=lambda pid: index.get(pid, len(index)))

    def match(self, org: Mapping[str, Any]) -> tuple[str, str] | None:
        """The one partner an organisation names by identifier or name (and which of the two),
        if exactly one."""  # noqa: D205, D209
        found = [
            (pid, how)
            for pid, partner in self.partners.items()
            if (how := _refers_to(org, partner)) is not None
        ]
        return found[0] if len(found) == 1 else None

    def with_role(self, role: str) -> list[str]:
        """The ids of the parties that list this role."""
        return [
            pid
            for pid, party in self.parties.items()
            if isinstance(party.data.get("roles"), list) and role in party.data["roles"]
        ]

    def add(self, ref: Cursor | None, role: PartnerRole) -> str | None:
        """Make a partner of a reference (1.1) or organisation in place (1.0); return its id."""
        if ref is None:
            return None
        pid = org_id(ref.data)
        if pid is None:
            self.notes.add(ref.path, NoteKind.LEFT_OUT, "an organisation with no id or name")
            return None
        if pid in self.partners:
            ref.skip(*ref.data)
            if self.partners[pid].role is not role:
                self.notes.add(
                    ref.path,
                    NoteKind.LOSSY,
                    f"party {pid!r} is also {role.value}: one role is kept, "
                    f"{self.partners[pid].role.value}",
                )
            return pid
        party = self.parties.get(pid)
        if party is None:  # 1.0, or a reference to a party that is not listed
            party = ref
        elif party is not ref:
            ref.skip("id", "name")
            ref.done()
        self._partner(pid, party, role)
        return pid

    def _partner(self, pid: str, party: Cursor, role: PartnerRole) -> None:
        party.skip("id")
        name = party.text("name") or party.variant("name", self.language)
        identifier = party.obj("identifier")
        if name is None and identifier is not None and identifier.has("legalName"):
            name = identifier.text("legalName")
            self.notes.add(party.where("name"), NoteKind.GUESSED, "the identifier's legal name")
        if name is None:
            name = pid
            self.notes.add(party.where("name"), NoteKind.GUESSED, "no name: the party's id is used")
        roles = party.strings("roles")
        party_roles = tuple(dict.fromkeys(PARTY_ROLES[r] for r in roles if r in PARTY_ROLES))
        lost = [r for r in roles if r not in PARTY_ROLES and r not in PROVIDER_ROLES]
        if lost:
            self.notes.add(
                party.where("roles"), NoteKind.LEFT_OUT, f"roles {', '.join(lost)} have no place"
            )
        address, country = _address(party.obj("address"))
        contact = party.obj("contactPoint")
        built = self.notes.build(
            party.path,
            Partner,
            id=pid,
            name=name,
            role=role,
            country=country,
            identifier=_identifier(identifier),
            additional_identifiers=tuple(
                i for i in map(_identifier, party.objs("additionalIdentifiers")) if i is not None
            ),
            address=address,
            party_roles=party_roles,
        )
        if built is None:
            return
        self.partners[pid] = built
        if contact is not None:
            self._person(pid, contact)
        party.done()

    def _person(self, pid: str, contact: Cursor) -> None:
        name = contact.text("name")
        if name is None:
            contact.done()
            return
        email = contact.text("email")
        person = Notes().build(
            contact.path, Person, id=f"{pid}/contact", partner_id=pid, name=name, email=email
        )
        if person is None and email is not None:
            self.notes.add(contact.where("email"), NoteKind.LEFT_OUT, "not an e-mail address")
            person = self.notes.build(
                contact.path, Person, id=f"{pid}/contact", partner_id=pid, name=name
            )
        if person is not None:
            self.people.append(person)
        contact.done()

    def finish(self) -> None:
        """Note the listed parties that no contract role brought in."""
        for pid, party in self.parties.items():
            if pid not in self.partners:
                self.notes.add(
                    party.path, NoteKind.LEFT_OUT, f"party {pid!r} plays no part in this contract"
                )
