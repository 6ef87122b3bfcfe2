"""The same model in msgspec (the practical limit) and in pydantic v2 (the users' alternative).

Both peers are generated from the library's attrs classes, field for field: the same names, types
and defaults, the library's own enums, unknown keys forbidden, strict types. Generating them keeps
"the same model" true as the library grows. The msgspec peers are made by the same code as the
library's own shadow Structs (:class:`outsourcing._io.shadows.Mirror`): only the leaf types (real
decimals and dates here), the defaults and the options differ. Each peer class also carries the
library class's properties and methods, and a contract gets the same lazily built index, so the
library's rule functions run over peer objects unchanged: "the same rules" is literally the same
code, and only the loading machinery differs between the contenders.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import operator
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property
from typing import Any

import attrs
import msgspec
import pydantic

from outsourcing import Contract
from outsourcing._io.convert import field_types, literal_values, mapping_value
from outsourcing._io.shadows import Mirror
from outsourcing._models.contract import ById

_LEAVES = (str, int, bool, float, Decimal, dt.date)


def _behaviour(cls: type) -> dict[str, Any]:
    """The properties and methods of a library class, for its peer to carry."""
    found: dict[str, Any] = {}
    for name, value in vars(cls).items():
        if name.startswith("__"):
            continue
        if isinstance(value, property | cached_property) or inspect.isfunction(value):
            found[name] = value
    if cls is Contract:
        found["_by_id"] = cached_property(ById)
        found["_by_id"].__set_name__(None, "_by_id")
    return found


class MsgspecPeers(Mirror):
    """msgspec Structs of the library's classes: frozen, strict, with their real types and defaults.

    A union of operations is a msgspec tagged union, told apart by the model's ``op`` field.
    """

    def leaf(self, t: Any) -> Any:  # noqa: D102
        if t in _LEAVES or (isinstance(t, type) and issubclass(t, enum.Enum)):
            return t
        if literal_values(t) is not None:
            return t
        if t is Any or mapping_value(t) is not None:
            return dict[str, Any]
        msg = f"no peer type for {t!r}"
        raise TypeError(msg)

    def field(self, attribute: attrs.Attribute[Any], held: Any) -> tuple[Any, ...]:  # noqa: D102
        default: Any = attribute.default
        if default is attrs.NOTHING:
            return (attribute.name, held)
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type] # attrs' Factory is a class
            factory = default.factory
            make = dict if factory is dict else lambda: self.convert(factory())
            return (attribute.name, held, msgspec.field(default_factory=make))
        if attrs.has(type(default)):
            return (
                attribute.name,
                held,
                msgspec.field(default_factory=lambda: self.convert(default)),
            )
        return (attribute.name, held, default)

    def options(self, cls: type, *, document: bool) -> dict[str, Any]:  # noqa: D102
        del document
        return {
            "name": f"M{cls.__name__}",
            "kw_only": True,
            "frozen": True,
            "forbid_unknown_fields": True,
            "dict": cls is Contract,  # for the lookups by id, a cached property
            "weakref": cls is Contract,  # the rules keep their index of a contract weakly
            "namespace": _behaviour(cls),
        }

    def leading(self, cls: type, *, document: bool) -> list[tuple[Any, ...]]:  # noqa: D102
        del cls
        return [("schema_version", int)] if document else []

    def convert(self, obj: Any) -> Any:
        """A library object as its peer (for defaults that are library objects)."""
        return msgspec.convert(obj, self.struct(type(obj)), from_attributes=True)


class _PydanticPeers:
    """Build pydantic peer classes for the library's attrs classes."""

    def __init__(self) -> None:
        self.made: dict[type, Any] = {}

    def type_of(self, hint: Any) -> Any:  # noqa: PLR0911 - one answer per kind of type
        """Translate one annotation of the library into the peer's annotation."""
        if attrs.has(hint):
            return self.peer(hint)
        if hint in _LEAVES or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
            return hint
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Literal:
            return hint
        if origin in {types.UnionType, typing.Union}:
            inner = [self.type_of(a) for a in args if a is not type(None)]
            if type(None) not in args:  # a tagged union of model classes
                return functools.reduce(operator.or_, inner)
            return inner[0] | None if len(inner) == 1 else typing.Union[*inner, None]
        if origin is tuple:
            return tuple[self.type_of(args[0]), ...]  # type: ignore[misc]
        if origin in {Mapping, dict} or hint is Any:
            return dict[str, Any]
        msg = f"no peer type for {hint!r}"
        raise TypeError(msg)

    def default_of(self, field: attrs.Attribute[Any]) -> Any:
        """The peer's default for one field: a value, a factory, or nothing (required)."""
        default = field.default
        if default is attrs.NOTHING:
            return attrs.NOTHING
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            factory: Any = getattr(default, "factory", None)
            if factory is dict:
                return ("factory", dict)
            return ("factory", lambda: self.convert(factory()))
        if attrs.has(type(default)):
            return ("factory", lambda: self.convert(default))
        return default

    def convert(self, obj: Any) -> Any:
        """A library object as its peer (for defaults that are library objects)."""
        return self.peer(type(obj)).model_validate(obj, from_attributes=True, strict=False)

    def peer(self, cls: type) -> Any:
        """The peer class of a library class, made once."""
        if cls not in self.made:
            hints = field_types(cls)
            specs = [
                (f.name, self.type_of(hints[f.name]), self.default_of(f)) for f in attrs.fields(cls)
            ]
            if cls is Contract:
                specs.insert(0, ("schema_version", int, attrs.NOTHING))
            self.made[cls] = self._pydantic(cls, specs)
        return self.made[cls]

    @staticmethod
    def _pydantic(model: type, specs: list[tuple[str, Any, Any]]) -> Any:
        definitions: dict[str, Any] = {}
        for name, t, default in specs:
            if default is attrs.NOTHING:
                definitions[name] = (t, ...)
            elif isinstance(default, tuple) and default and default[0] == "factory":
                definitions[name] = (t, pydantic.Field(default_factory=default[1]))
            else:
                definitions[name] = (t, default)
        made = pydantic.create_model(
            f"P{model.__name__}",
            __config__=pydantic.ConfigDict(frozen=True, strict=True, extra="forbid"),
            **definitions,
        )
        for attribute, value in _behaviour(model).items():
            setattr(made, attribute, value)
        return made


MSGSPEC = MsgspecPeers()
PYDANTIC = _PydanticPeers()
MContract: Any = MSGSPEC.struct(Contract, document=True)
PContract: Any = PYDANTIC.peer(Contract)
MSGSPEC_DECODER = msgspec.json.Decoder(MContract)
