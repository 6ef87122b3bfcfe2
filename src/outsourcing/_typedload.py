"""The fastest path of loading: msgspec decodes a document straight into shadow Structs.

The generated builders of :mod:`outsourcing._fastload` read a document msgspec parsed into dicts:
a dict per object, and a Python check per value. Most of that msgspec can do in C while it parses,
if it is told the types: each model class gets a *shadow* :class:`msgspec.Struct` with the same
field names, unknown keys forbidden, and every field required. Strings, integers, booleans, floats,
enum values (string-valued enums), string literals, arrays of strings and nested model objects
are checked by msgspec, exactly as strictly as the builders check them (a JSON ``true`` is no
integer, ``5`` is no string). Dates and decimals stay strings, for the library's own formats to
judge; fields of kinds a Struct cannot say as strictly (tagged unions of change operations,
integrators' free-form data) stay plain JSON, for the builders of :mod:`outsourcing._fastload`.

A generated converter per class then builds the model object from its shadow, with the same
checks, validators and ``__attrs_post_init__`` as the fast path (the code that emits them is
shared). Where msgspec refuses a document (a key left out because its default will do, an
unknown key, a wrong type), :mod:`outsourcing.json` tries the fast path, and then the careful one,
which explains. A repeated key is caught as in the fast path: by counting colons.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import msgspec

from outsourcing import _convert, _fastload

_shadows: dict[type, Any] = {}
_documents: dict[type, msgspec.json.Decoder[Any] | None] = {}
_made: dict[type, Callable[[Any], Any]] = {}


def _shadow_type(t: Any) -> Any:  # noqa: PLR0911 - one answer per kind of type
    """The Struct annotation that makes msgspec check ``t`` as the fast path would, or ``Any``."""
    inner = _convert.optional_of(t)
    if inner is not None:
        found = _shadow_type(inner)
        return Any if found is Any else found | None
    if t in (str, int, bool, float):
        return t
    if t in (Decimal, dt.date):
        return str  # the library's own formats judge them
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return t if all(type(m.value) is str for m in t) else Any
    if (values := _convert.literal_values(t)) is not None:
        return t if all(type(v) is str for v in values) else Any
    if attrs.has(t):
        return _shadow(t)
    item = _convert.tuple_item(t)
    if item is not None:
        found = _shadow_type(item)
        if found is Any or _convert.optional_of(item) is not None:
            return Any
        return tuple[found, ...]  # type: ignore[valid-type] # a type form made at run time
    return Any


def _shadow(cls: type) -> Any:
    """The shadow Struct of a model class (``Any`` where a Struct cannot stand in for it)."""
    if cls not in _shadows:
        _shadows[cls] = Any  # while its fields are worked out (a class that contains itself)
        hints = typing.get_type_hints(cls)
        fields = [(f.name, _shadow_type(hints[f.name])) for f in attrs.fields(cls)]
        _shadows[cls] = msgspec.defstruct(
            f"{cls.__name__}Shadow", fields, forbid_unknown_fields=True
        )
    return _shadows[cls]


def decoder(cls: type) -> msgspec.json.Decoder[Any] | None:
    """The decoder of whole documents of ``cls`` (its fields and ``schema_version``), if any."""
    if cls not in _documents:
        shadow = _shadow(cls)
        found = None
        if shadow is not Any:
            fields = [("schema_version", Any)]
            fields += [(f.name, f.type) for f in msgspec.structs.fields(shadow)]
            document = msgspec.defstruct(
                f"{cls.__name__}Document", fields, forbid_unknown_fields=True
            )
            found = msgspec.json.Decoder(document)
        _documents[cls] = found
    return _documents[cls]


def structure(data: Any, cls: type) -> Any:
    """Build ``cls`` from its shadow (a document decoded by :func:`decoder`).

    Raises:
        _fastload.Doubt: Something is not plainly right; the careful path decides.
    """
    try:
        return converter_for(cls)(data)
    except _fastload.Doubt:
        raise
    except Exception as exc:  # a model's field check, a bad date, a blank text...
        raise _fastload.Doubt from exc


def converter_for(cls: type) -> Callable[[Any], Any]:
    """The generated function that builds ``cls`` from its shadow, made once per class."""
    found = _made.get(cls)
    if found is None:
        found = _made[cls] = _generate(cls)
    return found


def _convert_typed(source: _fastload._Source, t: Any, var: str, indent: str) -> None:
    """Emit what is left to do to a value msgspec checked against ``_shadow_type(t)``."""
    add = source.lines.append
    inner = _convert.optional_of(t)
    if inner is not None:
        start = len(source.lines)
        _convert_typed(source, inner, var, indent + "    ")
        if len(source.lines) > start:
            source.lines.insert(start, f"{indent}if {var} is not None:")
        return
    if t is Decimal:
        add(f"{indent}if not _DECIMAL({var}): _doubt()")
        add(f"{indent}{var} = Decimal({var})")
    elif t is dt.date:
        add(f"{indent}if not _DATE({var}): _doubt()")
        add(f"{indent}{var} = _from_iso({var})")
    elif attrs.has(t):
        add(f"{indent}{var} = {source.name(converter_for)}({source.name(t)})({var})")
    elif (item := _convert.tuple_item(t)) is not None and attrs.has(item):
        add(f"{indent}if {var}:")
        add(f"{indent}    _f = {source.name(converter_for)}({source.name(item)})")
        add(f"{indent}    {var} = tuple([_f(_x) for _x in {var}])")
    # str, int, bool, float, enums, literals, tuples of strings: msgspec made them what they are


def _generate(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    source = _fastload._Source()  # noqa: SLF001 - the same emitters as the fast path
    add = source.lines.append
    add("def build(s):")
    for number, f in enumerate(fields):
        var = f"v{number}"
        add(f"    {var} = s.{f.name}")
        t = hints[f.name]
        if _shadow_type(t) is Any:
            source.convert(t, var, "    ")  # plain JSON: what the fast path does with it
        else:
            _convert_typed(source, t, var, "    ")
    _fastload._construct(source, cls, fields, hints, indent="    ")  # noqa: SLF001
    namespace = dict(source.names)
    code = compile("\n".join(source.lines), f"<typedload {cls.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own generated code
    built: Callable[[Any], Any] = namespace["build"]
    return built
