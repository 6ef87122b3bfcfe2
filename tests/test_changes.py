"""Scope changes: change requests, their lifecycle, the change policy, apply_change and diff."""

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from outsourcing import (
    AddCharge,
    AddDeliverable,
    AddMilestone,
    AddPhase,
    ApprovalLevel,
    CancelMilestone,
    ChangeEvent,
    ChangePayment,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
    Contract,
    Deliverable,
    DifferenceKind,
    EndCharge,
    ExtendPhase,
    ExtendTerm,
    ModifyDeliverable,
    Money,
    MoveMilestone,
    Operation,
    Raci,
    Reassign,
    RemoveDeliverable,
    Tolerance,
    json,
    validate,
)
from outsourcing._example import after_pilot_gate
from outsourcing._io.convert import FAST, tagged_union
from outsourcing._operations.scope_changes import apply_operations
from outsourcing.changes import (
    apply_change,
    approval_needed,
    approve_change,
    cumulative_impact,
    diff,
    propose_change,
    reject_change,
    withdraw_change,
)
from outsourcing.exceptions import (
    ChangeRefusedError,
    InvalidValueError,
    LoadError,
    TransitionError,
)
from outsourcing.lifecycle import replace_in
from outsourcing.strategies import change_policies, change_requests, contracts, violating

D = dt.date
EX = after_pilot_gate()  # before CR-02 was proposed
DAY = D(2026, 12, 1)
STORE_FINDER = Deliverable(
    id="D-10", title="Store finder", acceptance_criteria=("Finds the nearest of 40 stores",)
)


def request(*operations: Operation, **changes: Any) -> ChangeRequest:
    fields: dict[str, Any] = {
        "id": "CR-02",
        "title": "Store finder",
        "rationale": "Customers ask where to try shoes on.",
        "requested_by": "ingrid",
        "requested_on": D(2026, 11, 25),
        "operations": operations,
        "schedule_impact_days": 14,
    }
    return ChangeRequest(**(fields | changes))


def approved(change: ChangeRequest, level: ApprovalLevel = ApprovalLevel.DELIVERY_MANAGER) -> Any:
    return approve_change(change, by="ingrid", level=level, on=D(2026, 11, 30))


ADD_AND_MOVE = request(
    AddDeliverable(
        deliverable=STORE_FINDER,
        owner_id="tomasz",
        responsible_ids=("kodehuset",),
        milestone_id="M-04",
    ),
    MoveMilestone(milestone_id="M-04", due=D(2027, 5, 28), reason="Store finder added"),
)


# -- the lifecycle ------------------------------------------------------------------------------


def test_moves_are_recorded_with_who_when_why_and_the_original_is_untouched() -> None:
    """approve, reject and withdraw each add a dated event with its author; nothing is mutated."""
    change = request(ExtendTerm(end=D(2027, 9, 30)))
    ok = approve_change(
        change, by="ingrid", level=ApprovalLevel.STEERING_COMMITTEE, on=DAY, note="if on budget"
    )
    assert ChangeStatus.PROPOSED == change.status
    assert () == change.history
    assert ChangeStatus.APPROVED == ok.status
    assert (
        ChangeEvent(
            status=ChangeStatus.APPROVED,
            on=DAY,
            by="ingrid",
            level=ApprovalLevel.STEERING_COMMITTEE,
            note="if on budget",
        ),
    ) == ok.history
    assert ok.approval == ok.history[0]
    no = reject_change(change, by="nordlys", on=DAY, reason="too late")
    gone = withdraw_change(change, by="tomasz", on=DAY, reason="not needed")
    assert [(ChangeStatus.REJECTED, "too late"), (ChangeStatus.WITHDRAWN, "not needed")] == [
        (no.status, no.history[0].note),
        (gone.status, gone.history[0].note),
    ]
    assert no.approval is None


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (ChangeStatus.APPROVED, "approve"),
        (ChangeStatus.REJECTED, "approve"),
        (ChangeStatus.WITHDRAWN, "reject"),
        (ChangeStatus.APPLIED, "withdraw"),
    ],
)
def test_illegal_moves_raise_a_transition_error_naming_the_allowed_ones(
    status: ChangeStatus, move: str
) -> None:
    """Only proposed changes are decided; final states allow nothing."""
    change = request(ExtendTerm(end=D(2027, 9, 30)), status=status)
    moves = {
        "approve": lambda: approve_change(
            change, by="ingrid", level=ApprovalLevel.EXECUTIVE, on=DAY
        ),
        "reject": lambda: reject_change(change, by="ingrid", on=DAY, reason="no"),
        "withdraw": lambda: withdraw_change(change, by="ingrid", on=DAY, reason="no"),
    }
    with pytest.raises(TransitionError) as caught:
        moves[move]()
    assert f"cannot {move} change request 'CR-02' while it is {status.value}" in str(caught.value)


