"""How the partners keep talking, and what support follows the launch: meetings, support terms."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import sys
import types
from collections.abc import Iterator
from typing import Any, Final

import attrs
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from outsourcing._models import checks


class MeetingKind(enum.Enum):
    """What a recurring meeting is for."""

    STATUS = "status"
    STEERING = "steering"
    PARTNERSHIP_REVIEW = "partnership_review"
    DEMO = "demo"
    OTHER = "other"


SEARCH_YEARS: Final = 10
"""How far ahead a meeting's next occurrences are looked for, in years."""

_DAILY_OR_LONGER: Final = {YEARLY: "YEARLY", MONTHLY: "MONTHLY", WEEKLY: "WEEKLY", DAILY: "DAILY"}
_EXPECTED: Final = "RFC 5545 RRULE text such as 'FREQ=WEEKLY;BYDAY=MO'"


def _parse(text: str, first: dt.date) -> rrule:
    """Parse RFC 5545 RRULE text, its first occurrence on ``first``."""
    start = dt.datetime(first.year, first.month, first.day)  # noqa: DTZ001 - dates, not instants
    parsed = rrulestr(text, dtstart=start)
    if not isinstance(parsed, rrule):  # pragma: no cover - rrulestr gives a set only when asked
        msg = "one RRULE"
        raise TypeError(msg)
    return parsed


class _Calendar:
    """The :mod:`datetime` module as the bounded walk sees it: the calendar ends in ``last``."""

    def __init__(self, last: int) -> None:
        self.MAXYEAR = last

    def __getattr__(self, name: str) -> object:
        return getattr(dt, name)


_RRULE: Final[Any] = rrule  # dateutil keeps its walk in a private attribute
_ITER: Final = _RRULE._iter  # noqa: SLF001 - walked with a nearer end of the calendar, see _walk
_BOUNDABLE: Final = {"datetime", "MAXYEAR"} <= {*_ITER.__code__.co_names}


def _walk(rule: rrule, last: dt.date) -> Iterator[dt.date]:
    """The days of ``rule`` up to ``last``, in time bounded by the years walked.

    dateutil looks for the next occurrence until the end of the calendar (year 9999) however far
    that is, which takes seconds for a rule that never occurs (``BYMONTH=2;BYMONTHDAY=30``). Its
    walk stops at ``datetime.MAXYEAR``: the walk here runs dateutil's own code with a calendar
    that ends in ``last``'s year. The end of the real calendar ends the walk too.
    """
    if _BOUNDABLE:
        days: Iterator[dt.datetime] = _bounded_walk(last.year)(rule)
    else:  # pragma: no cover - a dateutil whose walk reads the calendar's end otherwise
        days = iter(rule)
    try:
        for day in days:
            if day.date() > last:
                return
            yield day.date()
    except (ValueError, OverflowError):  # stepped past the end of the calendar
        return
    except (IndexError, TypeError):  # pragma: no cover - dateutil lost its way: the series ends
        return


@functools.lru_cache(maxsize=64)
def _bounded_walk(last: int) -> Any:  # noqa: ANN401 - dateutil's walk, a plain function
    """The walk of dateutil over a calendar ending in year ``last``: made once per year.

    Its globals are a copy of dateutil's module with :class:`_Calendar` for :mod:`datetime`.
    """
    scope = {**vars(sys.modules[rrule.__module__]), "datetime": _Calendar(last)}
    return types.FunctionType(_ITER.__code__, scope, _ITER.__name__, _ITER.__defaults__)


def _rule_part(rule: rrule, name: str) -> str | None:
    """One part of a rule (``FREQ``, ``COUNT``, ``INTERVAL``) as dateutil writes the rule out.

    dateutil keeps the parts in private attributes; its text form is public.
    """
    for line in str(rule).splitlines():
        if line.startswith("RRULE:"):
            for part in line.removeprefix("RRULE:").split(";"):
                key, _, value = part.partition("=")
                if key == name:
                    return value
    return None


