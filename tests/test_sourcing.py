import datetime as dt
import json
from importlib import resources

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import BUSINESS_FUNCTIONS, Money, OfficeClass, classify_function, example_contract
from outsourcing._models.codes import COUNTRIES
from outsourcing.exceptions import (
    InvalidValueError,
    NotFoundError,
    OutsourcingError,
    UnknownFunctionError,
)
from outsourcing.sourcing import (
    LocationClass,
    SourcingCase,
    SourcingChoice,
    decide,
    location_class,
    location_of,
    neighbours,
    revisit,
    working_hours_overlap,
)
from outsourcing.strategies import countries, sourcing_cases

D = dt.date
HOUR = dt.timedelta(hours=1)


def usd(amount: int) -> Money:
    return Money(amount, "USD")


# -- where: onshore, nearshore, offshore -----------------------------------------------------


def test_the_sources_location_examples() -> None:
    """Seed 003: a US client with a Singapore supplier is offshore, Canadian nearshore, US onshore."""
    assert LocationClass.OFFSHORE == location_class("US", "SG")
    assert LocationClass.NEARSHORE == location_class("US", "CA")
    assert LocationClass.ONSHORE == location_class("US", "US")


def test_neighbour_data_is_symmetric_and_known() -> None:
    """Every border in the bundled GeoNames data is listed from both sides, with ISO codes only."""
    raw = json.loads(
        resources.files("outsourcing").joinpath("data/neighbours.json").read_text("utf-8")
    )
    assert "GeoNames" in raw["source"]
    assert raw["licence"].startswith("CC BY 4.0")
    table: dict[str, list[str]] = raw["neighbours"]
    for country, others in table.items():
        assert country in COUNTRIES
        assert sorted(set(others)) == others
        for other in others:
            assert country in table[other], (country, other)
    assert {"CA", "MX"} <= neighbours("US")
    assert "SE" in neighbours("NO")
    assert "NO" in neighbours("SE")
    assert frozenset() == neighbours("SG")


def test_neighbours_refuse_what_is_not_a_country_code() -> None:
    """A typo in a country code is an error naming the argument, not an empty answer."""
    with pytest.raises(InvalidValueError, match="partner_country: expected an ISO 3166-1"):
        location_class("US", "XX")
    with pytest.raises(InvalidValueError, match="country"):
        neighbours("usa")


@given(countries(), countries())
def test_location_class_is_symmetric(a: str, b: str) -> None:
    """Borders run both ways: a's class seen from b is b's class seen from a."""
    assert location_class(a, b) == location_class(b, a)
    assert (a == b) == (LocationClass.ONSHORE == location_class(a, b))


def test_a_partner_is_classed_relative_to_the_client() -> None:
    """location_of derives the class from the client's and the partner's countries."""
    contract = example_contract()
    assert LocationClass.ONSHORE == location_of(contract, "nordlys")
    assert LocationClass.OFFSHORE == location_of(contract, "kodehuset")  # PL from NO
    assert LocationClass.NEARSHORE == location_of(contract, "lumen")  # SE from NO
    with pytest.raises(NotFoundError):
        location_of(contract, "ghost")


# -- working hours across time zones ----------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "hours"),
    [
        (D(2026, 3, 6), 2),  # both on standard time: New York UTC-5, Oslo UTC+1
        (D(2026, 3, 9), 3),  # New York moved its clocks on 8 March, Oslo has not
        (D(2026, 3, 27), 3),
        (D(2026, 3, 30), 2),  # Oslo moved its clocks on 29 March
        (D(2026, 10, 26), 3),  # Oslo back on standard time on 25 October, New York not yet
        (D(2026, 11, 2), 2),  # New York back on 1 November
    ],
)
def test_overlap_between_oslo_and_new_york_follows_daylight_saving(on: dt.date, hours: int) -> None:
    """Nine-to-five in Oslo and New York overlap 2 hours, or 3 in the weeks the clocks disagree."""
    assert hours * HOUR == working_hours_overlap("America/New_York", "Europe/Oslo", on)
    assert hours * HOUR == working_hours_overlap("Europe/Oslo", "America/New_York", on)


