"""Recipes of :func:`violating` for the rules of money and change authority.

``MINOR_UNITS``, ``CHANGE_AUTHORIZED`` and ``CHANGE_COST_DECLARED`` are broken by trying a few
ways in a drawn order and keeping the first that breaks exactly the rule: each way can, on some
contracts, touch what another rule reads (a value raised by a change needs the client's approval).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from outsourcing._models.changes import (
    ApprovalLevel,
    Approver,
    ChangeEvent,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
)
from outsourcing._models.codes import exponent
from outsourcing._models.contract import Contract
from outsourcing._models.money import Money
from outsourcing._models.partners import PartnerRole
from outsourcing._rules.catalogue import validate
from outsourcing.strategies._shared import Draw
from outsourcing.strategies._violating import (
    _GHOST,
    _applied_positions,
    _insert,
    _recipe,
    _replace,
    _with_applied,
)


def _only(c: Contract, code: str) -> bool:
    """Whether ``c`` breaks rule ``code`` and no other error rule (as of any day)."""
    errors = {v.code for v in validate(c, as_of=c.term.end).errors}
    errors |= {v.code for v in validate(c).errors}
    return errors == {code}


def _first_breaking(
    draw: Draw, code: str, candidates: list[Callable[[], Contract | None]]
) -> Contract:
    """The first of the candidates, in a drawn order, that breaks exactly rule ``code``."""
    for make in draw(st.permutations(candidates)):
        broken = make()
        if broken is not None and _only(broken, code):
            return broken
    return reject()


@_recipe("MINOR_UNITS")
def _sub_minor_amount(draw: Draw, c: Contract) -> Contract:
    # A tenth of a minor unit: 0.001 USD, 0.1 JPY; taken off a payment, or added to the value.
    tenth = Decimal(1).scaleb(-exponent(c.currency) - 1)
    paid = [i for i, m in enumerate(c.milestones) if m.payment is not None]
    fees = [k for k, kpi in enumerate(c.kpis) if kpi.credits is not None]

    def payment() -> Contract | None:
        if not paid:
            return None
        i = draw(st.sampled_from(paid))
        pay: Any = c.milestones[i].payment
        changed = Money(pay.amount - tenth, pay.currency)
        return attrs.evolve(c, milestones=_replace(c.milestones, i, payment=changed))

    def value() -> Contract:
        return attrs.evolve(c, value=Money(c.value.amount + tenth, c.currency))

    def fee() -> Contract | None:
        if not fees:
            return None
        k = draw(st.sampled_from(fees))
        scheme: Any = c.kpis[k].credits
        changed = attrs.evolve(scheme, fee=Money(scheme.fee.amount + tenth, scheme.fee.currency))
        return attrs.evolve(c, kpis=_replace(c.kpis, k, credits=changed))

    return _first_breaking(draw, "MINOR_UNITS", [payment, value, fee])


@_recipe("CHANGE_AUTHORIZED", min_change_requests=1)
def _approved_by_someone_else(draw: Draw, c: Contract) -> Contract:
    c = _with_applied(draw, c)
    approved = [i for i, x in enumerate(c.change_requests) if x.approval is not None]
    i = draw(st.sampled_from(approved))
    change = c.change_requests[i]
    approval: Any = change.approval
    by = approval.by
    partner = by if any(p.id == by for p in c.parties) else c.person(by).partner_id
    role = c.partner(partner).role
    others = [r for r in PartnerRole if r is not role]

    def named_others() -> Contract:
        # The policy names only a role the approver does not have.
        named = Approver(level=ApprovalLevel.EXECUTIVE, role=draw(st.sampled_from(others)))
        policy = c.change_policy or ChangePolicy(beyond=ApprovalLevel.DELIVERY_MANAGER)
        return attrs.evolve(c, change_policy=attrs.evolve(policy, approvers=(named,)))

    def too_high() -> Contract | None:
        # The approver may approve up to a level below the one they approved at.
        if approval.level is ApprovalLevel.DELIVERY_MANAGER or c.change_policy is None:
            return None
        below = draw(st.sampled_from([lv for lv in ApprovalLevel if lv < approval.level]))
        named = Approver(level=below, partner_id=partner)
        return attrs.evolve(c, change_policy=attrs.evolve(c.change_policy, approvers=(named,)))

    def raised_by_provider() -> Contract | None:
        # A new change that raises the value, approved by a party that is not the client.
        providers = [p.id for p in c.parties if p.role is not PartnerRole.CLIENT]
        if not providers:
            return None
        on = c.term.start
        event = ChangeEvent(
            status=ChangeStatus.APPROVED,
            on=on,
            by=draw(st.sampled_from(providers)),
            level=ApprovalLevel.DELIVERY_MANAGER,
        )
        unit = Decimal(1).scaleb(-exponent(c.currency))
        raise_value = ChangeValue(value=Money(c.value.amount + unit, c.currency))
        change = ChangeRequest(
            id=_GHOST,
            title="More value",
            rationale="A value increase the client never saw.",
            requested_by=event.by or "",
            requested_on=on,
            operations=(raise_value,),
            cost_impact=Money(unit, c.currency),
            status=ChangeStatus.APPROVED,
            history=(event,),
        )
        return attrs.evolve(c, change_requests=_insert(draw, c.change_requests, change))

    return _first_breaking(draw, "CHANGE_AUTHORIZED", [named_others, too_high, raised_by_provider])


@_recipe("CHANGE_COST_DECLARED", min_change_requests=1)
def _cost_understated(draw: Draw, c: Contract) -> Contract:
    c = _with_applied(draw, c)
    last = c.amendments[-1]
    if last.observed:  # observed in published data: no change request declared its cost
        reject()
    change = c.change_requests[_applied_positions(c)[-1]]
    if change.id != last.change_request_id:
        change = next(x for x in c.change_requests if x.id == last.change_request_id)
    declared = Decimal(0) if change.cost_impact is None else change.cost_impact.amount
    unit = Decimal(1).scaleb(-exponent(c.currency))
    more = Decimal(draw(st.integers(2, 1000))) * unit  # one unit of rounding is allowed
    before = c.value.amount if last.value_before is None else last.value_before.amount

    def raised() -> Contract:  # the value rose by more than the change declares
        return attrs.evolve(c, value=Money(before + max(declared, Decimal(0)) + more, c.currency))

    def lowered() -> Contract | None:  # the value fell by more than the change declares
        after = before + min(declared, Decimal(0)) - more
        if after < 0:
            return None
        return attrs.evolve(c, value=Money(after, c.currency))

    return _first_breaking(draw, "CHANGE_COST_DECLARED", [raised, lowered])
