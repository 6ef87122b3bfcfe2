"""The bundled example: a Norwegian sports retailer rebuilds its web shop with a Polish supplier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from outsourcing._models.access import AccessGrant, AccessLevel
from outsourcing._models.billing import RecurringCharge, Transaction
from outsourcing._models.changes import (
    ApprovalLevel,
    Approver,
    ChangePolicy,
    ChangeRequest,
    ModifyDeliverable,
    MoveMilestone,
)
from outsourcing._models.comms import Meeting, MeetingKind, Priority, ResponseTime, SupportTerms
from outsourcing._models.contract import Contract, Term
from outsourcing._models.functions import OfficeClass
from outsourcing._models.kpis import (
    KPI,
    Cadence,
    CreditScheme,
    CreditTier,
    Direction,
    Measurement,
    Window,
)
from outsourcing._models.money import Money
from outsourcing._models.partners import Partner, PartnerRole, Person
from outsourcing._models.risks import Risk, RiskCategory, RiskStatus
from outsourcing._models.schedule import (
    Gate,
    GateDecision,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Phase,
    PhaseKind,
)
from outsourcing._models.work import (
    CriterionResult,
    Deliverable,
    DeliverableStatus,
    Raci,
    Responsibility,
)
from outsourcing._operations.lifecycle import (
    accept,
    record_milestone,
    replace_in,
    start_work,
    submit,
)
from outsourcing._operations.scope_changes import apply_change, approve_change, propose_change

_D = dt.date

EXAMPLE_AS_OF = dt.date(2027, 3, 8)
"""The day the bundled example's history runs up to: what ``outsourcing report`` reports on."""


def _nok(amount: int) -> Money:
    return Money(amount, "NOK")


def example_contract(*, history: bool = True) -> Contract:
    """Return the bundled example contract: valid, realistic, and small enough to read.

    Nordlys Sport AS (Oslo) has Kodehuset (Kraków) rebuild its web shop, with Lumen UX (Malmö) as
    subcontractor for design. The work starts small with a pilot on the product pages, evaluated at
    a gate before the main build; payments are tied to milestones and their deliverables. A risk
    register and dated, approved access grants for the suppliers' people come with it. Running the
    shop costs a monthly fee, which the availability KPI's service credits reduce; the client paid
    the first month's fee and the pilot milestone (its transactions), and the change policy names
    who may approve at each level.

    It is version 2: after the pilot gate, change request ``CR-01`` widened search to Norwegian
    compound words (a gate condition) and moved the catalogue milestone two weeks later.

    It carries the engagement's history up to :data:`~outsourcing.EXAMPLE_AS_OF` (Monday 8 March
    2027): monthly availability figures with a breach in January that earned a service credit, the
    catalogue milestone met late (after its rebaseline), the design system waiting for acceptance,
    an access grant about to expire and one expired but not revoked, and a change request under
    discussion.
    With ``history=False`` it is the contract as it stood on the day of the pilot gate (20 November
    2026), with nothing of the build phase recorded: a start to play the engagement forward from.

    >>> contract = example_contract()
    >>> contract.client.name, contract.value
    ('Nordlys Sport AS', Money(amount=Decimal('6000000'), currency='NOK'))
    >>> contract.version, contract.amendments[0].change_request_id
    (2, 'CR-01')
    >>> example_contract(history=False).deliverable("D-04").status.value
    'planned'
    """
    return _history(after_pilot_gate()) if history else after_pilot_gate()


