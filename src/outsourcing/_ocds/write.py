"""Contracts to OCDS: :func:`to_ocds`, a release package valid against the OCDS 1.1 schema."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from outsourcing._models.billing import Transaction
from outsourcing._models.contract import Contract
from outsourcing._models.documents import Document
from outsourcing._models.kpis import KPI
from outsourcing._models.money import Money
from outsourcing._models.partners import Identifier, Partner, PartnerRole, PartyRole
from outsourcing._models.risks import Risk, RiskAllocation
from outsourcing._models.schedule import Milestone, MilestoneKind, MilestoneStatus
from outsourcing._ocds.source import release_schema
from outsourcing.exceptions import InvalidValueError

_STATUSES = {
    MilestoneStatus.SCHEDULED: "scheduled",
    MilestoneStatus.MET: "met",
    MilestoneStatus.NOT_MET: "notMet",
    MilestoneStatus.PARTIALLY_MET: "partiallyMet",
}  # OCDS 1.1 has no cancelled milestone: its status is left out
_KINDS = {
    MilestoneKind.PRE_PROCUREMENT: "preProcurement",
}
_ALLOCATIONS = {
    RiskAllocation.BUYER: "publicAuthority",
    RiskAllocation.SUPPLIER: "privateParty",
    RiskAllocation.SHARED: "shared",
}
_PARTY_ROLES = {
    PartyRole.BUYER: "buyer",
    PartyRole.PROCURING_ENTITY: "procuringEntity",
    PartyRole.SUPPLIER: "supplier",
    PartyRole.TENDERER: "tenderer",
    PartyRole.FUNDER: "funder",
    PartyRole.ENQUIRER: "enquirer",
    PartyRole.PAYER: "payer",
    PartyRole.PAYEE: "payee",
    PartyRole.REVIEW_BODY: "reviewBody",
    PartyRole.INTERESTED_PARTY: "interestedParty",
}
_ROLES = {
    PartnerRole.CLIENT: "buyer",
    PartnerRole.SUPPLIER: "supplier",
    PartnerRole.SUBCONTRACTOR: "subcontractor",
    PartnerRole.INTERNAL: "internal",
}


def to_ocds(
    contracts: Iterable[Contract],
    *,
    ocid_prefix: str = "ocds-0000",
    publisher: str = "outsourcing",
    uri: str = "urn:outsourcing:release-package",
    published: dt.datetime | None = None,
) -> dict[str, Any]:
    """Write contracts as an OCDS 1.1 release package, one release (and process) per contract.

    The package validates against the OCDS 1.1 release package schema. Amounts are written as
    JSON numbers from their exact decimals (:class:`~decimal.Decimal`): dump the package with
    ``json.dumps(package, default=str)`` only if your JSON library cannot write decimals, or with
    :func:`outsourcing.ocds.dumps`, which writes them exactly. What OCDS has no place for is
    listed in the guide "Importing public procurement data"; :func:`from_ocds` reads the rest
    back.

    Args:
        contracts: The contracts to publish.
        ocid_prefix: Your ocid prefix (registered with the Open Contracting Partnership); each
            process's ocid is ``{ocid_prefix}-{contract.id}``.
        publisher: The publisher's name.
        uri: The package's URI.
        published: When the package was published; by default midnight UTC of the latest day
            the contracts record (nothing here reads the clock).

    Raises:
        InvalidValueError: No contracts were given (a package holds at least one release), two
            have the same id (which makes the process's ocid), or an amount is in a currency
            that the OCDS 1.1 codelist does not have (SLE, VED, XAD, XCG, ZWG).
    """
    written = [_release(c, ocid_prefix) for c in contracts]
    if not written:
        raise InvalidValueError("contracts", [], "at least one contract")
    ids = [r["contracts"][0]["id"] for r in written]
    if len(set(ids)) < len(ids):
        raise InvalidValueError("contracts", ids, "contracts with different ids")
    if published is None:
        stamp = max(r["date"] for r in written)
    else:
        stamp = published.isoformat().replace("+00:00", "Z")
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": stamp,
        "publisher": {"name": publisher},
        "releases": written,
    }


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _latest(contract: Contract) -> dt.date:
    days = [contract.term.start]
    days.extend(t.on for t in contract.transactions)
    days.extend(m.date_met for m in contract.milestones if m.date_met is not None)
    days.extend(m.status_on for m in contract.milestones if m.status_on is not None)
    days.extend(a.date for a in contract.amendments)
    return max(days)


@functools.cache
def currencies() -> frozenset[str]:
    """The currencies of the OCDS 1.1 codelist (closed, and older than some ISO 4217 codes)."""
    enum = release_schema()["definitions"]["Value"]["properties"]["currency"]["enum"]
    return frozenset(code for code in enum if code is not None)


def _money(money: Money) -> dict[str, Any]:
    if money.currency not in currencies():
        raise InvalidValueError(
            "Money.currency",
            money.currency,
            "a currency of the OCDS 1.1 codelist (SLE, VED, XAD, XCG and ZWG are newer)",
        )
    return {"amount": money.amount, "currency": money.currency}


def _release(contract: Contract, prefix: str) -> dict[str, Any]:
    client = next((p for p in contract.parties if p.role is PartnerRole.CLIENT), None)
    suppliers = [p for p in contract.parties if p.role is not PartnerRole.CLIENT]
    people = {p.partner_id: p for p in reversed(contract.people)}  # the first of each partner
    award_id = f"{contract.id}-award"
    release: dict[str, Any] = {
        "ocid": contract.ocid or f"{prefix}-{contract.id}",
        "id": f"{contract.id}-{contract.version}",
        "date": _stamp(_latest(contract)),
        "tag": ["contract"] if not contract.amendments else ["contractAmendment"],
        "initiationType": "tender",
        "parties": [_party(p, people) for p in contract.parties],
    }
    if client is not None:
        release["buyer"] = {"id": client.id, "name": client.name}
    release["awards"] = [
        {
            "id": award_id,
            "suppliers": [
                {"id": p.id, "name": p.name} for p in suppliers if p.role is PartnerRole.SUPPLIER
            ],
        }
    ]
    release["contracts"] = [_contract(contract, award_id)]
    return release


def _contract(contract: Contract, award_id: str) -> dict[str, Any]:
    written: dict[str, Any] = {
        "id": contract.id,
        "awardID": award_id,
        "title": contract.title,
        "value": _money(contract.value),
        "period": {"startDate": _stamp(contract.term.start)},
    }
    if contract.term.end is not None:
        written["period"]["endDate"] = _stamp(contract.term.end)
    _put(written, "description", contract.description)
    _put(written, "status", contract.status.value if contract.status else None)
    _put(written, "dateSigned", _stamp(contract.date_signed) if contract.date_signed else None)
    if contract.documents:
        written["documents"] = [_document(d) for d in contract.documents]
    if contract.amendments:
        written["amendments"] = [
            _clean(
                {
                    "id": f"{contract.id}-amendment-{a.version}",
                    "date": _stamp(a.date),
                    "rationale": a.rationale,
                    "description": a.description,
                }
            )
            for a in contract.amendments
        ]
    if contract.deliverables:
        written["items"] = [{"id": d.id, "description": d.title} for d in contract.deliverables]
    if contract.milestones:
        written["milestones"] = [_milestone(m) for m in contract.milestones]
    implementation = _implementation(contract)
    if implementation:
        written["implementation"] = implementation
    if contract.kpis:
        written["agreedMetrics"] = [_agreed(k) for k in contract.kpis]
    if contract.risks:
        written["riskAllocation"] = [_risk(r) for r in contract.risks]
    return written


def _party(partner: Partner, people: dict[str, Any]) -> dict[str, Any]:
    roles = [_ROLES[partner.role], *(_PARTY_ROLES[r] for r in partner.party_roles)]
    party: dict[str, Any] = {
        "id": partner.id,
        "name": partner.name,
        "roles": list(dict.fromkeys(roles)),
    }
    if partner.identifier is not None:
        party["identifier"] = _identifier(partner.identifier)
    if partner.additional_identifiers:
        # the schema wants them unique (uniqueItems): one identifier listed twice is written once
        party["additionalIdentifiers"] = [
            _identifier(i) for i in dict.fromkeys(partner.additional_identifiers)
        ]
    address = partner.address
    written = _clean(
        {
            "streetAddress": address.street_address if address else None,
            "locality": address.locality if address else None,
            "region": address.region if address else None,
            "postalCode": address.postal_code if address else None,
            "countryName": address.country_name if address else None,
            "country": (address.country if address else None) or partner.country,
        }
    )
    if written:
        party["address"] = written
    person = people.get(partner.id)
    if person is not None:
        contact: dict[str, Any] = {"name": person.name}
        if person.email is not None:
            contact["email"] = person.email
        party["contactPoint"] = contact
    return party


def _identifier(identifier: Identifier) -> dict[str, Any]:
    return _clean(
        {
            "scheme": identifier.scheme,
            "id": identifier.id,
            "legalName": identifier.legal_name,
            "uri": identifier.uri,
        }
    )


def _document(document: Document) -> dict[str, Any]:
    return _clean(
        {
            "id": document.id,
            "documentType": document.document_type,
            "title": document.title,
            "description": document.description,
            "url": document.url,
            "datePublished": _stamp(document.date_published) if document.date_published else None,
            "dateModified": _stamp(document.date_modified) if document.date_modified else None,
            "format": document.format,
            "language": document.language,
        }
    )


def _clean(written: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in written.items() if v is not None}


def _put(written: dict[str, Any], key: str, value: object) -> None:
    if value is not None:
        written[key] = value


def _milestone(milestone: Milestone) -> dict[str, Any]:
    written: dict[str, Any] = {
        "id": milestone.id,
        "title": milestone.title,
        "type": _KINDS.get(milestone.kind, milestone.kind.value),
        "dueDate": _stamp(milestone.due),
    }
    if milestone.status in _STATUSES:
        written["status"] = _STATUSES[milestone.status]
    if milestone.date_met is not None:
        written["dateMet"] = _stamp(milestone.date_met)
    elif milestone.status_on is not None and milestone.status in _STATUSES:
        written["dateModified"] = _stamp(milestone.status_on)
    _put(written, "description", milestone.description)
    _put(written, "code", milestone.code)
    if milestone.documents:
        written["documents"] = [_document(d) for d in milestone.documents]
    return written


def _transaction(transaction: Transaction) -> dict[str, Any]:
    payer, payee = transaction.payer_id, transaction.payee_id
    return {
        "id": transaction.id,
        "date": _stamp(transaction.on),
        "value": _money(transaction.amount),
        "payer": {"id": payer},
        "payee": {"id": payee},
    }


def _agreed(kpi: KPI) -> dict[str, Any]:
    unit = {"name": kpi.unit}
    first = {"id": f"{kpi.id}-target", "measure": kpi.target, "unit": unit}
    changes = [
        {
            "id": f"{kpi.id}-target-{i}",
            "measure": change.target,
            "unit": unit,
            "period": {"startDate": _stamp(change.effective_on)},
        }
        for i, change in enumerate(kpi.target_changes, 2)
    ]
    return {"id": kpi.id, "title": kpi.name, "observations": [first, *changes]}


def _observed(kpi: KPI) -> dict[str, Any]:
    return {
        "id": kpi.id,
        "observations": [
            {
                "id": f"{kpi.id}-{i}",
                "measure": m.value,
                "period": _clean(
                    {
                        "startDate": _stamp(m.period_start) if m.period_start else None,
                        "endDate": _stamp(m.on),
                    }
                ),
            }
            for i, m in enumerate(kpi.measurements, 1)
        ],
    }


def _risk(risk: Risk) -> dict[str, Any]:
    return _clean(
        {
            "id": risk.id,
            "category": risk.category.value,
            "description": risk.description,
            "allocation": _ALLOCATIONS[risk.allocation] if risk.allocation else None,
            "allocationDetails": risk.allocation_details,
        }
    )


def _implementation(contract: Contract) -> dict[str, Any]:
    implementation: dict[str, Any] = {}
    if contract.transactions:
        implementation["transactions"] = [_transaction(t) for t in contract.transactions]
    measured = [k for k in contract.kpis if k.measurements]
    if measured:
        implementation["metrics"] = [_observed(k) for k in measured]
    return implementation
