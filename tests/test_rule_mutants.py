"""Exact expectations (code, path and message) that the mutation run showed were missing.

Each test is named after the behaviour it pins and says which mutants it kills: a loop that stops
at the first item it skips (``continue`` turned into ``break``), a comparison turned around, a
message with the wrong number or word.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from outsourcing import (
    CATALOGUE,
    AccessGrant,
    AccessLevel,
    ApprovalLevel,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
    Contract,
    MilestoneStatus,
    Money,
    OfficeClass,
    PartnerRole,
    Raci,
    Responsibility,
    RevokeReason,
    RiskStatus,
    Rule,
    Severity,
    Term,
    validate,
)
from outsourcing._example import after_pilot_gate, example_contract
from outsourcing.changes import apply_change, approve_change
from outsourcing.lifecycle import grants_to_revoke
from test_rules import BROKEN
from test_scope_change_mutants import two_value_changes

D = dt.date
BACK, FRONT = OfficeClass.BACK_OFFICE, OfficeClass.FRONT_OFFICE
READ, WRITE, ADMIN = AccessLevel.READ, AccessLevel.WRITE, AccessLevel.ADMIN


def _report(contract: Contract, *codes: str) -> list[tuple[str, str, str]]:
    return [(v.code, v.path, v.message) for v in validate(contract) if v.code in codes]


def _tomasz_also_consulted_on_d01(k: int) -> list[tuple[str, str, str]]:
    """The finding for D-01's owner consulted on it too, the consultation at responsibility k."""
    message = (
        "'tomasz' holds accountable, consulted for 'D-01'; one assignee holds one role"
        " per subject (only accountable and responsible combine): keep one"
    )
    return [("RACI_CONFLICT", f"$.responsibilities[{k}].role", message)]


def _grants_contract() -> Contract:
    """The example, with grants that each rule skips placed before grants that each rule reports."""
    contract = after_pilot_gate()
    start, end = contract.term.start, contract.term.last_day

    def grant(n: int, who: str, **changes: Any) -> AccessGrant:
        changes.setdefault("system_class", FRONT)
        changes.setdefault("level", READ)
        return AccessGrant(
            id=f"G-{n}", grantee_id=who, system=f"System {n}", granted_on=start, **changes
        )

    after_end = end + dt.timedelta(days=1)
    grants = (
        grant(1, "ingrid"),  # the client's own person: no term limit
        grant(2, "ghost", expires_on=end),  # an unknown person: REF_RESOLVES only
        grant(3, "tomasz", revoked_on=end, approved_by="left-long-ago"),  # revoked: history
        grant(4, "tomasz", expires_on=end),  # expires on the last day
        grant(5, "tomasz", system_class=BACK, level=WRITE),  # never expires, no approver
        grant(
            6, "sara", expires_on=after_end, system_class=BACK, level=ADMIN, approved_by="nordlys"
        ),
        grant(7, "sara", system_class=BACK, expires_on=end),  # reading needs no approver
        grant(8, "tomasz", system_class=BACK, level=WRITE, approved_by="kodehuset", expires_on=end),
        grant(9, "tomasz", system_class=BACK, level=WRITE, approved_by="nobody", expires_on=end),
        grant(10, "tomasz", system_class=BACK, level=WRITE, approved_by="ingrid", expires_on=end),
        grant(11, "tomasz", system_class=BACK, level=WRITE, approved_by="sara", expires_on=end),
        grant(12, "tomasz", system_class=BACK, level=WRITE, approved_by="tomasz", expires_on=end),
    )
    return attrs.evolve(contract, access_grants=grants)


def test_access_within_term_checks_every_grant_after_the_ones_it_skips() -> None:
    """Grants the rule skips do not stop it: the grants after them are still checked.

    Client people, unknown people, revoked grants and grants ending in time are skipped (kills
    ``continue`` -> ``break`` and ``<=`` -> ``<``).
    """
    expected = [
        (
            "ACCESS_WITHIN_TERM",
            "$.access_grants[4].expires_on",
            "access grant 'G-5' of 'tomasz' (Kodehuset Sp. z o.o.) to 'System 5' never expires, but the contract ends on 2027-08-27; set expires_on to 2027-08-27 or earlier",
        ),
        (
            "ACCESS_WITHIN_TERM",
            "$.access_grants[5].expires_on",
            "access grant 'G-6' of 'sara' (Lumen UX AB) to 'System 6' expires on 2027-08-28, but the contract ends on 2027-08-27; set expires_on to 2027-08-27 or earlier",
        ),
    ]
    assert expected == _report(_grants_contract(), "ACCESS_WITHIN_TERM")


def test_access_back_office_checks_every_grant_after_the_ones_it_skips() -> None:
    """Every write grant to the back office is checked, with its approver named.

    Grants approved by the client, by a client person or by an unknown id, and read access, are
    skipped, and the grants after them are still checked.
    """
    what = "write access to back-office system"
    expected = [
        (
            "ACCESS_BACK_OFFICE",
            "$.access_grants[4].approved_by",
            f"{what} 'System 5' (grant 'G-5') names no approver; have a person of the client approve it",
        ),
        (
            "ACCESS_BACK_OFFICE",
            "$.access_grants[7].approved_by",
            f"{what} 'System 8' (grant 'G-8') is approved by Kodehuset Sp. z o.o., not by the client; have a person of the client approve it",
        ),
        (
            "ACCESS_BACK_OFFICE",
            "$.access_grants[10].approved_by",
            f"{what} 'System 11' (grant 'G-11') is approved by 'sara' (Lumen UX AB), not by the client; have a person of the client approve it",
        ),
        (
            "ACCESS_BACK_OFFICE",
            "$.access_grants[11].approved_by",
            f"{what} 'System 12' (grant 'G-12') is approved by 'tomasz' (Kodehuset Sp. z o.o.), not by the client; have a person of the client approve it",
        ),
    ]
    assert expected == _report(_grants_contract(), "ACCESS_BACK_OFFICE")


def test_ref_resolves_checks_the_grants_after_a_revoked_one() -> None:
    """A revoked grant's references are history, but the grants after it are checked.

    An unknown grantee and an unknown approver are each reported once.
    """
    expected = [
        (
            "REF_RESOLVES",
            "$.access_grants[1].grantee_id",
            "'ghost' refers to no person; add the person or correct the id",
        ),
        (
            "REF_RESOLVES",
            "$.access_grants[8].approved_by",
            "'nobody' refers to no partner or person; add the partner or person or correct the id",
        ),
    ]
    assert expected == _report(_grants_contract(), "REF_RESOLVES")


# -- every message of the rule table in test_rules.py ---------------------------------------------
# test_rules.BROKEN breaks one rule per case and pins code and path; here, the same cases pin each
# message word for word (kills the mutants that change only a message: a wrong number, "at or
# above" for "at or below", a dropped plural).

