import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from benchmarks.synthetic import synthetic_contract
from hypothesis import given
from hypothesis import strategies as st

from helpers import example_with, found, replace_at
from outsourcing import (
    CATALOGUE,
    AccessLevel,
    ApprovalLevel,
    Approver,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    Contract,
    CreditScheme,
    Deliverable,
    Finding,
    Gate,
    GateDecision,
    Measurement,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Money,
    OfficeClass,
    Partner,
    PartnerRole,
    Person,
    Phase,
    Raci,
    Report,
    Responsibility,
    Risk,
    Rule,
    Severity,
    SupportTerms,
    Term,
    Tolerance,
    example_contract,
    rule,
    validate,
)
from outsourcing._example import after_pilot_gate
from outsourcing.exceptions import InvalidValueError, UnknownRuleError
from outsourcing.strategies import violating

EX = after_pilot_gate()  # rule cases edit a contract without the build's history
D = dt.date


def responsibilities_without(subject: str, role: Raci) -> tuple[Responsibility, ...]:
    return tuple(r for r in EX.responsibilities if not (r.subject_id == subject and r.role is role))


def with_responsibility(subject: str, assignee: str, role: Raci) -> Contract:
    extra = Responsibility(subject_id=subject, assignee_id=assignee, role=role)
    return example_with(responsibilities=(*EX.responsibilities, extra))


def owned(deliverable: Deliverable) -> tuple[Responsibility, ...]:
    return (
        Responsibility(subject_id=deliverable.id, assignee_id="tomasz", role=Raci.ACCOUNTABLE),
        Responsibility(subject_id=deliverable.id, assignee_id="kodehuset", role=Raci.RESPONSIBLE),
    )


def support_with(**changes: Any) -> SupportTerms:
    assert EX.support is not None
    return attrs.evolve(EX.support, **changes)


def credits_with(**changes: Any) -> CreditScheme:
    assert EX.kpis[0].credits is not None
    return attrs.evolve(EX.kpis[0].credits, **changes)


D10 = Deliverable(id="D-10", title="Extra", acceptance_criteria=("Done",))
CR = EX.change_requests[0]


def change_with(**changes: Any) -> tuple[ChangeRequest, ...]:
    return (attrs.evolve(CR, **changes),)


