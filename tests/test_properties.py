"""Properties of validation and of the models, over contracts from the library's own strategies."""

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    CATALOGUE,
    Contract,
    Deliverable,
    Money,
    Raci,
    Responsibility,
    Severity,
    validate,
)
from outsourcing import strategies as ost

ERROR_CODES = [code for code, r in CATALOGUE.items() if r.severity is Severity.ERROR]
ANY_CONTRACT = ost.contracts() | st.sampled_from(ERROR_CODES).flatmap(ost.violating)


def shuffled(contract: Contract, data: st.DataObject) -> Contract:
    changes = {
        name: tuple(data.draw(st.permutations(getattr(contract, name)), label=name))
        for name in ("parties", "people", "deliverables", "milestones", "phases", "kpis")
    }
    changes["responsibilities"] = tuple(data.draw(st.permutations(contract.responsibilities)))
    return attrs.evolve(contract, **changes)  # type: ignore[arg-type] # every value is a tuple


@pytest.mark.slow
@given(ANY_CONTRACT, st.data())
def test_the_order_of_collections_does_not_change_the_verdict(
    contract: Contract, data: st.DataObject
) -> None:
    """Which rules a contract breaks depends on its content, not on the order things are listed."""
    as_of = contract.term.end
    before = validate(contract, as_of=as_of)
    after = validate(shuffled(contract, data), as_of=as_of)
    assert before.codes == after.codes
    assert len(before.errors) == len(after.errors)


@pytest.mark.slow
@given(ost.contracts(min_deliverables=1), st.data())
def test_removing_the_only_owner_yields_one_owner_required_there(
    contract: Contract, data: st.DataObject
) -> None:
    """Dropping the accountable assignment of any deliverable breaks OWNER_REQUIRED there only."""
    i = data.draw(st.integers(0, len(contract.deliverables) - 1), label="deliverable")
    subject = contract.deliverables[i].id
    kept = tuple(
        r
        for r in contract.responsibilities
        if not (r.subject_id == subject and r.role is Raci.ACCOUNTABLE)
    )
    report = validate(attrs.evolve(contract, responsibilities=kept))
    assert [("OWNER_REQUIRED", f"$.deliverables[{i}]")] == [(v.code, v.path) for v in report.errors]


@pytest.mark.slow
@given(ost.contracts(), ost.deliverables(ids=st.just("D-new")))
def test_adding_an_owned_deliverable_keeps_a_contract_valid(
    contract: Contract, deliverable: Deliverable
) -> None:
    """A new deliverable with the client as owner and a provider doing the work breaks no rule."""
    raci = (
        Responsibility(subject_id="D-new", assignee_id=contract.client.id, role=Raci.ACCOUNTABLE),
        Responsibility(
            subject_id="D-new", assignee_id=contract.providers[0].id, role=Raci.RESPONSIBLE
        ),
    )
    bigger = attrs.evolve(
        contract,
        deliverables=(*contract.deliverables, deliverable),
        responsibilities=(*contract.responsibilities, *raci),
    )
    assert validate(bigger, as_of=contract.term.end).ok


@pytest.mark.slow
@given(ANY_CONTRACT, st.sampled_from(list(CATALOGUE)))
def test_running_one_rule_reports_what_the_catalogue_reports_for_it(
    contract: Contract, code: str
) -> None:
    """validate(rules=[code]) gives exactly the catalogue's violations of that rule."""
    as_of = contract.term.end
    alone = validate(contract, as_of=as_of, rules=[code])
    assert validate(contract, as_of=as_of).by_code(code) == alone.violations


@pytest.mark.slow
@given(ost.violating("GATE_BEFORE_NEXT") | ost.contracts(min_phases=2), st.dates(), st.dates())
def test_a_phase_started_without_go_stays_so(
    contract: Contract, day: dt.date, other: dt.date
) -> None:
    """GATE_BEFORE_NEXT only ever finds more as time goes on: a started phase stays started."""
    earlier, later = sorted((day, other))

    def paths(as_of: dt.date) -> set[str]:
        return {v.path for v in validate(contract, as_of=as_of, rules=["GATE_BEFORE_NEXT"])}

    assert paths(earlier) <= paths(later)


@pytest.mark.slow
@given(ANY_CONTRACT)
def test_a_report_is_ok_exactly_when_it_has_no_errors(contract: Contract) -> None:
    """Warnings never fail a report; any error does, and str(report) says which."""
    report = validate(contract, as_of=contract.term.end)
    assert (not report.errors) == report.ok
    assert str(report).startswith("valid" if report.ok else "INVALID")
    assert len(report) == len(report.errors) + len(report.warnings)


# Up to a trillion trillion cents: Decimal's default context keeps 28 digits, and beyond them sums
# round (unbounded money() finds that at once).
EUROS = ost.money(currencies=st.just("EUR"), min_amount=-(10**22), max_amount=10**22)


@given(EUROS, EUROS, EUROS)
def test_money_adds_up_in_any_order(a: Money, b: Money, c: Money) -> None:
    """Decimal money is exact: sums do not depend on grouping, and subtraction undoes addition."""
    assert (a + b) + c == a + (b + c)
    assert a == a + b - b
