"""Rules of scope changes: applied changes were approved, within the policy, recorded in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from outsourcing._models.changes import (
    ChangeEvent,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
    cumulate,
)
from outsourcing._models.codes import exponent
from outsourcing._models.contract import Contract
from outsourcing._models.money import exact
from outsourcing._models.partners import Partner, PartnerRole
from outsourcing._rules.index import index_of
from outsourcing._rules.machinery import Finding, rule

__all__ = [
    "amendments_contiguous",
    "change_approved",
    "change_authorized",
    "change_cost_declared",
    "change_within_policy",
    "may_approve",
    "raises_value",
]


def _positions(contract: Contract) -> dict[str, int]:
    """Change request id -> its first position in the change register."""
    found: dict[str, int] = {}
    for i, change in enumerate(contract.change_requests):
        found.setdefault(change.id, i)
    return found


@rule(
    "CHANGE_APPROVED",
    description="Only approved change requests are applied: every amendment applies a change "
    "request that is applied, and every applied change request was approved.",
)
def change_approved(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    changes, positions = index_of(contract).change_requests, _positions(contract)
    for k, amendment in enumerate(contract.amendments):
        if amendment.change_request_id is None:  # observed in published data: no request
            continue
        change = changes.get(amendment.change_request_id)
        if change is not None and change.status is not ChangeStatus.APPLIED:
            yield Finding(
                f"$.amendments[{k}].change_request_id",
                f"amendment {k + 1} applies change request {change.id!r}, which is "
                f"{change.status.value}; only approved change requests are applied (use "
                "apply_change), so remove the amendment or record the change as applied",
            )
    for change in changes.values():
        if change.status is ChangeStatus.APPLIED and change.approval is None:
            yield Finding(
                f"$.change_requests[{positions[change.id]}].history",
                f"change request {change.id!r} is applied but was never approved; record its "
                "approval (who, at which level, when) before it is applied",
            )


@rule(
    "CHANGE_WITHIN_POLICY",
    description="Cumulative changes stay inside the change policy's tolerances unless approved "
    "at the level it names.",
)
def change_within_policy(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    policy = contract.change_policy
    if policy is None or not contract.amendments:
        return
    changes, positions = index_of(contract).change_requests, _positions(contract)
    signed = contract.value_as_signed
    applied = []
    for amendment in contract.amendments:
        if amendment.change_request_id is None:
            continue
        change = changes.get(amendment.change_request_id)
        if change is None:
            continue
        applied.append(change)
        approval = change.approval
        if approval is None or approval.level is None:
            continue  # CHANGE_APPROVED reports it
        cost, slip = cumulate(applied, signed)
        needed = policy.required_level(cost, slip)
        if approval.level >= needed:
            continue
        i = positions[change.id]
        j = change.history.index(approval)
        yield Finding(
            f"$.change_requests[{i}].history[{j}].level",
            f"with change request {change.id!r} the changes add up to {cost:+.1f} % of the "
            f"value as signed and {slip} days of slip, which needs approval at "
            f"{needed.value!r} level, but it was approved at {approval.level.value!r}; have it "
            f"approved at {needed.value!r} level",
        )


@rule(
    "AMENDMENTS_CONTIGUOUS",
    description="Versions run 1, 2, 3...: amendment n makes version n + 1, the contract's "
    "version is one more than its amendments, and each applied change request has exactly one "
    "amendment.",
)
def amendments_contiguous(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    amendments = contract.amendments
    seen: dict[str, int] = {}
    for k, amendment in enumerate(amendments):
        if amendment.version != k + 2:
            yield Finding(
                f"$.amendments[{k}].version",
                f"amendment {k + 1} makes version {amendment.version}, but versions run 1, 2, "
                f"3...: amendment {k + 1} makes version {k + 2}; renumber the amendments",
            )
        if k and amendment.date < amendments[k - 1].date:
            yield Finding(
                f"$.amendments[{k}].date",
                f"amendment {k + 1} is dated {amendment.date}, before amendment {k} "
                f"({amendments[k - 1].date}); list the amendments in the order they were applied",
            )
        if amendment.change_request_id is None:
            continue
        first = seen.setdefault(amendment.change_request_id, k)
        if first != k:
            yield Finding(
                f"$.amendments[{k}].change_request_id",
                f"change request {amendment.change_request_id!r} is already applied by "
                f"$.amendments[{first}]; a change is applied once: remove this amendment",
            )
    if contract.version != len(amendments) + 1:
        yield Finding(
            "$.version",
            f"the contract is version {contract.version} but has {len(amendments)} "
            f"amendment{'' if len(amendments) == 1 else 's'}; its version is "
            f"{len(amendments) + 1}: one for the contract as signed, one more per amendment",
        )
    for i, change in enumerate(contract.change_requests):
        if change.status is ChangeStatus.APPLIED and change.id not in seen:
            yield Finding(
                f"$.change_requests[{i}].status",
                f"change request {change.id!r} is applied but no amendment records it; add its "
                "amendment (apply_change does) or set its status back",
            )


def _value_changes(contract: Contract) -> dict[str, Decimal]:
    """Applied change request id -> by how much its amendment changed the contract value."""
    amendments = contract.amendments
    found: dict[str, Decimal] = {}
    for k, amendment in enumerate(amendments):
        after = amendments[k + 1].value_before if k + 1 < len(amendments) else contract.value
        before = amendment.value_before
        if amendment.change_request_id is None or before is None or after is None:
            continue  # an observed amendment, or a value not known
        if after.currency == before.currency:
            found.setdefault(amendment.change_request_id, after.amount - before.amount)
    return found


def raises_value(
    contract: Contract, change: ChangeRequest, applied: dict[str, Decimal] | None = None
) -> bool:
    """Whether a change raises the contract value: its amendment did, or it would."""
    if change.status is ChangeStatus.APPLIED:
        return (applied or {}).get(change.id, Decimal(0)) > 0
    value = contract.value
    return any(
        isinstance(op, ChangeValue)
        and op.value.currency == value.currency
        and op.value.amount > value.amount
        for op in change.operations
    )


def _partner_of(contract: Contract, who: str) -> Partner | None:
    """The partner a partner or person id speaks for; None if it resolves to nothing."""
    index = index_of(contract)
    partner = index.partners.get(who)
    if partner is not None:
        return partner
    person = index.people.get(who)
    return None if person is None else index.partners.get(person.partner_id)


def may_approve(contract: Contract, policy: ChangePolicy, event: ChangeEvent) -> bool:
    """Whether the change policy authorises who approved at the level they approved at.

    With no approvers named, anyone may; otherwise an approver at the event's level or above must
    name them: their role, their partner (a person speaks for their partner), or them. An
    approver who resolves to nothing is left to rule ``REF_RESOLVES``.
    """
    by, level = event.by, event.level
    if not policy.approvers or by is None or level is None:
        return True
    partner = _partner_of(contract, by)
    if partner is None:
        return True
    for approver in policy.approvers:
        if approver.level < level:
            continue
        if (
            by in approver.person_ids
            or approver.partner_id == partner.id
            or approver.role is partner.role
        ):
            return True
    return False


def _client_approved(contract: Contract, event: ChangeEvent) -> bool:
    partner = None if event.by is None else _partner_of(contract, event.by)
    return partner is None or partner.role is PartnerRole.CLIENT


def _parties_in_order(contract: Contract) -> bool:
    """Exactly one client and a prime provider: without them, nobody's authority is known."""
    roles = [p.role for p in contract.parties]
    return roles.count(PartnerRole.CLIENT) == 1 and any(role.prime for role in roles)


