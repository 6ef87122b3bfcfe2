"""The public strategies: valid by construction, breaking exactly one rule, varied, and small."""

import datetime as dt
import enum
import importlib
import importlib.metadata
import inspect
import pickle
import pkgutil
import subprocess
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from outsourcing import (
    CATALOGUE,
    KPI,
    ChangeStatus,
    Contract,
    Deliverable,
    DeliverableStatus,
    DueDateChange,
    Gate,
    GateDecision,
    Measurement,
    Milestone,
    Money,
    Partner,
    PartnerRole,
    Person,
    Phase,
    Raci,
    Responsibility,
    Severity,
    Term,
    example_contract,
    validate,
)
from outsourcing import strategies as ost
from outsourcing._hypothesis_plugin import STRATEGIES, _hypothesis_setup_hook
from outsourcing._rules.catalogue import RULE_MODULES
from outsourcing.exceptions import InvalidValueError, MissingDependencyError, UnknownRuleError
from outsourcing.lifecycle import accept, payable, reject, start_work, submit

untyped: Any = ost  # for calling the strategies wrongly on purpose
ERROR_CODES = [code for code, r in CATALOGUE.items() if r.severity is Severity.ERROR]
D = dt.date


def error_codes(contract: Contract, as_of: dt.date | None) -> set[str]:
    return {v.code for v in validate(contract, as_of=as_of).errors}


# -- valid contracts ------------------------------------------------------------------------------


@pytest.mark.slow
@given(ost.contracts(), st.data())
def test_contracts_are_valid_as_of_any_date(contract: Contract, data: st.DataObject) -> None:
    """Every generated contract passes every error rule, without a date and as of any date."""
    term = contract.term
    inside = data.draw(st.dates(term.start, term.last_day), label="inside the term")
    anywhere = data.draw(st.dates(), label="any day")
    for as_of in (None, term.start, inside, term.end, anywhere):
        assert set() == error_codes(contract, as_of)


@pytest.mark.slow
@given(
    ost.contracts(
        min_partners=3,
        max_partners=3,
        min_deliverables=2,
        max_deliverables=2,
        min_phases=1,
        max_phases=1,
        min_kpis=1,
        max_kpis=1,
        currencies=st.just("NOK"),
        min_date=D(2026, 1, 1),
        max_date=D(2026, 12, 31),
    )
)
def test_contracts_keep_within_the_bounds_given(contract: Contract) -> None:
    """Sizes, currency and dates stay inside the bounds the caller sets."""
    assert (3, 2, 1, 1) == (
        len(contract.parties),
        len(contract.deliverables),
        len(contract.phases),
        len(contract.kpis),
    )
    assert "NOK" == contract.currency
    assert D(2026, 1, 1) <= contract.term.start <= contract.term.last_day <= D(2026, 12, 31)


@pytest.mark.slow
@settings(settings.get_profile("default"), deadline=None)  # all health checks, no timing
@given(ost.contracts(max_deliverables=300))
def test_health_checks_pass_with_hundreds_of_deliverables(contract: Contract) -> None:
    """Up to 300 deliverables: no filter_too_much, too_slow, data_too_large or large_base_example."""
    assert validate(contract).ok


@pytest.mark.slow
@settings(settings.get_profile("default"), deadline=None, max_examples=10)
@given(ost.contracts(min_deliverables=300, max_deliverables=300))
def test_even_the_smallest_example_may_have_300_deliverables(contract: Contract) -> None:
    """The simplest contract with 300 deliverables still fits Hypothesis' buffer."""
    assert 300 == len(contract.deliverables)


@pytest.mark.slow
@given(ost.contracts(min_deliverables=1, min_milestones=1))
def test_histories_and_payments_are_what_the_lifecycle_records(contract: Contract) -> None:
    """Histories and payments are those the lifecycle functions would have recorded.

    Replaying a deliverable's history with start_work, submit, accept and reject gives the same
    history, and every milestone paid was payable on the day it was paid.
    """
    moves: dict[DeliverableStatus, Callable[..., Deliverable]] = {
        DeliverableStatus.IN_PROGRESS: start_work,
        DeliverableStatus.SUBMITTED: submit,
        DeliverableStatus.ACCEPTED: accept,
        DeliverableStatus.REJECTED: reject,
    }
    for d in contract.deliverables:
        recorded = [e for e in d.history if e.status is not DeliverableStatus.PLANNED]
        replayed = attrs.evolve(d, status=DeliverableStatus.PLANNED, history=())
        for e in recorded:
            reviewed = {"results": e.results} if e.results else {}
            replayed = moves[e.status](replayed, on=e.on, note=e.note, **reviewed)
        assert tuple(recorded) == replayed.history
    for m in contract.milestones:
        assert m.paid_on is None or payable(contract, m, m.paid_on)
        assert m.status_on == m.date_met or m.date_met is None


