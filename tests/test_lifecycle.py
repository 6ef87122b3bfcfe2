import datetime as dt
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    CriterionResult,
    Deliverable,
    DeliverableStatus,
    DueDateChange,
    Gate,
    GateDecision,
    Milestone,
    MilestoneStatus,
    Phase,
    example_contract,
)
from outsourcing._example import after_pilot_gate
from outsourcing.exceptions import InvalidValueError, NotFoundError, TransitionError
from outsourcing.lifecycle import (
    Timeliness,
    accept,
    decide_gate,
    decision_as_of,
    due_as_of,
    is_rebaselined,
    milestone_status_as_of,
    record_milestone,
    reject,
    replace_in,
    review,
    start_work,
    status_as_of,
    submit,
    timeliness,
)
from outsourcing.strategies import gates

D = dt.date
DS = DeliverableStatus
MS = MilestoneStatus
GD = GateDecision
CRITERIA = ("All 14 categories browsable", "Search answers typos")
WORK = Deliverable(id="D-04", title="Catalogue and search", acceptance_criteria=CRITERIA)


def passed(*failing: str) -> tuple[CriterionResult, ...]:
    return tuple(
        CriterionResult(criterion=c, passed=c not in failing, note="checked") for c in CRITERIA
    )


def submitted() -> Deliverable:
    return submit(start_work(WORK, on=D(2026, 12, 1)), on=D(2027, 2, 1))


def test_the_happy_path_records_every_move_with_its_date() -> None:
    """Planned -> in_progress -> submitted -> accepted, each move dated, the original untouched."""
    done = accept(submitted(), on=D(2027, 2, 10), results=passed())
    assert DS.ACCEPTED == done.status
    assert [
        (DS.IN_PROGRESS, D(2026, 12, 1)),
        (DS.SUBMITTED, D(2027, 2, 1)),
        (DS.ACCEPTED, D(2027, 2, 10)),
    ] == [(e.status, e.on) for e in done.history]
    assert passed() == done.history[-1].results
    assert DS.PLANNED == WORK.status
    assert () == WORK.history


def test_rejected_work_is_reworked_and_resubmitted() -> None:
    """Rejected -> submitted (resubmit) and rejected -> in_progress (rework) are both allowed."""
    rejected = reject(submitted(), on=D(2027, 2, 10), results=passed("Search answers typos"))
    assert DS.REJECTED == rejected.status
    assert DS.SUBMITTED == submit(rejected, on=D(2027, 2, 20)).status
    reworked = start_work(rejected, on=D(2027, 2, 11))
    again = accept(submit(reworked, on=D(2027, 2, 24)), on=D(2027, 2, 25), results=passed())
    assert [
        DS.IN_PROGRESS,
        DS.SUBMITTED,
        DS.REJECTED,
        DS.IN_PROGRESS,
        DS.SUBMITTED,
        DS.ACCEPTED,
    ] == [e.status for e in again.history]


@pytest.mark.parametrize(
    ("state", "move", "allowed"),
    [
        (DS.PLANNED, "submit", "start"),
        (DS.PLANNED, "accept", "start"),
        (DS.PLANNED, "reject", "start"),
        (DS.IN_PROGRESS, "start", "submit"),
        (DS.IN_PROGRESS, "accept", "submit"),
        (DS.IN_PROGRESS, "reject", "submit"),
        (DS.SUBMITTED, "start", "accept, reject"),
        (DS.SUBMITTED, "submit", "accept, reject"),
        (DS.REJECTED, "accept", "start, submit"),
        (DS.REJECTED, "reject", "start, submit"),
        (DS.ACCEPTED, "start", "none (the state is final)"),
        (DS.ACCEPTED, "submit", "none (the state is final)"),
        (DS.ACCEPTED, "accept", "none (the state is final)"),
        (DS.ACCEPTED, "reject", "none (the state is final)"),
    ],
)
def test_illegal_deliverable_moves_name_the_object_state_and_allowed_moves(
    state: DeliverableStatus, move: str, allowed: str
) -> None:
    """Every move a state does not allow raises TransitionError saying what is allowed instead."""
    work = attrs.evolve(WORK, status=state)
    day = D(2027, 1, 1)
    calls = {
        "start": lambda: start_work(work, on=day),
        "submit": lambda: submit(work, on=day),
        "accept": lambda: accept(work, on=day, results=passed()),
        "reject": lambda: reject(work, on=day, results=passed(CRITERIA[0])),
    }
    with pytest.raises(TransitionError) as caught:
        calls[move]()
    message = str(caught.value)
    assert f"cannot {move} deliverable 'D-04' while it is {state.value}" in message
    assert message.endswith(f"the allowed moves are: {allowed}")
    assert state.value == caught.value.state


