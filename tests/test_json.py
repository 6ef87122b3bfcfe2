"""The JSON form: lossless round trips, strictness, and one clear error for every kind of bad input."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import json as std
import math
import re
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import example_with, replace_at
from outsourcing import (
    KPI,
    Contract,
    Direction,
    Gate,
    GateDecision,
    Milestone,
    Money,
    Window,
    example_contract,
    json,
)
from outsourcing import strategies as ost
from outsourcing._hypothesis_plugin import STRATEGIES
from outsourcing.exceptions import InvalidValueError, LoadError, OutsourcingError, Problem

MODELS = [m for m in STRATEGIES if m is not Contract]  # contracts have a test of their own


def document() -> dict[str, Any]:
    """The example contract's JSON document, as plain data to spoil."""
    return json.to_dict(example_contract())


def problems_of(data: object, type_: type = Contract) -> list[tuple[str, str]]:
    """Load ``data`` (a document as Python data, or JSON text) and return its problems."""
    text = data if isinstance(data, str | bytes) else std.dumps(data)
    with pytest.raises(LoadError) as caught:
        json.loads(text, type_)
    return [(p.path, p.message) for p in caught.value.problems]


# -- round trips -------------------------------------------------------------------------------


def test_example_round_trips() -> None:
    """Loading what was dumped gives back an equal contract, extensions included."""
    contract = example_with(extensions={"erp": {"project": 4711, "tags": ["web", None, 1.5]}})
    assert contract == json.loads(json.dumps(contract))
    assert contract.extensions == json.loads(json.dumps(contract)).extensions


def test_every_model_class_round_trips_on_its_own() -> None:
    """Any model object is a document of its own type, not only a contract."""
    contract = example_contract()
    for obj in (contract.milestones[2], contract.phases[0], contract.kpis[1], contract.value):
        assert obj == json.loads(json.dumps(obj), type(obj))


def test_values_are_written_in_their_json_forms() -> None:
    """Amounts are decimal strings, dates ISO 8601, enums their values, empty fields explicit."""
    data = document()
    assert 1 == data["schema_version"]
    assert {"amount": "6000000", "currency": "NOK"} == data["value"]
    assert {"start": "2026-09-07", "end": "2027-08-27"} == data["term"]
    assert "go_with_conditions" == data["phases"][0]["gate"]["decision"]
    assert "99.92" == data["kpis"][0]["measurements"][0]["value"]
    assert [] == data["parties"][0]["capabilities"]
    assert data["people"][2]["email"] is None


def test_decimals_keep_their_digits_and_never_use_exponents() -> None:
    """Trailing zeros survive; an exponent is written out in plain notation."""
    for text, written in (("1200.50", "1200.50"), ("1E+3", "1000"), ("0.0000001", "0.0000001")):
        money = Money(Decimal(text), "EUR")
        data = json.to_dict(money)
        assert written == data["amount"]
        assert money == json.loads(json.dumps(money), Money)
    assert "1200.50" == str(json.loads(json.dumps(Money("1200.50", "EUR")), Money).amount)


def test_to_dict_returns_new_data() -> None:
    """Changing what to_dict returned does not change the contract's extensions."""
    contract = example_with(extensions={"erp": {"tags": ["web"]}})
    json.to_dict(contract)["extensions"]["erp"]["tags"].append("changed")
    assert {"erp": {"tags": ["web"]}} == dict(contract.extensions)


def test_from_dict_reads_parsed_documents() -> None:
    """from_dict takes what a web framework already parsed."""
    assert example_contract() == json.from_dict(document())


def test_dump_and_load_use_files(tmp_path: Any) -> None:
    """Dump writes an indented document that load reads back, from text or binary files."""
    path = tmp_path / "contract.json"
    with path.open("w", encoding="utf-8") as file:
        json.dump(example_contract(), file)
    assert path.read_text(encoding="utf-8").startswith('{\n  "schema_version": 1,')
    with path.open("rb") as file:
        assert example_contract() == json.load(file)


json_data = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)
amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=1, max_value=10**9)
texts = st.text(min_size=1).filter(lambda s: not s.isspace())


