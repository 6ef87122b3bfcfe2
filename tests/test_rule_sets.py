"""Rule sets for the kind of document, money with a minor unit of rounding, and apply_change.

apply_change refuses only the errors a change introduces.
"""

import datetime as dt
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import example_with, found, replace_at
from outsourcing import (
    AUTHORED,
    CATALOGUE,
    PUBLISHED,
    RULE_SETS,
    AddMilestone,
    ApprovalLevel,
    ChangeRequest,
    Contract,
    Deliverable,
    Milestone,
    MilestoneKind,
    Money,
    MoveMilestone,
    Raci,
    RemoveDeliverable,
    Responsibility,
    RuleSet,
    Severity,
    Term,
    Violation,
    validate,
)
from outsourcing import json as ojson
from outsourcing import strategies as ost
from outsourcing._cli import main
from outsourcing._rules.introduced import introduced
from outsourcing.changes import apply_change, approve_change
from outsourcing.exceptions import ChangeRefusedError, InvalidValueError, UnknownRuleError

D = dt.date
EX = example_with()
ERROR_CODES = [code for code, r in CATALOGUE.items() if r.severity is Severity.ERROR]
ANY_CONTRACT = ost.contracts() | st.sampled_from(ERROR_CODES).flatmap(ost.violating)
AUTHORING_ONLY = {
    "OWNER_REQUIRED",
    "RESPONSIBLE_REQUIRED",
    "DELIVERABLE_SCHEDULED",
    "PAYMENT_FOR_RESULTS",
    "COMMS_CADENCE",
    "SUPPORT_DEFINED",
}


def as_published(contract: Contract) -> Contract:
    """The contract as published data has it: none of what only an author adds."""
    return attrs.evolve(
        contract,
        responsibilities=(),
        meetings=(),
        support=None,
        milestones=tuple(attrs.evolve(m, deliverable_ids=()) for m in contract.milestones),
        kpis=tuple(attrs.evolve(k, owner_id=None, cadence=None) for k in contract.kpis),
        risks=tuple(
            attrs.evolve(r, owner_id=None, mitigation=None, contingency=None)
            for r in contract.risks
        ),
    )


# -- the published set ----------------------------------------------------------------------------


def test_published_data_with_authoring_gaps_passes_the_published_set() -> None:
    """No owners, RACI, meetings, support or cadences: the catalogue objects, PUBLISHED does not."""
    contract = as_published(EX)
    assert AUTHORING_ONLY <= validate(contract).codes
    report = validate(contract, rules=PUBLISHED)
    assert [] == found(report)
    assert report.ok


@pytest.mark.slow
@given(ost.contracts())
def test_any_valid_contract_stripped_to_published_data_passes_the_published_set(
    contract: Contract,
) -> None:
    """Whatever a valid contract holds, dropping what only an author adds leaves nothing to say."""
    assert [] == found(validate(as_published(contract), rules=PUBLISHED))


PUBLISHED_DATA = as_published(EX)


@pytest.mark.parametrize(
    ("contract", "expected"),
    [
        pytest.param(
            attrs.evolve(PUBLISHED_DATA, term=Term(start=EX.term.last_day, end=EX.term.start)),
            [("TERM_ORDER", "$.term", Severity.ERROR)],
            id="inverted term",
        ),
        pytest.param(
            attrs.evolve(
                PUBLISHED_DATA, milestones=replace_at(PUBLISHED_DATA.milestones, 1, phase_id="P-9")
            ),
            [("REF_RESOLVES", "$.milestones[1].phase_id", Severity.ERROR)],
            id="dangling reference",
        ),
        pytest.param(
            attrs.evolve(
                PUBLISHED_DATA, milestones=replace_at(PUBLISHED_DATA.milestones, 2, id="M-01")
            ),
            [("ID_UNIQUE", "$.milestones[2].id", Severity.ERROR)],
            id="duplicate id",
        ),
        pytest.param(
            attrs.evolve(
                PUBLISHED_DATA,
                milestones=replace_at(PUBLISHED_DATA.milestones, 5, payment=Money(600_000, "EUR")),
            ),
            [("SINGLE_CURRENCY", "$.milestones[5].payment.currency", Severity.ERROR)],
            id="mixed currencies",
        ),
        pytest.param(
            attrs.evolve(PUBLISHED_DATA, value=Money(3_000_000, "NOK")),
            [("PAYMENTS_WITHIN_VALUE", "$.milestones[3].payment", Severity.ERROR)],
            id="payments above the value",
        ),
        pytest.param(
            attrs.evolve(
                PUBLISHED_DATA,
                milestones=replace_at(PUBLISHED_DATA.milestones, 5, due=D(2027, 9, 1)),
            ),
            [("MILESTONE_IN_TERM", "$.milestones[5].due", Severity.WARNING)],
            id="delivery after the term",
        ),
        pytest.param(
            attrs.evolve(PUBLISHED_DATA, value=Money("6000000.004", "NOK")),
            [("MINOR_UNITS", "$.value.amount", Severity.WARNING)],
            id="sub-cent value",
        ),
    ],
)
def test_each_error_in_the_data_itself_is_reported(
    contract: Contract, expected: list[tuple[str, str, Severity]]
) -> None:
    """Inverted periods, dangling references, duplicate ids, mixed currencies, overpayment..."""
    report = validate(contract, rules=PUBLISHED)
    assert expected == [(v.code, v.path, v.severity) for v in report]


