"""The JSON Schema: generated from the models, shipped with the package, and agreeing with the loader."""

from __future__ import annotations

import functools
import json as std
import re
import sys
from decimal import Decimal
from importlib.resources import files
from typing import Any

import jsonschema  # type: ignore[import-untyped] # no stubs in the test extras
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from outsourcing import Contract, Milestone, example_contract, json
from outsourcing import strategies as ost
from outsourcing._hypothesis_plugin import STRATEGIES
from outsourcing._io import convert, schema
from outsourcing._models import checks
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


PUBLISHED_DATA = {
    "ocid",
    "status",
    "date_signed",
    "description",
    "documents",
    "documents.language",
    "parties.identifier",
    "parties.identifier.legal_name",
    "parties.additional_identifiers",
    "parties.address",
    "parties.address.country",
    "parties.party_roles",
    "kpis.target_changes",
    "kpis.measurements.period_start",
    "milestones.code",
    "milestones.description",
    "milestones.documents",
    "amendments.description",
    "risks.allocation",
    "risks.allocation_details",
}
"""Places in a document that the fields added for published procurement data (OCDS) fill."""


EXAMPLES = 100
ROUNDS = 5


def _filled(node: Any, path: str = "") -> set[str]:
    """The dotted paths (list indices left out) of a document's values other than null and empty."""
    if isinstance(node, list):
        return set().union(*(_filled(item, path) for item in node))
    if not isinstance(node, dict):
        return set()
    found = set()
    for key, value in node.items():
        if value not in (None, [], {}):
            found |= {f"{path}{key}"} | _filled(value, f"{path}{key}.")
    return found


@pytest.mark.slow
@settings(max_examples=50)
@given(ost.contracts())
def test_every_generated_contract_validates(contract: Contract) -> None:
    """The documents of the strategies' contracts (risks, grants, meetings...) are schema-valid."""
    VALIDATOR.validate(std.loads(json.dumps(contract)))


@pytest.mark.slow
def test_generated_contracts_fill_every_published_data_field_and_validate() -> None:
    """The contracts drawn fill every field published procurement data added, and validate.

    Identifiers, addresses, documents, target changes... are drawn only sometimes; on fixed
    samples of contracts (seeded, so the same on every run) each is filled at least once, so the
    schema is held to accept each of them. A field the first sample misses is looked for in the
    next ones: which contracts a seed gives depends on what else the process has registered with
    Hypothesis (collecting the docs' tests changes it), so one sample alone would be luck.
    """
    filled: set[str] = set()

    def validates(contract: Contract) -> None:
        document = std.loads(json.dumps(contract))
        VALIDATOR.validate(document)
        filled.update(_filled(document))

    for round_ in range(ROUNDS):
        if not PUBLISHED_DATA - filled:
            break
        sample = settings(max_examples=EXAMPLES, database=None)(given(ost.contracts())(validates))
        seed(round_)(sample)()
    assert set() == PUBLISHED_DATA - filled


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


LINK = {"id": "doc-1", "document_type": "contractSigned", "title": "Signed contract"}


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
    # the checks of one field that the schema states as the loader does
    ("title only white space", spoil("title", " \t\u3000")),
    ("id in list only white space", spoil("milestones.2.deliverable_ids.1", "\u2003")),
    ("e-mail without a dot in the domain", spoil("people.0.email", "ingrid@nordlys")),
    ("e-mail with a space", spoil("people.0.email", "ingrid haugen@nordlys.example")),
    ("payment zero", spoil("milestones.2.payment.amount", "0.00")),
    ("charge negative", spoil("recurring_charges.0.amount.amount", "-100")),
    ("transaction zero", spoil("transactions.0.amount.amount", "0")),
    ("period not a first of month", spoil("transactions.0.period", "2026-09-02")),
    ("indexation of 1000 %", spoil("recurring_charges.0.indexation_percent", "1000")),
    ("indexation of -100 %", spoil("recurring_charges.0.indexation_percent", "-100.0")),
    ("credit of 0 %", spoil("kpis.0.credits.tiers.0.percent", "0.000")),
    ("credit cap above 100 %", spoil("kpis.0.credits.cap_percent", "100.01")),
    ("contract cap of 0 %", spoil("credit_cap_percent", "0")),
    ("no credit tiers", spoil("kpis.0.credits.tiers", [])),
    ("rolling window of 0 days", spoil("kpis.0.window", {"kind": "rolling_days", "days": 0})),
    ("likelihood 6", spoil("risks.0.likelihood", 6)),
    ("impact 0", spoil("risks.0.impact", 0)),
    ("tolerance below 0 %", spoil("change_policy.tolerances.0.cost_percent", "-0.5")),
    ("slip days below 0", spoil("change_policy.tolerances.0.slip_days", -1)),
    ("no operations", spoil("change_requests.0.operations", [])),
    ("operation without its op", spoil("change_requests.0.operations.0.op", ...)),
    ("language in capitals", spoil("milestones.2.documents", [LINK | {"language": "EN"}])),
]


@pytest.mark.parametrize(("case", "data"), SCHEMA_REJECTS, ids=[c for c, _ in SCHEMA_REJECTS])
def test_documents_the_schema_rejects_are_refused_by_the_loader(case: str, data: Any) -> None:
    """Each bad document fails both the schema and the loader."""
    assert not VALIDATOR.is_valid(data), case
    with pytest.raises(LoadError):
        json.loads(std.dumps(data))


DECIMALS = st.from_regex(f"^{convert.DECIMAL_PATTERN}$", fullmatch=True) | st.sampled_from(
    [
        "0",
        "-0",
        "0.0",
        "-0.00",
        "0.001",
        "-0.001",
        "1",
        "-1",
        "99.999",
        "100",
        "100.000",
        "100.0001",
        "-99.99",
        "-100",
        "-100.0",
        "999.99",
        "1000",
        "1000.0",
    ]
)


@pytest.mark.parametrize(
    ("pattern", "holds"),
    [
        (schema.POSITIVE, lambda d: d > 0),
        (schema.AT_LEAST_0, lambda d: d >= 0),
        (schema.ABOVE_0_AT_MOST_100, lambda d: 0 < d <= 100),
        (schema.ABOVE_MINUS_100_BELOW_1000, lambda d: -100 < d < 1000),
    ],
    ids=["positive", "at least 0", "above 0, at most 100", "above -100, below 1000"],
)
@given(text=DECIMALS)
def test_a_range_pattern_matches_exactly_the_decimals_in_its_range(
    pattern: str, holds: Any, text: str
) -> None:
    """Among plain decimal strings, the pattern matches those whose value is in the range."""
    assert bool(re.search(pattern, text)) == holds(Decimal(text))


def test_white_space_is_what_python_calls_white_space() -> None:
    """The schema's white-space class holds exactly the characters str.isspace accepts."""
    every = (chr(c) for c in range(sys.maxunicode + 1))
    in_class = re.compile(f"[{schema.WHITE_SPACE}]")
    assert [c for c in every if bool(in_class.fullmatch(c)) != c.isspace()] == []


@given(text=st.text())
def test_not_blank_and_email_patterns_agree_with_the_field_checks(text: str) -> None:
    """A string matches NOT_BLANK exactly when it is not blank, EMAIL exactly when e-mail shaped."""
    assert bool(re.search(schema.NOT_BLANK, text)) == (text != "" and not text.isspace())
    email = bool(re.search(schema.EMAIL, text)) and not text.endswith("\n")  # Python's $
    assert email == bool(checks._EMAIL.fullmatch(text))
