"""Money a payment pipeline can trust: minor units, recurring fees, credits, transactions, authority.

The first tests reproduce what a user found on the bundled example (each failed before this
module existed); the properties after them look for the siblings of those bugs.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from outsourcing import (
    KPI,
    AddCharge,
    ApprovalLevel,
    ChangeRequest,
    ChangeValue,
    ChargePeriod,
    Contract,
    CreditScheme,
    CreditTier,
    Direction,
    EndCharge,
    Measurement,
    Milestone,
    MilestoneStatus,
    Money,
    Operation,
    Partner,
    PartnerRole,
    Proration,
    RecurringCharge,
    Rounding,
    Term,
    Transaction,
    TransactionKind,
    Window,
    example_contract,
    validate,
)
from outsourcing import strategies as ost
from outsourcing._models.codes import CURRENCIES, exponent
from outsourcing.changes import apply_change, approve_change, propose_change, reject_change
from outsourcing.exceptions import ChangeRefusedError, InvalidValueError, TransitionError
from outsourcing.kpi_results import period_credits, service_credits
from outsourcing.payments import (
    PaymentState,
    invoice_schedule,
    payment_schedule,
    record_transaction,
)

D = dt.date
USD = "USD"


def usd(amount: str | int) -> Money:
    return Money(amount, USD)


def _kpi(id_: str, percent: str, values: list[tuple[dt.date, str]], **scheme: object) -> KPI:
    """A monthly higher-is-better KPI (target 90) whose breach earns ``percent`` of the fee."""
    return KPI(
        id=id_,
        name=id_,
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        target=Decimal(90),
        window=Window.calendar_month(),
        measurements=tuple(Measurement(on=day, value=Decimal(v)) for day, v in values),
        credits=CreditScheme(
            fee=scheme.pop("fee", usd("100000.00")),  # type: ignore[arg-type]
            tiers=(CreditTier(worse_than=Decimal(90), percent=Decimal(percent)),),
            **scheme,  # type: ignore[arg-type]
        ),
    )


def bpo(**changes: object) -> Contract:
    """A small BPO contract over 2027: a US client and a supplier, nothing else unless given."""
    fields: dict[str, object] = {
        "id": "BPO-1",
        "title": "Customer service",
        "parties": (
            Partner(id="acme", name="Acme", role=PartnerRole.CLIENT, country="US"),
            Partner(id="mcs", name="Manila CS", role=PartnerRole.SUPPLIER, country="PH"),
            Partner(id="maple", name="Maple", role=PartnerRole.SUBCONTRACTOR, country="CA"),
        ),
        "term": Term(start=D(2027, 1, 1), end=D(2027, 12, 31)),
        "value": usd("2000000.00"),
    }
    return Contract(**(fields | changes))  # type: ignore[arg-type]


# -- what the user found --------------------------------------------------------------------------


def test_finding_a_monthly_fee_is_invoiced_month_by_month_and_counts_against_the_value() -> None:
    """No recurring fees: a contract carries a monthly fee, invoiced per month, within the value."""
    fee = RecurringCharge(id="F", title="Service", amount=usd("100000.00"), start=D(2027, 1, 1))
    contract = bpo(recurring_charges=(fee,))
    schedule = invoice_schedule(contract, D(2027, 3, 1))
    assert [D(2027, m, 1) for m in range(1, 13)] == [p.start for p in schedule.periods]
    assert usd("1200000.00") == schedule.total
    assert usd("200000.00") == schedule.payable  # January and February have ended
    over = attrs.evolve(contract, value=usd("1000000.00"))
    assert ["PAYMENTS_WITHIN_VALUE"] == [v.code for v in validate(over).errors]


def test_finding_a_credit_is_computed_on_the_fee_of_its_month() -> None:
    """A credit scheme tied to the fee is computed on that month's (prorated) fee, not a constant."""
    fee = RecurringCharge(id="F", title="Service", amount=usd("31000.00"), start=D(2027, 1, 4))
    kpi = _kpi("K", "10", [(D(2027, 1, 20), "80")], charge_id="F")
    contract = bpo(
        recurring_charges=(fee,), kpis=(kpi,), term=Term(start=D(2027, 1, 4), end=D(2027, 12, 31))
    )
    assert usd("2800.00") == service_credits(contract, D(2027, 2, 1))  # 10 % of 28/31 of 31,000


