"""The portfolio benchmark rows run, on tiny sizes, and measure what they claim."""

from __future__ import annotations

import pytest
from benchmarks.portfolio import documents, main

from outsourcing import json


def test_documents_differ_by_id_only() -> None:
    """Each benchmark document is the synthetic contract with an id of its own."""
    first, second = (json.loads(text) for text in documents(2, 3))
    assert ("BENCH-0", "BENCH-1") == (first.id, second.id)
    assert first.deliverables == second.deliverables


@pytest.mark.slow
def test_rows_run_on_tiny_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    """Every row prints, with its target, on sizes small enough for the suite."""
    argv = ["--contracts", "4", "--deliverables", "3", "--lines", "20", "--line-deliverables", "3"]
    argv += ["--breakdown", "3"]
    assert 0 == main([*argv, "--arrow-deliverables", "50", "--repeats", "1"])
    out = capsys.readouterr().out
    for row in (
        "lib throughput vs pydantic",
        "2 processes vs 1",
        "2 independent processes vs 1",
        "of a core (CPU over wall time, jobs_1)",
        "JSON Lines: 20 x 3",
        "where a contract's time goes (3 contracts",
        "lib: repeated-key check",
        "pydantic: rules",
        "Arrow export",
    ):
        assert row in out
