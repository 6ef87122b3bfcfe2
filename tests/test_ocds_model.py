"""The model additions for published procurement data (issue 15): optional, lossless, checked."""

from __future__ import annotations

import datetime as dt
import json as std
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import (
    EXAMPLE_AS_OF,
    KPI,
    Address,
    Amendment,
    ChargePeriod,
    Contract,
    ContractStatus,
    Direction,
    Document,
    Identifier,
    Measurement,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Money,
    Partner,
    PartnerRole,
    PartyRole,
    RecurringCharge,
    Risk,
    RiskAllocation,
    TargetChange,
    Term,
    example_contract,
    heat_map,
    json,
    validate,
)
from outsourcing import strategies as ost
from outsourcing._io import convert
from outsourcing._models.contract import charge_horizon
from outsourcing.exceptions import InvalidValueError, NotFoundError
from outsourcing.json import _dumps_exactly
from outsourcing.kpi_results import KPIState, evaluate_kpi
from outsourcing.lifecycle import offboarding_list
from outsourcing.payments import LineKind, invoice_schedule
from outsourcing.sourcing import location_of
from outsourcing.status import status_report

BEFORE: Final = Path(__file__).parent / "data" / "documents-before-ocds.jsonl"
"""Documents written by the library before the additions: the example contract and generated
contracts, one per line, compact."""

D = dt.date(2026, 3, 1)


def published() -> Contract:
    """The example contract with every addition in use, as an import of published data has it."""
    c = example_contract()
    client, supplier, *others = c.parties
    pdf = Document(
        id="doc-1",
        document_type="contractSigned",
        title="Signed contract",
        description="The contract as signed, with its annexes.",
        url="https://example.org/contracts/1.pdf",
        date_published=dt.date(2026, 8, 30),
        date_modified=dt.date(2026, 9, 2),
        format="application/pdf",
        language="nb",
    )
    m0 = c.milestones[0]
    kpi = c.kpis[0]
    risk = c.risks[0]
    return attrs.evolve(
        c,
        ocid="ocds-213czf-000-00001",
        status=ContractStatus.ACTIVE,
        date_signed=dt.date(2026, 8, 28),
        description="A new web shop, built offshore in a pilot and two releases.",
        documents=(pdf,),
        parties=(
            attrs.evolve(
                client,
                identifier=Identifier(scheme="NO-BRC", id="912345678", legal_name="Nordlys AS"),
                additional_identifiers=(Identifier(legal_name="Nordlys Sport"),),
                address=Address(
                    street_address="Karl Johans gate 1",
                    locality="Oslo",
                    postal_code="0154",
                    country_name="Norway",
                    country="NO",
                ),
                party_roles=(PartyRole.BUYER, PartyRole.PROCURING_ENTITY, PartyRole.PAYER),
            ),
            attrs.evolve(supplier, country=None, address=Address(country_name="Polska")),
            *others,
        ),
        milestones=(
            attrs.evolve(
                m0,
                description="The pilot pages are live for all visitors.",
                code="PILOT-LIVE",
                documents=(attrs.evolve(pdf, id="cert-1", document_type="completionCertificate"),),
            ),
            *c.milestones[1:],
        ),
        kpis=(
            attrs.evolve(
                kpi,
                target_changes=(TargetChange(effective_on=dt.date(2027, 1, 1), target=kpi.target),),
                measurements=(
                    *kpi.measurements,
                    Measurement(
                        on=dt.date(2026, 12, 31),
                        value=Decimal("99.9"),
                        period_start=dt.date(2026, 10, 1),
                    ),
                ),
            ),
            *c.kpis[1:],
        ),
        risks=(
            attrs.evolve(risk, allocation=RiskAllocation.SHARED, allocation_details="50/50"),
            Risk(
                id="R-99", description="Demand is lower than forecast", likelihood=None, impact=None
            ),
            *c.risks[1:],
        ),
        amendments=(
            *c.amendments,
            Amendment(
                version=c.version + 1,
                date=dt.date(2027, 1, 15),
                change_request_id=None,
                rationale="Published between two releases",
                value_before=None,
                description="The delivery address of the second release changed.",
            ),
        ),
        version=c.version + 1,
    )


def before() -> list[str]:
    return BEFORE.read_text(encoding="utf-8").splitlines()


# -- documents written before the additions -----------------------------------------------------


@pytest.mark.parametrize("text", before(), ids=[f"line{i}" for i in range(len(before()))])
def test_documents_written_before_the_additions_load_and_are_written_back_byte_for_byte(
    text: str,
) -> None:
    """A document from before the additions loads, and is written back exactly as it was."""
    contract = json.loads(text)
    assert text == json.dumps(contract)
    assert msgspec.json.format(text, indent=2) == json.dumps(contract, indent=2)
    assert text == json.dumps(json.loads(text.encode()))


