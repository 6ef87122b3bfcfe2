import datetime as dt
import time

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import (
    Meeting,
    MeetingKind,
    MilestoneStatus,
    Priority,
    ResponseTime,
    SupportTerms,
    example_contract,
    json,
)
from outsourcing._operations.lifecycle import hypercare
from outsourcing.exceptions import InvalidValueError, LoadError, NotFoundError
from outsourcing.lifecycle import in_hypercare, record_milestone, replace_in
from outsourcing.strategies import meetings

D = dt.date
EX = example_contract()
MONDAY = D(2026, 1, 5)


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


def _meeting(cadence: str, starts: dt.date = MONDAY) -> Meeting:
    return Meeting(id="m", name="Status", kind=MeetingKind.STATUS, cadence=cadence, starts=starts)


@pytest.mark.parametrize(
    "cadence", ["FREQ=SECONDLY;BYSECOND=60", "FREQ=HOURLY;BYHOUR=24", "FREQ=MINUTELY;BYHOUR=24"]
)
def test_a_cadence_that_cannot_be_expanded_is_refused_at_load_with_its_path(cadence: str) -> None:
    """What dateutil parses but cannot expand never reaches validate: the loader names the place."""
    data = json.to_dict(EX)
    data["meetings"][1]["cadence"] = cadence
    with pytest.raises(LoadError) as caught:
        json.from_dict(data)
    assert ["$.meetings[1].cadence"] == [p.path for p in caught.value.problems]


def test_a_cadence_that_never_occurs_is_refused_quickly() -> None:
    """30 February never comes: the search stops after ten years instead of walking to 9999."""
    began = time.perf_counter()
    with pytest.raises(InvalidValueError, match="occurs in the 10 years"):
        _meeting("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    assert time.perf_counter() - began < 1


def test_a_rare_cadence_still_recurs() -> None:
    """29 February comes every four years: within the search, so it recurs."""
    leap = _meeting("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
    assert leap.recurs
    assert (D(2028, 2, 29), D(2032, 2, 29)) == leap.next_occurrences(D(2026, 3, 1), count=2)


@pytest.mark.parametrize("cadence", ["FREQ=HOURLY", "FREQ=MINUTELY", "FREQ=DAILY;BYHOUR=9,15"])
def test_sub_daily_cadences_are_refused_as_meetings_are_dated_by_day(cadence: str) -> None:
    """An hourly rule would give the same day three times over: it is refused, saying why."""
    with pytest.raises(InvalidValueError, match="dated by day"):
        _meeting(cadence)


def test_next_occurrences_at_the_ends_of_the_calendar() -> None:
    """A series near 9999-12-31 ends with the calendar; one begun in year 1 is found quickly."""
    late = _meeting("FREQ=DAILY", D(9999, 12, 30))
    assert (D(9999, 12, 30), D(9999, 12, 31)) == late.next_occurrences(D(9999, 12, 30))
    early = _meeting("FREQ=WEEKLY;BYDAY=MO", D(1, 1, 1))
    began = time.perf_counter()
    assert (D(9999, 12, 6), D(9999, 12, 13)) == early.next_occurrences(D(9999, 12, 1), count=2)
    assert time.perf_counter() - began < 2


_PARTS = st.fixed_dictionaries(
    {"FREQ": st.sampled_from(["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY"])},
    optional={
        "INTERVAL": st.integers(1, 60).map(str),
        "COUNT": st.integers(1, 5).map(str),
        "BYMONTH": st.lists(st.integers(1, 12), min_size=1, max_size=3),
        "BYMONTHDAY": st.lists(st.integers(-31, 31).filter(bool), min_size=1, max_size=3),
        "BYYEARDAY": st.lists(st.integers(-366, 366).filter(bool), min_size=1, max_size=2),
        "BYWEEKNO": st.lists(st.integers(-53, 53).filter(bool), min_size=1, max_size=2),
        "BYDAY": st.lists(st.sampled_from(["MO", "TU", "1FR", "-1SU", "5TH", "53MO"]), min_size=1),
        "BYSETPOS": st.lists(st.integers(-3, 3).filter(bool), min_size=1, max_size=2),
        "BYHOUR": st.lists(st.integers(0, 24), min_size=1, max_size=2),
        "WKST": st.sampled_from(["MO", "SU"]),
    },
)
_ANY_DAY = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))


@given(_PARTS, _ANY_DAY, _ANY_DAY)
def test_every_accepted_cadence_expands_in_bounded_time(
    parts: dict[str, object], starts: dt.date, as_of: dt.date
) -> None:
    """Whatever RRULE is given: refused with a library error, or expanded quickly into days."""
    text = ";".join(
        f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in parts.items()
    )
    try:
        meeting = _meeting(text, starts)
    except InvalidValueError:
        return
    began = time.process_time()  # this process's time: other load on the machine does not count
    days = meeting.next_occurrences(as_of, count=3)
    meeting.recurs  # noqa: B018 - bounded too
    assert time.process_time() - began < 3
    assert sorted(set(days)) == list(days)
    assert all(day >= as_of for day in days)


@settings(max_examples=25)
@given(meetings(), st.dates(D(2000, 1, 1), D(2100, 1, 1)), st.integers(1, 6))
def test_remembered_occurrences_are_a_prefix_of_a_longer_walk(
    meeting: Meeting, as_of: dt.date, count: int
) -> None:
    """Answers remembered for a few days agree with the walk for more days, asked again or not."""
    longer = meeting.next_occurrences(as_of, count=8)  # more than are remembered: walked afresh
    assert longer[:count] == meeting.next_occurrences(as_of, count=count)
    assert longer[:count] == meeting.next_occurrences(as_of, count=count)


def test_a_bad_cadence_is_refused_every_time_it_is_met() -> None:
    """A cadence judged once is judged the same in the next meeting that holds it."""
    for _ in range(2):
        with pytest.raises(InvalidValueError, match="FREQ=DAILY, WEEKLY") as caught:
            attrs.evolve(EX.meetings[0], cadence="FREQ=HOURLY")
        assert "FREQ=HOURLY" == caught.value.value