@pytest.mark.slow
@given(ost.contracts(min_change_requests=1))
def test_change_records_are_what_the_lifecycle_records(contract: Contract) -> None:
    """Versions and amendments match the applied changes; a status is its history's last move.

    Versions run 1, 2, 3..., the amendments apply the applied changes in the register's order, and
    only approved and applied changes carry an approval.
    """
    assert 1 + len(contract.amendments) == contract.version
    assert list(range(2, contract.version + 1)) == [a.version for a in contract.amendments]
    applied = [c.id for c in contract.change_requests if c.status is ChangeStatus.APPLIED]
    # An amendment observed in published data applied no change request of the register.
    assert applied == [a.change_request_id for a in contract.amendments if not a.observed]
    for change in contract.change_requests:
        last = change.history[-1].status if change.history else ChangeStatus.PROPOSED
        assert change.status is last
        assert (change.approval is not None) is (
            change.status in {ChangeStatus.APPROVED, ChangeStatus.APPLIED}
        )


# -- contracts that break one rule ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("code", ERROR_CODES)
@settings(max_examples=50)  # 13 rules: 650 examples; the line-coverage test below adds 260 more
@given(data=st.data())
def test_violating_breaks_exactly_that_rule(code: str, data: st.DataObject) -> None:
    """For every error rule in the catalogue, violating(code) breaks it and no other error rule.

    Rules about time (GATE_BEFORE_NEXT) are broken as of the term's end and not without a date;
    the others are broken as of any date, or none.
    """
    contract = data.draw(ost.violating(code))
    if CATALOGUE[code].needs_as_of:
        assert set() == error_codes(contract, None)
        assert {code} == error_codes(contract, contract.term.end)
        return
    for as_of in (None, contract.term.end, data.draw(st.dates(), label="any day")):
        assert {code} == error_codes(contract, as_of)


@settings(max_examples=25)  # plumbing: the bounds reach contracts()
@given(ost.violating("OWNER_REQUIRED", currencies=st.just("SEK"), min_deliverables=3))
def test_violating_passes_bounds_on_to_contracts(contract: Contract) -> None:
    """violating() takes the bounds of contracts() and keeps them."""
    assert "SEK" == contract.currency
    assert 3 <= len(contract.deliverables)


@settings(max_examples=25)  # plumbing: the minimum reaches contracts()
@given(ost.violating("GATE_BEFORE_NEXT", max_phases=2))
def test_violating_raises_the_minimums_a_rule_needs(contract: Contract) -> None:
    """A gate cannot be broken with fewer than two phases, so violating asks for two."""
    assert 2 == len(contract.phases)


def test_violating_refuses_unknown_codes_and_warnings() -> None:
    """Unknown codes and warning rules are clear errors, at once, not when drawing."""
    with pytest.raises(UnknownRuleError, match="unknown rule code 'OWNER_REQUIERD'"):
        ost.violating("OWNER_REQUIERD")
    with pytest.raises(InvalidValueError, match="KPI_OWNED is a warning"):
        ost.violating("KPI_OWNED")
    with pytest.raises(InvalidValueError, match="at least 2 to break this rule"):
        ost.violating("GATE_BEFORE_NEXT", max_phases=1)


# -- variety --------------------------------------------------------------------------------------


