"""The status page: one self-contained HTML document with SVG pictures of the engagement.

No script, no external style sheet, font or image: the page opens from a file, in an e-mail, or
inside another web application, and prints. Every picture has a text alternative (a ``<title>``
and ``<desc>``, and a table of the same figures), and no fact is told by colour alone: shapes and
words carry it too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from html import escape

from outsourcing._models.contract import Contract
from outsourcing._models.kpis import KPI
from outsourcing._models.risks import RiskStatus, heat_map
from outsourcing._models.work import Raci
from outsourcing._operations.kpi_results import KPIEvaluation, KPIState
from outsourcing._operations.lifecycle import Timeliness, hypercare
from outsourcing._operations.payments import PaymentState
from outsourcing._operations.status import StatusReport, status_report
from outsourcing._render.timeline import MilestoneMark, milestone_marks, raci_matrix
from outsourcing.exceptions import NotFoundError

_WIDTH = 960
_LEFT = 20
_RIGHT = 20
_LANE = 64

_STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem;
  color: #1b1b1b; background: #fff; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
svg { max-width: 100%; height: auto; display: block; }
svg text { font-family: inherit; font-size: 12px; fill: #1b1b1b; }
.phase rect { fill: #dfe9f5; stroke: #3b6ea5; }
.phase.pilot rect { fill: #e9f3e1; stroke: #4a7f2c; }
.phase.transition rect { fill: #f5ecdf; stroke: #9a6a22; }
.gate path { fill: #fff; stroke: #1b1b1b; }
.milestone path { stroke: #1b1b1b; stroke-width: 1.5; }
.milestone.met_on_time path, .milestone.met_late path { fill: #2e7d32; }
.milestone.late path, .milestone.not_met path { fill: #c62828; }
.milestone.due_soon path { fill: #f9a825; }
.milestone.upcoming path, .milestone.cancelled path { fill: #fff; }
.was { stroke: #555; stroke-dasharray: 3 3; fill: none; }
.as-of line { stroke: #6a1b9a; stroke-width: 2; }
.target { stroke: #c62828; stroke-width: 1.5; }
.warning { stroke: #f9a825; stroke-width: 1.5; stroke-dasharray: 6 4; }
.series { fill: none; stroke: #3b6ea5; stroke-width: 2; }
.axis { stroke: #888; }
.point.met { fill: #2e7d32; } .point.at_risk { fill: #f9a825; }
.point.breached { fill: #c62828; } .point.no_data { fill: #fff; stroke: #888; }
td.raci-a { font-weight: bold; background: #fde9c8; }
td.level-high { background: #f4c7c3; } td.level-medium { background: #fce8b2; }
td.level-low { background: #d9ead3; }
.muted { color: #555; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr));
  gap: 0 1.5rem; }
.grid h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
.grid ul, .grid p { margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.charts h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
.charts p { margin: 0; max-width: 460px; }
.legend { font-size: .9rem; color: #333; }
@media print {
  body { margin: 0; }
  h2 { break-after: avoid; }
  section { break-inside: avoid; }
}
"""


# Characters XML 1.0 (so inline SVG) and HTML text may not hold: shown as U+FFFD instead.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


_LEGEND = (
    '<p class="legend">Milestones: &#9670; met, &#9632; late, &#9650; due soon, &#9675; upcoming, '
    "&#10005; not met or cancelled; a dashed line runs from a rebaselined milestone's original "
    "date (&#10005;, &#8220;was&#8221;) to its due date, and from the due date to the day it was "
    "met. Hover a mark for its details. The vertical line is the day of the report.</p>"
)


def _e(value: object) -> str:
    """Text made safe for HTML and SVG: markup escaped, forbidden characters replaced."""
    return escape(_FORBIDDEN.sub("\ufffd", str(value)), quote=True)


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text[: text.index(".") + 3].rstrip("0").rstrip(".")
    return text


class _Scale:
    """Days to x coordinates."""

    def __init__(self, first: dt.date, last: dt.date, width: int = _WIDTH) -> None:
        self.first = first
        self.days = max((last - first).days, 1)
        self.span = width - _LEFT - _RIGHT

    def x(self, day: dt.date) -> float:
        return round(_LEFT + self.span * (day - self.first).days / self.days, 1)


