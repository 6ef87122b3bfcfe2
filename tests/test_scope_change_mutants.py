"""Exact expectations for applying scope changes, that the mutation run showed were missing.

Every refusal of an operation is pinned with its code, path and message, after operations that
went through on the same items; the slip is the largest delay, not the last or the smallest; a
reassignment keeps its place in the RACI list.
"""

from __future__ import annotations

import datetime as dt
import json as std
from decimal import Decimal

import attrs
import pytest

from outsourcing import (
    AccessGrant,
    AccessLevel,
    AddDeliverable,
    ApprovalLevel,
    CancelMilestone,
    ChangePayment,
    ChangeRequest,
    ChangeValue,
    Contract,
    Deliverable,
    ExtendPhase,
    ExtendTerm,
    ModifyDeliverable,
    Money,
    MoveMilestone,
    OfficeClass,
    Raci,
    Reassign,
    RemoveDeliverable,
    Responsibility,
    Term,
)
from outsourcing._example import after_pilot_gate
from outsourcing._operations.scope_changes import apply_operations
from outsourcing.changes import (
    apply_change,
    approval_needed,
    approve_change,
    cumulative_impact,
    diff,
    reject_change,
)
from outsourcing.exceptions import TransitionError

D = dt.date
EX = after_pilot_gate()
ON = D(2026, 12, 1)
WHERE = "$.change_requests[1]"


def test_every_operation_that_does_not_fit_is_named_with_its_place_and_what_to_do() -> None:
    """Each operation that does not fit is one CHANGE_APPLIES problem, word for word.

    Unknown ids, a met or paid milestone, a move to the same day, an extension that is not later
    (the same day or earlier); the milestones, phases and term are left as they were.
    """
    ops = (
        ModifyDeliverable(deliverable_id="D-99", title="x"),
        RemoveDeliverable(deliverable_id="D-98"),
        Reassign(subject_id="D-04", role=Raci.RESPONSIBLE, from_id="lumen", to_id="ingrid"),
        MoveMilestone(milestone_id="M-01", due=D(2026, 11, 2), reason="late"),
        MoveMilestone(milestone_id="M-03", due=D(2027, 2, 26), reason="same"),
        MoveMilestone(milestone_id="M-97", due=D(2027, 2, 26), reason="ghost"),
        CancelMilestone(milestone_id="M-02"),
        ChangePayment(milestone_id="M-01", payment=None),
        ChangePayment(milestone_id="M-96", payment=None),
        ExtendPhase(phase_id="PH-2", end=D(2027, 5, 28)),
        ExtendPhase(phase_id="PH-3", end=D(2027, 5, 30)),
        ExtendPhase(phase_id="PH-9", end=D(2027, 5, 30)),
        ExtendTerm(end=D(2027, 8, 27)),
        ExtendTerm(end=D(2027, 8, 1)),
        AddDeliverable(
            deliverable=Deliverable(id="D-20", title="T", acceptance_criteria=("ok",)),
            owner_id="tomasz",
            responsible_ids=("kodehuset",),
            milestone_id="M-95",
        ),
    )
    op = f"{WHERE}.operations"
    expected = [
        (f"{op}[0].deliverable_id", "the contract has no deliverable 'D-99'; correct the id"),
        (f"{op}[1].deliverable_id", "the contract has no deliverable 'D-98'; correct the id"),
        (
            f"{op}[2].from_id",
            "'lumen' is not responsible for 'D-04'; correct from_id, or leave it out to add an assignment",
        ),
        (f"{op}[3].milestone_id", "milestone 'M-01' is met; only a scheduled milestone can move"),
        (f"{op}[4].due", "milestone 'M-03' is already due on 2027-02-26; drop the operation"),
        (f"{op}[5].milestone_id", "the contract has no milestone 'M-97'; correct the id"),
        (
            f"{op}[6].milestone_id",
            "milestone 'M-02' is met; only a scheduled milestone can be cancelled",
        ),
        (
            f"{op}[7].milestone_id",
            "milestone 'M-01' was paid on 2026-11-13; a paid payment cannot change (agree a credit or an extra payment instead)",
        ),
        (f"{op}[8].milestone_id", "the contract has no milestone 'M-96'; correct the id"),
        (f"{op}[9].end", "phase 'PH-2' already ends on 2027-05-28; extend it to a later day"),
        (f"{op}[10].end", "phase 'PH-3' already ends on 2027-08-27; extend it to a later day"),
        (f"{op}[11].phase_id", "the contract has no phase 'PH-9'; correct the id"),
        (f"{op}[12].end", "the term already ends on 2027-08-27; extend it to a later day"),
        (f"{op}[13].end", "the term already ends on 2027-08-27; extend it to a later day"),
        (f"{op}[14].milestone_id", "the contract has no milestone 'M-95'; correct the id"),
    ]
    changed, slip, problems = apply_operations(EX, ops, on=ON, where=WHERE)
    assert expected == [(p.path, p.message) for p in problems]
    assert {"CHANGE_APPLIES"} == {p.code for p in problems}
    assert 0 == slip
    assert (EX.milestones, EX.phases, EX.term) == (changed.milestones, changed.phases, changed.term)
    assert EX.responsibilities == changed.responsibilities[: len(EX.responsibilities)]