def _field_shapes(obj: Any) -> Iterator[str]:
    """Yield ``Class.field=shape`` for every field, recursively: enum values, None, empty, set."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        where = f"{type(obj).__name__}.{field.name}"
        if isinstance(value, enum.Enum):
            yield f"{where}={value.value}"
        elif value is None:
            yield f"{where}=None"
        elif isinstance(value, tuple | Mapping | str) and not value:
            yield f"{where}=empty"
        else:
            yield f"{where}=set"
        for item in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(item)):
                yield from _field_shapes(item)


def _possible_shapes(cls: type, seen: set[type] | None = None) -> set[str]:
    """Every shape a field of ``cls`` (and of the models inside it) can take in a valid contract."""
    seen = set() if seen is None else seen
    seen.add(cls)
    shapes: set[str] = set()
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        hint = hints[field.name]
        where = f"{cls.__name__}.{field.name}"
        parts = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        origin = typing.get_origin(hint)
        for part in parts:
            if part is type(None):
                shapes.add(f"{where}=None")
            elif isinstance(part, type) and issubclass(part, enum.Enum):
                shapes.update(f"{where}={member.value}" for member in part)
            else:
                shapes.add(f"{where}=set")
        if origin is tuple or hint == Mapping[str, Any] or field.default == "":
            shapes.add(f"{where}=empty")
        inner = [*typing.get_args(hint), hint]
        for model in inner:
            if isinstance(model, type) and attrs.has(model) and model not in seen:
                shapes |= _possible_shapes(model, seen)
    # A contract has a client and a provider; a credit scheme has a tier; a change request has an
    # operation (the models refuse less). A change's history holds the moves after its proposal,
    # and no move leads back to proposed; apply_change sums up what changed, and the change
    # requests drawn change something.
    return shapes - {
        "Contract.parties=empty",
        "CreditScheme.tiers=empty",
        "ChangeRequest.operations=empty",
        "ChangeEvent.status=proposed",
        "Amendment.summary=empty",
    }


@pytest.mark.slow
def test_examples_reach_every_enum_value_and_every_optional_field_both_ways() -> None:
    """Over 300 contracts every enum value occurs, and every optional field is set and unset
    (open-ended terms included, which are drawn on request)."""  # noqa: D205, D209
    seen: set[str] = set()

    @settings(max_examples=300, database=None, derandomize=True)
    @given(ost.contracts(open_ended=True))
    def collect(contract: Contract) -> None:
        seen.update(_field_shapes(contract))

    collect()
    expected = _possible_shapes(Contract)
    assert 100 < len(expected)
    assert set() == expected - seen


def _lines_of(code: types.CodeType) -> set[tuple[str, int]]:
    """The lines of a function's body (nested functions and generator expressions included)."""
    found = set()
    for _, _, line in code.co_lines():
        if line is not None and line > code.co_firstlineno:
            found.add((code.co_name, line))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _lines_of(const)
    return found


@pytest.mark.slow
def test_examples_run_every_line_of_every_rule() -> None:
    """Valid and violating examples together run every line of the catalogue's rules.

    The violating contracts have at least one of everything, so that every place a rule looks at
    (a person's partner, a gate's decider...) can be the one that is broken. Some lines need a rare
    draw (a change applied twice that stays within the policy): where a first round of examples
    leaves lines unrun, a second, larger round draws more, so the verdict does not hang on one seed.
    """
    rich = ost.ContractBounds(
        min_people=1,
        min_milestones=1,
        min_phases=2,
        min_kpis=1,
        min_risks=1,
        min_access_grants=1,
        min_change_requests=1,
    )
    checks: list[Any] = [r.check for r in CATALOGUE.values()]
    helpers = [
        f
        for module in RULE_MODULES
        for _, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__
    ]
    expected: set[tuple[str, int]] = set()
    for function in [*checks, *helpers]:
        expected |= _lines_of(function.__code__)
    ran: set[tuple[str, int]] = set()
    for valid, broken in [(100, 20), (0, 100)]:
        ran |= _lines_run(
            [(ost.contracts(), valid)]
            + [(ost.violating(code, **rich), broken) for code in ERROR_CODES]
        )
        if not expected - ran:
            break
    missed = sorted(expected - ran)
    assert [] == missed, missed


def _lines_run(strategies: list[tuple[Any, int]]) -> set[tuple[str, int]]:
    """The (function, line) pairs of the catalogue that validating the examples runs."""
    contracts: list[tuple[Contract, dt.date | None]] = []
    for strategy, count in strategies:
        if not count:
            continue

        @settings(max_examples=count, database=None, derandomize=True)
        @given(strategy, st.none() | st.dates())
        def collect(contract: Contract, as_of: dt.date | None) -> None:
            contracts.append((contract, as_of))
            contracts.append((contract, contract.term.end))

        collect()
    ran: set[tuple[str, int]] = set()
    filenames = {module.__file__ for module in RULE_MODULES}

    def trace(frame: types.FrameType, event: str, arg: object) -> Any:
        if frame.f_code.co_filename not in filenames:
            return None
        ran.add((frame.f_code.co_name, frame.f_lineno))
        return trace

    previous = sys.gettrace()  # coverage's tracer, when .ci/run measures: put it back after
    sys.settrace(trace)
    try:
        for contract, as_of in contracts:
            validate(contract, as_of=as_of)
            list(CATALOGUE["GATE_BEFORE_NEXT"](contract, None))
    finally:
        sys.settrace(previous)
    return ran