def test_a_move_cannot_be_dated_before_the_request() -> None:
    """Decisions come after the proposal."""
    with pytest.raises(TransitionError, match="is before its last move on 2026-11-25"):
        reject_change(
            request(ExtendTerm(end=D(2027, 9, 30))),
            by="ingrid",
            on=D(2026, 1, 1),
            reason="n",
        )


def test_propose_adds_to_the_register_once() -> None:
    """A proposed change joins the register; its id must be new and its status proposed."""
    change = request(ExtendTerm(end=D(2027, 9, 30)))
    contract = propose_change(EX, change)
    assert change == contract.change_request("CR-02")
    assert EX.change_requests == contract.change_requests[:-1]
    with pytest.raises(InvalidValueError, match="an id that no change request"):
        propose_change(contract, change)
    with pytest.raises(TransitionError, match="cannot propose"):
        propose_change(EX, approved(change))


def test_replace_in_puts_a_decided_change_back() -> None:
    """replace_in knows the change register."""
    contract = propose_change(EX, ADD_AND_MOVE)
    decided = replace_in(contract, approved(ADD_AND_MOVE))
    assert ChangeStatus.APPROVED == decided.change_request("CR-02").status


# -- the models ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (request, "ChangeRequest.operations"),
        (
            lambda: AddDeliverable(deliverable=STORE_FINDER, owner_id="t", responsible_ids=()),
            "AddDeliverable.responsible_ids",
        ),
        (lambda: ModifyDeliverable(deliverable_id="D-01"), "ModifyDeliverable.title"),
        (lambda: Reassign(subject_id="D-01", role=Raci.RESPONSIBLE), "Reassign.to_id"),
        (lambda: ExtendTerm(end=D(2027, 1, 1), op="add_phase"), "ExtendTerm.op"),  # type: ignore[arg-type]
        (
            lambda: ChangeEvent(status=ChangeStatus.APPROVED, on=DAY, by="ingrid"),
            "ChangeEvent.level",
        ),
        (
            lambda: ChangePolicy(
                tolerances=(
                    Tolerance(level=ApprovalLevel.EXECUTIVE, cost_percent=Decimal(1), slip_days=1),
                )
                * 2
            ),
            "ChangePolicy.tolerances",
        ),
    ],
)
def test_field_checks_name_the_field(build: Any, field: str) -> None:
    """Malformed change objects are refused where they are built, naming the field."""
    with pytest.raises(InvalidValueError) as caught:
        build()
    assert field == caught.value.field