def test_the_slip_is_the_largest_delay_of_the_operations_whatever_their_order() -> None:
    """The slip is the largest delay; a milestone moved earlier delays nothing.

    Each moved milestone records its previous day, the day of the change and the reason.
    """
    ops = (
        MoveMilestone(milestone_id="M-03", due=D(2027, 3, 8), reason="a"),
        ExtendPhase(phase_id="PH-2", end=D(2027, 6, 4)),
        MoveMilestone(milestone_id="M-04", due=D(2027, 5, 10), reason="b"),
        ExtendTerm(end=D(2027, 9, 3)),
    )
    for order in (ops, ops[::-1]):
        changed, slip, problems = apply_operations(EX, order, on=ON)
        assert ((), 10) == (problems, slip)
        assert D(2027, 9, 3) == changed.term.end
        assert D(2027, 6, 4) == changed.phase("PH-2").end
        assert (D(2027, 2, 26), ON, "a") == (
            changed.milestone("M-03").due_history[-1].previous_due,
            changed.milestone("M-03").due_history[-1].changed_on,
            changed.milestone("M-03").due_history[-1].reason,
        )


def test_a_reassignment_takes_the_place_of_the_first_assignment_and_drops_its_repeats() -> None:
    """A reassignment takes the first holder's place in the RACI list and drops the repeats.

    Leaving out to_id removes every holder; leaving out from_id adds one at the end.
    """
    repeat = Responsibility(subject_id="D-04", assignee_id="kodehuset", role=Raci.RESPONSIBLE)
    twice = attrs.evolve(EX, responsibilities=(*EX.responsibilities, repeat))
    lumen = Responsibility(subject_id="D-04", assignee_id="lumen", role=Raci.RESPONSIBLE)
    assert 7 == EX.responsibilities.index(repeat)

    moved, _, problems = apply_operations(
        twice,
        (Reassign(subject_id="D-04", role=Raci.RESPONSIBLE, from_id="kodehuset", to_id="lumen"),),
        on=ON,
    )
    assert () == problems
    assert (*EX.responsibilities[:7], lumen, *EX.responsibilities[8:]) == moved.responsibilities

    removed, _, _ = apply_operations(
        twice, (Reassign(subject_id="D-04", role=Raci.RESPONSIBLE, from_id="kodehuset"),), on=ON
    )
    assert (*EX.responsibilities[:7], *EX.responsibilities[8:]) == removed.responsibilities

    consulted = Responsibility(subject_id="D-04", assignee_id="lumen", role=Raci.CONSULTED)
    added, _, _ = apply_operations(
        EX, (Reassign(subject_id="D-04", role=Raci.CONSULTED, to_id="lumen"),), on=ON
    )
    assert (*EX.responsibilities, consulted) == added.responsibilities


