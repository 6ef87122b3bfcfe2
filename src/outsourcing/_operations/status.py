"""One structured summary of an engagement as of a date, and two ways to print it."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from outsourcing._models.access import AccessGrant, Revocation
from outsourcing._models.billing import Transaction
from outsourcing._models.comms import MeetingKind
from outsourcing._models.contract import Contract
from outsourcing._models.money import exactly
from outsourcing._models.risks import Risk, RiskStatus
from outsourcing._models.schedule import GateDecision, MilestoneStatus, PhaseKind
from outsourcing._models.work import DeliverableStatus
from outsourcing._operations.access import grants_to_revoke
from outsourcing._operations.kpi_results import KPIEvaluation, KPIState, evaluate_kpi
from outsourcing._operations.lifecycle import (
    DUE_SOON_DAYS,
    Timeliness,
    decision_as_of,
    due_as_of,
    in_hypercare,
    is_rebaselined,
    milestone_status_as_of,
    status_as_of,
    timeliness,
)
from outsourcing._operations.payments import (
    InvoicePeriod,
    InvoiceSchedule,
    PaymentSchedule,
    invoice_schedule,
    payment_schedule,
)
from outsourcing._rules.catalogue import validate
from outsourcing._rules.index import index_of
from outsourcing._rules.machinery import Report

RISK_THRESHOLD = 10
"""The score (likelihood times impact) from which a status report lists a risk, by default."""


class PhaseState(enum.Enum):
    """Where a phase is in time, as of a date."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


@attrs.frozen(kw_only=True)
class PhaseProgress:
    """How far one phase has come.

    Args:
        phase_id: The phase.
        name: Its name.
        kind: Pilot, standard or transition.
        start: Its first day.
        end: Its last day.
        state: Not started, in progress or finished.
        milestones_met: Its milestones met by the day of the report.
        milestones: All its milestones that are not cancelled.
        deliverables_accepted: Deliverables due at its milestones and accepted by then.
        deliverables: Deliverables due at its milestones.
        gate: The decision at its gate, as of the day of the report.
    """

    phase_id: str
    name: str
    kind: PhaseKind
    start: dt.date
    end: dt.date
    state: PhaseState
    milestones_met: int
    milestones: int
    deliverables_accepted: int
    deliverables: int
    gate: GateDecision


@attrs.frozen(kw_only=True)
class MilestoneProgress:
    """A milestone that needs attention: late or due soon.

    Args:
        milestone_id: The milestone.
        title: Its title.
        due: Its due date as of the day of the report.
        timeliness: Late or due soon.
        rebaselined: Whether its due date has moved.
    """

    milestone_id: str
    title: str
    due: dt.date
    timeliness: Timeliness
    rebaselined: bool


@attrs.frozen(kw_only=True)
class PendingAcceptance:
    """A deliverable submitted and waiting for the client's verdict.

    Args:
        deliverable_id: The deliverable.
        title: Its title.
        submitted_on: When it was submitted, if recorded.
    """

    deliverable_id: str
    title: str
    submitted_on: dt.date | None


@attrs.frozen(kw_only=True)
class OpenGate:
    """A gate of a started phase that has not let the next phase start yet.

    Args:
        phase_id: The phase.
        name: Its name.
        decision: ``pending`` or ``hold``.
        phase_end: The phase's last day: when the evaluation is due.
    """

    phase_id: str
    name: str
    decision: GateDecision
    phase_end: dt.date


@attrs.frozen(kw_only=True)
class NextMeeting:
    """The next occurrence of one meeting of the communication plan.

    Args:
        meeting_id: The meeting.
        name: Its name.
        kind: What it is for.
        on: The day of its next occurrence.
    """

    meeting_id: str
    name: str
    kind: MeetingKind
    on: dt.date


