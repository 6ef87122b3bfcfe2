"""OCDS to contracts: :func:`from_ocds`, one contract per OCDS contract of each process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from outsourcing._models.billing import Transaction, TransactionKind
from outsourcing._models.contract import Contract, Term
from outsourcing._models.kpis import KPI, Direction, Measurement
from outsourcing._models.money import Money
from outsourcing._models.partners import PartnerRole
from outsourcing._models.risks import Risk, RiskCategory
from outsourcing._models.schedule import Milestone, MilestoneKind, MilestoneStatus
from outsourcing._models.work import Deliverable
from outsourcing._ocds.cursor import Cursor, Notes
from outsourcing._ocds.notes import ImportedContract, ImportResult, NoteKind
from outsourcing._ocds.parties import PROVIDER_ROLES, PartyReader
from outsourcing._ocds.source import Process, processes

_KINDS = {
    "delivery": MilestoneKind.DELIVERY,
    "payment": MilestoneKind.PAYMENT,
    "approval": MilestoneKind.APPROVAL,
    "reporting": MilestoneKind.REPORTING,
    "assessment": MilestoneKind.ASSESSMENT,
    "engagement": MilestoneKind.ENGAGEMENT,
}
_STATUSES = {
    "scheduled": MilestoneStatus.SCHEDULED,
    "met": MilestoneStatus.MET,
    "notMet": MilestoneStatus.NOT_MET,
    "partiallyMet": MilestoneStatus.PARTIALLY_MET,
    "cancelled": MilestoneStatus.CANCELLED,
}
_RELEASE_BOOKKEEPING = ("ocid", "id", "date", "tag", "initiationType", "language")


def from_ocds(data: object) -> ImportResult:
    """Build contracts from an OCDS document, noting what could not be carried over as it was.

    Reads release packages, record packages, single releases and single records, OCDS 1.0 and
    1.1, with the public-private partnerships extension's metrics, performance failures and risk
    allocation. Releases of one process are merged into a compiled release by ``ocdsmerge`` (the
    ``ocds`` extra). Every OCDS contract becomes one :class:`~outsourcing.Contract`; whatever the
    model has no place for, refuses, or had to be guessed is written as a
    :class:`~outsourcing.ocds.Note` with its JSONPath in ``data``. Nothing is dropped silently, and
    real data never raises: only a document that is not OCDS at all does.

    Args:
        data: The parsed JSON document (:func:`json.load` it first).

    Raises:
        LoadError: ``data`` is not an OCDS release, record, or package of them.
        MissingDependencyError: Releases must be merged and ``ocdsmerge`` is not installed.
    """
    found, document_notes = processes(data)
    notes = Notes()
    notes.items.extend(document_notes)
    contracts: list[ImportedContract] = []
    for process in found:
        contracts.extend(_process(process, notes))
    return ImportResult(contracts=tuple(contracts), notes=tuple(notes.items))


def _process(process: Process, notes: Notes) -> list[ImportedContract]:
    release = Cursor(process.release, process.path, notes)
    release.skip(*_RELEASE_BOOKKEEPING, "parties", "buyer", "awards")
    ocid = release.text("ocid")
    found = []
    items = release.objs("contracts")
    if not items:
        notes.add(process.path, NoteKind.LEFT_OUT, "a process with no contract")
    for contract in items:
        own = Notes()
        built = _contract(contract.data, contract.path, process, own)
        if built is None:
            notes.items.extend(own.items)
            continue
        found.append(ImportedContract(contract=built, ocid=ocid, notes=tuple(own.items)))
    used = {str(c.data.get("awardID")) for c in items}
    for award in release.objs("awards"):
        if str(award.data.get("id")) not in used:
            notes.add(award.path, NoteKind.LEFT_OUT, "an award with no contract")
    release.done()
    return found


def _contract(
    data: Mapping[str, Any], path: str, process: Process, notes: Notes
) -> Contract | None:
    c = Cursor(data, path, notes)
    release = process.release
    cid = c.text("id")
    if cid is None:
        cid = str(release.get("ocid", "contract"))
        notes.add(c.at("id"), NoteKind.GUESSED, f"no id: the ocid {cid!r} is used")
    award = _award(c, release, process.path)
    parties = PartyReader(release, process.path, notes)
    client = _client(release, process.path, parties, notes)
    providers = parties.in_order(_providers(award, parties))
    title = c.text("title")
    if title is None and award is not None and award.has("title"):
        title = award.text("title")
        notes.add(c.at("title"), NoteKind.GUESSED, "no title: the award's title is used")
    if title is None:
        title = cid
        notes.add(c.at("title"), NoteKind.GUESSED, "no title: the contract's id is used")
    milestones = _milestones(c)
    transactions, measured = _implementation(c, client, providers, parties, notes)
    kpis = _agreed_metrics(c, measured)
    value = _value(c, award, transactions, notes)
    term = _term(c, award, release, notes)
    deliverables = _deliverables(c, award)
    risks = _risks(c, client, providers)
    if award is not None:
        award.done()
    parties.finish()
    c.done()
    order = parties.in_order(parties.partners)
    people = sorted(parties.people, key=lambda p: order.index(p.partner_id))
    return notes.build(
        path,
        Contract,
        id=cid,
        title=title,
        parties=tuple(parties.partners[pid] for pid in order),
        people=tuple(people),
        term=term,
        value=value,
        deliverables=deliverables,
        milestones=milestones,
        transactions=transactions,
        kpis=kpis,
        risks=risks,
    )


def _award(c: Cursor, release: Mapping[str, Any], path: str) -> Cursor | None:
    award_id = c.text("awardID")
    awards = release.get("awards")
    if award_id is None or not isinstance(awards, list):
        return None
    for i, award in enumerate(awards):
        if isinstance(award, Mapping) and str(award.get("id")) == award_id:
            cursor = Cursor(award, f"{path}.awards[{i}]", c.notes)
            cursor.skip("id")
            return cursor
    c.notes.add(c.at("awardID"), NoteKind.LEFT_OUT, f"no award with id {award_id!r}")
    return None


def _client(
    release: Mapping[str, Any], path: str, parties: PartyReader, notes: Notes
) -> str | None:
    buyer = release.get("buyer")
    if isinstance(buyer, Mapping):
        return parties.add(Cursor(buyer, f"{path}.buyer", notes), PartnerRole.CLIENT)
    for pid in parties.with_role("buyer"):
        return parties.add(parties.parties[pid], PartnerRole.CLIENT)
    notes.add(path, NoteKind.LEFT_OUT, "no buyer: the contract has no client")
    return None


def _providers(award: Cursor | None, parties: PartyReader) -> list[str]:
    found: list[str] = []
    suppliers = award.objs("suppliers") if award is not None else []
    for supplier in suppliers:
        pid = parties.add(supplier, PartnerRole.SUPPLIER)
        if pid is not None:
            found.append(pid)
    for code, role in PROVIDER_ROLES.items():
        fresh = [pid for pid in parties.with_role(code) if pid not in parties.partners]
        found.extend(pid for pid in fresh if parties.add(parties.parties[pid], role))
    return found


def _money(value: Cursor | None, key: str = "amount") -> Money | None:
    if value is None:
        return None
    amount = value.number(key)
    currency = value.text("currency")
    value.done()
    if amount is None:
        return None
    if currency is None:
        value.notes.add(value.at("currency"), NoteKind.LEFT_OUT, "an amount with no currency")
        return None
    return value.notes.build(value.path, Money, amount, currency)


def _value(
    c: Cursor, award: Cursor | None, transactions: tuple[Transaction, ...], notes: Notes
) -> Money:
    value = _money(c.obj("value"))
    if value is None and award is not None and award.has("value"):
        value = _money(award.obj("value"))
        notes.add(c.at("value"), NoteKind.GUESSED, "no value: the award's value is used")
    if value is None:
        currency = transactions[0].amount.currency if transactions else "XXX"
        value = Money(Decimal(0), currency)
        notes.add(c.at("value"), NoteKind.GUESSED, f"no value: 0 {currency} is used")
    return value


def _term(c: Cursor, award: Cursor | None, release: Mapping[str, Any], notes: Notes) -> Term:
    period = c.obj("period")
    if period is None and award is not None and award.has("contractPeriod"):
        period = award.obj("contractPeriod")
        notes.add(c.at("period"), NoteKind.GUESSED, "no period: the award's contract period")
    start = period.date("startDate") if period is not None else None
    end = period.date("endDate") if period is not None else None
    if period is not None:
        period.done()
    if start is None:
        signed = c.data.get("dateSigned") or release.get("date")
        start = _day(signed) or dt.date(1970, 1, 1)
        notes.add(c.at("period"), NoteKind.GUESSED, f"no start date: {start} is used")
    if end is None:
        end = start
        notes.add(c.at("period"), NoteKind.GUESSED, f"no end date: the start, {start}, is used")
    return Term(start=start, end=end)


def _day(value: object) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _deliverables(c: Cursor, award: Cursor | None) -> tuple[Deliverable, ...]:
    items = c.objs("items")
    if not items and award is not None:
        items = award.objs("items")
    found = []
    for item in items:
        iid = item.text("id")
        title = item.text("description")
        if title is None:
            item.notes.add(item.at("description"), NoteKind.GUESSED, "no description: the id")
        built = item.notes.build(item.path, Deliverable, id=iid, title=title or iid)
        if built is not None:
            found.append(built)
        item.done()
    return tuple(found)


def _milestones(c: Cursor) -> tuple[Milestone, ...]:
    found = [_milestone(m) for m in c.objs("milestones")]
    return tuple(m for m in found if m is not None)


def _milestone(m: Cursor) -> Milestone | None:
    mid = m.text("id")
    title = m.text("title")
    if title is None:
        title = mid
        m.notes.add(m.at("title"), NoteKind.GUESSED, "no title: the milestone's id is used")
    kind = MilestoneKind.DELIVERY
    code = m.text("type")
    if code is not None:
        if code in _KINDS:
            kind = _KINDS[code]
        else:
            m.notes.add(m.at("type"), NoteKind.GUESSED, f"type {code!r} read as delivery")
    status = MilestoneStatus.SCHEDULED
    code = m.text("status")
    if code is not None:
        if code in _STATUSES:
            status = _STATUSES[code]
        else:
            m.notes.add(m.at("status"), NoteKind.GUESSED, f"status {code!r} read as scheduled")
    met = m.date("dateMet")
    due = m.date("dueDate")
    if due is None:
        due = met
        m.notes.add(m.at("dueDate"), NoteKind.GUESSED, "no due date: the date met is used")
    on = None
    if status in {MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET}:
        on = met
    elif status is not MilestoneStatus.SCHEDULED:
        on = m.date("dateModified")
    if status not in {MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET} and met is not None:
        m.notes.add(m.at("dateMet"), NoteKind.LEFT_OUT, f"a date met for a {code} milestone")
        met = None
    built = m.notes.build(
        m.path,
        Milestone,
        id=mid,
        title=title,
        due=due,
        kind=kind,
        status=status,
        date_met=met,
        status_on=on,
    )
    m.done()
    return built


def _implementation(
    c: Cursor, client: str | None, providers: list[str], parties: PartyReader, notes: Notes
) -> tuple[tuple[Transaction, ...], dict[str, list[Measurement]]]:
    implementation = c.obj("implementation")
    if implementation is None:
        return (), {}
    transactions = []
    for t in implementation.objs("transactions"):
        built = _transaction(t, client, providers, parties)
        if built is not None:
            transactions.append(built)
        t.done()
    measured: dict[str, list[Measurement]] = {}
    for metric in implementation.objs("metrics"):
        mid = metric.text("id")
        metric.skip("title", "description")
        for observation in metric.objs("observations"):
            value = observation.number("measure")
            period = observation.obj("period")
            on = None
            if period is not None:
                start, end = period.date("startDate"), period.date("endDate")
                on = end or start
                if start is not None and end is not None and start != end:
                    notes.add(period.path, NoteKind.LOSSY, f"observed over a period: kept on {end}")
                period.done()
            observation.skip("id", "unit")
            if mid is not None and on is not None and value is not None:
                measured.setdefault(mid, []).append(Measurement(on=on, value=value))
            else:
                notes.add(observation.path, NoteKind.LEFT_OUT, "an observation with no date")
            observation.done()
        metric.done()
    milestones = implementation.objs("milestones")
    if milestones:
        c.notes.add(implementation.at("milestones"), NoteKind.LEFT_OUT, "no place for it")
    implementation.done()
    return tuple(transactions), measured


def _transaction(
    t: Cursor, client: str | None, providers: list[str], parties: PartyReader
) -> Transaction | None:
    tid = t.text("id")
    on = t.date("date")
    amount = _money(t.obj("value")) if t.has("value") else None
    if amount is None and t.has("amount"):  # OCDS 1.0
        amount = _money(t.obj("amount"))
    payer = _ref(t, "payer", "providerOrganization", parties)
    payee = _ref(t, "payee", "receiverOrganization", parties)
    if payer is None:
        payer = client
        t.notes.add(t.at("payer"), NoteKind.GUESSED, "no payer: the client is assumed")
    if payee is None and providers:
        payee = providers[0]
        t.notes.add(t.at("payee"), NoteKind.GUESSED, "no payee: the supplier is assumed")
    if tid is None or on is None or amount is None or payer is None or payee is None:
        t.notes.add(t.path, NoteKind.LEFT_OUT, "a transaction without an id, date, amount or party")
        return None
    kind = TransactionKind.PAYMENT
    if amount.amount < 0:
        amount, payer, payee = Money(-amount.amount, amount.currency), payee, payer
        kind = TransactionKind.REFUND
        t.notes.add(t.at("value"), NoteKind.GUESSED, "a negative amount: a refund")
    elif payer in providers and payee == client:
        kind = TransactionKind.REFUND
    return t.notes.build(
        t.path, Transaction, id=tid, on=on, amount=amount, payer_id=payer, payee_id=payee, kind=kind
    )


def _ref(t: Cursor, key: str, old_key: str, parties: PartyReader) -> str | None:
    ref = t.obj(key) or t.obj(old_key)
    if ref is None:
        return None
    pid = ref.text("id") or ref.text("name")
    ref.skip("id", "name", "scheme", "legalName", "uri")
    ref.done()
    if pid is not None and pid not in parties.partners:
        t.notes.add(ref.path, NoteKind.LOSSY, f"{pid!r} is no party of the contract")
    return pid


def _agreed_metrics(c: Cursor, measured: dict[str, list[Measurement]]) -> tuple[KPI, ...]:
    found = []
    for metric in c.objs("agreedMetrics"):
        mid = metric.text("id")
        name = metric.text("title") or mid
        observations = metric.objs("observations")
        targets = []
        unit = None
        for observation in observations:
            target = observation.number("measure")
            unit_obj = observation.obj("unit")
            if unit_obj is not None:
                unit = unit_obj.text("name") or unit
                unit_obj.done()
            observation.skip("id", "period")
            if target is not None:
                targets.append(target)
            observation.done()
        if not targets:
            metric.notes.add(metric.path, NoteKind.LEFT_OUT, "a metric with no target")
            metric.done()
            continue
        if len(targets) > 1:
            metric.notes.add(
                metric.at("observations"), NoteKind.LOSSY, "several targets: the last is kept"
            )
        metric.notes.add(metric.path, NoteKind.GUESSED, "direction: higher is better")
        if unit is None:
            metric.notes.add(metric.at("observations"), NoteKind.GUESSED, "no unit: 'units'")
        kpi = metric.notes.build(
            metric.path,
            KPI,
            id=mid,
            name=name,
            unit=unit or "units",
            direction=Direction.HIGHER_IS_BETTER,
            target=targets[-1],
            measurements=tuple(measured.pop(mid or "", [])),
        )
        if kpi is not None:
            found.append(kpi)
        metric.done()
    for mid in measured:
        c.notes.add(c.at("implementation"), NoteKind.LEFT_OUT, f"metric {mid!r} has no target")
    return tuple(found)


def _risks(c: Cursor, client: str | None, providers: list[str]) -> tuple[Risk, ...]:
    found = []
    for r in c.objs("riskAllocation"):
        rid = r.text("id")
        description = r.text("description") or r.text("category")
        category = RiskCategory.OTHER
        code = r.data.get("category")
        if isinstance(code, str) and code.lower() in {k.value for k in RiskCategory}:
            category = RiskCategory(code.lower())
            r.skip("category")
        allocation = r.text("allocation")
        owner = {"publicAuthority": client, "privateParty": providers[0] if providers else None}
        owner_id = owner.get(allocation or "")
        if allocation is not None and owner_id is None:
            r.notes.add(r.at("allocation"), NoteKind.LOSSY, f"{allocation!r}: no one owner")
        r.notes.add(r.path, NoteKind.GUESSED, "no likelihood or impact: 1 and 1")
        built = r.notes.build(
            r.path,
            Risk,
            id=rid,
            description=description,
            category=category,
            likelihood=1,
            impact=1,
            owner_id=owner_id,
        )
        if built is not None:
            found.append(built)
        r.done()
    return tuple(found)
