import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from outsourcing import (
    KPI,
    Contract,
    Deliverable,
    DeliverableStatus,
    Direction,
    DueDateChange,
    Gate,
    GateDecision,
    Measurement,
    Milestone,
    MilestoneStatus,
    Money,
    Partner,
    PartnerRole,
    Person,
    Phase,
    Raci,
    Responsibility,
    Term,
    Window,
    WindowKind,
    example_contract,
)
from outsourcing.exceptions import InvalidValueError

D = dt.date(2027, 1, 1)


def partner(**changes: Any) -> Partner:
    fields: dict[str, Any] = {"id": "p", "name": "P", "role": PartnerRole.SUPPLIER, "country": "NO"}
    return Partner(**(fields | changes))


def kpi(**changes: Any) -> KPI:
    fields: dict[str, Any] = {
        "id": "k",
        "name": "K",
        "unit": "%",
        "direction": Direction.HIGHER_IS_BETTER,
        "target": Decimal(1),
    }
    return KPI(**(fields | changes))


BAD_VALUES = [
    (lambda: partner(id=""), "Partner.id", "a non-empty string"),
    (lambda: partner(name="   "), "Partner.name", "a non-empty string"),
    (lambda: partner(id=5), "Partner.id", "a non-empty string"),
    (lambda: partner(role="supplier"), "Partner.role", "a PartnerRole"),
    (lambda: partner(country="Norway"), "Partner.country", "ISO 3166-1 alpha-2"),
    (lambda: partner(country="no"), "Partner.country", "ISO 3166-1 alpha-2"),
    (lambda: partner(timezone="Europe/Atlantis"), "Partner.timezone", "IANA time zone"),
    (lambda: partner(capabilities=["web"]), "Partner.capabilities", "wrap it in tuple"),
    (lambda: partner(capabilities=("web", "")), "Partner.capabilities[1]", "a non-empty string"),
    (
        lambda: Person(id="x", partner_id="p", name="X", email="not-an-address"),
        "Person.email",
        "an e-mail address",
    ),
    (
        lambda: Deliverable(id="d", title="T", status=DeliverableStatus.ACCEPTED),
        "Deliverable.acceptance_criteria",
        "at least one criterion for accepted work",
    ),
    (
        lambda: Deliverable(id="d", title="T", description=None),  # type: ignore[arg-type]
        "Deliverable.description",
        "a string",
    ),
    (
        lambda: Responsibility(subject_id="d", assignee_id="p", role="A"),  # type: ignore[arg-type]
        "Responsibility.role",
        "a Raci",
    ),
    (
        lambda: Milestone(id="m", title="M", due=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)),
        "Milestone.due",
        "a datetime.date",
    ),
    (
        lambda: Milestone(id="m", title="M", due=D, status=MilestoneStatus.MET),
        "Milestone.date_met",
        "the date it was met",
    ),
    (
        lambda: Milestone(id="m", title="M", due=D, date_met=D),
        "Milestone.date_met",
        "None for a milestone that is 'scheduled'",
    ),
    (
        lambda: Milestone(id="m", title="M", due=D, payment=Money(0, "EUR")),
        "Milestone.payment",
        "a positive amount",
    ),
    (
        lambda: Milestone(id="m", title="M", due=D, deliverable_ids=("d", 1)),  # type: ignore[arg-type]
        "Milestone.deliverable_ids[1]",
        "a str",
    ),
    (
        lambda: DueDateChange(previous_due=D, changed_on=D, reason=""),
        "DueDateChange.reason",
        "a non-empty string",
    ),
    (lambda: Gate(decision=GateDecision.GO), "Gate.decided_on", "the date of the 'go' decision"),
    (
        lambda: Gate(decision=GateDecision.STOP, decided_on=D),
        "Gate.decided_by",
        "who decided 'stop'",
    ),
    (lambda: Gate(decided_on=D), "Gate.decided_on", "None while the gate is pending"),
    (lambda: Gate(decided_by="x"), "Gate.decided_by", "None while the gate is pending"),
    (lambda: Phase(id="p", name="P", start=D, end="2027-02-01"), "Phase.end", "a datetime.date"),  # type: ignore[arg-type]
    (lambda: Window(kind=WindowKind.ROLLING_DAYS), "Window.days", "a whole number of at least 1"),
    (lambda: Window.rolling(0), "Window.days", "a whole number of at least 1"),
    (lambda: Window(kind=WindowKind.CALENDAR_MONTH, days=30), "Window.days", "None for a"),
    (lambda: kpi(target=99.5), "KPI.target", "a finite Decimal"),
    (lambda: kpi(warning=Decimal("NaN")), "KPI.warning", "a finite Decimal"),
    (lambda: kpi(cadence="monthly"), "KPI.cadence", "a Cadence or None"),
    (lambda: Measurement(on=D, value=1), "Measurement.value", "a finite Decimal"),  # type: ignore[arg-type]
    (lambda: Term(start=D, end="2026-12-31"), "Term.end", "a datetime.date"),  # type: ignore[arg-type]
    (
        lambda: attrs.evolve(
            example_contract(),
            deliverables=list(example_contract().deliverables),  # type: ignore[arg-type]
        ),
        "Contract.deliverables",
        "wrap it in tuple",
    ),
    (
        lambda: attrs.evolve(example_contract(), milestones=(example_contract().phases[0],)),  # type: ignore[arg-type]
        "Contract.milestones[0]",
        "a Milestone",
    ),
    (lambda: attrs.evolve(example_contract(), version=0), "Contract.version", "at least 1"),
    (
        lambda: attrs.evolve(example_contract(), extensions={"x": float("nan")}),
        "Contract.extensions['x']",
        "a finite number",
    ),
    (
        lambda: attrs.evolve(example_contract(), extensions={"x": {1: "a"}}),
        "Contract.extensions['x']",
        "string keys",
    ),
    (
        lambda: attrs.evolve(example_contract(), extensions={"x": [D]}),
        "Contract.extensions['x'][0]",
        "JSON data",
    ),
]