def test_approval_levels_are_ordered_and_the_policy_picks_the_lowest_that_covers() -> None:
    """Levels rise from delivery manager to executive; beyond every tolerance, `beyond`."""
    assert (
        ApprovalLevel.DELIVERY_MANAGER < ApprovalLevel.STEERING_COMMITTEE < ApprovalLevel.EXECUTIVE
    )
    assert max(ApprovalLevel) is ApprovalLevel.EXECUTIVE
    policy = ChangePolicy.standard()
    assert [
        ApprovalLevel.DELIVERY_MANAGER,
        ApprovalLevel.DELIVERY_MANAGER,
        ApprovalLevel.STEERING_COMMITTEE,
        ApprovalLevel.STEERING_COMMITTEE,
        ApprovalLevel.EXECUTIVE,
        ApprovalLevel.EXECUTIVE,
    ] == [
        policy.required_level(Decimal(cost), slip)
        for cost, slip in ((0, 0), (-10, 30), (Decimal("10.01"), 0), (0, 31), (26, 0), (0, 91))
    ]
    strict = ChangePolicy(beyond=ApprovalLevel.STEERING_COMMITTEE)
    assert ApprovalLevel.STEERING_COMMITTEE == strict.required_level(Decimal(0), 0)


# -- applying a change --------------------------------------------------------------------------


def test_applying_a_change_makes_the_next_version_and_leaves_the_old_one_alone() -> None:
    """Version 3 with its amendment; the moved milestone keeps its old date and the reason."""
    before = json.dumps(EX)
    contract = apply_change(EX, approved(ADD_AND_MOVE), on=D(2026, 12, 1))
    assert before == json.dumps(EX)
    assert (3, 2) == (contract.version, len(contract.amendments))
    amendment = contract.amendments[-1]
    assert (3, D(2026, 12, 1), "CR-02", ADD_AND_MOVE.rationale) == (
        amendment.version,
        amendment.date,
        amendment.change_request_id,
        amendment.rationale,
    )
    assert ChangeStatus.APPLIED == contract.change_request("CR-02").status
    assert "tomasz" == contract.owner_of("D-10").id  # type: ignore[union-attr]
    moved = contract.milestone("M-04")
    assert (D(2027, 5, 28), D(2027, 5, 14), "Store finder added") == (
        moved.due,
        moved.due_history[-1].previous_due,
        moved.due_history[-1].reason,
    )
    assert [
        "added $.deliverables['D-10']: D-10 'Store finder'",
        "changed $.milestones['M-04'].due: 2027-05-14 -> 2027-05-28",
        "changed $.milestones['M-04'].deliverable_ids: [D-06, D-07] -> [D-06, D-07, D-10]",
        (
            "changed $.milestones['M-04'].due_history: [] -> [DueDateChange(previous_due="
            "2027-05-14, changed_on=2026-12-01, reason=Store finder added)]"
        ),
        "added $.responsibilities['D-10/accountable/tomasz']: tomasz accountable for D-10",
        "added $.responsibilities['D-10/responsible/kodehuset']: kodehuset responsible for D-10",
    ] == [str(d) for d in amendment.summary]
    assert validate(contract).ok
    assert [] == [str(v) for v in validate(contract).warnings]


def test_only_an_approved_change_applies_and_only_once() -> None:
    """Proposed changes raise; applying the same change again raises."""
    with pytest.raises(
        TransitionError, match="cannot apply change request 'CR-02' while it is proposed"
    ):
        apply_change(EX, ADD_AND_MOVE, on=DAY)
    again = EX.change_requests[0]
    again = attrs.evolve(again, status=ChangeStatus.APPROVED, history=again.history[:-1])
    with pytest.raises(TransitionError, match="applied it already"):
        apply_change(
            EX,
            again,
            on=DAY,
        )


def test_a_refused_change_lists_every_violation_and_changes_nothing() -> None:
    """Dropping D-04's owner and cutting the value below the payments: two errors, one raise."""
    change = request(
        Reassign(subject_id="D-04", role=Raci.ACCOUNTABLE, from_id="tomasz"),
        ChangeValue(value=Money(1_000_000, "NOK")),
        schedule_impact_days=0,
        cost_impact=Money(-5_000_000, "NOK"),
    )
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(EX, approved(change, ApprovalLevel.EXECUTIVE), on=DAY)
    assert [
        ("OWNER_REQUIRED", "$.deliverables[3]"),
        ("PAYMENTS_WITHIN_VALUE", "$.recurring_charges[0]"),
    ] == [(v.code, v.path) for v in caught.value.violations]
    assert str(caught.value).startswith("change request 'CR-02' was not applied: 2 violations\n")


