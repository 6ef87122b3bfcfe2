"""The status page, the Mermaid markdown and the calendar: structure, escaping, no network."""

import datetime as dt
import io
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import Contract, Raci, example_contract, validate
from outsourcing._cli import main
from outsourcing._example import EXAMPLE_AS_OF
from outsourcing.calendar import engagement_calendar
from outsourcing.exceptions import MissingDependencyError, OutsourcingError
from outsourcing.lifecycle import hypercare, replace_in
from outsourcing.status import status_markdown, status_page, status_report
from outsourcing.strategies import contracts, violating

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & | ` ; : # </svg>\r\nEND:VCALENDAR\x1f'


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Elements:
    found = _Elements()
    found.feed(page)
    found.close()
    return found


def _with(parsed: _Elements, tag: str, attribute: str) -> list[str]:
    return [a[attribute] for t, a in parsed.tags if t == tag and attribute in a]


def _svgs(page: str) -> list[ET.Element]:
    """Each inline SVG parsed as XML: it must be well formed on its own."""
    found = re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    return [ET.fromstring(m) for m in found]  # noqa: S314 - the library's own output


def _check_structure(contract: Contract, as_of: dt.date, page: str) -> None:
    parsed = _parse(page)
    svgs = _svgs(page)
    timeline = svgs[0]
    assert "timeline" == timeline.get("class")
    phases = [g.get("data-phase", "") for g in timeline.iter(f"{SVG}g") if g.get("data-phase")]
    marks = [
        g.get("data-milestone", "") for g in timeline.iter(f"{SVG}g") if g.get("data-milestone")
    ]
    assert sorted(p.id for p in contract.phases) == sorted(phases)
    assert sorted(m.id for m in contract.milestones) == sorted(marks)
    for g in timeline.iter(f"{SVG}g"):
        if g.get("data-milestone") or g.get("data-phase"):
            title = g.find(f"{SVG}title")
            assert title is not None
            assert title.text
    kpi_charts = [s.get("data-kpi") for s in svgs[1:] if s.get("class") == "kpi"]
    assert [k.id for k in contract.kpis] == kpi_charts
    cells = {
        (a["data-subject"], a["data-assignee"]): a.get("class", "")
        for t, a in parsed.tags
        if t == "td" and "data-subject" in a
    }
    for r in contract.responsibilities:
        assert (r.subject_id, r.assignee_id) in cells
        if r.role is Raci.ACCOUNTABLE:
            assert "raci-a" == cells[r.subject_id, r.assignee_id]
    assert f"as of {as_of}" in page
    _check_self_contained(parsed, page)


def _check_self_contained(parsed: _Elements, page: str) -> None:
    assert [] == [t for t, _ in parsed.tags if t in {"script", "link", "iframe", "img", "object"}]
    for attribute in ("src", "href", "xlink:href", "action"):
        assert [] == [t for t, a in parsed.tags if attribute in a]
    style = "".join(re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL))
    assert "@import" not in style
    assert "url(" not in style
    assert "@font-face" not in style
    # The only URL on the page is the SVG namespace, which names and never fetches.
    assert {"http://www.w3.org/2000/svg"} == set(re.findall(r"https?://[^\"' )]+", page))


def test_the_example_page_draws_every_phase_milestone_kpi_and_raci_cell() -> None:
    """The example's page draws every phase, milestone, KPI and RACI cell, and loads nothing.

    One band per phase, one mark per milestone, one chart per KPI, a cell per responsibility
    with the owner marked.
    """
    contract = example_contract()
    page = status_page(contract, as_of=EXAMPLE_AS_OF)
    _check_structure(contract, EXAMPLE_AS_OF, page)
    timeline = _svgs(page)[0]
    states = {
        g.get("data-milestone"): g.get("data-state")
        for g in timeline.iter(f"{SVG}g")
        if g.get("data-milestone")
    }
    assert {
        "M-01": "met_on_time",
        "M-02": "met_on_time",
        "M-03": "met_late",
        "M-04": "upcoming",
        "M-05": "upcoming",
        "M-06": "upcoming",
    } == states
    assert "was 12 Feb" in page  # M-03's original due date, before CR-01 moved it


def test_the_page_says_what_needs_doing_in_words() -> None:
    """Revocations, pending acceptance, credits and risks are on the page as text, not colour."""
    page = status_page(example_contract(), as_of=EXAMPLE_AS_OF)
    text = " ".join(_parse(page).text)
    assert "Web analytics" in text  # G-03 expired: revoke
    assert "Payment provider test console" in text  # G-04 expires within days
    assert "D-05 Design system: submitted 2027-03-03" in text
    assert "credit 5,000.00 NOK" in page
    assert "3 x 5 = 15" in text


@settings(max_examples=10)
@given(contracts(), st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
def test_any_valid_contract_draws_completely(contract: Contract, as_of: dt.date) -> None:
    """Whatever the contract and day, every phase, milestone, KPI and RACI cell is drawn."""
    _check_structure(contract, as_of, status_page(contract, as_of=as_of))


def _hostile(contract: Contract) -> Contract:
    m = attrs.evolve(contract.milestone("M-03"), title=HOSTILE)
    p = attrs.evolve(contract.phase("PH-2"), name=HOSTILE)
    d = attrs.evolve(contract.deliverable("D-01"), title=HOSTILE)
    kpi = attrs.evolve(contract.kpi("K-speed"), name=HOSTILE, unit=HOSTILE)
    return attrs.evolve(replace_in(contract, m, p, d, kpi), title=HOSTILE)


def test_markup_in_titles_stays_text() -> None:
    """A title holding ``<script>`` is shown as text: no element comes out of it anywhere."""
    contract = _hostile(example_contract())
    page = status_page(contract, as_of=EXAMPLE_AS_OF)
    assert "<script" not in page
    # Control characters, which HTML and XML may not hold, show as U+FFFD.
    assert HOSTILE.replace("\x1f", "\ufffd") in " ".join(_parse(page).text)
    _check_structure(contract, EXAMPLE_AS_OF, page)
    markdown = status_markdown(contract, as_of=EXAMPLE_AS_OF)
    assert "<script" not in markdown.split("## Timeline")[1]
    gantt = markdown.split("```mermaid\n")[1].split("```")[0]
    for line in gantt.splitlines()[1:]:
        assert 1 >= line.count(":"), line  # a label never ends early at a colon


def test_markdown_carries_a_gantt_of_every_phase_and_milestone_and_the_raci_table() -> None:
    """The markdown report ends with a Mermaid gantt and a RACI table with every subject."""
    contract = example_contract()
    text = status_markdown(contract, as_of=EXAMPLE_AS_OF)
    gantt = text.split("```mermaid\n")[1].split("\n```")[0]
    lines = gantt.splitlines()
    assert "gantt" == lines[0]
    for p in contract.phases:
        assert any(line.startswith(f"    section {p.id} ") for line in lines), p.id
    for m in contract.milestones:
        assert any(
            ":milestone, " in line and f"t_{m.id.replace('-', '_')}," in line for line in lines
        )
    assert any(
        "M-03 Catalogue and search (was 2027-02-12) :milestone, done," in line for line in lines
    )
    table = text.split("## Who does what (RACI)")[1]
    assert "| D-03 Pilot evaluation report |  | R |  | **A** |  |" in table
    subjects = {r.subject_id for r in contract.responsibilities}
    rows = [line for line in table.splitlines() if line.startswith("| ") and "Subject" not in line]
    assert len(subjects) == len(rows)


def _events(ics: bytes) -> dict[str, list[Any]]:
    """The events of a calendar by category (as Any: the test reads icalendar's values freely)."""
    found: dict[str, list[Any]] = {}
    events: list[Any] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    for event in events:
        kind = str(event["CATEGORIES"].cats[0])
        found.setdefault(kind, []).append(event)
    return found


def test_the_calendar_has_meetings_milestones_gates_expiries_and_hypercare() -> None:
    """The .ics parses back: meetings repeat by their cadence, every date of the engagement is in."""
    contract = example_contract()
    events = _events(engagement_calendar(contract, as_of=EXAMPLE_AS_OF))
    meetings = {str(e["UID"]).split(".")[2].split("@")[0]: e for e in events["meeting"]}
    for m in contract.meetings:
        rule = meetings[m.id]["RRULE"].to_ical().decode()
        assert icalendar.vRecur.from_ical(m.cadence) == icalendar.vRecur.from_ical(rule)
        assert m.next_occurrences(m.starts, count=1)[0] == meetings[m.id]["DTSTART"].dt
    assert {m.id: m.due for m in contract.milestones} == {
        str(e["SUMMARY"]).split()[1]: e["DTSTART"].dt for e in events["milestone"]
    }
    gates = {str(e["SUMMARY"]).split(": ")[1].split()[0]: e for e in events["gate"]}
    assert {"PH-1", "PH-2", "PH-3"} == set(gates)
    assert dt.date(2027, 5, 28) == gates["PH-2"]["DTSTART"].dt
    assert "Gate decided go_with_conditions: PH-1 Pilot: product pages" == gates["PH-1"]["SUMMARY"]
    assert {g.id: g.expires_on for g in contract.access_grants} == {
        str(e["SUMMARY"]).split()[2]: e["DTSTART"].dt for e in events["access"]
    }
    span = hypercare(contract)
    assert span is not None
    assert [span[1]] == [e["DTSTART"].dt for e in events["hypercare"]]
    uids = [str(e["UID"]) for kind in events.values() for e in kind]
    assert len(set(uids)) == len(uids)


@settings(max_examples=25)
@given(contracts())
def test_any_valid_contract_makes_a_calendar_that_parses_back(contract: Contract) -> None:
    """Every valid contract gives an .ics that icalendar reads, the same bytes every time.

    One event per dated thing; nothing reads the clock.
    """
    ics = engagement_calendar(contract)
    assert ics == engagement_calendar(contract)
    events = _events(ics)
    live = [m for m in contract.milestones if m.status.value != "cancelled"]
    assert len(live) == len(events.get("milestone", []))
    assert len(contract.phases) == len(events.get("gate", []))


def test_markup_and_line_breaks_in_titles_stay_text_in_the_calendar() -> None:
    """A title with line breaks and iCalendar syntax cannot end the calendar or add a line."""
    contract = attrs.evolve(_hostile(example_contract()), id=HOSTILE)
    events = _events(engagement_calendar(contract, as_of=EXAMPLE_AS_OF))
    total = sum(len(found) for found in events.values())
    assert total == sum(
        len(found)
        for found in _events(engagement_calendar(example_contract(), as_of=EXAMPLE_AS_OF)).values()
    )
    assert all("\n" not in str(e["SUMMARY"]) for found in events.values() for e in found)


ERROR_CODES = [
    "ID_UNIQUE",
    "REF_RESOLVES",
    "ONE_CLIENT",
    "OWNER_REQUIRED",
    "RESPONSIBLE_REQUIRED",
    "RACI_CONFLICT",
    "TERM_ORDER",
    "PHASES_SEQUENTIAL",
    "MILESTONE_IN_TERM",
    "SINGLE_CURRENCY",
    "PAYMENTS_WITHIN_VALUE",
    "KPI_COHERENT",
    "GATE_BEFORE_NEXT",
    "ACCESS_WITHIN_TERM",
    "ACCESS_BACK_OFFICE",
    "CHANGE_APPROVED",
    "CHANGE_WITHIN_POLICY",
    "AMENDMENTS_CONTIGUOUS",
]


@pytest.mark.parametrize("code", ERROR_CODES)
def test_invalid_contracts_still_draw(code: str) -> None:
    """The command reports on invalid documents too: the page, markdown and calendar still come.

    (Where the status report itself refuses a contract, the pictures have nothing to draw.)
    """

    @settings(max_examples=5, database=None)
    @given(violating(code), st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
    def draws(contract: Contract, as_of: dt.date) -> None:
        try:
            report = status_report(contract, as_of=as_of)
        except OutsourcingError:
            return
        page = status_page(contract, as_of=as_of, report=report)
        _svgs(page)  # well formed
        _check_self_contained(_parse(page), page)
        assert "```mermaid" in status_markdown(contract, as_of=as_of, report=report)
        _events(engagement_calendar(contract, as_of=as_of))

    draws()


