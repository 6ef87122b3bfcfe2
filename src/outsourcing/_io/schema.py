"""Generate the JSON Schema (draft 2020-12) of the JSON documents, from the models themselves.

Types map to schemas generically (attrs classes and enums become ``$defs``); titles and
descriptions come from the docstrings. Field checks that JSON Schema can state exactly, in every
language's regular expressions, add their constraints (text not blank, an ISO code, a number of
at least 1, a positive amount, a percentage in its range). The schema never refuses what the loader
accepts: checks it cannot state exactly (across fields, or needing a database or a parser) are left
to the loader, and docs/schema.md lists them; tests/test_schema_loader.py holds the loader to that
list.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import typing
from decimal import Decimal
from typing import Any, Final

import attrs

from outsourcing._io import convert
from outsourcing._models import billing, changes, contract, documents, kpis, money, partners
from outsourcing._models import checks as _checks
from outsourcing._models import risks as _risks
from outsourcing._models import schedule as _schedule
from outsourcing._models.codes import COUNTRIES, CURRENCIES

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

WHITE_SPACE: Final = (
    r"\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
    r"\u3000"
)
"""A character class body of the characters Python's ``str.isspace`` calls white space.

Spelled out, because ``\\s`` means other characters in other languages' regular expressions
(ECMA-262's has U+FEFF, and not U+001C to U+001F).
"""

NOT_BLANK: Final = f"[^{WHITE_SPACE}]"
"""Text that is not only white space: it holds one character that is not (``checks.text``)."""

EMAIL: Final = f"^[^@{WHITE_SPACE}]+@[^@{WHITE_SPACE}]+\\.[^@{WHITE_SPACE}]+$"
"""``checks.email``'s shape, ``name@domain.tld`` with no white space and one ``@``."""

POSITIVE: Final = r"^(?:[1-9][0-9]*(?:\.[0-9]+)?|0\.[0-9]*[1-9][0-9]*)$"
"""A plain decimal above 0."""

AT_LEAST_0: Final = r"^(?:(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|-0(?:\.0+)?)$"
"""A plain decimal of at least 0 (``-0`` is 0)."""

ABOVE_0_AT_MOST_100: Final = r"^(?:[1-9][0-9]?(?:\.[0-9]+)?|100(?:\.0+)?|0\.[0-9]*[1-9][0-9]*)$"
"""A plain decimal above 0 and at most 100."""

ABOVE_MINUS_100_BELOW_1000: Final = r"^(?:-?(?:0|[1-9][0-9]?)|[1-9][0-9]{2})(?:\.[0-9]+)?$"
"""A plain decimal above -100 and below 1000."""

_TEXT: Final = {"minLength": 1, "pattern": NOT_BLANK}
_POSITIVE_MONEY: Final = {"properties": {"amount": {"pattern": POSITIVE}}}

_CONSTRAINTS: Final[dict[object, dict[str, Any]]] = {
    _checks.text: _TEXT,
    _checks.optional_text: _TEXT,
    _checks.email: {"pattern": EMAIL},
    _checks.positive_int: {"minimum": 1},
    _checks.non_negative_int: {"minimum": 0},
    money.currency_code: {"enum": sorted(CURRENCIES)},  # the field's own check
    partners.country_code: {"enum": sorted(COUNTRIES)},
    partners.optional_country_code: {"enum": sorted(COUNTRIES)},
    documents._language: {"pattern": f"^{documents._LANGUAGE.pattern}$"},  # noqa: SLF001
    billing._positive_money: _POSITIVE_MONEY,  # noqa: SLF001
    billing._rate: {"pattern": ABOVE_MINUS_100_BELOW_1000},  # noqa: SLF001
    billing._first_of_month: {"pattern": "^[0-9]{4}-[0-9]{2}-01$"},  # noqa: SLF001
    changes._percent: {"pattern": AT_LEAST_0},  # noqa: SLF001
    changes._some_text: {"minItems": 1},  # noqa: SLF001
    changes._operations: {"minItems": 1},  # noqa: SLF001
    kpis._percent: {"pattern": ABOVE_0_AT_MOST_100},  # noqa: SLF001
    kpis._tiers: {"minItems": 1},  # noqa: SLF001
    contract._cap_percent: {"pattern": ABOVE_0_AT_MOST_100},  # noqa: SLF001
    _risks._one_to_five: {"minimum": 1, "maximum": 5},  # noqa: SLF001
}
"""Field checks that JSON Schema states exactly, and how (for the field's non-null values).

The items of a ``tuple[str, ...]`` are text (``checks.tuple_of(str)`` checks each as
``checks.text`` does); constraints on a model-valued field constrain the model's properties.
"""

_FIELD_CONSTRAINTS: Final[dict[tuple[type, str], dict[str, Any]]] = {
    (_schedule.Milestone, "payment"): _POSITIVE_MONEY,  # checked by the class, on the one field
    (kpis.Window, "days"): {"minimum": 1},  # days are None unless rolling, and then at least 1
}
"""Checks of one field that its class makes (after the field's own), stated the same way."""

_ROLE: Final = re.compile(r":[a-z]+:`~?([^`]+)`")
_LITERAL: Final = re.compile(r"``([^`]+)``")


def _plain(text: str) -> str:
    """Turn reStructuredText markup into plain text: ``:class:`~a.B``` is ``B``."""
    text = _ROLE.sub(
        lambda m: m.group(1).rsplit(".", 1)[-1] if "~" in m.group(0) else m.group(1), text
    )
    return " ".join(_LITERAL.sub(r"\1", text).split())


def _docs(cls: type) -> tuple[str, dict[str, str]]:
    """Return a class's description (without examples or sections) and its ``Args:`` entries."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    paragraphs, args = [], {}
    name = None
    in_args = False
    for block in re.split(r"\n\s*\n", doc):
        lines = block.splitlines()
        if not lines or lines[0].startswith(">>>"):
            continue
        if re.fullmatch(r"[A-Z][a-z]+:", lines[0]):
            in_args = lines[0] == "Args:"
            if in_args:
                for line in lines[1:]:
                    found = re.match(r" {4}(\w+): (.*)", line)
                    if found:
                        name = found.group(1)
                        args[name] = found.group(2)
                    elif name is not None:
                        args[name] += " " + line.strip()
            continue
        if not in_args:
            paragraphs.append(" ".join(lines))
    return _plain("\n".join(paragraphs)), {k: _plain(v) for k, v in args.items()}


def _constraints(cls: type, field: attrs.Attribute[Any]) -> dict[str, Any]:
    found: dict[str, Any] = dict(_FIELD_CONSTRAINTS.get((cls, field.name), {}))
    validator = field.validator
    for check in getattr(validator, "_validators", (validator,)):
        found.update(_CONSTRAINTS.get(check, {}))
    return found


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # placeholder: breaks cycles
            self.defs[cls.__name__] = self.enum(cls) if convert.is_enum(cls) else self.model(cls)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def enum(self, cls: type) -> dict[str, Any]:
        description, _ = _docs(cls)
        values = [m.value for m in cls]  # type: ignore[attr-defined]
        kinds = {type(v) for v in values}
        schema: dict[str, Any] = {"title": cls.__name__}
        if description:
            schema["description"] = description
        if kinds == {str}:
            schema["type"] = "string"
        schema["enum"] = values
        return schema

    def of(  # noqa: PLR0911 - one answer per kind of type
        self, t: Any, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return the schema of the JSON a place of type ``t`` holds."""
        extra = extra or {}
        if (values := convert.literal_values(t)) is not None:
            if len(values) == 1:
                return {"const": values[0], **extra}
            return {"enum": list(values), **extra}
        if (union := convert.tagged_union(t)) is not None:
            # The tag has a default, but the loader needs it to tell the classes apart.
            return {"oneOf": [self.ref(cls) for cls in union[1].values()], "required": [union[0]]}
        if (inner := convert.optional_of(t)) is not None:
            return {"anyOf": [self.of(inner, extra), {"type": "null"}]}
        if (item := convert.tuple_item(t)) is not None:
            return {
                "type": "array",
                "items": self.of(item, _TEXT if item is str else None),
                **extra,
            }
        if typing.get_origin(t) is not None and (value := convert.mapping_value(t)) is not None:
            if value is Any:
                return {"type": "object"}
            return {"type": "object", "additionalProperties": self.of(value)}
        simple: dict[Any, dict[str, Any]] = {
            str: {"type": "string"},
            int: {"type": "integer"},
            bool: {"type": "boolean"},
            float: {"type": "number"},
            Decimal: {"type": "string", "pattern": f"^{convert.DECIMAL_PATTERN}$"},
            dt.date: {"type": "string", "format": "date", "pattern": f"^{convert.DATE_PATTERN}$"},
            Any: {},
        }
        if t in simple:
            return {**simple[t], **extra}
        if convert.is_enum(t) or attrs.has(t):
            return {"allOf": [self.ref(t), extra]} if extra else self.ref(t)
        msg = f"no JSON Schema for {t!r}"
        raise TypeError(msg)

    def model(self, cls: type) -> dict[str, Any]:
        attrs.resolve_types(cls)
        description, args = _docs(cls)
        properties: dict[str, Any] = {}
        required = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.of(field.type, _constraints(cls, field))
            if field.name in args:
                schema["description"] = args[field.name]
            default = field.default
            if default is attrs.NOTHING:
                required.append(field.name)
            else:
                factory = getattr(default, "factory", None)  # an attrs.Factory
                if callable(factory) and not getattr(default, "takes_self", True):
                    default = factory()
                schema["default"] = convert.FAST.unstructure(default, field.type)
            properties[field.name] = schema
        result: dict[str, Any] = {"title": cls.__name__}
        if description:
            result["description"] = description
        result |= {"type": "object", "properties": properties, "required": required}
        result["additionalProperties"] = False
        return result


def document_schema(root: type, version: int) -> dict[str, Any]:
    """Return the schema of a JSON document holding a ``root`` object, format ``version``."""
    builder = _Builder()
    body = builder.model(root)
    properties = {
        "schema_version": {
            "const": version,
            "description": "The version of the format the document is written in.",
        },
        **body["properties"],
    }
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "title": f"outsourcing {root.__name__} document, format version {version}",
    }
    if "description" in body:
        schema["description"] = body["description"]
    schema |= {
        "type": "object",
        "properties": properties,
        "required": ["schema_version", *body["required"]],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }
    return schema