def test_operations_that_do_not_fit_are_named_with_their_place() -> None:
    """Unknown ids, cancelling a met milestone, an undeclared slip: CHANGE_APPLIES, each located."""
    change = request(
        RemoveDeliverable(deliverable_id="D-99"),
        CancelMilestone(milestone_id="M-01"),
        ExtendTerm(end=D(2027, 10, 27)),
        schedule_impact_days=5,
        cost_impact=Money(200_000, "NOK"),  # two more months of the run fee
    )
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(EX, approved(change), on=DAY)
    assert [
        "$.change_requests[1].operations[0].deliverable_id",
        "$.change_requests[1].operations[1].milestone_id",
        "$.change_requests[1].schedule_impact_days",
    ] == [v.path for v in caught.value.violations]
    assert {"CHANGE_APPLIES"} == caught.value.codes
    assert "declare at least 61 days" in str(caught.value)


def test_a_change_beyond_the_policy_needs_an_executive() -> None:
    """+30 % of the value is beyond the steering committee's ±25 %: only an executive may approve."""
    bigger = request(
        ChangeValue(value=Money(7_800_000, "NOK")),
        cost_impact=Money(1_800_000, "NOK"),
        schedule_impact_days=0,
    )
    assert ApprovalLevel.EXECUTIVE == approval_needed(EX, bigger)
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(EX, approved(bigger, ApprovalLevel.STEERING_COMMITTEE), on=DAY)
    assert {"CHANGE_WITHIN_POLICY"} == caught.value.codes
    assert "needs approval at 'executive' level" in str(caught.value)
    contract = apply_change(EX, approved(bigger, ApprovalLevel.EXECUTIVE), on=DAY)
    assert (Decimal(30), 14) == cumulative_impact(contract)


def test_removing_a_deliverable_removes_its_responsibilities_and_its_place_at_milestones() -> None:
    """Nothing dangles after a removal."""
    contract = apply_change(
        EX,
        approved(request(RemoveDeliverable(deliverable_id="D-07"), schedule_impact_days=0)),
        on=DAY,
    )
    assert ("D-06",) == contract.milestone("M-04").deliverable_ids
    assert [] == [r for r in contract.responsibilities if r.subject_id == "D-07"]
    assert validate(contract).ok


def test_every_operation_kind_applies_to_the_example() -> None:
    """One change with every kind of operation yields a valid version 3, diffed item by item."""
    change = request(
        *ADD_AND_MOVE.operations,
        ModifyDeliverable(deliverable_id="D-06", title="Checkout with Klarna"),
        Reassign(subject_id="D-05", role=Raci.RESPONSIBLE, from_id="lumen", to_id="kodehuset"),
        RemoveDeliverable(deliverable_id="D-07"),
        ChangePayment(milestone_id="M-06", payment=Money(500_000, "NOK")),
        ExtendTerm(end=D(2027, 9, 30)),
        ExtendPhase(phase_id="PH-3", end=D(2027, 9, 10)),
        AddPhase(
            phase=attrs.evolve(
                EX.phases[2], id="PH-4", name="Extra", start=D(2027, 9, 13), end=D(2027, 9, 30)
            )
        ),
        AddMilestone(
            milestone=attrs.evolve(
                EX.milestones[5],
                id="M-07",
                due=D(2027, 9, 24),
                phase_id="PH-4",
                payment=None,
                deliverable_ids=("D-10",),
            )
        ),
        CancelMilestone(milestone_id="M-05"),
        ChangeValue(value=Money(5_500_000, "NOK")),
        cost_impact=Money(-500_000, "NOK"),
        schedule_impact_days=34,
    )
    contract = apply_change(EX, approved(change, ApprovalLevel.STEERING_COMMITTEE), on=DAY)
    touched = {(d.section, d.key) for d in contract.amendments[-1].summary}
    assert {
        ("deliverables", "D-10"),
        ("deliverables", "D-06"),
        ("deliverables", "D-07"),
        ("responsibilities", "D-10/accountable/tomasz"),
        ("responsibilities", "D-10/responsible/kodehuset"),
        ("responsibilities", "D-05/responsible/lumen"),
        ("responsibilities", "D-05/responsible/kodehuset"),
        ("responsibilities", "D-07/accountable/tomasz"),
        ("responsibilities", "D-07/responsible/kodehuset"),
        ("milestones", "M-04"),
        ("milestones", "M-05"),
        ("milestones", "M-06"),
        ("milestones", "M-07"),
        ("phases", "PH-3"),
        ("phases", "PH-4"),
        ("term", None),
        ("value", None),
    } == touched
    assert json.loads(json.dumps(contract)) == contract