def test_finding_sub_cent_amounts_are_rounded_once_and_reported() -> None:
    """Sub-cent amounts: a 3.5 % credit on 33,333.33 USD is 1,166.67 and net payable is payable;
    Money("1.005", "USD") and Money("100.5", "JPY") as payments are reported by MINOR_UNITS.
    """  # noqa: D205 - one sentence
    kpi = _kpi("K", "3.5", [(D(2027, 1, 20), "80")], fee=usd("33333.33"))
    paying = Milestone(
        id="M-1",
        title="Launch",
        due=D(2027, 2, 1),
        payment=usd("66833.34"),
        status=MilestoneStatus.MET,
        date_met=D(2027, 2, 1),
        status_on=D(2027, 2, 1),
    )
    contract = bpo(kpis=(kpi,), milestones=(paying,))
    schedule = payment_schedule(contract, D(2027, 2, 2))
    assert usd("1166.67") == schedule.credits
    assert "65,666.67 USD" == str(schedule.net_payable)
    assert schedule.net_payable.in_minor_units
    for bad in (usd("1.005"), Money("100.5", "JPY")):
        odd = bpo(value=bad, milestones=(attrs.evolve(paying, payment=bad),))
        codes = [(v.code, v.path) for v in validate(odd).errors]
        assert [
            ("MINOR_UNITS", "$.value.amount"),
            ("MINOR_UNITS", "$.milestones[0].payment.amount"),
        ] == [c for c in codes if c[0] == "MINOR_UNITS"]


def _met(id_: str, day: dt.date, amount: str, paid_on: dt.date | None = None) -> Milestone:
    return Milestone(
        id=id_,
        title=id_,
        due=day,
        payment=usd(amount),
        status=MilestoneStatus.MET,
        date_met=day,
        status_on=day,
        paid_on=paid_on,
    )


def test_finding_a_credit_deducted_from_a_payment_is_not_deducted_again() -> None:
    """Credits deducted twice: after a payment made net of 24,000 USD of credits, the next payable
    milestone's net payable is its whole amount.
    """  # noqa: D205 - one sentence
    kpi = _kpi("K", "24", [(D(2027, 1, 20), "80")])  # January: 24 % of 100,000
    first = _met("M-1", D(2027, 2, 1), "300000.00", paid_on=D(2027, 2, 15))
    second = _met("M-2", D(2027, 3, 1), "300000.00")
    contract = bpo(kpis=(kpi,), milestones=(first, second))
    schedule = payment_schedule(contract, D(2027, 3, 2))
    assert usd("24000.00") == schedule.credits
    assert usd("24000.00") == schedule.credits_settled
    assert usd("300000.00") == schedule.net_payable
    # Recorded as transactions, the credit note settles it the same way.
    with_notes = attrs.evolve(
        contract,
        milestones=(attrs.evolve(first, paid_on=None), second),
        transactions=(
            Transaction(
                id="T-1",
                on=D(2027, 2, 15),
                amount=usd("276000.00"),
                payer_id="acme",
                payee_id="mcs",
                milestone_id="M-1",
            ),
            Transaction(
                id="CN-1",
                on=D(2027, 2, 15),
                amount=usd("24000.00"),
                payer_id="mcs",
                payee_id="acme",
                kind=TransactionKind.CREDIT_NOTE,
                milestone_id="M-1",
            ),
        ),
    )
    assert usd("300000.00") == payment_schedule(with_notes, D(2027, 3, 2)).net_payable