def after_pilot_gate() -> Contract:
    """The bundled example as it stood on the day of the pilot gate, before the build's history.

    Version 2: the contract as signed, with ``CR-01`` applied. Tests that play the build phase
    out step by step start from here, where nothing after 20 November 2026 is recorded yet.
    """
    gate_decided = _D(2026, 11, 20)
    change = ChangeRequest(
        id="CR-01",
        title="Search handles Norwegian compound words",
        rationale="The pilot gate's condition: search must handle Norwegian compound words "
        "before launch.",
        requested_by="ingrid",
        requested_on=gate_decided,
        operations=(
            ModifyDeliverable(
                deliverable_id="D-04",
                acceptance_criteria=(
                    "All 14 categories browsable",
                    "Search answers typos",
                    "Search finds compound words by their parts",
                ),
            ),
            MoveMilestone(
                milestone_id="M-03",
                due=_D(2027, 2, 26),
                reason="Search scope widened after the pilot gate's condition",
            ),
        ),
        schedule_impact_days=14,
    )
    approved = approve_change(
        change, by="ingrid", level=ApprovalLevel.DELIVERY_MANAGER, on=gate_decided
    )
    return apply_change(_as_signed(), approved, on=gate_decided)


def _passed(deliverable: Deliverable) -> tuple[CriterionResult, ...]:
    return tuple(CriterionResult(criterion=c, passed=True) for c in deliverable.acceptance_criteria)


def _history(contract: Contract) -> Contract:
    """What happened in the build phase, up to ``EXAMPLE_AS_OF``, all of it dated."""
    build_start = _D(2026, 11, 23)
    catalogue = submit(start_work(contract.deliverable("D-04"), on=build_start), on=_D(2027, 2, 26))
    catalogue = accept(catalogue, on=_D(2027, 3, 3), results=_passed(catalogue))
    design = submit(start_work(contract.deliverable("D-05"), on=build_start), on=_D(2027, 3, 3))
    checkout = start_work(contract.deliverable("D-06"), on=_D(2027, 1, 11))
    accounts = start_work(contract.deliverable("D-07"), on=_D(2027, 2, 1))
    # Due on 26 February after CR-01, met five days late; its payment waits for the design system.
    met_late = record_milestone(contract.milestone("M-03"), MilestoneStatus.MET, on=_D(2027, 3, 3))
    availability = contract.kpi("K-availability")
    speed = contract.kpi("K-speed")
    defects = contract.kpi("K-defects")
    measured = (
        attrs.evolve(
            availability,
            measurements=(
                *availability.measurements,
                Measurement(on=_D(2026, 11, 30), value=Decimal("99.88")),
                Measurement(on=_D(2026, 12, 31), value=Decimal("99.64")),
                # A failed database upgrade: below target, so January earns a 5 % credit.
                Measurement(on=_D(2027, 1, 31), value=Decimal("99.31")),
                Measurement(on=_D(2027, 2, 28), value=Decimal("99.86")),
            ),
        ),
        attrs.evolve(
            speed,
            measurements=tuple(
                Measurement(on=_D(2027, 1, 4) + dt.timedelta(weeks=week), value=Decimal(ms))
                for week, ms in enumerate(
                    (1820, 1760, 1900, 2050, 2180, 2320, 2240, 2110, 1980, 1940)
                )
            ),
        ),
        attrs.evolve(
            defects,
            measurements=(
                Measurement(on=_D(2026, 9, 30), value=Decimal(100)),
                Measurement(on=_D(2026, 10, 31), value=Decimal(100)),
                Measurement(on=_D(2026, 11, 30), value=Decimal("97.5")),
                Measurement(on=_D(2026, 12, 31), value=Decimal("96.0")),
                Measurement(on=_D(2027, 1, 31), value=Decimal("98.5")),
                Measurement(on=_D(2027, 2, 28), value=Decimal("99.0")),
            ),
        ),
    )
    contract = replace_in(contract, catalogue, design, checkout, accounts, met_late, *measured)
    contract = attrs.evolve(
        contract,
        access_grants=(
            *contract.access_grants,
            AccessGrant(
                id="G-04",
                grantee_id="tomasz",
                system="Payment provider test console",
                system_class=OfficeClass.FRONT_OFFICE,
                level=AccessLevel.WRITE,
                granted_on=_D(2027, 1, 11),
                expires_on=_D(2027, 3, 12),
                approved_by="ingrid",
            ),
        ),
    )
    klarna = ChangeRequest(
        id="CR-02",
        title="Klarna as a fourth payment method",
        rationale="Customer survey: a third of buyers under 30 expect to pay with Klarna.",
        requested_by="ingrid",
        requested_on=_D(2027, 3, 2),
        operations=(
            ModifyDeliverable(
                deliverable_id="D-06",
                acceptance_criteria=(
                    "Card, Vipps, invoice and Klarna payments",
                    "PCI DSS self-assessment",
                ),
            ),
        ),
        cost_impact=_nok(180_000),
    )
    return propose_change(contract, klarna)