def test_a_move_cannot_go_back_in_time() -> None:
    """A move dated before the last one is refused; the same day is fine."""
    started = start_work(WORK, on=D(2026, 12, 1))
    with pytest.raises(TransitionError, match="2026-11-30 is before its last move 2026-12-01"):
        submit(started, on=D(2026, 11, 30))
    assert DS.SUBMITTED == submit(started, on=D(2026, 12, 1)).status


def test_acceptance_is_checked_against_the_criteria() -> None:
    """Acceptance needs one result per criterion, all passed; rejection needs a failure."""
    work = submitted()
    with pytest.raises(InvalidValueError, match="no result for \\['Search answers typos'\\]"):
        accept(work, on=D(2027, 2, 2), results=passed()[:1])
    with pytest.raises(InvalidValueError, match="criteria it does not have: \\['Fast'\\]"):
        accept(
            work,
            on=D(2027, 2, 2),
            results=(*passed(), CriterionResult(criterion="Fast", passed=True)),
        )
    with pytest.raises(InvalidValueError, match="judged twice"):
        accept(work, on=D(2027, 2, 2), results=(*passed(), passed()[0]))
    with pytest.raises(InvalidValueError, match="failed: \\['Search answers typos'\\]"):
        accept(work, on=D(2027, 2, 2), results=passed("Search answers typos"))
    with pytest.raises(InvalidValueError, match="at least one failed criterion"):
        reject(work, on=D(2027, 2, 2), results=passed())
    bare = attrs.evolve(WORK, acceptance_criteria=(), status=DS.SUBMITTED)
    with pytest.raises(InvalidValueError, match="no acceptance criteria"):
        accept(bare, on=D(2027, 2, 2), results=())


def test_results_are_kept_in_the_order_of_the_criteria() -> None:
    """Results given in any order are stored in the deliverable's criteria order."""
    done = accept(submitted(), on=D(2027, 2, 2), results=tuple(reversed(passed())))
    assert CRITERIA == tuple(r.criterion for r in done.history[-1].results)


def test_review_accepts_or_rejects_by_the_results() -> None:
    """review() accepts when every criterion passed and rejects otherwise."""
    assert DS.ACCEPTED == review(submitted(), on=D(2027, 2, 2), results=passed()).status
    assert DS.REJECTED == review(submitted(), on=D(2027, 2, 2), results=passed(CRITERIA[1])).status


def test_history_must_end_in_the_current_status() -> None:
    """A deliverable whose history disagrees with its status is refused on construction."""
    with pytest.raises(InvalidValueError, match=r"Deliverable\.status: expected 'submitted'"):
        attrs.evolve(submitted(), status=DS.IN_PROGRESS)


def test_status_as_of_replays_the_history() -> None:
    """As of a day, a deliverable is in the state of its last move by then (planned before any)."""
    work = submitted()
    assert DS.PLANNED == status_as_of(work, D(2026, 11, 30))
    assert DS.IN_PROGRESS == status_as_of(work, D(2026, 12, 1))
    assert DS.IN_PROGRESS == status_as_of(work, D(2027, 1, 31))
    assert DS.SUBMITTED == status_as_of(work, D(2027, 2, 1))
    undated = attrs.evolve(WORK, status=DS.ACCEPTED)
    assert DS.ACCEPTED == status_as_of(undated, D(2000, 1, 1))


