"""Strategies for entries of the risk register."""

from __future__ import annotations

from typing import Final

from hypothesis import strategies as st

from outsourcing._models.risks import HIGH_RISK, Risk, RiskAllocation, RiskCategory, RiskStatus
from outsourcing.exceptions import InvalidValueError
from outsourcing.strategies._published import _sometimes
from outsourcing.strategies._shared import Draw, _check_strategy, _ids, _or, _text

_RISK_TEXT: Final = _text(
    "Key developer leaves mid-project", "Supplier staff misuse admin access", "Scope creep"
)
_MITIGATION: Final = _text("Pair programming and shared code ownership", "Least-privilege roles")
_CONTINGENCY: Final = _text("Bring in the bench team within two weeks", "Revoke and audit at once")
_RISK_CATEGORY: Final = st.sampled_from(RiskCategory)
_RISK_STATUS: Final = st.sampled_from(RiskStatus)
_ONE_TO_FIVE: Final = st.integers(1, 5)
_ALLOCATION: Final = st.sampled_from(RiskAllocation)
_ALLOCATION_DETAILS: Final = _text("Shared 50/50 above the first 1,000,000")


def _risk(
    draw: Draw,
    id_: str,
    owners: st.SearchStrategy[str],
    treated: bool | None,  # noqa: FBT001
) -> Risk:
    """A risk; ``treated`` keeps ``RISK_TREATED``, ``False`` breaks it, ``None`` is either.

    Closed risks need no treatment, so they may lack any of it.
    """
    rated = draw(st.integers(0, 7)) < 7  # shrinks towards a rated risk
    likelihood = draw(_ONE_TO_FIVE) if rated else None
    impact = draw(_ONE_TO_FIVE) if rated else None
    open_ = [s for s in RiskStatus if s is not RiskStatus.CLOSED]
    status = draw(st.sampled_from(open_) if treated is False else _RISK_STATUS)
    loose = treated is None or status is RiskStatus.CLOSED
    if treated is False:
        owner, mitigation, contingency = None, None, None
    else:
        owner = draw(st.none() | owners) if loose else draw(owners)
        mitigation = draw(st.none() | _MITIGATION) if loose else draw(_MITIGATION)
        high = likelihood is not None and impact is not None and likelihood * impact >= HIGH_RISK
        contingency = draw(_CONTINGENCY) if high and not loose else draw(st.none() | _CONTINGENCY)
    return Risk(
        id=id_,
        description=draw(_RISK_TEXT),
        category=draw(_RISK_CATEGORY),
        likelihood=likelihood,
        impact=impact,
        owner_id=owner,
        mitigation=mitigation,
        contingency=contingency,
        status=status,
        allocation=_sometimes(draw, _ALLOCATION),
        allocation_details=_sometimes(draw, _ALLOCATION_DETAILS),
    )


@st.composite
def _risks(
    draw: Draw,
    ids: st.SearchStrategy[str],
    owners: st.SearchStrategy[str],
    treated: bool | None,  # noqa: FBT001
) -> Risk:
    return _risk(draw, draw(ids), owners, treated)


def _check_flag(where: str, value: object) -> None:
    if value is not None and type(value) is not bool:
        raise InvalidValueError(where, value, "True, False, or None for either")


def risks(
    *,
    ids: st.SearchStrategy[str] | None = None,
    owner_ids: st.SearchStrategy[str] | None = None,
    treated: bool | None = None,
) -> st.SearchStrategy[Risk]:
    """Entries of the risk register, anywhere on the 5 x 5 grid, in any category and status.

    Args:
        ids: The ids to draw from; ``R-<n>`` by default.
        owner_ids: The owners to draw from; ``partner-<n>`` by default.
        treated: ``True`` for risks that keep ``RISK_TREATED`` (an owner and a mitigation, and a
            contingency plan when high, unless closed); ``False`` for open risks with none of
            these, which break it; ``None`` (the default) for either.
    """
    _check_strategy("risks(ids=...)", ids)
    _check_strategy("risks(owner_ids=...)", owner_ids)
    _check_flag("risks(treated=...)", treated)
    return _risks(_or(ids, _ids("R")), _or(owner_ids, _ids("partner")), treated)
