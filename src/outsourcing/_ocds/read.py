"""OCDS to contracts: :func:`from_ocds`, one contract per OCDS contract of each process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from outsourcing._models.billing import Transaction, TransactionKind
from outsourcing._models.contract import Contract, Term
from outsourcing._models.kpis import KPI, Direction, Measurement, TargetChange
from outsourcing._models.money import Money
from outsourcing._models.partners import PartnerRole
from outsourcing._models.risks import Risk, RiskAllocation, RiskCategory
from outsourcing._models.schedule import Milestone, MilestoneKind, MilestoneStatus
from outsourcing._models.work import Deliverable
from outsourcing._ocds.cursor import Cursor, Notes
from outsourcing._ocds.notes import ImportedContract, ImportResult, NoteKind
from outsourcing._ocds.parties import PROVIDER_ROLES, PartyReader
from outsourcing._ocds.pieces import amendments_of, contract_status, documents_of
from outsourcing._ocds.source import Process, processes

_KINDS = {
    "delivery": MilestoneKind.DELIVERY,
    "payment": MilestoneKind.PAYMENT,
    "approval": MilestoneKind.APPROVAL,
    "reporting": MilestoneKind.REPORTING,
    "assessment": MilestoneKind.ASSESSMENT,
    "engagement": MilestoneKind.ENGAGEMENT,
    "preProcurement": MilestoneKind.PRE_PROCUREMENT,
    "financing": MilestoneKind.FINANCING,
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
    last = {str(c.data["id"]): c for c in items if c.data.get("id") is not None}
    for contract in items:
        again = last.get(str(contract.data.get("id")))
        if again is not None and again is not contract:
            _same_id(contract, again, notes)
            continue
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


def _same_id(contract: Cursor, again: Cursor, notes: Notes) -> None:
    """Note a contract whose id comes again later in the release: OCDS merges objects of one id,
    so it is read once, from the last; what only this one says is lost."""  # noqa: D205, D209
    lost = [k for k, v in contract.data.items() if v is not None and again.data.get(k) is None]
    notes.add(
        contract.path,
        NoteKind.LOSSY,
        f"contract {contract.data['id']!r} again at {again.path}, which is read"
        + (f" ({', '.join(lost)} only here)" if lost else ""),
    )


def _contract(
    data: Mapping[str, Any], path: str, process: Process, notes: Notes
) -> Contract | None:
    c = Cursor(data, path, notes)
    release = process.release
    cid = c.text("id")
    if cid is None:
        cid = str(release.get("ocid", "contract"))
        notes.add(c.where("id"), NoteKind.GUESSED, f"no id: the ocid {cid!r} is used")
    award = _award(c, release, process.path)
    parties = PartyReader(release, process.path, notes)
    client = _client(release, process.path, parties, notes)
    providers = parties.in_order(_providers(c, award, parties))
    language = release.get("language")
    title = c.text("title") or c.variant("title", language)
    if title is None and award is not None and award.has("title"):
        title = award.text("title")
        notes.add(c.where("title"), NoteKind.GUESSED, "no title: the award's title is used")
    if title is None:
        title = cid
        notes.add(c.where("title"), NoteKind.GUESSED, "no title: the contract's id is used")
    milestones = _milestones(c)
    description = c.text("description") or c.variant("description", language)
    status = contract_status(c)
    signed = c.date("dateSigned")
    documents = documents_of(c)
    amendments = amendments_of(c)
    transactions, measured = _implementation(c, client, providers, parties, notes)
    kpis = _agreed_metrics(c, measured)
    value = _value(c, award, transactions, notes)
    term = _term(c, award, release, notes)
    deliverables = _deliverables(c, award, language)
    risks = _risks(c)
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
        ocid=process.release.get("ocid") if isinstance(process.release.get("ocid"), str) else None,
        status=status,
        date_signed=signed,
        description=description,
        documents=documents,
        amendments=amendments,
        version=1 + len(amendments),
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
    c.notes.add(c.where("awardID"), NoteKind.LEFT_OUT, f"no award with id {award_id!r}")
    return None


def _client(
    release: Mapping[str, Any], path: str, parties: PartyReader, notes: Notes
) -> str | None:
    buyer = release.get("buyer")
    if isinstance(buyer, Mapping):
        return parties.add(Cursor(buyer, f"{path}.buyer", notes), PartnerRole.CLIENT)
    for pid in parties.with_role("buyer"):
        return parties.add(parties.parties[pid], PartnerRole.CLIENT)
    for pid in parties.with_role("procuringEntity"):
        notes.add(path, NoteKind.GUESSED, f"no buyer: the procuring entity {pid!r} is the client")
        return parties.add(parties.parties[pid], PartnerRole.CLIENT)
    notes.add(path, NoteKind.LEFT_OUT, "no buyer: the contract has no client")
    return None


def _providers(c: Cursor, award: Cursor | None, parties: PartyReader) -> list[str]:
    found: list[str] = []
    suppliers = _suppliers(c)  # the contract suppliers extension: this contract's own
    if not suppliers and award is not None:
        suppliers = award.objs("suppliers")
    for supplier in suppliers:
        pid = parties.add(supplier, PartnerRole.SUPPLIER)
        if pid is not None:
            found.append(pid)
    for code, role in PROVIDER_ROLES.items():
        if code == "supplier" and suppliers:  # the award says who; others supply other awards
            continue
        fresh = [pid for pid in parties.with_role(code) if pid not in parties.partners]
        found.extend(pid for pid in fresh if parties.add(parties.parties[pid], role))
    return found


def _suppliers(c: Cursor) -> list[Cursor]:
    """The contract's own suppliers (an extension some publishers use beside the award's)."""
    if isinstance(c.data.get("suppliers"), Mapping):  # one supplier, written without its array
        one = c.obj("suppliers")
        c.notes.add(c.where("suppliers"), NoteKind.GUESSED, "an object, not an array: one supplier")
        return [one] if one is not None else []
    return c.objs("suppliers")


def _money(value: Cursor | None, key: str = "amount") -> Money | None:
    if value is None:
        return None
    amount = value.number(key)
    currency = value.text("currency")
    value.done()
    if amount is None:
        return None
    if currency is None:
        value.notes.add(value.where("currency"), NoteKind.LEFT_OUT, "an amount with no currency")
        return None
    return value.notes.build(value.path, Money, amount, currency)


def _value(
    c: Cursor, award: Cursor | None, transactions: tuple[Transaction, ...], notes: Notes
) -> Money:
    value = _money(c.obj("value"))
    if value is None and award is not None and award.has("value"):
        value = _money(award.obj("value"))
        notes.add(c.where("value"), NoteKind.GUESSED, "no value: the award's value is used")
    if value is None:
        currency = transactions[0].amount.currency if transactions else "XXX"
        value = Money(Decimal(0), currency)
        notes.add(c.where("value"), NoteKind.GUESSED, f"no value: 0 {currency} is used")
    return value


def _term(c: Cursor, award: Cursor | None, release: Mapping[str, Any], notes: Notes) -> Term:
    period = c.obj("period")
    if period is None and award is not None and award.has("contractPeriod"):
        period = award.obj("contractPeriod")
        notes.add(c.where("period"), NoteKind.GUESSED, "no period: the award's contract period")
    start = period.date("startDate") if period is not None else None
    end = period.date("endDate") if period is not None else None
    if period is not None:
        period.done()
    if start is None:
        found = (_day(c.data.get("dateSigned")), _day(release.get("date")), dt.date(1970, 1, 1))
        start = next(day for day in found if day is not None)
        notes.add(c.where("period"), NoteKind.GUESSED, f"no start date: {start} is used")
    return Term(start=start, end=end)  # no end date: open-ended


def _day(value: object) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _deliverables(c: Cursor, award: Cursor | None, language: object) -> tuple[Deliverable, ...]:
    items = c.objs("items")
    if not items and award is not None:
        items = award.objs("items")
    found = []
    for item in items:
        iid = item.text("id")
        title = item.text("description") or item.variant("description", language)
        if title is None:
            item.notes.add(item.where("description"), NoteKind.GUESSED, "no description: the id")
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
        m.notes.add(m.where("title"), NoteKind.GUESSED, "no title: the milestone's id is used")
    kind = MilestoneKind.DELIVERY
    code = m.text("type")
    if code is not None:
        if code in _KINDS:
            kind = _KINDS[code]
        else:
            m.notes.add(m.where("type"), NoteKind.GUESSED, f"type {code!r} read as delivery")
    status = MilestoneStatus.SCHEDULED
    code = m.text("status")
    if code is not None:
        if code in _STATUSES:
            status = _STATUSES[code]
        else:
            m.notes.add(m.where("status"), NoteKind.GUESSED, f"status {code!r} read as scheduled")
    met = m.date("dateMet")
    due = m.date("dueDate")
    if due is None and met is not None:
        due = met
        m.notes.add(m.where("dueDate"), NoteKind.GUESSED, "no due date: the date met is used")
    on = None
    if status is MilestoneStatus.MET or (status is MilestoneStatus.PARTIALLY_MET and met):
        on = met
    elif status is not MilestoneStatus.SCHEDULED:
        on = m.date("dateModified")
    if status not in {MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET} and met is not None:
        m.notes.add(m.where("dateMet"), NoteKind.LEFT_OUT, f"a date met for a {code} milestone")
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
        description=m.text("description"),
        code=m.text("code"),
        documents=documents_of(m),
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
            start, on = _period(observation)
            observation.skip("id", "unit")
            if mid is not None and on is not None and value is not None:
                measured.setdefault(mid, []).append(
                    Measurement(on=on, value=value, period_start=start)
                )
            else:
                missing = [w for w, v in (("date", on), ("measure", value)) if v is None]
                lacks = " or ".join(missing) or "metric id"
                notes.add(observation.path, NoteKind.LEFT_OUT, f"an observation with no {lacks}")
            observation.done()
        metric.done()
    milestones = implementation.objs("milestones")
    if milestones:
        c.notes.add(implementation.where("milestones"), NoteKind.LEFT_OUT, "no place for it")
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
        t.notes.add(t.where("payer"), NoteKind.GUESSED, "no payer: the client is assumed")
    if payee is None and providers:
        payee = providers[0]
        t.notes.add(t.where("payee"), NoteKind.GUESSED, "no payee: the supplier is assumed")
    if tid is None or on is None or amount is None or payer is None or payee is None:
        t.notes.add(t.path, NoteKind.LEFT_OUT, "a transaction without an id, date, amount or party")
        return None
    kind = TransactionKind.PAYMENT
    if amount.amount < 0:
        amount, payer, payee = Money(-amount.amount, amount.currency), payee, payer
        kind = TransactionKind.REFUND
        t.notes.add(t.where("value"), NoteKind.GUESSED, "a negative amount: a refund")
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
        # OCDS 1.0 writes the payer and payee in place, with identifiers of their own: find the
        # partner with the same identifier or name before calling the reference dangling.
        found = parties.match(ref.data)
        if found is not None:
            match, how = found
            t.notes.add(ref.path, NoteKind.GUESSED, f"{pid!r} read as party {match!r}: same {how}")
            return match
        t.notes.add(ref.path, NoteKind.LOSSY, f"{pid!r} is no party of the contract")
    return pid


def _period(observation: Cursor) -> tuple[dt.date | None, dt.date | None]:
    """An observation's period as (first day if it spans several, day observed)."""
    period = observation.obj("period")
    if period is None:
        return None, None
    start, end = period.date("startDate"), period.date("endDate")
    period.done()
    if end is None:
        return None, start
    if start is not None and start > end:
        observation.notes.add(period.path, NoteKind.LOSSY, "ends before it starts: the end kept")
        return None, end
    return start, end


