"""Day arithmetic that stops at the ends of the calendar instead of raising.

``date(9999, 12, 31) + timedelta(days=1)`` raises :class:`OverflowError`, and a contract may well
end on 9999-12-31 (a common sentinel for "open-ended") or start on 0001-01-01. Windows, spans and
"the day after the term" computed with these helpers are clamped to the calendar's first and last
days, so a question about such a contract gets an answer instead of a traceback.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["days_after", "days_before"]


def days_after(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` days, or the calendar's first or last day if that is beyond it."""
    ordinal = day.toordinal() + days
    if ordinal > dt.date.max.toordinal():
        return dt.date.max
    if ordinal < 1:
        return dt.date.min
    return dt.date.fromordinal(ordinal)


def days_before(day: dt.date, days: int) -> dt.date:
    """``day`` minus ``days`` days, clamped to the calendar as :func:`days_after` is."""
    return days_after(day, -days)