@pytest.mark.parametrize(
    ("build", "field", "expected"),
    BAD_VALUES,
    ids=[f"{n}:{field}" for n, (_, field, _) in enumerate(BAD_VALUES)],
)
def test_field_checks_name_the_field_and_the_value(build: Any, field: str, expected: str) -> None:
    """Every field-local check raises InvalidValueError naming Class.field and what it expects."""
    with pytest.raises(InvalidValueError) as info:
        build()
    assert field == info.value.field
    assert expected in info.value.expected
    assert str(info.value).startswith(f"{field}: expected ")


def test_message_shows_the_type_of_a_bad_value() -> None:
    """'12' and 12 read differently in the message, so the caller sees what was passed."""
    with pytest.raises(InvalidValueError, match=r"got 12$"):
        partner(id=12)
    with pytest.raises(InvalidValueError, match=r"got list \['web'\]"):
        partner(capabilities=["web"])


def test_rule_level_problems_are_constructible() -> None:
    """What the catalogue reports (inverted dates, dangling ids) can be built, so it can be reported."""
    term = Term(start=dt.date(2027, 12, 31), end=dt.date(2027, 1, 1))
    assert term.start > term.last_day
    assert dt.date(2027, 6, 1) not in term
    Responsibility(subject_id="nothing", assignee_id="nobody", role=Raci.INFORMED)


def test_models_are_immutable_and_hashable() -> None:
    """Frozen models refuse assignment; equal models hash equally and evolve into new objects."""
    contract = example_contract()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        contract.title = "Other"  # type: ignore[misc]
    assert hash(contract) == hash(example_contract())
    renamed = attrs.evolve(contract, title="Other")
    assert "Web shop rebuild" == contract.title
    assert "Other" == renamed.title


def test_extensions_are_kept_read_only() -> None:
    """Integrators' data is copied into a read-only mapping and survives equality checks."""
    data = {"erp": {"vendor_no": 4711, "tags": ["a", "b"]}, "flag": True}
    contract = attrs.evolve(example_contract(), extensions=data)
    data["late"] = 1
    assert {"erp", "flag"} == set(contract.extensions)
    with pytest.raises(TypeError):
        contract.extensions["x"] = 1  # type: ignore[index]
    assert contract == attrs.evolve(example_contract(), extensions=dict(contract.extensions))


def test_window_constructors() -> None:
    """The named constructors build the four kinds of evaluation window."""
    assert WindowKind.CALENDAR_MONTH == Window.calendar_month().kind
    assert WindowKind.CALENDAR_QUARTER == Window.calendar_quarter().kind
    assert (WindowKind.ROLLING_DAYS, 30) == (Window.rolling(30).kind, Window.rolling(30).days)
    assert WindowKind.WHOLE_TERM == Window.whole_term().kind


def test_enum_helpers() -> None:
    """Roles, RACI letters and gate decisions answer the questions rules ask of them."""
    assert [r.letter for r in Raci] == ["R", "A", "C", "I"]
    assert {r for r in PartnerRole if r.provides} == {
        PartnerRole.SUPPLIER,
        PartnerRole.SUBCONTRACTOR,
        PartnerRole.INTERNAL,
    }
    assert {r for r in PartnerRole if r.prime} == {PartnerRole.SUPPLIER, PartnerRole.INTERNAL}
    assert {d for d in GateDecision if d.lets_next_start} == {
        GateDecision.GO,
        GateDecision.GO_WITH_CONDITIONS,
    }


def test_contract_requires_its_core_fields() -> None:
    """A contract without parties, term or value is a TypeError from attrs, as for any class."""
    with pytest.raises(TypeError):
        Contract(id="x", title="X")  # type: ignore[call-arg]