# -- shrinking ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_false_property_shrinks_to_a_minimal_contract() -> None:
    """'No contract has a deliverable' is false; the counterexample is the smallest contract.

    One client who owns one deliverable, one supplier responsible for it, a one-day term, and
    nothing else: readable at a glance.
    """
    minimal = find(
        ost.contracts(),
        lambda c: len(c.deliverables) > 0,
        settings=settings(database=None, derandomize=True),
    )
    assert (
        Contract(
            id="C-1",
            title="Web shop rebuild",
            parties=(
                Partner(
                    id="partner-1", name="Nordlys Sport AS", role=PartnerRole.CLIENT, country="US"
                ),
                Partner(id="partner-2", name="Kodehuset", role=PartnerRole.SUPPLIER, country="US"),
            ),
            term=Term(start=D(2000, 1, 1), end=D(2000, 1, 1)),
            value=Money(0, "EUR"),
            deliverables=(Deliverable(id="D-1", title="Design system"),),
            responsibilities=(
                Responsibility(subject_id="D-1", assignee_id="partner-1", role=Raci.ACCOUNTABLE),
                Responsibility(subject_id="D-1", assignee_id="partner-2", role=Raci.RESPONSIBLE),
            ),
        )
        == minimal
    )


# -- the strategies for each model ----------------------------------------------------------------


@given(ost.money(currencies=st.just("NOK"), min_amount="0.50", max_amount=3))
def test_money_keeps_its_bounds(money: Money) -> None:
    """money() keeps to the currency, the bounds and two decimal places."""
    assert "NOK" == money.currency
    assert Decimal("0.50") <= money.amount <= 3
    assert -2 == money.amount.as_tuple().exponent


@given(ost.kpis())
def test_kpis_are_coherent(kpi: KPI) -> None:
    """Every KPI's threshold, target and measurements agree with its direction and unit."""
    contract = attrs.evolve(example_contract(), kpis=(kpi,))
    assert [] == list(CATALOGUE["KPI_COHERENT"](contract))


@given(ost.phases(min_date=D(2026, 1, 1), max_date=D(2026, 3, 31)))
def test_phases_start_before_they_end_and_are_decided_after_they_start(phase: Phase) -> None:
    """A phase runs forwards inside the bounds; a decided gate is dated on or after its start."""
    assert D(2026, 1, 1) <= phase.start <= phase.end <= D(2026, 3, 31)
    assert phase.gate.decided_on is None or phase.start <= phase.gate.decided_on


@given(ost.deliverables(statuses=st.just(DeliverableStatus.ACCEPTED), ids=st.just("X")))
def test_accepted_deliverables_have_criteria(deliverable: Deliverable) -> None:
    """An accepted deliverable always says what it was accepted against."""
    assert "X" == deliverable.id
    assert deliverable.acceptance_criteria


@given(ost.gates(decisions=st.just(GateDecision.HOLD), deciders=st.just("ingrid")))
def test_decided_gates_say_who_and_when(gate: Gate) -> None:
    """A gate that is not pending has a decision date and a decider, from the strategies given."""
    assert ("ingrid", GateDecision.HOLD) == (gate.decided_by, gate.decision)
    assert gate.decided_on is not None


@given(
    ost.milestones(
        phase_ids=st.just("PH-1"),
        deliverable_ids=st.sampled_from(["D-1", "D-2"]),
        payments=st.none(),
        min_date=D(2026, 1, 1),
        max_date=D(2026, 1, 31),
    )
)
def test_milestones_use_the_references_given(milestone: Milestone) -> None:
    """A milestone refers to the phase and deliverables it is given and stays inside the dates."""
    assert "PH-1" == milestone.phase_id
    assert set(milestone.deliverable_ids) <= {"D-1", "D-2"}
    assert milestone.payment is None
    assert D(2026, 1, 1) <= milestone.due <= D(2026, 1, 31)