def _span(
    contract: Contract, as_of: dt.date, marks: Iterable[MilestoneMark]
) -> tuple[dt.date, ...]:
    days = [contract.term.start, as_of]
    if contract.term.end is not None:  # an open-ended term: drawn up to the last mark
        days.append(contract.term.end)
    for p in contract.phases:
        days += [p.start, p.end]
    for m in marks:
        days.append(m.due)
        days += [d for d in (m.original_due, m.date_met) if d is not None]
    return min(days), max(days)


_SHAPES = {
    # Shapes tell the state without colour: diamond met, square late, triangle due soon,
    # circle upcoming, cross not met or cancelled.
    Timeliness.MET_ON_TIME: "M{x},{y0} l7,7 l-7,7 l-7,-7 z",
    Timeliness.MET_LATE: "M{x},{y0} l7,7 l-7,7 l-7,-7 z",
    Timeliness.LATE: "M{xl},{y0} h14 v14 h-14 z",
    Timeliness.DUE_SOON: "M{x},{y0} l8,14 h-16 z",
    Timeliness.UPCOMING: "M{xl},{ym} a7,7 0 1,0 14,0 a7,7 0 1,0 -14,0",
    Timeliness.NOT_MET: "M{xl},{y0} l14,14 m0,-14 l-14,14",
    Timeliness.CANCELLED: "M{xl},{y0} l14,14 m0,-14 l-14,14",
}

_WORDS = {
    Timeliness.MET_ON_TIME: "met on time",
    Timeliness.MET_LATE: "met late",
    Timeliness.LATE: "late",
    Timeliness.DUE_SOON: "due soon",
    Timeliness.UPCOMING: "upcoming",
    Timeliness.NOT_MET: "not met",
    Timeliness.CANCELLED: "cancelled",
}


def _milestone_words(m: MilestoneMark) -> str:
    words = f"{m.milestone_id} {m.title}: {_WORDS[m.timeliness]}, due {m.due}"
    if m.date_met is not None:
        words += f", met {m.date_met}"
    if m.original_due is not None:
        words += f", rebaselined (originally due {m.original_due})"
    return words


