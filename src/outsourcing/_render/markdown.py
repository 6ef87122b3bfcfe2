"""The status report as Markdown, with a Mermaid ``gantt`` chart and a RACI table."""

from __future__ import annotations

import datetime as dt
import re

from outsourcing._models.contract import Contract
from outsourcing._models.work import Raci
from outsourcing._operations.lifecycle import Timeliness
from outsourcing._operations.status import StatusReport, render_markdown, status_report
from outsourcing._render.timeline import milestone_marks, raci_matrix

_UNSAFE = re.compile(r"[:;#`<>\x00-\x1f\x7f-\x9f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _mermaid_text(text: str) -> str:
    """Text Mermaid's gantt grammar reads as a plain label (``:``, ``;`` and ``#`` end one)."""
    return " ".join(_UNSAFE.sub(" ", text).split()) or "-"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, HTML defused, on one line."""
    return (
        _CONTROL.sub(" ", text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


_TAGS = {
    Timeliness.MET_ON_TIME: "done, ",
    Timeliness.MET_LATE: "done, ",
    Timeliness.LATE: "crit, ",
    Timeliness.NOT_MET: "crit, ",
    Timeliness.DUE_SOON: "active, ",
}


def mermaid_gantt(contract: Contract, as_of: dt.date) -> str:
    """Return a Mermaid ``gantt`` chart of the phases and milestones, as of a date.

    Each phase is a section with a bar; each milestone a ``milestone`` task in its phase's
    section (``done`` when met, ``crit`` when late), its original date named when it was
    rebaselined.
    """
    marks = milestone_marks(contract, as_of)
    lines = [
        "gantt",
        f"    title {_mermaid_text(contract.title)} as of {as_of}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
    ]
    by_phase: dict[str | None, list[str]] = {}
    for m in marks:
        label = f"{m.milestone_id} {_mermaid_text(m.title)}"
        if m.original_due is not None:
            label += f" (was {m.original_due})"
        tag = _TAGS.get(m.timeliness, "")
        by_phase.setdefault(m.phase_id, []).append(
            f"    {label} :milestone, {tag}{_mermaid_id(m.milestone_id)}, {m.due}, 0d"
        )
    for phase in contract.phases_in_order():
        lines.append(f"    section {phase.id} {_mermaid_text(phase.name)}")
        days = (phase.end - phase.start).days + 1
        gate = phase.gate.decision.value.replace("_", " ")
        lines.append(
            f"    {phase.id} {_mermaid_text(phase.name)} (gate {gate}) :"
            f"{_mermaid_id(phase.id)}, {phase.start}, {max(days, 1)}d"
        )
        lines += by_phase.pop(phase.id, [])
    rest = [line for items in by_phase.values() for line in items]
    if rest:
        lines.append("    section Other milestones")
        lines += rest
    lines += ["    section Today", f"    as of {as_of} :milestone, t_as_of, {as_of}, 0d"]
    return "\n".join(lines)


def _mermaid_id(id_: str) -> str:
    return "t_" + re.sub(r"[^A-Za-z0-9_]", "_", id_)


def raci_table(contract: Contract) -> str:
    """Return the RACI matrix as a Markdown table; the accountable owner's cell is in bold."""
    matrix = raci_matrix(contract)
    if not contract.responsibilities:
        return "_(no responsibilities)_"
    head = "| Subject | " + " | ".join(_cell(name) for _, name in matrix.assignees) + " |"
    rule = "|---|" + "---|" * len(matrix.assignees)
    rows = []
    for sid, label in matrix.subjects:
        cells = []
        for aid, _ in matrix.assignees:
            roles = matrix.roles(sid, aid)
            letters = "".join(r.letter for r in roles)
            cells.append(f"**{letters}**" if Raci.ACCOUNTABLE in roles else letters)
        rows.append(f"| {_cell(sid)} {_cell(label)} | " + " | ".join(cells) + " |")
    return "\n".join([head, rule, *rows])


def status_markdown(
    contract: Contract, *, as_of: dt.date, report: StatusReport | None = None
) -> str:
    """Return the status report as Markdown, followed by a Mermaid timeline and the RACI table.

    >>> from outsourcing import example_contract
    >>> from outsourcing._example import EXAMPLE_AS_OF
    >>> text = status_markdown(example_contract(), as_of=EXAMPLE_AS_OF)
    >>> "```mermaid" in text, "| D-01 Pilot product page template |" in text
    (True, True)

    Args:
        contract: The contract.
        as_of: The day of the report.
        report: Its status report on that day, if already made (it is made otherwise).
    """
    if report is None:
        report = status_report(contract, as_of=as_of)
    return (
        render_markdown(report)
        + "\n## Timeline\n\n```mermaid\n"
        + mermaid_gantt(contract, as_of)
        + "\n```\n\n## Who does what (RACI)\n\n"
        + "R responsible, **A accountable** (the owner), C consulted, I informed.\n\n"
        + raci_table(contract)
        + "\n"
    )
