import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    Contract,
    CriterionResult,
    Measurement,
    MilestoneStatus,
    Money,
)
from outsourcing._example import after_pilot_gate
from outsourcing._operations.lifecycle import accept, start_work, submit
from outsourcing.exceptions import TransitionError
from outsourcing.lifecycle import payable, record_milestone, record_payment, replace_in
from outsourcing.payments import PaymentState, payment_schedule
from outsourcing.strategies import contracts

D = dt.date
EX = after_pilot_gate()  # the build phase is played out here, step by step


def delivered(contract: Contract, milestone_id: str, on: dt.date) -> Contract:
    """Deliver and accept every deliverable of a milestone, then record it met, all on ``on``."""
    changed = []
    for d in contract.deliverables_of(milestone_id):
        work = submit(start_work(d, on=on), on=on)
        results = tuple(CriterionResult(criterion=c, passed=True) for c in d.acceptance_criteria)
        changed.append(accept(work, on=on, results=results))
    met = record_milestone(contract.milestone(milestone_id), MilestoneStatus.MET, on=on)
    return replace_in(contract, *changed, met)


def test_the_example_schedule_as_of_today() -> None:
    """On 2026-11-22 the pilot payment is paid and the rest is scheduled."""
    schedule = payment_schedule(EX, D(2026, 11, 22))
    assert [("M-01", PaymentState.PAID), ("M-03", PaymentState.SCHEDULED)] == [
        (line.milestone_id, line.state) for line in schedule.lines[:2]
    ]
    assert (Money(4_800_000, "NOK"), Money(600_000, "NOK"), Money(0, "NOK")) == (
        schedule.total,
        schedule.paid,
        schedule.payable,
    )
    before = payment_schedule(EX, D(2026, 11, 12))
    assert PaymentState.PAYABLE == before.lines[0].state
    assert before.lines[0].paid_on is None


def test_payable_needs_the_milestone_met_and_every_deliverable_accepted() -> None:
    """Met with open deliverables is not payable; accepted work plus met milestone is."""
    met_only = replace_in(
        EX, record_milestone(EX.milestone("M-03"), MilestoneStatus.MET, on=D(2027, 2, 26))
    )
    assert not payable(met_only, met_only.milestone("M-03"), D(2027, 3, 1))
    done = delivered(EX, "M-03", D(2027, 2, 26))
    assert not payable(done, done.milestone("M-03"), D(2027, 2, 25))
    assert payable(done, done.milestone("M-03"), D(2027, 2, 26))
    assert not payable(done, done.milestone("M-02"), D(2027, 2, 26))  # no payment


def test_partially_met_pays_nothing() -> None:
    """A partially met milestone's payment stays scheduled (agree a change to pay a part)."""
    done = delivered(EX, "M-03", D(2027, 2, 26))
    partial = attrs.evolve(done.milestone("M-03"), status=MilestoneStatus.PARTIALLY_MET)
    contract = replace_in(done, partial)
    assert PaymentState.SCHEDULED == payment_schedule(contract, D(2027, 3, 1)).lines[1].state


def test_recording_a_payment() -> None:
    """A payable payment is recorded paid; paying twice or too early is a TransitionError."""
    done = delivered(EX, "M-03", D(2027, 2, 26))
    paid = record_payment(done, "M-03", on=D(2027, 3, 10))
    assert D(2027, 3, 10) == paid.milestone("M-03").paid_on
    schedule = payment_schedule(paid, D(2027, 3, 10))
    assert Money(1_800_000, "NOK") == schedule.paid
    with pytest.raises(TransitionError, match="while it is paid on 2027-03-10"):
        record_payment(paid, "M-03", on=D(2027, 3, 11))
    with pytest.raises(
        TransitionError, match="cannot pay the payment of milestone 'M-04' while it is not payable"
    ):
        record_payment(done, "M-04", on=D(2027, 3, 11))
    with pytest.raises(TransitionError, match="without a payment"):
        record_payment(done, "M-02", on=D(2027, 3, 11))


def test_cancelled_payments_are_in_no_total() -> None:
    """A cancelled milestone's payment is listed as cancelled and left out of every total."""
    cancelled = replace_in(
        EX, record_milestone(EX.milestone("M-06"), MilestoneStatus.CANCELLED, on=D(2027, 1, 5))
    )
    schedule = payment_schedule(cancelled, D(2027, 1, 5))
    assert Money(4_200_000, "NOK") == schedule.total
    assert PaymentState.CANCELLED == schedule.lines[-1].state
    assert Money(4_800_000, "NOK") == payment_schedule(cancelled, D(2027, 1, 4)).total


def test_service_credits_are_netted_against_what_is_payable() -> None:
    """Credits lower the net payable; what payable cannot absorb is carried forward."""
    k = EX.kpi("K-availability")
    breached = attrs.evolve(
        k, measurements=(*k.measurements, Measurement(on=D(2026, 11, 30), value=Decimal("98.9")))
    )
    with_credit = replace_in(EX, breached)
    none_payable = payment_schedule(with_credit, D(2026, 12, 1))
    assert (Money(10_000, "NOK"), Money(0, "NOK"), Money(10_000, "NOK")) == (
        none_payable.credits,
        none_payable.net_payable,
        none_payable.credits_carried,
    )
    done = delivered(with_credit, "M-03", D(2027, 2, 26))
    schedule = payment_schedule(done, D(2027, 2, 26))
    assert Money(1_190_000, "NOK") == schedule.net_payable
    assert Money(0, "NOK") == schedule.credits_carried


@given(contracts(), st.data())
def test_payment_totals_always_add_up(contract: Contract, data: st.DataObject) -> None:
    """Paid + payable + remaining == total, exactly in Decimal; open credits split without loss."""
    as_of = data.draw(st.dates(contract.term.start, contract.term.last_day), label="as_of")
    s = payment_schedule(contract, as_of)
    assert s.total.amount == s.paid.amount + s.payable.amount + s.remaining.amount
    assert s.remaining.amount >= 0
    open_credits = s.credits.amount - s.credits_settled.amount
    assert s.payable.amount == s.net_payable.amount + (open_credits - s.credits_carried.amount)
    assert s.net_payable.amount >= 0
    assert s.credits_carried.amount >= 0
    states = {line.state for line in s.lines}
    assert (PaymentState.PAYABLE in states) == (s.payable.amount > 0)
