"""The fast paths of outsourcing.json agree with the careful ones they stand in for."""

from __future__ import annotations

import copy
import json as std
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import example_with, replace_at
from outsourcing import (
    ChangePayment,
    Contract,
    Money,
    _convert,
    _fastdump,
    _fastload,
    example_contract,
    json,
)
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
