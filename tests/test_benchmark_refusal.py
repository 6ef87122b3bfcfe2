"""The refusal rows run, on a tiny size, and refuse what they claim to refuse."""

from __future__ import annotations

import pytest
from benchmarks.refusal import documents, main

from outsourcing import json
from outsourcing.exceptions import LoadError


def test_the_documents_are_one_valid_and_three_refused_at_their_places() -> None:
    """The valid document loads; each broken one is refused where it was broken."""
    texts = documents(30)
    assert 30 == len(json.loads(texts["valid"]).deliverables)
    expected = {
        "late_bad_type": ["$.deliverables[29].title"],
        "late_bad_date": ["$.milestones[2].due"],
        "every_item_bad": [f"$.deliverables[{i}].title" for i in range(30)],
    }
    for name, paths in expected.items():
        with pytest.raises(LoadError) as caught:
            json.loads(texts[name])
        assert paths == [p.path for p in caught.value.problems]


def test_rows_run_on_a_tiny_size(capsys: pytest.CaptureFixture[str]) -> None:
    """Every document gets a row, and both targets are judged."""
    assert 0 == main(["--deliverables", "30", "--repeats", "1"])
    out = capsys.readouterr().out
    for row in ("valid", "late_bad_type", "late_bad_date", "every_item_bad", "worst refusal time"):
        assert row in out
