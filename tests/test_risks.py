import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import example_with, found, replace_at
from outsourcing import (
    HIGH_RISK,
    Raci,
    Responsibility,
    Risk,
    RiskLevel,
    RiskStatus,
    example_contract,
    heat_map,
    validate,
)
from outsourcing.exceptions import InvalidValueError
from outsourcing.strategies import risks

EX = example_contract()


def test_score_and_level() -> None:
    """Score is likelihood x impact; high from 15 (the rule's threshold), medium from 5."""
    assert 15 == HIGH_RISK
    cases = [
        ((1, 4), 4, RiskLevel.LOW),
        ((1, 5), 5, RiskLevel.MEDIUM),
        ((2, 7 // 2), 6, RiskLevel.MEDIUM),
        ((3, 5), 15, RiskLevel.HIGH),
        ((5, 5), 25, RiskLevel.HIGH),
        ((4, 3), 12, RiskLevel.MEDIUM),
    ]
    for (likelihood, impact), score, level in cases:
        r = Risk(id="R", description="x", likelihood=likelihood, impact=impact)
        assert (score, level) == (r.score, r.level)


@pytest.mark.parametrize("value", [0, 6, True, 2.5, "3"])
def test_likelihood_and_impact_run_from_one_to_five(value: object) -> None:
    """Anything but a whole number from 1 to 5 is refused, naming the field."""
    with pytest.raises(InvalidValueError, match=r"Risk.likelihood: expected a whole number from 1"):
        Risk(id="R", description="x", likelihood=value, impact=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"Risk.impact"):
        Risk(id="R", description="x", likelihood=3, impact=value)  # type: ignore[arg-type]


def test_heat_map_of_the_example() -> None:
    """All 25 cells are present; risks sit at (likelihood, impact); closed ones only on request."""
    grid = heat_map(EX.risks)
    assert 25 == len(grid)
    assert {(2, 5): ("R-01",), (3, 5): ("R-02",), (2, 3): ("R-03",)} == {
        cell: ids for cell, ids in grid.items() if ids
    }
    closed = replace_at(EX.risks, 0, status=RiskStatus.CLOSED)
    assert () == heat_map(closed)[2, 5]
    assert ("R-01",) == heat_map(closed, include_closed=True)[2, 5]


@given(st.lists(risks(), max_size=20))
def test_every_open_risk_is_in_exactly_one_cell(register: list[Risk]) -> None:
    """The heat map places each rated risk that is not closed once, in its own cell.

    An unrated risk (published data may carry only who bears it) has no cell.
    """
    grid = heat_map(register)
    placed = [(cell, rid) for cell, ids in grid.items() for rid in ids]
    expected = [
        ((r.likelihood, r.impact), r.id)
        for r in register
        if r.status is not RiskStatus.CLOSED and r.rated
    ]
    assert sorted(expected) == sorted(placed)


@given(
    st.lists(
        risks(
            ids=st.sampled_from([f"R-{i}" for i in range(50)]),
            owner_ids=st.sampled_from(["ingrid", "tomasz", "kodehuset"]),
            treated=True,
        ),
        max_size=8,
        unique_by=lambda r: r.id,
    )
)
def test_treated_risks_keep_the_example_valid(register: list[Risk]) -> None:
    """Any register whose risks have owners, mitigations and (when high) contingencies is clean."""
    assert [] == found(validate(example_with(risks=tuple(register))))


@given(risks(ids=st.just("R-9"), treated=False))
def test_untreated_risks_are_all_reported(risk: Risk) -> None:
    """An open risk with nothing filled in lacks owner and mitigation, and a plan if it is high."""
    report = validate(example_with(risks=(*EX.risks, risk)))
    expected = ["$.risks[3].owner_id", "$.risks[3].mitigation"]
    if risk.score >= HIGH_RISK:
        expected.append("$.risks[3].contingency")
    assert [("RISK_TREATED", path) for path in expected] == found(report)
    assert report.ok  # warnings only


def test_closed_risks_need_no_treatment() -> None:
    """A closed risk is history: RISK_TREATED does not ask for its owner or plans."""
    bare = Risk(id="R-9", description="Gone", likelihood=5, impact=5, status=RiskStatus.CLOSED)
    assert [] == found(validate(example_with(risks=(*EX.risks, bare))))


def test_a_risk_can_be_a_raci_subject() -> None:
    """A responsibility may name a risk as its subject (DOMAIN: deliverable, milestone, KPI, risk)."""
    extra = Responsibility(subject_id="R-02", assignee_id="kodehuset", role=Raci.RESPONSIBLE)
    contract = example_with(responsibilities=(*EX.responsibilities, extra))
    assert [] == found(validate(contract))
    assert {"kodehuset": (Raci.RESPONSIBLE,)} == dict(contract.raci_matrix()["R-02"])
    assert EX.risks[1] == EX.risk("R-02")
    gone = attrs.evolve(contract, risks=EX.risks[:1])
    assert [("REF_RESOLVES", "$.responsibilities[24].subject_id")] == found(validate(gone))
