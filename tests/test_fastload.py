"""The fast paths of outsourcing.json agree with the careful ones they stand in for."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json as std
import re
from decimal import Decimal
from typing import Any

import attrs
import pytest
from benchmarks.synthetic import synthetic_contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import example_with, replace_at
from outsourcing import (
    ChangePayment,
    Contract,
    Money,
    example_contract,
    json,
)
from outsourcing._hypothesis_plugin import STRATEGIES
from outsourcing._io import codegen as _fastload
from outsourcing._io import convert as _convert
from outsourcing._io import fastdump as _fastdump
from outsourcing._io import typedload as _typedload
from outsourcing.exceptions import LoadError
from outsourcing.json import _dumps_exactly

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


@settings(max_examples=400)
@given(mutated())
def test_fast_loading_accepts_only_what_the_converters_accept(document: dict[str, Any]) -> None:
    """Whatever the fast path builds, the converters build too, equal; everything else it doubts."""
    try:
        fast = _fastload.structure(copy.deepcopy(document), Contract)
    except _fastload.Doubt:
        return
    careful = _convert.FAST.structure(copy.deepcopy(document), Contract)
    assert careful == fast


def test_the_fast_path_builds_whole_documents() -> None:
    """A document as dumps writes it goes through the fast path, not the fallback."""
    built = _fastload.structure(copy.deepcopy(DOCUMENT), Contract)
    assert example_contract() == built


def test_repeated_keys_are_doubted() -> None:
    """An object with a key twice (parsed as pairs) is left to the converters, which refuse it."""
    with pytest.raises(_fastload.Doubt):
        _fastload.structure((("id", "a"), ("id", "b")), Money)


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


def test_a_change_operation_with_an_unknown_tag_is_doubted() -> None:
    """Operations are told apart by "op"; a tag no operation has is left to the converters."""
    document = copy.deepcopy(DOCUMENT)
    document["change_requests"][0]["operations"][0]["op"] = "rename_everything"
    with pytest.raises(_fastload.Doubt):
        _fastload.structure(document, Contract)
    with pytest.raises(LoadError, match=r"\$\.change_requests\[0\]\.operations\[0\]"):
        json.from_dict({"schema_version": 1, **document})


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


def _careful(text: str) -> Any:
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
    careful = _careful(text)
    fast = json._parse_fast(text)
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
        "[" * 2000 + "]" * 2000,
        "[1,]",
    ],
)
def test_the_fast_parse_leaves_doubtful_text_to_the_careful_one(text: str) -> None:
    """Repeated keys, escaped colons and anything msgspec refuses go the careful way."""
    assert json._parse_fast(text) is None


def test_the_fast_parse_reads_colons_inside_strings() -> None:
    """Colons in keys and values are counted on both sides: a document full of them is fast."""
    text = '{"a:b": "c:d::", "e": ["::", {"f:": ":"}]}'
    assert json._parse_fast(text) == std.loads(text)


@pytest.mark.parametrize(
    "criteria",
    [[], ["ok"], ["ok", ""], [" "], ["\u2003\t"], ["ok", " ok "], ["x", 5], [None]],
)
def test_lists_of_text_are_judged_as_the_converters_judge_them(criteria: list[Any]) -> None:
    """Empty, blank (in any script's spaces) and non-string items are doubted, the rest built."""
    document = copy.deepcopy(DOCUMENT)
    document["deliverables"][0]["acceptance_criteria"] = criteria
    try:
        careful = _convert.FAST.structure(copy.deepcopy(document), Contract)
    except Exception:  # noqa: BLE001 - any refusal: the fast path must doubt too
        with pytest.raises(_fastload.Doubt):
            _fastload.structure(document, Contract)
        return
    assert careful == _fastload.structure(document, Contract)


def _careful_loads(text: str) -> Any:
    """What loading gave before the fast parse: the careful parse, then the converters' verdict."""
    try:
        return json._structure(json._parse(text), Contract)
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


def test_text_with_a_raw_lone_surrogate_loads_as_before() -> None:
    """A lone surrogate (text read with errors="surrogateescape") is kept, as it always was.

    msgspec cannot read such text; the careful parse can.
    """
    document = json.to_dict(example_contract())
    document["deliverables"][0]["description"] = "x\ud800y"
    text = std.dumps(document, ensure_ascii=False)
    assert json._parse_fast(text) is None
    assert "x\ud800y" == json.loads(text).deliverables[0].description


def test_a_model_class_without_slots_loads_too() -> None:
    """A class of the user's own with a __dict__ instead of slots is built by the fast path too."""

    @attrs.frozen(slots=False, kw_only=True)
    class Note:
        text: str
        count: int = 0

    assert _fastload._slot_setter(Note, "text") is None
    assert Note(text="x", count=2) == _fastload.structure({"text": "x", "count": 2}, Note)
    assert Note(text="x") == json.loads('{"schema_version": 1, "text": "x"}', Note)


# The typed path: msgspec decodes into shadow Structs of the models, a converter builds them.


def _typed(text: str, model: type) -> Any:
    """The object the typed path builds from ``text``, or None where it leaves the text to others."""
    decoder = _typedload.decoder(model)
    assert decoder is not None
    shadow = json._parse_fast(text, decoder.decode)
    return None if shadow is None else _typedload.structure(shadow, model)


def test_the_typed_path_builds_whole_documents() -> None:
    """What dumps writes, compact or indented, the typed path builds without a doubt."""
    for contract in (example_contract(), synthetic_contract(50)):
        assert contract == _typed(json.dumps(contract), Contract)
        assert contract == _typed(json.dumps(contract, indent=2), Contract)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_model_takes_the_typed_path(model: type, data: st.DataObject) -> None:
    """Any object of any model, as dumps writes it, is built by the typed path, equal."""
    obj = data.draw(st.from_type(model))
    assert obj == _typed(json.dumps(obj), model)


@settings(max_examples=300)
@given(mutated())
def test_the_typed_path_accepts_only_what_the_converters_accept(document: dict[str, Any]) -> None:
    """Whatever the typed path builds, the converters build too, equal; all else it leaves."""
    text = std.dumps({"schema_version": 1, **document})
    try:
        typed = _typed(text, Contract)
    except _fastload.Doubt:
        return
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
    try:
        built = _typed(text, Contract)  # None: msgspec refused it
    except _fastload.Doubt:  # msgspec took it, the converter doubted
        built = None
    assert built is None
    with pytest.raises(LoadError):
        json.loads(text)


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
    ],
)
def test_classes_of_the_users_own_load_as_the_careful_path_loads_them(
    model: type, text: str
) -> None:
    """User classes load exactly as the careful path alone loads them, same types inside.

    Recursion, a field named schema_version, a lenient enum, arrays of dates, a field the class
    sets itself: the typed and fast paths step aside where they cannot be exact.
    """
    try:
        loaded: Any = json.loads(text, model)
    except LoadError as exc:
        loaded = exc.problems
    try:
        careful: Any = json._structure(json._parse(text), model, fast=False)
    except LoadError as exc:
        careful = exc.problems
    assert careful == loaded
    if attrs.has(type(loaded)):
        fields = attrs.astuple(loaded, recurse=False)
        assert attrs.astuple(careful, recurse=False) == fields
        assert [type(v) for v in attrs.astuple(careful, recurse=False)] == [type(v) for v in fields]
