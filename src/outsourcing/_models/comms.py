"""How the partners keep talking, and what support follows the launch: meetings, support terms."""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from typing import Any

import attrs
from dateutil.rrule import rrule, rrulestr

from outsourcing._models import checks


class MeetingKind(enum.Enum):
    """What a recurring meeting is for."""

    STATUS = "status"
    STEERING = "steering"
    PARTNERSHIP_REVIEW = "partnership_review"
    DEMO = "demo"
    OTHER = "other"


def _parse(text: str, first: dt.date) -> rrule:
    """Parse RFC 5545 RRULE text, its first occurrence on ``first``."""
    start = dt.datetime(first.year, first.month, first.day)  # noqa: DTZ001 - dates, not instants
    parsed = rrulestr(text, dtstart=start)
    if not isinstance(parsed, rrule):  # pragma: no cover - rrulestr gives a set only when asked
        msg = "one RRULE"
        raise TypeError(msg)
    return parsed


def _cadence(inst: Meeting, attribute: attrs.Attribute[Any], value: object) -> None:
    expected = "RFC 5545 RRULE text such as 'FREQ=WEEKLY;BYDAY=MO'"
    if type(value) is not str or not value.strip():
        checks.fail(inst, attribute, value, expected)
    text: str = value  # type: ignore[assignment] # checked just above
    if "DTSTART" in text.upper():
        checks.fail(inst, attribute, value, expected + " without DTSTART (use Meeting.starts)")
    try:
        _parse(text, dt.date(2000, 1, 1))
    except (ValueError, TypeError) as error:
        checks.fail(inst, attribute, value, f"{expected} ({error})")


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

    @property
    def rule(self) -> rrule:
        """The cadence as a :class:`dateutil.rrule.rrule` starting on ``starts``."""
        return _parse(self.cadence, self.starts)

    @property
    def recurs(self) -> bool:
        """Whether the series has more than one occurrence."""
        return len(list(itertools.islice(self.rule, 2))) == 2

    def next_occurrences(self, as_of: dt.date, count: int = 3) -> tuple[dt.date, ...]:
        """Return the next ``count`` days it takes place on, from ``as_of`` (included)."""
        after = dt.datetime(as_of.year, as_of.month, as_of.day)  # noqa: DTZ001
        found = self.rule.xafter(after, count=count, inc=True)
        return tuple(day.date() for day in found)


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
