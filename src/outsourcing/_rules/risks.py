"""Rules of the risk register: every open risk treated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from outsourcing._base.violations import Severity
from outsourcing._models.contract import Contract
from outsourcing._models.risks import HIGH_RISK, RiskStatus
from outsourcing._rules.machinery import Finding, rule

__all__ = ["risk_treated"]

_WARNING = Severity.WARNING


@rule(
    "RISK_TREATED",
    severity=_WARNING,
    description="Each risk that is not closed has an owner and a mitigation; high risks "
    f"(likelihood x impact >= {HIGH_RISK}) also a contingency plan.",
)
def risk_treated(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for i, r in enumerate(contract.risks):
        if r.status is RiskStatus.CLOSED:
            continue
        if r.owner_id is None:
            yield Finding(
                f"$.risks[{i}].owner_id", f"risk {r.id!r} has no owner; name who answers for it"
            )
        if r.mitigation is None:
            yield Finding(
                f"$.risks[{i}].mitigation",
                f"risk {r.id!r} has no mitigation; say what makes it less likely or less bad",
            )
        if r.score >= HIGH_RISK and r.contingency is None:
            yield Finding(
                f"$.risks[{i}].contingency",
                f"risk {r.id!r} is high ({r.likelihood} x {r.impact} = {r.score}) and has no "
                "contingency plan; say what happens if it occurs",
            )
