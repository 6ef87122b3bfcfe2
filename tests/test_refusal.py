"""Refusing a document: built once, and explained exactly as the two-step careful path explained it.

The careful path used to build a refused document twice: the fast converter until it failed, then
the detailed one to explain. It now builds once, with the detailed converter, from the dicts
msgspec reads where it can vouch for the text. These tests pin that every verdict (the object, or
the problems with their paths and messages) is the one the old two steps gave, over drawn
contracts with values broken anywhere in them.
"""

from __future__ import annotations

import copy
import enum
import json as std
from typing import Any

import attrs
import msgspec
import pytest
from benchmarks.synthetic import synthetic_contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outsourcing import Contract, Deliverable, example_contract, json
from outsourcing._hypothesis_plugin import STRATEGIES
from outsourcing._io import convert, typedload
from outsourcing.exceptions import LoadError, Problem

# Values put in place of others: every JSON type, and strings shaped like dates and amounts.
broken = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(["", " ", "x", "2027-02-30", "2027-01-04", "1.5", "1E3", "NOK", "accepted"]),
    st.just([]),
    st.just({}),
    st.just({"bogus": 1}),
)


def _before(text: str | None, model: type = Contract, data: Any = None) -> Any:
    """What the careful path gave before: pairs, the fast converter, then the detailed one.

    A verbatim copy of the old two-step ``_careful`` (with its parse), kept as the reference;
    given ``data`` (dicts, as from_dict takes them), it starts from them instead of text.
    """
    if text is not None:
        try:
            data = json._parse(text)
        except LoadError as exc:
            return exc.problems
    if type(data) is tuple:
        try:
            data = convert.pairs_to_dict(data)
        except convert.Mismatch as exc:
            return (Problem("$", f"expected {exc.expected}"),)
    if not isinstance(data, dict):
        return (
            Problem("$", f"expected an object ({model.__name__}), got {convert.describe(data)}"),
        )
    if (problem := json._version(data)) is not None:
        return (problem,)
    body = {k: v for k, v in data.items() if k != "schema_version"}
    try:
        return convert.FAST.structure(body, model)
    except Exception as exc:  # noqa: BLE001 - explained below, as the old path did
        try:
            convert.DETAILED.structure(body, model)
        except Exception as detailed:  # noqa: BLE001
            found = tuple(convert.problems(detailed, "$", model))
        else:
            found = ()
        return found or (Problem("$", f"{exc.__class__.__name__}: {exc}"),)


def _now(text: str, model: type = Contract) -> Any:
    try:
        return json.loads(text, model)
    except LoadError as exc:
        return exc.problems


def _now_from_dict(data: Any, model: type = Contract) -> Any:
    try:
        return json.from_dict(data, model)
    except LoadError as exc:
        return exc.problems


def _places(document: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document (object keys and array indexes), as paths from the top."""
    found = [at] if at else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _places(value, (*at, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _places(value, (*at, index))
    return found


@st.composite
def broken_documents(draw: st.DrawFn) -> str:
    """A drawn contract's document with up to four places broken: replaced, dropped or added."""
    contract = draw(st.from_type(Contract))
    document = json.to_dict(contract)
    for _ in range(draw(st.integers(1, 4))):
        places = _places(document)
        if not places:
            break
        *parent_path, last = draw(st.sampled_from(places))
        parent: Any = document
        for step in parent_path:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["bogus", "id", "title"]))] = draw(broken)
        else:
            parent[last] = copy.deepcopy(draw(broken))
    text = std.dumps(document, ensure_ascii=False)
    starts = [i for i in range(len(text)) if text.startswith('{"', i)]
    if draw(st.booleans()) and starts:  # a key written twice: the pairs' parse decides
        at = draw(st.sampled_from(starts))
        key_end = std.JSONDecoder().raw_decode(text, at + 1)[1]
        text = f"{text[: at + 1]}{text[at + 1 : key_end]}: 1, {text[at + 1 :]}"
    return text


