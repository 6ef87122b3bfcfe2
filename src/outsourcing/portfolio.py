"""Portfolios: many documents validated at once, on several processes or on a cluster.

Validate a stream of documents on several processes (:func:`check_files`, :func:`check_lines`),
or per partition on Dask, Spark or Ray (:func:`check_partition`, :func:`check_arrow`). The rules
that look across contracts are at the package root, beside :func:`outsourcing.validate`:
:func:`outsourcing.validate_portfolio`, :func:`outsourcing.portfolio_rule`.

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

__all__ = [
    "NOT_LOADED",
    "Checked",
    "check_arrow",
    "check_file",
    "check_files",
    "check_lines",
    "check_partition",
    "check_text",
    "findings_of",
]

publish(__name__, globals(), __all__)
