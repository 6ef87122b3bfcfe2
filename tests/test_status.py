import datetime as dt
from decimal import Decimal

import attrs
from benchmarks.synthetic import synthetic_contract

from outsourcing import GateDecision, Measurement, example_contract, json
from outsourcing._example import EXAMPLE_AS_OF, after_pilot_gate
from outsourcing.kpi_results import KPIState
from outsourcing.lifecycle import Timeliness, replace_in, start_work, submit
from outsourcing.status import PhaseState, StatusReport, render_markdown, render_text, status_report

D = dt.date
EX = after_pilot_gate()  # the build phase is played out here, step by step


def test_the_example_as_of_today() -> None:
    """On 2026-11-22 the pilot is finished and decided, nothing is late, and the example is valid."""
    report = status_report(EX, as_of=D(2026, 11, 22))
    assert [PhaseState.FINISHED, PhaseState.NOT_STARTED, PhaseState.NOT_STARTED] == [
        p.state for p in report.phases
    ]
    pilot = report.phases[0]
    assert (2, 2, 3, 3, GateDecision.GO_WITH_CONDITIONS) == (
        pilot.milestones_met,
        pilot.milestones,
        pilot.deliverables_accepted,
        pilot.deliverables,
        pilot.gate,
    )
    assert () == report.late_milestones
    assert () == report.open_gates
    assert ["MT-status", "MT-steering", "MT-review"] == [m.meeting_id for m in report.next_meetings]
    assert report.validation.ok
    assert [] == list(report.validation)
    assert not report.in_hypercare


def test_late_due_soon_pending_and_open_gates() -> None:
    """Three months on: M-03 due soon (rebaselined), D-04 awaiting acceptance, PH-2's gate open."""
    d4 = submit(start_work(EX.deliverable("D-04"), on=D(2026, 11, 23)), on=D(2027, 2, 15))
    report = status_report(replace_in(EX, d4), as_of=D(2027, 2, 22))
    assert [("M-03", Timeliness.DUE_SOON, True)] == [
        (m.milestone_id, m.timeliness, m.rebaselined) for m in report.due_soon
    ]
    assert [("D-04", D(2027, 2, 15))] == [
        (p.deliverable_id, p.submitted_on) for p in report.pending_acceptances
    ]
    assert [("PH-2", GateDecision.PENDING)] == [(g.phase_id, g.decision) for g in report.open_gates]
    later = status_report(replace_in(EX, d4), as_of=D(2027, 3, 1))
    assert ["M-03"] == [m.milestone_id for m in later.late_milestones]
    assert status_report(EX, as_of=D(2027, 7, 1)).in_hypercare


def test_kpis_and_credits_in_the_report() -> None:
    """A breached month shows in the KPI lines and in the credits netted in the payments."""
    k = EX.kpi("K-availability")
    breached = attrs.evolve(
        k, measurements=(*k.measurements, Measurement(on=D(2026, 11, 30), value=Decimal("99.2")))
    )
    report = status_report(replace_in(EX, breached), as_of=D(2026, 12, 1))
    availability = report.kpis[0]
    assert KPIState.BREACHED == availability.windows[2].state
    assert "5,000.00 NOK" == str(report.payments.credits)


def test_renderers_show_every_section() -> None:
    """Text and Markdown carry the headline and every section; empty sections say so."""
    report = status_report(EX, as_of=D(2026, 11, 22))
    text = render_text(report)
    markdown = render_markdown(report)
    assert text.startswith("NS-2026-014 Web shop rebuild (version 2) as of 2026-11-22\n")
    assert markdown.startswith("# NS-2026-014 Web shop rebuild (version 2) as of 2026-11-22\n")
    for title in (
        "Phases",
        "Late milestones",
        "Due soon",
        "Pending acceptance",
        "KPIs",
        "Payments",
        "Next meetings",
        "Open gates",
        "Validation",
    ):
        assert f"\n{title}:\n" in text
        assert f"\n## {title}\n" in markdown
    assert "Late milestones:\n  (none)\n" in text
    assert (
        "  K-availability: no_data, - over 2026-11-01 to 2026-11-30; last complete at_risk, 99.71 "
        "over 2026-10-01 to 2026-10-31; worsening; credits 0.00 NOK\n" in text
    )
    assert "- 2026-11-23 Weekly status (status)\n" in markdown
    assert "  valid: 0 errors, 0 warnings\n" in text


