"""The JSON Schema and the loader agree, as a property over documents drawn from the schema.

Documents are drawn from the shipped ``contract.schema.json`` with hypothesis-jsonschema. Each is
either loaded or refused with a :class:`~outsourcing.exceptions.LoadError`, never another
exception; and every problem the loader finds in a document the schema accepts is one of the
checks that docs/schema.md lists under "What the loader checks beyond the schema".
"""

from __future__ import annotations

import json as std
import re
import types
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import hypothesis_jsonschema._from_schema as jsonschema_strategies
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.internal.conjecture import utils as conjecture_utils
from hypothesis_jsonschema import from_schema

from outsourcing import json
from outsourcing.exceptions import LoadError

SCHEMA = std.loads(files("outsourcing").joinpath("contract.schema.json").read_text("utf-8"))

MOST_ITEMS = 3
"""The most items an array of a drawn document holds: every kind of object still turns up, sooner."""

SOME_VALUES = 6
"""How many values of a list of codes (178 currencies, 249 countries) are drawn from, spread over it.

Only lists of more than ``CODES`` values are codes; the enumerations of the models (statuses,
kinds, roles) are drawn from whole, since the checks across fields depend on their values.
"""

CODES = 20


def _narrowed(schema: Any) -> Any:
    """The schema with shorter arrays and lists of codes: it accepts fewer documents, no others.

    hypothesis-jsonschema spends most of its time on the 180 currencies and 250 countries (each
    checked against its subschema, again and again) and on long arrays; the kinds of refusal do
    not depend on either.
    """
    if isinstance(schema, list):
        return [_narrowed(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    narrow = {key: _narrowed(value) for key, value in schema.items()}
    if narrow.get("type") == "array":
        narrow["maxItems"] = min(MOST_ITEMS, narrow.get("maxItems", MOST_ITEMS))
    values = narrow.get("enum")
    if isinstance(values, list) and len(values) > CODES:
        narrow["enum"] = values[:: -(-len(values) // SOME_VALUES)]
    return narrow


# What the loader checks beyond the schema, exactly as docs/schema.md lists it (a test below holds
# the two to the same list): each a message the loader gives for a document the schema accepts.
BEYOND_THE_SCHEMA: dict[str, str] = {
    # checks across fields
    "a gate's decision date and decider are set exactly when it is decided": (
        r"^expected (None while the gate is pending|the date of the '|who decided ')"
    ),
    "a met milestone has the date it was met, and only then": (
        r"^expected (the date it was met|None for a milestone that is ')"
    ),
    "a milestone paid has a payment, and a scheduled one no status date": (
        r"^expected (None for a milestone with no payment|None while scheduled)"
    ),
    "a deliverable's status is the one its history ends with": (
        r"^expected '[a-z_]+', the status its history ends with"
    ),
    "a deliverable accepted has acceptance criteria": (
        r"^expected at least one criterion for accepted work"
    ),
    "an access grant expires and is revoked on or after it is granted": (
        r"^expected a date on or after granted_on"
    ),
    "a recurring charge ends on or after it starts": r"^expected a day on or after start",
    "a KPI window has days exactly when it is rolling, and credits only a calendar window": (
        r"^expected (a whole number of at least 1|None for a '[a-z_]+' window|None for a rolling)"
    ),
    "a KPI's target changes are in the order they take effect, at most one a day": (
        r"^expected target changes in the order they take effect"
    ),
    "a measurement's period starts on or before the day it is observed": (
        r"^expected a day on or before the day observed"
    ),
    "a resolution time is at least the response time": r"^expected at least respond_hours",
    "a meeting's cadence occurs after it starts": (
        r"^expected (a cadence that occurs|RFC 5545 RRULE text .* that can be expanded)"
    ),
    "a risk is rated on both likelihood and impact, or on neither": (
        r"^expected a whole number from 1 to 5 \(rate both, or neither\)"
    ),
    "a transaction's payee is a partner other than its payer": (
        r"^expected a partner other than the payer"
    ),
    "a transaction that settles a recurring charge or a month names no milestone": (
        r"^expected None when the transaction settles a recurring charge or a month"
    ),
    "a party's identifier has an id or a legal name (or both)": (
        r"^expected an id or a legal name \(or both\)"
    ),
    "an approver names a role, a partner or people": r"^expected a role, a partner or named people",
    "an approval names its level and who approved; other moves name no level": (
        r"^expected (the level of the approval|who approved|None for a move other than an approval)"
    ),
    "a modification names what it changes, and a reassignment a new assignee": (
        r"^expected (a new title, description or acceptance criteria|an assignee other than from_id)"
    ),
    "a change policy has one tolerance per approval level": (
        r"^expected at most one tolerance per approval level"
    ),
    # checks of one field that need a database or a parser, or concern what the schema cannot see
    "a time zone exists in the IANA database": r"^expected an IANA time zone",
    "a cadence is RFC 5545 RRULE text of whole days, without a start": (
        r"^expected (RFC 5545 RRULE text|a cadence of whole days)"
    ),
    "a date exists in the calendar": r"^expected a date that exists in the calendar",
    "text holds no lone surrogate": r"^expected Unicode text \(a lone surrogate",
    "`extensions` nest at most 64 levels deep": r"^expected JSON data nested at most 64 levels",
}

DOCS = Path(__file__).parent.parent / "docs" / "schema.md"


def _documented_checks() -> list[str]:
    """The items listed under "What the loader checks beyond the schema" in docs/schema.md."""
    page = DOCS.read_text("utf-8")
    section = page.split("### What the loader checks beyond the schema\n", 1)[1]
    section = re.split(r"^#", section, maxsplit=1, flags=re.MULTILINE)[0]
    return re.findall(r"^- (.+(?:\n  .+)*)$", section, flags=re.MULTILINE)


@contextmanager
def _jsonschema_on_this_hypothesis() -> Iterator[None]:
    """Let hypothesis-jsonschema 0.23 draw objects with the Hypothesis installed here.

    It calls ``many(...).more()``, which Hypothesis replaced by iterating ``many`` inside a
    ``with`` block. For the duration of the test only, it gets a ``many`` with the old face.
    """
    real = conjecture_utils.many

    class OldMany:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._many = real(*args, **kwargs)
            self._many.__enter__()
            self._elements = iter(self._many)

        def more(self) -> bool:
            if next(self._elements, False) is None:
                return True
            self._many.__exit__(None, None, None)
            return False

        def reject(self, why: str | None = None) -> None:
            self._many.reject(why)

    shim = types.SimpleNamespace(**vars(conjecture_utils))
    shim.many = OldMany
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonschema_strategies, "cu", shim)
        yield


def _refusals(document: Any) -> list[tuple[str, str]]:
    """Load a document; return (path, message) of each problem, [] when it loads."""
    try:
        json.from_dict(document)
    except LoadError as refused:
        return [(p.path, p.message) for p in refused.problems]
    return []


def _unlisted(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    patterns = [re.compile(p) for p in BEYOND_THE_SCHEMA.values()]
    return [(path, m) for path, m in problems if not any(p.search(m) for p in patterns)]


@pytest.mark.slow
def test_schema_valid_documents_load_or_are_refused_only_by_the_listed_checks() -> None:
    """A document drawn from the schema loads, or is refused only by the listed checks.

    It is refused with a LoadError (never another exception: one would fail the test), and its
    every problem is a check that docs/schema.md lists as beyond the schema. The problems outside
    the list are gathered over all the examples and shown together, without shrinking.
    """
    unlisted: dict[str, tuple[str, str]] = {}

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    @given(from_schema(_narrowed(SCHEMA)))
    def loads_or_refuses(document: Any) -> None:
        for path, message in _unlisted(_refusals(document)):
            unlisted.setdefault(message.split(", got ")[0], (path, message))

    with _jsonschema_on_this_hypothesis():
        loads_or_refuses()
    assert {} == unlisted


def test_the_allowed_refusals_are_exactly_the_checks_docs_schema_md_lists() -> None:
    """docs/schema.md lists each check the property allows, in the same words, and no other."""
    documented = [" ".join(item.split()) for item in _documented_checks()]
    assert len(documented) == 25
    assert sorted(BEYOND_THE_SCHEMA) == sorted(documented)