# -- milestones ------------------------------------------------------------------------------

DUE = D(2027, 2, 26)
MILESTONE = Milestone(id="M-03", title="Catalogue and search", due=DUE)


@pytest.mark.parametrize("status", [MS.MET, MS.PARTIALLY_MET, MS.NOT_MET, MS.CANCELLED])
def test_a_scheduled_milestone_can_be_recorded_in_any_outcome(status: MilestoneStatus) -> None:
    """Scheduled -> met | partially_met | not_met | cancelled, with the date of the record."""
    recorded = record_milestone(MILESTONE, status, on=D(2027, 2, 20))
    assert status == recorded.status
    assert D(2027, 2, 20) == recorded.status_on
    met = status in {MS.MET, MS.PARTIALLY_MET}
    assert (D(2027, 2, 20) if met else None) == recorded.date_met


@pytest.mark.parametrize(
    ("first", "then", "allowed"),
    [
        (MS.MET, MS.NOT_MET, "none (the state is final)"),
        (MS.NOT_MET, MS.SCHEDULED, "met, partially_met, not_met, cancelled"),
        (MS.CANCELLED, MS.MET, "none (the state is final)"),
        (MS.PARTIALLY_MET, MS.CANCELLED, "met, not_met"),
        (MS.PARTIALLY_MET, MS.PARTIALLY_MET, "met, not_met"),
    ],
)
def test_illegal_milestone_moves(
    first: MilestoneStatus, then: MilestoneStatus, allowed: str
) -> None:
    """Final outcomes stay final; a partially met milestone may only become met or not met; a
    milestone not met at a review is not scheduled again."""  # noqa: D205, D209
    recorded = record_milestone(MILESTONE, first, on=D(2027, 2, 20))
    with pytest.raises(TransitionError, match=re.escape(f"the allowed moves are: {allowed}")):
        record_milestone(recorded, then, on=D(2027, 2, 21))


def test_a_milestone_not_met_at_a_review_may_be_met_at_a_later_one() -> None:
    """not_met is a review's verdict, not final: a later review records it met, late."""
    missed = record_milestone(MILESTONE, MS.NOT_MET, on=D(2027, 2, 20))
    assert Timeliness.NOT_MET is timeliness(missed, D(2027, 2, 25))
    again = record_milestone(missed, MS.NOT_MET, on=D(2027, 3, 20))
    met = record_milestone(again, MS.MET, on=D(2027, 4, 2))
    assert (MS.MET, D(2027, 4, 2), D(2027, 4, 2)) == (met.status, met.date_met, met.status_on)
    assert Timeliness.MET_LATE is timeliness(met, D(2027, 4, 3))


def test_a_partially_met_milestone_is_met_later() -> None:
    """partially_met -> met moves the date met; recording before the last record is refused."""
    partial = record_milestone(MILESTONE, MS.PARTIALLY_MET, on=D(2027, 2, 20))
    assert D(2027, 3, 5) == record_milestone(partial, MS.MET, on=D(2027, 3, 5)).date_met
    with pytest.raises(TransitionError, match="before it became partially_met on 2027-02-20"):
        record_milestone(partial, MS.MET, on=D(2027, 2, 19))
    with pytest.raises(TransitionError, match="the allowed moves are: met, partially_met"):
        record_milestone(MILESTONE, MS.SCHEDULED, on=D(2027, 2, 19))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2027, 1, 1), Timeliness.UPCOMING),
        (D(2027, 2, 11), Timeliness.UPCOMING),  # 15 days ahead
        (D(2027, 2, 12), Timeliness.DUE_SOON),  # 14 days ahead
        (DUE, Timeliness.DUE_SOON),  # the due day itself is not late
        (D(2027, 2, 27), Timeliness.LATE),
    ],
)
def test_timeliness_of_a_scheduled_milestone(as_of: dt.date, expected: Timeliness) -> None:
    """Upcoming, due soon within 14 days (inclusive), late only after the due day."""
    assert expected == timeliness(MILESTONE, as_of)