@st.composite
def contracts(draw: st.DrawFn) -> Contract:
    """The example contract with drawn titles, amounts, dates, KPI values and extensions."""
    contract = example_contract()
    milestones = contract.milestones
    for i in range(len(milestones)):
        payment = draw(st.none() | amounts.map(lambda a: Money(a, "NOK")))
        paid_on = milestones[i].paid_on if payment is not None else None
        milestones = replace_at(milestones, i, title=draw(texts), payment=payment, paid_on=paid_on)
    kpi = attrs.evolve(
        contract.kpis[1],
        target=draw(st.decimals(allow_nan=False, allow_infinity=False)),
        warning=draw(st.none() | st.decimals(allow_nan=False, allow_infinity=False)),
        window=draw(st.sampled_from([Window.whole_term(), Window.rolling(7)])),
    )
    start = draw(st.dates())
    return attrs.evolve(
        contract,
        title=draw(texts),
        term=attrs.evolve(contract.term, start=start),
        milestones=milestones,
        kpis=(kpi,),
        version=draw(st.integers(min_value=1, max_value=10**30)),
        extensions=draw(st.dictionaries(st.text(), json_data, max_size=4)),
    )


@given(contracts())
def test_round_trip_is_lossless(contract: Contract) -> None:
    """For any contract, loads(dumps(x)) == x, with extensions kept verbatim."""
    loaded = json.loads(json.dumps(contract))
    assert contract == loaded
    assert std.dumps(dict(contract.extensions)) == std.dumps(dict(loaded.extensions))


@given(ost.contracts())
def test_generated_contracts_round_trip(contract: Contract) -> None:
    """Every contract the library's strategies draw (histories, grants, meetings...) round-trips."""
    assert contract == json.loads(json.dumps(contract))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_generated_model_round_trips(model: type, data: st.DataObject) -> None:
    """loads(dumps(x), type(x)) == x for every public model, reports and results included."""
    obj = data.draw(st.from_type(model))
    assert obj == json.loads(json.dumps(obj), model)


# -- strictness --------------------------------------------------------------------------------


def spoil(path: str, value: object) -> dict[str, Any]:
    """The example document with the value at ``path`` (``a.0.b``) replaced, or removed if ...."""
    data = document()
    *parents, last = path.split(".")
    node: Any = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is ...:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


STRICT = [
    ("id", 5, "$.id", "expected a string, got 5"),
    ("version", 12.9, "$.version", "expected an integer, got 12.9"),
    ("version", True, "$.version", "expected an integer, got true"),
    ("version", "2", "$.version", 'expected an integer, got "2"'),
    ("parties", "nordlys", "$.parties", 'expected an array, got "nordlys"'),
    ("parties.0.capabilities", "UX", "$.parties[0].capabilities", 'expected an array, got "UX"'),
    ("value.amount", 4800000, "$.value.amount", "expected a decimal number in a string, such as "),
    ("value.amount", 4800000.0, "$.value.amount", "got 4800000.0"),
    ("value.amount", "4.8e6", "$.value.amount", 'got "4.8e6"'),
    ("value.amount", " 100", "$.value.amount", 'got " 100"'),
    ("value.amount", "NaN", "$.value.amount", 'got "NaN"'),
    ("term.start", "soon", "$.term.start", 'expected an ISO 8601 date (YYYY-MM-DD), got "soon"'),
    ("term.start", "20260907", "$.term.start", 'got "20260907"'),
    ("term.start", "2026-W36-1", "$.term.start", 'got "2026-W36-1"'),
    ("term.start", "2026-02-30", "$.term.start", "expected a date that exists in the calendar"),
    ("term.start", "2026-09-07T00:00", "$.term.start", 'got "2026-09-07T00:00"'),
    ("parties.1.role", "vendor", "$.parties[1].role", 'expected one of "client", "supplier"'),
    ("parties.1.role", "SUPPLIER", "$.parties[1].role", 'got "SUPPLIER"'),
    ("milestones.2.payment", [], "$.milestones[2].payment", "expected an object (Money), or null"),
    ("milestones.2.deliverable_ids.1", 5, "$.milestones[2].deliverable_ids[1]", "got 5"),
    ("milestones.2.due", ..., "$.milestones[2].due", "missing (expected an ISO 8601 date"),
    ("milestones.2.colour", "red", "$.milestones[2].colour", "unknown key; Milestone has only: id"),
    ("phases.0.gate.decided_on", None, "$.phases[0].gate.decided_on", "expected the date of"),
    (
        "milestones.2.payment",
        {"amount": "-5", "currency": "NOK"},
        "$.milestones[2].payment",
        "expected a positive amount, got {",
    ),
    ("parties.0.country", "XX", "$.parties[0].country", "expected an ISO 3166-1 alpha-2 country"),
    ("parties.0.timezone", "Mars/Base", "$.parties[0].timezone", "expected an IANA time zone"),
    (
        "deliverables.0.acceptance_criteria",
        [],
        "$.deliverables[0].acceptance_criteria",
        "expected at least one criterion",
    ),
    (
        "deliverables.3.acceptance_criteria.0",
        " ",
        "$.deliverables[3].acceptance_criteria[0]",
        "expected a non-empty string",
    ),
    ("kpis.1.window.days", None, "$.kpis[1].window.days", "expected a whole number of at least 1"),
    ("value.currency", "nok", "$.value.currency", "expected an ISO 4217 currency code"),
    ("extensions", ["a"], "$.extensions", "expected an object, got an array of 1 item"),
    ("title", "", "$.title", 'expected a non-empty string, got ""'),
]