def test_finding_credits_are_capped_across_kpis_and_prorated_in_partial_months() -> None:
    """No cap across KPIs: three KPIs earning 14 % of the fee are cut to the 12 % at risk, and a
    term that starts on 4 January earns 28/31 of a month's credit for January.
    """  # noqa: D205 - one sentence
    fee = RecurringCharge(id="F", title="Service", amount=usd("100000.00"), start=D(2027, 2, 1))
    breached = [(D(2027, 2, 20), "80")]
    kpis = (
        _kpi("K-1", "5", breached, charge_id="F"),
        _kpi("K-2", "4", breached, charge_id="F"),
        _kpi("K-3", "5", breached, charge_id="F"),
    )
    contract = bpo(recurring_charges=(fee,), kpis=kpis, credit_cap_percent=Decimal(12))
    (february,) = period_credits(contract, D(2027, 3, 1))
    assert (usd("14000.00"), usd("12000.00"), usd("12000.00"), usd("2000.00")) == (
        february.earned,
        february.cap,
        february.credit,
        february.cut,
    )
    late = bpo(
        kpis=(_kpi("K", "10", [(D(2027, 1, 20), "80")]),),
        term=Term(start=D(2027, 1, 4), end=D(2027, 12, 31)),
    )
    assert usd("9032.26") == service_credits(late, D(2027, 2, 1))  # 10 % of 28/31 of 100,000


def _doubling(cost: Money | None) -> ChangeRequest:
    ex = example_contract()
    return ChangeRequest(
        id="CR-09",
        title="Double the scope",
        rationale="More of everything.",
        requested_by="tomasz",
        requested_on=D(2026, 11, 25),
        operations=(ChangeValue(value=ex.value * 2),),
        cost_impact=cost,
    )


def test_finding_an_understated_change_cost_is_refused() -> None:
    """Under-stated change costs: doubling the value while declaring 1 NOK is refused."""
    change = approve_change(
        _doubling(Money(1, "NOK")), by="ingrid", level=ApprovalLevel.EXECUTIVE, on=D(2026, 11, 30)
    )
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(example_contract(), change, on=D(2026, 12, 1))
    at = len(example_contract().change_requests)
    assert [("CHANGE_APPLIES", f"$.change_requests[{at}].cost_impact")] == [
        (v.code, v.path) for v in caught.value.violations
    ]


def test_finding_a_stored_understated_cost_is_reported() -> None:
    """A contract whose amendment changed the value by more than its change declared is reported."""
    ex = example_contract()
    raised = attrs.evolve(ex, value=ex.value + Money(1_000_000, "NOK"))
    assert ["CHANGE_COST_DECLARED"] == [v.code for v in validate(raised).errors]


def test_finding_the_supplier_cannot_approve_its_own_value_increase() -> None:
    """Anyone may approve anything: the supplier's delivery manager approving a +100 % value
    increase at executive level is refused, and reported by CHANGE_AUTHORIZED.
    """  # noqa: D205 - one sentence
    change = approve_change(
        _doubling(Money(6_000_000, "NOK")),
        by="tomasz",
        level=ApprovalLevel.EXECUTIVE,
        on=D(2026, 11, 30),
    )
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(example_contract(), change, on=D(2026, 12, 1))
    assert ["CHANGE_AUTHORIZED"] == [v.code for v in caught.value.violations]
    # Without named approvers, a value increase still needs the client.
    ex = example_contract()
    assert ex.change_policy is not None
    anyone = attrs.evolve(ex, change_policy=attrs.evolve(ex.change_policy, approvers=()))
    stored = attrs.evolve(anyone, change_requests=(*anyone.change_requests, change))
    assert ["CHANGE_AUTHORIZED"] == [v.code for v in validate(stored).errors]


