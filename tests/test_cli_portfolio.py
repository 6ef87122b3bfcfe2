"""`outsourcing validate` over many documents (--jobs, JSON Lines) and `outsourcing tables`."""

from __future__ import annotations

import io
import json as std
from pathlib import Path

import attrs
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from outsourcing import Partner, PartnerRole, example_contract, json, tables
from outsourcing._cli import main
from outsourcing._cli.portfolio import _Progress


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process; return (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """Five lines: three valid contracts, one with two clients, and one that does not load."""
    base = example_contract()
    second_client = Partner(id="x", name="X", role=PartnerRole.CLIENT, country="NO")
    lines = [json.dumps(attrs.evolve(base, id=f"C-{n}")) for n in range(3)]
    lines.insert(
        1, json.dumps(attrs.evolve(base, id="BAD", parties=(*base.parties, second_client)))
    )
    lines.append('{"schema_version": 1, "id": 5}')
    path = tmp_path / "portfolio.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_lines_text_lists_only_documents_with_findings_and_a_summary_per_rule(
    capsys: pytest.CaptureFixture[str], portfolio: Path
) -> None:
    """Text output: each document with findings, then counts and one row per broken rule."""
    status, out, err = run(capsys, "validate", str(portfolio), "--as-of", "2026-12-01")
    assert 2 == status  # a line could not be loaded
    assert f"{portfolio}:2 (BAD): INVALID" in out
    assert f"{portfolio}:5: unreadable" in out
    assert "5 documents: 3 valid, 1 invalid, 1 unreadable" in out
    assert "ONE_CLIENT" in out.split("unreadable\n")[-1]  # in the summary table
    assert "C-0" not in out  # valid documents are counted, not listed
    assert "" == err  # no progress line when stderr is not a terminal


def test_jobs_and_json_format_give_a_summary_for_tools(
    capsys: pytest.CaptureFixture[str], portfolio: Path
) -> None:
    """--jobs 2 --format json: counts, a per-rule summary and the documents with findings."""
    status, out, _ = run(
        capsys,
        "validate",
        str(portfolio),
        "--jobs",
        "2",
        "--format",
        "json",
        "--as-of",
        "2026-12-01",
    )
    assert 2 == status
    summary = std.loads(out)
    assert (5, 3, 1, 1) == tuple(
        summary[k] for k in ("documents", "valid", "invalid", "unreadable")
    )
    assert {"errors": 1, "warnings": 0, "documents": 1} == summary["rules"]["ONE_CLIENT"]
    assert [2, 5] == [r["line"] for r in summary["results"]]
    assert "BAD" == summary["results"][0]["contract_id"]


def test_jobs_on_plain_files_exits_one_for_an_invalid_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--jobs over plain JSON files: valid and invalid documents give exit status 1."""
    base = example_contract()
    second_client = Partner(id="x", name="X", role=PartnerRole.CLIENT, country="NO")
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(base), encoding="utf-8")
    bad.write_text(json.dumps(attrs.evolve(base, parties=(*base.parties, second_client))), "utf-8")
    status, out, _ = run(capsys, "validate", "--jobs", "2", str(good), str(bad))
    assert 1 == status
    assert "2 documents: 1 valid, 1 invalid, 0 unreadable" in out


def test_bad_jobs_is_a_command_line_error(
    capsys: pytest.CaptureFixture[str], portfolio: Path
) -> None:
    """--jobs 0 is refused in one line, with exit status 2."""
    status, _, err = run(capsys, "validate", "--jobs", "0", str(portfolio))
    assert 2 == status
    assert "expected a number of processes" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only() -> None:
    """The progress line is written to a terminal and cleared; elsewhere nothing is written."""
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = _Progress(stream)
        progress.update(10, 1, 0)
        progress.close()
    assert "\r10 documents checked, 1 invalid, 0 unreadable\r\x1b[K" == terminal.getvalue()
    assert "" == pipe.getvalue()


def test_tables_writes_parquet_per_table_and_findings(
    capsys: pytest.CaptureFixture[str], portfolio: Path, tmp_path: Path
) -> None:
    """`tables` writes one Parquet file per table plus findings; a bad line is reported."""
    out_dir = tmp_path / "tables"
    status, out, err = run(capsys, "tables", str(portfolio), "--out", str(out_dir))
    assert 2 == status
    assert "4 contracts: 15 tables written" in out
    assert "on line 5" in err
    contracts = pq.read_table(out_dir / "contracts.parquet")
    assert ["C-0", "BAD", "C-1", "C-2"] == contracts.column("contract_id").to_pylist()
    findings = pq.read_table(out_dir / "findings.parquet")
    assert tables.schema("findings") == findings.schema
    rows = findings.to_pylist()
    assert {"BAD"} == {r["contract_id"] for r in rows if r["code"] == "ONE_CLIENT"}
    for name in tables.TABLES:
        assert tables.schema(name) == pq.read_table(out_dir / f"{name}.parquet").schema


def test_tables_findings_follow_the_rule_set(
    capsys: pytest.CaptureFixture[str], portfolio: Path, tmp_path: Path
) -> None:
    """--rule-set published: the findings table holds what that rule set reports, as validate."""
    found = {}
    for rule_set in ("authored", "published"):
        out_dir = tmp_path / rule_set
        run(capsys, "tables", str(portfolio), "--out", str(out_dir), "--rule-set", rule_set)
        rows = pq.read_table(out_dir / "findings.parquet").to_pylist()
        found[rule_set] = {(r["contract_id"], r["code"], r["severity"]) for r in rows}
    assert ("BAD", "ONE_CLIENT", "error") in found["authored"]
    assert ("BAD", "ONE_CLIENT", "warning") in found["published"]
    assert {"ONE_CLIENT"} == {code for _, code, _ in found["published"]}
    status, _, err = run(
        capsys, "tables", str(portfolio), "--out", str(tmp_path), "--rule-set", "x"
    )
    assert 2 == status
    assert "invalid choice: 'x'" in err


def test_tables_reads_plain_files_and_reports_the_unreadable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Plain JSON files are one contract each; a missing one is reported, the rest written."""
    good = tmp_path / "good.json"
    good.write_text(json.dumps(example_contract()), encoding="utf-8")
    out_dir = tmp_path / "t"
    argv = ["tables", str(good), str(tmp_path / "gone.json"), "--out", str(out_dir)]
    status, out, err = run(capsys, *argv, "--as-of", "2026-12-01")
    assert 2 == status
    assert "1 contracts: 15 tables written" in out
    assert str(tmp_path / "gone.json") in err
    assert 1 == pq.read_table(out_dir / "contracts.parquet").num_rows


def test_tables_refuses_a_bad_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--as-of must be a date: a command-line error in one line, exit status 2."""
    status, _, err = run(capsys, "tables", "x.json", "--out", str(tmp_path), "--as-of", "soon")
    assert 2 == status
    assert "expected a date as YYYY-MM-DD" in err
