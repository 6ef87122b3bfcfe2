"""Changing scope: propose, approve, reject or withdraw a change; apply it; compare versions."""

from outsourcing._base.public import publish
from outsourcing._operations.scope_changes import (
    CHANGE_APPLIES,
    apply_change,
    approval_needed,
    approve_change,
    cumulative_impact,
    diff,
    propose_change,
    reject_change,
    withdraw_change,
)

__all__ = [
    "CHANGE_APPLIES",
    "apply_change",
    "approval_needed",
    "approve_change",
    "cumulative_impact",
    "diff",
    "propose_change",
    "reject_change",
    "withdraw_change",
]

publish(__name__, globals(), __all__)
