"""The engagement as an iCalendar file: meetings, milestones, gates, access expiries, hypercare.

Needs the ``calendar`` extra: ``pip install 'outsourcing[calendar]'``.
"""

from outsourcing._base.public import publish
from outsourcing._render.calendar import engagement_calendar

__all__ = ["engagement_calendar"]

publish(__name__, globals(), __all__)