@attrs.frozen(kw_only=True)
class StatusReport:
    """The engagement as of a date: progress, attention points, KPIs, money, meetings, validity.

    Build it with :func:`status_report`; print it with :func:`render_text` or
    :func:`render_markdown`.

    Args:
        contract_id: The contract.
        title: Its title.
        version: Its version.
        as_of: The day of the report.
        phases: Progress per phase, in order.
        late_milestones: Milestones past due and not met.
        due_soon: Milestones due within the coming days.
        pending_acceptances: Deliverables submitted and waiting for a verdict.
        kpis: How each KPI fares, window by window.
        payments: The milestone payment schedule, with service credits netted.
        invoices: The invoice schedule month by month: recurring charges and milestone payments,
            service credits with their caps, what the transactions settled, net payable.
        transactions: The transactions made by the day of the report, in date order.
        next_meetings: The next occurrence of each meeting, soonest first.
        open_gates: Gates of started phases still pending or on hold.
        in_hypercare: Whether the day falls inside hypercare.
        validation: The rule catalogue's verdict as of the day.
        risks: Risks not closed whose score reaches the threshold, highest first.
        risk_threshold: That threshold.
        grants_to_revoke: Access grants that must be revoked as of the day, and why.
        grants_expiring: Access grants in force that expire within the coming days.
    """

    contract_id: str
    title: str
    version: int
    as_of: dt.date
    phases: tuple[PhaseProgress, ...]
    late_milestones: tuple[MilestoneProgress, ...]
    due_soon: tuple[MilestoneProgress, ...]
    pending_acceptances: tuple[PendingAcceptance, ...]
    kpis: tuple[KPIEvaluation, ...]
    payments: PaymentSchedule
    invoices: InvoiceSchedule
    transactions: tuple[Transaction, ...]
    next_meetings: tuple[NextMeeting, ...]
    open_gates: tuple[OpenGate, ...]
    in_hypercare: bool
    validation: Report
    risks: tuple[Risk, ...] = ()
    risk_threshold: int = RISK_THRESHOLD
    grants_to_revoke: tuple[Revocation, ...] = ()
    grants_expiring: tuple[AccessGrant, ...] = ()


def _phase_state(start: dt.date, end: dt.date, as_of: dt.date) -> PhaseState:
    if as_of < start:
        return PhaseState.NOT_STARTED
    return PhaseState.IN_PROGRESS if as_of <= end else PhaseState.FINISHED


def _phases(contract: Contract, as_of: dt.date) -> tuple[PhaseProgress, ...]:
    index = index_of(contract)
    found = index.deliverables
    result = []
    for phase in contract.phases_in_order():
        milestones = [
            m
            for m in index.milestones_by_phase.get(phase.id, ())
            if milestone_status_as_of(m, as_of) is not MilestoneStatus.CANCELLED
        ]
        due = list(dict.fromkeys(d for m in milestones for d in m.deliverable_ids if d in found))
        accepted = sum(
            1 for d in due if status_as_of(found[d], as_of) is DeliverableStatus.ACCEPTED
        )
        met = sum(1 for m in milestones if milestone_status_as_of(m, as_of) is MilestoneStatus.MET)
        result.append(
            PhaseProgress(
                phase_id=phase.id,
                name=phase.name,
                kind=phase.kind,
                start=phase.start,
                end=phase.end,
                state=_phase_state(phase.start, phase.end, as_of),
                milestones_met=met,
                milestones=len(milestones),
                deliverables_accepted=accepted,
                deliverables=len(due),
                gate=decision_as_of(phase, as_of),
            )
        )
    return tuple(result)


