"""Rules of performance targets: coherent thresholds, an owner and a cadence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from outsourcing._base.violations import Severity
from outsourcing._models.contract import Contract
from outsourcing._models.kpis import KPI, Direction
from outsourcing._rules.machinery import Finding, rule

__all__ = ["kpi_coherent", "kpi_owned"]

_WARNING = Severity.WARNING


@rule(
    "KPI_COHERENT",
    description="A KPI's warning threshold lies on the good side of its target, as its direction "
    "says (and so for each later target); percentages lie in 0-100.",
)
def kpi_coherent(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    hundred = Decimal(100)
    for i, kpi in enumerate(contract.kpis):
        thresholds = [(f"$.kpis[{i}]", kpi.target, kpi.warning)]
        thresholds += [
            (f"$.kpis[{i}].target_changes[{k}]", change.target, change.warning)
            for k, change in enumerate(kpi.target_changes)
        ]
        for path, target, warning in thresholds:
            yield from _thresholds(kpi, path, target, warning)
        if not kpi.is_percentage:
            continue
        for k, measured in enumerate(kpi.measurements):
            if not 0 <= measured.value <= hundred:
                yield Finding(
                    f"$.kpis[{i}].measurements[{k}].value",
                    f"{measured.value} is not a percentage; a KPI in % takes values from 0 to 100",
                )


def _thresholds(kpi: KPI, path: str, target: Decimal, warning: Decimal | None) -> Iterator[Finding]:
    """What is wrong with one target and its warning threshold (the KPI's, or a later one)."""
    if warning is not None:
        higher = kpi.direction is Direction.HIGHER_IS_BETTER
        if (higher and warning < target) or (not higher and warning > target):
            side = "at or above" if higher else "at or below"
            yield Finding(
                f"{path}.warning",
                f"the warning threshold {warning} of {kpi.id!r} should be {side} the target "
                f"{target} ({kpi.direction.value}): it warns before the target is missed",
            )
    if kpi.is_percentage:
        for field, number in (("target", target), ("warning", warning)):
            if number is not None and not 0 <= number <= 100:
                yield Finding(
                    f"{path}.{field}",
                    f"{number} is not a percentage; a KPI in % takes values from 0 to 100",
                )


@rule(
    "KPI_OWNED",
    severity=_WARNING,
    description="Each KPI has an owner and a measurement cadence.",
)
def kpi_owned(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for i, kpi in enumerate(contract.kpis):
        if kpi.owner_id is None:
            yield Finding(
                f"$.kpis[{i}].owner_id", f"KPI {kpi.id!r} has no owner; name who answers for it"
            )
        if kpi.cadence is None:
            yield Finding(
                f"$.kpis[{i}].cadence",
                f"KPI {kpi.id!r} has no cadence; say how often it is measured",
            )