def test_diff_reads_well_and_names_bookkeeping_too() -> None:
    """Diff lists removed, added and changed parts, including the version and the amendment."""
    contract = apply_change(EX, approved(ADD_AND_MOVE), on=DAY)
    found = diff(EX, contract)
    assert {
        "deliverables",
        "responsibilities",
        "milestones",
        "change_requests",
        "amendments",
        "version",
    } == {d.section for d in found}
    assert "changed $.version: 2 -> 3" in [str(d) for d in found]
    assert DifferenceKind.ADDED == next(d for d in found if d.section == "amendments").kind
    assert () == diff(contract, contract)


# -- JSON ---------------------------------------------------------------------------------------


def test_change_requests_policies_and_amendments_round_trip_through_json() -> None:
    """Every operation kind keeps its kind through dumps/loads; the example's history too."""
    change = request(
        *ADD_AND_MOVE.operations,
        ModifyDeliverable(deliverable_id="D-06", acceptance_criteria=("Klarna",)),
        Reassign(subject_id="D-05", role=Raci.RESPONSIBLE, to_id="kodehuset"),
        RemoveDeliverable(deliverable_id="D-07"),
        ChangePayment(milestone_id="M-06", payment=None),
        ExtendTerm(end=D(2027, 9, 30)),
        ExtendPhase(phase_id="PH-3", end=D(2027, 9, 10)),
        AddPhase(phase=EX.phases[0]),
        AddMilestone(milestone=EX.milestones[0]),
        CancelMilestone(milestone_id="M-05"),
        ChangeValue(value=Money(5_000_000, "NOK")),
    )
    assert change == json.loads(json.dumps(change), ChangeRequest)
    assert EX == json.loads(json.dumps(EX))
    assert "add_deliverable" == json.to_dict(change)["operations"][0]["op"]


def test_an_unknown_operation_kind_is_one_clear_problem() -> None:
    """The tag decides the class; a wrong or missing tag is reported at the operation."""
    data = json.to_dict(request(ExtendTerm(end=D(2027, 9, 30))))
    data["operations"][0]["op"] = "extend_everything"
    with pytest.raises(LoadError) as caught:
        json.from_dict(data, ChangeRequest)
    [problem] = caught.value.problems
    assert "$.operations[0]" == problem.path
    assert problem.message.startswith('expected "op" to be one of "add_deliverable", ')
    del data["operations"][0]["op"]
    with pytest.raises(LoadError, match=r'\$\.operations\[0\]: expected an object whose "op"'):
        json.from_dict(data, ChangeRequest)


