"""Contracts to OCDS: :func:`to_ocds`, a release package valid against the OCDS 1.1 schema."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from outsourcing._models.billing import Transaction
from outsourcing._models.contract import Contract
from outsourcing._models.kpis import KPI
from outsourcing._models.money import Money
from outsourcing._models.partners import Partner, PartnerRole
from outsourcing._models.risks import Risk
from outsourcing._models.schedule import Milestone, MilestoneStatus
from outsourcing._ocds.source import release_schema
from outsourcing.exceptions import InvalidValueError

_STATUSES = {
    MilestoneStatus.SCHEDULED: "scheduled",
    MilestoneStatus.MET: "met",
    MilestoneStatus.NOT_MET: "notMet",
    MilestoneStatus.PARTIALLY_MET: "partiallyMet",
}  # OCDS 1.1 has no cancelled milestone: its status is left out
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
        "ocid": f"{prefix}-{contract.id}",
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
    written: dict[str, Any] = {
        "id": contract.id,
        "awardID": award_id,
        "title": contract.title,
        "value": _money(contract.value),
        "period": {
            "startDate": _stamp(contract.term.start),
            "endDate": _stamp(contract.term.end),
        },
    }
    if contract.deliverables:
        written["items"] = [{"id": d.id, "description": d.title} for d in contract.deliverables]
    if contract.milestones:
        written["milestones"] = [_milestone(m) for m in contract.milestones]
    implementation: dict[str, Any] = {}
    if contract.transactions:
        implementation["transactions"] = [_transaction(t) for t in contract.transactions]
    measured = [k for k in contract.kpis if k.measurements]
    if measured:
        implementation["metrics"] = [_observed(k) for k in measured]
    if implementation:
        written["implementation"] = implementation
    if contract.kpis:
        written["agreedMetrics"] = [_agreed(k) for k in contract.kpis]
    if contract.risks:
        written["riskAllocation"] = [_risk(r, contract) for r in contract.risks]
    release["contracts"] = [written]
    return release


def _party(partner: Partner, people: dict[str, Any]) -> dict[str, Any]:
    party: dict[str, Any] = {
        "id": partner.id,
        "name": partner.name,
        "roles": [_ROLES[partner.role]],
    }
    if partner.country is not None:
        party["address"] = {"countryName": partner.country}
    person = people.get(partner.id)
    if person is not None:
        contact: dict[str, Any] = {"name": person.name}
        if person.email is not None:
            contact["email"] = person.email
        party["contactPoint"] = contact
    return party


def _milestone(milestone: Milestone) -> dict[str, Any]:
    written: dict[str, Any] = {
        "id": milestone.id,
        "title": milestone.title,
        "type": milestone.kind.value,
        "dueDate": _stamp(milestone.due),
    }
    if milestone.status in _STATUSES:
        written["status"] = _STATUSES[milestone.status]
    if milestone.date_met is not None:
        written["dateMet"] = _stamp(milestone.date_met)
    elif milestone.status_on is not None and milestone.status in _STATUSES:
        written["dateModified"] = _stamp(milestone.status_on)
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
    return {
        "id": kpi.id,
        "title": kpi.name,
        "observations": [
            {"id": f"{kpi.id}-target", "measure": kpi.target, "unit": {"name": kpi.unit}}
        ],
    }


def _observed(kpi: KPI) -> dict[str, Any]:
    return {
        "id": kpi.id,
        "observations": [
            {
                "id": f"{kpi.id}-{i}",
                "measure": m.value,
                "period": {"startDate": _stamp(m.on), "endDate": _stamp(m.on)},
            }
            for i, m in enumerate(kpi.measurements, 1)
        ],
    }


def _risk(risk: Risk, contract: Contract) -> dict[str, Any]:
    written: dict[str, Any] = {
        "id": risk.id,
        "category": risk.category.value,
        "description": risk.description,
    }
    owner = contract.partner(risk.owner_id, default=None) if risk.owner_id else None
    if owner is not None:
        written["allocation"] = (
            "publicAuthority" if owner.role is PartnerRole.CLIENT else "privateParty"
        )
    return written
