"""The fast paths of outsourcing.json agree with the careful ones they stand in for."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import enum
import json as std
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

import attrs
import msgspec
import pytest
from benchmarks.synthetic import foreign_document, synthetic_contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import example_with, replace_at
from outsourcing import (
    ChangePayment,
    Contract,
    DeliverableStatus,
    Money,
    example_contract,
    json,
)
from outsourcing._hypothesis_plugin import STRATEGIES
from outsourcing._io import codegen as _codegen
from outsourcing._io import convert as _convert
from outsourcing._io import fastdump as _fastdump
from outsourcing._io import typedload as _typedload
from outsourcing._io.codegen import Doubt
from outsourcing._models import checks
from outsourcing.exceptions import LoadError
from outsourcing.json import SCHEMA_VERSION, _dumps_exactly

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)
DOCUMENT = {k: v for k, v in json.to_dict(example_contract()).items() if k != "schema_version"}
MODELS = [m for m in STRATEGIES if m is not Contract]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """The example's document with one value replaced, one key dropped or one key added."""
    document = copy.deepcopy(DOCUMENT)
    node: Any = document
    for _ in range(draw(st.integers(0, 4))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        children = [(k, v) for k, v in children if isinstance(v, dict | list) and v]
        if not children:
            break
        _, node = draw(st.sampled_from(children))
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if not keys:
        return document
    key = draw(st.sampled_from(keys))
    action = draw(st.sampled_from(["replace", "drop", "add"]))
    if action == "replace":
        node[key] = draw(json_values)
    elif action == "drop" and isinstance(node, dict):
        del node[key]
    elif action == "add" and isinstance(node, dict):
        node[draw(st.text(max_size=6))] = draw(json_values)
    return document


def _typed(text: str, model: type) -> Any:
    """The object the typed path builds from JSON text, or None where it leaves it to the careful one."""
    assert _typedload.decoder(model) is not None
    try:
        return _typedload.loads(text, model, SCHEMA_VERSION)
    except Doubt:
        return None


def _typed_from_python(data: Any, model: type) -> Any:
    """The object the typed path builds from Python data, or None where it leaves it."""
    try:
        return _typedload.from_python(data, model, SCHEMA_VERSION)
    except Doubt:
        return None


def _careful(data: Any, model: type) -> Any:
    """What the careful path alone gives for parsed data: an object, or the problems."""
    try:
        return json._careful(copy.deepcopy(data), model)
    except LoadError as exc:
        return exc.problems


@settings(max_examples=400)
@given(mutated())
def test_the_typed_path_from_python_data_accepts_only_what_the_converters_accept(
    document: dict[str, Any],
) -> None:
    """Whatever the typed path builds from dicts, the converters build too, equal; all else it leaves."""
    typed = _typed_from_python({"schema_version": 1, **copy.deepcopy(document)}, Contract)
    if typed is not None:
        careful = _convert.FAST.structure(copy.deepcopy(document), Contract)
        assert careful == typed


def test_the_typed_path_builds_whole_documents_from_python_data() -> None:
    """A document as to_dict writes it, or as another producer leaves out defaults, is built fast."""
    for contract in (example_contract(), synthetic_contract(50)):
        assert contract == _typed_from_python(json.to_dict(contract), Contract)
        assert contract == _typed_from_python(foreign_document(contract), Contract)


def test_repeated_keys_are_doubted() -> None:
    """An object with a key twice (given as pairs) is left to the converters, which refuse it."""
    pairs = (("schema_version", 1), ("amount", "1"), ("currency", "NOK"), ("currency", "EUR"))
    assert _typed_from_python(pairs, Money) is None
    with pytest.raises(LoadError, match='"currency" occurs more than once'):
        json.from_dict(pairs, Money)
    text = '{"schema_version": 1, "amount": "1", "currency": "NOK", "currency": "EUR"}'
    assert _typed(text, Money) is None
    with pytest.raises(LoadError, match='"currency" occurs more than once'):
        json.loads(text, Money)


amounts = st.decimals(
    allow_nan=False,
    allow_infinity=False,
    places=None,
    min_value=Decimal("0.000000001"),
    max_value=10**12,
)


@given(amounts, st.dictionaries(st.text(max_size=5), json_values, max_size=4))
def test_fast_and_exact_writing_agree(amount: Decimal, extensions: dict[str, Any]) -> None:
    """Both ways of writing give the same JSON data; exponent decimals take the exact path."""
    payment = Money(amount, "NOK")
    contract = example_with(
        milestones=replace_at(example_contract().milestones, 5, payment=payment),
        extensions=extensions,
    )
    exact = _dumps_exactly(contract, None)
    written = json.dumps(contract)
    assert std.loads(exact) == std.loads(written)
    assert list(std.loads(exact)) == list(std.loads(written))  # same key order at the top
    assert ("E" not in str(amount)) == (_fastdump.encode(contract) is not None)
    assert contract == json.loads(written)


@pytest.mark.parametrize("model", [Contract, *MODELS], ids=lambda m: m.__qualname__)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_writing_is_the_exact_data_for_every_model(model: type, data: st.DataObject) -> None:
    """The fast path writes what the exact path writes, fields left out at their default too.

    The same keys in the same order and the same values (a float may be spelt otherwise: 1e16 for
    json's 1e+16, the same number).
    """
    obj = data.draw(st.from_type(model))
    body = _fastdump.encode(obj)
    if body is None:  # an exponent decimal or a lone surrogate: the exact path writes it
        return
    exact = std.loads(_dumps_exactly(obj, None), object_pairs_hook=list)
    assert exact[0] == ("schema_version", SCHEMA_VERSION)
    assert exact[1:] == std.loads(body, object_pairs_hook=list)
    document = _fastdump.encode(obj, schema_version=SCHEMA_VERSION)
    assert document is not None
    assert exact == std.loads(document, object_pairs_hook=list)


def test_published_fields_at_their_default_are_left_out_by_the_fast_path() -> None:
    """A contract without published-data fields is written as before they existed, and fast."""
    contract = example_contract()
    body = _fastdump.encode(contract)
    assert body is not None
    written = std.loads(body)
    for key in ("ocid", "status", "date_signed", "description", "documents"):
        assert key not in written
    assert all("documents" not in m and "code" not in m for m in written["milestones"])
    assert all("identifier" not in p and "party_roles" not in p for p in written["parties"])
    view = _fastdump._view(Contract)
    assert view is not None
    assert (
        view(contract)["deliverables"] is contract.deliverables
    )  # handed to msgspec as they are, not converted


def test_extensions_keep_their_key_order_on_both_paths() -> None:
    """Integrators' data is written in its own key order, whichever path writes it."""
    contract = example_with(extensions={"z": 1, "a": {"y": 2, "b": 3}})
    tiny = attrs.evolve(
        contract, milestones=replace_at(contract.milestones, 5, payment=Money("1E-7", "NOK"))
    )
    for text in (json.dumps(contract), json.dumps(tiny)):
        assert '"extensions":{"z":1,"a":{"y":2,"b":3}}' in text
    assert _fastdump.encode(tiny) is None
    assert '"amount":"0.0000001"' in json.dumps(tiny)


@pytest.mark.parametrize("tag", ["rename_everything", None, 5])
def test_a_change_operation_with_an_unknown_tag_is_doubted(tag: object) -> None:
    """Operations are told apart by "op"; a tag no operation has, or none, is left to the converters."""
    document = {"schema_version": 1, **copy.deepcopy(DOCUMENT)}
    operation = document["change_requests"][0]["operations"][0]
    if tag is None:
        del operation["op"]  # a default outside a union, but a union needs its tag
    else:
        operation["op"] = tag
    assert _typed_from_python(document, Contract) is None
    assert _typed(std.dumps(document), Contract) is None
    with pytest.raises(LoadError, match=r"\$\.change_requests\[0\]\.operations\[0\]"):
        json.from_dict(document)
    with pytest.raises(LoadError, match=r"\$\.change_requests\[0\]\.operations\[0\]"):
        json.loads(std.dumps(document))


def test_an_operation_on_its_own_may_leave_out_its_tag() -> None:
    """Outside a union the tag is a field with a default, on both paths: left out, it is the default."""
    operation = example_contract().change_requests[0].operations[0]
    document = json.to_dict(operation)
    del document["op"]
    model = type(operation)
    assert operation == _typed(std.dumps(document), model)
    assert operation == _typed_from_python(document, model)
    assert operation == _careful(document, model)


def test_decimals_inside_change_operations_are_checked_before_fast_writing() -> None:
    """A payment in an operation is a place a Decimal can be: an exponent sends it the exact way."""
    contract = example_contract()
    change = contract.change_requests[0]
    tiny = ChangePayment(milestone_id="M-06", payment=Money("1E-7", "NOK"))
    odd = attrs.evolve(change, operations=(*change.operations, tiny))
    unusual = attrs.evolve(contract, change_requests=(odd,))
    assert _fastdump.encode(unusual) is None
    assert '"amount":"0.0000001"' in json.dumps(unusual)
    assert unusual == json.loads(json.dumps(unusual))


# The fast parse: msgspec plus a count of colons, standing in for json.loads with a check of
# repeated keys. Whatever text it accepts, it must parse to exactly what the careful parse gives.


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types all the way down (``1 == 1.0 == True`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _careful_parse(text: str) -> Any:
    """What the careful parse reads, with ``None`` for text it refuses or where a key repeats."""
    try:
        pairs = std.loads(text, object_pairs_hook=tuple)
    except (ValueError, RecursionError):
        return None

    def plain(value: Any) -> Any:
        if isinstance(value, tuple):
            found = {k: plain(v) for k, v in value}
            if len(found) != len(value):
                raise KeyError  # a repeated key
            return found
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    try:
        return plain(pairs)
    except KeyError:
        return None


# Keys and strings rich in what the count could trip on: colons, quotes, backslashes, escapes.
tricky_text = st.text(alphabet=st.sampled_from(':"\\ab\u00e9\u2028\U0001f600 \t'), max_size=6)
tricky_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | tricky_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_text, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def json_texts(draw: st.DrawFn) -> str:
    """JSON text of a value, in one of several layouts, perhaps with a key written twice."""
    value = draw(tricky_values)
    text = std.dumps(
        value,
        ensure_ascii=draw(st.booleans()),
        indent=draw(st.none() | st.integers(0, 2)),
        separators=draw(st.sampled_from([None, (",", ":"), (" , ", " : "), (",", ":\t")])),
    )
    if draw(st.booleans()) and '{"' in text:  # repeat the first key of some object
        at = draw(st.sampled_from([i for i in range(len(text)) if text.startswith('{"', i)]))
        key_end = std.JSONDecoder().raw_decode(text, at + 1)[1]
        extra = draw(st.sampled_from(["1", '"x:y"', "{}"]))
        # An escaped colon elsewhere in the object would make up for the lost one in a count.
        escaped = '"zq": "\\u003a", ' if draw(st.booleans()) else ""
        text = f"{text[: at + 1]}{escaped}{text[at + 1 : key_end]}:{extra},{text[at + 1 :]}"
    return text


@given(json_texts())
@settings(max_examples=300)
def test_the_fast_parse_reads_what_the_careful_parse_reads(text: str) -> None:
    """Text the fast parse accepts parses to the same data; a repeated key is never let through."""
    careful = _careful_parse(text)
    fast = _typedload.parse(text, msgspec.json.decode)
    if fast is not None:
        assert careful is not None, text  # accepted only what the careful parse accepts...
        assert _same(fast, careful), text  # ...and read it the same, types included


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": 1, "b": {"c": "x", "c": "y:z"}}',
        '{"a": 1, "a": 2, "b": "\\u003a"}',  # an escaped colon would hide the repeat...
        '{"a": 1, "a": 2, "b": "\\u003A"}',
        '{"b": "\\u003a"}',  # ...so text with one is never trusted
        "[NaN]",
        "[1e400]",
        '["\\ud800"]',
        "[1,]",
    ],
)
def test_the_fast_parse_leaves_doubtful_text_to_the_careful_one(text: str) -> None:
    """Repeated keys, escaped colons and anything msgspec refuses go the careful way."""
    assert _typedload.parse(text, msgspec.json.decode) is None


@pytest.mark.parametrize("depth", [65, 1_000, 2_000, 10_000, 100_000])
def test_json_data_nested_too_deep_is_refused_on_every_python(depth: int) -> None:
    """Nesting beyond 64 levels is refused with a LoadError whichever parser reads it first.

    msgspec and :mod:`json` accept different depths on different Pythons (3.13 reads 2,000
    levels that 3.11 refuses), so which route explains the refusal may differ; that it is
    refused, at the document or at the JSON data, never does.
    """
    document = std.loads(json.dumps(example_contract()))
    document["extensions"] = {"x": "DEEP"}
    text = std.dumps(document).replace('"DEEP"', "[" * depth + "]" * depth)
    with pytest.raises(LoadError) as caught:
        json.loads(text)
    [(path, message)] = [(p.path, p.message) for p in caught.value.problems]
    assert (path, message.partition(", got")[0]) in {
        ("$.extensions", "expected JSON data nested at most 64 levels deep"),
        ("$", "not a document: nested too deeply"),
    }


def test_the_fast_parse_reads_colons_inside_strings() -> None:
    """Colons in keys and values are counted on both sides: a document full of them is fast."""
    text = '{"a:b": "c:d::", "e": ["::", {"f:": ":"}]}'
    assert std.loads(text) == _typedload.parse(text, msgspec.json.decode)


@pytest.mark.parametrize(
    "criteria",
    [[], ["ok"], ["ok", ""], [" "], ["\u2003\t"], ["ok", " ok "], ["x", 5], [None]],
)
def test_lists_of_text_are_judged_as_the_converters_judge_them(criteria: list[Any]) -> None:
    """Empty, blank (in any script's spaces) and non-string items are doubted, the rest built."""
    document = {"schema_version": 1, **copy.deepcopy(DOCUMENT)}
    document["deliverables"][0]["acceptance_criteria"] = criteria
    careful = _careful(document, Contract)
    if isinstance(careful, tuple):  # refused: the typed path must doubt too
        assert _typed_from_python(document, Contract) is None
        assert _typed(std.dumps(document), Contract) is None
        return
    assert careful == _typed_from_python(document, Contract)
    assert careful == _typed(std.dumps(document), Contract)


def _careful_loads(text: str) -> Any:
    """What loading gave before the fast parse: the careful parse, then the converters' verdict."""
    try:
        return json._careful(json._parse(text), Contract)
    except LoadError as exc:
        return exc.problems


@st.composite
def document_texts(draw: st.DrawFn) -> str:
    """A mutated document's JSON text, in some layout, perhaps with a key written twice."""
    document = {"schema_version": 1, **draw(mutated())}
    text = std.dumps(
        document,
        ensure_ascii=draw(st.booleans()),
        indent=draw(st.none() | st.just(1)),
        separators=draw(st.sampled_from([None, (",", ":")])),
    )
    starts = [m.end() - 1 for m in re.finditer(r'\{\s*"', text)]  # the first key of each object
    if draw(st.booleans()) and starts:  # write it twice
        at = draw(st.sampled_from(starts))
        key_end = std.JSONDecoder().raw_decode(text, at)[1]
        text = f"{text[:at]}{text[at:key_end]}: 1, {text[at:]}"
    return text


@settings(max_examples=150)
@given(document_texts())
def test_loading_gives_what_the_careful_path_alone_gives(text: str) -> None:
    """Fast parse and fast build or not: the same object, or the same problems, as before them."""
    try:
        loaded: Any = json.loads(text)
    except LoadError as exc:
        loaded = exc.problems
    assert _careful_loads(text) == loaded


def test_text_with_a_raw_lone_surrogate_is_refused_at_its_path() -> None:
    """A lone surrogate (text read with errors="surrogateescape") could never be written back.

    msgspec cannot read such text; the careful parse can, and refuses it where it is.
    """
    document = json.to_dict(example_contract())
    document["deliverables"][0]["description"] = "x\ud800y"
    text = std.dumps(document, ensure_ascii=False)
    assert _typedload.parse(text, msgspec.json.decode) is None
    with pytest.raises(LoadError) as caught:
        json.loads(text)
    assert ["$.deliverables[0].description"] == [p.path for p in caught.value.problems]


def test_a_model_class_without_slots_loads_too() -> None:
    """A class of the user's own with a __dict__ instead of slots is built by the typed path too."""

    @attrs.frozen(slots=False, kw_only=True)
    class Note:
        text: str
        count: int = 0

    assert _codegen._slot_setter(Note, "text") is None
    assert Note(text="x", count=2) == _typed('{"schema_version": 1, "text": "x", "count": 2}', Note)
    assert Note(text="x") == _typed('{"schema_version": 1, "text": "x"}', Note)
    assert Note(text="x") == json.loads('{"schema_version": 1, "text": "x"}', Note)


# The typed path: msgspec decodes into shadow Structs of the models, a converter builds them.


def test_the_typed_path_builds_whole_documents() -> None:
    """What dumps writes, compact or indented, or another producer without defaults, is built fast."""
    for contract in (example_contract(), synthetic_contract(50)):
        assert contract == _typed(json.dumps(contract), Contract)
        assert contract == _typed(json.dumps(contract, indent=2), Contract)
        assert contract == _typed(std.dumps(foreign_document(contract)), Contract)
        assert contract == _typed(std.dumps(foreign_document(contract), indent=1), Contract)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_model_takes_the_typed_path(model: type, data: st.DataObject) -> None:
    """Any object of any model, as dumps writes it or with its defaults left out, is built fast."""
    obj = data.draw(st.from_type(model))
    assert obj == _typed(json.dumps(obj), model)
    assert obj == _typed(std.dumps(foreign_document(obj)), model)
    assert obj == _typed_from_python(json.to_dict(obj), model)
    assert obj == _typed_from_python(foreign_document(obj), model)


@settings(max_examples=300)
@given(mutated())
def test_the_typed_path_accepts_only_what_the_converters_accept(document: dict[str, Any]) -> None:
    """Whatever the typed path builds, the converters build too, equal; all else it leaves."""
    text = std.dumps({"schema_version": 1, **document})
    typed = _typed(text, Contract)
    if typed is not None:
        assert _convert.FAST.structure(copy.deepcopy(document), Contract) == typed


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("version",), True),  # a boolean is no integer...
        (("version",), 2.0),  # ...nor is a float
        (("title",), 5),  # a number is no string
        (("deliverables", 0, "status"), "Accepted"),  # enum values are exact
        (("deliverables", 0, "acceptance_criteria"), ["ok", 5]),
        (("milestones", 0, "due"), "2027-1-04"),  # dates and amounts in the library's formats
        (("value", "amount"), "1e6"),
        (("deliverables", 0, "title"), " "),  # blank text
    ],
)
def test_the_typed_path_leaves_wrong_values_to_the_careful_path(
    path: tuple[Any, ...], value: Any
) -> None:
    """Msgspec refuses, or the converter doubts: either way, loads explains as it always has."""
    document = {"schema_version": 1, **copy.deepcopy(DOCUMENT)}
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    text = std.dumps(document)
    assert _typed(text, Contract) is None  # msgspec refused it, or the builder doubted
    assert _typed_from_python(document, Contract) is None
    with pytest.raises(LoadError):
        json.loads(text)
    with pytest.raises(LoadError):
        json.from_dict(document)


@attrs.frozen
class _Node:
    name: str
    children: tuple[_Node, ...] = ()


@attrs.frozen
class _Versioned:
    title: str
    schema_version: int = 7


class _Lenient(enum.Enum):
    A = "a"

    @classmethod
    def _missing_(cls, value: object) -> _Lenient | None:
        return cls.A if value == "A" else None


@attrs.frozen
class _WithLenient:
    e: _Lenient


@attrs.frozen
class _Dated:
    ds: tuple[dt.date, ...]
    ms: tuple[Decimal, ...] = ()


@attrs.frozen
class _Derived:
    a: str
    b: int = attrs.field(init=False, default=3)


@attrs.frozen
class _Defaults:
    """Defaults the typed path cannot honour itself, and those it can."""

    a: str
    own: tuple[str, ...] = attrs.field(factory=lambda: ("x",))
    twice: str = attrs.field(default=attrs.Factory(lambda self: self.a * 2, takes_self=True))
    bogus: dt.date = attrs.field(default="2020-01-01", validator=checks.date)  # type: ignore[assignment]
    day: dt.date = dt.date(2020, 1, 1)
    amount: Decimal | None = Decimal("1.50")


@attrs.frozen
class _Circle:
    kind: Literal["circle"]
    r: int


@attrs.frozen
class _Square:
    kind: Literal["square"] = "square"
    side: int = 1


@attrs.frozen
class _Drawing:
    shapes: tuple[_Circle | _Square, ...]
    main: _Circle | _Square | None = None
    days: tuple[dt.date, ...] = ()


@pytest.mark.parametrize(
    ("model", "text"),
    [
        (_Node, '{"schema_version": 1, "name": "a", "children": []}'),
        (_Node, '{"schema_version": 1, "name": "a", "children": [{"name": "b", "children": []}]}'),
        (_Versioned, '{"schema_version": 1, "title": "t"}'),
        (_Versioned, '{"schema_version": 1, "title": "t", "schema_version": 7}'),
        (_WithLenient, '{"schema_version": 1, "e": "A"}'),
        (_Dated, '{"schema_version": 1, "ds": ["2020-01-01"], "ms": ["1.5"]}'),
        (_Dated, '{"schema_version": 1, "ds": ["nope"], "ms": ["x"]}'),
        (_Derived, '{"schema_version": 1, "a": "x", "b": 3}'),
        (_Defaults, '{"schema_version": 1, "a": "x"}'),
        (_Defaults, '{"schema_version": 1, "a": "x", "bogus": "2021-01-01", "twice": "y"}'),
        (
            _Defaults,
            '{"schema_version": 1, "a": "x", "bogus": "2021-01-01", "twice": "y", "own": []}',
        ),
        (
            _Defaults,
            (
                '{"schema_version": 1, "a": "x", "bogus": "2021-01-01", "twice": "y", "own": ["a"],'
                ' "day": "2021-02-03", "amount": null}'
            ),
        ),
        (
            _Drawing,
            '{"schema_version": 1, "shapes": [{"kind": "circle", "r": 1}, {"kind": "square"}]}',
        ),
        (_Drawing, '{"schema_version": 1, "shapes": [], "main": {"kind": "square", "side": 2}}'),
        (_Drawing, '{"schema_version": 1, "shapes": [{"r": 1}]}'),
        (_Drawing, '{"schema_version": 1, "shapes": [{"kind": "oval"}]}'),
        (_Drawing, '{"schema_version": 1, "shapes": [], "days": ["2020-02-02", "2020-02-03"]}'),
        (_Drawing, '{"schema_version": 1, "shapes": [], "days": ["2020-02-30"]}'),
        (_Circle, '{"schema_version": 1, "r": 1}'),
        (_Square, '{"schema_version": 1}'),
        (_Square, '{"schema_version": 1, "kind": "circle"}'),
    ],
)
def test_classes_of_the_users_own_load_as_the_careful_path_loads_them(
    model: type, text: str
) -> None:
    """User classes load exactly as the careful path alone loads them, same types inside.

    Recursion, a field named schema_version, a lenient enum, arrays of dates, a field the class
    sets itself, defaults it cannot vouch for, tagged unions of their own: the typed path builds
    what it can build exactly and steps aside elsewhere. from_dict gives the same.
    """
    data = std.loads(text)  # a repeated key is lost here: from_dict never sees one
    cases: list[tuple[Any, Callable[[], Any]]] = [
        (json._parse(text), lambda: json.loads(text, model)),
        (copy.deepcopy(data), lambda: json.from_dict(data, model)),
    ]
    for parsed, load in cases:
        try:
            careful: Any = json._careful(parsed, model)
        except LoadError as exc:
            careful = exc.problems
        try:
            loaded: Any = load()
        except LoadError as exc:
            loaded = exc.problems
        assert careful == loaded
        if attrs.has(type(loaded)):
            fields = attrs.astuple(loaded, recurse=False)
            assert attrs.astuple(careful, recurse=False) == fields
            assert [type(v) for v in attrs.astuple(careful, recurse=False)] == [
                type(v) for v in fields
            ]


def test_defaults_the_typed_path_honours_are_built_by_it() -> None:
    """Left-out fields with plain defaults and factories stay on the typed path, tags too."""
    assert _Defaults(a="x", bogus=dt.date(2021, 1, 1), twice="y") == _typed(
        '{"schema_version": 1, "a": "x", "bogus": "2021-01-01", "twice": "y"}', _Defaults
    )
    drawing = _Drawing(shapes=(_Circle(kind="circle", r=1), _Square()))
    assert drawing == _typed(
        '{"schema_version": 1, "shapes": [{"kind": "circle", "r": 1}, {"kind": "square"}]}',
        _Drawing,
    )
    assert _Square() == _typed('{"schema_version": 1}', _Square)


def _fields(obj: Any) -> list[tuple[str, type, Any]]:
    """Every field of an object and of the objects in it: its name, exact type and value."""
    found = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        found.append((field.name, type(value), value))
        for item in value if type(value) is tuple else (value,):
            if attrs.has(type(item)):
                found += _fields(item)
    return found


def test_a_left_out_field_is_its_default_whichever_path_builds_it() -> None:
    """Left out, a field holds what attrs' __init__ gives it; factories make a new value each time."""
    contract = synthetic_contract(3)
    document = foreign_document(contract)
    assert "extensions" not in document  # a factory's dict
    assert "gate" not in document["phases"][-1]  # a factory's Gate
    typed = _typed(std.dumps(document), Contract)
    careful = _careful(document, Contract)
    assert _fields(careful) == _fields(typed)
    assert _fields(contract) == _fields(typed)
    again = _typed_from_python(document, Contract)
    assert _fields(careful) == _fields(again)
    assert typed.extensions is not again.extensions
    assert typed.phases[-1].gate is not again.phases[-1].gate


class _Text(str):
    __slots__ = ()


class _Count(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("deliverables", 0, "acceptance_criteria"), ("ok",)),  # a tuple is no array
        (("parties",), ()),
        (("deliverables", 0, "title"), _Text("Shop")),  # a subclass is no string
        (("deliverables", 0, "status"), DeliverableStatus.ACCEPTED),  # a member is not its value
        (("deliverables", 0, "status"), _Text("accepted")),
        (("version",), _Count.ONE),
        (("change_requests", 0, "operations", 0, "op"), _Text("add_deliverable")),
        (("milestones", 0, "due"), dt.date(2027, 1, 4)),
        (("value", "amount"), Decimal("1.5")),
    ],
)
def test_python_data_of_types_other_than_json_s_goes_the_careful_way(
    path: tuple[Any, ...], value: Any
) -> None:
    """Msgspec would convert them; the careful path refuses them, and from_dict says so."""
    document = {"schema_version": 1, **copy.deepcopy(DOCUMENT)}
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    assert not _typedload.plain(document)
    assert _typed_from_python(document, Contract) is None
    careful = _careful(document, Contract)
    assert isinstance(careful, tuple)
    with pytest.raises(LoadError) as caught:
        json.from_dict(document)
    assert careful == caught.value.problems


def test_a_mapping_other_than_a_dict_is_read_as_an_object() -> None:
    """An OrderedDict (object_pairs_hook=OrderedDict) is no plain data, yet from_dict reads it."""
    document = {"schema_version": 1, **copy.deepcopy(DOCUMENT)}
    document["value"] = collections.OrderedDict(amount="1", currency="NOK")
    assert not _typedload.plain(document)
    assert Money("1", "NOK") == json.from_dict(document).value


def test_only_json_s_own_types_are_plain() -> None:
    """Plain data is dicts, lists, strings, numbers, booleans and null, nested to any usual depth."""
    assert _typedload.plain(json.to_dict(example_contract()))
    assert _typedload.plain({"a": [1, 2.5, True, None, {"b": "c"}]})
    looped: list[Any] = []
    looped.append(looped)
    assert not _typedload.plain({"a": looped})
    assert not _typedload.plain({"a": {1, 2}})
    assert not _typedload.plain({"a": b"x"})


_THREADS = textwrap.dedent(
    """
    import json as std, sys, threading
    from outsourcing import json
    from outsourcing._hypothesis_plugin import STRATEGIES
    from outsourcing._io import typedload

    models = {m.__qualname__: m for m in STRATEGIES}
    texts = [(models[name], text) for name, text in std.load(sys.stdin)]
    def typed(load, *args):
        try:
            return repr(load(*args, json.SCHEMA_VERSION))
        except typedload.Doubt:
            return "doubted"
    def load(model, text):
        data = std.loads(text)
        return [
            typed(typedload.loads, text, model),
            typed(typedload.from_python, data, model),
            repr(json.loads(text, model)),
        ]
    if sys.argv[1] == "threads":
        sys.setswitchinterval(1e-6)
        results = [None] * len(texts)
        start = threading.Barrier(len(texts))
        def work(i):
            start.wait()
            results[i] = load(*texts[i])
        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
        for t in threads: t.start()
        for t in threads: t.join()
    else:
        results = [load(*pair) for pair in texts]
    print(std.dumps(results))
    """
)


def _parts(obj: Any, found: dict[type, Any]) -> dict[type, Any]:
    """The first object of each model class in ``obj`` (itself included), in the order met."""
    found.setdefault(type(obj), obj)
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        for item in value if type(value) is tuple else (value,):
            if attrs.has(type(item)):
                _parts(item, found)
    return found


def test_first_loads_in_many_threads_at_once_give_the_single_threaded_results() -> None:
    """Shadows, decoders and builders made by racing threads are whole when another thread uses them.

    Each thread loads a document of another class first, with the interpreter switching threads
    as often as it can; the typed path builds every one, as it does in a single thread.
    """
    objects = list(_parts(example_contract(), {}).values())
    assert len(objects) > 25  # the contract, and the classes of its parts
    documents = [
        (type(o).__qualname__, std.dumps(d))
        for o in objects
        for d in (json.to_dict(o), foreign_document(o))
    ]

    def run(mode: str) -> Any:
        done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
            [sys.executable, "-c", _THREADS, mode],
            input=std.dumps(documents),
            capture_output=True,
            text=True,
            check=True,
        )
        return std.loads(done.stdout)

    alone = run("alone")
    assert not [result for result in alone if "doubted" in result]  # all on the typed path
    for _ in range(3):  # a fresh interpreter each time: a race shows in some runs, not all
        assert alone == run("threads")
