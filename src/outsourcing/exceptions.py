"""Every error that ``outsourcing`` raises.

All of them derive from :class:`OutsourcingError`, so ``except OutsourcingError`` catches anything
the library raises on purpose. Each also derives from the built-in exception a Python programmer
would expect (``ValueError``, ``LookupError``), so existing handlers keep working.

Rule *violations* are not exceptions: :func:`outsourcing.validate` returns them as data in a
:class:`outsourcing.Report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from outsourcing._base.violations import Violation

__all__ = [
    "ChangeRefusedError",
    "CurrencyMismatchError",
    "InvalidValueError",
    "LineError",
    "LoadError",
    "MissingDependencyError",
    "NotFoundError",
    "OutsourcingError",
    "Problem",
    "TransitionError",
    "UnknownFunctionError",
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

    def __init__(self, kind: str, id: str | None = None) -> None:  # noqa: A002 - the domain's word
        self.kind = kind
        self.id = id
        where = "" if id is None else f" with id {id!r}"
        super().__init__(f"this contract has no {kind}{where}")


class TransitionError(OutsourcingError, ValueError):
    """A lifecycle move that the object's current state does not allow.

    Attributes:
        subject: What was to move, such as ``deliverable 'D-04'``.
        state: Its current state, such as ``planned``.
        move: The move that was asked for, such as ``accept``.
        allowed: The moves its current state allows (empty when the state is final).
    """

    def __init__(
        self, subject: str, state: str, move: str, allowed: tuple[str, ...], why: str = ""
    ) -> None:
        self.subject = subject
        self.state = state
        self.move = move
        self.allowed = allowed
        moves = ", ".join(allowed) if allowed else "none (the state is final)"
        reason = f" ({why})" if why else ""
        super().__init__(
            f"cannot {move} {subject} while it is {state}{reason}; the allowed moves are: {moves}"
        )


class ChangeRefusedError(OutsourcingError, ValueError):
    """An approved change could not be applied: nothing was changed.

    Its operations do not fit the contract (code ``CHANGE_APPLIES``), or the amended contract would
    break error rules of the catalogue or the change policy. The message lists every violation.

    Attributes:
        change_request_id: The change request that was refused.
        violations: Every reason, as :class:`~outsourcing.Violation` objects.
    """

    def __init__(self, change_request_id: str, violations: tuple[Violation, ...]) -> None:
        self.change_request_id = change_request_id
        self.violations = violations
        count = f"{len(violations)} violation{'' if len(violations) == 1 else 's'}"
        lines = [
            f"change request {change_request_id!r} was not applied: {count}",
            *(f"  {v}" for v in violations),
        ]
        super().__init__("\n".join(lines))

    @property
    def codes(self) -> frozenset[str]:
        """The codes of the violations."""
        return frozenset(v.code for v in self.violations)


class UnknownRuleError(OutsourcingError, LookupError):
    """A rule code that is not in the catalogue (nor among the rules given) was asked for."""

    def __init__(self, code: object, known: tuple[str, ...]) -> None:
        self.code = code
        self.known = known
        super().__init__(
            f"unknown rule code {code!r}; the known codes are: {', '.join(known) or '(none)'}"
        )


class UnknownFunctionError(OutsourcingError, LookupError):
    """A business function that is not known to be back office or front office work."""

    def __init__(self, name: object) -> None:
        self.name = name
        super().__init__(
            f"unknown business function {name!r}; say how to class it with "
            f"classify_function(..., more={{{name!r}: OfficeClass.BACK_OFFICE}})"
        )


class Problem(NamedTuple):
    """One thing wrong with a document that was loaded.

    Args:
        path: Where in the document, as a JSON path such as ``$.milestones[2].due``.
        message: What was expected there and what was found.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class LoadError(OutsourcingError, ValueError):
    """A document could not be loaded: it is not JSON, or not the JSON of the type asked for.

    The message lists every problem, one per line, each with its JSON path:

    >>> from outsourcing import json
    >>> json.loads('{"schema_version": 1, "id": 5}')
    Traceback (most recent call last):
    ...
    outsourcing.exceptions.LoadError: 5 problems in the Contract document:
      $.id: expected a string, got 5
      $.title: missing (expected a string)
      $.parties: missing (expected an array)
      $.term: missing (expected an object (Term))
      $.value: missing (expected an object (Money))

    Attributes:
        problems: Every problem found, in document order where the order is known.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: tuple[Problem, ...], what: str = "document") -> None:
        self.problems = problems
        count = len(problems)
        head = f"{count} problem{'' if count == 1 else 's'} in the {what}:"
        shown = [f"  {p}" for p in problems[:_SHOWN]]
        if count > _SHOWN:
            shown.append(f"  ... and {count - _SHOWN} more (see LoadError.problems)")
        super().__init__("\n".join([head, *shown]))


class LineError(LoadError):
    """One line of a JSON Lines stream could not be loaded.

    The message and :attr:`problems` say where inside the line's document, :attr:`line` which
    line (counted from 1, as editors do).

    Attributes:
        line: The line's number, from 1.
        problems: Every problem found in the line's document.
        what: What the line was to hold, such as ``Contract document``.
    """

    line: int

    def __init__(self, line: int, problems: tuple[Problem, ...], what: str = "document") -> None:
        self.line = line
        self.what = what
        super().__init__(problems, f"{what} on line {line}")

    def __reduce__(self) -> tuple[type[LineError], tuple[int, tuple[Problem, ...], str]]:
        # Crosses process boundaries (the portfolio's worker pool): rebuilt from its data.
        return (type(self), (self.line, self.problems, self.what))


_SHOWN = 50
"""How many problems a :class:`LoadError`'s message lists; ``problems`` holds all of them."""


def _describe(value: object) -> str:
    """Name a bad value so that its type is visible too (``'12'`` versus ``12``)."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if isinstance(value, str | int | float | bool) or value is None:
        return text
    return f"{type(value).__name__} {text}"
