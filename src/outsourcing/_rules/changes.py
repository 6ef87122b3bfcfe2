"""Rules of scope changes: applied changes were approved, within the policy, recorded in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from outsourcing._models.changes import ChangeStatus, cumulate
from outsourcing._models.contract import Contract
from outsourcing._rules.index import index_of
from outsourcing._rules.machinery import Finding, rule

__all__ = ["amendments_contiguous", "change_approved", "change_within_policy"]


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
    signed = contract.amendments[0].value_before
    applied = []
    for amendment in contract.amendments:
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