MESSAGES: dict[str, list[str]] = {
    "0:ID_UNIQUE": [
        "id 'D-09' is already used by $.deliverables[8]; give each deliverable its own id",
    ],
    "1:ID_UNIQUE": [
        "id 'lumen' is already used by $.parties[2]; give each partner its own id",
    ],
    "2:ID_UNIQUE": [
        "id 'sara' is already used by $.people[2]; give each person its own id",
    ],
    "3:ID_UNIQUE": [
        "id 'M-02' is already used by $.milestones[1]; give each milestone its own id",
    ],
    "4:ID_UNIQUE": [
        "id 'PH-1' is already used by $.phases[0]; give each phase its own id",
    ],
    "5:ID_UNIQUE": [
        "id 'K-speed' is already used by $.kpis[1]; give each KPI its own id",
    ],
    "6:REF_RESOLVES": [
        "'ghost' refers to no partner; add the partner or correct the id",
    ],
    "7:REF_RESOLVES": [
        "'PH-9' refers to no phase; add the phase or correct the id",
    ],
    "8:REF_RESOLVES": [
        "'D-99' refers to no deliverable; add the deliverable or correct the id",
    ],
    "9:REF_RESOLVES": [
        "'X-1' refers to no deliverable, milestone, phase, KPI or risk; add the deliverable, milestone, phase, KPI or risk or correct the id",
    ],
    "10:REF_RESOLVES": [
        "'ghost' refers to no partner or person; add the partner or person or correct the id",
    ],
    "11:REF_RESOLVES": [
        "'ghost' refers to no partner or person; add the partner or person or correct the id",
    ],
    "12:REF_RESOLVES": [
        "'ghost' refers to no partner or person; add the partner or person or correct the id",
    ],
    "13:ONE_CLIENT": [
        "no party has the client role; name the one client",
    ],
    "14:ONE_CLIENT": [
        "a second client (the first is $.parties[0]); a contract has exactly one client: make the other parties suppliers, subcontractors or internal",
    ],
    "15:ONE_CLIENT": [
        "no supplier or internal provider answers to the client (a subcontractor works for a supplier); add the party that delivers the work",
    ],
    "16:OWNER_REQUIRED": [
        "deliverable 'D-04' has no owner; add a responsibility with role 'accountable'",
    ],
    "17:OWNER_REQUIRED": [
        "deliverable 'D-04' has 2 accountable assignees (ingrid, tomasz); keep one owner and make the others responsible or consulted",
    ],
    "18:RESPONSIBLE_REQUIRED": [
        "nobody is responsible for deliverable 'D-04'; add a responsibility with role 'responsible' for who does the work",
    ],
    "19:RACI_CONFLICT": [
        "'ingrid' holds consulted, informed for 'D-05'; one assignee holds one role per subject (only accountable and responsible combine): keep one",
    ],
    "20:RACI_CONFLICT": [
        "'tomasz' holds accountable, consulted for 'D-04'; one assignee holds one role per subject (only accountable and responsible combine): keep one",
    ],
    "21:TERM_ORDER": [
        "the term starts on 2027-08-27 after it ends on 2026-09-07; swap the dates",
    ],
    "22:TERM_ORDER": [
        "phase 'PH-3' starts on 2027-08-27 after it ends on 2027-05-31; swap the dates",
    ],
    "23:PHASES_SEQUENTIAL": [
        "phase 'PH-2' starts on 2026-11-20, before phase 'PH-1' ($.phases[0]) ends on 2026-11-20; phases follow one another: start it after the other ends",
    ],
    "24:PHASES_SEQUENTIAL": [
        "phase 'PH-3' runs 2027-05-31 to 2027-09-30, outside the term 2026-09-07 to 2027-08-27; move it inside or extend the term",
    ],
    "25:MILESTONE_IN_TERM": [
        "milestone 'M-06' is due on 2027-09-01, outside the term 2026-09-07 to 2027-08-27; move it inside or extend the term",
    ],
    "26:MILESTONE_IN_TERM": [
        "milestone 'M-03' is due on 2026-11-21, outside its phase 'PH-2' (2026-11-23 to 2027-05-28); move it or attach it to another phase",
    ],
    "27:DELIVERABLE_SCHEDULED": [
        "deliverable 'D-10' is due at no milestone; list it in a milestone's deliverable_ids",
    ],
    "28:DELIVERABLE_SCHEDULED": [
        "deliverable 'D-03' is due at no milestone; list it in a milestone's deliverable_ids",
    ],
    "29:SINGLE_CURRENCY": [
        "the payment is in EUR, the contract in NOK; state every amount in the contract's currency",
    ],
    "30:PAYMENTS_WITHIN_VALUE": [
        "with this payment the milestone payments add up to 6,000,000.77 NOK, more than the contract value 6,000,000 NOK; lower the payments or raise the value",
    ],
    "31:PAYMENTS_WITHIN_VALUE": [
        "with this charge over the term the recurring charges add up to 9,876,774.19 NOK, more than the contract value 6,000,000 NOK; lower the charges or raise the value",
    ],
    "32:MINOR_UNITS": [
        "600000.005 NOK is not a whole number of minor units (2 decimals for NOK); nobody can pay it: round it (Money.round) or split it (Money.allocate)",
        "80000.001 NOK is not a whole number of minor units (2 decimals for NOK); nobody can pay it: round it (Money.round) or split it (Money.allocate)",
    ],
    "33:SINGLE_CURRENCY": [
        "'T-01' is in EUR, the contract in NOK; state every amount in the contract's currency",
    ],
    "34:REF_RESOLVES": [
        "'nobody' refers to no partner; add the partner or correct the id",
        "'F-9' refers to no recurring charge; add the recurring charge or correct the id",
        "'F-9' refers to no recurring charge; add the recurring charge or correct the id",
    ],
    "35:ID_UNIQUE": [
        "id 'F-run' is already used by $.recurring_charges[0]; give each recurring charge its own id",
    ],
    "36:PAYMENT_FOR_RESULTS": [
        "payment milestone 'M-07' pays for no deliverable; tie the payment to the results it pays for",
    ],
    "37:KPI_COHERENT": [
        "the warning threshold 99.0 of 'K-availability' should be at or above the target 99.5 (higher_is_better): it warns before the target is missed",
    ],
    "38:KPI_COHERENT": [
        "the warning threshold 3000 of 'K-speed' should be at or below the target 2500 (lower_is_better): it warns before the target is missed",
    ],
    "39:KPI_COHERENT": [
        "101 is not a percentage; a KPI in % takes values from 0 to 100",
        "102 is not a percentage; a KPI in % takes values from 0 to 100",
    ],
    "40:KPI_COHERENT": [
        "100.5 is not a percentage; a KPI in % takes values from 0 to 100",
    ],
    "41:KPI_OWNED": [
        "KPI 'K-speed' has no owner; name who answers for it",
    ],
    "42:KPI_OWNED": [
        "KPI 'K-speed' has no cadence; say how often it is measured",
    ],
    "43:GATE_BEFORE_NEXT": [
        "phase 'PH-3' started on 2027-05-31, but the gate of phase 'PH-2' was not decided before it; decide 'go' at that gate before the next phase starts",
    ],
    "44:GATE_BEFORE_NEXT": [
        "phase 'PH-2' started on 2026-11-23, but the gate of phase 'PH-1' was decided 'hold' on 2026-11-20 before it; decide 'go' at that gate before the next phase starts",
    ],
    "45:GATE_BEFORE_NEXT": [
        "phase 'PH-2' started on 2026-11-23, but the gate of phase 'PH-1' was decided 'go_with_conditions' on 2026-11-24 before it; decide 'go' at that gate before the next phase starts",
    ],
    "46:ID_UNIQUE": [
        "id 'R-01' is already used by $.risks[0]; give each risk its own id",
    ],
    "47:ID_UNIQUE": [
        "id 'G-02' is already used by $.access_grants[1]; give each access grant its own id",
    ],
    "48:REF_RESOLVES": [
        "'ghost' refers to no partner or person; add the partner or person or correct the id",
    ],
    "49:REF_RESOLVES": [
        "'ghost' refers to no person; add the person or correct the id",
    ],
    "50:REF_RESOLVES": [
        "'ghost' refers to no partner or person; add the partner or person or correct the id",
    ],
    "51:ACCESS_WITHIN_TERM": [
        "access grant 'G-03' of 'sara' (Lumen UX AB) to 'Web analytics' expires on 2027-09-30, but the contract ends on 2027-08-27; set expires_on to 2027-08-27 or earlier",
    ],
    "52:ACCESS_WITHIN_TERM": [
        "access grant 'G-01' of 'tomasz' (Kodehuset Sp. z o.o.) to 'Product information system' never expires, but the contract ends on 2027-08-27; set expires_on to 2027-08-27 or earlier",
    ],
    "53:ACCESS_BACK_OFFICE": [
        "write access to back-office system 'Product information system' (grant 'G-01') names no approver; have a person of the client approve it",
    ],
    "54:ACCESS_BACK_OFFICE": [
        "write access to back-office system 'Product information system' (grant 'G-01') is approved by 'tomasz' (Kodehuset Sp. z o.o.), not by the client; have a person of the client approve it",
    ],
    "55:ACCESS_BACK_OFFICE": [
        "admin access to back-office system 'Web shop admin' (grant 'G-02') is approved by Kodehuset Sp. z o.o., not by the client; have a person of the client approve it",
    ],
    "56:RISK_TREATED": [
        "risk 'R-03' has no owner; name who answers for it",
    ],
    "57:RISK_TREATED": [
        "risk 'R-01' has no mitigation; say what makes it less likely or less bad",
    ],
    "58:RISK_TREATED": [
        "risk 'R-02' is high (3 x 5 = 15) and has no contingency plan; say what happens if it occurs",
    ],
    "59:RISK_TREATED": [
        "risk 'R-04' has no owner; name who answers for it",
        "risk 'R-04' has no mitigation; say what makes it less likely or less bad",
        "risk 'R-04' is high (4 x 4 = 16) and has no contingency plan; say what happens if it occurs",
    ],
    "60:ID_UNIQUE": [
        "id 'MT-steering' is already used by $.meetings[1]; give each meeting its own id",
    ],
    "61:REF_RESOLVES": [
        "'ghost' refers to no partner or person; add the partner or person or correct the id",
    ],
    "62:REF_RESOLVES": [
        "'M-99' refers to no milestone; add the milestone or correct the id",
    ],
    "63:SINGLE_CURRENCY": [
        "the service-credit fee is in EUR, the contract in NOK; state every amount in the contract's currency",
    ],
    "64:COMMS_CADENCE": [
        "no recurring status meeting; add a meeting of kind 'status' with a recurring cadence (an RRULE such as 'FREQ=WEEKLY;BYDAY=MO')",
        "no recurring partnership review; add a meeting of kind 'partnership_review' with a recurring cadence (an RRULE such as 'FREQ=WEEKLY;BYDAY=MO')",
    ],
    "65:COMMS_CADENCE": [
        "no recurring status meeting; add a meeting of kind 'status' with a recurring cadence (an RRULE such as 'FREQ=WEEKLY;BYDAY=MO')",
    ],
    "66:COMMS_CADENCE": [
        "no recurring partnership review; add a meeting of kind 'partnership_review' with a recurring cadence (an RRULE such as 'FREQ=WEEKLY;BYDAY=MO')",
    ],
    "67:SUPPORT_DEFINED": [
        "no after-launch support; agree handover, hypercare and response times",
    ],
    "68:SUPPORT_DEFINED": [
        "no handover period; agree how long handover runs",
        "no hypercare period; agree how long hypercare runs",
        "no response times; agree response and resolution times per priority",
    ],
    "69:ID_UNIQUE": [
        "id 'CR-01' is already used by $.change_requests[0]; give each change request its own id",
    ],
    "70:REF_RESOLVES": [
        "'nobody' refers to no partner or person; add the partner or person or correct the id",
    ],
    "71:SINGLE_CURRENCY": [
        "the cost impact of 'CR-01' is in EUR, the contract in NOK; state every amount in the contract's currency",
    ],
    "72:CHANGE_APPROVED": [
        "amendment 1 applies change request 'CR-01', which is approved; only approved change requests are applied (use apply_change), so remove the amendment or record the change as applied",
    ],
    "73:CHANGE_APPROVED": [
        "change request 'CR-01' is applied but was never approved; record its approval (who, at which level, when) before it is applied",
    ],
    "74:CHANGE_WITHIN_POLICY": [
        "with change request 'CR-01' the changes add up to +0.0 % of the value as signed and 14 days of slip, which needs approval at 'executive' level, but it was approved at 'delivery_manager'; have it approved at 'executive' level",
    ],
    "75:AMENDMENTS_CONTIGUOUS": [
        "the contract is version 3 but has 1 amendment; its version is 2: one for the contract as signed, one more per amendment",
    ],
    "76:CHANGE_AUTHORIZED": [
        "'tomasz' approved change request 'CR-01' at 'delivery_manager' level, but the change policy names nobody of theirs at that level; have an authorised approver approve it, or name them in change_policy.approvers",
    ],
    "77:CHANGE_COST_DECLARED": [
        "change request 'CR-01' changed the contract value by +10000 NOK, but declares a cost impact of 0 NOK; declare at least what the change costs",
    ],
    "78:AMENDMENTS_CONTIGUOUS": [
        "amendment 1 makes version 3, but versions run 1, 2, 3...: amendment 1 makes version 2; renumber the amendments",
        "change request 'CR-02' is applied but no amendment records it; add its amendment (apply_change does) or set its status back",
    ],
}