@pytest.mark.slow
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(broken_documents())
def test_refusals_are_what_the_two_step_careful_path_gave(text: str) -> None:
    """The same object, or the same problems in the same order, as before the single build.

    From text (loads) and from the dicts it holds (from_dict).
    """
    assert _before(text) == _now(text)
    data = std.loads(text)  # a repeated key is lost here
    assert _before(None, data=copy.deepcopy(data)) == _now_from_dict(data)


def test_the_library_s_models_read_dicts_as_they_read_pairs() -> None:
    """Every model (and its parts) has hooks of the library's own: refusals take the single build."""
    for model in STRATEGIES:
        assert convert.reads_dicts_alike(model), model


@attrs.frozen
class _Circle:
    r: int


@attrs.frozen
class _Square:
    side: int


@attrs.frozen
class _Drawing:
    main: _Circle | _Square | None = None


@pytest.mark.parametrize(
    "text",
    [
        '{"schema_version": 1, "main": {"side": 2}}',
        '{"schema_version": 1, "main": {"r": "x"}}',
        '{"schema_version": 1, "main": 5}',
        '{"schema_version": 1}',
    ],
)
def test_a_user_class_left_to_cattrs_unions_keeps_its_old_verdicts(text: str) -> None:
    """An untagged union is cattrs' own: such a class keeps the pairs and the two steps, as ever."""
    assert not convert.reads_dicts_alike(_Drawing)
    assert _before(text, _Drawing) == _now(text, _Drawing)


def test_a_late_bad_value_in_a_large_document_is_explained_at_its_path() -> None:
    """One bad date at the end of a large document: one problem, where it is, as before."""
    document = json.to_dict(example_contract())
    document["milestones"][-1]["due"] = "2027-02-30"
    text = std.dumps(document)
    assert _before(text) == _now(text)
    [problem] = _now(text)
    last = len(document["milestones"]) - 1
    assert (f"$.milestones[{last}].due", "expected a date that exists in the calendar") == (
        problem.path,
        problem.message.partition(" (YYYY")[0],
    )


@pytest.mark.parametrize("depth", [60, 70, 500, 995, 1_000, 1_100])
def test_deep_data_is_refused_as_the_pairs_parse_refuses_it(depth: int) -> None:
    """Near the parsers' recursion limits msgspec reads what json cannot: the old message stays."""
    document = json.to_dict(example_contract())
    document["extensions"] = {"x": "DEEP"}
    text = std.dumps(document).replace('"DEEP"', "[" * depth + "]" * depth)
    assert _before(text) == _now(text)


@pytest.mark.parametrize(
    "text",
    [
        '{":": null}',
        '{"a": {"b:c": ":"}, "d": [":", {"e": 1}]}',
        '{"a": 1, "b": {"c": 1, "c": 2}}',
        '{"a": 1, "a": 2}',
        '[{"a": 1, "a": 2}]',
        '{"a": "\\u003a"}',
        '["\\ud800"]',
        "[NaN]",
        "5",
    ],
)
def test_the_careful_path_s_dicts_are_read_only_where_no_key_repeats(text: str) -> None:
    """The plain parse counts colons field by field, and vouches exactly where the fast parse does."""
    plain = typedload.plain_parse(text)
    fast = typedload.parse(text, msgspec.json.decode)
    assert (fast is None) == (plain is None)
    assert fast == plain


class _Kind(enum.Enum):
    """Values of two JSON types: the typed path doubts every one, the converters accept them."""

    ONE = 1
    TWO = "two"


@attrs.frozen
class _Entry:
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    kind: _Kind = _Kind.ONE


@attrs.frozen
class _Sheet:
    entries: tuple[_Entry, ...] = ()


def _bad_entries(count: int, bad: set[int], doubted: set[int]) -> str:
    entries: list[dict[str, Any]] = []
    for i in range(count):
        entry: dict[str, Any] = {"name": 5 if i in bad else f"e{i}"}
        if i in doubted:
            entry["kind"] = "two" if i % 2 else 1
        entries.append(entry)
    return std.dumps({"schema_version": 1, "entries": entries})