def _as_signed() -> Contract:
    """The example contract as signed: version 1, before any change."""
    A, R, C, I = Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED  # noqa: N806, E741
    deliverables = (
        Deliverable(
            id="D-01",
            title="Pilot product page template",
            description="Responsive product page for the running-shoe category.",
            acceptance_criteria=(
                "Passes WCAG 2.2 AA checks",
                "Largest contentful paint under 2.5 s on a mid-range phone",
            ),
            status=DeliverableStatus.ACCEPTED,
        ),
        Deliverable(
            id="D-02",
            title="Product information API",
            description="Read API over the product information system for the new front end.",
            acceptance_criteria=("Serves the pilot category with p95 latency under 200 ms",),
            status=DeliverableStatus.ACCEPTED,
        ),
        Deliverable(
            id="D-03",
            title="Pilot evaluation report",
            description="Conversion, speed and defect figures of the pilot against the old shop.",
            acceptance_criteria=(
                "Compares four weeks of pilot traffic with the same weeks of 2025",
            ),
            status=DeliverableStatus.ACCEPTED,
        ),
        Deliverable(
            id="D-04",
            title="Catalogue and search",
            acceptance_criteria=("All 14 categories browsable", "Search answers typos"),
        ),
        Deliverable(
            id="D-05",
            title="Design system",
            description="Components and tokens shared by every page.",
            acceptance_criteria=("Every page is built from the component library",),
        ),
        Deliverable(
            id="D-06",
            title="Checkout",
            acceptance_criteria=("Card, Vipps and invoice payments", "PCI DSS self-assessment"),
        ),
        Deliverable(
            id="D-07",
            title="Customer accounts",
            acceptance_criteria=("Order history migrated for all active customers",),
        ),
        Deliverable(
            id="D-08",
            title="Launch runbook",
            acceptance_criteria=("Rehearsed once end to end with rollback",),
        ),
        Deliverable(
            id="D-09",
            title="Handover and training",
            description="Operations documentation and two days of training for the in-house team.",
            acceptance_criteria=("Nordlys IT runs a release without help",),
        ),
    )
    # Deliverable owner (accountable) and who does the work (responsible).
    assignments = {
        "D-01": ("tomasz", "kodehuset"),
        "D-02": ("tomasz", "kodehuset"),
        "D-03": ("ingrid", "kodehuset"),
        "D-04": ("tomasz", "kodehuset"),
        "D-05": ("tomasz", "lumen"),
        "D-06": ("tomasz", "kodehuset"),
        "D-07": ("tomasz", "kodehuset"),
        "D-08": ("tomasz", "kodehuset"),
        "D-09": ("tomasz", "kodehuset"),
    }
    responsibilities = [
        Responsibility(subject_id=d, assignee_id=who, role=role)
        for d, (owner, doer) in assignments.items()
        for who, role in ((owner, A), (doer, R))
    ]
    responsibilities += [
        Responsibility(subject_id="D-05", assignee_id="ingrid", role=C),
        Responsibility(subject_id="D-06", assignee_id="nordlys", role=C),
        Responsibility(subject_id="D-08", assignee_id="nordlys", role=I),
        Responsibility(subject_id="PH-1", assignee_id="ingrid", role=A),
        Responsibility(subject_id="M-05", assignee_id="ingrid", role=A),
        Responsibility(subject_id="M-05", assignee_id="kodehuset", role=R),
    ]
    return Contract(
        id="NS-2026-014",
        title="Web shop rebuild",
        parties=(
            Partner(
                id="nordlys",
                name="Nordlys Sport AS",
                role=PartnerRole.CLIENT,
                country="NO",
                timezone="Europe/Oslo",
            ),
            Partner(
                id="kodehuset",
                name="Kodehuset Sp. z o.o.",
                role=PartnerRole.SUPPLIER,
                country="PL",
                timezone="Europe/Warsaw",
                capabilities=("web development", "e-commerce", "cloud operations"),
            ),
            Partner(
                id="lumen",
                name="Lumen UX AB",
                role=PartnerRole.SUBCONTRACTOR,
                country="SE",
                timezone="Europe/Stockholm",
                capabilities=("UX research", "visual design"),
            ),
        ),
        people=(
            Person(
                id="ingrid",
                partner_id="nordlys",
                name="Ingrid Haugen",
                email="ingrid.haugen@nordlys.example",
                title="Head of e-commerce",
            ),
            Person(
                id="tomasz",
                partner_id="kodehuset",
                name="Tomasz Nowak",
                email="tomasz.nowak@kodehuset.example",
                title="Delivery manager",
            ),
            Person(id="sara", partner_id="lumen", name="Sara Lind", title="Design lead"),
        ),
        term=Term(start=_D(2026, 9, 7), end=_D(2027, 8, 27)),
        value=_nok(6_000_000),
        deliverables=deliverables,
        phases=(
            Phase(
                id="PH-1",
                name="Pilot: product pages",
                kind=PhaseKind.PILOT,
                start=_D(2026, 9, 7),
                end=_D(2026, 11, 20),
                gate=Gate(
                    criteria=(
                        "Pilot conversion at least that of the old shop",
                        "No open critical defects",
                    ),
                    decision=GateDecision.GO_WITH_CONDITIONS,
                    decided_on=_D(2026, 11, 20),
                    decided_by="ingrid",
                    notes="Search must handle Norwegian compound words before launch.",
                ),
            ),
            Phase(
                id="PH-2",
                name="Build: catalogue, checkout and accounts",
                start=_D(2026, 11, 23),
                end=_D(2027, 5, 28),
                gate=Gate(criteria=("Load test at twice the Black Friday 2025 peak",)),
            ),
            Phase(
                id="PH-3",
                name="Launch and hypercare",
                kind=PhaseKind.TRANSITION,
                start=_D(2027, 5, 31),
                end=_D(2027, 8, 27),
                gate=Gate(criteria=("Nordlys IT signs off the handover",)),
            ),
        ),
        milestones=(
            Milestone(
                id="M-01",
                title="Pilot pages live",
                due=_D(2026, 10, 30),
                phase_id="PH-1",
                deliverable_ids=("D-01", "D-02"),
                payment=_nok(600_000),
                status=MilestoneStatus.MET,
                date_met=_D(2026, 10, 29),
                status_on=_D(2026, 10, 29),
                paid_on=_D(2026, 11, 13),
            ),
            Milestone(
                id="M-02",
                title="Pilot evaluated",
                kind=MilestoneKind.ASSESSMENT,
                due=_D(2026, 11, 20),
                phase_id="PH-1",
                deliverable_ids=("D-03",),
                status=MilestoneStatus.MET,
                date_met=_D(2026, 11, 20),
                status_on=_D(2026, 11, 20),
            ),
            Milestone(
                id="M-03",
                title="Catalogue and search",
                due=_D(2027, 2, 12),
                phase_id="PH-2",
                deliverable_ids=("D-04", "D-05"),
                payment=_nok(1_200_000),
            ),
            Milestone(
                id="M-04",
                title="Checkout and accounts",
                due=_D(2027, 5, 14),
                phase_id="PH-2",
                deliverable_ids=("D-06", "D-07"),
                payment=_nok(1_500_000),
            ),
            Milestone(
                id="M-05",
                title="Go-live",
                due=_D(2027, 6, 7),
                phase_id="PH-3",
                deliverable_ids=("D-08",),
                payment=_nok(900_000),
            ),
            Milestone(
                id="M-06",
                title="End of hypercare",
                due=_D(2027, 8, 20),
                phase_id="PH-3",
                deliverable_ids=("D-09",),
                payment=_nok(600_000),
            ),
        ),
        kpis=(
            KPI(
                id="K-availability",
                name="Shop availability",
                unit="%",
                direction=Direction.HIGHER_IS_BETTER,
                target=Decimal("99.5"),
                warning=Decimal("99.8"),
                window=Window.calendar_month(),
                cadence=Cadence.MONTHLY,
                owner_id="kodehuset",
                measurements=(
                    Measurement(on=_D(2026, 9, 30), value=Decimal("99.92")),
                    Measurement(on=_D(2026, 10, 31), value=Decimal("99.71")),
                ),
                # Common SLA template: 5 % of the monthly run fee below target, 10 % below
                # 99.0, 25 % below 98.0, never more than 20 % in one month.
                credits=CreditScheme(
                    charge_id="F-run",
                    fee=_nok(100_000),
                    tiers=(
                        CreditTier(worse_than=Decimal("99.5"), percent=Decimal(5)),
                        CreditTier(worse_than=Decimal("99.0"), percent=Decimal(10)),
                        CreditTier(worse_than=Decimal("98.0"), percent=Decimal(25)),
                    ),
                    cap_percent=Decimal(20),
                ),
            ),
            KPI(
                id="K-speed",
                name="Page load time, 95th percentile",
                unit="ms",
                direction=Direction.LOWER_IS_BETTER,
                target=Decimal(2500),
                warning=Decimal(2000),
                window=Window.rolling(30),
                cadence=Cadence.WEEKLY,
                owner_id="tomasz",
            ),
            KPI(
                id="K-defects",
                name="Critical defects fixed within 24 hours",
                unit="%",
                direction=Direction.HIGHER_IS_BETTER,
                target=Decimal(95),
                warning=Decimal(98),
                window=Window.calendar_quarter(),
                cadence=Cadence.MONTHLY,
                owner_id="tomasz",
            ),
        ),
        responsibilities=tuple(responsibilities),
        risks=(
            Risk(
                id="R-01",
                description="Customer or order data leaks through a supplier's access to the "
                "back-office systems.",
                category=RiskCategory.SECURITY,
                likelihood=2,
                impact=5,
                owner_id="ingrid",
                mitigation="Named accounts with two-factor login, least privilege, access that "
                "expires with the contract; test data outside production.",
                contingency="Revoke all supplier access, run the incident plan, notify "
                "Datatilsynet within 72 hours.",
            ),
            Risk(
                id="R-02",
                description="Checkout is not ready for the Black Friday peak.",
                category=RiskCategory.DELIVERY,
                likelihood=3,
                impact=5,
                owner_id="tomasz",
                mitigation="Checkout is built first in the build phase; load test at twice the "
                "2025 peak before the gate.",
                contingency="Keep the old checkout behind the new pages until after the peak.",
            ),
            Risk(
                id="R-03",
                description="Key developers leave the supplier mid-build.",
                category=RiskCategory.OPERATIONAL,
                likelihood=2,
                impact=3,
                owner_id="kodehuset",
                mitigation="Pair programming and a shared runbook; two people know every part.",
                status=RiskStatus.MONITORED,
            ),
        ),
        access_grants=(
            AccessGrant(
                id="G-01",
                grantee_id="tomasz",
                system="Product information system",
                system_class=OfficeClass.BACK_OFFICE,
                level=AccessLevel.WRITE,
                granted_on=_D(2026, 9, 7),
                expires_on=_D(2027, 8, 27),
                approved_by="ingrid",
            ),
            AccessGrant(
                id="G-02",
                grantee_id="tomasz",
                system="Web shop admin",
                system_class=OfficeClass.FRONT_OFFICE,
                level=AccessLevel.ADMIN,
                granted_on=_D(2026, 9, 7),
                expires_on=_D(2027, 8, 27),
                approved_by="ingrid",
            ),
            AccessGrant(
                id="G-03",
                grantee_id="sara",
                system="Web analytics",
                system_class=OfficeClass.FRONT_OFFICE,
                level=AccessLevel.READ,
                granted_on=_D(2026, 9, 7),
                expires_on=_D(2027, 2, 26),
                approved_by="ingrid",
            ),
        ),
        meetings=(
            Meeting(
                id="MT-status",
                name="Weekly status",
                kind=MeetingKind.STATUS,
                cadence="FREQ=WEEKLY;BYDAY=MO",
                starts=_D(2026, 9, 7),
                participant_ids=("ingrid", "tomasz", "sara"),
                agenda="Progress against milestones, blockers, risks, next week's plan.",
            ),
            Meeting(
                id="MT-steering",
                name="Monthly steering group",
                kind=MeetingKind.STEERING,
                cadence="FREQ=MONTHLY;BYDAY=1TU",
                starts=_D(2026, 9, 7),
                participant_ids=("nordlys", "kodehuset", "ingrid", "tomasz"),
                agenda="KPIs, payments, change requests, decisions that need the sponsors.",
            ),
            Meeting(
                id="MT-review",
                name="Quarterly partnership review",
                kind=MeetingKind.PARTNERSHIP_REVIEW,
                cadence="FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TH",
                starts=_D(2026, 9, 7),
                participant_ids=("nordlys", "kodehuset", "lumen"),
                agenda="How the partnership works: communication, culture, what to change.",
            ),
        ),
        support=SupportTerms(
            go_live_milestone_id="M-05",
            handover_days=10,
            training=("Two days of operations training for Nordlys IT",),
            hypercare_days=75,
            warranty_days=90,
            response_times=(
                ResponseTime(priority=Priority.CRITICAL, respond_hours=1, resolve_hours=8),
                ResponseTime(priority=Priority.HIGH, respond_hours=4, resolve_hours=24),
                ResponseTime(priority=Priority.MEDIUM, respond_hours=8, resolve_hours=72),
                ResponseTime(priority=Priority.LOW, respond_hours=24, resolve_hours=240),
            ),
        ),
        change_policy=attrs.evolve(
            ChangePolicy.standard(),
            approvers=(
                # Nordlys' head of e-commerce may approve anything; Kodehuset's delivery manager
                # small changes only.
                Approver(level=ApprovalLevel.EXECUTIVE, person_ids=("ingrid",)),
                Approver(level=ApprovalLevel.DELIVERY_MANAGER, person_ids=("tomasz",)),
            ),
        ),
        recurring_charges=(
            RecurringCharge(
                id="F-run",
                title="Hosting and operations of the shop",
                amount=_nok(100_000),
                start=_D(2026, 9, 7),
            ),
        ),
        # Service credits across all KPIs take at most 15 % of a month's fee (the amount at risk).
        credit_cap_percent=Decimal(15),
        transactions=(
            Transaction(
                id="T-01",
                on=_D(2026, 10, 15),
                amount=_nok(80_000),  # September from the 7th: 24 of 30 days
                payer_id="nordlys",
                payee_id="kodehuset",
                charge_id="F-run",
                period=_D(2026, 9, 1),
                reference="KH-INV-2026-09",
            ),
            Transaction(
                id="T-02",
                on=_D(2026, 11, 13),
                amount=_nok(600_000),
                payer_id="nordlys",
                payee_id="kodehuset",
                milestone_id="M-01",
                reference="KH-INV-2026-11",
            ),
        ),
    )
