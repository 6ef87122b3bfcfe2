"""How KPIs fare as of a date: evaluation windows, status per window, trend and service credits."""

from outsourcing._base.public import publish
from outsourcing._operations.kpi_results import (
    EvaluationWindow,
    KPIEvaluation,
    KPIState,
    PeriodCredit,
    Trend,
    WindowResult,
    evaluate_kpi,
    period_credits,
    service_credits,
)

__all__ = [
    "EvaluationWindow",
    "KPIEvaluation",
    "KPIState",
    "PeriodCredit",
    "Trend",
    "WindowResult",
    "evaluate_kpi",
    "period_credits",
    "service_credits",
]

publish(__name__, globals(), __all__)