def test_the_schema_tells_the_operations_apart_by_their_tag() -> None:
    """Operations are a oneOf of fourteen objects, each with its own constant op, required."""
    schema = json.schema()
    items = schema["$defs"]["ChangeRequest"]["properties"]["operations"]["items"]
    assert 14 == len(items["oneOf"])
    assert ["op"] == items["required"]  # the loader needs it, though each class has it by default
    assert {"const": "extend_term", "default": "extend_term", "description": '"extend_term".'} == (
        schema["$defs"]["ExtendTerm"]["properties"]["op"]
    )


@attrs.frozen
class _Cat:
    kind: str = "cat"
    lives: int = 9


@attrs.frozen
class _Dog:
    kind: str = "dog"


def test_the_tagged_union_hook_is_generic() -> None:
    """Any union of attrs classes with a one-value Literal field of one name is told apart by it."""
    from typing import Literal  # noqa: PLC0415 - kept next to the classes it types

    @attrs.frozen
    class Cat:
        kind: Literal["cat"] = "cat"
        lives: int = 9

    @attrs.frozen
    class Dog:
        kind: Literal["dog"] = "dog"

    pets: Any = Cat | Dog
    assert ("kind", {"cat": Cat, "dog": Dog}) == tagged_union(pets)
    assert [Dog(), Cat(lives=3)] == [
        FAST.structure({"kind": "dog"}, pets),
        FAST.structure({"kind": "cat", "lives": 3}, pets),
    ]
    assert tagged_union(_Cat | _Dog) is None  # a plain str field is no tag
    assert tagged_union(Cat | None) is None


# -- properties ---------------------------------------------------------------------------------

BOOKKEEPING = {"change_requests", "amendments", "version"}


def touched_by(  # noqa: C901, PLR0912 - one branch per kind of operation
    contract: Contract, operations: tuple[Operation, ...]
) -> set[tuple[str, str | None]]:
    """What each operation must change, worked out independently of diff."""
    found: set[tuple[str, str | None]] = set()
    for op in operations:
        if isinstance(op, AddDeliverable):
            new = op.deliverable.id
            found |= {
                ("deliverables", new),
                ("responsibilities", f"{new}/accountable/{op.owner_id}"),
            }
            found |= {("responsibilities", f"{new}/responsible/{r}") for r in op.responsible_ids}
            if op.milestone_id is not None:
                found.add(("milestones", op.milestone_id))
        elif isinstance(op, RemoveDeliverable):
            gone = op.deliverable_id
            found.add(("deliverables", gone))
            found |= {
                ("responsibilities", f"{gone}/{r.role.value}/{r.assignee_id}")
                for r in contract.responsibilities
                if r.subject_id == gone
            }
            found |= {
                ("milestones", m.id) for m in contract.milestones if gone in m.deliverable_ids
            }
        elif isinstance(op, ModifyDeliverable):
            found.add(("deliverables", op.deliverable_id))
        elif isinstance(op, Reassign):
            found |= {
                ("responsibilities", f"{op.subject_id}/{op.role.value}/{who}")
                for who in (op.from_id, op.to_id)
                if who is not None
            }
        elif isinstance(op, AddMilestone):
            found.add(("milestones", op.milestone.id))
        elif isinstance(op, MoveMilestone | CancelMilestone | ChangePayment):
            found.add(("milestones", op.milestone_id))
        elif isinstance(op, AddPhase):
            found.add(("phases", op.phase.id))
        elif isinstance(op, ExtendPhase):
            found.add(("phases", op.phase_id))
        elif isinstance(op, ExtendTerm):
            found.add(("term", None))
        elif isinstance(op, AddCharge):
            found.add(("recurring_charges", op.charge.id))
        elif isinstance(op, EndCharge):
            found.add(("recurring_charges", op.charge_id))
        else:
            found.add(("value", None))
        contract, _, _ = apply_operations(contract, (op,), on=DAY)
    return found