@pytest.mark.slow
@settings(max_examples=60)
@given(ANY_CONTRACT)
def test_the_published_set_finds_a_part_of_what_the_catalogue_finds(contract: Contract) -> None:
    """Each published finding is a catalogue finding, at the same or a lower severity."""
    whole = {(v.code, v.path, v.message): v.severity for v in validate(contract)}
    for v in validate(contract, rules=PUBLISHED):
        assert (v.code, v.path, v.message) in whole
        assert v.severity is whole[v.code, v.path, v.message] or v.severity is Severity.WARNING


def test_the_published_set_runs_the_catalogues_checks_never_more_severe() -> None:
    """A rule set picks rules and lowers severities; it has no checks of its own."""
    for r in PUBLISHED:
        assert CATALOGUE[r.code].check is r.check
        assert r.severity is CATALOGUE[r.code].severity or r.severity is Severity.WARNING
    assert not AUTHORING_ONLY & set(PUBLISHED.codes)
    assert tuple(CATALOGUE) == AUTHORED.codes
    assert {"authored": AUTHORED, "published": PUBLISHED} == dict(RULE_SETS)


def test_a_rule_set_is_a_collection_of_rules_by_code() -> None:
    """Iterate for the rules, look one up by code, test membership by code or rule; pickle it."""
    assert list(PUBLISHED) == list(PUBLISHED.rules)
    assert len(PUBLISHED.codes) == len(PUBLISHED)
    assert Severity.WARNING is PUBLISHED["ONE_CLIENT"].severity
    assert "ID_UNIQUE" in PUBLISHED
    assert CATALOGUE["ID_UNIQUE"] in PUBLISHED
    assert "KPI_OWNED" not in PUBLISHED
    with pytest.raises(UnknownRuleError):
        PUBLISHED["OWNER_REQUIRED"]
    copied = pickle.loads(pickle.dumps(PUBLISHED))  # noqa: S301 - our own pickle
    assert PUBLISHED == copied
    assert validate(as_published(EX), rules=copied) == validate(as_published(EX), rules=PUBLISHED)