@pytest.mark.parametrize("text", before(), ids=[f"line{i}" for i in range(len(before()))])
def test_the_exact_path_writes_old_documents_with_the_same_keys_in_the_same_order(
    text: str,
) -> None:
    """The exact path (used when a decimal needs it) leaves out the same fields, in the same order.

    Floats in integrators' extensions may be spelt differently by the two writers (``1e16`` and
    ``1e+16``), so the documents are compared as ordered data, not as text.
    """
    contract = json.loads(text)
    expected = std.loads(text, object_pairs_hook=list)
    assert expected == std.loads(_dumps_exactly(contract, None), object_pairs_hook=list)


def test_an_unused_addition_is_left_out_of_the_document() -> None:
    """Fields added for published data are written only when they hold other than the default."""
    data = json.to_dict(example_contract())
    for name in ("ocid", "status", "date_signed", "description", "documents"):
        assert name not in data
    assert {"id", "name", "role", "country", "timezone", "capabilities"} == set(data["parties"][0])


# -- round trips ---------------------------------------------------------------------------------


def test_a_contract_with_every_addition_round_trips_on_both_paths() -> None:
    """Every addition survives the typed (fast) and the careful loading path, and both writers."""
    contract = published()
    text = json.dumps(contract)
    assert contract == json.loads(text)
    assert contract == json.from_dict(std.loads(text))
    assert text == _dumps_exactly(contract, None)
    assert contract == json.loads(json.dumps(contract, indent=2))


@pytest.mark.parametrize(
    "obj",
    [
        Identifier(scheme="GB-COH", id="01234567", legal_name="Acme Ltd", uri="https://acme.test"),
        Identifier(legal_name="Only a name"),
        Address(locality="Asunción", country_name="Paraguay", country="PY"),
        Address(),
        Document(id="d", url="https://example.org/d.pdf", format="application/pdf", language="es"),
        TargetChange(effective_on=D, target=Decimal("99.5"), warning=Decimal("99.8")),
        Measurement(on=D, value=Decimal("12.5"), period_start=dt.date(2026, 1, 1)),
    ],
    ids=["identifier", "name-only", "address", "empty-address", "document", "target", "period"],
)
def test_each_new_class_round_trips(obj: object) -> None:
    """Each class added for published data is written and read back equal, on its own."""
    assert obj == json.loads(json.dumps(obj), type(obj))
    assert obj == json.from_dict(json.to_dict(obj), type(obj))


# -- checks ---------------------------------------------------------------------------------------


def _partner(**changes: Any) -> Partner:
    return Partner(
        **{"id": "p", "name": "P", "role": PartnerRole.SUPPLIER, "country": "NO", **changes}
    )


@pytest.mark.parametrize(
    ("make", "field", "expected"),
    [
        (lambda: Identifier(scheme="X"), "Identifier.id", "an id or a legal name"),
        (lambda: Identifier(id=""), "Identifier.id", "a non-empty string"),
        (lambda: Address(country="Norway"), "Address.country", "ISO 3166-1 alpha-2"),
        (lambda: _partner(country="Norway"), "Partner.country", "ISO 3166-1 alpha-2"),
        (lambda: _partner(party_roles=("buyer",)), "Partner.party_roles[0]", "a PartyRole"),
        (lambda: _partner(party_roles=[PartyRole.BUYER]), "Partner.party_roles", "tuple"),
        (lambda: Document(id="d", language="Norwegian"), "Document.language", "language code"),
        (lambda: Document(id=" "), "Document.id", "a non-empty string"),
        (lambda: Document(id="d", date_published="2026-01-01"), "Document.date_published", "date"),  # type: ignore[arg-type]
        (
            lambda: Measurement(on=D, value=Decimal(1), period_start=dt.date(2026, 3, 2)),
            "Measurement.period_start",
            "on or before",
        ),
        (
            lambda: KPI(
                id="k",
                name="K",
                unit="%",
                direction=Direction.HIGHER_IS_BETTER,
                target=Decimal(99),
                target_changes=(
                    TargetChange(effective_on=dt.date(2027, 1, 1), target=Decimal(99)),
                    TargetChange(effective_on=dt.date(2026, 1, 1), target=Decimal(98)),
                ),
            ),
            "KPI.target_changes",
            "in the order they take effect",
        ),
        (
            lambda: Risk(id="r", description="d", likelihood=3, impact=None),
            "Risk.impact",
            "rate both, or neither",
        ),
        (
            lambda: Risk(id="r", description="d", likelihood=1, impact=1, allocation="shared"),  # type: ignore[arg-type]
            "Risk.allocation",
            "RiskAllocation",
        ),
        (lambda: Term(start=D, end="open"), "Term.end", "a datetime.date"),  # type: ignore[arg-type]
        (
            lambda: Milestone(id="m", title="M", due=D, status=MilestoneStatus.MET),
            "Milestone.date_met",
            "the date it was met",
        ),
    ],
)
def test_bad_values_of_the_additions_are_refused(make: Any, field: str, expected: str) -> None:
    """Each addition checks its own values, and names the field and what it expects."""
    with pytest.raises(InvalidValueError) as caught:
        make()
    assert field == caught.value.field
    assert expected in caught.value.expected


