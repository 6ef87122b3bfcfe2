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
the fields added for published data) are written by msgspec all the same; for a class that has
any, in itself or inside, the JSON msgspec wrote is read back (in C) and those fields are taken
out where they hold their default before it is written again, by a walk that visits only the
places such fields can be.

The plans are a cache shared by every thread, so a plan is published only when complete: it is
built under a lock, and a class met again while its own plan is being built (a class that
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


def encode(obj: object) -> bytes | None:
    """The JSON of a model object as UTF-8 bytes, or ``None`` if the exact path must write it."""
    if not plain(obj):
        return None
    try:
        body = _ENCODER.encode(obj)
    except (msgspec.EncodeError, UnicodeEncodeError, TypeError, OverflowError):
        return None  # lone surrogates in a string, or something else only the exact path handles
    strip = _stripper(type(obj))
    if strip is None:
        return body
    data = _DECODER.decode(body)
    strip(data)
    return _ENCODER.encode(data)


_DECODER: Final = msgspec.json.Decoder()

# How to take the fields left out at their default out of the JSON data of a type: a function
# that changes the data in place, or None where there are no such fields.
Strip = Callable[[Any], None]
_strippers: dict[Any, Strip | None] = {}  # complete ones only: read without the lock


def _stripper(t: Any) -> Strip | None:
    try:
        return _strippers[t]
    except KeyError:
        pass
    with _lock:
        if t not in _strippers:
            _strippers[t] = _make_stripper(t, set())
        return _strippers[t]


def _make_stripper(t: Any, seen: set[Any]) -> Strip | None:  # noqa: C901, PLR0911 - one case per kind
    inner = convert.optional_of(t)
    if inner is not None:
        maybe = _make_stripper(inner, seen)
        if maybe is None:
            return None
        present: Strip = maybe
        return lambda v: None if v is None else present(v)
    item = convert.tuple_item(t)
    if item is not None:
        each = _make_stripper(item, seen)
        if each is None:
            return None
        found: Strip = each

        def strip_items(v: list[Any]) -> None:
            for x in v:
                found(x)

        return strip_items
    union = convert.tagged_union(t)
    if union is not None:
        tag, classes = union
        by_tag = {value: _make_stripper(cls, seen) for value, cls in classes.items()}
        if not any(by_tag.values()):
            return None

        def strip_tagged(v: Any) -> None:
            strip = by_tag.get(v.get(tag))
            if strip is not None:
                strip(v)

        return strip_tagged
    if not attrs.has(t) or t in seen:  # a class that contains itself has no such fields today
        return None
    seen = {*seen, t}
    hints = convert.field_types(t)
    defaults = [
        (f.name, convert.FAST.unstructure(f.default, hints[f.name]))
        for f in convert.omitted_at_default(t)
    ]
    inside = [
        (f.name, strip)
        for f in attrs.fields(t)
        if (strip := _make_stripper(hints[f.name], seen)) is not None
    ]
    if not defaults and not inside:
        return None

    def strip_object(v: dict[str, Any]) -> None:
        for name, default in defaults:
            if v[name] == default:
                del v[name]
        for name, strip in inside:
            if name in v:
                strip(v[name])

    return strip_object


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