@given(
    ost.responsibilities(
        subject_ids=st.just("D-1"), assignee_ids=st.just("a"), roles=st.just(Raci.INFORMED)
    ),
    ost.people(partner_ids=st.just("partner-9")),
    ost.partners(roles=st.just(PartnerRole.INTERNAL)),
)
def test_parties_and_assignments_use_the_references_given(
    responsibility: Responsibility, person: Person, partner: Partner
) -> None:
    """Each strategy takes its references as keyword arguments and keeps to them."""
    assert Responsibility(subject_id="D-1", assignee_id="a", role=Raci.INFORMED) == responsibility
    assert "partner-9" == person.partner_id
    assert PartnerRole.INTERNAL == partner.role


@given(
    ost.terms(min_date=D(2026, 1, 1), max_date=D(2026, 1, 2)),
    ost.measurements(min_value=-5, max_value=5),
    ost.due_date_changes(min_date=D(2026, 1, 1), max_date=D(2026, 1, 1)),
)
def test_dated_strategies_keep_their_bounds(
    term: Term, measurement: Measurement, change: DueDateChange
) -> None:
    """Terms, measurements and rebaselines stay inside the dates and values given."""
    assert D(2026, 1, 1) <= term.start <= term.last_day <= D(2026, 1, 2)
    assert -5 <= measurement.value <= 5
    assert D(2026, 1, 1) == change.changed_on == change.previous_due


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: ost.contracts(min_deliverables=-1),
            r"contracts\(min_deliverables=...\): expected a whole number of at least 0, got -1",
        ),
        (
            lambda: ost.contracts(min_deliverables=3, max_deliverables=2),
            r"contracts\(max_deliverables=...\): expected at least min_deliverables, which is 3",
        ),
        (lambda: ost.contracts(min_partners=1), "a whole number of at least 2"),
        (lambda: untyped.contracts(max_kpis=1.5), "a whole number of at least 0"),
        (lambda: untyped.contracts(currencies=["EUR"]), "a Hypothesis strategy"),
        (
            lambda: untyped.contracts(min_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
            "a datetime.date",
        ),
        (lambda: untyped.contracts(min_date=D(2026, 2, 1), max_date=D(2026, 1, 1)), "on or after"),
        (
            lambda: untyped.contracts(min_phases=3, min_date=D(2026, 1, 1), max_date=D(2026, 1, 2)),
            "at most 2: a phase lasts a day or more",
        ),
        (lambda: untyped.money(places=-1), "at least 0"),
        (lambda: untyped.money(min_amount=2, max_amount=1), "at least 2"),
        (lambda: untyped.money(min_amount=0.5), "floats lose cents"),
        (lambda: untyped.partners(ids="partner-1"), r"partners\(ids=...\): expected a Hypothesis"),
        (lambda: untyped.measurements(min_value=5, max_value=1), "the minimum no larger"),
        (lambda: untyped.terms(min_date=None), r"terms\(min_date=...\)"),
        (lambda: untyped.risks(treated="yes"), r"risks\(treated=...\): expected True, False"),
        (lambda: untyped.access_grants(grantee_ids=["x"]), r"access_grants\(grantee_ids=...\)"),
        (lambda: untyped.evaluations(min_candidates=0), "a whole number of at least 1"),
        (lambda: untyped.evaluations(complete=1), r"evaluations\(complete=...\)"),
        (
            lambda: untyped.contracts(min_access_grants=1, max_people=0),
            "at least 1: access is granted to people",
        ),
        (
            lambda: untyped.meetings(min_date=D(2026, 2, 1), max_date=D(2026, 1, 1)),
            r"meetings\(max_date",
        ),
        (
            lambda: ost.change_requests(min_operations=0),
            r"change_requests\(min_operations=...\): expected a whole number of at least 1",
        ),
        (lambda: untyped.change_requests("C-1"), r"change_requests\(contract\)"),
        (lambda: untyped.operations(kinds=[Money]), r"operations\(kinds=...\)"),
        (lambda: untyped.tolerances(levels="executive"), r"tolerances\(levels=...\)"),
    ],
)
def test_arguments_are_checked_when_the_strategy_is_made(
    make: Callable[[], object], message: str
) -> None:
    """A bad argument fails at once with the function, the argument and what it accepts."""
    with pytest.raises(InvalidValueError, match=message):
        make()


# -- the public face ------------------------------------------------------------------------------