# As signed: no change requests yet, so that any change policy may be put in.
SMALL = contracts(
    max_deliverables=5, max_milestones=3, max_phases=3, max_kpis=1, max_change_requests=0
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), SMALL, change_policies())
def test_an_approved_change_in_policy_yields_the_next_valid_version(
    data: st.DataObject, signed: Contract, policy: ChangePolicy
) -> None:
    """An approved in-policy change yields a valid next version that diff describes exactly.

    Version + 1, one amendment more, the original unchanged, and diff (and the amendment's
    summary) naming exactly what the operations touched.
    """
    contract = attrs.evolve(signed, change_policy=policy)
    before = json.dumps(contract)
    change = data.draw(change_requests(contract))
    level = data.draw(
        st.sampled_from([lv for lv in ApprovalLevel if lv >= approval_needed(contract, change)])
    )
    on = change.requested_on + dt.timedelta(days=data.draw(st.integers(0, 30)))
    result = apply_change(
        contract, approve_change(change, by=contract.client.id, level=level, on=on), on=on
    )
    assert validate(result).ok
    assert (contract.version + 1, len(contract.amendments) + 1) == (
        result.version,
        len(result.amendments),
    )
    assert before == json.dumps(contract)
    expected = touched_by(contract, change.operations)
    named = {(d.section, d.key) for d in diff(contract, result) if d.section not in BOOKKEEPING}
    assert expected == named
    assert expected == {(d.section, d.key) for d in result.amendments[-1].summary}


@settings(max_examples=40, deadline=None)
@given(st.data(), contracts(min_deliverables=1, max_deliverables=4, max_change_requests=0))
def test_a_change_that_orphans_a_deliverable_is_refused_naming_owner_required(
    data: st.DataObject, contract: Contract
) -> None:
    """Dropping a deliverable's only owner is refused, with OWNER_REQUIRED, and nothing applied."""
    deliverable = data.draw(st.sampled_from(contract.deliverables))
    owner = contract.owner_of(deliverable.id)
    assert owner is not None
    change = ChangeRequest(
        id="CR-1",
        title="Nobody owns it",
        rationale="A mistake",
        requested_by=owner.id,
        requested_on=contract.term.start,
        operations=(Reassign(subject_id=deliverable.id, role=Raci.ACCOUNTABLE, from_id=owner.id),),
    )
    ok = approve_change(change, by=owner.id, level=ApprovalLevel.EXECUTIVE, on=contract.term.start)
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(contract, ok, on=contract.term.start)
    assert "OWNER_REQUIRED" in caught.value.codes