def test_finding_a_rejected_change_cannot_be_applied_from_an_old_copy() -> None:
    """A rejected change cannot be applied from an earlier approved copy."""
    change = _doubling(Money(6_000_000, "NOK"))
    contract = propose_change(example_contract(), change)
    copy = approve_change(change, by="ingrid", level=ApprovalLevel.EXECUTIVE, on=D(2026, 11, 30))
    rejected = reject_change(change, by="ingrid", on=D(2026, 11, 30), reason="Too dear")
    contract = attrs.evolve(contract, change_requests=(*contract.change_requests[:-1], rejected))
    with pytest.raises(TransitionError, match="records it as rejected"):
        apply_change(contract, copy, on=D(2026, 12, 1))


def test_finding_a_subcontractor_is_a_provider() -> None:
    """A subcontractor is a provider (the queries count it); the prime supplier is named apart."""
    contract = bpo()
    assert ["mcs", "maple"] == [p.id for p in contract.providers]
    assert ["mcs"] == [p.id for p in contract.prime_providers]


# -- minor units and allocation ------------------------------------------------------------------

_CURRENCY = st.sampled_from(sorted(CURRENCIES))


def test_every_currency_has_its_iso_exponent() -> None:
    """The exponents of the ISO 4217 table: JPY 0, USD 2, KWD 3, BHD 3, CLF 4, and 2 by default."""
    assert (0, 2, 3, 3, 4, 2) == tuple(
        exponent(c) for c in ("JPY", "USD", "KWD", "BHD", "CLF", "NOK")
    )


@given(
    _CURRENCY,
    st.decimals(min_value=-(10**12), max_value=10**12, places=6),
    st.sampled_from(Rounding),
)
def test_rounding_gives_whole_minor_units_within_one_unit(
    currency: str, amount: Decimal, rounding: Rounding
) -> None:
    """Every rounded amount is whole minor units of its currency, less than one unit away."""
    rounded = Money(amount, currency).round(rounding)
    assert rounded.in_minor_units
    assert abs(Fraction(rounded.amount) - Fraction(amount)) < Fraction(1, 10 ** exponent(currency))


def test_rounding_modes_round_halves_as_they_say() -> None:
    """Half-up, half-even, down and up on the halves and on negative amounts."""
    cases = {
        Rounding.HALF_UP: ("0.03", "0.02", "-0.03"),
        Rounding.HALF_EVEN: ("0.02", "0.02", "-0.02"),
        Rounding.DOWN: ("0.02", "0.01", "-0.02"),
        Rounding.UP: ("0.03", "0.02", "-0.03"),
    }
    for mode, expected in cases.items():
        got = tuple(str(usd(a).round(mode).amount) for a in ("0.025", "0.015", "-0.025"))
        assert expected == got, mode


@given(
    _CURRENCY,
    st.integers(-(10**12), 10**12),
    st.lists(st.integers(0, 1000), min_size=1, max_size=12).filter(any),
)
def test_allocate_adds_up_exactly(currency: str, units: int, weights: list[int]) -> None:
    """Allocated parts are whole minor units and add up to the amount, for every currency."""
    amount = Money(Decimal(units).scaleb(-exponent(currency)), currency)
    parts = amount.allocate(weights)
    assert len(weights) == len(parts)
    assert all(p.in_minor_units for p in parts)
    assert amount == sum(parts, Money.zero(currency))
    assert all(not p.amount for p, w in zip(parts, weights, strict=True) if not w)


@given(_CURRENCY, st.integers(0, 10**12), st.integers(1, 50))
def test_equal_weights_get_parts_at_most_one_unit_apart(
    currency: str, units: int, parts: int
) -> None:
    """Parts of equal weight differ by at most one minor unit."""
    amount = Money(Decimal(units).scaleb(-exponent(currency)), currency)
    found = [Fraction(p.amount) for p in amount.allocate([1] * parts)]
    assert max(found) - min(found) <= Fraction(1, 10 ** exponent(currency))


def test_allocate_refuses_what_it_cannot_split() -> None:
    """Sub-unit amounts, negative weights and weights adding up to nothing are refused."""
    for amount, weights in ((usd("1.005"), [1]), (usd(1), [-1, 2]), (usd(1), [0, 0])):
        with pytest.raises(InvalidValueError):
            amount.allocate(weights)


