"""The engagement as an iCalendar (RFC 5545) file, for people's calendars.

Needs the ``calendar`` extra (``pip install 'outsourcing[calendar]'``), which brings `icalendar`.
"""

from __future__ import annotations

import datetime as dt
import re
from types import ModuleType

import attrs

from outsourcing._models.contract import Contract
from outsourcing._models.schedule import GateDecision, MilestoneStatus
from outsourcing._operations.lifecycle import decision_as_of, hypercare, milestone_status_as_of
from outsourcing.exceptions import MissingDependencyError, NotFoundError

_PRODID = "-//outsourcing//engagement calendar//EN"
_BREAKS = re.compile(r"[\x00-\x1f\x7f]+")


def _line(text: str) -> str:
    """Text for a one-line property (UID, SUMMARY, X-WR-CALNAME): no line breaks or controls."""
    return _BREAKS.sub(" ", text)


def _icalendar() -> ModuleType:
    try:
        import icalendar  # noqa: PLC0415 - optional: imported when a calendar is asked for
    except ImportError as exc:
        raise MissingDependencyError(
            "calendars need the 'icalendar' package: pip install 'outsourcing[calendar]'"
        ) from exc
    return icalendar


@attrs.frozen(kw_only=True)
class _Entry:
    kind: str
    id: str
    day: dt.date
    summary: str
    description: str = ""
    rrule: str | None = None


def _recorded(contract: Contract) -> dt.date:
    """The day of the latest milestone status, gate decision or revocation recorded."""
    start = contract.term.start
    return max(
        [
            start,
            *(m.status_on or m.date_met or start for m in contract.milestones),
            *(p.gate.decided_on or start for p in contract.phases),
            *(g.revoked_on or start for g in contract.access_grants),
        ]
    )


def _entries(contract: Contract, as_of: dt.date) -> list[_Entry]:
    found = []
    for m in contract.meetings:
        first = m.next_occurrences(m.starts, count=1)
        if first:  # DTSTART is the first occurrence: RFC 5545 counts it even off the rule
            found.append(
                _Entry(
                    kind="meeting",
                    id=m.id,
                    day=first[0],
                    summary=m.name,
                    description=m.agenda,
                    rrule=m.cadence,
                )
            )
    for ms in contract.milestones:
        status = milestone_status_as_of(ms, as_of)
        if status is not MilestoneStatus.CANCELLED:
            found.append(
                _Entry(
                    kind="milestone",
                    id=ms.id,
                    day=ms.due,
                    summary=f"Due: {ms.id} {ms.title}",
                    description=f"Milestone of {contract.id}; {status.value} as of {as_of}.",
                )
            )
    for p in contract.phases_in_order():
        decision = decision_as_of(p, as_of)
        pending = decision is GateDecision.PENDING
        what = "decision due" if pending else f"decided {decision.value}"
        criteria = "Criteria: " + "; ".join(p.gate.criteria) if p.gate.criteria else ""
        found.append(
            _Entry(
                kind="gate",
                id=p.id,
                day=p.end if pending or p.gate.decided_on is None else p.gate.decided_on,
                summary=f"Gate {what}: {p.id} {p.name}",
                description=criteria,
            )
        )
    found += [
        _Entry(
            kind="access",
            id=g.id,
            day=g.expires_on,
            summary=f"Access expires: {g.id} {g.grantee_id} on {g.system}",
            description=f"{g.level.value} access; revoke it unless extended.",
        )
        for g in contract.access_grants
        if g.expires_on is not None and (g.revoked_on is None or g.revoked_on > as_of)
    ]
    try:
        span = hypercare(contract)
    except NotFoundError:  # the go-live milestone is missing: rule REF_RESOLVES says so
        span = None
    if span is not None:
        found.append(
            _Entry(
                kind="hypercare",
                id="end",
                day=span[1],
                summary=f"End of hypercare: {contract.id} {contract.title}",
            )
        )
    return found


def engagement_calendar(contract: Contract, *, as_of: dt.date | None = None) -> bytes:
    """Return the engagement's calendar as an ``.ics`` document (UTF-8 bytes, CRLF lines).

    All-day events for: each meeting from its first occurrence, repeating by its cadence (an
    ``RRULE``); each milestone not cancelled, on its due date; each phase's gate decision, due
    on the phase's last day (or on the day it was decided); each access grant's expiry, unless
    revoked by then; and the end of hypercare. ``as_of`` is the time stamp of every event
    (``DTSTAMP``, midnight UTC) and the day statuses are read on; without it, the day of the
    latest milestone status, gate decision or revocation recorded (at least the first day of the
    term), so the contract reads as stored. Nothing reads the clock: the same contract and day
    give the same bytes.

    >>> from outsourcing import example_contract
    >>> from outsourcing._example import EXAMPLE_AS_OF
    >>> ics = engagement_calendar(example_contract(), as_of=EXAMPLE_AS_OF)
    >>> ics.startswith(b"BEGIN:VCALENDAR"), b"RRULE:FREQ=WEEKLY;BYDAY=MO" in ics
    (True, True)

    Raises:
        MissingDependencyError: `icalendar` is not installed (the ``calendar`` extra).
    """
    ical = _icalendar()
    day = _recorded(contract) if as_of is None else as_of
    stamp = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
    cal = ical.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _line(f"{contract.id} {contract.title}"))
    for entry in _entries(contract, day):
        event = ical.Event()
        event.add("uid", _line(f"{contract.id}.{entry.kind}.{entry.id}@outsourcing"))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("summary", _line(entry.summary))
        event.add("transp", "TRANSPARENT")
        event.add("categories", [entry.kind])
        if entry.description:
            event.add("description", entry.description)
        if entry.rrule is not None:
            event.add("rrule", ical.vRecur.from_ical(entry.rrule))
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
