import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped] # no stubs in the test extras
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from outsourcing import (
    Contract,
    Direction,
    MilestoneStatus,
    Money,
    Partner,
    PartnerRole,
    Risk,
    TransactionKind,
    example_contract,
)
from outsourcing._models.codes import CURRENCIES
from outsourcing._ocds.write import currencies
from outsourcing.exceptions import InvalidValueError, LoadError
from outsourcing.ocds import dumps, from_ocds, loads, release_schema, to_ocds
from outsourcing.strategies import contracts

OCDS_CURRENCIES = st.sampled_from(sorted(currencies() & CURRENCIES))
DATA = Path(__file__).parent / "data" / "ocds"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def _validator() -> jsonschema.Draft4Validator:
    package_schema = json.loads((DATA / "schema" / "release-package-schema.json").read_text())
    release = Resource.from_contents(release_schema(), default_specification=DRAFT4)
    registry: Registry[Any] = Registry().with_resource(RELEASE_URL, release)
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


VALIDATOR = _validator()


def _errors(package: dict[str, Any]) -> list[str]:
    plain = json.loads(dumps(package))  # as a reader of the published file sees it
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(plain)]


def carried(contract: Contract) -> Contract:
    """What OCDS carries of a contract: what from_ocds(to_ocds(contract)) must give back.

    Kept: the id, title, term and value; each party's id, name, role and country; the first
    person of each party (as its contact point, whose id becomes "PARTY/contact"), name and
    e-mail; deliverables' ids and titles; milestones' ids, titles, due dates, kinds, statuses,
    dates met and status dates (a cancelled milestone reads back as scheduled: OCDS 1.1 has no
    such status); transactions (a payment from a provider to the client reads back
    as a refund, a credit note as a payment or refund by who paid whom); KPIs' ids, names,
    units, targets and measurements (read back as higher-is-better); risks' ids, descriptions
    and categories, and their owner where it is the client or a provider (the first provider
    stands for the private party). All else has no place in OCDS 1.1.
    """
    providers = [p.id for p in contract.parties if p.role is not PartnerRole.CLIENT]
    client = next((p.id for p in contract.parties if p.role is PartnerRole.CLIENT), None)
    firsts: dict[str, Any] = {}
    for person in contract.people:
        firsts.setdefault(person.partner_id, person)
    people = tuple(
        attrs.evolve(p, id=f"{p.partner_id}/contact", title=None)
        for p in firsts.values()
        if contract.partner(p.partner_id, default=None) is not None
    )
    people = tuple(
        sorted(people, key=lambda p: [q.id for q in contract.parties].index(p.partner_id))
    )

    def owner(risk: Risk) -> str | None:
        if risk.owner_id == client:
            return client
        if risk.owner_id in providers:
            return providers[0]
        return None

    def kind(payer: str, payee: str) -> TransactionKind:
        refund = payer in providers and payee == client
        return TransactionKind.REFUND if refund else TransactionKind.PAYMENT

    return Contract(
        id=contract.id,
        title=contract.title,
        parties=tuple(
            Partner(id=p.id, name=p.name, role=p.role, country=p.country) for p in contract.parties
        ),
        people=people,
        term=contract.term,
        value=contract.value,
        deliverables=tuple(
            attrs.evolve(d.__class__(id=d.id, title=d.title)) for d in contract.deliverables
        ),
        milestones=tuple(
            attrs.evolve(
                m,
                phase_id=None,
                deliverable_ids=(),
                payment=None,
                due_history=(),
                paid_on=None,
                status_on=m.date_met if m.date_met is not None else m.status_on,
            )
            if m.status is not MilestoneStatus.CANCELLED
            else attrs.evolve(
                m,
                phase_id=None,
                deliverable_ids=(),
                payment=None,
                due_history=(),
                paid_on=None,
                status=MilestoneStatus.SCHEDULED,
                status_on=None,
            )
            for m in contract.milestones
        ),
        transactions=tuple(
            attrs.evolve(
                t,
                kind=kind(t.payer_id, t.payee_id),
                milestone_id=None,
                charge_id=None,
                period=None,
                reference=None,
            )
            for t in contract.transactions
        ),
        kpis=tuple(
            k.__class__(
                id=k.id,
                name=k.name,
                unit=k.unit,
                direction=Direction.HIGHER_IS_BETTER,
                target=k.target,
                measurements=k.measurements,
            )
            for k in contract.kpis
        ),
        risks=tuple(
            Risk(
                id=r.id,
                description=r.description,
                category=r.category,
                likelihood=1,
                impact=1,
                owner_id=owner(r),
            )
            for r in contract.risks
        ),
    )


@settings(max_examples=40)
@given(contracts(currencies=OCDS_CURRENCIES))
def test_round_trip_gives_back_what_ocds_carries(contract: Contract) -> None:
    """from_ocds(to_ocds(c)), through the JSON text, gives back everything OCDS can carry."""
    text = dumps(to_ocds([contract]))
    result = loads(text)
    assert [carried(contract)] == [c.contract for c in result.contracts]


@settings(max_examples=25)
@given(
    st.lists(
        contracts(currencies=OCDS_CURRENCIES), min_size=1, max_size=2, unique_by=lambda c: c.id
    )
)
def test_to_ocds_always_validates_against_the_schema(drawn: list[Contract]) -> None:
    """to_ocds writes a release package that the OCDS 1.1 release package schema accepts."""
    assert [] == _errors(to_ocds(drawn))


def test_to_ocds_of_nothing_is_refused() -> None:
    """A release package holds at least one release: no contracts is an InvalidValueError."""
    with pytest.raises(InvalidValueError, match="at least one contract"):
        to_ocds([])
    with pytest.raises(InvalidValueError, match="different ids"):
        to_ocds([example_contract(), example_contract()])
    bolivar = attrs.evolve(example_contract(), value=Money(Decimal(1), "VED"))
    with pytest.raises(InvalidValueError, match=r"OCDS 1\.1 codelist"):
        to_ocds([bolivar])


def test_not_ocds_is_a_load_error() -> None:
    """Documents that are no OCDS release, record or package raise LoadError, naming the place."""
    documents: list[Any] = [[], {"title": "x"}, 5, {"records": 5}, {"releases": {}}]
    for document in documents:
        with pytest.raises(LoadError):
            from_ocds(document)
    with pytest.raises(LoadError, match="not JSON"):
        loads("{")


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_paths(item, (*path, i)))
    return found


def _fixtures() -> list[Any]:
    return [json.loads(p.read_text(), parse_float=Decimal) for p in sorted(DATA.glob("*.json"))]


@settings(max_examples=300)
@given(st.data())
def test_mutated_documents_never_raise_but_load_error(data: st.DataObject) -> None:
    """Any part of a real document replaced by any JSON, or removed: it imports or raises
    LoadError (the one documented error), never anything else."""  # noqa: D205, D209
    document: Any = copy.deepcopy(data.draw(st.sampled_from(_fixtures())))
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(document)[1:]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            parent[path[-1]] = data.draw(JSON)
        elif isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    try:
        result = from_ocds(document)
    except LoadError:
        return
    for imported in result.contracts:
        assert isinstance(imported.contract, Contract)