def test_without_icalendar_the_calendar_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the optional dependency the error says which extra to install."""
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(MissingDependencyError, match=r"outsourcing\[calendar\]"):
        engagement_calendar(example_contract())


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_report_of_the_example_is_as_of_its_own_date(capsys: pytest.CaptureFixture[str]) -> None:
    """``outsourcing report`` shows the example's status on its stated day; --as-of overrides."""
    status, out, _ = _run(["report"], capsys)
    assert 0 == status
    assert f"as of {EXAMPLE_AS_OF}" in out
    assert "last complete met, 99.86 over 2027-02-01 to 2027-02-28" in out
    _, earlier, _ = _run(["report", "--as-of", "2026-11-22"], capsys)
    assert "as of 2026-11-22" in earlier


def test_report_html_and_markdown_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """``--format html`` prints the page, ``--format markdown`` the gantt and RACI table."""
    status, page, _ = _run(["report", "--format", "html"], capsys)
    assert 0 == status
    assert page == status_page(example_contract(), as_of=EXAMPLE_AS_OF)
    status, text, _ = _run(["report", "--format", "markdown"], capsys)
    assert "```mermaid\ngantt" in text


def test_calendar_from_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """``outsourcing calendar`` writes the example's .ics as bytes, CRLF lines intact."""
    written = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(written, encoding="utf-8"))
    assert 0 == main(["calendar"])
    assert engagement_calendar(example_contract(), as_of=EXAMPLE_AS_OF) == written.getvalue()


def test_the_example_history_is_valid_every_step_of_the_way() -> None:
    """The example's history is consistent: valid on every first of the month up to its day.

    (Later the build gate is still pending, so the launch phase could not start: that is the
    future the example has not lived yet.)
    """
    contract = example_contract()
    day = contract.term.start
    while day <= EXAMPLE_AS_OF:
        assert validate(contract, as_of=day).ok, day
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    assert validate(contract, as_of=EXAMPLE_AS_OF).ok
