"""Every model is immutable through and through, pickles, and copies equal to itself."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import example_with
from outsourcing import (
    ApprovalLevel,
    ChangeRequest,
    ChangeValue,
    ExtendTerm,
    JSONArray,
    JSONObject,
    Money,
    example_contract,
    json,
    validate,
)
from outsourcing._hypothesis_plugin import STRATEGIES
from outsourcing._rules.index import index_of
from outsourcing.changes import apply_change, approve_change
from outsourcing.exceptions import InvalidValueError


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_a_contract_pickles_under_every_protocol(protocol: int) -> None:
    """A contract with extensions crosses a process boundary equal to itself."""
    contract = example_with(extensions={"erp": {"project": 4711, "tags": ["web", None, 1.5]}})
    copied = pickle.loads(pickle.dumps(contract, protocol=protocol))  # noqa: S301 - our own
    assert contract == copied
    assert JSONObject is type(copied.extensions)
    assert JSONArray is type(copied.extensions["erp"]["tags"])


def test_a_contract_copies_and_deep_copies_equal_to_itself() -> None:
    """copy.copy and copy.deepcopy give equal contracts that validate like the original."""
    contract = example_with(extensions={"erp": [1, {"a": "b"}]})
    for copied in (copy.copy(contract), copy.deepcopy(contract)):
        assert contract == copied
        assert validate(contract) == validate(copied)


def test_the_rules_index_of_a_copy_is_its_own() -> None:
    """A copy gets an index of its own, which keeps working after the original is gone."""
    contract = example_contract()
    validate(contract)
    copied = pickle.loads(pickle.dumps(contract))  # noqa: S301 - our own data
    assert index_of(copied).is_of(copied)
    assert not index_of(copied).is_of(contract)
    expected = validate(contract)
    del contract
    assert expected == validate(copied)


def test_extensions_are_not_shared_with_the_caller() -> None:
    """Changing the data a contract was made from does not change the contract."""
    data: dict[str, Any] = {"erp": {"tags": ["web"]}, "list": [[1]]}
    contract = example_with(extensions=data)
    data["erp"]["tags"].append("changed")
    data["list"][0].append(2)
    data["new"] = 1
    assert {"erp": {"tags": ["web"]}, "list": [[1]]} == contract.extensions


def test_extensions_cannot_be_changed_in_place() -> None:
    """Every object and array in extensions refuses changes, at every depth."""
    contract = example_with(extensions={"erp": {"tags": ["web"]}})
    tags = contract.extensions["erp"]["tags"]
    extensions: Any = contract.extensions
    changes: tuple[Callable[[], object], ...] = (
        lambda: tags.append("x"),
        lambda: tags.extend(["x"]),
        lambda: tags.__setitem__(0, "x"),
        lambda: tags.__iadd__(["x"]),
        lambda: contract.extensions["erp"].__setitem__("tags", []),
        lambda: contract.extensions["erp"].update(tags=[]),
        lambda: extensions.pop("erp"),
    )
    for change in changes:
        with pytest.raises(TypeError, match="immutable"):
            change()
    JSONObject.__init__(contract.extensions, {})  # type: ignore[arg-type]  # a second __init__: no change
    assert {"erp": {"tags": ["web"]}} == contract.extensions


def test_versions_of_a_contract_share_no_mutable_data() -> None:
    """A new version (attrs.evolve, apply_change) and the old one cannot change each other."""
    old = example_with(extensions={"erp": {"tags": ["web"]}})
    new = attrs.evolve(old, title="Renamed")
    change = ChangeRequest(
        id="CR-02",
        title="Longer term",
        rationale="More to do.",
        requested_by="ingrid",
        requested_on=dt.date(2026, 11, 25),
        # The run fee goes on for a month more, so the value rises with the term.
        operations=(
            ExtendTerm(end=dt.date(2027, 9, 30)),
            ChangeValue(value=Money(6_200_000, "NOK")),
        ),
        schedule_impact_days=34,
        cost_impact=Money(200_000, "NOK"),
    )
    approved = approve_change(
        change, by="ingrid", level=ApprovalLevel.EXECUTIVE, on=dt.date(2026, 11, 30)
    )
    changed = apply_change(old, approved, on=dt.date(2026, 12, 1))
    for version in (new, changed):
        with pytest.raises(TypeError):
            version.extensions["erp"]["tags"].append("x")
    assert {"erp": {"tags": ["web"]}} == old.extensions == new.extensions


def test_frozen_extensions_load_and_dump_verbatim() -> None:
    """Frozen data is written exactly as the plain data it was made from, and read back."""
    data = {"z": 1, "a": {"y": [2, {"b": None}], "x": 1.5}}
    contract = example_with(extensions=data)
    text = json.dumps(contract)
    assert '"extensions":{"z":1,"a":{"y":[2,{"b":null}],"x":1.5}}' in text
    loaded = json.loads(text)
    assert contract == loaded
    assert JSONArray is type(loaded.extensions["a"]["y"])
    assert data == json.to_dict(contract)["extensions"]
    assert dict is type(json.to_dict(contract)["extensions"]["a"])


def test_frozen_data_nested_again_is_checked_for_depth_at_its_new_place() -> None:
    """A frozen object put deeper inside another counts its new depth against JSON's limit."""
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    frozen = JSONObject({"a": deep})
    deeper: Any = frozen
    for _ in range(30):
        deeper = [deeper]
    with pytest.raises(InvalidValueError, match="nested at most 64"):
        example_with(extensions={"b": deeper})


@settings(max_examples=10)  # per model class; run long once when the models change
@given(st.data())
@pytest.mark.parametrize("model", list(STRATEGIES), ids=lambda m: m.__name__)
def test_every_model_the_strategies_draw_pickles_and_copies(
    model: type, data: st.DataObject
) -> None:
    """Each drawn model crosses a process boundary and copies equal to itself, every protocol."""
    value = data.draw(st.from_type(model))
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert value == pickle.loads(pickle.dumps(value, protocol=protocol))  # noqa: S301
    assert value == copy.deepcopy(value)
    assert value == copy.copy(value)