def timeline_svg(contract: Contract, report: StatusReport) -> str:
    """Return the SVG timeline: phases as bands with their gates, milestones, the as-of line."""
    marks = milestone_marks(contract, report.as_of)
    first, last = _span(contract, report.as_of, marks)
    scale = _Scale(first, last)
    phases = list(report.phases)
    lane_of = {p.phase_id: i for i, p in enumerate(phases)}
    lanes = len(phases) + (1 if any(m.phase_id not in lane_of for m in marks) else 0)
    height = 40 + max(lanes, 1) * _LANE + 30
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
            f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
            f'aria-labelledby="timeline-title timeline-desc">'
        ),
        '<title id="timeline-title">Timeline of phases and milestones</title>',
        (
            f'<desc id="timeline-desc">{len(phases)} phases and {len(marks)} milestones from '
            f"{first} to {last}; the vertical line marks {report.as_of}.</desc>"
        ),
    ]
    # Month ticks along the top.
    tick = first.replace(day=1)
    while tick <= last:
        if tick >= first:
            x = scale.x(tick)
            parts.append(
                f'<line class="axis" x1="{x}" y1="18" x2="{x}" y2="{height - 20}" '
                f'stroke-opacity="0.25"/><text x="{x + 2}" y="14">{tick:%b %Y}</text>'
            )
        tick = (tick.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    for i, p in enumerate(phases):
        y = 30 + i * _LANE
        x0, x1 = scale.x(p.start), scale.x(p.end)
        label = (
            f"{p.phase_id} {p.name} ({p.kind.value}), {p.start} to {p.end}, "
            f"{p.state.value.replace('_', ' ')}; gate {p.gate.value.replace('_', ' ')}"
        )
        parts.append(
            f'<g class="phase {_e(p.kind.value)}" data-phase="{_e(p.phase_id)}">'
            f"<title>{_e(label)}</title>"
            f'<rect x="{x0}" y="{y}" width="{max(x1 - x0, 2)}" height="22" rx="3"/>'
            f'<text x="{x0 + 4}" y="{y + 15}">{_e(p.phase_id)} {_e(p.name)}</text>'
            f'<g class="gate" data-gate="{_e(p.gate.value)}">'
            f"<title>{_e(f'Gate of {p.phase_id}: {p.gate.value}')}</title>"
            f'<path d="M{x1},{y - 4} l6,6 l-6,6 l-6,-6 z"/></g>'
            f'<text x="{x1 - 4}" y="{y - 6}" text-anchor="end" class="muted">'
            f"gate: {_e(p.gate.value.replace('_', ' '))}</text></g>"
        )
    for m in marks:
        lane = lane_of.get(m.phase_id or "", len(phases))
        y0 = 30 + lane * _LANE + 26
        x = scale.x(m.due)
        shape = _SHAPES[m.timeliness].format(x=x, xl=x - 7, y0=y0, ym=y0 + 7)
        extra = ""
        if m.original_due is not None:
            xo = scale.x(m.original_due)
            extra += (
                f'<path class="was" d="M{xo},{y0 + 7} L{x},{y0 + 7}"/>'
                f'<path class="was" d="M{xo - 5},{y0 + 2} l10,10 m0,-10 l-10,10"/>'
                f'<text x="{xo}" y="{y0 + 34}" text-anchor="middle" class="muted">'
                f"was {m.original_due:%d %b}</text>"
            )
        if m.date_met is not None and m.date_met != m.due:
            xm = scale.x(m.date_met)
            extra += f'<path class="was" d="M{x},{y0 + 14} L{xm},{y0 + 14}"/>'
        parts.append(
            f'<g class="milestone {m.timeliness.value}" data-milestone="{_e(m.milestone_id)}" '
            f'data-state="{m.timeliness.value}"><title>{_e(_milestone_words(m))}</title>'
            f'{extra}<path d="{shape}"/>'
            f'<text x="{x}" y="{y0 + 25}" text-anchor="middle">{_e(m.milestone_id)}</text></g>'
        )
    xa = scale.x(report.as_of)
    parts.append(
        f'<g class="as-of"><title>As of {report.as_of}</title>'
        f'<line x1="{xa}" y1="18" x2="{xa}" y2="{height - 14}"/>'
        f'<text x="{xa + 3}" y="{height - 4}">as of {report.as_of}</text></g>'
    )
    parts.append("</svg>")
    return "".join(parts)


_POINT = {
    # Shapes again: circle met, triangle at risk, square breached, hollow circle no data.
    KPIState.MET: '<circle class="point met" cx="{x}" cy="{y}" r="5"/>',
    KPIState.AT_RISK: '<path class="point at_risk" d="M{x},{y6} l6,11 h-12 z"/>',
    KPIState.BREACHED: '<rect class="point breached" x="{x5}" y="{y5}" width="10" height="10"/>',
    KPIState.NO_DATA: '<circle class="point no_data" cx="{x}" cy="{y}" r="4"/>',
}


def kpi_svg(kpi: KPI, evaluation: KPIEvaluation) -> str:
    """Return one KPI's trend chart: its value per window, the target and warning lines."""
    width, height, top, bottom, left = 460, 180, 20, 40, 56
    results = evaluation.windows[-12:]
    values = [r.value for r in results if r.value is not None]
    bounds = [*values, kpi.target] + ([kpi.warning] if kpi.warning is not None else [])
    low, high = min(bounds), max(bounds)
    pad = (high - low) * Decimal("0.15") or abs(high) * Decimal("0.01") or Decimal(1)
    low, high = low - pad, high + pad

    def y(value: Decimal) -> float:
        return round(top + float((high - value) / (high - low)) * (height - top - bottom), 1)

    step = (width - left - 10) / max(len(results), 1)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi" role="img" '
            f'data-kpi="{_e(kpi.id)}" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" aria-labelledby="kpi-{_e(kpi.id)}-title">'
        ),
        f'<title id="kpi-{_e(kpi.id)}-title">{_e(kpi.name)} ({_e(kpi.unit)}) per window; '
        f"target {_number(kpi.target)}"
        + (f", warning {_number(kpi.warning)}" if kpi.warning is not None else "")
        + "</title>",
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}"/>',
        (
            f'<line class="target" x1="{left}" y1="{y(kpi.target)}" x2="{width - 10}" '
            f'y2="{y(kpi.target)}"/><text x="{left - 4}" y="{y(kpi.target) + 4}" '
            f'text-anchor="end">{_number(kpi.target)}</text>'
            f'<text x="{width - 12}" y="{y(kpi.target) - 3}" text-anchor="end">target</text>'
        ),
    ]
    if kpi.warning is not None:
        parts.append(
            f'<line class="warning" x1="{left}" y1="{y(kpi.warning)}" x2="{width - 10}" '
            f'y2="{y(kpi.warning)}"/><text x="{left - 4}" y="{y(kpi.warning) + 4}" '
            f'text-anchor="end">{_number(kpi.warning)}</text>'
            f'<text x="{width - 12}" y="{y(kpi.warning) - 3}" text-anchor="end">warning</text>'
        )
    points = []
    for i, r in enumerate(results):
        x = round(left + step * (i + 0.5), 1)
        value = r.value if r.value is not None else low
        yy = y(value)
        if r.value is not None:
            points.append(f"{x},{yy}")
        words = (
            f"{r.window.start} to {r.window.end}: {r.state.value.replace('_', ' ')}"
            + ("" if r.value is None else f", {_number(r.value)} {kpi.unit}")
            + ("" if r.window.complete else " (window not over)")
            + ("" if not r.credit or not r.credit.amount else f", credit {r.credit}")
        )
        mark = _POINT[r.state].format(x=x, y=yy, y6=yy - 6, x5=x - 5, y5=yy - 5)
        credit = ""
        if r.credit is not None and r.credit.amount:
            credit = (
                f'<text x="{x}" y="{top - 6}" text-anchor="middle">credit {_e(r.credit)}</text>'
            )
        parts.append(
            f'<g class="window" data-state="{r.state.value}"><title>{_e(words)}</title>{mark}'
            f'{credit}<text x="{x}" y="{height - bottom + 14}" text-anchor="middle">'
            f"{r.window.start:%b %y}</text></g>"
        )
    if len(points) > 1:
        parts.insert(4, f'<polyline class="series" points="{" ".join(points)}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _table(head: Iterable[str], rows: Iterable[Iterable[str]], *, caption: str = "") -> str:
    """A table whose cells are already HTML; heads are escaped here."""
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    th = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f"<table>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _td(value: object, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{_e(value)}</td>"


def _kpis(contract: Contract, report: StatusReport) -> str:
    by_id = {k.id: k for k in contract.kpis}
    parts = []
    for evaluation in report.kpis:
        kpi = by_id[evaluation.kpi_id]
        current, last = evaluation.current, evaluation.last_complete
        rows = [
            [
                _td(f"{r.window.start} to {r.window.end}" + ("" if r.window.complete else " *")),
                _td("-" if r.value is None else _number(r.value), "num"),
                _td(r.state.value.replace("_", " ")),
                _td("-" if r.credit is None else r.credit, "num"),
            ]
            for r in evaluation.windows[-12:]
        ]
        headline = f"now {evaluation.state.value.replace('_', ' ')}"
        if last is not None and last is not current:
            headline += f"; last complete window {last.state.value.replace('_', ' ')}"
        headline += f"; trend {evaluation.trend.value}"
        if evaluation.credits is not None:
            headline += f"; credits {evaluation.credits}"
        parts.append(
            f'<section class="kpi-block" data-kpi="{_e(kpi.id)}"><h3>{_e(kpi.id)} '
            f"{_e(kpi.name)}</h3><p>{_e(headline)}</p>{kpi_svg(kpi, evaluation)}"
            "<details><summary>Figures</summary>"
            + _table(("Window (* not over)", f"Value ({kpi.unit})", "State", "Credit"), rows)
            + "</details></section>"
        )
    return f'<div class="charts">{"".join(parts)}</div>' if parts else "<p>No KPIs.</p>"


def _raci(contract: Contract) -> str:
    matrix = raci_matrix(contract)
    if not matrix.subjects or not contract.responsibilities:
        return "<p>No responsibilities.</p>"
    head = "".join(f'<th scope="col">{_e(name)}</th>' for _, name in matrix.assignees)
    rows = []
    for sid, label in matrix.subjects:
        cells = []
        for aid, _ in matrix.assignees:
            roles = matrix.roles(sid, aid)
            letters = "".join(r.letter for r in roles)
            words = ", ".join(r.value for r in roles)
            accountable = Raci.ACCOUNTABLE in roles
            cls = ' class="raci-a"' if accountable else ""
            shown = f"<strong>{_e(letters)}</strong>" if accountable else _e(letters)
            title = f' title="{_e(words)}"' if words else ""
            cells.append(
                f'<td{cls} data-subject="{_e(sid)}" data-assignee="{_e(aid)}"{title}>{shown}</td>'
            )
        rows.append(f'<tr><th scope="row">{_e(sid)} {_e(label)}</th>{"".join(cells)}</tr>')
    return (
        '<table class="raci"><caption>R responsible, <strong>A accountable (the owner)'
        "</strong>, C consulted, I informed</caption>"
        f'<thead><tr><th scope="col">Subject</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _payments(report: StatusReport) -> str:
    pay = report.payments
    totals = _table(
        ("Total", "Paid", "Payable", "Remaining", "Service credits", "Net payable"),
        [
            [
                _td(pay.total, "num"),
                _td(pay.paid, "num"),
                _td(pay.payable, "num"),
                _td(pay.remaining, "num"),
                _td(pay.credits, "num"),
                _td(pay.net_payable, "num"),
            ]
        ],
    )
    by_period: dict[str, dict[PaymentState, Decimal]] = {}
    for line in pay.lines:
        day = line.paid_on or line.due
        period = f"{day.year} Q{(day.month - 1) // 3 + 1}"
        cell = by_period.setdefault(period, {})
        cell[line.state] = cell.get(line.state, Decimal(0)) + line.amount.amount
    currency = pay.total.currency
    periods = _table(
        ("Quarter", f"Paid ({currency})", "Payable", "Scheduled", "Cancelled"),
        [
            [_td(period)]
            + [
                _td(_money(cell.get(s)), "num")
                for s in (
                    PaymentState.PAID,
                    PaymentState.PAYABLE,
                    PaymentState.SCHEDULED,
                    PaymentState.CANCELLED,
                )
            ]
            for period, cell in sorted(by_period.items())
        ],
        caption="By quarter (paid on the day paid, the rest on the due date)",
    )
    lines = _table(
        ("Milestone", "Amount", "State", "Due", "Paid on"),
        [
            [
                _td(f"{line.milestone_id} {line.title}"),
                _td(line.amount, "num"),
                _td(line.state.value),
                _td(line.due),
                _td(line.paid_on or "-"),
            ]
            for line in pay.lines
        ],
    )
    return totals + periods + lines


def _money(amount: Decimal | None) -> str:
    return "-" if amount is None else f"{amount:,.2f}".removesuffix(".00")


def _risks(contract: Contract, report: StatusReport) -> str:
    grid = heat_map(contract.risks)
    rows = []
    for likelihood in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            score = likelihood * impact
            level = "high" if score >= 15 else "medium" if score >= 5 else "low"
            ids = grid[likelihood, impact]
            cells.append(
                f'<td class="level-{level}" data-likelihood="{likelihood}" '
                f'data-impact="{impact}" title="{level} ({score})">'
                f"{_e(' '.join(ids)) or '&#183;'}</td>"
            )
        rows.append(f'<tr><th scope="row">{likelihood}</th>{"".join(cells)}</tr>')
    head = "".join(f'<th scope="col">{i}</th>' for i in range(1, 6))
    heat = (
        '<table class="heat-map"><caption>Risks by likelihood (rows, 5 almost certain) and '
        "impact (columns, 5 severe); cell shading low, medium, high; closed risks left out"
        f'</caption><thead><tr><th scope="col">L \\ I</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    listed = _table(
        ("Risk", "Category", "Score", "Level", "Status", "Owner", "Description"),
        [
            [
                _td(r.id),
                _td(r.category.value),
                _td(f"{r.likelihood} x {r.impact} = {r.score}", "num"),
                _td("not rated" if r.level is None else r.level.value),
                _td(r.status.value),
                _td(r.owner_id or "-"),
                _td(r.description),
            ]
            for r in report.risks
        ],
        caption=f"Open risks scoring {report.risk_threshold} or more",
    )
    closed = sum(1 for r in contract.risks if r.status is RiskStatus.CLOSED)
    note = f"<p class='muted'>{closed} closed risks not shown.</p>" if closed else ""
    return heat + listed + note


def _access(report: StatusReport) -> str:
    revoke = _table(
        ("Grant", "Who", "System", "Level", "Expires", "Why revoke"),
        [
            [
                _td(r.grant.id),
                _td(r.grant.grantee_id),
                _td(r.grant.system),
                _td(r.grant.level.value),
                _td(r.grant.expires_on or "-"),
                _td(", ".join(why.value.replace("_", " ") for why in r.reasons)),
            ]
            for r in report.grants_to_revoke
        ],
        caption="Access grants to revoke now",
    )
    if not report.grants_to_revoke:
        revoke = "<p>No access grant to revoke.</p>"
    soon = _table(
        ("Grant", "Who", "System", "Expires"),
        [
            [_td(g.id), _td(g.grantee_id), _td(g.system), _td(g.expires_on)]
            for g in report.grants_expiring
        ],
        caption="Expiring soon",
    )
    return revoke + (soon if report.grants_expiring else "")


def _items(lines: Iterable[str]) -> str:
    body = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return f"<ul>{body}</ul>" if body else "<p>None.</p>"


def _attention(contract: Contract, report: StatusReport) -> str:
    try:
        span = hypercare(contract)
    except NotFoundError:  # the go-live milestone is missing: rule REF_RESOLVES says so
        span = None
    parts = [
        "<div><h3>Late milestones</h3>",
        _items(f"{m.milestone_id} {m.title}: due {m.due}" for m in report.late_milestones),
        "</div><div><h3>Due soon</h3>",
        _items(f"{m.milestone_id} {m.title}: due {m.due}" for m in report.due_soon),
        "</div><div><h3>Waiting for acceptance</h3>",
        _items(
            f"{d.deliverable_id} {d.title}"
            + (f": submitted {d.submitted_on}" if d.submitted_on else "")
            for d in report.pending_acceptances
        ),
        "</div><div><h3>Open gates</h3>",
        _items(
            f"{g.phase_id} {g.name}: {g.decision.value}, due by {g.phase_end}"
            for g in report.open_gates
        ),
        "</div><div><h3>Next meetings</h3>",
        _items(f"{m.on} {m.name} ({m.kind.value})" for m in report.next_meetings),
        "</div>",
    ]
    if span is not None:
        parts.append(f"<div><h3>Hypercare</h3><p>{span[0]} to {span[1]}</p></div>")
    return '<div class="grid">' + "".join(parts) + "</div>"


def status_page(contract: Contract, *, as_of: dt.date, report: StatusReport | None = None) -> str:
    """Return the engagement's status page as of ``as_of``: one self-contained HTML document.

    It holds an SVG timeline (phases with their gates, milestones with their original dates, the
    as-of line), a trend chart per KPI, the RACI matrix, payments by state and quarter, the risk
    heat map and the access grants to revoke. Nothing is loaded from anywhere else: no script,
    style sheet, font or image.

    >>> from outsourcing import example_contract
    >>> from outsourcing._example import EXAMPLE_AS_OF
    >>> page = status_page(example_contract(), as_of=EXAMPLE_AS_OF)
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page
    (True, False)

    Args:
        contract: The contract.
        as_of: The day of the report.
        report: Its status report on that day, if already made (it is made otherwise).
    """
    if report is None:
        report = status_report(contract, as_of=as_of)
    verdict = "valid" if report.validation.ok else "INVALID"
    title = f"{report.contract_id} {report.title}: status as of {report.as_of}"
    problems = _items(str(v) for v in report.validation)
    sections = [
        ("timeline", "Timeline", timeline_svg(contract, report) + _LEGEND),
        ("attention", "Needs attention", _attention(contract, report)),
        ("kpis", "KPIs", _kpis(contract, report)),
        ("raci", "Who does what (RACI)", _raci(contract)),
        ("payments", "Payments", _payments(report)),
        ("risks", "Risks", _risks(contract, report)),
        ("access", "Access", _access(report)),
        (
            "validation",
            "Validation",
            (
                f"<p>{verdict}: {len(report.validation.errors)} errors, "
                f"{len(report.validation.warnings)} warnings</p>{problems}"
            ),
        ),
    ]
    body = "".join(
        f'<section id="{key}" aria-labelledby="{key}-h"><h2 id="{key}-h">{_e(heading)}</h2>'
        f"{content}</section>"
        for key, heading, content in sections
    )
    hyper = "; in hypercare" if report.in_hypercare else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>"
        f"<header><h1>{_e(report.contract_id)} {_e(report.title)}</h1>"
        f'<p>Version {report.version}; status as of <time datetime="{report.as_of}">'
        f"{report.as_of}</time>{hyper}; {verdict}.</p></header>"
        f"<main>{body}</main></body></html>\n"
    )
