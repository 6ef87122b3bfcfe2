import datetime as dt
from decimal import Decimal

import attrs
from benchmarks.synthetic import synthetic_contract

from outsourcing import GateDecision, Measurement, example_contract
from outsourcing.kpi_results import KPIState
from outsourcing.lifecycle import Timeliness, replace_in, start_work, submit
from outsourcing.status import PhaseState, StatusReport, render_markdown, render_text, status_report

D = dt.date
EX = example_contract()


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
        "  K-availability: no_data, - over 2026-11-01 to 2026-11-30; worsening; credits 0.00 NOK\n"
        in text
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
