"""Generate the JSON Schema (draft 2020-12) of the JSON documents, from the models themselves.

Types map to schemas generically (attrs classes and enums become ``$defs``); titles and
descriptions come from the docstrings. Field checks that JSON Schema can state exactly, in every
language's regular expressions, add their constraints (a non-empty string, an ISO code, a number of
at least 1). The schema never refuses what the loader accepts: checks it cannot state exactly are
left to the loader.
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
from outsourcing._models import checks as _checks
from outsourcing._models import money, partners
from outsourcing._models.codes import COUNTRIES, CURRENCIES

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_CONSTRAINTS: Final[dict[object, dict[str, Any]]] = {
    _checks.text: {"minLength": 1},
    _checks.optional_text: {"minLength": 1},
    _checks.positive_int: {"minimum": 1},
    money.currency_code: {"enum": sorted(CURRENCIES)},  # the field's own check
    partners.country_code: {"enum": sorted(COUNTRIES)},
    partners.optional_country_code: {"enum": sorted(COUNTRIES)},
}
"""Field checks that JSON Schema states exactly, and how (for the field's non-null values)."""

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


def _constraints(field: attrs.Attribute[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
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
            return {"oneOf": [self.ref(cls) for cls in union[1].values()]}
        if (inner := convert.optional_of(t)) is not None:
            return {"anyOf": [self.of(inner, extra), {"type": "null"}]}
        if (item := convert.tuple_item(t)) is not None:
            return {"type": "array", "items": self.of(item)}
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
            return self.ref(t)
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
            schema = self.of(field.type, _constraints(field))
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
