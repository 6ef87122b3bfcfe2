"""The benchmark measures what it claims: valid documents, peers that load the same data."""

from __future__ import annotations

import datetime as dt
import json as std

import pytest
from benchmarks.__main__ import main
from benchmarks.peers import MSGSPEC_DECODER, PContract
from benchmarks.synthetic import foreign_document, synthetic_contract

from outsourcing import json, validate


@pytest.mark.parametrize("size", [1, 10, 25, 1000])
def test_synthetic_contracts_are_valid_and_have_the_issue_s_shape(size: int) -> None:
    """N deliverables, a milestone per ten, ten phases, 20 partners, 50 KPIs, two owners each."""
    contract = synthetic_contract(size)
    assert [] == list(validate(contract, as_of=contract.term.end))
    assert (size, (size + 9) // 10, 10, 20, 50, 2 * size) == (
        len(contract.deliverables),
        len(contract.milestones),
        len(contract.phases),
        len(contract.parties),
        len(contract.kpis),
        len(contract.responsibilities),
    )


def test_every_peer_loads_the_same_data() -> None:
    """msgspec, pydantic and the library read one document into the same values.

    The library and msgspec read the same contract with its defaulted keys left out, too.
    """
    contract = synthetic_contract(120)
    text = json.dumps(contract)
    foreign = std.dumps(foreign_document(contract))
    peers = (
        json.loads(text),
        json.loads(foreign),
        MSGSPEC_DECODER.decode(text),
        MSGSPEC_DECODER.decode(foreign),
        PContract.model_validate_json(text),
    )
    for loaded in peers:
        assert [d.id for d in contract.deliverables] == [d.id for d in loaded.deliverables]
        assert [(r.subject_id, r.assignee_id, r.role) for r in contract.responsibilities] == [
            (r.subject_id, r.assignee_id, r.role) for r in loaded.responsibilities
        ]
        assert [m.payment.amount for m in contract.milestones if m.payment is not None] == [
            m.payment.amount for m in loaded.milestones if m.payment is not None
        ]
        assert [k.measurements[0].on for k in contract.kpis] == [
            k.measurements[0].on for k in loaded.kpis
        ]
        # The library's own rules run over every peer, with the same verdict.
        assert validate(loaded, as_of=dt.date(2027, 1, 5)).ok


def test_peers_are_strict_too() -> None:
    """The peers refuse unknown keys, so they do the same work as the library's loader."""
    data = std.loads(json.dumps(synthetic_contract(3)))
    data["surprise"] = 1
    text = std.dumps(data)
    with pytest.raises(Exception, match="surprise"):
        MSGSPEC_DECODER.decode(text)
    with pytest.raises(Exception, match="surprise"):
        PContract.model_validate_json(text)


@pytest.mark.slow
def test_the_command_runs_at_a_tiny_size(
    capsys: pytest.CaptureFixture[str], tmp_path: pytest.TempPathFactory
) -> None:
    """Python -m benchmarks prints the table and the targets, and writes JSON when asked."""
    out = tmp_path / "bench.json"  # type: ignore[operator]
    assert 0 == main(["--sizes", "20,40", "--repeats", "1", "--json", str(out)])
    printed = capsys.readouterr().out
    assert "lib_load_validate" in printed
    assert "targets at 40 deliverables:" in printed
    results = std.loads(out.read_text())["results"]
    assert [20, 40] == [r["size"] for r in results]
    assert {"lib_load", "lib_load_foreign", "json_load", "msgspec_load", "pydantic_load"} <= set(
        results[0]["seconds"]
    )