@pytest.mark.parametrize(
    ("code", "build", "as_of", "paths"),
    BROKEN,
    ids=[f"{n}:{code}" for n, (code, *_) in enumerate(BROKEN)],
)
def test_each_broken_rule_says_exactly_what_is_wrong_and_what_to_do(
    request: pytest.FixtureRequest,
    code: str,
    build: Callable[[], Contract],
    as_of: dt.date | None,
    paths: list[str],
) -> None:
    """Each case of the rule table yields, in order, exactly these messages at its paths."""
    case = request.node.callspec.id
    report = validate(build(), as_of=as_of)
    assert [(code, path, message) for path, message in zip(paths, MESSAGES[case], strict=True)] == [
        (v.code, v.path, v.message) for v in report
    ]


def test_every_case_of_the_rule_table_has_its_messages() -> None:
    """No case of test_rules.BROKEN goes without its messages (nor a message without its case)."""
    assert [f"{n}:{code}" for n, (code, *_) in enumerate(BROKEN)] == list(MESSAGES)


# -- two amendments and more ----------------------------------------------------------------------


def _approved_at(contract: Contract, change_id: str, level: ApprovalLevel) -> Contract:
    """The contract with the approval of one change request recorded at another level."""
    changes = tuple(
        attrs.evolve(
            change,
            history=tuple(
                attrs.evolve(move, level=level) if move.level is not None else move
                for move in change.history
            ),
        )
        if change.id == change_id
        else change
        for change in contract.change_requests
    )
    return attrs.evolve(contract, change_requests=changes)


def test_change_within_policy_measures_every_change_against_the_value_as_signed() -> None:
    """Every change is measured against the value as signed, the first amendment's value before.

    With three amendments the changes add up to +20 % of 6 M (not +18.2 % of the last value
    before, 6.6 M); CR-02 (+10 %) was within the delivery manager's tolerance, CR-03 was not.
    """
    contract = two_value_changes(D(2026, 12, 3))
    low = ApprovalLevel.DELIVERY_MANAGER
    assert validate(contract).ok
    broken = _approved_at(_approved_at(contract, "CR-03", low), "CR-02", low)
    message = (
        "with change request {!r} the changes add up to +{} % of the value as signed and 14 days "
        "of slip, which needs approval at 'steering_committee' level, but it was approved at "
        "'delivery_manager'; have it approved at 'steering_committee' level"
    )
    expected = [
        (
            "CHANGE_WITHIN_POLICY",
            "$.change_requests[2].history[0].level",
            message.format("CR-03", "20.0"),
        ),
    ]
    assert expected == _report(broken, "CHANGE_WITHIN_POLICY")