def public_functions_and_classes_of_the_package() -> dict[str, object]:
    """Each public function and class defined in any module of outsourcing.strategies, by name."""
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(ost.__path__, f"{ost.__name__}."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            public = not name.startswith("_")
            defined_here = getattr(value, "__module__", None) in {ost.__name__, module.__name__}
            if public and defined_here and (inspect.isfunction(value) or inspect.isclass(value)):
                found[name] = value
    return found


def test_all_is_exactly_the_public_strategies() -> None:
    """__all__ is sorted, importable, and lists every public strategy and nothing else.

    Helpers are private (their names start with ``_``), so every public function or class of the
    package's modules is meant for users and must be exported; the package namespace shows no
    other public name (its own imports are private too).
    """
    names = list(ost.__all__)
    assert sorted(set(names)) == names
    assert [] == [name for name in names if name.startswith("_")]
    star: dict[str, object] = {}
    exec("from outsourcing.strategies import *", star)  # noqa: S102 - the import users write
    assert {name: getattr(ost, name) for name in names} == {
        name: value for name, value in star.items() if name != "__builtins__"
    }
    assert {name: getattr(ost, name) for name in names} == (
        public_functions_and_classes_of_the_package()
    )
    assert set(names) == {name for name in dir(ost) if not name.startswith("_")}


@pytest.mark.parametrize("name", ost.__all__)
def test_each_export_reports_the_public_module(name: str) -> None:
    """Reprs, pickles and the API reference name outsourcing.strategies, never a private module."""
    value = getattr(ost, name)
    assert ("outsourcing.strategies", name) == (value.__module__, value.__qualname__)
    assert value is pickle.loads(pickle.dumps(value))  # noqa: S301 - our own object


# -- st.from_type and the optional dependency -----------------------------------------------------


def test_installing_the_library_registers_the_hypothesis_plugin() -> None:
    """The 'hypothesis' entry point points at the hook that registers the models."""
    [entry] = [
        e
        for e in importlib.metadata.entry_points(group="hypothesis")
        if e.value.startswith("outsourcing.")
    ]
    assert _hypothesis_setup_hook is entry.load()
    assert all(callable(getattr(ost, name)) for name in STRATEGIES.values())


def test_the_strategies_can_be_imported_before_hypothesis() -> None:
    """Importing outsourcing.strategies first imports Hypothesis, which runs the plugin: no cycle."""
    code = (
        "import outsourcing.strategies\n"
        "from hypothesis import Phase, find, settings, strategies as st\n"
        "from outsourcing import Contract\n"
        "quick = settings(database=None, phases=[Phase.generate])  # no need to shrink\n"
        "print(find(st.from_type(Contract), lambda contract: True, settings=quick).id)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert ("C-1\n", "", 0) == (done.stdout, done.stderr, done.returncode)


@pytest.mark.parametrize("model", list(STRATEGIES), ids=lambda m: m.__name__)
@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_from_type_knows_every_model(model: type, data: st.DataObject) -> None:
    """st.from_type builds every public model with the library's strategy."""
    assert isinstance(data.draw(st.from_type(model)), model)


@settings(max_examples=25)  # the registration; validity is tested on contracts() above
@given(st.from_type(Contract))
def test_from_type_contracts_are_valid(contract: Contract) -> None:
    """st.from_type(Contract) is contracts(): valid ones, not whatever the type hints allow."""
    assert validate(contract, as_of=contract.term.end).ok


TASK_MODULES = (
    "changes",
    "evaluation",
    "kpi_results",
    "lifecycle",
    "payments",
    "sourcing",
    "status",
)


def test_every_public_model_has_a_strategy() -> None:
    """Every attrs class the library exports (except rule machinery) can be generated."""
    machinery = {"Finding", "Report", "Rule", "Violation"}
    machinery |= {"PortfolioReport", "PortfolioRule", "PortfolioViolation"}
    machinery |= {"RuleSet", "AUTHORED", "PUBLISHED"}  # rule sets, and the built-in ones
    models = set()
    for name in ["outsourcing", *(f"outsourcing.{task}" for task in TASK_MODULES)]:
        module = importlib.import_module(name)
        models |= {
            getattr(module, n)
            for n in module.__all__
            if attrs.has(getattr(module, n)) and n not in machinery
        }
    assert models == set(STRATEGIES)


def test_without_hypothesis_the_import_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing the strategies without Hypothesis says which extra to install."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "outsourcing.strategies")
    with pytest.raises(MissingDependencyError, match=r"pip install 'outsourcing\[hypothesis\]'"):
        importlib.import_module("outsourcing.strategies")
    assert issubclass(MissingDependencyError, ImportError)
