"""Field-local checks, shared by the models as attrs validators.

Each check is a plain function (cheaper than composed attrs validators on a hot path) that raises
:class:`~outsourcing.exceptions.InvalidValueError` naming ``Class.field`` and the bad value. Checks
that look across objects are not here: they are rules in the catalogue, which report every violation
with its place in the document instead of raising on the first.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any, Final

import attrs

from outsourcing.exceptions import InvalidValueError

_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

Validator = Any  # attrs' validator callables: (instance, attribute, value) -> None

OMIT_DEFAULT: Final = MappingProxyType({"omit_default": True})
"""Field metadata: the field is written to documents only when it holds other than its default.

Fields added to a model after documents were first written (the OCDS additions) carry it, so that
a contract that does not use them is written exactly as before, byte for byte.
"""


def fail(inst: object, attribute: attrs.Attribute[Any], value: object, expected: str) -> None:
    """Raise the error for ``inst``'s field ``attribute`` holding ``value``."""
    raise InvalidValueError(f"{type(inst).__name__}.{attribute.name}", value, expected)


UNICODE: Final = "Unicode text (a lone surrogate such as \\ud800 cannot be written as UTF-8)"
"""What a string with a lone surrogate is refused as: it could never be written to a file."""


def writable(value: str) -> bool:
    r"""Whether ``value`` can be written as UTF-8: no lone surrogate (``"\ud800"``) in it."""
    if value.isascii():  # constant time: the common case costs nothing
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-empty string that is not only white space, and can be written as UTF-8."""
    if type(value) is not str or not value or value.isspace():
        fail(inst, attribute, value, "a non-empty string")
    if not value.isascii() and not writable(value):  # type: ignore[attr-defined,arg-type]
        fail(inst, attribute, value, UNICODE)


def optional_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a non-empty string."""
    if value is not None:
        text(inst, attribute, value)


def plain_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Any string, empty included, that can be written as UTF-8."""
    if type(value) is not str:
        fail(inst, attribute, value, "a string")
    if not value.isascii() and not writable(value):  # type: ignore[attr-defined,arg-type]
        fail(inst, attribute, value, UNICODE)


def optional_plain_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or any string, empty included."""
    if value is not None:
        plain_str(inst, attribute, value)


def email(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or something shaped like an e-mail address (``name@example.org``)."""
    if value is not None and (
        type(value) is not str or not _EMAIL.fullmatch(value) or not writable(value)
    ):
        fail(inst, attribute, value, "an e-mail address such as 'name@example.org'")


def boolean(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``True`` or ``False`` (not 0 or 1)."""
    if type(value) is not bool:
        fail(inst, attribute, value, "True or False")


def non_negative_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An ``int`` of at least 0 (``bool`` is not a number here)."""
    if type(value) is not int or value < 0:
        fail(inst, attribute, value, "a whole number of at least 0")


def date(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A :class:`datetime.date` (not a ``datetime``: comparing the two raises at run time)."""
    if type(value) is not dt.date:
        fail(inst, attribute, value, "a datetime.date")


def optional_date(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a :class:`datetime.date`."""
    if value is not None:
        date(inst, attribute, value)


def decimal(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A finite :class:`~decimal.Decimal` (never a float: binary fractions lose cents)."""
    if type(value) is not Decimal or not value.is_finite():
        fail(inst, attribute, value, "a finite Decimal")


def optional_decimal(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a finite :class:`~decimal.Decimal`."""
    if value is not None:
        decimal(inst, attribute, value)


def positive_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An ``int`` of at least 1 (``bool`` is not a number here)."""
    if type(value) is not int or value < 1:
        fail(inst, attribute, value, "a whole number of at least 1")


def member(enum: type[Enum]) -> Validator:
    """A member of ``enum`` (its string value is not enough: use ``Enum("value")`` to convert)."""
    expected = f"a {enum.__name__} (one of {', '.join(repr(m.value) for m in enum)})"

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not enum:
            fail(inst, attribute, value, expected)

    return check


def optional_member(enum: type[Enum]) -> Validator:
    """``None`` or a member of ``enum``."""
    check_member = member(enum)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check_member(inst, attribute, value)

    return check


def instance(cls: type, *, optional: bool = False) -> Validator:
    """An instance of ``cls`` (or ``None`` if ``optional``)."""
    expected = f"a {cls.__name__}" + (" or None" if optional else "")

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls) and not (optional and value is None):
            fail(inst, attribute, value, expected)

    return check


def _fine(texts: tuple[str, ...]) -> bool:
    """Whether no string is empty, only white space, or unwritable as UTF-8."""
    return (
        all(texts)
        and not any(map(str.isspace, texts))
        and (all(map(str.isascii, texts)) or all(map(writable, texts)))
    )


def tuple_of(cls: type) -> Validator:
    """A tuple whose every item is a ``cls``.

    Lists are refused rather than copied silently: the models are immutable all the way down, and a
    tuple says so. The message tells the caller how to fix the call.
    """
    expected = f"a tuple of {cls.__name__}"

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not tuple:
            hint = " (wrap it in tuple(...))" if isinstance(value, list | set | frozenset) else ""
            fail(inst, attribute, value, expected + hint)
        items: tuple[object, ...] = value  # type: ignore[assignment] # checked just above
        # The common case in one pass at C speed (collections run to 100,000s of items); the loop
        # below runs only to find and name the first bad item, or for subclasses of ``cls``.
        if not items:
            return
        if set(map(type, items)) == {cls} and (cls is not str or _fine(items)):  # type: ignore[arg-type]
            return
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                where = f"{type(inst).__name__}.{attribute.name}[{index}]"
                raise InvalidValueError(where, item, f"a {cls.__name__}")
            if cls is str and (not item or item.isspace()):  # type: ignore[attr-defined]
                where = f"{type(inst).__name__}.{attribute.name}[{index}]"
                raise InvalidValueError(where, item, "a non-empty string")
            if cls is str and not writable(item):  # type: ignore[arg-type]
                where = f"{type(inst).__name__}.{attribute.name}[{index}]"
                raise InvalidValueError(where, item, UNICODE)

    return check
