from decimal import Decimal

import pytest

from helpers import example_with
from outsourcing import (
    MilestoneStatus,
    Partner,
    PartnerRole,
    Person,
    Raci,
    Responsibility,
    example_contract,
)
from outsourcing.exceptions import NotFoundError


def test_lookups_by_id() -> None:
    """Each collection can be searched by id; a missing id raises NotFoundError naming it."""
    c = example_contract()
    assert "Kodehuset Sp. z o.o." == c.partner("kodehuset").name
    assert "Tomasz Nowak" == c.person("tomasz").name
    assert "Checkout" == c.deliverable("D-06").title
    assert "Go-live" == c.milestone("M-05").title
    assert "Pilot: product pages" == c.phase("PH-1").name
    assert "Shop availability" == c.kpi("K-availability").name
    assert isinstance(c.assignee("ingrid"), Person)
    assert isinstance(c.assignee("lumen"), Partner)
    with pytest.raises(NotFoundError, match="no deliverable with id 'D-99'") as info:
        c.deliverable("D-99")
    assert ("deliverable", "D-99") == (info.value.kind, info.value.id)
    with pytest.raises(LookupError):
        c.assignee("nobody")


def test_parties() -> None:
    """The client, the providers (subcontractors included) and the currency come from the parties.

    The prime providers are those who answer to the client: the subcontractor is not one.
    """
    c = example_contract()
    assert "nordlys" == c.client.id
    assert ["kodehuset", "lumen"] == [p.id for p in c.providers]
    assert ["kodehuset"] == [p.id for p in c.prime_providers]
    assert "NOK" == c.currency


def test_a_contract_without_client_says_so() -> None:
    """Asking for the client of a contract without one raises, rather than returning None."""
    c = example_contract()
    no_client = example_with(
        parties=tuple(
            Partner(id=p.id, name=p.name, role=PartnerRole.SUPPLIER, country=p.country)
            for p in c.parties
        )
    )
    with pytest.raises(NotFoundError, match=r"^this contract has no party with the client role$"):
        _ = no_client.client


def test_owner_of_a_deliverable() -> None:
    """The owner is the single accountable assignee, resolved to the person or partner."""
    c = example_contract()
    assert c.person("tomasz") == c.owner_of("D-04")
    assert c.person("ingrid") == c.owner_of("D-03")
    assert c.owner_of("D-nothing") is None


def test_owner_of_is_none_when_ownership_is_ambiguous() -> None:
    """Two accountable assignees means no single owner; OWNER_REQUIRED explains it."""
    extra = Responsibility(subject_id="D-04", assignee_id="ingrid", role=Raci.ACCOUNTABLE)
    c = example_with(responsibilities=(*example_contract().responsibilities, extra))
    assert c.owner_of("D-04") is None


def test_what_a_partner_answers_for() -> None:
    """A partner is accountable or responsible through its own assignments and its people's."""
    c = example_contract()
    assert ("D-01", "D-02", "D-04", "D-05", "D-06", "D-07", "D-08", "D-09") == c.accountable_for(
        "kodehuset"
    )
    assert ("D-03", "PH-1", "M-05") == c.accountable_for("ingrid")
    assert ("D-05",) == c.responsible_for("lumen")
    assert ("D-05",) == tuple(r.subject_id for r in c.assignments("lumen"))
    own_only = c.assignments("kodehuset", role=Raci.ACCOUNTABLE, include_people=False)
    assert () == own_only


def test_raci_matrix() -> None:
    """The matrix maps subject → assignee → roles, once each, in document order."""
    matrix = example_contract().raci_matrix()
    assert {
        "tomasz": (Raci.ACCOUNTABLE,),
        "lumen": (Raci.RESPONSIBLE,),
        "ingrid": (Raci.CONSULTED,),
    } == (matrix["D-05"])
    assert {"ingrid": (Raci.ACCOUNTABLE,), "kodehuset": (Raci.RESPONSIBLE,)} == matrix["M-05"]


def test_schedule_queries() -> None:
    """Deliverables of a milestone and milestones of a phase (by due date), phases by start."""
    c = example_contract()
    assert ["D-04", "D-05"] == [d.id for d in c.deliverables_of("M-03")]
    assert ["M-01", "M-02"] == [m.id for m in c.milestones_of("PH-1")]
    assert ["PH-1", "PH-2", "PH-3"] == [p.id for p in c.phases_in_order()]
    with pytest.raises(NotFoundError):
        c.milestones_of("PH-9")
    with pytest.raises(NotFoundError):
        c.deliverables_of("M-99")


def test_example_is_realistic() -> None:
    """The bundled example has a pilot first, payments and a run fee within the value, and owners."""
    c = example_contract()
    assert "pilot" == c.phases_in_order()[0].kind.value
    paid = sum(m.payment.amount for m in c.milestones if m.payment is not None)
    fee = sum(line.amount.amount for line in c.recurring_charges[0].lines(c.term.last_day))
    assert (Decimal(4_800_000), Decimal("1167096.77")) == (paid, fee)
    assert paid + fee <= c.value.amount
    assert all(c.owner_of(d.id) is not None for d in c.deliverables)
    assert MilestoneStatus.MET == c.milestone("M-01").status