@pytest.mark.parametrize(("where", "value", "path", "message"), STRICT)
def test_loading_is_strict(where: str, value: object, path: str, message: str) -> None:
    """No silent coercion: each wrong value is refused at its JSON path, saying what was expected."""
    found = problems_of(spoil(where, value))
    assert 1 == len(found), found
    assert path == found[0][0]
    assert message in found[0][1]


def test_every_problem_is_reported_at_once() -> None:
    """Problems in different objects all appear, in document order."""
    data = document()
    data["milestones"][0]["due"] = "soon"
    data["milestones"][2]["payment"] = 5
    data["deliverables"][1]["status"] = "done"
    del data["term"]
    data["extra"] = 1
    assert [
        "$.term",
        "$.deliverables[1].status",
        "$.milestones[0].due",
        "$.milestones[2].payment",
        "$.extra",
    ] == [path for path, _ in problems_of(data)]


def test_a_load_error_renders_every_problem() -> None:
    """The message lists each problem on its own line, and LoadError is an OutsourcingError."""
    data = spoil("milestones.2.due", "soon")
    with pytest.raises(OutsourcingError) as caught:
        json.loads(std.dumps(data))
    assert (
        "1 problem in the Contract document:\n"
        '  $.milestones[2].due: expected an ISO 8601 date (YYYY-MM-DD), got "soon"'
    ) == str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_long_lists_of_problems_are_cut_in_the_message_and_capped_with_a_count() -> None:
    """A thousand bad ids: the first hundred in ``problems`` and a count of the rest, 50 shown."""
    data = document()
    data["deliverables"] = [{"id": i, "title": "x"} for i in range(1000)]
    with pytest.raises(LoadError) as caught:
        json.loads(std.dumps(data))
    assert 101 == len(caught.value.problems)
    assert (
        Problem("$.deliverables[99].id", "expected a string, got 99") == (caught.value.problems[99])
    )
    assert "and 900 more items with problems" in caught.value.problems[-1].message
    assert str(caught.value).endswith("... and 51 more (see LoadError.problems)")


def test_extension_keys_that_are_not_names_are_quoted_in_paths() -> None:
    """A path into integrators' data stays readable whatever their keys are."""
    data = spoil("extensions", {"my key": {"deep": [1, {"x": math.inf}]}})
    text = std.dumps(data)
    found = problems_of(text)
    assert [
        ("$.extensions", "expected a finite number (JSON has no NaN or Infinity), got inf")
    ] != found
    assert '$.extensions["my key"].deep[1].x' == found[0][0]


# -- bad input of every kind -------------------------------------------------------------------

VALID = std.dumps(document())

