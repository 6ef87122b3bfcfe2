"""The caller's decimal context: no public operation reads it, and none leaves it changed.

A program may set ``decimal.getcontext().prec = 6`` (or round down, or trap inexact results) for
its own reasons. Every sum, verdict and schedule the library gives must be the same as under the
default context, and the program's context must be as it was when the call returns. Each public
operation that touches money is run under hostile contexts and compared with a run under the
default one; a new operation belongs in ``_OPERATIONS``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from outsourcing import EXAMPLE_AS_OF, Contract, example_contract, validate, validate_portfolio
from outsourcing.changes import approval_needed, cumulative_impact, diff
from outsourcing.kpi_results import evaluate_kpi, period_credits, service_credits
from outsourcing.payments import invoice_schedule, payment_schedule
from outsourcing.status import render_text, status_report
from outsourcing.strategies import contracts
from test_billing import bpo  # the BPO engagement of the money tests

_HOSTILE = (
    decimal.Context(prec=6),
    decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR),
    decimal.Context(prec=28, rounding=decimal.ROUND_DOWN, traps=[decimal.Inexact]),
    decimal.Context(prec=9, Emax=9, Emin=-9),
)


def _first_change(contract: Contract) -> object:
    return [
        (approval_needed(contract, c), cumulative_impact(contract, c))
        for c in contract.change_requests
    ]


_OPERATIONS: dict[str, Callable[[Contract, dt.date], object]] = {
    "validate": lambda c, on: validate(c, as_of=on),
    "validate_portfolio": lambda c, on: validate_portfolio([c, c], as_of=on),
    "invoice_schedule": invoice_schedule,
    "payment_schedule": payment_schedule,
    "period_credits": period_credits,
    "service_credits": service_credits,
    "evaluate_kpi": lambda c, on: [
        evaluate_kpi(k, c.term, on, charges=c.recurring_charges, rounding=c.rounding)
        for k in c.kpis
    ],
    "status_report": lambda c, on: render_text(status_report(c, as_of=on)),
    "changes": lambda c, _on: _first_change(c),
    "diff": lambda c, _on: diff(example_contract(history=False), c),
}


def _outcome(operation: Callable[[Contract, dt.date], object], c: Contract, on: dt.date) -> Any:
    try:
        return ("returned", operation(c, on))
    except Exception as exc:  # noqa: BLE001 - an error is an outcome to compare too
        return ("raised", type(exc), str(exc))


@pytest.mark.parametrize("hostile", _HOSTILE, ids=lambda c: f"prec{c.prec}-{c.rounding}")
@pytest.mark.parametrize("name", sorted(_OPERATIONS))
@pytest.mark.parametrize("which", ["example", "bpo"])
def test_no_operation_reads_or_changes_the_callers_decimal_context(
    which: str, name: str, hostile: decimal.Context
) -> None:
    """Same result under any context as under the default; the caller's context unchanged."""
    contract = example_contract() if which == "example" else bpo()
    on = EXAMPLE_AS_OF if which == "example" else contract.term.last_day
    operation = _OPERATIONS[name]
    expected = _outcome(operation, contract, on)
    with decimal.localcontext(hostile) as theirs:
        before = (theirs.prec, theirs.rounding, theirs.Emax, theirs.Emin, dict(theirs.traps))
        assert expected == _outcome(operation, contract, on)
        after = (theirs.prec, theirs.rounding, theirs.Emax, theirs.Emin, dict(theirs.traps))
        assert before == after
        assert theirs is decimal.getcontext()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(contract=contracts())
def test_drawn_contracts_get_the_same_verdicts_and_schedules_under_six_digits(
    contract: Contract,
) -> None:
    """For any valid contract: validation and the invoice schedule ignore the caller's context."""
    on = contract.term.last_day
    expected = (validate(contract, as_of=on), invoice_schedule(contract, on))
    with decimal.localcontext(prec=6, rounding=decimal.ROUND_FLOOR):
        assert expected == (validate(contract, as_of=on), invoice_schedule(contract, on))
