"""Running the engagement: dated lifecycle moves and what follows from them as of a date.

Deliverables are submitted and accepted, milestones met and paid, gates decided; this module also
says which access grants must be revoked, as of a date or when the contract ends.
"""

from outsourcing._base.public import publish
from outsourcing._operations.access import grants_to_revoke, offboarding_list
from outsourcing._operations.lifecycle import (
    Timeliness,
    accept,
    decide_gate,
    decision_as_of,
    due_as_of,
    hypercare,
    in_hypercare,
    is_rebaselined,
    milestone_status_as_of,
    payable,
    record_milestone,
    record_payment,
    reject,
    replace_in,
    review,
    start_work,
    status_as_of,
    submit,
    timeliness,
)

__all__ = [
    "Timeliness",
    "accept",
    "decide_gate",
    "decision_as_of",
    "due_as_of",
    "grants_to_revoke",
    "hypercare",
    "in_hypercare",
    "is_rebaselined",
    "milestone_status_as_of",
    "offboarding_list",
    "payable",
    "record_milestone",
    "record_payment",
    "reject",
    "replace_in",
    "review",
    "start_work",
    "status_as_of",
    "submit",
    "timeliness",
]

publish(__name__, globals(), __all__)