BAD_INPUT = [
    ("{", "$", "not valid JSON: Expecting property name enclosed in double quotes at line 1"),
    ("", "$", "not valid JSON: Expecting value at line 1 column 1"),
    ("[1, 2]", "$", "expected an object (Contract), got an array of 2 items"),
    ('"contract"', "$", 'expected an object (Contract), got "contract"'),
    ("null", "$", "expected an object (Contract), got null"),
    ("{}", "$.schema_version", "missing (expected 1: every document names its format version)"),
    ('{"schema_version": "1"}', "$.schema_version", 'expected a version number such as 1, got "1"'),
    ('{"schema_version": 2}', "$.schema_version", "written in format version 2, but this release"),
    ('{"schema_version": 1, "schema_version": 1}', "$", 'each key once, but "schema_version"'),
    (VALID.replace('"2026-09-07"', "NaN", 1), "$.term.start", "got NaN"),
    (VALID.replace('"6000000"', "Infinity", 1), "$.value.amount", "got Infinity"),
    (VALID.replace('"6000000"', "-Infinity", 1), "$.value.amount", "got -Infinity"),
    (VALID.replace('"version": 2, "rec', '"version": 1e400, "rec', 1), "$.version", "got Infinity"),
    (VALID.replace('"version": 2, "rec', '"version": ' + "9" * 5000 + ', "rec', 1), "$", "not a "),
    (VALID.replace('"Web shop rebuild"', "9" * 4000, 1), "$.title", "got an integer of 13288 bits"),
    (
        VALID.replace('"extensions": {}', '"extensions": {"a": NaN}', 1),
        "$.extensions.a",
        "a finite number",
    ),
    ("[" * 100_000 + "]" * 100_000, "$", "not a document: nested too deeply"),
    (
        VALID.replace('"extensions": {}', '"extensions": ' + '{"a": ' * 100 + "1" + "}" * 100, 1),
        "$.extensions",
        "JSON data nested at most 64 levels deep",
    ),
    (
        VALID.replace('"id": "D-01"', '"id": "D-01", "id": "D-02"', 1),
        "$.deliverables[0]",
        'each key once, but "id" occurs',
    ),
    (
        VALID.replace('"extensions": {}', '"extensions": {"a": {"b": 1, "b": 2}}', 1),
        "$.extensions",
        'each key once, but "b"',
    ),
]


