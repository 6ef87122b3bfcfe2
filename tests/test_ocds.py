import copy
import datetime as dt
import json
import os
import re
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
    KPI,
    PUBLISHED,
    Address,
    Contract,
    Deliverable,
    Direction,
    Identifier,
    Milestone,
    MilestoneStatus,
    Money,
    Partner,
    PartnerRole,
    PartyRole,
    Risk,
    TransactionKind,
    example_contract,
    validate,
)
from outsourcing._models.codes import COUNTRIES, CURRENCIES
from outsourcing._ocds.write import currencies
from outsourcing.exceptions import InvalidValueError, LoadError
from outsourcing.json import to_dict
from outsourcing.ocds import Note, dumps, from_ocds, load, loads, release_schema, to_ocds
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


def carried(contract: Contract, prefix: str = "ocds-0000") -> Contract:
    """What OCDS carries of a contract: what from_ocds(to_ocds(contract)) must give back.

    Kept: the id, ocid (``{prefix}-{id}`` when it has none), title, description, status, date
    signed, documents, term and value; each party's id, name, role, country, identifiers,
    address and party roles (a client gains the buyer role, a supplier the supplier role); the
    first person of each party (its contact point, whose id becomes "PARTY/contact"), name and
    e-mail (OCDS has one country per party, its address's: the address's code, else the
    party's, comes back as both); deliverables' ids and titles; milestones' ids, titles, due dates, kinds, statuses,
    dates met, status dates, descriptions, codes and documents (a cancelled milestone reads back
    as scheduled: OCDS 1.1 has no such status); transactions (a payment from a provider to the
    client reads back as a refund, a credit note as a payment or refund by who paid whom);
    amendments' dates, rationales and descriptions (read back as observed); KPIs' ids, names,
    units, targets, target changes (without warnings) and measurements (read back as
    higher-is-better); risks' ids, descriptions, categories and allocations (read back not rated
    and with no owner). All else has no place in OCDS 1.1.
    """
    client = next((p.id for p in contract.parties if p.role is PartnerRole.CLIENT), None)
    providers = [p.id for p in contract.parties if p.role is not PartnerRole.CLIENT]
    order = [p.id for p in contract.parties]
    firsts: dict[str, Any] = {}
    for person in contract.people:
        firsts.setdefault(person.partner_id, person)
    people = sorted(
        (
            attrs.evolve(p, id=f"{p.partner_id}/contact", title=None)
            for p in firsts.values()
            if p.partner_id in order
        ),
        key=lambda p: order.index(p.partner_id),
    )
    gained = {PartnerRole.CLIENT: (PartyRole.BUYER,), PartnerRole.SUPPLIER: (PartyRole.SUPPLIER,)}

    def partner(p: Partner) -> Partner:
        roles = tuple(dict.fromkeys((*gained.get(p.role, ()), *p.party_roles)))
        # OCDS has one country, the address's: the address's code, else the party's, is both.
        address = p.address
        named = address.country_name if address else None
        code = (address.country if address else None) or p.country
        if code is None and named is not None and named.strip().upper() in COUNTRIES:
            code = named.strip().upper()
        if address is not None:
            parts = attrs.evolve(address, country=None, country_name=None) != Address()
            address = attrs.evolve(address, country=code) if parts or named else None
        return Partner(
            id=p.id,
            name=p.name,
            role=p.role,
            country=code,
            identifier=p.identifier,
            additional_identifiers=tuple(dict.fromkeys(p.additional_identifiers)),
            address=address,
            party_roles=roles,
        )

    def kind(payer: str, payee: str) -> TransactionKind:
        refund = payer in providers and payee == client
        return TransactionKind.REFUND if refund else TransactionKind.PAYMENT

    def milestone(m: Milestone) -> Milestone:
        m = attrs.evolve(
            m, phase_id=None, deliverable_ids=(), payment=None, due_history=(), paid_on=None
        )
        if m.status is MilestoneStatus.CANCELLED:
            return attrs.evolve(m, status=MilestoneStatus.SCHEDULED, status_on=None)
        return attrs.evolve(m, status_on=m.date_met if m.date_met is not None else m.status_on)

    return Contract(
        id=contract.id,
        title=contract.title,
        parties=tuple(map(partner, contract.parties)),
        people=tuple(people),
        term=contract.term,
        value=contract.value,
        deliverables=tuple(Deliverable(id=d.id, title=d.title) for d in contract.deliverables),
        milestones=tuple(map(milestone, contract.milestones)),
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
            KPI(
                id=k.id,
                name=k.name,
                unit=k.unit,
                direction=Direction.HIGHER_IS_BETTER,
                target=k.target,
                target_changes=tuple(attrs.evolve(c, warning=None) for c in k.target_changes),
                measurements=k.measurements,
            )
            for k in contract.kpis
        ),
        risks=tuple(
            Risk(
                id=r.id,
                description=r.description,
                category=r.category,
                likelihood=None,
                impact=None,
                allocation=r.allocation,
                allocation_details=r.allocation_details,
            )
            for r in contract.risks
        ),
        amendments=tuple(
            attrs.evolve(a, change_request_id=None, value_before=None, summary=())
            for a in contract.amendments
        ),
        version=contract.version,
        ocid=contract.ocid or f"{prefix}-{contract.id}",
        status=contract.status,
        date_signed=contract.date_signed,
        description=contract.description,
        documents=contract.documents,
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


