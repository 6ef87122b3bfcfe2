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
        return _ENCODER.encode(obj)
    except (msgspec.EncodeError, UnicodeEncodeError, TypeError, OverflowError):
        return None  # lone surrogates in a string, or something else only the exact path handles


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
