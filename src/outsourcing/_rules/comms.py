"""Rules of keeping in touch: regular meetings, and support defined for after the launch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from outsourcing._base.violations import Severity
from outsourcing._models.comms import MeetingKind
from outsourcing._models.contract import Contract
from outsourcing._rules.machinery import Finding, rule

__all__ = ["comms_cadence", "support_defined"]

_WARNING = Severity.WARNING


@rule(
    "COMMS_CADENCE",
    severity=_WARNING,
    description="There is at least one recurring status meeting and a recurring partnership "
    "review.",
)
def comms_cadence(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    for kind, what in (
        (MeetingKind.STATUS, "status meeting"),
        (MeetingKind.PARTNERSHIP_REVIEW, "partnership review"),
    ):
        if not any(m.kind is kind and m.recurs for m in contract.meetings):
            yield Finding(
                "$.meetings",
                f"no recurring {what}; add a meeting of kind {kind.value!r} with a recurring "
                "cadence (an RRULE such as 'FREQ=WEEKLY;BYDAY=MO')",
            )


@rule(
    "SUPPORT_DEFINED",
    severity=_WARNING,
    description="The contract defines after-launch support: handover, hypercare and response "
    "times.",
)
def support_defined(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    support = contract.support
    if support is None:
        yield Finding(
            "$.support",
            "no after-launch support; agree handover, hypercare and response times",
        )
        return
    if support.handover_days == 0:
        yield Finding("$.support.handover_days", "no handover period; agree how long handover runs")
    if support.hypercare_days == 0:
        yield Finding(
            "$.support.hypercare_days", "no hypercare period; agree how long hypercare runs"
        )
    if not support.response_times:
        yield Finding(
            "$.support.response_times",
            "no response times; agree response and resolution times per priority",
        )