def test_amendments_on_the_same_day_are_in_order_and_earlier_ones_after_are_not() -> None:
    """Amendments on the same day are in order; listed in the wrong order they are reported.

    Swapped, both versions and the date are reported, word for word.
    """
    same_day = two_value_changes(D(2026, 12, 1))
    assert [D(2026, 11, 20), D(2026, 12, 1), D(2026, 12, 1)] == [
        a.date for a in same_day.amendments
    ]
    assert [] == _report(same_day, "AMENDMENTS_CONTIGUOUS")
    later = two_value_changes(D(2026, 12, 3))
    first, second, third = later.amendments
    swapped = attrs.evolve(later, amendments=(first, third, second))
    expected = [
        (
            "AMENDMENTS_CONTIGUOUS",
            "$.amendments[1].version",
            (
                "amendment 2 makes version 4, but versions run 1, 2, 3...: amendment 2 makes version "
                "3; renumber the amendments"
            ),
        ),
        (
            "AMENDMENTS_CONTIGUOUS",
            "$.amendments[2].version",
            (
                "amendment 3 makes version 3, but versions run 1, 2, 3...: amendment 3 makes version "
                "4; renumber the amendments"
            ),
        ),
        (
            "AMENDMENTS_CONTIGUOUS",
            "$.amendments[2].date",
            (
                "amendment 3 is dated 2026-12-01, before amendment 2 (2026-12-03); list the amendments "
                "in the order they were applied"
            ),
        ),
    ]
    assert expected == _report(swapped, "AMENDMENTS_CONTIGUOUS")


def test_access_within_term_holds_a_one_day_contract_to_its_day() -> None:
    """A term that starts and ends on the same day is a term: a grant past that day is reported."""
    contract = _grants_contract()
    day = contract.term.start
    one_day = attrs.evolve(
        contract,
        term=attrs.evolve(contract.term, end=day),
        access_grants=(attrs.evolve(contract.access_grants[5], expires_on=day + dt.timedelta(1)),),
    )
    assert [
        (
            "ACCESS_WITHIN_TERM",
            "$.access_grants[0].expires_on",
            f"access grant 'G-6' of 'sara' (Lumen UX AB) to 'System 6' expires on {day + dt.timedelta(1)}, but the contract ends on {day}; set expires_on to {day} or earlier",
        )
    ] == _report(one_day, "ACCESS_WITHIN_TERM")


def _cr09_applied(contract: Contract, new_value: Money) -> Contract:
    """``contract`` with CR-09, which sets the value to ``new_value``, approved by the client's
    'ingrid' and applied: its declared cost is what it changes.
    """  # noqa: D205 - one sentence
    change = ChangeRequest(
        id="CR-09",
        title="Change the scope",
        rationale="More or less of everything.",
        requested_by="tomasz",
        requested_on=D(2026, 11, 25),
        operations=(ChangeValue(value=new_value),),
        cost_impact=new_value - contract.value,
    )
    approved = approve_change(
        change, by="ingrid", level=ApprovalLevel.EXECUTIVE, on=D(2026, 11, 30)
    )
    return apply_change(contract, approved, on=D(2026, 12, 1))


def _with_cr09(contract: Contract, **changes: Any) -> Contract:
    """``contract`` with CR-09's change request evolved by ``changes``."""
    return attrs.evolve(
        contract,
        change_requests=tuple(
            attrs.evolve(c, **changes) if c.id == "CR-09" else c for c in contract.change_requests
        ),
    )


def _applied_and_then_approved_by_the_supplier(factor: int | str = 1, plus: str = "0") -> Contract:
    """The example with CR-09 (the value times ``factor``, plus ``plus``) applied, its approval
    then re-signed by the supplier's 'tomasz'; the change policy names no approvers, so only the
    client rule speaks.
    """  # noqa: D205 - one sentence
    ex = example_contract()
    assert ex.change_policy is not None
    anyone = attrs.evolve(ex, change_policy=attrs.evolve(ex.change_policy, approvers=()))
    new_value = anyone.value * Decimal(factor) + Money(plus, anyone.value.currency)
    contract = _cr09_applied(anyone, new_value)
    (change,) = [c for c in contract.change_requests if c.id == "CR-09"]
    history = tuple(attrs.evolve(e, by="tomasz") if e.by == "ingrid" else e for e in change.history)
    return _with_cr09(contract, history=history)


def test_change_authorized_reads_an_applied_change_by_what_its_amendment_did() -> None:
    """Once applied, a change raised the value if its amendment did: the supplier's approval of
    a doubling is reported, of a cut by a thousandth it is not.
    """  # noqa: D205 - one sentence
    raised = _applied_and_then_approved_by_the_supplier(2)
    (i,) = [k for k, c in enumerate(raised.change_requests) if c.id == "CR-09"]
    (j,) = [k for k, e in enumerate(raised.change_requests[i].history) if e.by == "tomasz"][-1:]
    assert [
        (
            "CHANGE_AUTHORIZED",
            f"$.change_requests[{i}].history[{j}].by",
            (
                "change request 'CR-09' raises the contract value, but 'tomasz' does not speak"
                " for the client; a value increase needs the client's approval"
            ),
        )
    ] == _report(raised, "CHANGE_AUTHORIZED")
    assert [] == _report(_applied_and_then_approved_by_the_supplier("0.999"), "CHANGE_AUTHORIZED")


def test_change_authorized_takes_an_applied_change_of_unknown_effect_as_no_rise() -> None:
    """An applied change whose amendment did not record the value before it raised nothing that is
    known: the supplier's approval of it is not reported (kills the default read as +1).
    """  # noqa: D205 - one sentence
    raised = _applied_and_then_approved_by_the_supplier(2)
    (k,) = [k for k, a in enumerate(raised.amendments) if a.change_request_id == "CR-09"]
    amendments = list(raised.amendments)
    amendments[k] = attrs.evolve(amendments[k], value_before=None)
    unknown = attrs.evolve(raised, amendments=tuple(amendments))
    assert [] == _report(unknown, "CHANGE_AUTHORIZED")


def _cr09_declaring(delta: str, declared: str) -> Contract:
    """The example with CR-09 applied, changing the value by ``delta``, then declaring ``declared``."""
    ex = example_contract()
    contract = _cr09_applied(ex, ex.value + Money(delta, ex.value.currency))
    return _with_cr09(contract, cost_impact=Money(declared, ex.value.currency))


@pytest.mark.parametrize(
    ("delta", "declared", "reported"),
    [
        ("100.00", "99.99", False),  # one minor unit short: rounding, allowed
        ("100.00", "99.98", True),  # two short: under-stated
        ("0.50", "0.00", True),  # a rise under one krone is a rise
        ("-100.00", "-100.00", False),  # a cut, declared as itself
        ("-100.00", "-99.98", True),  # a cut declared as smaller than it was
        ("-0.50", "-0.48", True),  # a cut under one krone, declared as smaller than it was
    ],
)
def test_change_cost_declared_allows_one_minor_unit_and_no_more(
    delta: str, declared: str, *, reported: bool
) -> None:
    """The declared cost covers the amendment's change, give or take one minor unit, both ways."""
    contract = _cr09_declaring(delta, declared)
    (i,) = [k for k, c in enumerate(contract.change_requests) if c.id == "CR-09"]
    expected = [
        (
            "CHANGE_COST_DECLARED",
            f"$.change_requests[{i}].cost_impact",
            (
                f"change request 'CR-09' changed the contract value by {Decimal(delta):+} NOK,"
                f" but declares a cost impact of {declared} NOK; declare at least what the change"
                " costs"
            ),
        )
    ]
    assert (expected if reported else []) == _report(contract, "CHANGE_COST_DECLARED")