# (rule code, the broken contract, as_of, the exact violations expected)
BROKEN: list[tuple[str, Callable[[], Contract], dt.date | None, list[str]]] = [
    (
        "ID_UNIQUE",
        lambda: example_with(deliverables=(*EX.deliverables, EX.deliverables[8])),
        None,
        ["$.deliverables[9].id"],
    ),
    (
        "ID_UNIQUE",
        lambda: example_with(parties=(*EX.parties, EX.parties[2])),
        None,
        ["$.parties[3].id"],
    ),
    (
        "ID_UNIQUE",
        lambda: example_with(people=(*EX.people, EX.people[2])),
        None,
        ["$.people[3].id"],
    ),
    (
        "ID_UNIQUE",
        lambda: example_with(milestones=(*EX.milestones, EX.milestones[1])),
        None,
        ["$.milestones[6].id"],
    ),
    (
        "ID_UNIQUE",
        lambda: example_with(
            phases=(
                *EX.phases,
                Phase(id="PH-1", name="Gap", start=D(2026, 11, 21), end=D(2026, 11, 22)),
            )
        ),
        None,
        ["$.phases[3].id"],
    ),
    ("ID_UNIQUE", lambda: example_with(kpis=(*EX.kpis, EX.kpis[1])), None, ["$.kpis[3].id"]),
    (
        "REF_RESOLVES",
        lambda: example_with(people=replace_at(EX.people, 2, partner_id="ghost")),
        None,
        ["$.people[2].partner_id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(milestones=replace_at(EX.milestones, 5, phase_id="PH-9")),
        None,
        ["$.milestones[5].phase_id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(
            milestones=replace_at(EX.milestones, 5, deliverable_ids=("D-09", "D-99"))
        ),
        None,
        ["$.milestones[5].deliverable_ids[1]"],
    ),
    (
        "REF_RESOLVES",
        lambda: with_responsibility("X-1", "tomasz", Raci.INFORMED),
        None,
        ["$.responsibilities[24].subject_id"],
    ),
    (
        "REF_RESOLVES",
        lambda: with_responsibility("D-01", "ghost", Raci.INFORMED),
        None,
        ["$.responsibilities[24].assignee_id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(kpis=replace_at(EX.kpis, 1, owner_id="ghost")),
        None,
        ["$.kpis[1].owner_id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(
            phases=replace_at(
                EX.phases, 0, gate=attrs.evolve(EX.phases[0].gate, decided_by="ghost")
            )
        ),
        None,
        ["$.phases[0].gate.decided_by"],
    ),
    (
        "ONE_CLIENT",
        lambda: example_with(parties=replace_at(EX.parties, 0, role=PartnerRole.SUPPLIER)),
        None,
        ["$.parties"],
    ),
    (
        "ONE_CLIENT",
        lambda: example_with(parties=replace_at(EX.parties, 2, role=PartnerRole.CLIENT)),
        None,
        ["$.parties[2].role"],
    ),
    (
        "ONE_CLIENT",
        lambda: example_with(parties=replace_at(EX.parties, 1, role=PartnerRole.SUBCONTRACTOR)),
        None,
        ["$.parties"],
    ),
    (
        "OWNER_REQUIRED",
        lambda: example_with(responsibilities=responsibilities_without("D-04", Raci.ACCOUNTABLE)),
        None,
        ["$.deliverables[3]"],
    ),
    (
        "OWNER_REQUIRED",
        lambda: with_responsibility("D-04", "ingrid", Raci.ACCOUNTABLE),
        None,
        ["$.deliverables[3]"],
    ),
    (
        "RESPONSIBLE_REQUIRED",
        lambda: example_with(responsibilities=responsibilities_without("D-04", Raci.RESPONSIBLE)),
        None,
        ["$.deliverables[3]"],
    ),
    (
        "RACI_CONFLICT",
        lambda: with_responsibility("D-05", "ingrid", Raci.INFORMED),
        None,
        ["$.responsibilities[24].role"],
    ),
    (
        "RACI_CONFLICT",
        lambda: with_responsibility("D-04", "tomasz", Raci.CONSULTED),
        None,
        ["$.responsibilities[24].role"],
    ),
    (
        "TERM_ORDER",
        lambda: example_with(term=Term(start=EX.term.last_day, end=EX.term.start)),
        None,
        ["$.term"],
    ),
    (
        "TERM_ORDER",
        lambda: example_with(
            phases=replace_at(EX.phases, 2, start=EX.phases[2].end, end=EX.phases[2].start)
        ),
        None,
        ["$.phases[2]"],
    ),
    (
        "PHASES_SEQUENTIAL",
        lambda: example_with(phases=replace_at(EX.phases, 1, start=D(2026, 11, 20))),
        None,
        ["$.phases[1].start"],
    ),
    (
        "PHASES_SEQUENTIAL",
        lambda: example_with(phases=replace_at(EX.phases, 2, end=D(2027, 9, 30))),
        None,
        ["$.phases[2]"],
    ),
    (
        "MILESTONE_IN_TERM",
        lambda: example_with(milestones=replace_at(EX.milestones, 5, due=D(2027, 9, 1))),
        None,
        ["$.milestones[5].due"],
    ),
    (
        "MILESTONE_IN_TERM",
        lambda: example_with(milestones=replace_at(EX.milestones, 2, due=D(2026, 11, 21))),
        None,
        ["$.milestones[2].due"],
    ),
    (
        "DELIVERABLE_SCHEDULED",
        lambda: example_with(
            deliverables=(*EX.deliverables, D10),
            responsibilities=(*EX.responsibilities, *owned(D10)),
        ),
        None,
        ["$.deliverables[9]"],
    ),
    (
        "DELIVERABLE_SCHEDULED",
        lambda: example_with(
            milestones=replace_at(EX.milestones, 1, status=MilestoneStatus.CANCELLED, date_met=None)
        ),
        None,
        ["$.deliverables[2]"],
    ),
    (
        "SINGLE_CURRENCY",
        lambda: example_with(
            milestones=replace_at(EX.milestones, 5, payment=Money(600_000, "EUR"))
        ),
        None,
        ["$.milestones[5].payment.currency"],
    ),
    (
        "PAYMENTS_WITHIN_VALUE",
        # 32,903.23 NOK of the value is left after the payments and the run fee.
        lambda: example_with(
            milestones=replace_at(EX.milestones, 5, payment=Money(632_904, "NOK"))
        ),
        None,
        ["$.milestones[5].payment"],
    ),
    (
        "PAYMENTS_WITHIN_VALUE",
        lambda: example_with(
            recurring_charges=(
                *EX.recurring_charges,
                attrs.evolve(
                    EX.recurring_charges[0],
                    id="F-2",
                    amount=Money(10_000_000, "NOK"),
                    start=D(2027, 8, 1),
                ),
            )
        ),
        None,
        ["$.recurring_charges[1]"],
    ),
    (
        "MINOR_UNITS",
        lambda: example_with(
            milestones=replace_at(EX.milestones, 5, payment=Money("600000.005", "NOK")),
            transactions=replace_at(EX.transactions, 0, amount=Money("80000.001", "NOK")),
        ),
        None,
        ["$.milestones[5].payment.amount", "$.transactions[0].amount.amount"],
    ),
    (
        "SINGLE_CURRENCY",
        lambda: example_with(
            transactions=replace_at(EX.transactions, 0, amount=Money(80_000, "EUR"))
        ),
        None,
        ["$.transactions[0].amount.currency"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(
            transactions=replace_at(EX.transactions, 0, payer_id="nobody", charge_id="F-9"),
            kpis=replace_at(EX.kpis, 0, credits=credits_with(charge_id="F-9")),
        ),
        None,
        [
            "$.transactions[0].payer_id",
            "$.transactions[0].charge_id",
            "$.kpis[0].credits.charge_id",
        ],
    ),
    (
        "ID_UNIQUE",
        lambda: example_with(
            recurring_charges=(
                *EX.recurring_charges,
                attrs.evolve(EX.recurring_charges[0], amount=Money(1, "NOK")),
            )
        ),
        None,
        ["$.recurring_charges[1].id"],
    ),
    (
        "PAYMENT_FOR_RESULTS",
        lambda: example_with(
            milestones=(
                *EX.milestones,
                Milestone(
                    id="M-07", title="Final invoice", kind=MilestoneKind.PAYMENT, due=D(2027, 8, 27)
                ),
            )
        ),
        None,
        ["$.milestones[6].deliverable_ids"],
    ),
    (
        "KPI_COHERENT",
        lambda: example_with(kpis=replace_at(EX.kpis, 0, warning=Decimal("99.0"))),
        None,
        ["$.kpis[0].warning"],
    ),
    (
        "KPI_COHERENT",
        lambda: example_with(kpis=replace_at(EX.kpis, 1, warning=Decimal(3000))),
        None,
        ["$.kpis[1].warning"],
    ),
    (
        "KPI_COHERENT",
        lambda: example_with(
            kpis=replace_at(EX.kpis, 2, target=Decimal(101), warning=Decimal(102))
        ),
        None,
        ["$.kpis[2].target", "$.kpis[2].warning"],
    ),
    (
        "KPI_COHERENT",
        lambda: example_with(
            kpis=replace_at(
                EX.kpis,
                0,
                measurements=(
                    *EX.kpis[0].measurements,
                    Measurement(on=D(2026, 11, 30), value=Decimal("100.5")),
                ),
            )
        ),
        None,
        ["$.kpis[0].measurements[2].value"],
    ),
    (
        "KPI_OWNED",
        lambda: example_with(kpis=replace_at(EX.kpis, 1, owner_id=None)),
        None,
        ["$.kpis[1].owner_id"],
    ),
    (
        "KPI_OWNED",
        lambda: example_with(kpis=replace_at(EX.kpis, 1, cadence=None)),
        None,
        ["$.kpis[1].cadence"],
    ),
    ("GATE_BEFORE_NEXT", lambda: EX, D(2027, 6, 1), ["$.phases[2].start"]),
    (
        "GATE_BEFORE_NEXT",
        lambda: example_with(
            phases=replace_at(
                EX.phases, 0, gate=attrs.evolve(EX.phases[0].gate, decision=GateDecision.HOLD)
            )
        ),
        D(2026, 11, 23),
        ["$.phases[1].start"],
    ),
    (
        "GATE_BEFORE_NEXT",
        lambda: example_with(
            phases=replace_at(
                EX.phases, 0, gate=attrs.evolve(EX.phases[0].gate, decided_on=D(2026, 11, 24))
            )
        ),
        D(2026, 12, 1),
        ["$.phases[1].start"],
    ),
    ("ID_UNIQUE", lambda: example_with(risks=(*EX.risks, EX.risks[0])), None, ["$.risks[3].id"]),
    (
        "ID_UNIQUE",
        lambda: example_with(access_grants=(*EX.access_grants, EX.access_grants[1])),
        None,
        ["$.access_grants[3].id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(risks=replace_at(EX.risks, 1, owner_id="ghost")),
        None,
        ["$.risks[1].owner_id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(access_grants=replace_at(EX.access_grants, 2, grantee_id="ghost")),
        None,
        ["$.access_grants[2].grantee_id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(access_grants=replace_at(EX.access_grants, 0, approved_by="ghost")),
        None,
        ["$.access_grants[0].approved_by"],
    ),
    (
        "ACCESS_WITHIN_TERM",
        lambda: example_with(
            access_grants=replace_at(EX.access_grants, 2, expires_on=D(2027, 9, 30))
        ),
        None,
        ["$.access_grants[2].expires_on"],
    ),
    (
        "ACCESS_WITHIN_TERM",
        lambda: example_with(access_grants=replace_at(EX.access_grants, 0, expires_on=None)),
        None,
        ["$.access_grants[0].expires_on"],
    ),
    (
        "ACCESS_BACK_OFFICE",
        lambda: example_with(access_grants=replace_at(EX.access_grants, 0, approved_by=None)),
        None,
        ["$.access_grants[0].approved_by"],
    ),
    (
        "ACCESS_BACK_OFFICE",
        lambda: example_with(access_grants=replace_at(EX.access_grants, 0, approved_by="tomasz")),
        None,
        ["$.access_grants[0].approved_by"],
    ),
    (
        "ACCESS_BACK_OFFICE",
        lambda: example_with(
            access_grants=replace_at(
                EX.access_grants,
                1,
                system_class=OfficeClass.BACK_OFFICE,
                level=AccessLevel.ADMIN,
                approved_by="kodehuset",
            )
        ),
        None,
        ["$.access_grants[1].approved_by"],
    ),
    (
        "RISK_TREATED",
        lambda: example_with(risks=replace_at(EX.risks, 2, owner_id=None)),
        None,
        ["$.risks[2].owner_id"],
    ),
    (
        "RISK_TREATED",
        lambda: example_with(risks=replace_at(EX.risks, 0, mitigation=None)),
        None,
        ["$.risks[0].mitigation"],
    ),
    (
        "RISK_TREATED",
        lambda: example_with(risks=replace_at(EX.risks, 1, contingency=None)),
        None,
        ["$.risks[1].contingency"],
    ),
    (
        "RISK_TREATED",
        lambda: example_with(
            risks=(
                *EX.risks,
                Risk(id="R-04", description="Unowned", likelihood=4, impact=4),
            )
        ),
        None,
        ["$.risks[3].owner_id", "$.risks[3].mitigation", "$.risks[3].contingency"],
    ),
    (
        "ID_UNIQUE",
        lambda: example_with(meetings=(*EX.meetings, EX.meetings[1])),
        None,
        ["$.meetings[3].id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(
            meetings=replace_at(EX.meetings, 1, participant_ids=("ingrid", "ghost"))
        ),
        None,
        ["$.meetings[1].participant_ids[1]"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(support=support_with(go_live_milestone_id="M-99")),
        None,
        ["$.support.go_live_milestone_id"],
    ),
    (
        "SINGLE_CURRENCY",
        lambda: example_with(
            kpis=replace_at(
                EX.kpis,
                0,
                credits=credits_with(fee=Money(10_000, "EUR")),
            )
        ),
        None,
        ["$.kpis[0].credits.fee.currency"],
    ),
    ("COMMS_CADENCE", lambda: example_with(meetings=()), None, ["$.meetings", "$.meetings"]),
    ("COMMS_CADENCE", lambda: example_with(meetings=EX.meetings[1:]), None, ["$.meetings"]),
    (
        "COMMS_CADENCE",
        lambda: example_with(
            meetings=replace_at(EX.meetings, 2, cadence="FREQ=MONTHLY;INTERVAL=3;COUNT=1")
        ),
        None,
        ["$.meetings"],
    ),
    ("SUPPORT_DEFINED", lambda: example_with(support=None), None, ["$.support"]),
    (
        "SUPPORT_DEFINED",
        lambda: example_with(
            support=support_with(handover_days=0, hypercare_days=0, response_times=())
        ),
        None,
        [
            "$.support.handover_days",
            "$.support.hypercare_days",
            "$.support.response_times",
        ],
    ),
    (
        "ID_UNIQUE",
        lambda: example_with(change_requests=(CR, CR)),
        None,
        ["$.change_requests[1].id"],
    ),
    (
        "REF_RESOLVES",
        lambda: example_with(change_requests=change_with(requested_by="nobody")),
        None,
        ["$.change_requests[0].requested_by"],
    ),
    (
        "SINGLE_CURRENCY",
        lambda: example_with(change_requests=change_with(cost_impact=Money(5000, "EUR"))),
        None,
        ["$.change_requests[0].cost_impact.currency"],
    ),
    (
        "CHANGE_APPROVED",
        lambda: example_with(change_requests=change_with(status=ChangeStatus.APPROVED)),
        None,
        ["$.amendments[0].change_request_id"],
    ),
    (
        "CHANGE_APPROVED",
        lambda: example_with(change_requests=change_with(history=CR.history[1:])),
        None,
        ["$.change_requests[0].history"],
    ),
    (
        "CHANGE_WITHIN_POLICY",
        lambda: example_with(
            change_policy=ChangePolicy(
                tolerances=(
                    Tolerance(
                        level=ApprovalLevel.DELIVERY_MANAGER, cost_percent=Decimal(5), slip_days=7
                    ),
                )
            )
        ),
        None,
        ["$.change_requests[0].history[0].level"],
    ),
    (
        "AMENDMENTS_CONTIGUOUS",
        lambda: example_with(version=3),
        None,
        ["$.version"],
    ),
    (
        # The supplier's delivery manager approved CR-01, but may approve nothing at that level.
        "CHANGE_AUTHORIZED",
        lambda: example_with(
            change_requests=change_with(
                history=(attrs.evolve(CR.history[0], by="tomasz"), CR.history[1])
            ),
            change_policy=ChangePolicy(
                tolerances=ChangePolicy.standard().tolerances,
                approvers=(Approver(level=ApprovalLevel.EXECUTIVE, role=PartnerRole.CLIENT),),
            ),
        ),
        None,
        ["$.change_requests[0].history[0].by"],
    ),
    (
        # CR-01 raised the value by 10,000 NOK (the contract's value says so) but declared none.
        "CHANGE_COST_DECLARED",
        lambda: example_with(value=Money(6_010_000, "NOK")),
        None,
        ["$.change_requests[0].cost_impact"],
    ),
    (
        "AMENDMENTS_CONTIGUOUS",
        lambda: example_with(
            amendments=(attrs.evolve(EX.amendments[0], version=3),),
            change_requests=(*EX.change_requests, attrs.evolve(CR, id="CR-02")),
        ),
        None,
        ["$.amendments[0].version", "$.change_requests[1].status"],
    ),
]


def test_the_example_breaks_no_rule() -> None:
    """The valid case for every rule: the bundled example has no errors and no warnings."""
    for as_of in (None, D(2026, 11, 22), D(2027, 5, 30)):
        report = validate(EX, as_of=as_of)
        assert [] == found(report)


@pytest.mark.parametrize(
    ("code", "build", "as_of", "paths"),
    BROKEN,
    ids=[f"{n}:{code}" for n, (code, *_) in enumerate(BROKEN)],
)
def test_each_rule_reports_exactly_what_is_broken(
    code: str, build: Callable[[], Contract], as_of: dt.date | None, paths: list[str]
) -> None:
    """Breaking one rule yields exactly that rule's violations at these paths, and nothing else."""
    report = validate(build(), as_of=as_of)
    assert [(code, path) for path in paths] == found(report)
    for violation in report:
        assert CATALOGUE[code].severity == violation.severity
        assert violation.message


def test_every_rule_has_a_breaking_case() -> None:
    """The table above covers the whole catalogue."""
    assert set(CATALOGUE) == {code for code, *_ in BROKEN}


def test_messages_say_what_to_do() -> None:
    """A message names the object and what to do, not only what is wrong."""
    report = validate(
        example_with(responsibilities=responsibilities_without("D-04", Raci.ACCOUNTABLE))
    )
    [violation] = report
    assert (
        "deliverable 'D-04' has no owner; add a responsibility with role 'accountable'"
        == violation.message
    )
    assert "error   OWNER_REQUIRED         $.deliverables[3]: " + violation.message == str(
        violation
    )


def test_two_owners_are_named() -> None:
    """When ownership is ambiguous the message lists every accountable assignee."""
    [violation] = validate(with_responsibility("D-04", "ingrid", Raci.ACCOUNTABLE))
    assert "2 accountable assignees (ingrid, tomasz)" in violation.message


def test_accountable_and_responsible_combine() -> None:
    """An owner who also does the work is no RACI conflict, and the same role twice is one role."""
    assert validate(with_responsibility("D-04", "tomasz", Raci.RESPONSIBLE)).ok
    assert [] == found(validate(with_responsibility("D-04", "tomasz", Raci.ACCOUNTABLE)))


def test_an_inverted_term_is_one_violation() -> None:
    """With the term inverted, phases and milestones are not also measured against it."""
    report = validate(example_with(term=Term(start=EX.term.last_day, end=EX.term.start)))
    assert ["TERM_ORDER"] == [v.code for v in report]


def test_milestone_outside_term_is_not_also_outside_its_phase() -> None:
    """A milestone outside the term is reported once, for the term."""
    report = validate(example_with(milestones=replace_at(EX.milestones, 0, due=D(2026, 9, 1))))
    assert [("MILESTONE_IN_TERM", "$.milestones[0].due")] == found(report)
    assert "outside the term" in report.violations[0].message


def test_cancelled_milestones_do_not_count_towards_payments() -> None:
    """Payments of a cancelled milestone are not owed, so they do not count against the value."""
    milestones = replace_at(EX.milestones, 5, payment=Money(600_001, "NOK"))
    milestones = replace_at(milestones, 4, status=MilestoneStatus.CANCELLED)
    report = validate(example_with(milestones=milestones))
    assert report.ok
    assert [("DELIVERABLE_SCHEDULED", "$.deliverables[7]")] == found(report)


def test_overlap_with_an_earlier_long_phase_is_found() -> None:
    """A phase overlapping a long earlier phase is found even when its neighbour does not overlap."""
    phases = (
        Phase(id="A", name="A", start=D(2026, 9, 7), end=D(2027, 3, 1)),
        Phase(id="B", name="B", start=D(2026, 10, 1), end=D(2026, 10, 31)),
        Phase(id="C", name="C", start=D(2026, 11, 2), end=D(2026, 11, 30)),
    )
    report = validate(example_with(phases=phases, milestones=()), rules=["PHASES_SEQUENTIAL"])
    assert ["$.phases[1].start", "$.phases[2].start"] == [v.path for v in report]
    assert "'A'" in report.violations[1].message


def test_several_violations_are_all_reported() -> None:
    """Validation never stops at the first problem: every broken rule and place is reported."""
    broken = example_with(
        parties=replace_at(EX.parties, 2, role=PartnerRole.CLIENT),
        responsibilities=responsibilities_without("D-04", Raci.ACCOUNTABLE),
        milestones=replace_at(EX.milestones, 5, due=D(2027, 9, 1), payment=Money(600_000, "EUR")),
        kpis=replace_at(EX.kpis, 1, owner_id=None),
    )
    report = validate(broken)
    assert [
        ("ONE_CLIENT", "$.parties[2].role"),
        ("OWNER_REQUIRED", "$.deliverables[3]"),
        ("MILESTONE_IN_TERM", "$.milestones[5].due"),
        ("SINGLE_CURRENCY", "$.milestones[5].payment.currency"),
        ("KPI_OWNED", "$.kpis[1].owner_id"),
    ] == found(report)
    assert not report.ok
    assert 4 == len(report.errors)
    assert 1 == len(report.warnings)
    assert {
        "ONE_CLIENT",
        "OWNER_REQUIRED",
        "MILESTONE_IN_TERM",
        "SINGLE_CURRENCY",
        "KPI_OWNED",
    } == report.codes
    assert 1 == len(report.by_code("KPI_OWNED"))


def test_time_dependent_rules_are_skipped_without_a_date() -> None:
    """Nothing reads the clock: without as_of, GATE_BEFORE_NEXT is skipped and the report says so."""
    report = validate(EX)
    assert ("GATE_BEFORE_NEXT",) == report.skipped
    assert "not run without an as_of date: GATE_BEFORE_NEXT" in str(report)
    assert () == validate(EX, as_of=D(2026, 11, 22)).skipped


def test_running_some_rules() -> None:
    """Codes, Rule objects and a single code select what runs; unknown codes are a clear error."""
    broken = example_with(kpis=replace_at(EX.kpis, 1, owner_id=None))
    assert [] == found(validate(broken, rules=["OWNER_REQUIRED"]))
    assert ["KPI_OWNED"] == [v.code for v in validate(broken, rules="KPI_OWNED")]
    assert ["KPI_OWNED"] == [v.code for v in validate(broken, rules=CATALOGUE["KPI_OWNED"])]
    with pytest.raises(
        UnknownRuleError, match="unknown rule code 'OWNER_REQUIERD'; the known codes are: ID_UNIQUE"
    ):
        validate(EX, rules=["OWNER_REQUIERD"])
    with pytest.raises(InvalidValueError, match="a Rule or a catalogue code"):
        validate(EX, rules=[42])  # type: ignore[list-item]


def test_custom_rules_run_with_the_catalogue() -> None:
    """A user's rule yields findings (or plain tuples) and gets its code and severity stamped on."""

    @rule("NO_WEEKEND_DUE", severity=Severity.WARNING, description="Milestones fall on weekdays.")
    def no_weekend_due(
        contract: Contract, as_of: dt.date | None
    ) -> Iterator[Finding | tuple[str, str]]:
        for i, m in enumerate(contract.milestones):
            if m.due.weekday() >= 5:
                yield (f"$.milestones[{i}].due", "move it to a weekday")

    saturday = example_with(milestones=replace_at(EX.milestones, 0, due=D(2026, 10, 31)))
    report = validate(saturday, rules=[*CATALOGUE.values(), no_weekend_due])
    assert [("NO_WEEKEND_DUE", "$.milestones[0].due")] == found(report)
    assert report.ok
    assert Severity.WARNING == report.violations[0].severity


def test_custom_rules_needing_a_date_are_skipped_without_one() -> None:
    """needs_as_of=True makes validate skip the rule, and list it, when no date is given."""
    calls: list[dt.date | None] = []

    @rule("LOOKS_AT_TIME", description="Looks at time.", needs_as_of=True)
    def looks(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
        calls.append(as_of)
        yield from ()

    assert ("LOOKS_AT_TIME",) == validate(EX, rules=[looks]).skipped
    validate(EX, rules=[looks], as_of=D(2027, 1, 1))
    assert [D(2027, 1, 1)] == calls


def test_rule_codes_are_checked() -> None:
    """A rule code is UPPER_SNAKE_CASE, so reports stay easy to filter."""
    with pytest.raises(InvalidValueError, match="UPPER_SNAKE_CASE"):
        rule("lower-case", description="x")(lambda c, a: ())


def test_catalogue_is_complete_and_read_only() -> None:
    """The catalogue lists the twenty-seven rules of the domain, each with severity and description."""
    assert 27 == len(CATALOGUE)
    assert all(isinstance(r, Rule) and r.description for r in CATALOGUE.values())
    with pytest.raises(TypeError):
        CATALOGUE["X"] = CATALOGUE["ID_UNIQUE"]  # type: ignore[index]


def test_report_renders_for_people() -> None:
    """str(report) starts with the verdict and counts, one line per violation."""
    report = validate(example_with(kpis=replace_at(EX.kpis, 1, owner_id=None, cadence=None)))
    lines = str(report).splitlines()
    assert "valid: 0 errors, 2 warnings" == lines[0]
    assert lines[1].startswith("  warning KPI_OWNED")
    assert 2 == len(report)
    assert "valid: 0 errors, 0 warnings" == str(Report())


@given(st.sampled_from(EX.deliverables))
def test_removing_the_only_owner_yields_one_owner_required(deliverable: Deliverable) -> None:
    """For any deliverable, dropping its accountable assignment breaks OWNER_REQUIRED there only."""
    report = validate(
        example_with(responsibilities=responsibilities_without(deliverable.id, Raci.ACCOUNTABLE))
    )
    position = EX.deliverables.index(deliverable)
    assert [("OWNER_REQUIRED", f"$.deliverables[{position}]")] == found(report)


@given(
    st.permutations(EX.responsibilities),
    st.permutations(EX.milestones),
    st.permutations(EX.parties),
)
def test_order_does_not_change_validity(
    responsibilities: list[Responsibility], milestones: list[Milestone], parties: list[Partner]
) -> None:
    """Validity is a property of the content, not of the order collections are listed in."""
    shuffled = example_with(
        responsibilities=tuple(responsibilities),
        milestones=tuple(milestones),
        parties=tuple(parties),
    )
    assert [] == found(validate(shuffled, as_of=D(2026, 11, 22)))


@given(st.integers(min_value=1, max_value=300))
def test_generated_large_contracts_are_valid(size: int) -> None:
    """The benchmark's contract shape is valid at every size."""
    assert [] == found(validate(synthetic_contract(size)))


def test_a_large_contract_validates() -> None:
    """Twenty thousand deliverables validate without error (time is the benchmark's business)."""
    contract = synthetic_contract(20_000)
    assert 40_000 == len(contract.responsibilities)
    assert validate(contract).ok
    broken = attrs.evolve(contract, responsibilities=contract.responsibilities[1:])
    assert [("OWNER_REQUIRED", "$.deliverables[0]")] == found(validate(broken))


def test_person_ids_and_partner_ids_both_resolve_as_assignees() -> None:
    """An assignee may be a partner or one of its people; both resolve."""
    extra = Person(id="new", partner_id="nordlys", name="New Person")
    contract = example_with(people=(*EX.people, extra))
    contract = attrs.evolve(
        contract,
        responsibilities=(
            *EX.responsibilities,
            Responsibility(subject_id="D-01", assignee_id="new", role=Raci.INFORMED),
        ),
    )
    assert validate(contract).ok
    assert validate(with_responsibility("D-01", "nordlys", Raci.INFORMED)).ok


def test_a_gate_decided_after_as_of_does_not_count() -> None:
    """As of a day before the decision was recorded, the gate was still open."""
    gate = Gate(decision=GateDecision.GO, decided_on=D(2026, 11, 23), decided_by="ingrid")
    contract = example_with(phases=replace_at(EX.phases, 0, gate=gate))
    assert validate(contract, as_of=D(2026, 11, 23)).ok
    assert validate(contract, as_of=D(2026, 11, 22)).ok  # the next phase has not started yet
    assert (
        not example_with(
            phases=replace_at(EX.phases, 0, gate=Gate()),
        )
        .phases[0]
        .gate.decision.lets_next_start
    )
    assert [("GATE_BEFORE_NEXT", "$.phases[1].start")] == found(
        validate(example_with(phases=replace_at(EX.phases, 0, gate=Gate())), as_of=D(2026, 11, 23))
    )


def test_other_partner_roles_are_not_clients() -> None:
    """An internal department counts as a provider, so insourced work has no supplier at all."""
    insourced = example_with(
        parties=(
            EX.parties[0],
            Partner(id="kodehuset", name="Nordlys IT", role=PartnerRole.INTERNAL, country="NO"),
            EX.parties[2],
        )
    )
    assert validate(insourced).ok


def test_raci_conflicts_do_not_depend_on_the_order_of_assignments() -> None:
    """An assignee holding accountable, responsible and consulted is one conflict, in any order."""
    roles = (Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED)
    others = tuple(r for r in EX.responsibilities if r.subject_id != "D-04")
    for order in (roles, roles[::-1], (Raci.CONSULTED, Raci.ACCOUNTABLE, Raci.RESPONSIBLE)):
        mine = tuple(Responsibility(subject_id="D-04", assignee_id="tomasz", role=r) for r in order)
        report = validate(example_with(responsibilities=(*others, *mine)))
        [violation] = report
        assert "RACI_CONFLICT" == violation.code
        assert f"$.responsibilities[{len(others) + 2}].role" == violation.path
        assert "'tomasz' holds accountable, consulted, responsible for 'D-04'" in violation.message


def test_phases_with_the_same_dates_are_judged_together() -> None:
    """Two phases on the same dates (an overlap) are each other's peers, not predecessors."""
    twin = attrs.evolve(EX.phases[1], id="PH-2b", gate=Gate())
    for phases in ((*EX.phases, twin), (EX.phases[0], twin, *EX.phases[1:])):
        report = validate(example_with(phases=phases), as_of=D(2027, 6, 1))
        assert {"PHASES_SEQUENTIAL", "GATE_BEFORE_NEXT"} == report.codes
        blocked = [v for v in report if v.code == "GATE_BEFORE_NEXT"]
        assert [f"$.phases[{phases.index(EX.phases[2])}].start"] == [v.path for v in blocked]
        assert "'PH-2'" in blocked[0].message
        assert "'PH-2b'" in blocked[0].message


assignment = st.tuples(
    st.sampled_from(["D-01", "D-02", "D-03", "M-1"]),
    st.sampled_from(["nordlys", "kodehuset", "ingrid", "tomasz"]),
    st.sampled_from(Raci),
)
# Any assignments; and ones with at most one assignee per subject and role, the common shape.
assignments = st.lists(assignment, max_size=10) | st.lists(
    assignment, max_size=10, unique_by=lambda a: (a[0], a[2])
)


@given(assignments)
def test_the_raci_rules_agree_with_their_definitions(chosen: list[tuple[str, str, Raci]]) -> None:
    """The RACI rules find exactly what their definitions say, shortcuts and all.

    OWNER_REQUIRED, RESPONSIBLE_REQUIRED and RACI_CONFLICT decide most contracts from columns
    shared between them, with set operations; this checks them against the plain definitions.
    """
    responsibilities = tuple(
        Responsibility(subject_id=s, assignee_id=a, role=r) for s, a, r in chosen
    )
    contract = example_with(responsibilities=responsibilities)
    roles: dict[tuple[str, str], set[Raci]] = {}
    latest: dict[tuple[str, str], int] = {}
    for j, (s, a, r) in enumerate(chosen):
        roles.setdefault((s, a), set()).add(r)
        latest[s, a] = j
    clashes = {
        f"$.responsibilities[{latest[pair]}].role"
        for pair, held in roles.items()
        if len(held) > 1 and not held <= {Raci.ACCOUNTABLE, Raci.RESPONSIBLE}
    }
    owners = {
        s: {a for s2, a, r in chosen if s2 == s and r is Raci.ACCOUNTABLE}
        for s in (d.id for d in EX.deliverables)
    }
    ownerless = {
        f"$.deliverables[{i}]" for i, d in enumerate(EX.deliverables) if len(owners[d.id]) != 1
    }
    done = {s for s, _, r in chosen if r is Raci.RESPONSIBLE}
    idle = {f"$.deliverables[{i}]" for i, d in enumerate(EX.deliverables) if d.id not in done}

    def paths(code: str) -> list[str]:
        return [v.path for v in validate(contract, rules=[code])]

    assert sorted(clashes) == sorted(paths("RACI_CONFLICT"))
    assert sorted(ownerless) == sorted(paths("OWNER_REQUIRED"))
    assert sorted(idle) == sorted(paths("RESPONSIBLE_REQUIRED"))


@rule("USER_RAISES", severity=Severity.WARNING, description="A rule of a user's that raises.")
def _user_raises(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    yield Finding("$.title", "found before failing")
    contract.partner("no-such-partner")


def test_a_user_rule_that_raises_keeps_every_other_finding_and_is_named() -> None:
    """The failing rule is an error under its own code; the catalogue's findings are all there."""
    contract = example_contract()
    broken = attrs.evolve(contract, responsibilities=contract.responsibilities[1:])
    expected = validate(broken)
    report = validate(broken, rules=[*CATALOGUE.values(), _user_raises])
    mine = [v for v in report if v.code == "USER_RAISES"]
    assert list(expected) == [v for v in report if v.code != "USER_RAISES"]
    assert ["$.title", "$"] == [v.path for v in mine]
    assert Severity.ERROR is mine[1].severity
    assert "NotFoundError" in mine[1].message
    assert "no-such-partner" in mine[1].message


def _documented_rule() -> Rule:
    namespace: dict[str, Any] = {}
    page = (Path(__file__).parent.parent / "docs" / "custom-rules.md").read_text(encoding="utf-8")
    exec(re.findall(r"```python\n(.*?)```", page, re.DOTALL)[0], namespace)  # noqa: S102
    found: Rule = namespace["supplier_share"]
    return found


def _ghost_owner(contract: Contract) -> Contract:
    """The contract with the owner of its first deliverable replaced by an unknown id."""
    subject = contract.deliverables[0].id
    kept = tuple(
        attrs.evolve(r, assignee_id="ghost")
        if r.subject_id == subject and r.role is Raci.ACCOUNTABLE
        else r
        for r in contract.responsibilities
    )
    return attrs.evolve(contract, responsibilities=kept)


@pytest.mark.slow
@given(
    violating("REF_RESOLVES")
    | violating("REF_RESOLVES").filter(lambda c: bool(c.deliverables)).map(_ghost_owner)
)
def test_the_documented_custom_rule_copes_with_broken_references(contract: Contract) -> None:
    """The docs' SUPPLIER_SHARE, written with default=None lookups, never fails on dangling ids."""
    report = validate(contract, rules=[_documented_rule()])
    assert "$" not in [v.path for v in report]


def test_the_documented_custom_rule_copes_with_an_unknown_owner() -> None:
    """An owner id that leads nowhere is REF_RESOLVES's to report; SUPPLIER_SHARE carries on."""
    contract = _ghost_owner(example_contract())
    assert "REF_RESOLVES" in validate(contract).codes
    assert validate(contract, rules=[_documented_rule()]).ok
