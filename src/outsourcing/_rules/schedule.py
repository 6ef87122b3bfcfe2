"""Rules of time: term and phases in order, milestones inside them, work scheduled, gates passed."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from outsourcing._base.violations import Severity
from outsourcing._models.contract import Contract
from outsourcing._models.schedule import Gate, MilestoneKind
from outsourcing._rules.index import index_of
from outsourcing._rules.machinery import Finding, rule

__all__ = [
    "deliverable_scheduled",
    "gate_before_next",
    "milestone_in_term",
    "phases_sequential",
    "term_order",
]

_WARNING = Severity.WARNING


@rule("TERM_ORDER", description="The contract's term and every phase start no later than they end.")
def term_order(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    if term.end is not None and term.start > term.end:
        yield Finding(
            "$.term", f"the term starts on {term.start} after it ends on {term.end}; swap the dates"
        )
    for i, phase in enumerate(contract.phases):
        if phase.start > phase.end:
            yield Finding(
                f"$.phases[{i}]",
                f"phase {phase.id!r} starts on {phase.start} after it ends on {phase.end}; "
                "swap the dates",
            )


@rule(
    "PHASES_SEQUENTIAL",
    description="Phases lie inside the term and do not overlap.",
)
def phases_sequential(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    ordered = sorted((p.start, p.end, i) for i, p in enumerate(contract.phases) if p.start <= p.end)
    if term.start <= term.last_day:
        for start, end, i in sorted(ordered, key=lambda t: t[2]):
            if start < term.start or end > term.last_day:
                yield Finding(
                    f"$.phases[{i}]",
                    f"phase {contract.phases[i].id!r} runs {start} to {end}, outside the term "
                    f"{term.start} to {term.end}; move it inside or extend the term",
                )
    latest: tuple[dt.date, int] | None = None
    for start, end, i in ordered:
        if latest is not None and start <= latest[0]:
            other = latest[1]
            yield Finding(
                f"$.phases[{i}].start",
                f"phase {contract.phases[i].id!r} starts on {start}, before phase "
                f"{contract.phases[other].id!r} ($.phases[{other}]) ends on {latest[0]}; "
                "phases follow one another: start it after the other ends",
            )
        if latest is None or end > latest[0]:
            latest = (end, i)


@rule(
    "MILESTONE_IN_TERM",
    description="Each milestone is due inside the term and inside its phase; a payment milestone "
    "may fall due after they end (payment follows the work), never before they start.",
)
def milestone_in_term(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    term = contract.term
    phases = index_of(contract).phases
    for i, m in enumerate(contract.milestones):
        # A payment falls due after the work it pays for: at or after the end of the term is
        # normal (net 30 on the last invoice), so only its start bounds it.
        late_ok = m.kind is MilestoneKind.PAYMENT
        last = term.last_day
        if term.start <= last and not _within(m.due, term.start, last, open_ended=late_ok):
            yield Finding(
                f"$.milestones[{i}].due",
                f"milestone {m.id!r} is due on {m.due}, outside the term {term.start} to "
                f"{term.end}; move it inside or extend the term",
            )
            continue
        phase = phases.get(m.phase_id) if m.phase_id is not None else None
        if (
            phase is not None
            and phase.start <= phase.end
            and not _within(m.due, phase.start, phase.end, open_ended=late_ok)
        ):
            yield Finding(
                f"$.milestones[{i}].due",
                f"milestone {m.id!r} is due on {m.due}, outside its phase {phase.id!r} "
                f"({phase.start} to {phase.end}); move it or attach it to another phase",
            )


def _within(day: dt.date, start: dt.date, end: dt.date, *, open_ended: bool) -> bool:
    """Whether ``day`` lies from ``start`` to ``end`` (or anywhere after ``start``: open-ended)."""
    return start <= day and (open_ended or day <= end)


@rule(
    "DELIVERABLE_SCHEDULED",
    severity=_WARNING,
    description="Each deliverable is due at some (not cancelled) milestone.",
)
def deliverable_scheduled(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    index = index_of(contract)
    scheduled = index.scheduled
    if scheduled is index.listed and index.has_every_deliverable(scheduled, index.dangling):
        return
    if index.deliverables.keys() <= scheduled:
        return
    for i, d in enumerate(contract.deliverables):
        if d.id not in scheduled:
            yield Finding(
                f"$.deliverables[{i}]",
                f"deliverable {d.id!r} is due at no milestone; list it in a milestone's "
                "deliverable_ids",
            )


@rule(
    "GATE_BEFORE_NEXT",
    description="No phase has started (as of a date) unless the previous phase's gate decided go "
    "(or go with conditions) by the day it started.",
    needs_as_of=True,
)
def gate_before_next(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    if as_of is None:
        return
    # Phases grouped by their dates: the phases before a phase are the group with the latest
    # dates before its own (several only where PHASES_SEQUENTIAL already reports an overlap), so
    # the verdict does not depend on the order the phases are listed in.
    groups: dict[tuple[dt.date, dt.date], list[int]] = {}
    for i, p in enumerate(contract.phases):
        groups.setdefault((p.start, p.end), []).append(i)
    for before, (start, end) in itertools.pairwise(sorted(groups)):
        if start > as_of:
            break
        blocking = [
            contract.phases[b]
            for b in groups[before]
            if not _lets_start(contract.phases[b].gate, start)
        ]
        if not blocking:
            continue
        states = "; ".join(
            f"the gate of phase {p.id!r} was {_state(p.gate, as_of)}" for p in blocking
        )
        for i in groups[(start, end)]:
            yield Finding(
                f"$.phases[{i}].start",
                f"phase {contract.phases[i].id!r} started on {start}, but {states} before it; "
                "decide 'go' at that gate before the next phase starts",
            )


def _lets_start(gate: Gate, start: dt.date) -> bool:
    """Whether a gate had decided go (or go with conditions) by the day the next phase started."""
    return (
        gate.decision.lets_next_start and gate.decided_on is not None and gate.decided_on <= start
    )


def _state(gate: Gate, as_of: dt.date) -> str:
    if gate.decided_on is not None and gate.decided_on <= as_of:
        return f"decided {gate.decision.value!r} on {gate.decided_on}"
    return "not decided"
