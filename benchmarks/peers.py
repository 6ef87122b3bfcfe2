"""The same model in msgspec (the practical limit) and in pydantic v2 (the users' alternative).

Both peers are generated from the library's attrs classes, field for field: the same names, types
and defaults, the library's own enums, unknown keys forbidden, strict types. Generating them keeps
"the same model" true as the library grows. Each peer class also carries the library class's
properties and methods, and a contract gets the same lazily built index, so the library's rule
functions run over peer objects unchanged: "the same rules" is literally the same code, and only
the loading machinery differs between the contenders.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
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
from outsourcing._contract import _Index

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
        found["_index"] = cached_property(lambda self: _Index(self))
        found["_index"].__set_name__(None, "_index")
    return found


class _Peers:
    """Build peer classes of one kind (msgspec or pydantic) for the library's attrs classes."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.made: dict[type, Any] = {}

    def type_of(self, hint: Any) -> Any:
        """Translate one annotation of the library into the peer's annotation."""
        if attrs.has(hint):
            return self.peer(hint)
        if hint in _LEAVES or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
            return hint
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in {types.UnionType, typing.Union}:
            inner = [self.type_of(a) for a in args if a is not type(None)]
            return inner[0] | None if len(inner) == 1 else typing.Union[*inner, None]  # noqa: UP007
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
            factory = default.factory
            if factory is dict:
                return ("factory", dict)
            return ("factory", lambda: self.convert(factory()))
        if attrs.has(type(default)):
            return ("factory", lambda: self.convert(default))
        return default

    def convert(self, obj: Any) -> Any:
        """A library object as its peer (for defaults that are library objects)."""
        peer = self.peer(type(obj))
        return (
            msgspec.convert(obj, peer, from_attributes=True)
            if self.kind == "msgspec"
            else (peer.model_validate(obj, from_attributes=True, strict=False))
        )

    def peer(self, cls: type) -> Any:
        """The peer class of a library class, made once."""
        if cls in self.made:
            return self.made[cls]
        hints = typing.get_type_hints(cls)
        specs = [(f, self.type_of(hints[f.name]), self.default_of(f)) for f in attrs.fields(cls)]
        name = f"{'M' if self.kind == 'msgspec' else 'P'}{cls.__name__}"
        made: Any
        if self.kind == "msgspec":
            fields = []
            for f, t, d in specs:
                if d is attrs.NOTHING:
                    fields.append((f.name, t))
                elif isinstance(d, tuple) and d and d[0] == "factory":
                    fields.append((f.name, t, msgspec.field(default_factory=d[1])))
                else:
                    fields.append((f.name, t, d))
            if cls is Contract:
                fields.insert(0, ("schema_version", int))
            made = msgspec.defstruct(
                name,
                fields,
                kw_only=True,
                frozen=True,
                forbid_unknown_fields=True,
                dict=cls is Contract,
                namespace=_behaviour(cls),
            )
        else:
            definitions: dict[str, Any] = {}
            for f, t, d in specs:
                if d is attrs.NOTHING:
                    definitions[f.name] = (t, ...)
                elif isinstance(d, tuple) and d and d[0] == "factory":
                    definitions[f.name] = (t, pydantic.Field(default_factory=d[1]))
                else:
                    definitions[f.name] = (t, d)
            if cls is Contract:
                definitions = {"schema_version": (int, ...), **definitions}
            made = pydantic.create_model(
                name,
                __config__=pydantic.ConfigDict(frozen=True, strict=True, extra="forbid"),
                **definitions,
            )
            for attribute, value in _behaviour(cls).items():
                setattr(made, attribute, value)
        self.made[cls] = made
        return made


MSGSPEC = _Peers("msgspec")
PYDANTIC = _Peers("pydantic")
MContract: Any = MSGSPEC.peer(Contract)
PContract: Any = PYDANTIC.peer(Contract)
MSGSPEC_DECODER = msgspec.json.Decoder(MContract)
