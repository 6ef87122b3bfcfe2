"""The status of an engagement as of a date, as a structured report and as text or markdown."""

from outsourcing._base.public import publish
from outsourcing._operations.status import (
    MilestoneProgress,
    NextMeeting,
    OpenGate,
    PendingAcceptance,
    PhaseProgress,
    PhaseState,
    StatusReport,
    render_markdown,
    render_text,
    status_report,
)

__all__ = [
    "MilestoneProgress",
    "NextMeeting",
    "OpenGate",
    "PendingAcceptance",
    "PhaseProgress",
    "PhaseState",
    "StatusReport",
    "render_markdown",
    "render_text",
    "status_report",
]

publish(__name__, globals(), __all__)