def test_the_report_is_frozen() -> None:
    """The report is an immutable value."""
    report = status_report(EX, as_of=D(2026, 11, 22))
    assert isinstance(report, StatusReport)
    assert attrs.has(type(report))
    try:
        report.as_of = D(2027, 1, 1)  # type: ignore[misc]
    except attrs.exceptions.FrozenInstanceError:
        pass
    else:
        raise AssertionError


def test_a_large_contract_reports() -> None:
    """Ten thousand deliverables summarise in one pass (time is the benchmark's business)."""
    contract = synthetic_contract(10_000)
    report = status_report(contract, as_of=D(2027, 6, 1))
    assert 10 == len(report.phases)
    assert 10_000 == sum(p.deliverables for p in report.phases)
    assert frozenset() == report.validation.codes  # every gate that matters was decided go


# -- risks, access and the last complete KPI window (the example's own history) ---------------


def test_the_example_as_of_its_day_lists_risks_access_and_last_complete_windows() -> None:
    """As of its day the example reports its risks, access to revoke and last complete windows.

    High risks, G-03 to revoke, G-04 expiring, each KPI's last complete window beside the
    current one; all of it survives JSON.
    """
    report = status_report(example_contract(), as_of=EXAMPLE_AS_OF)
    assert ["R-02", "R-01"] == [r.id for r in report.risks]
    assert [("G-03", ("expired",))] == [
        (r.grant.id, tuple(why.value for why in r.reasons)) for r in report.grants_to_revoke
    ]
    assert ["G-04"] == [g.id for g in report.grants_expiring]
    availability = report.kpis[0]
    assert KPIState.NO_DATA == availability.state
    assert availability.last_complete is not None
    assert (D(2027, 2, 1), KPIState.MET) == (
        availability.last_complete.window.start,
        availability.last_complete.state,
    )
    assert report == json.loads(json.dumps(report), StatusReport)
    assert () == status_report(example_contract(), as_of=EXAMPLE_AS_OF, risk_threshold=16).risks
    text = render_text(report)
    for line in (
        "Risks scoring 10 or more:",
        "  G-03 sara on Web analytics: expired",
        "  G-04 tomasz on Payment provider test console: expires 2027-03-12",
    ):
        assert line in text.splitlines()


def test_a_long_term_lists_the_months_around_the_date_and_sums_up_the_rest() -> None:
    """A term to 2100 has 892 invoice months: the report lists 24 and sums up the others."""
    from outsourcing import Money, Term  # noqa: PLC0415 - only this test needs them

    ex = example_contract()
    long = attrs.evolve(ex, term=Term(start=ex.term.start, end=dt.date(2100, 12, 31)))
    report = status_report(long, as_of=dt.date(2030, 5, 1))
    text = render_text(report)
    section = text.split("Invoices by month:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    months = [line.strip() for line in section[2:]]
    assert months[0].startswith("33 earlier months (2026-09 on): ")
    assert months[1].startswith("2029-06: ")
    assert months[12].startswith("2030-05: ")  # the month of the report's date...
    assert months[24].startswith("2031-05: ")  # ...and the twelve after it
    assert months[25].startswith("835 later months (to 2100-12): ")
    assert 26 == len(months)
    shown = [Money(m.split(": ", 1)[1].split(" NOK")[0].replace(",", ""), "NOK") for m in months]
    assert report.invoices.total == sum(shown, Money(0, "NOK"))
    assert len(report.invoices.periods) == 33 + 24 + 835  # the schedule keeps every month


def test_a_short_term_lists_every_month() -> None:
    """The example's twelve months are all listed, with no summary line."""
    text = render_text(status_report(example_contract(), as_of=EXAMPLE_AS_OF))
    section = text.split("Invoices by month:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"] == [
        line.strip()[:7] for line in section[2:9]
    ]
    assert not any("months (" in line for line in section)
