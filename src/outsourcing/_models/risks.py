"""The risk register: what can go wrong, how likely and how bad, and who treats it."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from outsourcing._models import checks

HIGH_RISK: Final = 15
"""A risk whose likelihood times impact reaches this is high: it needs a contingency plan."""


class RiskCategory(enum.Enum):
    """What kind of risk it is."""

    SECURITY = "security"
    DELIVERY = "delivery"
    QUALITY = "quality"
    FINANCIAL = "financial"
    LEGAL = "legal"
    OPERATIONAL = "operational"
    REPUTATIONAL = "reputational"
    OTHER = "other"


class RiskStatus(enum.Enum):
    """Where a risk stands. ``closed`` risks no longer need treating."""

    OPEN = "open"
    MONITORED = "monitored"
    OCCURRED = "occurred"
    CLOSED = "closed"


class RiskLevel(enum.Enum):
    """A risk's band on the 5 x 5 grid: low (score 1-4), medium (5-14), high (15-25)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class RiskAllocation(enum.Enum):
    """Who bears a risk if it happens: the buyer (the client), the supplier, or both, shared.

    This is apart from who treats it (the risk's owner), as in a public-private partnership's
    risk allocation matrix.
    """

    BUYER = "buyer"
    SUPPLIER = "supplier"
    SHARED = "shared"


def _one_to_five(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or not 1 <= value <= 5):
        checks.fail(inst, attribute, value, "a whole number from 1 to 5, or None if not rated")


@attrs.frozen(kw_only=True)
class Risk:
    """An entry of the risk register.

    Args:
        id: Unique among the contract's risks; a :class:`Responsibility` may name it as subject.
        description: What could happen, and what it would cause.
        category: What kind of risk it is.
        likelihood: From 1 (rare) to 5 (almost certain); ``None`` for a risk not rated
            (with ``impact``: both or neither).
        impact: From 1 (negligible) to 5 (severe); ``None`` for a risk not rated.
        owner_id: The partner or person who answers for treating it.
        mitigation: What is done to make it less likely or less bad.
        contingency: What is done if it happens; high risks need one.
        status: Where the risk stands.
        allocation: Who bears it if it happens, if agreed.
        allocation_details: How it is shared, or other terms of the allocation.
    """

    id: str = attrs.field(validator=checks.text)
    description: str = attrs.field(validator=checks.text)
    category: RiskCategory = attrs.field(
        default=RiskCategory.OTHER, validator=checks.member(RiskCategory)
    )
    likelihood: int | None = attrs.field(validator=_one_to_five)
    impact: int | None = attrs.field(validator=_one_to_five)
    owner_id: str | None = attrs.field(default=None, validator=checks.optional_text)
    mitigation: str | None = attrs.field(default=None, validator=checks.optional_text)
    contingency: str | None = attrs.field(default=None, validator=checks.optional_text)
    status: RiskStatus = attrs.field(default=RiskStatus.OPEN, validator=checks.member(RiskStatus))
    allocation: RiskAllocation | None = attrs.field(
        default=None, validator=checks.optional_member(RiskAllocation), metadata=checks.OMIT_DEFAULT
    )
    allocation_details: str | None = attrs.field(
        default=None, validator=checks.optional_text, metadata=checks.OMIT_DEFAULT
    )

    def __attrs_post_init__(self) -> None:
        if (self.likelihood is None) != (self.impact is None):
            fields = attrs.fields(Risk)
            field = fields.likelihood if self.likelihood is None else fields.impact
            checks.fail(self, field, None, "a whole number from 1 to 5 (rate both, or neither)")

    @property
    def rated(self) -> bool:
        """Whether the risk has a likelihood and an impact."""
        return self.likelihood is not None

    @property
    def score(self) -> int:
        """Likelihood times impact, from 1 to 25; 0 for a risk not rated."""
        if self.likelihood is None or self.impact is None:
            return 0
        return self.likelihood * self.impact

    @property
    def level(self) -> RiskLevel | None:
        """The risk's band (high from :data:`HIGH_RISK` up, medium from 5, low below); ``None``
        for a risk not rated."""  # noqa: D205, D209 - one sentence
        if not self.rated:
            return None
        if self.score >= HIGH_RISK:
            return RiskLevel.HIGH
        return RiskLevel.MEDIUM if self.score >= 5 else RiskLevel.LOW


def heat_map(
    risks: Iterable[Risk], *, include_closed: bool = False
) -> Mapping[tuple[int, int], tuple[str, ...]]:
    """Group risk ids on the 5 x 5 grid, keyed by ``(likelihood, impact)``.

    Every one of the 25 cells is present, empty or not, so the map renders as it is. Risks not
    rated have no cell.

    >>> from outsourcing import example_contract
    >>> grid = heat_map(example_contract().risks)
    >>> len(grid), grid[3, 5]
    (25, ('R-02',))

    Args:
        risks: The register, such as ``contract.risks``.
        include_closed: Whether closed risks are shown too.
    """
    cells: dict[tuple[int, int], list[str]] = {
        (likelihood, impact): [] for likelihood in range(1, 6) for impact in range(1, 6)
    }
    for r in risks:
        if r.likelihood is None or r.impact is None:
            continue
        if include_closed or r.status is not RiskStatus.CLOSED:
            cells[r.likelihood, r.impact].append(r.id)
    return MappingProxyType({cell: tuple(ids) for cell, ids in cells.items()})