@rule(
    "CHANGE_AUTHORIZED",
    description="Every approval of a change request is given by someone the change policy "
    "authorises at that level (a role, a partner or named people); a change that raises the "
    "contract value is approved by the client. Not checked while the parties break ONE_CLIENT.",
)
def change_authorized(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    if not contract.change_requests or not _parties_in_order(contract):
        return
    policy = contract.change_policy
    applied = _value_changes(contract) if contract.amendments else {}
    for i, change in enumerate(contract.change_requests):
        approval = change.approval
        if approval is None:
            continue
        j = change.history.index(approval)
        where = f"$.change_requests[{i}].history[{j}].by"
        if policy is not None and not may_approve(contract, policy, approval):
            level = approval.level.value if approval.level is not None else "any"
            yield Finding(
                where,
                f"{approval.by!r} approved change request {change.id!r} at {level!r} level, but "
                "the change policy names nobody of theirs at that level; have an authorised "
                "approver approve it, or name them in change_policy.approvers",
            )
        elif raises_value(contract, change, applied) and not _client_approved(contract, approval):
            yield Finding(
                where,
                f"change request {change.id!r} raises the contract value, but {approval.by!r} "
                "does not speak for the client; a value increase needs the client's approval",
            )


@rule(
    "CHANGE_COST_DECLARED",
    description="The declared cost impact of each applied change covers what its amendment "
    "changed the contract value by, give or take one minor unit (an under-stated cost would slip "
    "past the change policy).",
)
def change_cost_declared(contract: Contract, as_of: dt.date | None) -> Iterator[Finding]:
    if not contract.amendments:
        return
    changes, positions = index_of(contract).change_requests, _positions(contract)
    unit = Decimal(1).scaleb(-exponent(contract.currency))
    for change_id, delta in _value_changes(contract).items():
        change = changes.get(change_id)
        if change is None or not delta:
            continue
        cost = change.cost_impact
        declared = Decimal(0) if cost is None else cost.amount
        # One minor unit of rounding is allowed, as wherever money is compared.
        with exact():
            short = delta - declared if delta > 0 else declared - delta
        if short > unit:
            yield Finding(
                f"$.change_requests[{positions[change.id]}].cost_impact",
                f"change request {change.id!r} changed the contract value by {delta:+} "
                f"{contract.currency}, but declares a cost impact of {declared} "
                f"{contract.currency}; declare at least what the change costs",
            )