@pytest.mark.parametrize(
    "code", ["CHANGE_APPROVED", "CHANGE_WITHIN_POLICY", "AMENDMENTS_CONTIGUOUS"]
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_each_recipe_breaks_exactly_its_rule_in_the_change_record(
    code: str, data: st.DataObject
) -> None:
    """violating() breaks a change rule in the change register, the amendments or the version."""
    broken = data.draw(violating(code, max_deliverables=5, max_milestones=3, max_kpis=1))
    errors = validate(broken).errors
    assert errors
    assert {code} == {v.code for v in errors}
    assert all(
        v.path.startswith(("$.change_requests[", "$.amendments[", "$.version")) for v in errors
    )


class Engagement(RuleBasedStateMachine):
    """Proposals, decisions and applications in any order keep the contract whole."""

    contract: Contract
    seen: tuple[Any, ...]
    proposed_at: dict[str, int]

    @initialize(signed=SMALL, policy=change_policies())
    def sign(self, signed: Contract, policy: ChangePolicy) -> None:
        """Start from a valid contract as signed, with a change policy."""
        self.contract = attrs.evolve(signed, change_policy=policy)
        self.seen = ()
        self.proposed_at = {}

    def _with(self, status: ChangeStatus) -> list[ChangeRequest]:
        return [c for c in self.contract.change_requests if c.status is status]

    def _decide(self, data: st.DataObject) -> tuple[ChangeRequest, dt.date]:
        change = data.draw(st.sampled_from(self._with(ChangeStatus.PROPOSED)))
        return change, change.requested_on + dt.timedelta(days=data.draw(st.integers(0, 20)))

    @rule(data=st.data())
    def propose(self, data: st.DataObject) -> None:
        """Propose a change that fits the contract as it is now."""
        change = data.draw(change_requests(self.contract, max_operations=2))
        self.contract = propose_change(self.contract, change)
        self.proposed_at[change.id] = self.contract.version

    @precondition(lambda self: self._with(ChangeStatus.PROPOSED))
    @rule(data=st.data(), level=st.none() | st.sampled_from(ApprovalLevel))
    def approve(self, data: st.DataObject, level: ApprovalLevel | None) -> None:
        """Approve a proposed change at the level it needs (None) or any level, in policy or not."""
        change, on = self._decide(data)
        if level is None:
            level = approval_needed(self.contract, change)
        by = self.contract.client.id
        self.contract = replace_in(self.contract, approve_change(change, by=by, level=level, on=on))

    @precondition(lambda self: self._with(ChangeStatus.PROPOSED))
    @rule(data=st.data())
    def reject(self, data: st.DataObject) -> None:
        """Reject a proposed change."""
        change, on = self._decide(data)
        self.contract = replace_in(
            self.contract, reject_change(change, by=self.contract.client.id, on=on, reason="no")
        )

    @precondition(lambda self: self._with(ChangeStatus.PROPOSED))
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        """Withdraw a proposed change."""
        change, on = self._decide(data)
        gone = withdraw_change(change, by=self.contract.client.id, on=on, reason="moot")
        self.contract = replace_in(self.contract, gone)

    @precondition(lambda self: self._with(ChangeStatus.APPROVED))
    @rule(data=st.data())
    def apply(self, data: st.DataObject) -> None:
        """Apply an approved change: in policy and still fitting, it must apply."""
        change = data.draw(st.sampled_from(self._with(ChangeStatus.APPROVED)))
        approval = change.approval
        assert approval is not None
        assert approval.level is not None
        last = self.contract.amendments[-1].date if self.contract.amendments else approval.on
        on = max(approval.on, last)
        in_policy = approval.level >= approval_needed(self.contract, change)
        unchanged_since = self.proposed_at[change.id] == self.contract.version
        before = self.contract
        try:
            self.contract = apply_change(before, change, on=on)
        except ChangeRefusedError as refused:
            self.refused(refused, in_policy=in_policy, unchanged_since=unchanged_since)
            return
        assert in_policy
        assert before.version + 1 == self.contract.version

    @staticmethod
    def refused(error: ChangeRefusedError, *, in_policy: bool, unchanged_since: bool) -> None:
        """A refusal is allowed only if the policy or an earlier change stands in the way."""
        assert not (in_policy and unchanged_since), str(error)
        assert not unchanged_since or {"CHANGE_WITHIN_POLICY"} == error.codes

    @invariant()
    def whole(self) -> None:
        """After every step: valid, versions contiguous, no amendment lost or reordered."""
        contract = self.contract
        assert validate(contract).ok, validate(contract)
        assert 1 + len(contract.amendments) == contract.version
        assert list(range(2, contract.version + 1)) == [a.version for a in contract.amendments]
        assert self.seen == contract.amendments[: len(self.seen)]
        applied = [c.id for c in contract.change_requests if c.status is ChangeStatus.APPLIED]
        requested = [a.change_request_id for a in contract.amendments if not a.observed]
        assert sorted(applied) == sorted(str(r) for r in requested)  # observed ones name none
        self.seen = contract.amendments


Engagement.TestCase.settings = settings(
    max_examples=60, stateful_step_count=20, deadline=None, suppress_health_check=list(HealthCheck)
)
test_engagement = pytest.mark.slow(Engagement.TestCase)  # a long state machine