FIXTURES = sorted(p.name for p in DATA.glob("*.json"))


def _as_data(path: Path) -> dict[str, Any]:
    """What the importer made of a fixture, as plain data: contracts in our JSON, notes."""
    result = loads(path.read_bytes())

    def notes(found: tuple[Note, ...]) -> list[list[str]]:
        return [[n.path, n.kind.value, n.message] for n in found]

    return {
        "contracts": [
            {"ocid": c.ocid, "contract": to_dict(c.contract), "notes": notes(c.notes)}
            for c in result.contracts
        ],
        "notes": notes(result.notes),
    }


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_imports_to_the_expected_contracts_and_notes(name: str) -> None:
    """Each fixture (written in OCDS form by this project) gives exactly the contracts and notes
    reviewed in tests/data/ocds/expected/ (regenerate with OCDS_REGENERATE=1, then review)."""  # noqa: D205, D209
    expected_path = DATA / "expected" / name
    actual = _as_data(DATA / name)
    if os.environ.get("OCDS_REGENERATE"):
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n")
    assert json.loads(expected_path.read_text()) == actual


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_round_trips_through_to_ocds(name: str) -> None:
    """What a fixture imports to is written by to_ocds as a valid package, which reads back to
    the same contracts, up to what OCDS cannot carry (carried()). Contracts of one process are
    written as releases of the same ocid, merged back in the order of their dates."""  # noqa: D205, D209
    imported = [c.contract for c in loads((DATA / name).read_bytes()).contracts]
    if not imported:
        return
    package = to_ocds(imported)
    assert [] == _errors(package)
    back = [c.contract for c in loads(dumps(package)).contracts]
    assert sorted(map(carried, imported), key=_key) == sorted(back, key=_key)


def _key(contract: Contract) -> tuple[str, str]:
    return (contract.ocid or "", contract.id)


def test_floats_from_json_load_are_read_as_their_shortest_decimals() -> None:
    """A document parsed by json.load (floats) gives the amounts as written in the file."""
    data = json.loads((DATA / "release-package-1.1.json").read_text())
    contract = from_ocds(data).contracts[0].contract
    assert Money("259658.286", "MXN") == contract.value


def test_load_dumps_and_published_date() -> None:
    """Load reads a file; dumps writes compact JSON without indent; published sets the date."""
    with (DATA / "release-1.0.json").open("rb") as file:
        contract = load(file).contracts[0].contract
    stamp = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    package = to_ocds([contract], published=stamp)
    assert "2026-01-02T03:04:05Z" == package["publishedDate"]
    assert "\n" not in dumps(package, indent=None)
    assert json.loads(dumps(package, indent=None)) == json.loads(dumps(package))


def test_a_contract_without_client_is_written_without_buyer() -> None:
    """No client: no buyer in the release; read back, the contract has no client either."""
    contract = example_contract()
    providers = tuple(p for p in contract.parties if p.role is not PartnerRole.CLIENT)
    orphan = attrs.evolve(
        contract, parties=providers, people=(), transactions=(), risks=(), kpis=()
    )
    package = to_ocds([orphan])
    assert "buyer" not in package["releases"][0]
    assert [] == _errors(package)
    back = from_ocds(package).contracts[0]
    assert [(p.id, p.role) for p in providers] == [(p.id, p.role) for p in back.contract.parties]
    assert ("$.releases[0]", "left_out", "no buyer: the contract has no client") in {
        (n.path, n.kind.value, n.message) for n in back.notes
    }