def _agreed_metrics(c: Cursor, measured: dict[str, list[Measurement]]) -> tuple[KPI, ...]:
    found = []
    for metric in c.objs("agreedMetrics"):
        mid = metric.text("id")
        name = metric.text("title")
        if name is None:
            name = mid
            metric.notes.add(metric.where("title"), NoteKind.GUESSED, "no title: the id is used")
        targets: list[tuple[dt.date | None, Decimal]] = []
        unit = None
        for observation in metric.objs("observations"):
            start, target, unit = _target(observation, unit)
            if target is not None:
                targets.append((start, target))
        if not targets:
            metric.notes.add(metric.path, NoteKind.LEFT_OUT, "a metric with no target")
            metric.done()
            continue
        target, changes = _targets(metric, targets)
        metric.notes.add(metric.path, NoteKind.GUESSED, "direction: higher is better")
        if unit is None:
            metric.notes.add(metric.where("observations"), NoteKind.GUESSED, "no unit: 'units'")
        kpi = metric.notes.build(
            metric.path,
            KPI,
            id=mid,
            name=name,
            unit=unit or "units",
            direction=Direction.HIGHER_IS_BETTER,
            target=target,
            target_changes=changes,
            measurements=tuple(measured.pop(mid or "", [])),
        )
        if kpi is not None:
            found.append(kpi)
        metric.done()
    for mid in measured:
        c.notes.add(c.where("implementation"), NoteKind.LEFT_OUT, f"metric {mid!r} has no target")
    return tuple(found)