def test_overlap_with_own_hours_and_far_zones() -> None:
    """Same zone: the whole day; other hours are each side's own; far apart may be no overlap."""
    on = D(2026, 6, 15)
    assert 8 * HOUR == working_hours_overlap("Europe/Oslo", "Europe/Oslo", on)
    early = (dt.time(7), dt.time(15))
    # New York 13:00-21:00 UTC (EDT) against Oslo 12:00-20:00 CEST, 10:00-18:00 UTC.
    assert 5 * HOUR == working_hours_overlap(
        "America/New_York", "Europe/Oslo", on, partner_hours=(dt.time(12), dt.time(20))
    )
    assert 0 * HOUR == working_hours_overlap("America/New_York", "Asia/Singapore", on)
    # Auckland (UTC+12 in June) is already in tomorrow: its 07:00-15:00 on the 16th is 19:00-03:00
    # UTC, against Los Angeles' 16:00-24:00 UTC on the 15th.
    assert 5 * HOUR == working_hours_overlap(
        "America/Los_Angeles", "Pacific/Auckland", on, partner_hours=early
    )


def test_overlap_refuses_bad_input() -> None:
    """Unknown zones and hours that end before they start are errors naming the argument."""
    with pytest.raises(InvalidValueError, match="partner_zone"):
        working_hours_overlap("Europe/Oslo", "Mars/Olympus", D(2026, 1, 5))
    with pytest.raises(InvalidValueError, match="hours"):
        working_hours_overlap("Europe/Oslo", "UTC", D(2026, 1, 5), hours=(dt.time(17), dt.time(9)))
    with pytest.raises(InvalidValueError, match=r"on: expected a datetime\.date"):
        working_hours_overlap("Europe/Oslo", "UTC", dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))


# -- what: back office or front office ---------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "office"),
    [
        ("accounting", OfficeClass.BACK_OFFICE),
        ("Payroll", OfficeClass.BACK_OFFICE),
        ("payment processing", OfficeClass.BACK_OFFICE),
        ("IT services", OfficeClass.BACK_OFFICE),
        ("HR", OfficeClass.BACK_OFFICE),
        ("compliance", OfficeClass.BACK_OFFICE),
        ("quality_assurance", OfficeClass.BACK_OFFICE),
        ("customer support", OfficeClass.FRONT_OFFICE),
        ("Technical-Support", OfficeClass.FRONT_OFFICE),
        ("sales", OfficeClass.FRONT_OFFICE),
        ("  Marketing ", OfficeClass.FRONT_OFFICE),
    ],
)
def test_the_sources_business_functions(function: str, office: OfficeClass) -> None:
    """Seed 003: accounting and payroll are back office; customer support and marketing front."""
    assert office == classify_function(function)


def test_business_functions_are_extensible() -> None:
    """Unknown functions are an error that says how to class them; `more` adds or overrides."""
    with pytest.raises(UnknownFunctionError, match="unknown business function 'Logistics'") as e:
        classify_function("Logistics")
    assert isinstance(e.value, OutsourcingError)
    assert OfficeClass.OTHER == classify_function(
        "logistics", more={"Logistics": OfficeClass.OTHER}
    )
    assert OfficeClass.FRONT_OFFICE == classify_function(
        "IT services", more={"it-services": OfficeClass.FRONT_OFFICE}
    )
    with pytest.raises(TypeError):
        BUSINESS_FUNCTIONS["x"] = OfficeClass.OTHER  # type: ignore[index]


# -- whether: insource or outsource -------------------------------------------------------------


def snack_launch() -> SourcingCase:
    """Seed 001: the launch campaign for a new candy bar, with the marketing team fully booked."""
    return SourcingCase(
        subject="Social media launch campaign for the new candy bar",
        considered_on=D(2027, 2, 1),
        internal_cost=usd(120_000),
        external_quote=usd(150_000),
        management_overhead=usd(15_000),
        transition_cost=usd(10_000),
        in_house_capacity=False,
        office=classify_function("marketing"),
        client_country="US",
        partner_country="US",
    )