@exactly
def status_report(
    contract: Contract,
    *,
    as_of: dt.date,
    soon: int = DUE_SOON_DAYS,
    risk_threshold: int = RISK_THRESHOLD,
) -> StatusReport:
    """Summarise the engagement as of ``as_of``.

    Time is linear in the size of the contract (plus, per KPI, its windows).

    >>> import datetime as dt
    >>> from outsourcing import example_contract
    >>> from outsourcing.status import status_report
    >>> report = status_report(example_contract(), as_of=dt.date(2026, 11, 22))
    >>> [(p.phase_id, p.state.value, p.gate.value) for p in report.phases][:2]
    [('PH-1', 'finished', 'go_with_conditions'), ('PH-2', 'not_started', 'pending')]

    Args:
        contract: The contract.
        as_of: The day of the report.
        soon: How many days ahead a milestone (or an access grant's expiry) counts as soon.
        risk_threshold: The lowest risk score listed.
    """
    late: list[MilestoneProgress] = []
    due_soon: list[MilestoneProgress] = []
    for m in contract.milestones:
        when = timeliness(m, as_of, soon=soon)
        if when not in {Timeliness.LATE, Timeliness.DUE_SOON}:
            continue
        line = MilestoneProgress(
            milestone_id=m.id,
            title=m.title,
            due=due_as_of(m, as_of),
            timeliness=when,
            rebaselined=is_rebaselined(m, as_of),
        )
        (late if when is Timeliness.LATE else due_soon).append(line)
    pending = [
        PendingAcceptance(
            deliverable_id=d.id,
            title=d.title,
            submitted_on=next(
                (
                    e.on
                    for e in reversed(d.history)
                    if e.on <= as_of and e.status is DeliverableStatus.SUBMITTED
                ),
                None,
            ),
        )
        for d in contract.deliverables
        if status_as_of(d, as_of) is DeliverableStatus.SUBMITTED
    ]
    meetings = []
    for meeting in contract.meetings:
        upcoming = meeting.next_occurrences(as_of, count=1)
        if upcoming:
            meetings.append(
                NextMeeting(
                    meeting_id=meeting.id, name=meeting.name, kind=meeting.kind, on=upcoming[0]
                )
            )
    open_gates = [
        OpenGate(phase_id=p.id, name=p.name, decision=decision, phase_end=p.end)
        for p in contract.phases_in_order()
        if p.start <= as_of
        and (decision := decision_as_of(p, as_of)) in {GateDecision.PENDING, GateDecision.HOLD}
    ]
    return StatusReport(
        contract_id=contract.id,
        title=contract.title,
        version=contract.version,
        as_of=as_of,
        phases=_phases(contract, as_of),
        late_milestones=tuple(sorted(late, key=lambda x: x.due)),
        due_soon=tuple(sorted(due_soon, key=lambda x: x.due)),
        pending_acceptances=tuple(pending),
        kpis=tuple(
            evaluate_kpi(
                k,
                contract.term,
                as_of,
                charges=contract.recurring_charges,
                rounding=contract.rounding,
            )
            for k in contract.kpis
        ),
        payments=payment_schedule(contract, as_of),
        invoices=invoice_schedule(contract, as_of),
        transactions=tuple(
            sorted((t for t in contract.transactions if t.on <= as_of), key=lambda t: (t.on, t.id))
        ),
        next_meetings=tuple(sorted(meetings, key=lambda x: (x.on, x.meeting_id))),
        open_gates=tuple(open_gates),
        in_hypercare=in_hypercare(contract, as_of),
        validation=validate(contract, as_of=as_of),
        risks=_risks(contract, risk_threshold),
        risk_threshold=risk_threshold,
        grants_to_revoke=grants_to_revoke(contract, as_of),
        grants_expiring=tuple(
            g
            for g in contract.access_grants
            if g.in_force_on(as_of)
            and g.expires_on is not None
            and (g.expires_on - as_of).days <= soon
        ),
    )


def _risks(contract: Contract, threshold: int) -> tuple[Risk, ...]:
    found = [
        r for r in contract.risks if r.status is not RiskStatus.CLOSED and r.score >= threshold
    ]
    return tuple(sorted(found, key=lambda r: -r.score))


# -- rendering -------------------------------------------------------------------------------


def _kpi_line(evaluation: KPIEvaluation) -> tuple[str, str, str, str, str]:
    current = evaluation.current
    value = "-" if current is None or current.value is None else _number(current.value)
    window = "-" if current is None else f"{current.window.start} to {current.window.end}"
    state = KPIState.NO_DATA.value if current is None else current.state.value
    earned = "-" if evaluation.credits is None else str(evaluation.credits)
    rest = f"{evaluation.trend.value}; credits {earned}"
    last = evaluation.last_complete
    if last is not None and last is not current:
        last_value = "-" if last.value is None else _number(last.value)
        rest = (
            f"last complete {last.state.value}, {last_value} over {last.window.start} to "
            f"{last.window.end}; {rest}"
        )
    return evaluation.kpi_id, state, value, window, rest


def _number(value: object) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text[: text.index(".") + 3].rstrip("0").rstrip(".")
    return text


def _month_line(period: InvoicePeriod) -> str:
    lines = "; ".join(f"{line.source_id} {line.amount} {line.state.value}" for line in period.lines)
    text = f"{period.start:%Y-%m}: {period.total}" + (f" ({lines})" if lines else "")
    credit = period.credit
    if credit is not None:
        text += f"; credits {credit.credit}"
        if credit.cap is not None:
            text += f" (earned {credit.earned}, cap {credit.cap}, cut {credit.cut})"
    return text


def _invoice_lines(invoices: InvoiceSchedule) -> list[str]:
    return [
        (
            f"total {invoices.total}; paid {invoices.paid}; payable {invoices.payable}; "
            f"remaining {invoices.remaining}"
        ),
        (
            f"service credits {invoices.credits} (settled {invoices.credits_settled}); "
            f"net payable {invoices.net_payable}; credits carried {invoices.credits_carried}"
        ),
        *map(_month_line, invoices.periods),
    ]


def _transaction_line(t: Transaction, *, unmatched: bool) -> str:
    link = t.milestone_id or t.charge_id or ""
    if t.period is not None:
        link = f"{link} {t.period:%Y-%m}".strip()
    text = f"{t.on} {t.id} {t.kind.value.replace('_', ' ')} {t.amount} {t.payer_id} -> {t.payee_id}"
    text += f" for {link}" if link else ""
    text += f" ({t.reference})" if t.reference else ""
    return text + (" UNMATCHED" if unmatched else "")