def test_records_and_releases_that_are_no_objects_are_noted() -> None:
    """A record or release that is not an object is a note at its path, not an error."""
    result = from_ocds({"records": [5], "version": "1.1"})
    assert ((), [("$.records[0]", "not a record object")]) == (
        result.contracts,
        [(n.path, n.message) for n in result.notes],
    )


_RELEASES = st.fixed_dictionaries(
    {
        "ocid": st.just("ocds-0000-1"),
        "id": st.text(max_size=3),
        "date": st.sampled_from(["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", 5, None]),
    },
    optional={"contracts": JSON, "parties": JSON, "awards": JSON, "buyer": JSON, "tag": JSON},
)


@settings(max_examples=100)
@given(st.lists(_RELEASES, min_size=2, max_size=3))
def test_releases_of_any_shape_merge_or_are_noted(releases: list[dict[str, Any]]) -> None:
    """Releases of one process that ocdsmerge cannot merge (no date, odd shapes) give the newest
    release alone and a note: never an error from inside ocdsmerge."""  # noqa: D205, D209
    result = from_ocds({"releases": releases})
    assert all(isinstance(c.contract, Contract) for c in result.contracts)


# Shapes met in real publishers' data (issue 15): each fixture is written by this project in the
# shape a publisher used, not copied from it.


def test_payer_and_payee_written_in_place_are_the_parties_of_that_identifier_or_name() -> None:
    """An OCDS 1.0 providerOrganization or receiverOrganization has ids of its own (a register
    number, a department code): the partner with its identifier, else its name (without case or
    extra spaces), is the payer or payee, with a note; the published rules find no dangling
    reference."""  # noqa: D205, D209
    imported = loads((DATA / "release-payer-in-place.json").read_bytes()).contracts[0]
    contract = imported.contract
    assert [("T1", "HARBOUR", "QUAY"), ("T2", "HARBOUR", "QUAY")] == [
        (t.id, t.payer_id, t.payee_id) for t in contract.transactions
    ]
    where = "$.contracts[0].implementation.transactions[0]"
    assert [
        (f"{where}.providerOrganization", "guessed", "'0042' read as party 'HARBOUR': same name"),
        (
            f"{where}.receiverOrganization",
            "guessed",
            "'QW-9' read as party 'QUAY': same identifier",
        ),
    ] == [(n.path, n.kind.value, n.message) for n in imported.notes]
    assert () == validate(contract, rules=PUBLISHED).violations


def test_a_payer_that_is_no_party_stays_a_dangling_reference() -> None:
    """A payer named nowhere else in the release (another organisation, no name in common) is
    kept as published, with a note, and the published rules report the dangling reference."""  # noqa: D205, D209
    data = json.loads((DATA / "release-payer-in-place.json").read_text())
    data["contracts"][0]["implementation"]["transactions"][0]["providerOrganization"] = {
        "id": "0042",
        "legalName": "Treasury",
    }
    imported = from_ocds(data).contracts[0]
    assert "0042" == imported.contract.transactions[0].payer_id
    assert (
        "$.contracts[0].implementation.transactions[0].providerOrganization",
        "lossy",
        "'0042' is no party of the contract",
    ) in {(n.path, n.kind.value, n.message) for n in imported.notes}
    found = validate(imported.contract, rules=PUBLISHED).violations
    assert [("REF_RESOLVES", "$.transactions[0].payer_id")] == [(v.code, v.path) for v in found]


def test_a_contract_s_own_suppliers_are_its_suppliers() -> None:
    """The suppliers a contract lists itself (an extension several publishers use, as an array
    or as one object) are its suppliers when its award names none."""  # noqa: D205, D209
    result = loads((DATA / "release-contract-suppliers.json").read_bytes())
    assert [
        ("C-40-1", [("PORT", "client"), ("Lift Services", "supplier")]),
        ("C-40-2", [("PORT", "client"), ("CQ-7", "supplier")]),
    ] == [
        (c.contract.id, [(p.id, p.role.value) for p in c.contract.parties])
        for c in result.contracts
    ]
    assert ("$.releases[0].contracts[1].suppliers", "an object, not an array: one supplier") in {
        (n.path, n.message) for n in result.all_notes
    }
    assert all(validate(c.contract, rules=PUBLISHED).ok for c in result.contracts)