def _years_later(day: dt.date, years: int) -> dt.date:
    """``day`` that many years later (29 February: 1 March), or the calendar's last day."""
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    if (day.month, day.day) == (2, 29):
        return dt.date(day.year + years, 3, 1)
    return day.replace(year=day.year + years)


def _cadence(inst: Meeting, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or not value.strip():
        checks.fail(inst, attribute, value, _EXPECTED)
    problem = _cadence_problem(value)
    if problem is not None:
        checks.fail(inst, attribute, value, problem)


@functools.lru_cache(maxsize=1024)
def _cadence_problem(text: str) -> str | None:
    """What is wrong with cadence text (what it should be instead), or ``None`` if nothing.

    A pure function of the text: a portfolio's contracts hold the same few cadences, each parsed
    once per process rather than once per meeting loaded (the parse takes tens of microseconds).
    """
    if "DTSTART" in text.upper():
        return _EXPECTED + " without DTSTART (use Meeting.starts)"
    try:
        parsed = _parse(text, dt.date(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as error:
        return f"{_EXPECTED} ({error})"
    if _rule_part(parsed, "FREQ") not in _DAILY_OR_LONGER.values():
        return (
            "a cadence of whole days (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY): meetings are "
            "dated by day"
        )
    if any(part in text.upper() for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
        return (
            "a cadence of whole days, without BYHOUR, BYMINUTE or BYSECOND: meetings are dated "
            "by day"
        )
    return None


@attrs.frozen(kw_only=True)
class Meeting:
    """A recurring meeting of the communication plan.

    >>> weekly = Meeting(
    ...     id="status",
    ...     name="Weekly status",
    ...     kind=MeetingKind.STATUS,
    ...     cadence="FREQ=WEEKLY;BYDAY=MO",
    ...     starts=dt.date(2026, 11, 23),
    ... )
    >>> weekly.next_occurrences(dt.date(2026, 11, 24), count=2)
    (datetime.date(2026, 11, 30), datetime.date(2026, 12, 7))

    Args:
        id: Unique among the contract's meetings.
        name: What it is called.
        kind: What it is for: status, steering, partnership review...
        cadence: When it recurs, as RFC 5545 RRULE text (``"FREQ=MONTHLY;BYDAY=1TU"``), checked
            with :func:`dateutil.rrule.rrulestr`.
        starts: The first day of the series (the rule's DTSTART).
        participant_ids: The partners and people who take part.
        agenda: What it covers.
    """

    id: str = attrs.field(validator=checks.text)
    name: str = attrs.field(validator=checks.text)
    kind: MeetingKind = attrs.field(validator=checks.member(MeetingKind))
    cadence: str = attrs.field(validator=_cadence)
    starts: dt.date = attrs.field(validator=checks.date)
    participant_ids: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))
    agenda: str = attrs.field(default="", validator=checks.plain_str)

    def __attrs_post_init__(self) -> None:
        try:
            first = self.next_occurrences(self.starts, count=1)
        except Exception as error:  # noqa: BLE001 - dateutil's own failure, refused by name
            checks.fail(
                self,
                attrs.fields(Meeting).cadence,
                self.cadence,
                f"{_EXPECTED} that can be expanded ({type(error).__name__}: {error})",
            )
        if not first:
            checks.fail(
                self,
                attrs.fields(Meeting).cadence,
                self.cadence,
                f"a cadence that occurs in the {SEARCH_YEARS} years from {self.starts} (starts)",
            )

    @property
    def rule(self) -> rrule:
        """The cadence as a :class:`dateutil.rrule.rrule` starting on ``starts``."""
        return _parse(self.cadence, self.starts)

    @property
    def recurs(self) -> bool:
        """Whether the series occurs at least twice in its first ten years."""
        return len(self.next_occurrences(self.starts, count=2)) == 2

    def next_occurrences(self, as_of: dt.date, count: int = 3) -> tuple[dt.date, ...]:
        """Return the next ``count`` days it takes place on, from ``as_of`` (included).

        Only the next ten years (``SEARCH_YEARS``) are searched, and none after 9999-12-31,
        so the answer comes in bounded time and may hold fewer than ``count`` days.
        """
        if count <= _REMEMBERED_COUNT:
            return _occurrences(self.cadence, self.starts, as_of, count)
        return _occurrences.__wrapped__(self.cadence, self.starts, as_of, count)


_REMEMBERED_COUNT: Final = 3
"""Answers of :meth:`Meeting.next_occurrences` for at most this many days are remembered."""


@functools.lru_cache(maxsize=1024)
def _occurrences(cadence: str, starts: dt.date, as_of: dt.date, count: int) -> tuple[dt.date, ...]:
    """The next ``count`` days of the series from ``as_of``: a pure function of its arguments.

    Remembered (for a few days each), as loading a meeting and the COMMS_CADENCE rule ask the
    same questions of every contract of a portfolio, and each answer walks dateutil's series.
    """
    rule = _parse(cadence, starts)
    if _rule_part(rule, "COUNT") is None and as_of > starts:
        # Walk from a start nearer ``as_of``: the calendar repeats every 400 years (in whole
        # weeks), so starting 400 * INTERVAL years later gives the same days from there on.
        period = 400 * int(_rule_part(rule, "INTERVAL") or 1)
        skip = (as_of.year - starts.year) // period * period
        if skip:
            start = starts.replace(year=starts.year + skip)
            rule = rule.replace(dtstart=dt.datetime(start.year, start.month, start.day))  # noqa: DTZ001
    last = _years_later(as_of, SEARCH_YEARS)
    found = (day for day in _walk(rule, last) if day >= as_of)
    return tuple(itertools.islice(found, count))


class Priority(enum.Enum):
    """How urgent a support request is."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@attrs.frozen(kw_only=True)
class ResponseTime:
    """How fast the provider answers and resolves a request of one priority.

    Args:
        priority: The priority these times apply to.
        respond_hours: Hours until the first response.
        resolve_hours: Hours until the request is resolved (no less than ``respond_hours``).
    """

    priority: Priority = attrs.field(validator=checks.member(Priority))
    respond_hours: int = attrs.field(validator=checks.positive_int)
    resolve_hours: int = attrs.field(validator=checks.positive_int)

    def __attrs_post_init__(self) -> None:
        if self.resolve_hours < self.respond_hours:
            checks.fail(
                self,
                attrs.fields(ResponseTime).resolve_hours,
                self.resolve_hours,
                f"at least respond_hours ({self.respond_hours})",
            )


@attrs.frozen(kw_only=True)
class SupportTerms:
    """After-launch support: handover and training, hypercare, warranty and response times.

    Hypercare starts on the go-live milestone's day (the day it was met, else its due date) and
    lasts ``hypercare_days`` days; see :func:`outsourcing.lifecycle.hypercare`.

    Args:
        go_live_milestone_id: The milestone that marks the launch.
        handover_days: Days the provider spends handing over to the client's team.
        training: The training the client's team receives.
        hypercare_days: Days of heightened support right after go-live.
        warranty_days: Days after hypercare in which defects are fixed at no charge.
        response_times: Response and resolution times per priority.
    """

    go_live_milestone_id: str = attrs.field(validator=checks.text)
    handover_days: int = attrs.field(default=0, validator=checks.non_negative_int)
    training: tuple[str, ...] = attrs.field(default=(), validator=checks.tuple_of(str))
    hypercare_days: int = attrs.field(default=0, validator=checks.non_negative_int)
    warranty_days: int = attrs.field(default=0, validator=checks.non_negative_int)
    response_times: tuple[ResponseTime, ...] = attrs.field(
        default=(), validator=checks.tuple_of(ResponseTime)
    )

    def response_time(self, priority: Priority) -> ResponseTime | None:
        """Return the times agreed for ``priority``, if any."""
        return next((r for r in self.response_times if r.priority is priority), None)
