"""The JSON Schema: generated from the models, shipped with the package, and agreeing with the loader."""

from __future__ import annotations

import functools
import json as std
from importlib.resources import files
from typing import Any

import jsonschema  # type: ignore[import-untyped] # no stubs in the test extras
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outsourcing import Contract, Milestone, example_contract, json
from outsourcing import strategies as ost
from outsourcing._hypothesis_plugin import STRATEGIES
from outsourcing.exceptions import LoadError
from test_json import contracts, document, spoil

VALIDATOR = jsonschema.Draft202012Validator(json.schema())
MODELS = [m for m in STRATEGIES if m is not Contract]  # contracts have a test of their own


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """Other languages' tools can read it."""
    jsonschema.Draft202012Validator.check_schema(json.schema())
    assert "https://json-schema.org/draft/2020-12/schema" == json.schema()["$schema"]


def test_shipped_schema_file_is_the_generated_schema() -> None:
    """src/outsourcing/contract.schema.json is up to date (regenerate: `outsourcing schema`)."""
    shipped = files("outsourcing").joinpath("contract.schema.json").read_text(encoding="utf-8")
    assert json.schema() == std.loads(shipped)


def test_titles_and_descriptions_come_from_the_docstrings() -> None:
    """Classes, fields and enums are described in the schema as in the API reference."""
    schema = json.schema()
    milestone = schema["$defs"]["Milestone"]
    assert "Milestone" == milestone["title"]
    assert milestone["description"].startswith("A dated checkpoint, optionally tied to a payment.")
    assert (
        "When it is due now (after any rebaselines)."
        == milestone["properties"]["due"]["description"]
    )
    decision = schema["$defs"]["GateDecision"]
    assert ["pending", "go", "go_with_conditions", "hold", "stop"] == decision["enum"]
    assert (
        "The outcome of a phase's evaluation: may the next phase start?"
        == (decision["description"])
    )
    assert schema["$defs"]["Money"]["description"].startswith("An amount of money in one currency.")
    assert ">>>" not in std.dumps(schema)


def test_required_fields_are_those_without_defaults() -> None:
    """Only fields the loader needs are required; defaults are shown."""
    milestone = json.schema(Milestone)
    assert ["schema_version", "id", "title", "due"] == milestone["required"]
    assert "delivery" == milestone["properties"]["kind"]["default"]


def test_example_document_validates() -> None:
    """The bundled example, dumped, is valid against the schema."""
    VALIDATOR.validate(json.to_dict(example_contract()))


@pytest.mark.slow
@given(contracts())
def test_every_dumped_document_validates(contract: Contract) -> None:
    """Whatever contract the library dumps, the schema accepts the document."""
    VALIDATOR.validate(std.loads(json.dumps(contract)))


@settings(max_examples=50)
@given(ost.contracts())
def test_every_generated_contract_validates(contract: Contract) -> None:
    """The documents of the strategies' contracts (risks, grants, meetings...) are schema-valid."""
    VALIDATOR.validate(std.loads(json.dumps(contract)))


@functools.cache
def validator(model: type) -> Any:
    return jsonschema.Draft202012Validator(json.schema(model))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_generated_model_validates_against_its_schema(
    model: type, data: st.DataObject
) -> None:
    """Each public model's documents validate against json.schema(model)."""
    validator(model).validate(std.loads(json.dumps(data.draw(st.from_type(model)))))


def test_every_model_type_has_a_schema_for_its_documents() -> None:
    """A milestone document (with its schema_version) validates against the Milestone schema."""
    jsonschema.validate(
        json.to_dict(example_contract().milestones[2]),
        json.schema(Milestone),
        cls=jsonschema.Draft202012Validator,
    )


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


SCHEMA_REJECTS: list[tuple[str, Any]] = [
    ("no schema_version", _without(document(), "schema_version")),
    ("future schema_version", {**document(), "schema_version": 2}),
    ("no term", _without(document(), "term")),
    ("id a number", spoil("id", 5)),
    ("empty title", spoil("title", "")),
    ("version a float", spoil("version", 1.5)),
    ("version zero", spoil("version", 0)),
    ("version a bool", spoil("version", True)),
    ("parties a string", spoil("parties", "nordlys")),
    ("amount a number", spoil("value.amount", 4800000)),
    ("amount with exponent", spoil("value.amount", "4.8E6")),
    ("currency in lower case", spoil("value.currency", "nok")),
    ("unknown country", spoil("parties.0.country", "XX")),
    ("date not ISO", spoil("term.start", "07.09.2026")),
    ("date with time", spoil("term.start", "2026-09-07T10:00:00")),
    ("unknown role", spoil("parties.1.role", "vendor")),
    ("unknown key", spoil("milestones.2.colour", "red")),
    ("payment a list", spoil("milestones.2.payment", [])),
    ("missing due", spoil("milestones.2.due", ...)),
    ("id in list a number", spoil("milestones.2.deliverable_ids.1", 5)),
    ("extensions a list", spoil("extensions", ["a"])),
    ("null for a default", spoil("deliverables.0.description", None)),
    ("top level an array", [document()]),
]


@pytest.mark.parametrize(("case", "data"), SCHEMA_REJECTS, ids=[c for c, _ in SCHEMA_REJECTS])
def test_documents_the_schema_rejects_are_refused_by_the_loader(case: str, data: Any) -> None:
    """Each bad document fails both the schema and the loader."""
    assert not VALIDATOR.is_valid(data), case
    with pytest.raises(LoadError):
        json.loads(std.dumps(data))
