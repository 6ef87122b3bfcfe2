"""The status of an engagement as of a date: a structured report, as text, Markdown or HTML."""

from outsourcing._base.public import publish
from outsourcing._operations.status import (
    RISK_THRESHOLD,
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
from outsourcing._render.html import status_page
from outsourcing._render.markdown import status_markdown

__all__ = [
    "RISK_THRESHOLD",
    "MilestoneProgress",
    "NextMeeting",
    "OpenGate",
    "PendingAcceptance",
    "PhaseProgress",
    "PhaseState",
    "StatusReport",
    "render_markdown",
    "render_text",
    "status_markdown",
    "status_page",
    "status_report",
]

publish(__name__, globals(), __all__)