def _target(
    observation: Cursor, unit: str | None
) -> tuple[dt.date | None, Decimal | None, str | None]:
    """One agreed observation: the day it takes effect, the target, the unit (or the last)."""
    target = observation.number("measure")
    unit_obj = observation.obj("unit")
    if unit_obj is not None:
        unit = unit_obj.text("name") or unit
        unit_obj.done()
    period = observation.obj("period")
    start = period.date("startDate") if period is not None else None
    if period is not None:
        period.done()
    observation.skip("id")
    observation.done()
    return start, target, unit


def _targets(
    metric: Cursor, targets: list[tuple[dt.date | None, Decimal]]
) -> tuple[Decimal, tuple[TargetChange, ...]]:
    """The first target and its later changes, by the day each takes effect."""
    undated = [t for day, t in targets if day is None]
    dated = sorted((day, t) for day, t in targets if day is not None)
    first = undated[0] if undated else dated.pop(0)[1]
    if len(undated) > 1:
        metric.notes.add(
            metric.where("observations"), NoteKind.LOSSY, "several targets with no date: first kept"
        )
    by_day: dict[dt.date, Decimal] = {}
    for day, t in dated:
        if day in by_day:
            metric.notes.add(
                metric.where("observations"), NoteKind.LOSSY, f"two targets from {day}: last kept"
            )
        by_day[day] = t
    return first, tuple(TargetChange(effective_on=d, target=t) for d, t in by_day.items())