def test_change_cost_declared_measures_each_of_two_changes_to_the_next_amendment() -> None:
    """With two applied changes, the first's rise runs to the second's amendment, not to itself."""
    first = _cr09_declaring("100.00", "0.00")  # under-stated
    currency = first.value.currency
    second = ChangeRequest(
        id="CR-10",
        title="Change the scope again",
        rationale="Yet more.",
        requested_by="tomasz",
        requested_on=D(2026, 12, 2),
        operations=(ChangeValue(value=first.value + Money("200.00", currency)),),
        cost_impact=Money("200.00", currency),
    )
    approved = approve_change(second, by="ingrid", level=ApprovalLevel.EXECUTIVE, on=D(2026, 12, 3))
    contract = apply_change(first, approved, on=D(2026, 12, 4))
    (i,) = [k for k, c in enumerate(contract.change_requests) if c.id == "CR-09"]
    assert [
        (
            "CHANGE_COST_DECLARED",
            f"$.change_requests[{i}].cost_impact",
            (
                "change request 'CR-09' changed the contract value by +100.00 NOK, but declares"
                " a cost impact of 0.00 NOK; declare at least what the change costs"
            ),
        )
    ] == _report(contract, "CHANGE_COST_DECLARED")


def test_minor_units_takes_trailing_zeros_as_whole_units() -> None:
    """An amount written with three places, the last a zero, is whole øre: MINOR_UNITS is silent."""
    ex = example_contract()
    written_long = Money(Decimal(f"{ex.value.amount:.2f}") + Decimal("0.010"), ex.value.currency)
    assert written_long.amount.as_tuple().exponent == -3
    assert [] == _report(attrs.evolve(ex, value=written_long), "MINOR_UNITS")


@pytest.mark.parametrize(("under", "reported"), [("0.01", False), ("0.02", True)])
def test_payments_within_value_allow_one_minor_unit_over(under: str, *, reported: bool) -> None:
    """Payments may exceed the value by one øre (rounding), not by two (no recurring charges)."""
    ex = attrs.evolve(example_contract(), recurring_charges=())
    paid = sum(
        (m.payment.amount for m in ex.milestones if m.payment is not None),
        Decimal(0),
    )
    value = Money(paid - Decimal(under), ex.value.currency)
    codes = [code for code, _, _ in _report(attrs.evolve(ex, value=value), "PAYMENTS_WITHIN_VALUE")]
    assert (["PAYMENTS_WITHIN_VALUE"] if reported else []) == codes


def test_change_authorized_compares_a_pending_rise_by_currency_value_not_identity() -> None:
    """A currency code built at run time is the same currency: the rise still needs the client."""
    ex = example_contract()
    assert ex.change_policy is not None
    anyone = attrs.evolve(ex, change_policy=attrs.evolve(ex.change_policy, approvers=()))
    built = "nok".upper()  # equal to the contract's "NOK", not the same object
    assert built == ex.value.currency
    assert built is not ex.value.currency
    change = ChangeRequest(
        id="CR-09",
        title="Double the scope",
        rationale="More of everything.",
        requested_by="tomasz",
        requested_on=D(2026, 11, 25),
        operations=(ChangeValue(value=Money(anyone.value.amount * 2, built)),),
        cost_impact=Money(anyone.value.amount, built),
    )
    approved = approve_change(
        change, by="tomasz", level=ApprovalLevel.EXECUTIVE, on=D(2026, 11, 30)
    )
    stored = attrs.evolve(anyone, change_requests=(*anyone.change_requests, approved))
    i = len(stored.change_requests) - 1
    j = len(approved.history) - 1
    assert [
        (
            "CHANGE_AUTHORIZED",
            f"$.change_requests[{i}].history[{j}].by",
            (
                "change request 'CR-09' raises the contract value, but 'tomasz' does not speak"
                " for the client; a value increase needs the client's approval"
            ),
        )
    ] == _report(stored, "CHANGE_AUTHORIZED")


def test_deliverable_scheduled_reports_every_deliverable_when_every_milestone_is_cancelled() -> (
    None
):
    """A deliverable listed only by cancelled milestones is due at none: all of them, here."""
    ex = example_contract()
    cancelled = tuple(
        attrs.evolve(m, status=MilestoneStatus.CANCELLED, date_met=None) for m in ex.milestones
    )
    expected = [
        (
            "DELIVERABLE_SCHEDULED",
            f"$.deliverables[{i}]",
            f"deliverable {d.id!r} is due at no milestone; list it in a milestone's deliverable_ids",
        )
        for i, d in enumerate(ex.deliverables)
    ]
    assert expected
    assert expected == _report(attrs.evolve(ex, milestones=cancelled), "DELIVERABLE_SCHEDULED")


def test_single_currency_reports_amounts_in_a_currency_sorting_after_the_contracts() -> None:
    """Kills `!=` turned into `<` for the currencies: USD sorts after the example's NOK."""
    contract = example_contract()
    assert contract.currency == "NOK"
    milestones = list(contract.milestones)
    k = next(i for i, m in enumerate(milestones) if m.payment is not None)
    milestones[k] = attrs.evolve(milestones[k], payment=Money("100", "USD"))
    change = attrs.evolve(contract.change_requests[0], cost_impact=Money("5", "USD"))
    broken = attrs.evolve(
        contract,
        milestones=tuple(milestones),
        change_requests=(change, *contract.change_requests[1:]),
    )
    found = {(v.code, v.path) for v in validate(broken) if v.code == "SINGLE_CURRENCY"}
    assert found == {
        ("SINGLE_CURRENCY", f"$.milestones[{k}].payment.currency"),
        ("SINGLE_CURRENCY", "$.change_requests[0].cost_impact.currency"),
    }


def test_a_report_finds_a_rules_violations_by_a_code_made_at_run_time() -> None:
    """Kills `==` turned into `is` in `Report.by_code`: a code read from a file is a new string."""
    contract = example_contract()
    report = validate(attrs.evolve(contract, version=contract.version + 1))
    code = b"AMENDMENTS_CONTIGUOUS".decode()  # equal, but not the same object
    assert report.by_code(code)
    assert report.by_code(code) == tuple(v for v in report if v.code == "AMENDMENTS_CONTIGUOUS")


def test_single_currency_compares_currencies_by_value_not_identity() -> None:
    """Kills `!=` turned into `is not`: a currency read from a file is an equal, new string."""
    contract = example_contract()
    change = attrs.evolve(contract.change_requests[0], cost_impact=Money("5", b"NOK".decode()))
    same = attrs.evolve(contract, change_requests=(change, *contract.change_requests[1:]))
    assert [v for v in validate(same) if v.code == "SINGLE_CURRENCY"] == []


