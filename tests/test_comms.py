import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    Meeting,
    MeetingKind,
    MilestoneStatus,
    Priority,
    ResponseTime,
    SupportTerms,
    example_contract,
)
from outsourcing._operations.lifecycle import hypercare
from outsourcing.exceptions import InvalidValueError, NotFoundError
from outsourcing.lifecycle import in_hypercare, record_milestone, replace_in
from outsourcing.strategies import meetings

D = dt.date
EX = example_contract()


def test_next_occurrences_of_the_example_meetings() -> None:
    """Weekly on Mondays, first Tuesday monthly, last Thursday quarterly, counted from a date."""
    as_of = D(2026, 11, 22)
    assert (D(2026, 11, 23), D(2026, 11, 30), D(2026, 12, 7)) == EX.meeting(
        "MT-status"
    ).next_occurrences(as_of)
    assert (D(2026, 12, 1), D(2027, 1, 5)) == EX.meeting("MT-steering").next_occurrences(
        as_of, count=2
    )
    assert (D(2026, 12, 31), D(2027, 3, 25)) == EX.meeting("MT-review").next_occurrences(
        as_of, count=2
    )


def test_the_day_itself_counts_as_next() -> None:
    """A meeting on as_of is the next occurrence; a finished series has none."""
    assert (D(2026, 11, 23),) == EX.meeting("MT-status").next_occurrences(D(2026, 11, 23), count=1)
    once = Meeting(
        id="k",
        name="Kick-off",
        kind=MeetingKind.OTHER,
        cadence="FREQ=DAILY;COUNT=1",
        starts=D(2026, 9, 7),
    )
    assert () == once.next_occurrences(D(2026, 9, 8))
    assert not once.recurs
    assert EX.meeting("MT-status").recurs


@pytest.mark.parametrize(
    ("cadence", "why"),
    [
        ("FREQ=SOMETIMES", "invalid 'FREQ'"),
        ("every monday", "RFC 5545 RRULE text"),
        ("", "RFC 5545 RRULE text"),
        ("FREQ=WEEKLY;BYDAY=XX", "invalid 'BYDAY'"),
        ("DTSTART:20260101\nRRULE:FREQ=WEEKLY", "without DTSTART"),
    ],
)
def test_an_invalid_cadence_names_the_field(cadence: str, why: str) -> None:
    """A cadence that is not an RRULE is an InvalidValueError naming Meeting.cadence."""
    with pytest.raises(InvalidValueError, match=r"Meeting\.cadence") as caught:
        Meeting(id="x", name="X", kind=MeetingKind.STATUS, cadence=cadence, starts=D(2026, 1, 1))
    assert why in str(caught.value)


@given(meetings(participant_ids=st.sampled_from(("ingrid", "tomasz"))))
def test_generated_meetings_recur_and_come_in_order(meeting: Meeting) -> None:
    """Every generated meeting recurs, and its next occurrences are ascending from the day."""
    as_of = meeting.starts
    found = meeting.next_occurrences(as_of, count=4)
    assert meeting.recurs
    assert list(found) == sorted(set(found))
    assert all(day >= as_of for day in found)
    assert set(meeting.participant_ids) <= {"ingrid", "tomasz"}


def test_hypercare_runs_from_go_live_for_its_days() -> None:
    """75 days from go-live on 2027-06-07 end on 2027-08-20; both ends are inside."""
    assert (D(2027, 6, 7), D(2027, 8, 20)) == hypercare(EX)
    assert [False, True, True, False] == [
        in_hypercare(EX, day)
        for day in (D(2027, 6, 6), D(2027, 6, 7), D(2027, 8, 20), D(2027, 8, 21))
    ]


def test_hypercare_follows_the_day_go_live_was_met() -> None:
    """Once go-live is met, hypercare starts that day, not on the due date."""
    live = record_milestone(EX.milestone("M-05"), MilestoneStatus.MET, on=D(2027, 6, 9))
    assert (D(2027, 6, 9), D(2027, 8, 22)) == hypercare(replace_in(EX, live))
    assert hypercare(attrs.evolve(EX, support=None)) is None
    assert not in_hypercare(attrs.evolve(EX, support=None), D(2027, 7, 1))
    with pytest.raises(NotFoundError):
        hypercare(
            attrs.evolve(EX, support=SupportTerms(go_live_milestone_id="M-99", hypercare_days=1))
        )


def test_support_terms_fields() -> None:
    """Response times per priority; resolution no faster than response; days are whole numbers."""
    assert EX.support is not None
    assert ResponseTime(
        priority=Priority.CRITICAL, respond_hours=1, resolve_hours=8
    ) == EX.support.response_time(Priority.CRITICAL)
    assert SupportTerms(go_live_milestone_id="M-05").response_time(Priority.LOW) is None
    with pytest.raises(
        InvalidValueError, match=r"ResponseTime\.resolve_hours: expected at least respond_hours"
    ):
        ResponseTime(priority=Priority.HIGH, respond_hours=4, resolve_hours=2)
    with pytest.raises(InvalidValueError, match=r"SupportTerms\.hypercare_days"):
        SupportTerms(go_live_milestone_id="M-05", hypercare_days=-1)
