"""Immutable JSON values: integrators' own data (a contract's ``extensions``), deep-frozen.

A contract is immutable, and so is the free-form data it carries: objects are :class:`JSONObject`
and arrays :class:`JSONArray`, read-only subclasses of :class:`dict` and :class:`list`. Being
subclasses, they compare equal to the plain dicts and lists they were made from, and every JSON
writer (the standard library's, msgspec's) writes them as it writes a dict or a list, in their own
key order. Each is frozen through and through when it is made, so nothing the caller keeps is
shared with the contract, nor one version of a contract with the next. They pickle and (deep-)copy
as themselves: being immutable, a copy is the object itself.

Only the library's own checks are strict about what JSON is: ``None``, ``bool``, ``int``, finite
``float``, ``str``, arrays, and objects with string keys, nested at most 64 levels.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final, NoReturn, Self

from outsourcing._models import checks
from outsourcing.exceptions import InvalidValueError

__all__ = ["JSONArray", "JSONObject", "freeze", "thaw"]

MAX_DEPTH: Final = 64
"""How deeply JSON data may nest."""


def _immutable(self: object, *_: object, **__: object) -> NoReturn:
    msg = (
        f"{type(self).__name__} is immutable: make a changed copy (dict(x), list(x)) and build a "
        "new object from it, for instance with attrs.evolve(contract, extensions=...)"
    )
    raise TypeError(msg)


class JSONObject(dict[str, Any]):
    """A JSON object that cannot change: a read-only :class:`dict` of immutable JSON values.

    It equals the plain dict with the same items, and ``dict(x)`` or ``x.copy()`` gives a mutable
    (shallow) copy. Making one checks and freezes its values, however deeply nested.

    >>> from outsourcing import JSONObject
    >>> data = JSONObject({"erp": {"tags": ["web"]}})
    >>> data == {"erp": {"tags": ["web"]}}
    True
    >>> data["erp"]["tags"].append("changed")
    Traceback (most recent call last):
    ...
    TypeError: JSONArray is immutable: make a changed copy (dict(x), list(x)) and build a new ...
    """

    __slots__ = ()

    def __new__(cls, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = (), /) -> Self:
        """Check and freeze ``data``: keys are strings, values JSON data."""
        self = super().__new__(cls)
        dict.update(self, _frozen_items("$", dict(data), 0))
        return self

    def __init__(self, *_: object) -> None:
        """Everything was done by ``__new__``: the object is immutable from birth."""

    def __reduce__(self) -> tuple[type[JSONObject], tuple[dict[str, Any]]]:
        return (type(self), (dict(self),))

    def __copy__(self) -> JSONObject:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> JSONObject:
        return self

    __setitem__ = __delitem__ = __ior__ = _immutable
    clear = pop = popitem = setdefault = update = _immutable


class JSONArray(list[Any]):
    """A JSON array that cannot change: a read-only :class:`list` of immutable JSON values.

    It equals the plain list with the same items, and ``list(x)`` or ``x.copy()`` gives a mutable
    (shallow) copy.
    """

    __slots__ = ()

    def __new__(cls, items: Iterable[Any] = (), /) -> Self:
        """Check and freeze ``items``."""
        self = super().__new__(cls)
        list.extend(self, [_frozen(f"$[{i}]", v, 1) for i, v in enumerate(items)])
        return self

    def __init__(self, *_: object) -> None:
        """Everything was done by ``__new__``: the object is immutable from birth."""

    def __reduce__(self) -> tuple[type[JSONArray], tuple[list[Any]]]:
        return (type(self), (list(self),))

    def __copy__(self) -> JSONArray:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> JSONArray:
        return self

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _immutable
    append = extend = insert = pop = remove = clear = sort = reverse = _immutable


def freeze(where: str, value: object) -> JSONObject:
    """Check that ``value`` is a mapping of JSON data and deep-freeze it, naming ``where`` if not.

    Raises:
        InvalidValueError: ``value`` is not a mapping of JSON data.
    """
    if type(value) is JSONObject:
        return value
    if not isinstance(value, Mapping):
        raise InvalidValueError(where, value, "a mapping of JSON data")
    found = JSONObject.__new__(JSONObject)
    dict.update(found, _frozen_items(where, dict(value), 0))
    return found


def thaw(value: object) -> object:
    """A mutable deep copy of JSON data: plain dicts and lists all the way down."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [thaw(v) for v in value]
    return value


def _frozen_items(where: str, data: dict[Any, Any], depth: int) -> dict[str, Any]:
    for key in data:
        if type(key) is not str:
            raise InvalidValueError(where, key, "string keys (JSON objects have no other)")
        if not checks.writable(key):
            raise InvalidValueError(where, key, checks.UNICODE)
    return {key: _frozen(f"{where}[{key!r}]", item, depth + 1) for key, item in data.items()}


def _frozen(where: str, value: object, depth: int) -> object:
    if depth > MAX_DEPTH:
        raise InvalidValueError(where, "...", f"JSON data nested at most {MAX_DEPTH} levels deep")
    if type(value) is str and not checks.writable(value):
        raise InvalidValueError(where, value, checks.UNICODE)
    if value is None or type(value) in {str, int, bool}:
        return value
    if type(value) is float:
        if not math.isfinite(value):
            raise InvalidValueError(where, value, "a finite number (JSON has no NaN or Infinity)")
        return value
    if isinstance(value, list):  # a frozen one too: nested in a deeper place, it is deeper
        array = JSONArray.__new__(JSONArray)
        list.extend(array, [_frozen(f"{where}[{i}]", v, depth + 1) for i, v in enumerate(value)])
        return array
    if isinstance(value, dict):
        found = JSONObject.__new__(JSONObject)
        dict.update(found, _frozen_items(where, value, depth))
        return found
    raise InvalidValueError(where, value, "JSON data (None, bool, int, float, str, list or dict)")