@pytest.mark.parametrize(
    "others",
    [
        pytest.param(("consulted",), id="nobody informed"),
        pytest.param(("consulted", "informed", "informed"), id="two informed for one subject"),
    ],
)
def test_raci_conflict_finds_an_owner_also_consulted_whatever_else_is_assigned(
    others: tuple[str, ...],
) -> None:
    """The owner of D-01 also consulted on it is reported, with nobody informed of anything (kills
    the shortcut's `not` dropped) and with two people informed of D-08 (kills `!=` read as `>`).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    kept = tuple(r for r in ex.responsibilities if r.role is not Raci.INFORMED)
    extra = [Responsibility(subject_id="D-01", assignee_id="tomasz", role=Raci.CONSULTED)]
    extra += [
        Responsibility(subject_id="D-08", assignee_id=who, role=Raci.INFORMED)
        for who in ("nordlys", "ingrid")
        if "informed" in others
    ]
    contract = attrs.evolve(ex, responsibilities=(*kept, *extra))
    k = len(kept)
    assert _tomasz_also_consulted_on_d01(k) == _report(contract, "RACI_CONFLICT")


def test_phases_sequential_holds_phases_to_a_one_day_term() -> None:
    """A term that starts and ends on the same day is a term: a phase running past it is reported."""
    ex = example_contract()
    day = ex.term.start
    one_day = attrs.evolve(ex, term=Term(start=day, end=day), phases=ex.phases[:1])
    phase = ex.phases[0]
    assert [
        (
            "PHASES_SEQUENTIAL",
            "$.phases[0]",
            (
                f"phase 'PH-1' runs {phase.start} to {phase.end}, outside the term {day} to"
                f" {day}; move it inside or extend the term"
            ),
        )
    ] == _report(one_day, "PHASES_SEQUENTIAL")


_SUPPLIER_RISE = (
    "change request 'CR-09' raises the contract value, but 'tomasz' does not speak for the client;"
    " a value increase needs the client's approval"
)


@pytest.mark.parametrize(("plus", "reported"), [("0.50", True), ("-0.50", False)])
def test_change_authorized_holds_an_applied_rise_under_one_krone_to_the_client(
    plus: str, *, reported: bool
) -> None:
    """An applied change that raised the value by half a krone raised it: the supplier's approval
    is reported; one that cut it by half a krone did not (kills `> 0` read as `> 1` or `> -1`).
    """  # noqa: D205 - one sentence
    contract = _applied_and_then_approved_by_the_supplier(plus=plus)
    (i,) = [k for k, c in enumerate(contract.change_requests) if c.id == "CR-09"]
    (j,) = [k for k, e in enumerate(contract.change_requests[i].history) if e.by == "tomasz"][-1:]
    expected = [("CHANGE_AUTHORIZED", f"$.change_requests[{i}].history[{j}].by", _SUPPLIER_RISE)]
    assert (expected if reported else []) == _report(contract, "CHANGE_AUTHORIZED")


def _pending_cr09(contract: Contract, new_value: Money, by: str = "tomasz") -> Contract:
    """``contract`` with CR-09, setting the value to ``new_value``, approved by ``by``, pending."""
    change = ChangeRequest(
        id="CR-09",
        title="Change the scope",
        rationale="More or less of everything.",
        requested_by="tomasz",
        requested_on=D(2026, 11, 25),
        operations=(ChangeValue(value=new_value),),
    )
    approved = approve_change(change, by=by, level=ApprovalLevel.EXECUTIVE, on=D(2026, 11, 30))
    return attrs.evolve(contract, change_requests=(*contract.change_requests, approved))


def _anyone_approves() -> Contract:
    ex = example_contract()
    assert ex.change_policy is not None
    return attrs.evolve(ex, change_policy=attrs.evolve(ex.change_policy, approvers=()))


def test_change_authorized_takes_a_pending_value_in_another_currency_as_no_rise() -> None:
    """A pending value in euros or dollars is no rise of a value in kroner, however large the
    number (kills the currencies' `==` read as `is not` or `>=`); the same number in kroner is one.
    """  # noqa: D205 - one sentence
    anyone = _anyone_approves()
    twice = anyone.value.amount * 2
    for currency in ("EUR", "USD"):  # sorting before and after NOK
        assert [] == _report(_pending_cr09(anyone, Money(twice, currency)), "CHANGE_AUTHORIZED")
    in_kroner = _pending_cr09(anyone, Money(twice, "NOK"))
    i = len(in_kroner.change_requests) - 1
    j = len(in_kroner.change_requests[i].history) - 1
    assert [
        ("CHANGE_AUTHORIZED", f"$.change_requests[{i}].history[{j}].by", _SUPPLIER_RISE)
    ] == _report(in_kroner, "CHANGE_AUTHORIZED")


@pytest.mark.parametrize("clients", [0, 2])
def test_change_authorized_is_not_checked_unless_there_is_one_client(clients: int) -> None:
    """With no client or two, nobody's authority is known (ONE_CLIENT reports it): a supplier's
    approval of a rise is not reported (kills `== 1` read as `<= 1` or `>= 1` for the clients).
    """  # noqa: D205 - one sentence
    anyone = _anyone_approves()
    client = next(p for p in anyone.parties if p.role is PartnerRole.CLIENT)
    others = tuple(p for p in anyone.parties if p is not client)
    second = attrs.evolve(client, id="nordlys-2", name="Nordlys Sport Two AS")
    parties = {
        0: (*others, attrs.evolve(client, role=PartnerRole.SUBCONTRACTOR)),
        2: (*anyone.parties, second),
    }
    changed = attrs.evolve(anyone, parties=parties[clients])
    contract = _pending_cr09(changed, changed.value * 2)
    assert ["ONE_CLIENT"] == [code for code, _, _ in _report(contract, "ONE_CLIENT")]
    assert [] == _report(contract, "CHANGE_AUTHORIZED")


def test_minor_units_checks_the_fee_of_a_kpis_service_credits() -> None:
    """A service credit fee of a fraction of an øre is reported at its path (kills the loop over
    the KPIs made to run no times).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    kpi = ex.kpis[0]
    assert kpi.credits is not None
    fee = Money("100000.005", "NOK")
    scheme = attrs.evolve(kpi.credits, fee=fee)
    contract = attrs.evolve(ex, kpis=(attrs.evolve(kpi, credits=scheme), *ex.kpis[1:]))
    assert ["$.kpis[0].credits.fee.amount"] == [
        path for _, path, _ in _report(contract, "MINOR_UNITS")
    ]


def test_ref_resolves_checks_who_moved_a_change_request() -> None:
    """An approval by an id that is nobody's is reported at that move (kills the loop over a
    change's history made to run no times).
    """  # noqa: D205 - one sentence
    contract = _pending_cr09(_anyone_approves(), Money("1", "NOK"), by="ghost")
    i = len(contract.change_requests) - 1
    j = len(contract.change_requests[i].history) - 1
    assert [f"$.change_requests[{i}].history[{j}].by"] == [
        path for _, path, _ in _report(contract, "REF_RESOLVES")
    ]


def test_gate_before_next_says_a_gate_decided_after_the_day_asked_about_was_not_decided() -> None:
    """As of the day after PH-2 started, a PH-1 gate decided two days later was not decided yet
    (kills `<=` read as `!=` for the day of the decision).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    first, second, *rest = ex.phases
    assert first.gate is not None
    late = attrs.evolve(
        first, gate=attrs.evolve(first.gate, decided_on=second.start + dt.timedelta(2))
    )
    contract = attrs.evolve(ex, phases=(late, second, *rest))
    as_of = second.start + dt.timedelta(1)
    found = [
        (v.code, v.path, v.message)
        for v in validate(contract, as_of=as_of)
        if v.code == "GATE_BEFORE_NEXT"
    ]
    assert [
        (
            "GATE_BEFORE_NEXT",
            "$.phases[1].start",
            (
                f"phase 'PH-2' started on {second.start}, but the gate of phase 'PH-1' was not"
                " decided before it; decide 'go' at that gate before the next phase starts"
            ),
        )
    ] == found


def test_raci_conflict_finds_a_clash_with_the_second_of_two_informed() -> None:
    """Of two people informed of D-08, the second also consulted on it is reported (kills the
    shortcut's test that every role has one assignee per subject turned around).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    extra = (
        Responsibility(subject_id="D-08", assignee_id="ingrid", role=Raci.INFORMED),
        Responsibility(subject_id="D-08", assignee_id="ingrid", role=Raci.CONSULTED),
    )
    contract = attrs.evolve(ex, responsibilities=(*ex.responsibilities, *extra))
    k = len(contract.responsibilities) - 1
    assert [
        (
            "RACI_CONFLICT",
            f"$.responsibilities[{k}].role",
            (
                "'ingrid' holds consulted, informed for 'D-08'; one assignee holds one role"
                " per subject (only accountable and responsible combine): keep one"
            ),
        )
    ] == _report(contract, "RACI_CONFLICT")


def test_change_within_policy_checks_the_changes_after_one_applied_unapproved() -> None:
    """CR-01 applied with no approval in its history (CHANGE_APPROVED's to report); CR-03 after it,
    approved below what the changes add up to, is still reported (kills `continue` as `break`).
    """  # noqa: D205 - one sentence
    contract = two_value_changes(D(2026, 12, 3))
    no_level = attrs.evolve(
        contract,
        change_requests=tuple(
            attrs.evolve(
                c, history=tuple(e for e in c.history if e.status is not ChangeStatus.APPROVED)
            )
            if c.id == "CR-01"
            else c
            for c in contract.change_requests
        ),
    )
    (cr01,) = [c for c in no_level.change_requests if c.id == "CR-01"]
    assert cr01.approval is None
    broken = _approved_at(no_level, "CR-03", ApprovalLevel.DELIVERY_MANAGER)
    assert [
        (
            "CHANGE_WITHIN_POLICY",
            "$.change_requests[2].history[0].level",
            (
                "with change request 'CR-03' the changes add up to +20.0 % of the value as signed"
                " and 14 days of slip, which needs approval at 'steering_committee' level, but it"
                " was approved at 'delivery_manager'; have it approved at 'steering_committee'"
                " level"
            ),
        )
    ] == _report(broken, "CHANGE_WITHIN_POLICY")


def test_amendments_contiguous_names_the_second_amendment_dated_before_the_first() -> None:
    """The first two amendments swapped: amendment 2 is dated before amendment 1, word for word
    (kills `k + 1` read as `k | 1`, which differs for odd positions).
    """  # noqa: D205 - one sentence
    contract = two_value_changes(D(2026, 12, 3))
    first, second, third = contract.amendments
    swapped = attrs.evolve(contract, amendments=(second, first, third))
    dated = [
        found for found in _report(swapped, "AMENDMENTS_CONTIGUOUS") if found[1].endswith(".date")
    ]
    assert [
        (
            "AMENDMENTS_CONTIGUOUS",
            "$.amendments[1].date",
            (
                f"amendment 2 is dated {first.date}, before amendment 1 ({second.date}); list the"
                " amendments in the order they were applied"
            ),
        )
    ] == dated


def test_kpi_coherent_takes_zero_percent_as_a_percentage() -> None:
    """A measurement of exactly 0 % is a percentage (kills `0 <=` read as `0 !=`)."""
    ex = example_contract()
    kpi = ex.kpis[0]
    assert kpi.is_percentage
    zero = attrs.evolve(kpi.measurements[0], value=Decimal(0))
    contract = attrs.evolve(
        ex, kpis=(attrs.evolve(kpi, measurements=(zero, *kpi.measurements[1:])), *ex.kpis[1:])
    )
    assert [] == _report(contract, "KPI_COHERENT")


def test_a_catalogue_rule_pickles_by_where_its_check_is_defined() -> None:
    """A rule of the catalogue and a copy of it at another severity come back from pickle equal,
    with the same check (kills the test that the module's rule has this check turned around).
    """  # noqa: D205 - one sentence
    found = CATALOGUE["OWNER_REQUIRED"]
    for made in (found, attrs.evolve(found, severity=Severity.WARNING)):
        back = pickle.loads(pickle.dumps(made))  # noqa: S301 - our own bytes
        assert made == back
        assert made.check is back.check


def test_minor_units_says_zero_decimals_for_a_currency_without_minor_units() -> None:
    """A yen amount with a fraction is reported with "0 decimals", plural (kills `== 1` read as
    `<= 1` in the message).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    k = next(i for i, m in enumerate(ex.milestones) if m.payment is not None)
    milestones = list(ex.milestones)
    milestones[k] = attrs.evolve(milestones[k], payment=Money("100.5", "JPY"))
    contract = attrs.evolve(ex, milestones=tuple(milestones))
    assert [
        (
            "MINOR_UNITS",
            f"$.milestones[{k}].payment.amount",
            (
                "100.5 JPY is not a whole number of minor units (0 decimals for JPY); nobody can"
                " pay it: round it (Money.round) or split it (Money.allocate)"
            ),
        )
    ] == _report(contract, "MINOR_UNITS")


@pytest.mark.parametrize("currency", ["EUR", "USD"])  # sorting before and after NOK
def test_payments_within_value_leave_out_a_charge_in_another_currency(currency: str) -> None:
    """A vast recurring charge in another currency is not added to the kroner paid (SINGLE_CURRENCY
    reports it; kills `!=` read as `>` or `<` for the charge's currency).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    (fee,) = ex.recurring_charges
    vast = attrs.evolve(fee, amount=Money("1000000000", currency))
    assert [] == _report(attrs.evolve(ex, recurring_charges=(vast,)), "PAYMENTS_WITHIN_VALUE")


def test_payments_within_value_compares_payment_currencies_by_value_not_identity() -> None:
    """Payments in a "NOK" read from a file (an equal, new string) are added up: over the value
    by two øre, reported (kills `!=` read as `is not`).
    """  # noqa: D205 - one sentence
    ex = attrs.evolve(example_contract(), recurring_charges=())
    built = b"NOK".decode()
    assert built is not ex.value.currency
    milestones = tuple(
        m if m.payment is None else attrs.evolve(m, payment=Money(m.payment.amount, built))
        for m in ex.milestones
    )
    paid = sum((m.payment.amount for m in milestones if m.payment is not None), Decimal(0))
    over = attrs.evolve(ex, milestones=milestones, value=Money(paid - Decimal("0.02"), "NOK"))
    assert ["PAYMENTS_WITHIN_VALUE"] == [
        code for code, _, _ in _report(over, "PAYMENTS_WITHIN_VALUE")
    ]


def test_ref_resolves_takes_an_assignee_that_is_a_partner_and_a_person_as_known() -> None:
    """An assignee id that names a partner resolves, even where a person has the same id (kills
    `- people` read as `^ people`, which puts such an id among the unknown).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    twin = attrs.evolve(ex.people[0], id="kodehuset", partner_id="kodehuset")
    assert "kodehuset" in {r.assignee_id for r in ex.responsibilities}
    contract = attrs.evolve(ex, people=(*ex.people, twin))
    assert [] == _report(contract, "REF_RESOLVES")


def test_the_end_of_the_contract_revokes_a_grant_to_an_unknown_grantee() -> None:
    """After the term a grant to an id that is nobody is revoked for both reasons: the contract
    ended and the person is gone (kills an unknown person taken as the client's).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    ghost = AccessGrant(
        id="G-ghost",
        grantee_id="ghost",
        system="Shop admin",
        system_class=FRONT,
        level=READ,
        granted_on=ex.term.start,
    )
    contract = attrs.evolve(ex, access_grants=(ghost,))
    after = ex.term.last_day + dt.timedelta(1)
    assert [("G-ghost", [RevokeReason.CONTRACT_ENDED, RevokeReason.PERSON_GONE])] == [
        (r.grant.id, list(r.reasons)) for r in grants_to_revoke(contract, after)
    ]


def test_single_currency_checks_charges_by_currency_value_not_identity() -> None:
    """A charge in an equal, new "NOK" is in the contract's currency; one in dollars is reported
    (kills `!=` read as `is not` or `<` for the billed amounts).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    (fee,) = ex.recurring_charges
    same = attrs.evolve(fee, amount=Money(fee.amount.amount, b"NOK".decode()))
    assert [] == _report(attrs.evolve(ex, recurring_charges=(same,)), "SINGLE_CURRENCY")
    dollars = attrs.evolve(fee, amount=Money(fee.amount.amount, "USD"))
    assert [
        (
            "SINGLE_CURRENCY",
            "$.recurring_charges[0].amount.currency",
            "'F-run' is in USD, the contract in NOK; state every amount in the contract's currency",
        )
    ] == _report(attrs.evolve(ex, recurring_charges=(dollars,)), "SINGLE_CURRENCY")


@pytest.mark.parametrize("currency", ["EUR", "USD"])  # sorting before and after NOK
def test_payments_within_value_leave_out_a_payment_in_another_currency(currency: str) -> None:
    """A vast milestone payment in another currency is not added to the kroner paid (kills `!=`
    read as `>` or `<` for the payment's currency).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    k = next(i for i, m in enumerate(ex.milestones) if m.payment is not None)
    milestones = list(ex.milestones)
    milestones[k] = attrs.evolve(milestones[k], payment=Money("1000000000", currency))
    assert [] == _report(attrs.evolve(ex, milestones=tuple(milestones)), "PAYMENTS_WITHIN_VALUE")


def test_risk_treated_checks_the_risks_after_a_closed_one() -> None:
    """A closed risk listed first is skipped, and an open risk after it with no owner is reported
    (kills `continue` read as `break`).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    first, second, *rest = ex.risks
    closed = attrs.evolve(first, status=RiskStatus.CLOSED)
    unowned = attrs.evolve(second, owner_id=None)
    contract = attrs.evolve(ex, risks=(closed, unowned, *rest))
    assert [
        (
            "RISK_TREATED",
            "$.risks[1].owner_id",
            f"risk {second.id!r} has no owner; name who answers for it",
        )
    ] == _report(contract, "RISK_TREATED")


def test_phases_sequential_holds_a_one_day_phase_to_the_term() -> None:
    """A phase of one day, the day before the term starts, is outside the term (kills the phase's
    `start <= end` read as `start < end`).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    day = ex.term.start - dt.timedelta(1)
    first, *rest = ex.phases
    contract = attrs.evolve(ex, phases=(attrs.evolve(first, start=day, end=day), *rest))
    assert [
        (
            "PHASES_SEQUENTIAL",
            "$.phases[0]",
            (
                f"phase 'PH-1' runs {day} to {day}, outside the term {ex.term.start} to"
                f" {ex.term.end}; move it inside or extend the term"
            ),
        )
    ] == _report(contract, "PHASES_SEQUENTIAL")


def test_deliverable_scheduled_is_not_fooled_by_an_id_that_is_no_deliverable() -> None:
    """D-08 and D-09 at no milestone, a ghost id at M-05 instead: both are reported (kills the
    count of listed ids less the dangling ones read as plus).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    milestones = tuple(
        attrs.evolve(m, deliverable_ids=("D-ghost",))
        if m.id == "M-05"
        else attrs.evolve(m, deliverable_ids=())
        if m.id == "M-06"
        else m
        for m in ex.milestones
    )
    contract = attrs.evolve(ex, milestones=milestones)
    expected = [
        (
            "DELIVERABLE_SCHEDULED",
            f"$.deliverables[{i}]",
            f"deliverable {d.id!r} is due at no milestone; list it in a milestone's deliverable_ids",
        )
        for i, d in enumerate(ex.deliverables)
        if d.id in {"D-08", "D-09"}
    ]
    assert len(expected) == 2
    assert expected == _report(contract, "DELIVERABLE_SCHEDULED")


def test_raci_conflict_compares_assignees_by_value_not_identity() -> None:
    """The owner of D-01 also consulted on it, under an id read from a file (an equal, new string),
    is reported (kills `==` read as `is` for the assignees).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    built = b"tomasz".decode()
    consulted = Responsibility(subject_id="D-01", assignee_id=built, role=Raci.CONSULTED)
    contract = attrs.evolve(ex, responsibilities=(*ex.responsibilities, consulted))
    k = len(contract.responsibilities) - 1
    assert _tomasz_also_consulted_on_d01(k) == _report(contract, "RACI_CONFLICT")


def test_single_currency_checks_a_kpis_credit_fee() -> None:
    """A service-credit fee in dollars is reported, one in kroner read from a file is not (kills
    `!=` read as `<`, USD sorting after NOK, or as `is not`).
    """  # noqa: D205 - one sentence
    ex = example_contract()
    kpi = ex.kpis[0]
    assert kpi.credits is not None
    built = attrs.evolve(kpi.credits, fee=Money(kpi.credits.fee.amount, b"NOK".decode()))
    same = attrs.evolve(ex, kpis=(attrs.evolve(kpi, credits=built), *ex.kpis[1:]))
    assert [] == _report(same, "SINGLE_CURRENCY")
    scheme = attrs.evolve(kpi.credits, fee=Money(kpi.credits.fee.amount, "USD"))
    contract = attrs.evolve(ex, kpis=(attrs.evolve(kpi, credits=scheme), *ex.kpis[1:]))
    assert [
        (
            "SINGLE_CURRENCY",
            "$.kpis[0].credits.fee.currency",
            (
                "the service-credit fee is in USD, the contract in NOK; state every amount in the"
                " contract's currency"
            ),
        )
    ] == _report(contract, "SINGLE_CURRENCY")


@pytest.mark.parametrize(
    "kroner",
    [
        pytest.param("NOK", id="as written"),
        pytest.param(b"NOK".decode(), id="read from a file"),  # an equal, new string
    ],
)
def test_payments_within_value_adds_up_the_charges_after_one_in_another_currency(
    kroner: str,
) -> None:
    """A vast charge in kroner listed after a charge in euros is reported, kroner read from a file
    too (kills `continue` read as `break` and `!=` read as `is not` for the charges).
    """  # noqa: D205 - one sentence
    ex = attrs.evolve(example_contract(), milestones=())
    (fee,) = ex.recurring_charges
    small = attrs.evolve(fee, id="F-small", amount=Money("1", "EUR"))
    vast = attrs.evolve(fee, amount=Money("1000000000", kroner))
    contract = attrs.evolve(ex, recurring_charges=(small, vast))
    assert [("PAYMENTS_WITHIN_VALUE", "$.recurring_charges[1]")] == [
        (code, path) for code, path, _ in _report(contract, "PAYMENTS_WITHIN_VALUE")
    ]


def test_a_rule_takes_its_fields_by_keyword_only() -> None:
    """`Rule` is made with keywords (kills `kw_only=True` read as False)."""
    found = CATALOGUE["OWNER_REQUIRED"]
    with pytest.raises(TypeError):
        Rule(found.code, found.severity, found.description, found.check)  # type: ignore[call-arg]


def test_rules_are_equal_by_what_they_say_not_by_their_check_function() -> None:
    """A rule with another check function but the same code, severity and description is equal
    to it (kills the check's `eq=False` read as True).
    """  # noqa: D205 - one sentence
    found = CATALOGUE["OWNER_REQUIRED"]
    other = attrs.evolve(found, check=lambda contract, as_of: iter(()))
    assert found.check is not other.check
    assert found == other