def test_a_rule_set_of_your_own() -> None:
    """Made from the catalogue's rules, at severities of your choosing; refused when ill-formed."""
    strict = RuleSet(
        name="strict-import",
        description="Published data, and every KPI owned.",
        rules=[*PUBLISHED, attrs.evolve(CATALOGUE["KPI_OWNED"], severity=Severity.ERROR)],
    )
    report = validate(as_published(EX), rules=strict)
    assert {"KPI_OWNED"} == report.codes
    assert not report.ok
    with pytest.raises(InvalidValueError, match="each rule's code once"):
        RuleSet(name="twice", description="Twice.", rules=[*PUBLISHED, PUBLISHED["ID_UNIQUE"]])
    with pytest.raises(InvalidValueError):
        RuleSet(name="codes", description="Codes.", rules=["ID_UNIQUE"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError):
        RuleSet(name="Not A Name", description="Name.", rules=())


# -- money and milestones, as real data has them -------------------------------------------------


def _paying(amount: str, *, value: str, currency: str = "MXN") -> Contract:
    """One milestone paying ``amount`` against a contract ``value``, nothing else paid."""
    kept = tuple(attrs.evolve(m, payment=None, paid_on=None) for m in EX.milestones)
    paid = attrs.evolve(kept[0], payment=Money(amount, currency))
    return attrs.evolve(
        EX,
        value=Money(value, currency),
        milestones=(paid, *kept[1:]),
        recurring_charges=(),
        transactions=(),
        change_requests=(),
        amendments=(),
        version=1,
        change_policy=None,
        kpis=tuple(attrs.evolve(k, credits=None) for k in EX.kpis),
    )


def test_payments_may_exceed_the_value_by_one_minor_unit_of_rounding() -> None:
    """259,658.29 paid against 259,658.286 is rounding; 259,658.30 is above the value."""
    rounding = _paying("259658.29", value="259658.286")
    assert [] == found(validate(rounding, rules=["PAYMENTS_WITHIN_VALUE"]))
    assert [("MINOR_UNITS", "$.value.amount", Severity.WARNING)] == [
        (v.code, v.path, v.severity) for v in validate(rounding, rules=PUBLISHED)
    ]
    over = _paying("259658.30", value="259658.286")
    assert [("PAYMENTS_WITHIN_VALUE", "$.milestones[0].payment")] == found(
        validate(over, rules=["PAYMENTS_WITHIN_VALUE"])
    )


@pytest.mark.parametrize(("currency", "unit"), [("JPY", "1"), ("USD", "0.01"), ("KWD", "0.001")])
def test_the_unit_of_rounding_is_the_currencys_minor_unit(currency: str, unit: str) -> None:
    """One minor unit over the value passes, two do not, whatever the currency's exponent."""
    one, two = Decimal(1000) + Decimal(unit), Decimal(1000) + 2 * Decimal(unit)
    within = _paying(str(one), value="1000", currency=currency)
    beyond = _paying(str(two), value="1000", currency=currency)
    assert [] == found(validate(within, rules=["PAYMENTS_WITHIN_VALUE"]))
    assert ["PAYMENTS_WITHIN_VALUE"] == [
        v.code for v in validate(beyond, rules=["PAYMENTS_WITHIN_VALUE"])
    ]


def test_a_payment_may_fall_due_after_the_term_but_not_before_it() -> None:
    """Payment follows the work (net 30 on the last invoice); a delivery after the term does not."""
    final = Milestone(
        id="M-07",
        title="Final payment",
        due=D(2027, 9, 26),
        kind=MilestoneKind.PAYMENT,
        phase_id="PH-3",
        payment=Money(100_000, "NOK"),
    )
    late = attrs.evolve(EX, value=Money(6_100_000, "NOK"), milestones=(*EX.milestones, final))
    assert [] == found(validate(late, rules=["MILESTONE_IN_TERM"]))
    early = attrs.evolve(late, milestones=replace_at(late.milestones, 6, due=D(2026, 9, 1)))
    assert [("MILESTONE_IN_TERM", "$.milestones[6].due")] == found(
        validate(early, rules=["MILESTONE_IN_TERM"])
    )
    delivered = attrs.evolve(
        late, milestones=replace_at(late.milestones, 6, kind=MilestoneKind.DELIVERY)
    )
    assert [("MILESTONE_IN_TERM", "$.milestones[6].due")] == found(
        validate(delivered, rules=["MILESTONE_IN_TERM"])
    )


# -- the command line -----------------------------------------------------------------------------


def test_the_command_line_takes_a_rule_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--rule-set published judges imported data by the published set, one file or many."""
    path = tmp_path / "imported.json"
    path.write_text(ojson.dumps(as_published(EX)), encoding="utf-8")
    assert 1 == main(["validate", str(path)])
    capsys.readouterr()
    assert 0 == main(["validate", "--rule-set", "published", "--format", "json", str(path)])
    assert [] == json.loads(capsys.readouterr().out)[0]["violations"]
    assert 0 == main(["validate", "--rule-set", "published", "--jobs", "2", str(path)])
    assert "1 valid" in capsys.readouterr().out
    assert 2 == main(["validate", "--rule-set", "nope", str(path)])
    assert "invalid choice: 'nope'" in capsys.readouterr().err


# -- apply_change on a contract that already has errors ------------------------------------------


def _approved(*operations: Any, **changes: Any) -> ChangeRequest:
    fields: dict[str, Any] = {
        "id": "CR-02",
        "title": "Rework",
        "rationale": "Agreed at the steering committee.",
        "requested_by": "ingrid",
        "requested_on": D(2026, 11, 25),
        "operations": operations,
        "schedule_impact_days": 14,
    }
    change = ChangeRequest(**(fields | changes))
    return approve_change(
        change, by="ingrid", level=ApprovalLevel.DELIVERY_MANAGER, on=D(2026, 11, 30)
    )


IMPORTED = as_published(EX)  # OWNER_REQUIRED and RESPONSIBLE_REQUIRED on every deliverable


def test_a_harmless_change_applies_to_a_contract_that_already_has_errors() -> None:
    """The errors an imported contract came with do not block an amendment that adds none."""
    assert not validate(IMPORTED).ok
    move = _approved(MoveMilestone(milestone_id="M-04", due=D(2027, 5, 28), reason="Later"))
    amended = apply_change(IMPORTED, move, on=D(2026, 12, 1))
    assert D(2027, 5, 28) == amended.milestones[3].due
    assert validate(IMPORTED).codes == validate(amended).codes


def test_a_change_that_adds_an_error_is_refused_for_that_error_alone() -> None:
    """A milestone in a phase that does not exist: the new REF_RESOLVES, not the old errors."""
    stray = Milestone(id="M-07", title="Stray", due=D(2027, 6, 1), phase_id="PH-9")
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(IMPORTED, _approved(AddMilestone(milestone=stray)), on=D(2026, 12, 1))
    assert [("REF_RESOLVES", "$.milestones[6].phase_id")] == [
        (v.code, v.path) for v in caught.value.violations
    ]


def test_items_that_move_keep_their_errors_identity() -> None:
    """Removing the first deliverable shifts the others' paths; their errors are still old ones."""
    gone = _approved(RemoveDeliverable(deliverable_id="D-01"), schedule_impact_days=0)
    amended = apply_change(IMPORTED, gone, on=D(2026, 12, 1))
    assert "D-01" not in {d.id for d in amended.deliverables}
    before, after = set(found(validate(IMPORTED))), set(found(validate(amended)))
    assert ("OWNER_REQUIRED", "$.deliverables[8]") in before - after  # the last one moved up


def test_the_published_set_judges_a_change_when_asked() -> None:
    """apply_change(rules=PUBLISHED) refuses a data error the change adds, and nothing else."""
    bad = Milestone(id="M-01", title="Again", due=D(2027, 6, 1))
    with pytest.raises(ChangeRefusedError) as caught:
        apply_change(
            IMPORTED, _approved(AddMilestone(milestone=bad)), on=D(2026, 12, 1), rules=PUBLISHED
        )
    assert [("ID_UNIQUE", "$.milestones[6].id")] == [
        (v.code, v.path) for v in caught.value.violations
    ]


# -- the identity of a finding, fuzzed --------------------------------------------------------------

_FRESH = "fresh-item"


def _fresh(name: str, contract: Contract) -> object:
    if name == "deliverables":
        return Deliverable(id=_FRESH, title="Fresh", acceptance_criteria=("Done",))
    if name == "milestones":
        return Milestone(id=_FRESH, title="Fresh", due=contract.term.start)
    return Responsibility(subject_id=_FRESH, assignee_id=_FRESH, role=Raci.INFORMED)


@pytest.mark.slow
@given(ANY_CONTRACT, st.sampled_from(["deliverables", "milestones", "responsibilities"]), st.data())
def test_an_item_inserted_anywhere_changes_no_other_findings_identity(
    contract: Contract, name: str, data: st.DataObject
) -> None:
    """An unreferenced item inserted anywhere: old findings all match, new ones are about it."""
    items = getattr(contract, name)
    at = data.draw(st.integers(0, len(items)), label="at")
    fresh = (*items[:at], _fresh(name, contract), *items[at:])
    changed = attrs.evolve(contract, **{name: fresh})  # type: ignore[arg-type] # a tuple
    before, after = validate(contract).violations, validate(changed).violations
    assert () == introduced(changed, after, contract, before)
    for v in introduced(contract, before, changed, after):
        assert v.path.startswith(f"$.{name}[{at}]"), v


def test_a_finding_at_a_place_the_contract_does_not_have_keeps_its_path() -> None:
    """Paths a rule of your own makes up are compared as they are written."""
    odd = Violation(code="MINE", severity=Severity.ERROR, path="$.nowhere[3].x", message="m")
    also = Violation(code="MINE", severity=Severity.ERROR, path="not a path", message="m")
    assert () == introduced(EX, (odd, also), EX, (odd, also))
    assert (odd,) == introduced(EX, (also,), EX, (odd, also))
