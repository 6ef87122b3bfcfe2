"""The fast path of writing JSON: msgspec's encoder, which reads attrs objects directly in C.

Building plain dicts in Python and handing them to :func:`json.dumps` costs more than
``json.dumps`` alone; msgspec writes the model objects themselves, several times faster. It writes
the fields of each object in alphabetical order, enumerations as their values, dates as
``YYYY-MM-DD`` and decimals as ``str(Decimal)``.

That last one is the catch: ``str(Decimal("1E+3"))`` is ``"1E+3"``, and the JSON format writes
plain notation (``"1000"``). So before encoding, a plan made once per model class from its field
types visits exactly the places a Decimal can be (a contract's milestone payments and KPIs, not its
deliverables or responsibilities) and gives up if one would come out with an exponent.
:func:`outsourcing.json.dumps` then takes its exact path, which writes the same JSON data.

Fields that are left out at their default (:func:`outsourcing._io.convert.omitted_at_default`,
the fields added for published data) msgspec would write all the same. So an object of a class
that has any (a contract, its milestones, partners, KPIs...) is handed to msgspec as a dict of its
other fields, in the order msgspec writes fields; its values are the model objects themselves,
so the many objects without such fields inside (deliverables, responsibilities) are still written
by msgspec directly, in C. A view made once per class says what to convert.

The plans and views are caches shared by every thread, so each is published only when complete:
it is built under a lock, and a class met again while its own plan is being built (a class that
contains itself) is checked through its published plan when the check runs, never through a
placeholder another thread could read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs
import msgspec

from outsourcing._io import convert


def _extension_data(value: object) -> object:
    if type(value) is MappingProxyType:
        return dict(value)
    msg = f"not JSON data: {type(value).__name__}"
    raise TypeError(msg)


_ENCODER: Final = msgspec.json.Encoder(enc_hook=_extension_data, decimal_format="string")

# A plan per class: for each field that can hold a Decimal, how to reach the Decimals in it.
Check = Callable[[Any], bool]
Plan = tuple[tuple[str, Check], ...]
_plans: dict[type, Plan] = {}  # complete plans only: read without the lock
_lock: Final = threading.RLock()  # taken to build plans, one thread at a time
_building: set[type] = set()  # classes whose plans are being built, under the lock


def encode(obj: object, *, schema_version: int | None = None) -> bytes | None:
    """The JSON of a model object as UTF-8 bytes, or ``None`` if the exact path must write it.

    With ``schema_version``, the document's first key is ``schema_version``, holding it.
    """
    if not plain(obj):
        return None
    view = _view(type(obj))
    try:
        if view is None:
            body = _ENCODER.encode(obj)
        elif schema_version is None:
            return _ENCODER.encode(view(obj))
        else:  # a dict: the version goes in first, with no copy of the text
            return _ENCODER.encode({"schema_version": schema_version, **view(obj)})
    except (msgspec.EncodeError, UnicodeEncodeError, TypeError, OverflowError):
        return None  # lone surrogates in a string, or something else only the exact path handles
    if schema_version is None:
        return body
    head = b'{"schema_version":' + str(schema_version).encode()
    return head + (b"," + body[1:] if len(body) > 2 else b"}")


# How to hand msgspec an object of a type whose JSON leaves fields out at their default: a
# function giving what msgspec should encode in its place, or None where the object itself will do.
# An object with such fields becomes a dict of its other fields in msgspec's (alphabetical) order;
# its values are the model objects themselves, converted only where such fields are inside them.
View = Callable[[Any], Any]
_views: dict[Any, View | None] = {}  # complete ones only: read without the lock


def _view(t: Any) -> View | None:
    try:
        return _views[t]
    except KeyError:
        pass
    with _lock:
        if t not in _views:
            _views[t] = _make_view(t, frozenset())
        return _views[t]


def _make_view(t: Any, seen: frozenset[Any]) -> View | None:  # noqa: PLR0911 - a case per kind
    inner = convert.optional_of(t)
    if inner is not None:
        maybe = _make_view(inner, seen)
        if maybe is None:
            return None
        present: View = maybe
        return lambda v: None if v is None else present(v)
    item = convert.tuple_item(t)
    if item is not None:
        each = _make_view(item, seen)
        if each is None:
            return None
        found: View = each
        return lambda v: [found(x) for x in v]
    union = convert.tagged_union(t)
    if union is not None:
        by_class = {cls: view for cls in union[1].values() if (view := _make_view(cls, seen))}
        if not by_class:
            return None
        return lambda v: by_class[type(v)](v) if type(v) in by_class else v
    if not attrs.has(t) or t in seen:  # a class that contains itself has no such fields today
        return None
    return _object_view(t, seen | {t})


def _object_view(t: type, seen: frozenset[Any]) -> View | None:
    hints = convert.field_types(t)
    omitted = {f.name for f in convert.omitted_at_default(t)}
    steps: list[tuple[str, Any, View | None]] = []  # name, default (or _KEEP), view of the value
    for f in sorted(attrs.fields(t), key=lambda f: f.name):
        default = _default_of(f) if f.name in omitted else _KEEP
        steps.append((f.name, default, _make_view(hints[f.name], seen)))
    if not omitted and all(view is None for _, _, view in steps):
        return None

    return _compile_view(t, steps)


def _compile_view(t: type, steps: list[tuple[str, Any, View | None]]) -> View:
    """Write the view of one class as straight-line code: a field read, a test, a store each.

    A loop over the fields reading them with ``getattr`` takes three times as long, and a contract
    of 100,000 deliverables has 10,000 milestones to view.
    """
    namespace: dict[str, Any] = {}
    lines = [f"def view_{t.__name__}(obj):", "    out = {}"]
    for i, (name, default, view) in enumerate(steps):  # names are fields: Python identifiers
        value = f"obj.{name}" if view is None else f"view_{i}(obj.{name})"
        if view is not None:
            namespace[f"view_{i}"] = view
        if default is _KEEP:
            lines.append(f"    out[{name!r}] = {value}")
        else:
            namespace[f"default_{i}"] = default
            lines.append(f"    if obj.{name} != default_{i}:")
            lines.append(f"        out[{name!r}] = {value}")
    lines.append("    return out")
    code = compile("\n".join(lines), f"<fastdump view {t.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own generated code, from field names
    view_object: View = namespace[f"view_{t.__name__}"]
    return view_object


_KEEP: Final = object()  # a field written whatever it holds


def _default_of(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def plain(obj: object) -> bool:
    """Whether every Decimal in ``obj`` prints in plain notation (no exponent)."""
    return _object_check(type(obj))(obj)


def _decimal_ok(value: Decimal) -> bool:
    return "E" not in str(value)


def _object_check(cls: type) -> Check:
    plan = _plan(cls)
    if not plan:
        return _always

    def check(obj: Any) -> bool:
        return all(ok(getattr(obj, name)) for name, ok in plan)

    return check


def _always(_: Any) -> bool:
    return True


def _check_for(t: Any) -> Check | None:  # noqa: PLR0911 - one answer per kind of type
    """How to check values of type ``t``, or ``None`` if no Decimal can be in them."""
    if t is Decimal:
        return _decimal_ok
    inner = convert.optional_of(t)
    if inner is not None:
        maybe = _check_for(inner)
        if maybe is None:
            return None
        present: Check = maybe
        return lambda v: v is None or present(v)
    item = convert.tuple_item(t)
    if item is not None:
        check = _check_for(item)
        return None if check is None else (lambda v: all(map(check, v)))
    if attrs.has(t):
        if t in _building:  # contains itself: check it by its plan once that is published
            return lambda v: _object_check(t)(v)  # noqa: PLW0108 - the plan is not there yet
        return _object_check(t) if _plan(t) else None
    union = convert.tagged_union(t)
    if union is not None:  # check the object as whichever class it is
        by_class = {cls: _object_check(cls) for cls in union[1].values() if _plan(cls)}
        if not by_class:
            return None
        return lambda v: by_class.get(type(v), _always)(v)
    return None


def _plan(cls: type) -> Plan:
    found = _plans.get(cls)
    if found is not None:
        return found
    with _lock:
        found = _plans.get(cls)
        if found is None:
            _building.add(cls)
            try:
                hints = convert.field_types(cls)
                steps = []
                for field in attrs.fields(cls):
                    check = _check_for(hints[field.name])
                    if check is not None:
                        steps.append((field.name, check))
            finally:
                _building.discard(cls)
            found = _plans[cls] = tuple(steps)
    return found