def test_loading_refuses_bad_additions_with_their_paths() -> None:
    """A bad value in an added field is refused at load with its JSON path."""
    data = json.to_dict(published())
    data["parties"][0]["party_roles"] = ["procuringEntity"]
    data["status"] = "complete"
    problems = convert.explain({k: v for k, v in data.items() if k != "schema_version"}, Contract)
    paths = {p.path for p in problems}
    assert {"$.parties[0].party_roles[0]", "$.status"} == paths


# -- meaning -------------------------------------------------------------------------------------


def test_a_partially_met_milestone_may_have_no_date_met() -> None:
    """``partially_met`` without a date is allowed (published data often has none)."""
    m = Milestone(id="m", title="M", due=D, status=MilestoneStatus.PARTIALLY_MET)
    assert m.date_met is None


def test_the_full_ocds_milestone_type_list_is_there() -> None:
    """Every OCDS 1.1 milestone type has a kind."""
    ocds = {"preProcurement", "approval", "engagement", "assessment", "delivery", "reporting",
            "financing"}  # fmt: skip
    values = {k.value for k in MilestoneKind}
    assert {"pre_procurement", "approval", "engagement", "assessment", "delivery", "reporting",
            "financing"} <= values  # fmt: skip
    assert len(ocds) == len({k for k in values if k != "payment"})


def test_a_kpi_target_holds_from_the_day_its_change_takes_effect() -> None:
    """``target_on`` gives the target in force: the KPI's own until the first change."""
    kpi = KPI(
        id="k",
        name="Availability",
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        target=Decimal(97),
        warning=Decimal(98),
        target_changes=(TargetChange(effective_on=dt.date(2027, 1, 1), target=Decimal(99)),),
    )
    assert (Decimal(97), Decimal(98)) == kpi.thresholds_on(dt.date(2026, 12, 31))
    assert (Decimal(99), None) == kpi.thresholds_on(dt.date(2027, 1, 1))
    assert Decimal(99) == kpi.target_on(dt.date(2030, 1, 1))


def test_an_unrated_risk_has_no_level_and_no_cell() -> None:
    """A risk without likelihood and impact scores 0, has no level, and stays off the heat map."""
    risk = Risk(id="r", description="d", likelihood=None, impact=None)
    assert (False, 0, None) == (risk.rated, risk.score, risk.level)
    assert all(not ids for ids in heat_map([risk]).values())


def test_an_open_ended_term_contains_every_later_day() -> None:
    """A term with no end is open-ended: its last day is the calendar's last."""
    term = Term(start=D, end=None)
    assert (True, dt.date.max) == (term.open_ended, term.last_day)
    assert dt.date(9999, 12, 31) in term
    assert dt.date(2026, 2, 28) not in term


def test_an_observed_amendment_names_no_change_request() -> None:
    """An amendment seen between releases carries only its rationale and description."""
    amendment = published().amendments[-1]
    assert amendment.observed
    assert not example_contract().amendments[0].observed


def test_the_value_as_signed_is_the_first_amendments_value_before() -> None:
    """``value_as_signed`` reads the first amendment, or the value when none says it."""
    c = example_contract()
    assert c.amendments[0].value_before == c.value_as_signed
    assert (
        Money("1", "NOK") == attrs.evolve(c, value=Money("1", "NOK"), amendments=()).value_as_signed
    )