@pytest.mark.parametrize(
    ("bad", "doubted"),
    [
        (set(), set(range(0, 250, 3))),  # every doubt unfounded: the converters build the sheet
        (set(range(1, 250, 2)), set(range(0, 250, 3))),  # 125 bad: a hundred listed, 25 counted
        ({249}, set(range(250))),  # the typed path doubts every item; one is bad
        (set(range(250)), set()),
    ],
)
def test_items_the_typed_path_vouches_for_or_doubts_give_the_old_verdicts(
    bad: set[int], doubted: set[int]
) -> None:
    """Items built by the typed path, items only the converters build or explain: as before.

    The object when nothing is wrong, else the same problems, capped at a hundred per array with
    the rest counted, as the converters alone gave them.
    """
    text = _bad_entries(250, bad, doubted)
    assert convert.reads_dicts_alike(_Sheet)
    before, now = _before(text, _Sheet), _now(text, _Sheet)
    assert before == now
    if not bad:
        assert 250 == len(now.entries)
        return
    listed = sorted(bad)[: convert.MAX_PROBLEMS]
    assert [f"$.entries[{i}].name" for i in listed] == [p.path for p in now[: len(listed)]]
    rest = len(bad) - len(listed)
    if rest:
        assert (
            Problem(
                "$.entries",
                f"and {rest} more items with problems, not listed (the first 100 are)",
            )
            == now[-1]
        )
    assert len(listed) + (1 if rest else 0) == len(now)


def test_a_large_contract_broken_in_many_items_is_explained_as_before() -> None:
    """Deliverables bad beyond the cap among good ones, and a bad date later: the old problems."""
    document = json.to_dict(synthetic_contract(400))
    for i in range(0, 400, 3):
        document["deliverables"][i]["title"] = 5 if i % 2 else " "
    document["milestones"][-1]["due"] = "2027-02-30"
    text = std.dumps(document)
    now = _now(text)
    assert _before(text) == now
    assert "$.deliverables" == now[100].path
    assert now[100].message.startswith("and 34 more items with problems")
    assert "$.milestones[39].due" == now[-1].path


def test_the_typed_path_vouches_for_model_items_only() -> None:
    """It builds what the converter builds, raises where it doubts, and has nothing for the rest."""
    build = typedload.Items(read=True).builder(Deliverable)
    assert build is not None
    item = json.to_dict(example_contract())["deliverables"][0]
    assert convert.DETAILED.structure(item, Deliverable) == build(item)
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever it raises, it does not vouch
        build({**item, "title": 5})
    with pytest.raises(Exception):  # noqa: B017, PT011
        build((("id", "D-1"),))
    assert typedload.Items(read=True).builder(str) is None
    assert typedload.Items(read=True).builder(_Entry) is not None


@pytest.mark.parametrize("where", ["item", "last_item", "top"])
def test_a_key_repeated_in_a_large_array_s_item_or_at_the_top_is_refused_as_before(
    where: str,
) -> None:
    """Items are read one by one: a repeated key in any of them still sends the text to the pairs.

    With a bad value elsewhere, so that the typed path refuses first and the text is not known
    to have no repeated key.
    """
    document = json.to_dict(synthetic_contract(300))
    document["deliverables"][0]["title"] = 5
    text = std.dumps(document)
    marker = {
        "item": ('"id": "D-299"', '"id": "D-299", "id": "D-299"'),
        "last_item": ('"role": "responsible"}]', '"role": "responsible", "role": "x"}]'),
        "top": ('"schema_version": 1', '"title": "again", "schema_version": 1'),
    }[where]
    assert text.count(marker[0]) == 1
    text = text.replace(marker[0], marker[1])
    now = _now(text)
    assert _before(text) == now
    assert any("occurs more than once" in p.message for p in now)
