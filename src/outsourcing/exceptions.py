"""Every error that ``outsourcing`` raises.

All of them derive from :class:`OutsourcingError`, so ``except OutsourcingError`` catches anything
the library raises on purpose. Each also derives from the built-in exception a Python programmer
would expect (``ValueError``, ``LookupError``), so existing handlers keep working.

Rule *violations* are not exceptions: :func:`outsourcing.validate` returns them as data in a
:class:`outsourcing.Report`.
"""

from __future__ import annotations

__all__ = [
    "CurrencyMismatchError",
    "InvalidValueError",
    "MissingDependencyError",
    "NotFoundError",
    "OutsourcingError",
    "UnknownRuleError",
]


class OutsourcingError(Exception):
    """The base class of every error that ``outsourcing`` raises."""


class InvalidValueError(OutsourcingError, ValueError):
    """A value failed a field-local check when an object was built.

    Attributes:
        field: Where the bad value was given, as ``Class.field`` (for example ``Money.currency``).
        value: The value that was rejected, unchanged.
        expected: What the field accepts, in words.
    """

    field: str
    value: object
    expected: str

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field}: expected {expected}, got {_describe(value)}")


class CurrencyMismatchError(OutsourcingError, ValueError):
    """Two amounts in different currencies were combined.

    Amounts never add, subtract or compare across currencies silently: convert one of them first.
    """


class MissingDependencyError(OutsourcingError, ImportError):
    """A part of the library needs an optional dependency that is not installed.

    The message names the extra to install, such as ``pip install 'outsourcing[hypothesis]'``.
    """


class NotFoundError(OutsourcingError, LookupError):
    """An id was looked up in a contract that has no object with that id."""

    def __init__(self, kind: str, id: str) -> None:  # noqa: A002 - the domain's word
        self.kind = kind
        self.id = id
        super().__init__(f"this contract has no {kind} with id {id!r}")


class UnknownRuleError(OutsourcingError, LookupError):
    """A rule code that is not in the catalogue (nor among the rules given) was asked for."""

    def __init__(self, code: object, known: tuple[str, ...]) -> None:
        self.code = code
        self.known = known
        super().__init__(
            f"unknown rule code {code!r}; the known codes are: {', '.join(known) or '(none)'}"
        )


def _describe(value: object) -> str:
    """Name a bad value so that its type is visible too (``'12'`` versus ``12``)."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if isinstance(value, str | int | float | bool) or value is None:
        return text
    return f"{type(value).__name__} {text}"