# -- what the rules and operations make of them -------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_open_ended_contracts_are_valid_round_trip_and_report_finitely(data: st.DataObject) -> None:
    """Contracts drawn with open-ended terms pass the catalogue as of any day in their span,
    round-trip on both paths, and their invoice schedules and status reports are finite: the
    recurring charges run up to the period of the day asked about, not to the year 9999."""  # noqa: D205, D209
    contract = data.draw(ost.contracts(open_ended=True, max_deliverables=3, max_kpis=2))
    end = contract.term.end or contract.term.start + dt.timedelta(days=800)
    as_of = data.draw(st.dates(contract.term.start, end))
    assert [] == [v.code for v in validate(contract, as_of=as_of).errors]
    assert contract == json.loads(json.dumps(contract))
    assert contract == json.from_dict(std.loads(_dumps_exactly(contract, None)))
    schedule = invoice_schedule(contract, as_of)
    ends = [c.end for c in contract.recurring_charges if c.end is not None]
    horizon = max([contract.term.end or dt.date(as_of.year, 12, 31), *ends])
    charged = [p.start for p in schedule.periods if any(x.kind is LineKind.CHARGE for x in p.lines)]
    assert all(start <= horizon for start in charged)
    status_report(contract, as_of=as_of)


def test_an_open_ended_term_has_no_order_to_check_and_no_end_for_grants() -> None:
    """Nothing that needs the end of the term fires for an open-ended one."""
    c = example_contract()
    open_ = attrs.evolve(c, term=Term(start=c.term.start, end=None))
    assert validate(c, as_of=EXAMPLE_AS_OF).ok
    assert validate(open_, as_of=EXAMPLE_AS_OF).ok
    assert () == offboarding_list(open_)


def test_a_charge_without_end_in_an_open_ended_term_counts_up_to_the_day_asked_about() -> None:
    """``charge_horizon`` is the term's end, else the charge's, else the end of the period
    holding ``as_of``; with neither end and no day it is ``None``: no total."""  # noqa: D205, D209
    charge = RecurringCharge(
        id="F", title="Fee", amount=Money("100.00", "EUR"), start=dt.date(2026, 1, 15)
    )
    closed = Term(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    open_ = Term(start=dt.date(2026, 1, 1), end=None)
    assert dt.date(2026, 6, 30) == charge_horizon(charge, closed)
    assert charge_horizon(charge, open_) is None
    assert dt.date(2026, 3, 31) == charge_horizon(charge, open_, dt.date(2026, 3, 2))
    assert dt.date(2026, 2, 28) == charge_horizon(
        attrs.evolve(charge, end=dt.date(2026, 2, 28)), open_, dt.date(2030, 1, 1)
    )
    quarterly = attrs.evolve(charge, period=ChargePeriod.QUARTERLY)
    assert dt.date(9999, 12, 31) == charge_horizon(quarterly, open_, dt.date(9999, 11, 1))


def test_a_later_target_must_be_coherent_too() -> None:
    """KPI_COHERENT checks each target change's warning threshold and percentage range."""
    c = example_contract()
    kpi = c.kpis[0]  # availability in %, higher is better
    bad = (
        TargetChange(effective_on=dt.date(2027, 1, 1), target=Decimal(99), warning=Decimal(98)),
        TargetChange(effective_on=dt.date(2027, 6, 1), target=Decimal(101)),
    )
    report = validate(attrs.evolve(c, kpis=(attrs.evolve(kpi, target_changes=bad), *c.kpis[1:])))
    found = [(v.code, v.path) for v in report.errors]
    assert [
        ("KPI_COHERENT", "$.kpis[0].target_changes[0].warning"),
        ("KPI_COHERENT", "$.kpis[0].target_changes[1].target"),
    ] == found


def test_a_window_is_judged_by_the_target_in_force_at_its_end() -> None:
    """After a target change, windows are judged by the new target (PPP targets rise by year)."""
    kpi = KPI(
        id="k",
        name="Availability",
        unit="%",
        direction=Direction.HIGHER_IS_BETTER,
        target=Decimal(97),
        target_changes=(TargetChange(effective_on=dt.date(2027, 1, 1), target=Decimal(99)),),
        measurements=(
            Measurement(on=dt.date(2026, 12, 15), value=Decimal(98)),
            Measurement(on=dt.date(2027, 1, 15), value=Decimal(98)),
        ),
    )
    term = Term(start=dt.date(2026, 12, 1), end=dt.date(2027, 1, 31))
    states = [w.state for w in evaluate_kpi(kpi, term, dt.date(2027, 2, 1)).windows]
    assert [KPIState.MET, KPIState.BREACHED] == states


def test_observed_amendments_are_left_alone_by_the_change_rules() -> None:
    """An amendment with no change request resolves nothing and is applied by nothing."""
    contract = published()
    assert validate(contract, as_of=EXAMPLE_AS_OF).ok
    assert contract.version == 1 + len(contract.amendments)


def test_an_unknown_country_has_no_location() -> None:
    """Where a partner works from cannot be classed when its country is not known."""
    contract = published()
    with pytest.raises(NotFoundError, match="country"):
        location_of(contract, contract.parties[1].id)