# -- recurring charges: proration --------------------------------------------------------------


@st.composite
def _spans(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    start = draw(st.dates(D(2023, 1, 1), D(2029, 12, 31)))
    return start, start + dt.timedelta(days=draw(st.integers(0, 800)))


@given(_spans(), _CURRENCY, st.integers(1, 10**9), st.sampled_from(Rounding))
def test_monthly_proration_covers_every_day_once(
    span: tuple[dt.date, dt.date], currency: str, units: int, rounding: Rounding
) -> None:
    """Across month ends and leap years: the lines cover each charged day once, a whole month
    costs the fee, and a partial month the fee times its days over the month's, rounded once.
    """  # noqa: D205 - one sentence
    start, end = span
    fee = Money(Decimal(units).scaleb(-exponent(currency)), currency)
    charge = RecurringCharge(id="F", title="Fee", amount=fee, start=start, end=end)
    lines = charge.lines(D(2099, 12, 31), rounding)
    assert (end - start).days + 1 == sum((line.end - line.start).days + 1 for line in lines)
    for line in lines:
        assert line.amount.in_minor_units
        days = (line.end - line.start).days + 1
        month_days = calendar.monthrange(line.start.year, line.start.month)[1]
        share = Money(fee.amount * days / month_days, currency) if days < month_days else fee
        exact = Fraction(fee.amount) * days / month_days
        assert Money(fee.amount, currency).round(rounding) == fee
        assert abs(Fraction(line.amount.amount) - exact) < Fraction(1, 10 ** exponent(currency))
        if days == month_days:
            assert share == line.amount


def test_february_of_a_leap_year_has_29_days() -> None:
    """A charge from 15 February 2028 charges 15 of February's 29 days."""
    charge = RecurringCharge(id="F", title="Fee", amount=usd("2900.00"), start=D(2028, 2, 15))
    assert usd("1500.00") == charge.lines(D(2028, 2, 29))[0].amount


def test_quarterly_and_yearly_charges_and_indexation() -> None:
    """Periods follow the calendar; no proration charges a partial period in full; indexation
    applies from the period that starts on or after each anniversary.
    """  # noqa: D205 - one sentence
    quarterly = RecurringCharge(
        id="Q",
        title="Fee",
        amount=usd("9000.00"),
        period=ChargePeriod.QUARTERLY,
        start=D(2027, 2, 1),
        proration=Proration.NONE,
    )
    assert [usd("9000.00")] * 2 == [x.amount for x in quarterly.lines(D(2027, 6, 30))]
    indexed = RecurringCharge(
        id="Y",
        title="Fee",
        amount=usd("1000.00"),
        period=ChargePeriod.YEARLY,
        start=D(2027, 1, 1),
        indexation_percent=Decimal(3),
    )
    assert [usd("1000.00"), usd("1030.00"), usd("1060.90")] == [
        x.amount for x in indexed.lines(D(2029, 12, 31))
    ]


# -- the invoice schedule adds up --------------------------------------------------------------


@settings(max_examples=60)
@given(ost.contracts(), st.data())
def test_paid_payable_and_remaining_add_up_to_the_total(
    contract: Contract, data: st.DataObject
) -> None:
    """Over recurring charges and milestones, with any transactions, as of any day: paid +
    payable + remaining == total exactly, in whole minor units, and net payable never exceeds
    payable.
    """  # noqa: D205 - one sentence
    as_of = data.draw(st.dates(contract.term.start - dt.timedelta(days=40), contract.term.last_day))
    schedule = invoice_schedule(contract, as_of)
    assert schedule.total == schedule.paid + schedule.payable + schedule.remaining
    for amount in (schedule.total, schedule.paid, schedule.credits, schedule.net_payable):
        assert amount.in_minor_units
    assert Money.zero(contract.currency) <= schedule.net_payable <= schedule.payable
    for line in schedule.lines:
        assert Money.zero(contract.currency) <= line.settled <= line.amount


# -- transactions over time: nothing paid twice, no credit deducted twice ------------------------


class Ledger(RuleBasedStateMachine):
    """A monthly fee with credits, paid month by month by payments, credit notes and strays."""

    def __init__(self) -> None:
        super().__init__()
        fee = RecurringCharge(id="F", title="Fee", amount=usd("10000.00"), start=D(2027, 1, 1))
        breaches = [(D(2027, m, 10), "80") for m in range(1, 13, 2)]
        self.contract = bpo(
            recurring_charges=(fee,),
            kpis=(_kpi("K", "7", breaches, charge_id="F"),),
            credit_cap_percent=Decimal(5),
        )
        self.day = D(2027, 1, 1)
        self.count = 0

    @rule(days=st.integers(1, 45))
    def time_passes(self, days: int) -> None:
        """Let some days pass."""
        self.day = min(self.day + dt.timedelta(days=days), D(2028, 1, 31))

    @rule(data=st.data())
    def pay_an_open_line(self, data: st.DataObject) -> None:
        """Pay what is open of a payable month, linked to it."""
        schedule = invoice_schedule(self.contract, self.day)
        open_lines = [x for x in schedule.lines if x.state is PaymentState.PAYABLE]
        if not open_lines:
            return
        line = data.draw(st.sampled_from(open_lines))
        owed = line.amount - line.settled
        self.count += 1
        payment = Transaction(
            id=f"T-{self.count}",
            on=self.day,
            amount=owed,
            payer_id="acme",
            payee_id="mcs",
            charge_id="F",
            period=line.period,
        )
        self.contract = record_transaction(self.contract, payment)

    @rule()
    def pay_a_line_twice(self) -> None:
        """Paying a settled month again is refused: nothing is paid twice."""
        schedule = invoice_schedule(self.contract, self.day)
        paid = [x for x in schedule.lines if x.state is PaymentState.PAID]
        if not paid:
            return
        self.count += 1
        again = Transaction(
            id=f"T-{self.count}",
            on=self.day,
            amount=paid[0].amount,
            payer_id="acme",
            payee_id="mcs",
            charge_id="F",
            period=paid[0].period,
        )
        with pytest.raises(TransitionError):
            record_transaction(self.contract, again)

    @rule()
    def settle_the_open_credits(self) -> None:
        """Issue a credit note for every credit not settled yet."""
        schedule = invoice_schedule(self.contract, self.day)
        open_credits = schedule.credits - schedule.credits_settled
        if not open_credits.amount:
            return
        self.count += 1
        note = Transaction(
            id=f"T-{self.count}",
            on=self.day,
            amount=open_credits,
            payer_id="mcs",
            payee_id="acme",
            kind=TransactionKind.CREDIT_NOTE,
        )
        self.contract = attrs.evolve(
            self.contract, transactions=(*self.contract.transactions, note)
        )

    @invariant()
    def nothing_is_paid_twice_and_no_credit_deducted_twice(self) -> None:
        """No line is settled beyond its amount; open credits are absorbed or carried, once."""
        schedule = invoice_schedule(self.contract, self.day)
        zero = Money.zero(USD)
        assert all(zero <= x.settled <= x.amount for x in schedule.lines)
        assert schedule.total == schedule.paid + schedule.payable + schedule.remaining
        assert zero <= schedule.credits_settled <= schedule.credits
        open_credits = schedule.credits - schedule.credits_settled
        absorbed = schedule.payable - schedule.net_payable
        assert absorbed == min(open_credits, schedule.payable)
        assert open_credits == absorbed + schedule.credits_carried


Ledger.TestCase.settings = settings(max_examples=30, stateful_step_count=20, deadline=None)
test_ledger = Ledger.TestCase


def _changing_charges(*operations: Operation, cost: Money | None) -> ChangeRequest:
    return approve_change(
        ChangeRequest(
            id="CR-09",
            title="Support desk",
            rationale="Second-line support from April.",
            requested_by="ingrid",
            requested_on=D(2026, 11, 25),
            operations=operations,
            cost_impact=cost,
        ),
        by="ingrid",
        level=ApprovalLevel.EXECUTIVE,
        on=D(2026, 11, 30),
    )


_SUPPORT = RecurringCharge(
    id="F-support", title="Second-line support", amount=Money(5_000, "NOK"), start=D(2027, 4, 1)
)


def test_a_charge_added_by_a_change_counts_in_its_declared_cost() -> None:
    """AddCharge: April to 27 August at 5,000 a month is 24,354.84 NOK, which must be declared."""
    ex = example_contract()
    at = len(ex.change_requests)
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(
            ex,
            _changing_charges(AddCharge(charge=_SUPPORT), cost=Money(1, "NOK")),
            on=D(2026, 12, 1),
        )
    [refused] = caught.value.violations
    assert ("CHANGE_APPLIES", f"$.change_requests[{at}].cost_impact") == (
        refused.code,
        refused.path,
    )
    assert refused.message.startswith(
        "the operations change what the contract costs by +24354.84 NOK, but the change declares 1"
    )
    declared = _changing_charges(AddCharge(charge=_SUPPORT), cost=Money("24354.84", "NOK"))
    changed = apply_change(ex, declared, on=D(2026, 12, 1))
    assert (*ex.recurring_charges, _SUPPORT) == changed.recurring_charges
    lines = [
        (line.period, line.amount)
        for period in invoice_schedule(changed, changed.term.last_day).periods
        for line in period.lines
        if line.source_id == "F-support"
    ]
    assert (D(2027, 4, 1), Money("5000.00", "NOK")) == lines[0]
    assert (D(2027, 8, 1), Money("4354.84", "NOK")) == lines[-1]
    assert 5 == len(lines)


def test_a_charge_ended_early_saves_what_its_later_lines_cost() -> None:
    """EndCharge: the run fee ending on 30 June saves July and 27 days of August, 187,096.77."""
    ex = example_contract()
    end = EndCharge(charge_id="F-run", end=D(2027, 6, 30))
    changed = apply_change(
        ex, _changing_charges(end, cost=Money("-187096.77", "NOK")), on=D(2026, 12, 1)
    )
    assert D(2027, 6, 30) == changed.recurring_charge("F-run").end
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(ex, _changing_charges(end, cost=None), on=D(2026, 12, 1))
    assert ["CHANGE_APPLIES"] == [v.code for v in caught.value.violations]


_OUTSIDE = (
    "recurring charge 'F-run' runs from 2026-09-07 to 2027-08-27; end it on a day in between "
    "(before its current last day)"
)


@pytest.mark.parametrize(
    ("operation", "field", "message"),
    [
        (
            EndCharge(charge_id="F-gone", end=D(2027, 6, 30)),
            "charge_id",
            "the contract has no recurring charge 'F-gone'; correct the id",
        ),
        (
            EndCharge(charge_id="F-run", end=D(2027, 8, 27)),
            "end",
            _OUTSIDE,
        ),
        (
            EndCharge(charge_id="F-run", end=D(2026, 9, 6)),
            "end",
            _OUTSIDE,
        ),
        (
            AddCharge(charge=attrs.evolve(_SUPPORT, id="F-run")),
            "charge.id",
            "the contract already has a recurring charge 'F-run'",
        ),
    ],
)
def test_charge_operations_that_do_not_fit_are_refused_at_their_place(
    operation: Operation, field: str, message: str
) -> None:
    """An unknown charge, an end outside the charge's days, a repeated id: CHANGE_APPLIES."""
    ex = example_contract()
    at = len(ex.change_requests)
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(ex, _changing_charges(operation, cost=None), on=D(2026, 12, 1))
    assert [("CHANGE_APPLIES", f"$.change_requests[{at}].operations[0].{field}", message)] == [
        (v.code, v.path, v.message) for v in caught.value.violations
    ]
