"""The fastest path of loading: msgspec decodes a document straight into shadow Structs.

The generated builders of :mod:`outsourcing._io.codegen` read a document msgspec parsed into dicts:
a dict per object, and a Python check per value. Most of that msgspec can do in C while it parses,
if it is told the types: each model class gets a *shadow* :class:`msgspec.Struct` with the same
field names, unknown keys forbidden, and every field required. Strings, integers, booleans, floats,
values of plain string enums (no ``_missing_``), string literals, arrays of strings or of such
enum values, and nested model objects are checked by msgspec, exactly as strictly as the builders
check them (a JSON ``true`` is no integer, ``5`` is no string, ``"A"`` is not ``"a"``). Dates
and decimals stay strings, for the library's own formats to judge. Every other kind of field
stays plain JSON, for the builders of :mod:`outsourcing._io.codegen` to convert and judge: tagged
unions of change operations, integrators' free-form data, arrays of dates or numbers, a class
inside itself. Classes the typed path cannot be exact for have no shadow and take the fast path:
one with a field it sets itself (``init=False``), or, at the top of a document, one with a field
named ``schema_version``.

A generated converter per class then builds the model object from its shadow, with the same
checks, validators and ``__attrs_post_init__`` as the fast path (the code that emits them is
shared). Where msgspec refuses a document (a key left out because its default will do, an
unknown key, a wrong type), :mod:`outsourcing.json` tries the fast path, and then the careful one,
which explains. A repeated key is caught as in the fast path: by counting colons.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import msgspec

from outsourcing._io import codegen as _fastload
from outsourcing._io import convert as _convert

_shadows: dict[type, Any] = {}
_documents: dict[type, msgspec.json.Decoder[Any] | None] = {}
_made: dict[type, Callable[[Any], Any]] = {}
_lock = threading.RLock()  # shadows and converters are made once, whichever thread asks first


def _plain_enum(t: type[enum.Enum]) -> bool:
    """Whether msgspec judges values of ``t`` as the fast path does: by exact string value."""
    custom = any("_missing_" in vars(k) for k in t.__mro__ if k is not enum.Enum)  # lenient
    return len(t) > 0 and all(type(m.value) is str for m in t) and not custom


def _shadow_type(t: Any) -> Any:  # noqa: PLR0911 - one answer per kind of type
    """The Struct annotation that makes msgspec check ``t`` as the fast path would, or ``Any``.

    ``Any`` leaves the value as plain JSON, for the fast path's own conversion to judge.
    """
    inner = _convert.optional_of(t)
    if inner is not None:
        found = _shadow_type(inner)
        return Any if found is Any else found | None
    if t in (str, int, bool, float):
        return t
    if t in (Decimal, dt.date):
        return str  # the library's own formats judge them
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return t if _plain_enum(t) else Any
    if (values := _convert.literal_values(t)) is not None:
        return t if all(type(v) is str for v in values) else Any
    if attrs.has(t):
        return _shadow(t)
    item = _convert.tuple_item(t)
    if item is str or (
        isinstance(item, type) and issubclass(item, enum.Enum) and _plain_enum(item)
    ):
        return tuple[item, ...]  # type: ignore[valid-type] # a type form made at run time
    if item is not None and attrs.has(item) and (found := _shadow(item)) is not Any:
        return tuple[found, ...]  # type: ignore[valid-type]
    return Any  # other arrays (of dates, numbers...): the fast path converts and judges them


def _shadow(cls: type) -> Any:
    """The shadow Struct of a model class; ``Any`` while it is being made, or if it cannot be.

    A class that contains itself sees ``Any`` for that field: its values stay plain JSON there.
    """
    with _lock:
        if cls not in _shadows:
            _shadows[cls] = Any  # while its fields are worked out
            found: Any = Any  # no shadow: the fast path takes the class
            # A field the class sets itself (init=False) is for the converters to judge.
            if all(f.init for f in attrs.fields(cls)):
                try:
                    hints = _convert.field_types(cls)
                    fields = [(f.name, _shadow_type(hints[f.name])) for f in attrs.fields(cls)]
                    found = msgspec.defstruct(
                        f"{cls.__name__}Shadow", fields, forbid_unknown_fields=True
                    )
                except Exception:  # noqa: BLE001 - an unresolvable annotation, say
                    found = Any
            _shadows[cls] = found
        return _shadows[cls]


def decoder(cls: type) -> msgspec.json.Decoder[Any] | None:
    """The decoder of whole documents of ``cls`` (``schema_version`` and its fields), if any.

    None for a class whose shadow cannot be made, or with a field of its own named
    ``schema_version``: its documents go the fast path.
    """
    if cls in _documents:  # every load asks: no lock once the answer is known
        return _documents[cls]
    with _lock:
        if cls not in _documents:
            found = None
            try:
                shadow = _shadow(cls)
                if shadow is not Any and "schema_version" not in attrs.fields_dict(cls):
                    fields = [("schema_version", Any)]
                    fields += [(f.name, f.type) for f in msgspec.structs.fields(shadow)]
                    document = msgspec.defstruct(
                        f"{cls.__name__}Document", fields, forbid_unknown_fields=True
                    )
                    found = msgspec.json.Decoder(document)
            except Exception:  # noqa: BLE001 - no typed path for this class, then
                found = None
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
        with _lock:
            found = _made.get(cls) or _generate(cls)
            _made[cls] = found
    return found


def _convert_typed(source: _fastload._Source, t: Any, var: str, indent: str) -> None:
    """Emit what is left to do to a value msgspec checked against ``_shadow_type(t)``."""
    add = source.lines.append
    if source.optional(t, var, indent, functools.partial(_convert_typed, source)):
        return
    if t is Decimal or t is dt.date:
        source.formatted(t, var, indent)  # msgspec checked it is a string
    elif attrs.has(t):
        add(f"{indent}{var} = {source.name(converter_for)}({source.name(t)})({var})")
    elif (item := _convert.tuple_item(t)) is not None and attrs.has(item):
        add(f"{indent}if {var}:")
        add(f"{indent}    _f = {source.name(converter_for)}({source.name(item)})")
        add(f"{indent}    {var} = tuple([_f(_x) for _x in {var}])")
    # str, int, bool, float, enums, literals, tuples of strings or of enums: msgspec made them
    # what they are (_shadow_type leaves every other kind plain, for the fast path's conversion)


def _generate(cls: type) -> Callable[[Any], Any]:
    hints = _convert.field_types(cls)
    fields = attrs.fields(cls)
    source = _fastload._Source()  # noqa: SLF001 - the same emitters as the fast path
    add = source.lines.append
    # What the shadow holds, as it was made (a class that contains itself holds plain JSON).
    held = {f.name: f.type for f in msgspec.structs.fields(_shadow(cls))}
    add("def build(s):")
    for number, f in enumerate(fields):
        var = f"v{number}"
        add(f"    {var} = s.{f.name}")
        t = hints[f.name]
        if held[f.name] is Any:
            source.convert(t, var, "    ")  # plain JSON: what the fast path does with it
        else:
            _convert_typed(source, t, var, "    ")
    _fastload._construct(source, cls, fields, hints, indent="    ")  # noqa: SLF001
    namespace = dict(source.names)
    code = compile("\n".join(source.lines), f"<typedload {cls.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own generated code
    built: Callable[[Any], Any] = namespace["build"]
    return built
