"""Portfolios: many contracts validated at once, and rules that look across contracts.

Validate a stream of documents on several processes (:func:`check_files`, :func:`check_lines`),
or per partition on Dask, Spark or Ray (:func:`check_partition`, :func:`check_arrow`); check a
portfolio against rules over all its contracts (:func:`validate_portfolio`).

Workers receive text (JSON lines or file paths) and return :class:`Checked` records, so contracts
never cross a process boundary and memory is bounded by a few documents in flight plus the
findings.
"""

from outsourcing._base.public import publish
from outsourcing._bulk.checking import (
    NOT_LOADED,
    Checked,
    check_arrow,
    check_file,
    check_files,
    check_lines,
    check_partition,
    check_text,
    findings_of,
)
from outsourcing._rules.portfolio import (
    PORTFOLIO_CATALOGUE,
    Place,
    PortfolioFinding,
    PortfolioReport,
    PortfolioRule,
    PortfolioViolation,
    portfolio_rule,
    validate_portfolio,
)

__all__ = [
    "NOT_LOADED",
    "PORTFOLIO_CATALOGUE",
    "Checked",
    "Place",
    "PortfolioFinding",
    "PortfolioReport",
    "PortfolioRule",
    "PortfolioViolation",
    "check_arrow",
    "check_file",
    "check_files",
    "check_lines",
    "check_partition",
    "check_text",
    "findings_of",
    "portfolio_rule",
    "validate_portfolio",
]

publish(__name__, globals(), __all__)