def test_diff_names_every_kind_of_difference_in_field_order_word_for_word() -> None:
    """Diff names every kind of difference, in the contract's field order, word for word.

    Whole values, fields of the term and the support terms, items added, removed and changed (by
    id, or RACI key), labelled or shown by their non-default fields, and None as "none".
    """
    old = after_pilot_gate()
    grant = AccessGrant(
        id="G-09",
        grantee_id="sara",
        system="CRM",
        system_class=OfficeClass.FRONT_OFFICE,
        level=AccessLevel.READ,
        granted_on=D(2027, 1, 4),
    )
    assert old.support is not None
    new = attrs.evolve(
        old,
        title=old.title + " II",
        value=Money(5_000_000, "NOK"),
        term=Term(start=old.term.start, end=D(2027, 9, 30)),
        deliverables=(
            *old.deliverables[:2],
            attrs.evolve(old.deliverables[2], title="Renamed", description=""),
            *old.deliverables[4:],
            Deliverable(id="D-30", title="New", acceptance_criteria=("a", "b")),
        ),
        responsibilities=(
            *old.responsibilities[1:],
            Responsibility(subject_id="D-30", assignee_id="tomasz", role=Raci.ACCOUNTABLE),
        ),
        milestones=(
            attrs.evolve(old.milestones[0], paid_on=None, deliverable_ids=("D-01",)),
            *old.milestones[1:],
        ),
        support=attrs.evolve(old.support, hypercare_days=old.support.hypercare_days + 5),
        extensions={"x": 1},
        access_grants=(*old.access_grants, grant),
    )
    expected = [
        "changed $.title: Web shop rebuild -> Web shop rebuild II",
        "changed $.term.end: 2027-08-27 -> 2027-09-30",
        "changed $.value: 6,000,000 NOK -> 5,000,000 NOK",
        "changed $.deliverables['D-03'].title: Pilot evaluation report -> Renamed",
        "changed $.deliverables['D-03'].description: Conversion, speed and defect figures of the pilot against the old shop. -> ",
        "removed $.deliverables['D-04']: D-04 'Catalogue and search'",
        "added $.deliverables['D-30']: D-30 'New'",
        "changed $.milestones['M-01'].deliverable_ids: [D-01, D-02] -> [D-01]",
        "changed $.milestones['M-01'].paid_on: 2026-11-13 -> none",
        "removed $.responsibilities['D-01/accountable/tomasz']: tomasz accountable for D-01",
        "added $.responsibilities['D-30/accountable/tomasz']: tomasz accountable for D-30",
        "added $.access_grants['G-09']: AccessGrant(id=G-09, grantee_id=sara, system=CRM, system_class=front_office, level=read, granted_on=2027-01-04)",
        "changed $.support.hypercare_days: 75 -> 80",
        "changed $.extensions: {} -> {'x': 1}",
    ]
    assert expected == [str(d) for d in diff(old, new)]
    assert () == diff(old, attrs.evolve(old, extensions={}))


def value_change(id_: str, value: int, cost: int, day: dt.date) -> ChangeRequest:
    """A change request that raises the contract's value, at a cost, and slips nothing."""
    return ChangeRequest(
        id=id_,
        title=f"Value {id_}",
        rationale="More work.",
        requested_by="ingrid",
        requested_on=day,
        operations=(ChangeValue(value=Money(value, "NOK")),),
        cost_impact=Money(cost, "NOK"),
        schedule_impact_days=0,
    )


def two_value_changes(second_on: dt.date) -> Contract:
    """The example (CR-01 applied) with CR-02 (+10 %) and CR-03 (+10 % more) applied after it."""
    first = value_change("CR-02", 6_600_000, 600_000, D(2026, 11, 25))
    one = apply_change(
        EX,
        approve_change(
            first, by="ingrid", level=ApprovalLevel.DELIVERY_MANAGER, on=D(2026, 11, 30)
        ),
        on=ON,
    )
    second = value_change("CR-03", 7_200_000, 600_000, ON)
    level = ApprovalLevel.STEERING_COMMITTEE
    return apply_change(
        one, approve_change(second, by="ingrid", level=level, on=second_on), on=second_on
    )


def test_the_cumulative_impact_is_measured_against_the_value_as_signed() -> None:
    """The cumulative impact is measured against the value as signed.

    With three amendments, the cost is a share of the first amendment's value before (6 M), not
    of a later one's (6.6 M); the slips add up, and the next change is measured with them.
    """
    contract = two_value_changes(D(2026, 12, 3))
    assert [Money(6_000_000, "NOK")] * 2 + [Money(6_600_000, "NOK")] == [
        a.value_before for a in contract.amendments
    ]
    assert (Decimal(20), 14) == cumulative_impact(contract)
    third = value_change("CR-04", 7_800_000, 600_000, D(2026, 12, 4))
    assert (Decimal(30), 14) == cumulative_impact(contract, third)
    assert ApprovalLevel.EXECUTIVE == approval_needed(contract, third)


def test_the_register_record_is_found_by_an_equal_id_not_the_same_string() -> None:
    """A change whose id was read from a file is the register's record with that id.

    Ids from JSON or a database are equal strings, not the very objects the register holds: the
    rejected record must still be found, so its old approved copy is refused.
    """
    change = ChangeRequest(
        id="CR-09",
        title="Double the scope",
        rationale="More of everything.",
        requested_by="ingrid",
        requested_on=D(2026, 11, 25),
        operations=(ChangeValue(value=Money(12_000_000, "NOK")),),
        cost_impact=Money(6_000_000, "NOK"),
    )
    rejected = reject_change(change, by="ingrid", on=D(2026, 11, 30), reason="Too dear")
    contract = attrs.evolve(EX, change_requests=(*EX.change_requests, rejected))
    read_back = attrs.evolve(
        change, id=std.loads(std.dumps("CR-09"))
    )  # read back: equal, not identical
    assert read_back.id is not rejected.id
    copy = approve_change(read_back, by="ingrid", level=ApprovalLevel.EXECUTIVE, on=D(2026, 11, 30))
    with pytest.raises(TransitionError, match="records it as rejected"):
        apply_change(contract, copy, on=ON)
