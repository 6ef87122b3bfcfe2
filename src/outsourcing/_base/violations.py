"""What a broken rule is, as data: a violation with its code, severity, place and message.

These types sit at the bottom of the package, below the models, because errors raised by the
layers above carry violations (:class:`outsourcing.exceptions.ChangeRefusedError`); the rules layer
makes them.
"""

from __future__ import annotations

import enum

import attrs


class Severity(enum.Enum):
    """How bad a violation is. Only errors make a report fail (:attr:`Report.ok`)."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Violation:
    """One broken rule, at one place in the document.

    Args:
        code: The rule's catalogue code, such as ``OWNER_REQUIRED``.
        severity: ``error`` or ``warning``.
        path: Where in the document, as a JSON path such as ``$.deliverables[4]``.
        message: What is wrong and what to do about it.
    """

    code: str
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.value:<7} {self.code:<22} {self.path}: {self.message}"