def test_met_late_and_on_time_are_derived() -> None:
    """Met after the due date is met late; on the due date is on time; before that day, not yet."""
    on_time = record_milestone(MILESTONE, MS.MET, on=DUE)
    late = record_milestone(MILESTONE, MS.MET, on=D(2027, 3, 1))
    assert Timeliness.MET_ON_TIME == timeliness(on_time, D(2027, 6, 1))
    assert Timeliness.MET_LATE == timeliness(late, D(2027, 6, 1))
    assert Timeliness.LATE == timeliness(late, D(2027, 2, 28))
    assert MS.SCHEDULED == milestone_status_as_of(late, D(2027, 2, 28))
    partial = record_milestone(MILESTONE, MS.PARTIALLY_MET, on=D(2027, 3, 1))
    assert Timeliness.MET_LATE == timeliness(partial, D(2027, 3, 1))
    not_met = record_milestone(MILESTONE, MS.NOT_MET, on=D(2027, 3, 1))
    assert Timeliness.NOT_MET == timeliness(not_met, D(2027, 3, 1))
    assert Timeliness.LATE == timeliness(not_met, D(2027, 2, 28))
    cancelled = record_milestone(MILESTONE, MS.CANCELLED, on=D(2027, 1, 10))
    assert Timeliness.CANCELLED == timeliness(cancelled, D(2027, 3, 1))
    assert Timeliness.UPCOMING == timeliness(cancelled, D(2027, 1, 9))


def test_a_soon_window_of_its_own() -> None:
    """The caller may say how many days ahead count as soon."""
    assert Timeliness.UPCOMING == timeliness(MILESTONE, D(2027, 2, 12), soon=7)
    assert Timeliness.DUE_SOON == timeliness(MILESTONE, D(2027, 2, 19), soon=7)


def test_rebaselined_is_derived_from_the_history_as_of_a_date() -> None:
    """Before a rebaseline was agreed, the old due date held: lateness is judged against it."""
    moved = attrs.evolve(
        MILESTONE,
        due_history=(
            DueDateChange(previous_due=D(2027, 2, 12), changed_on=D(2027, 2, 1), reason="scope"),
        ),
    )
    assert not is_rebaselined(moved, D(2027, 1, 31))
    assert is_rebaselined(moved, D(2027, 2, 1))
    assert D(2027, 2, 12) == due_as_of(moved, D(2027, 1, 31))
    assert DUE == due_as_of(moved, D(2027, 2, 1))
    met = record_milestone(moved, MS.MET, on=D(2027, 2, 20))
    assert Timeliness.MET_ON_TIME == timeliness(met, D(2027, 3, 1))


def test_rebaselined_twice_uses_each_due_date_in_turn() -> None:
    """With two rebaselines, each period sees the due date that held then."""
    moved = attrs.evolve(
        MILESTONE,
        due_history=(
            DueDateChange(previous_due=D(2027, 2, 5), changed_on=D(2027, 1, 1), reason="a"),
            DueDateChange(previous_due=D(2027, 2, 12), changed_on=D(2027, 2, 1), reason="b"),
        ),
    )
    assert [D(2027, 2, 5), D(2027, 2, 12), DUE] == [
        due_as_of(moved, day) for day in (D(2026, 12, 31), D(2027, 1, 15), D(2027, 2, 1))
    ]


# -- gates -----------------------------------------------------------------------------------

BUILD = example_contract().phase("PH-2")


@pytest.mark.parametrize("decision", [GD.GO, GD.GO_WITH_CONDITIONS, GD.HOLD, GD.STOP])
def test_a_pending_gate_takes_any_decision(decision: GateDecision) -> None:
    """Pending -> go | go_with_conditions | hold | stop, with date, decider and results."""
    result = CriterionResult(criterion=BUILD.gate.criteria[0], passed=True, note="2.3x peak")
    decided = decide_gate(BUILD, decision, on=D(2027, 5, 28), by="ingrid", results=(result,))
    assert (decision, D(2027, 5, 28), "ingrid", (result,)) == (
        decided.gate.decision,
        decided.gate.decided_on,
        decided.gate.decided_by,
        decided.gate.results,
    )
    assert GD.PENDING == decision_as_of(decided, D(2027, 5, 27))
    assert decision == decision_as_of(decided, D(2027, 5, 28))