_ALLOCATIONS = {
    "publicAuthority": RiskAllocation.BUYER,
    "privateParty": RiskAllocation.SUPPLIER,
    "shared": RiskAllocation.SHARED,
}


def _risks(c: Cursor) -> tuple[Risk, ...]:
    found = []
    for r in c.objs("riskAllocation"):
        description = r.text("description")
        category = RiskCategory.OTHER
        code = r.data.get("category")
        if isinstance(code, str) and code in {k.value for k in RiskCategory}:
            category = RiskCategory(code)
            r.skip("category")
        elif description is None and isinstance(code, str):
            description = r.text("category")
            r.notes.add(r.where("description"), NoteKind.GUESSED, "no description: the category")
        elif isinstance(code, str):
            r.skip("category")
            r.notes.add(r.where("category"), NoteKind.LOSSY, f"{code!r} read as other")
        code = r.text("allocation")
        allocation = _ALLOCATIONS.get(code or "")
        if code is not None and allocation is None:
            r.notes.add(r.where("allocation"), NoteKind.LEFT_OUT, f"{code!r} is no allocation")
        built = r.notes.build(
            r.path,
            Risk,
            id=r.text("id"),
            description=description,
            category=category,
            likelihood=None,
            impact=None,
            allocation=allocation,
            allocation_details=r.text("allocationDetails"),
        )
        if built is not None:
            found.append(built)
        r.done()
    return tuple(found)
