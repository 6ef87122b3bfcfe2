import io
import json as std
from pathlib import Path

import pytest

from outsourcing import example_contract, json
from outsourcing._cli import main
from outsourcing.exceptions import MissingDependencyError
from outsourcing.ocds import loads

DATA = Path(__file__).parent / "data" / "ocds"


def test_import_ocds_writes_the_contract_and_prints_the_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """import-ocds writes one contract document for one OCDS contract, and the notes on stderr,
    each with its JSONPath, then how many."""  # noqa: D205, D209
    source = DATA / "release-package-1.1.json"
    assert 0 == main(["import-ocds", str(source)])
    out, err = capsys.readouterr()
    expected = loads(source.read_bytes())
    assert expected.contracts[0].contract == json.loads(out)
    lines = err.splitlines()
    assert [f"{source}: {n}" for n in expected.all_notes] == lines[:-1]
    assert f"{source}: 1 contract(s) imported, {len(expected.all_notes)} note(s)" == lines[-1]


def test_import_ocds_writes_json_lines_for_several_contracts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Several contracts are written as JSON Lines, one per line; --quiet prints only the count."""
    source = DATA / "record-package-1.1.json"
    assert 0 == main(["import-ocds", "--quiet", str(source)])
    out, err = capsys.readouterr()
    expected = [c.contract for c in loads(source.read_bytes()).contracts]
    assert expected == [json.loads(line) for line in out.splitlines()]
    assert [f"{source}: 3 contract(s) imported, 7 note(s)"] == err.splitlines()


def test_import_ocds_refuses_what_is_not_ocds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file that is not JSON, not OCDS, or not there exits 2 with the problem on stderr."""
    for text, message in (("{", "not JSON"), ('{"title": 1}', "expected an OCDS")):
        path = tmp_path / "bad.json"
        path.write_text(text)
        assert 2 == main(["import-ocds", str(path)])
        assert message in capsys.readouterr().err
    assert 2 == main(["import-ocds", str(tmp_path / "missing.json")])
    assert "cannot read the file" in capsys.readouterr().err


def test_export_ocds_prints_a_release_package_that_imports_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """export-ocds prints one release package of the contract documents, with the given ocid
    prefix and publisher, which imports back to the contract's id and value."""  # noqa: D205, D209
    path = tmp_path / "contract.json"
    path.write_text(json.dumps(example_contract()))
    args = ["export-ocds", "--ocid-prefix", "ocds-abc123", "--publisher", "Nordlys", str(path)]
    assert 0 == main(args)
    out = capsys.readouterr().out
    package = std.loads(out)
    assert ("ocds-abc123-NS-2026-014", "Nordlys") == (
        package["releases"][0]["ocid"],
        package["publisher"]["name"],
    )
    back = loads(out).contracts[0].contract
    assert (example_contract().id, example_contract().value) == (back.id, back.value)


def test_export_ocds_refuses_a_file_that_is_no_contract(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file that is not a contract document exits 2, naming the problem."""
    path = tmp_path / "bad.json"
    path.write_text('{"schema_version": 1}')
    assert 2 == main(["export-ocds", str(path)])
    assert "missing" in capsys.readouterr().err


def test_import_ocds_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'-' reads the document from standard input."""
    source = DATA / "release-1.0.json"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(source.read_bytes())))
    assert 0 == main(["import-ocds", "-"])
    assert loads(source.read_bytes()).contracts[0].contract == json.loads(capsys.readouterr().out)


def test_import_ocds_without_the_extra_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ocdsmerge (the ocds extra), merging releases exits 2 naming the extra."""

    def missing(_text: bytes) -> None:
        raise MissingDependencyError("pip install 'outsourcing[ocds]'")

    monkeypatch.setattr("outsourcing.ocds.loads", missing)
    assert 2 == main(["import-ocds", str(DATA / "release-1.0.json")])
    assert "outsourcing[ocds]" in capsys.readouterr().err
