"""Business functions, and whether they are back office or front office work."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from outsourcing.exceptions import UnknownFunctionError


class OfficeClass(enum.Enum):
    """Where a business function or a system sits.

    ``back_office`` work supports the business from inside (accounting, payment processing, IT
    services, HR, compliance, quality assurance); ``front_office`` work faces customers (customer
    service and technical support, sales, marketing). ``other`` is neither.
    """

    BACK_OFFICE = "back_office"
    FRONT_OFFICE = "front_office"
    OTHER = "other"


_B, _F = OfficeClass.BACK_OFFICE, OfficeClass.FRONT_OFFICE

BUSINESS_FUNCTIONS: Final[Mapping[str, OfficeClass]] = MappingProxyType(
    {
        "accounting": _B,
        "bookkeeping": _B,
        "payroll": _B,
        "payment processing": _B,
        "it services": _B,
        "human resources": _B,
        "hr": _B,
        "recruitment": _B,
        "compliance": _B,
        "quality assurance": _B,
        "procurement": _B,
        "data entry": _B,
        "customer service": _F,
        "customer support": _F,
        "technical support": _F,
        "help desk": _F,
        "sales": _F,
        "marketing": _F,
        "social media marketing": _F,
    }
)
"""Known business functions (lower case) and their office class.

Extend it per call with ``classify_function(name, more={...})``.
"""


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("_", " ").lower().split())


def classify_function(name: str, *, more: Mapping[str, OfficeClass] | None = None) -> OfficeClass:
    """Say whether a business function is back office or front office work.

    Names are matched without regard to case, hyphens, underscores or extra spaces; ``more`` adds
    (or overrides) functions of your own.

    >>> classify_function("Payroll"), classify_function("customer-support")
    (<OfficeClass.BACK_OFFICE: 'back_office'>, <OfficeClass.FRONT_OFFICE: 'front_office'>)
    >>> classify_function("Logistics", more={"logistics": OfficeClass.OTHER})
    <OfficeClass.OTHER: 'other'>

    Args:
        name: The function, such as ``"accounting"`` or ``"Technical support"``.
        more: Your own functions and their classes, on top of :data:`BUSINESS_FUNCTIONS`.

    Raises:
        UnknownFunctionError: The function is in neither mapping.
    """
    key = _key(name)
    if more:
        for own, office in more.items():
            if _key(own) == key:
                return office
    try:
        return BUSINESS_FUNCTIONS[key]
    except KeyError:
        raise UnknownFunctionError(name) from None