def test_the_snack_company_outsources_the_launch_and_brings_it_back() -> None:
    """Seed 001: outsourced while marketing is fully booked, insourced once the campaign runs."""
    launch = decide(snack_launch())
    assert SourcingChoice.OUTSOURCE == launch.choice
    assert usd(175_000) == launch.outsource_cost  # quote + overhead + transition
    assert usd(120_000) == launch.insource_cost
    assert launch.reasons[0].startswith("the in-house team is fully booked")
    assert "the partner is onshore (US)" in launch.reasons
    assert not launch.reverses

    running = revisit(
        launch,
        considered_on=D(2027, 6, 1),
        in_house_capacity=True,
        internal_cost=usd(40_000),
        external_quote=usd(50_000),
        transition_cost=usd(5_000),
    )
    assert SourcingChoice.INSOURCE == running.choice
    assert SourcingChoice.OUTSOURCE == running.case.current
    assert running.reverses
    assert usd(45_000) == running.insource_cost  # the transition now counts against insourcing
    assert usd(65_000) == running.outsource_cost
    assert "this brings the work back in-house" in running.reasons
    assert D(2027, 6, 1) == running.decided_on


def test_cost_decides_when_the_team_can_do_it() -> None:
    """With capacity and skills, the cheaper option in full wins; a tie keeps the work in-house."""
    base = SourcingCase(
        subject="Accounting",
        considered_on=D(2027, 1, 4),
        internal_cost=usd(100_000),
        external_quote=usd(70_000),
        management_overhead=usd(10_000),
        risk_allowance=usd(5_000),
        office=OfficeClass.BACK_OFFICE,
        client_country="US",
        partner_country="SG",
    )
    outsourced = decide(base)
    assert SourcingChoice.OUTSOURCE == outsourced.choice
    assert LocationClass.OFFSHORE == outsourced.location
    assert any("back-office systems, a security risk" in r for r in outsourced.reasons)
    assert "the partner is offshore (SG)" in outsourced.reasons
    tie = decide(attrs.evolve(base, external_quote=usd(85_000)))
    assert SourcingChoice.INSOURCE == tie.choice
    assert "keeps control" in tie.reasons[0]
    no_skills = decide(attrs.evolve(base, external_quote=usd(500_000), in_house_skills=False))
    assert SourcingChoice.OUTSOURCE == no_skills.choice
    assert "lacks the skills" in no_skills.reasons[0]


def test_a_case_is_in_one_currency() -> None:
    """Amounts in another currency are refused where the case is built, naming the field."""
    with pytest.raises(
        InvalidValueError, match=r"SourcingCase\.risk_allowance: expected an amount"
    ):
        attrs.evolve(snack_launch(), risk_allowance=Money(1, "EUR"))
    with pytest.raises(InvalidValueError, match=r"SourcingCase\.in_house_capacity"):
        attrs.evolve(snack_launch(), in_house_capacity="no")  # type: ignore[arg-type]


@given(sourcing_cases(currencies=st.just("EUR")), st.decimals(0, 100_000, places=2))
def test_a_dearer_quote_never_tips_the_decision_to_outsourcing(
    case: SourcingCase, more: object
) -> None:
    """Raising the external quote can move a decision to insourcing, never away from it."""
    dearer = attrs.evolve(case, external_quote=case.external_quote + Money(more, "EUR"))  # type: ignore[arg-type]
    if decide(case).choice is SourcingChoice.INSOURCE:
        assert SourcingChoice.INSOURCE == decide(dearer).choice


@given(sourcing_cases())
def test_every_decision_explains_itself(case: SourcingCase) -> None:
    """A decision always gives reasons, and outsourcing without capacity or skills says so."""
    decision = decide(case)
    assert decision.reasons
    if not (case.in_house_capacity and case.in_house_skills):
        assert SourcingChoice.OUTSOURCE == decision.choice
    assert decision.reverses == (case.current not in {None, decision.choice})