def test_a_gate_on_hold_is_decided_again() -> None:
    """Hold -> go later; a decided gate (other than hold) cannot be decided again."""
    held = decide_gate(BUILD, GD.HOLD, on=D(2027, 5, 28), by="ingrid")
    go = decide_gate(held, GD.GO, on=D(2027, 6, 4), by="ingrid")
    assert GD.GO == go.gate.decision
    with pytest.raises(TransitionError, match="while it is go; the allowed moves are: none"):
        decide_gate(go, GD.STOP, on=D(2027, 6, 5), by="ingrid")
    with pytest.raises(TransitionError, match="allowed moves are: go, go_with_conditions, stop"):
        decide_gate(held, GD.HOLD, on=D(2027, 6, 4), by="ingrid")
    with pytest.raises(TransitionError, match="before the hold of 2027-05-28"):
        decide_gate(held, GD.GO, on=D(2027, 5, 27), by="ingrid")
    with pytest.raises(
        TransitionError, match="allowed moves are: go, go_with_conditions, hold, stop"
    ):
        decide_gate(BUILD, GD.PENDING, on=D(2027, 5, 27), by="ingrid")


def test_gate_results_judge_only_its_criteria() -> None:
    """A result for a criterion the gate does not list, or one twice, is refused."""
    stray = CriterionResult(criterion="Nice colours", passed=True)
    with pytest.raises(InvalidValueError, match="at most one result for each of"):
        decide_gate(BUILD, GD.GO, on=D(2027, 5, 28), by="ingrid", results=(stray,))


@given(
    gates(
        decisions=st.sampled_from([d for d in GD if d is not GD.PENDING]),
        deciders=st.sampled_from(["ingrid", "tomasz"]),
    )
)
def test_generated_gate_decisions_are_decided_gates(gate: Gate) -> None:
    """The strategy's gates are decided, dated, and judge only their own criteria."""
    assert isinstance(gate, type(BUILD.gate))
    assert gate.decision is not GD.PENDING
    assert gate.decided_on is not None
    assert {r.criterion for r in gate.results} <= set(gate.criteria)
    assert gate.decided_by in {"ingrid", "tomasz"}
    phase = attrs.evolve(BUILD, gate=gate)
    assert gate.decision == decision_as_of(phase, gate.decided_on)


def test_the_pilot_is_a_first_class_phase() -> None:
    """The example's first phase is its pilot, decided go with conditions at its gate."""
    contract = example_contract()
    pilots = [p for p in contract.phases if p.is_pilot]
    assert ["PH-1"] == [p.id for p in pilots]
    assert GD.GO_WITH_CONDITIONS == decision_as_of(pilots[0], D(2026, 11, 22))
    assert not BUILD.is_pilot


# -- putting objects back ----------------------------------------------------------------------


def test_replace_in_puts_changed_objects_back_by_id() -> None:
    """replace_in returns a new contract with each object in place of the one with its id."""
    contract = after_pilot_gate()  # D-04 not started yet
    work = start_work(contract.deliverable("D-04"), on=D(2026, 11, 23))
    gate = decide_gate(contract.phase("PH-2"), GD.HOLD, on=D(2027, 5, 28), by="ingrid")
    changed = replace_in(contract, work, gate)
    assert DS.IN_PROGRESS == changed.deliverable("D-04").status
    assert GD.HOLD == changed.phase("PH-2").gate.decision
    assert 3 == changed.deliverables.index(changed.deliverable("D-04"))
    assert DS.PLANNED == contract.deliverable("D-04").status
    with pytest.raises(NotFoundError, match="no phase with id 'PH-9'"):
        replace_in(contract, attrs.evolve(gate, id="PH-9"))
    assert isinstance(gate, Phase)