@pytest.mark.parametrize(("text", "path", "message"), BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_gets_one_clear_error(text: str, path: str, message: str) -> None:
    """Malformed, hostile or odd input raises LoadError with a path and a message, nothing else."""
    found = problems_of(text)
    assert 1 == len(found), found
    assert path == found[0][0]
    assert message in found[0][1]


def test_an_empty_document_lists_every_required_field() -> None:
    """A document with only its version is missing each field that has no default."""
    assert [
        ("$.id", "missing (expected a string)"),
        ("$.title", "missing (expected a string)"),
        ("$.parties", "missing (expected an array)"),
        ("$.term", "missing (expected an object (Term))"),
        ("$.value", "missing (expected an object (Money))"),
    ] == problems_of('{"schema_version": 1}')


def test_invalid_utf8_is_refused_with_its_position() -> None:
    """Bytes that are not UTF-8 are refused before parsing, with the byte's position."""
    found = problems_of(b'{"title": "Caf\xe9"}')
    assert [("$", "not UTF-8 text (invalid continuation byte at byte 14)")] == found


def test_utf8_bytes_load() -> None:
    """UTF-8 bytes load like text; non-ASCII text is written as itself."""
    contract = example_with(title="Nettbutikk for Nordlys Sport, fase 2: æøå ✓")
    text = json.dumps(contract)
    assert "æøå" in text
    assert contract == json.loads(text.encode())


def test_unknown_document_type_is_refused() -> None:
    """Only model classes have documents."""
    with pytest.raises(InvalidValueError, match=r"loads\(type=...\): expected a model class"):
        json.loads(VALID, dict)
    with pytest.raises(InvalidValueError, match=r"to_dict\(obj\)"):
        json.dumps({"a": 1})


def test_loading_does_not_change_the_given_data() -> None:
    """from_dict reads its argument without changing it."""
    data = document()
    before = copy.deepcopy(data)
    json.from_dict(data)
    assert before == data


def test_loaded_objects_are_the_library_types() -> None:
    """Amounts are Decimal, dates are dates, enums are members: the contract is fully typed."""
    contract = json.loads(VALID)
    assert Decimal(6000000) == contract.value.amount
    assert type(contract.term.start) is dt.date
    assert GateDecision.GO_WITH_CONDITIONS is contract.phases[0].gate.decision
    assert isinstance(contract.kpis[0], KPI)
    assert Direction.HIGHER_IS_BETTER is contract.kpis[0].direction
    assert isinstance(contract.phases[1].gate, Gate)
    assert isinstance(contract.milestones[0], Milestone)


def test_the_complete_document_in_the_docs_is_what_dumps_writes() -> None:
    """docs/json.md shows a document that loads and is written back character for character."""
    page = (Path(__file__).parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    block = re.search(r"^```json\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    assert block is not None
    text = block.group(1).rstrip("\n")
    assert text == json.dumps(json.loads(text), indent=2)


@pytest.mark.parametrize(
    ("where", "escaped"),
    [("title", '"\\ud800"'), ("title", '"ok \\udfff"'), ("extensions", '{"\\udbff": 1}')],
)
def test_a_lone_surrogate_is_refused_at_load_with_its_path(where: str, escaped: str) -> None:
    """Text that could never be written back as UTF-8 is refused, naming where it is."""
    text = std.dumps({**json.to_dict(example_contract()), where: "HERE"})
    text = text.replace('"HERE"', escaped)
    with pytest.raises(LoadError) as caught:
        json.loads(text)
    assert [f"$.{where}"] == [p.path for p in caught.value.problems]
    assert str(caught.value).encode("utf-8")  # the message itself can be written anywhere


def test_a_lone_surrogate_is_refused_from_python_data_too() -> None:
    """from_dict and the models refuse it as loads does; a real pair of surrogates is welcome."""
    data = json.to_dict(example_contract())
    data["deliverables"][1]["acceptance_criteria"] = ["\ud800"]
    with pytest.raises(LoadError) as caught:
        json.from_dict(data)
    assert ["$.deliverables[1].acceptance_criteria[0]"] == [p.path for p in caught.value.problems]
    with pytest.raises(InvalidValueError):
        example_with(title="\udfff")
    pair = json.dumps(example_contract()).replace('"Web shop rebuild"', '"\\ud83d\\ude00"')
    assert "\U0001f600" == json.loads(pair).title  # a pair of escaped surrogates is one emoji


@pytest.mark.parametrize("folder", ["Europe", "America", "Asia"])
def test_a_time_zone_folder_is_an_unknown_zone(folder: str) -> None:
    """A folder of the zone database is refused as an unknown zone, at its path."""
    data = json.to_dict(example_contract())
    data["parties"][0]["timezone"] = folder
    with pytest.raises(LoadError) as caught:
        json.from_dict(data)
    assert [("$.parties[0].timezone", f'got "{folder}"')] == [
        (p.path, p.message[p.message.index("got") :]) for p in caught.value.problems
    ]


def test_from_dict_accepts_any_mapping() -> None:
    """A document read with object_pairs_hook=OrderedDict loads as the plain one does."""
    contract = example_with(extensions={"a": {"b": [1]}})
    ordered = std.loads(json.dumps(contract), object_pairs_hook=collections.OrderedDict)
    assert contract == json.from_dict(ordered)
    spoilt = std.loads(json.dumps(contract), object_pairs_hook=collections.OrderedDict)
    spoilt["title"] = 5
    with pytest.raises(LoadError) as caught:
        json.from_dict(spoilt)
    assert ["$.title"] == [p.path for p in caught.value.problems]


@pytest.mark.parametrize("value", [300_000_000, -1, 1.5, None, ["{}"]])
def test_loads_refuses_what_is_not_text_without_allocating(value: object) -> None:
    """An int is not a byte count: anything but str or bytes is a TypeError, at no cost."""
    tracemalloc.start()
    try:
        with pytest.raises(TypeError, match="JSON text must be str, bytes or bytearray"):
            json.loads(value)  # type: ignore[call-overload]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def test_a_refusal_lists_the_first_hundred_bad_items_of_an_array_and_counts_the_rest() -> None:
    """A document with thousands of errors gives a short list and says how many more there are."""
    data = json.to_dict(example_contract())
    template = data["deliverables"][0]
    data["deliverables"] = [{**template, "id": f"D-{i}", "title": i} for i in range(250)]
    with pytest.raises(LoadError) as caught:
        json.loads(std.dumps(data))
    problems = caught.value.problems
    assert [f"$.deliverables[{i}].title" for i in range(100)] == [p.path for p in problems[:100]]
    assert (
        "$.deliverables",
        "and 150 more items with problems, not listed (the first 100 are)",
    ) == (
        problems[100].path,
        problems[100].message,
    )
    assert 101 == len(problems)