def test_a_contract_repeated_in_one_release_is_one_contract() -> None:
    """Objects of one id in an array are one object in OCDS (merged): a contract published twice
    in a release is read once, from the last, with a note of what only the other says; the
    contracts can be written back."""  # noqa: D205, D209
    result = loads((DATA / "release-repeated-contract.json").read_bytes())
    assert [("52-2024", "active")] == [
        (c.contract.id, c.contract.status and c.contract.status.value) for c in result.contracts
    ]
    assert [
        (
            "$.contracts[0]",
            "lossy",
            "contract '52-2024' again at $.contracts[1], which is read (documents only here)",
        )
    ] == [(n.path, n.kind.value, n.message) for n in result.notes]
    assert [] == _errors(to_ocds([c.contract for c in result.contracts]))


def _resolves(data: object, path: str) -> bool:
    """Whether a plain JSONPath ($.a.b[0]["c d"]) names something in data."""
    here = data
    for name, index, quoted in re.findall(
        r'\.([A-Za-z_]\w*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]', path[1:]
    ):
        if index:
            if not isinstance(here, list) or int(index) >= len(here):
                return False
            here = here[int(index)]
            continue
        key = name or json.loads(quoted)
        if not isinstance(here, dict) or key not in here:
            return False
        here = here[key]
    return True


@pytest.mark.parametrize("name", FIXTURES)
def test_every_note_names_something_in_the_source(name: str) -> None:
    """A note's path names a member of the source document, never one that is missing (a note
    about a missing field names the object without it). Paths into merged releases, which start
    with a filter, are left out: they name the compiled release."""  # noqa: D205, D209
    data = json.loads((DATA / name).read_text())
    paths = [n.path for n in loads((DATA / name).read_bytes()).all_notes if "?(" not in n.path]
    assert [] == [p for p in paths if not _resolves(data, p)]


def test_text_published_only_in_language_variants_and_a_procuring_entity_for_a_buyer() -> None:
    """A title, description or name published only as language variants (title_en, title_fr)
    is read in the release's language, else the first; a release with no buyer but a procuring
    entity has it for client. Each is a guessed note; an observation without a measure says so."""  # noqa: D205, D209
    imported = loads((DATA / "release-language-variants.json").read_bytes()).contracts[0]
    contract = imported.contract
    assert ("Entretien des parcs", ["Tonte"]) == (
        contract.title,
        [d.title for d in contract.deliverables],
    )
    assert [("MIN-7", "Ministère des Parcs", "client"), ("GREEN", "Green Crews", "supplier")] == [
        (p.id, p.name, p.role.value) for p in contract.parties
    ]
    assert [
        ("$", "guessed", "no buyer: the procuring entity 'MIN-7' is the client"),
        ("$.parties[0].name_fr", "guessed", "no name: name_fr is used"),
        ("$.contracts[0].title_fr", "guessed", "no title: title_fr is used"),
        (
            "$.contracts[0].implementation.metrics[0].observations[0]",
            "left_out",
            "an observation with no measure",
        ),
        (
            "$.contracts[0].items[0].description_fr",
            "guessed",
            "no description: description_fr is used",
        ),
    ] == [
        (n.path, n.kind.value, n.message)
        for n in imported.notes
        if n.kind.value == "guessed" or "observation" in n.message
    ]
    assert validate(contract, rules=PUBLISHED).ok


def test_an_identifier_listed_twice_is_written_once() -> None:
    """OCDS wants a party's additional identifiers unique: a partner that lists one twice (as
    imported data can) is written with it once, and the package validates."""  # noqa: D205, D209
    contract = example_contract()
    first = contract.parties[0]
    twice = attrs.evolve(first, additional_identifiers=(Identifier(scheme="GB-COH", id="1"),) * 2)
    package = to_ocds([attrs.evolve(contract, parties=(twice, *contract.parties[1:]))])
    assert [{"scheme": "GB-COH", "id": "1"}] == package["releases"][0]["parties"][0][
        "additionalIdentifiers"
    ]
    assert [] == _errors(package)
