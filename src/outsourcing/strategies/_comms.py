"""Strategies for the communication plan (meetings and their cadences) and after-launch support."""

from __future__ import annotations

import datetime as dt
from typing import Final

from hypothesis import strategies as st

from outsourcing._models.comms import Meeting, MeetingKind, Priority, ResponseTime, SupportTerms
from outsourcing._models.contract import Term
from outsourcing.strategies._shared import (
    MAX_DATE,
    MIN_DATE,
    Draw,
    _check_dates,
    _check_strategy,
    _days,
    _ids,
    _or,
    _text,
    _words,
)

_WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR")
_CADENCE_TEXT: Final = st.one_of(
    st.builds(
        "FREQ=WEEKLY;BYDAY={}".format,
        st.sampled_from(_WEEKDAYS),
    ),
    st.builds(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY={}".format,
        st.sampled_from(_WEEKDAYS),
    ),
    st.builds(
        "FREQ=MONTHLY;INTERVAL={};BYDAY={}{}".format,
        st.sampled_from((1, 3)),
        st.sampled_from(("1", "2", "-1")),
        st.sampled_from(_WEEKDAYS),
    ),
)


def meeting_cadences() -> st.SearchStrategy[str]:
    """RFC 5545 RRULE text for ``Meeting.cadence``: weekly, fortnightly, monthly, quarterly.

    Every cadence recurs without end, shrinking towards ``"FREQ=WEEKLY;BYDAY=MO"``.
    """
    return _CADENCE_TEXT


_MEETING_KIND: Final = st.sampled_from(MeetingKind)
_MEETING_NAME: Final = {
    MeetingKind.STATUS: _text("Weekly status"),
    MeetingKind.STEERING: _text("Steering group"),
    MeetingKind.PARTNERSHIP_REVIEW: _text("Partnership review"),
    MeetingKind.DEMO: _text("Sprint demo"),
    MeetingKind.OTHER: _text("Architecture forum"),
}
_AGENDA: Final = st.sampled_from(("", "Progress against milestones, blockers, risks."))


def _meeting(
    draw: Draw,
    id_: str,
    kind: MeetingKind,
    participants: st.SearchStrategy[list[str]],
    span: Term,
) -> Meeting:
    return Meeting(
        id=id_,
        name=draw(_MEETING_NAME[kind]),
        kind=kind,
        cadence=draw(_CADENCE_TEXT),
        starts=_days(draw, span.start, span.last_day),
        participant_ids=tuple(draw(participants)),
        agenda=draw(_AGENDA),
    )


@st.composite
def _meetings(
    draw: Draw,
    ids: st.SearchStrategy[str],
    kinds: st.SearchStrategy[MeetingKind],
    participants: st.SearchStrategy[list[str]],
    span: Term,
) -> Meeting:
    return _meeting(draw, draw(ids), draw(kinds), participants, span)


def meetings(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[MeetingKind] | None = None,
    participant_ids: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Meeting]:
    """Recurring meetings of the communication plan (see :func:`meeting_cadences`).

    Args:
        ids: The ids to draw from; ``MT-<n>`` by default.
        kinds: What the meetings are for; every :class:`~outsourcing.MeetingKind` by default.
        participant_ids: The participants to draw up to three from; ``partner-<n>`` by default.
        min_date: The earliest first day of a series.
        max_date: The latest first day of a series.
    """
    _check_strategy("meetings(ids=...)", ids)
    _check_strategy("meetings(kinds=...)", kinds)
    _check_strategy("meetings(participant_ids=...)", participant_ids)
    _check_dates("meetings", min_date, max_date)
    return _meetings(
        _or(ids, _ids("MT")),
        _or(kinds, _MEETING_KIND),
        st.lists(_or(participant_ids, _ids("partner")), unique=True, max_size=3),
        Term(start=min_date, end=max_date),
    )


_HOURS: Final = (1, 4, 8, 24, 72, 240)


@st.composite
def _response_times(draw: Draw, priorities: st.SearchStrategy[Priority]) -> ResponseTime:
    respond = draw(st.sampled_from(_HOURS))
    resolve = draw(st.sampled_from([h for h in _HOURS if h >= respond]))
    return ResponseTime(priority=draw(priorities), respond_hours=respond, resolve_hours=resolve)


def response_times(
    *, priorities: st.SearchStrategy[Priority] | None = None
) -> st.SearchStrategy[ResponseTime]:
    """Response and resolution times, in hours, resolution no faster than response.

    Args:
        priorities: The priorities to draw from; every :class:`~outsourcing.Priority` by default.
    """
    _check_strategy("response_times(priorities=...)", priorities)
    return _response_times(_or(priorities, st.sampled_from(Priority)))


_TRAINING: Final = _words("Two days of operations training", "Admin handbook walkthrough")
_SUPPORT_DAYS: Final = st.integers(0, 90)
_RESPONSE_TIMES: Final = st.lists(
    response_times(), unique_by=lambda r: r.priority, max_size=len(Priority)
)


def _support(draw: Draw, go_live: str) -> SupportTerms:
    return SupportTerms(
        go_live_milestone_id=go_live,
        handover_days=draw(_SUPPORT_DAYS),
        training=draw(_TRAINING),
        hypercare_days=draw(_SUPPORT_DAYS),
        warranty_days=draw(_SUPPORT_DAYS),
        response_times=tuple(draw(_RESPONSE_TIMES)),
    )


@st.composite
def _support_terms(draw: Draw, go_live_ids: st.SearchStrategy[str]) -> SupportTerms:
    return _support(draw, draw(go_live_ids))


def support_terms(
    *, go_live_milestone_ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[SupportTerms]:
    """After-launch support: up to 90 days of handover, hypercare and warranty each, and more.

    Training, and response times for some priorities (each at most once), or none.

    Args:
        go_live_milestone_ids: The go-live milestones to draw from; ``M-<n>`` by default.
    """
    _check_strategy("support_terms(go_live_milestone_ids=...)", go_live_milestone_ids)
    return _support_terms(_or(go_live_milestone_ids, _ids("M")))