def _sections(report: StatusReport) -> list[tuple[str, list[str]]]:
    """The report as titled sections of plain lines, shared by both renderers."""
    pay = report.payments
    sections: list[tuple[str, list[str]]] = [
        (
            "Phases",
            [
                f"{p.phase_id} {p.name} ({p.kind.value}, {p.start} to {p.end}): "
                f"{p.state.value.replace('_', ' ')}; milestones met {p.milestones_met}/"
                f"{p.milestones}; deliverables accepted {p.deliverables_accepted}/"
                f"{p.deliverables}; gate {p.gate.value}"
                for p in report.phases
            ],
        ),
        (
            "Late milestones",
            [
                f"{m.milestone_id} {m.title}: due {m.due}" + (" (rebaselined)" * m.rebaselined)
                for m in report.late_milestones
            ],
        ),
        (
            "Due soon",
            [
                f"{m.milestone_id} {m.title}: due {m.due}" + (" (rebaselined)" * m.rebaselined)
                for m in report.due_soon
            ],
        ),
        (
            "Pending acceptance",
            [
                f"{d.deliverable_id} {d.title}"
                + (f": submitted {d.submitted_on}" if d.submitted_on else "")
                for d in report.pending_acceptances
            ],
        ),
        (
            "KPIs",
            [
                f"{kpi}: {state}, {value} over {window}; {rest}"
                for kpi, state, value, window, rest in map(_kpi_line, report.kpis)
            ],
        ),
        (
            "Payments",
            [
                (
                    f"total {pay.total}; paid {pay.paid}; payable {pay.payable}; "
                    f"remaining {pay.remaining}"
                ),
                (
                    f"service credits {pay.credits}; net payable {pay.net_payable}; "
                    f"credits carried {pay.credits_carried}"
                ),
                *(
                    f"{line.milestone_id} {line.title}: {line.amount}, {line.state.value}"
                    + (f" on {line.paid_on}" if line.paid_on else f" (due {line.due})")
                    for line in pay.lines
                ),
            ],
        ),
        ("Invoices by month", _invoice_lines(report.invoices)),
        (
            "Transactions",
            [
                _transaction_line(t, unmatched=t in report.invoices.unmatched)
                for t in report.transactions
            ],
        ),
        (
            "Next meetings",
            [f"{m.on} {m.name} ({m.kind.value})" for m in report.next_meetings],
        ),
        (
            "Open gates",
            [
                f"{g.phase_id} {g.name}: {g.decision.value}, due by {g.phase_end}"
                for g in report.open_gates
            ],
        ),
        (
            f"Risks scoring {report.risk_threshold} or more",
            [
                f"{r.id} ({r.category.value}, {r.likelihood} x {r.impact} = {r.score}, "
                f"{r.status.value}): {r.description}"
                for r in report.risks
            ],
        ),
        (
            "Access to revoke",
            [
                f"{r.grant.id} {r.grant.grantee_id} on {r.grant.system}: "
                + ", ".join(why.value.replace("_", " ") for why in r.reasons)
                for r in report.grants_to_revoke
            ],
        ),
        (
            "Access expiring soon",
            [
                f"{g.id} {g.grantee_id} on {g.system}: expires {g.expires_on}"
                for g in report.grants_expiring
            ],
        ),
        (
            "Validation",
            [
                (
                    f"{'valid' if report.validation.ok else 'INVALID'}: "
                    f"{len(report.validation.errors)} errors, "
                    f"{len(report.validation.warnings)} warnings"
                ),
                *(str(v) for v in report.validation),
            ],
        ),
    ]
    return sections


def _headline(report: StatusReport) -> str:
    hypercare = "; in hypercare" if report.in_hypercare else ""
    version = f"(version {report.version})"
    return f"{report.contract_id} {report.title} {version} as of {report.as_of}{hypercare}"


def render_text(report: StatusReport) -> str:
    """Render a status report as plain text for a terminal.

    Sections with nothing to report say ``(none)``.
    """
    lines = [_headline(report)]
    for title, items in _sections(report):
        lines += ["", f"{title}:"]
        lines += [f"  {item}" for item in items] or ["  (none)"]
    return "\n".join(lines) + "\n"


def render_markdown(report: StatusReport) -> str:
    """Render a status report as Markdown: a heading, then one section per topic."""
    lines = [f"# {_headline(report)}"]
    for title, items in _sections(report):
        lines += ["", f"## {title}", ""]
        lines += [f"- {item}" for item in items] or ["_(none)_"]
    return "\n".join(lines) + "\n"
