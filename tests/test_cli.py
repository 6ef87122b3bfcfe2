"""The `outsourcing` command: every subcommand, every exit status, and errors without tracebacks."""

from __future__ import annotations

import datetime as dt
import json as std
import os
import shlex
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from helpers import example_with
from outsourcing import Gate, Money, Raci, example_contract, json
from outsourcing._cli import main
from outsourcing.status import StatusReport, status_report


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process; return (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    path = tmp_path / "valid.json"
    path.write_text(json.dumps(example_contract()), encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A contract that loads but breaks a rule: deliverable D-04 has no owner."""
    contract = example_contract()
    kept = tuple(
        r
        for r in contract.responsibilities
        if not (r.subject_id == "D-04" and r.role is Raci.ACCOUNTABLE)
    )
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(attrs.evolve(contract, responsibilities=kept)), encoding="utf-8")
    return path


@pytest.fixture
def malformed(tmp_path: Path) -> Path:
    path = tmp_path / "malformed.json"
    data = json.to_dict(example_contract())
    data["milestones"][2]["due"] = "soon"
    path.write_text(std.dumps(data), encoding="utf-8")
    return path


def test_validate_valid_file_exits_0(capsys: pytest.CaptureFixture[str], valid: Path) -> None:
    """A valid document: status 0 and a one-line verdict."""
    status, out, err = run(capsys, "validate", "--as-of", "2026-11-22", str(valid))
    assert (0, f"{valid}: valid: 0 errors, 0 warnings\n", "") == (status, out, err)


def test_validate_rule_errors_exit_1(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    """A document that breaks a rule: status 1, each violation with code and path."""
    status, out, _ = run(capsys, "validate", str(broken))
    assert 1 == status
    assert "OWNER_REQUIRED" in out
    assert "$.deliverables[3]" in out


def test_validate_malformed_exits_2(capsys: pytest.CaptureFixture[str], malformed: Path) -> None:
    """A document that does not load: status 2, one line per problem on stderr."""
    status, out, err = run(capsys, "validate", str(malformed))
    assert (2, "") == (status, out)
    assert (
        f'{malformed}: $.milestones[2].due: expected an ISO 8601 date (YYYY-MM-DD), got "soon"\n'
        == err
    )


def test_validate_unreadable_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing file: status 2 and one clear line."""
    missing = tmp_path / "missing.json"
    status, _, err = run(capsys, "validate", str(missing))
    assert (2, f"{missing}: $: cannot read the file: No such file or directory\n") == (status, err)


def test_validate_worst_status_wins(
    capsys: pytest.CaptureFixture[str], valid: Path, broken: Path, malformed: Path
) -> None:
    """Several files: every one is reported, and the status is the worst of them."""
    assert 1 == run(capsys, "validate", str(valid), str(broken))[0]
    status, out, _ = run(capsys, "validate", str(malformed), str(valid), str(broken))
    assert 2 == status
    assert str(valid) in out
    assert str(broken) in out


def test_validate_json_format(
    capsys: pytest.CaptureFixture[str], broken: Path, malformed: Path
) -> None:
    """--format json prints one entry per file, with violations or load problems."""
    status, out, err = run(capsys, "validate", "--format", "json", str(broken), str(malformed))
    assert (2, "") == (status, err)
    first, second = std.loads(out)
    assert "invalid" == first["status"]
    assert {
        "code": "OWNER_REQUIRED",
        "severity": "error",
        "path": "$.deliverables[3]",
        "message": "deliverable 'D-04' has no owner; add a responsibility with role 'accountable'",
    } in first["violations"]
    assert ["GATE_BEFORE_NEXT"] == first["skipped"]
    assert {
        "file": str(malformed),
        "status": "unreadable",
        "problems": [
            {
                "path": "$.milestones[2].due",
                "message": 'expected an ISO 8601 date (YYYY-MM-DD), got "soon"',
            }
        ],
    } == second


def test_validate_as_of_runs_time_dependent_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--as-of judges GATE_BEFORE_NEXT on that day; without it the rule is skipped."""
    contract = example_contract()
    pilot = attrs.evolve(contract.phases[0], gate=Gate(criteria=("Pilot conversion",)))
    path = tmp_path / "pending.json"
    path.write_text(
        json.dumps(example_with(phases=(pilot, *contract.phases[1:]))), encoding="utf-8"
    )
    assert 0 == run(capsys, "validate", str(path))[0]
    status, out, _ = run(capsys, "validate", "--as-of", "2026-12-01", str(path))
    assert 1 == status
    assert "GATE_BEFORE_NEXT" in out


def test_validate_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, valid: Path
) -> None:
    """'-' reads the document from standard input."""

    class Stdin:
        buffer = valid.open("rb")

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert 0 == run(capsys, "validate", "-")[0]
    Stdin.buffer.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--as-of", "22.11.2026", "x.json"],
        ["validate", "--format", "xml", "x.json"],
        ["frobnicate"],
        [],
    ],
)
def test_command_line_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """Wrong arguments: status 2, one line on stderr saying where help is, no traceback."""
    status, out, err = run(capsys, *argv)
    assert (2, "") == (status, out)
    assert 1 == len(err.splitlines()), err
    assert "--help" in err


@pytest.mark.parametrize("command", ["validate", "report", "example", "schema"])
def test_help_explains_each_subcommand_with_an_example(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """--help exits 0 and shows an example invocation."""
    status, out, _ = run(capsys, command, "--help")
    assert 0 == status
    assert f"example:\n  outsourcing {command}" in out


def test_example_prints_the_bundled_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """The printed example loads back into the bundled example contract."""
    status, out, _ = run(capsys, "example")
    assert 0 == status
    assert example_contract() == json.loads(out)


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`outsourcing schema` prints what json.schema() returns."""
    status, out, _ = run(capsys, "schema")
    assert (0, json.schema()) == (status, std.loads(out))


def test_report_summarises_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    """Without FILE, the report covers the example: parties, phases, milestones, owners, money."""
    status, out, err = run(capsys, "report")
    assert (0, "") == (status, err)
    assert out.startswith("Web shop rebuild (contract NS-2026-014, version 2)\n")
    for line in (
        "  client         Nordlys Sport AS [nordlys], NO, Europe/Oslo",
        "  1. Pilot: product pages [PH-1], pilot, 2026-09-07 to 2026-11-20",
        "  2026-10-30  Pilot pages live [M-01], met on 2026-10-29, pays 600,000 NOK",
        "     8  Tomasz Nowak (Kodehuset Sp. z o.o.)",
        "  5 milestone payments, 4,800,000 NOK in all, of a value of 6,000,000 NOK",
        (
            "  recurring: F-run Hosting and operations of the shop, 100,000 NOK monthly from "
            "2026-09-07 to the end of the term"
        ),
        "  valid: 0 errors, 0 warnings",
    ):
        assert line in out.splitlines()
    summary = out.split("\n\nNS-2026-014 Web shop rebuild (version 2) as of ")[0]
    dues = [line.split()[0] for line in summary.splitlines() if line.startswith("  20")]
    assert sorted(dues) == dues


def test_report_on_a_broken_file(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    """A report on a contract with rule errors shows them and exits 1."""
    status, out, _ = run(capsys, "report", str(broken))
    assert 1 == status
    assert "Catalogue and search [D-04], accepted, no owner" in out
    assert "OWNER_REQUIRED" in out


def test_report_on_a_malformed_file(capsys: pytest.CaptureFixture[str], malformed: Path) -> None:
    """A report on a document that does not load exits 2 with the problems on stderr."""
    status, out, err = run(capsys, "report", str(malformed))
    assert (2, "") == (status, out)
    assert "$.milestones[2].due" in err


def test_python_dash_m_runs_the_command() -> None:
    """`python -m outsourcing` is the command, in a real process."""
    done = subprocess.run(
        [sys.executable, "-m", "outsourcing", "report"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, "") == (done.returncode, done.stderr)
    assert "Nordlys Sport AS" in done.stdout


def test_report_as_of_adds_the_status_of_the_engagement(capsys: pytest.CaptureFixture[str]) -> None:
    """With --as-of, the text report ends with the status on that day: phases, payments, meetings."""
    status, out, _ = run(capsys, "report", "--as-of", "2026-12-01")
    assert 0 == status
    assert "Web shop rebuild (contract NS-2026-014, version 2)" in out
    assert "NS-2026-014 Web shop rebuild (version 2) as of 2026-12-01" in out
    assert "PH-2 Build: catalogue, checkout and accounts" in out
    assert "2026-12-07 Weekly status (status)" in out


def test_report_as_markdown_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format markdown prints the status report as Markdown; json prints it loadably."""
    status, out, _ = run(capsys, "report", "--as-of", "2026-12-01", "--format", "markdown")
    assert 0 == status
    assert out.startswith("#")
    status, out, _ = run(capsys, "report", "--as-of", "2026-12-01", "--format", "json")
    assert 0 == status
    loaded = json.loads(out, StatusReport)
    assert status_report(example_contract(), as_of=dt.date(2026, 12, 1)) == loaded


def test_report_formats_other_than_text_need_a_date(
    capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    """Nothing reads the clock: --format json of a FILE without --as-of is a usage error (exit 2).

    (The bundled example has a date of its own, so ``report --format json`` alone works.)
    """
    status, out, err = run(capsys, "report", str(broken), "--format", "json")
    assert 2 == status
    assert "" == out
    assert "outsourcing report: --format json needs --as-of DATE\n" == err


def _loads_but_invalid(tmp_path: Path, how: str) -> Path:
    contract = example_contract()
    if how == "mixed currencies":
        milestones = tuple(
            attrs.evolve(m, payment=Money(m.payment.amount, "EUR")) if m.payment else m
            for m in contract.milestones
        )
        contract = attrs.evolve(contract, milestones=milestones)
    else:  # a dangling milestone: support starts at a go-live that does not exist
        assert contract.support is not None
        support = attrs.evolve(contract.support, go_live_milestone_id="M-99")
        contract = attrs.evolve(contract, support=support)
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(contract), encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["mixed currencies", "dangling milestone"])
@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_report_on_an_invalid_contract_lists_the_problems_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, how: str, form: str
) -> None:
    """Report --as-of on a contract that loads but breaks rules: what it can, the problems, 1."""
    path = _loads_but_invalid(tmp_path, how)
    status, out, err = run(capsys, "report", str(path), "--as-of", "2026-12-01", "--format", form)
    assert 1 == status
    assert "Traceback" not in err
    assert "no status report for this contract as it stands" in err
    if form == "text":
        assert "Nordlys Sport AS" in out  # the summary it could make
        assert "error" in out


def test_validate_into_a_closed_pipe_still_exits_with_what_it_found(
    broken: Path, malformed: Path
) -> None:
    """`validate ... | head -c1`: the reader leaves, the exit status still says 2 (unreadable)."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line
    try:
        done = subprocess.run(  # noqa: S603 - our own command, on our own files
            [sys.executable, "-m", "outsourcing", "validate", str(broken), str(malformed)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)
    assert 2 == done.returncode
    assert "Traceback" not in done.stderr


def test_validate_with_standard_input_closed_says_so() -> None:
    """`validate - <&-`: a one-line problem and status 2, not an AttributeError."""
    done = subprocess.run(  # noqa: S602 - the shell is how standard input gets closed
        f"{shlex.quote(sys.executable)} -m outsourcing validate - <&-",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (2, "-: $: cannot read standard input: it is closed\n") == (
        done.returncode,
        done.stderr,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_validate_reads_standard_input_on_several_processes(jobs: str) -> None:
    """`validate --jobs N -`: standard input is read by the command, not by a worker process."""
    text = json.dumps(example_contract())
    command = [sys.executable, "-m", "outsourcing", "validate", "--jobs", jobs, "a.json", "-"]
    done = subprocess.run(  # noqa: S603 - our own command
        command, input=text, capture_output=True, text=True, check=False
    )
    assert "a.json: unreadable" in done.stdout
    assert "2 documents: 1 valid, 0 invalid, 1 unreadable" in done.stdout
    closed = subprocess.run(  # noqa: S602 - the shell is how standard input gets closed
        f"{shlex.join(command)} <&-", shell=True, capture_output=True, text=True, check=False
    )
    assert "-: unreadable\n  $: cannot read standard input: it is closed" in closed.stdout


def test_version_with_standard_output_closed_goes_to_standard_error() -> None:
    """`--version >&-`: as argparse does, the version on standard error, exit status 0."""
    done = subprocess.run(  # noqa: S602 - the shell is how standard output gets closed
        f"{shlex.quote(sys.executable)} -m outsourcing --version >&-",
        shell=True,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    assert (0, "outsourcing ") == (done.returncode, done.stderr[:12])


def test_version_is_printed_on_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """--version: the program and the installed version, on standard output, exit status 0."""
    import importlib.metadata  # noqa: PLC0415

    status, out, err = run(capsys, "--version")
    assert (0, f"outsourcing {importlib.metadata.version('outsourcing')}\n", "") == (
        status,
        out,
        err,
    )


def test_importing_the_library_leaves_the_version_until_asked() -> None:
    """A fresh process imports the library without importlib.metadata; __version__ still answers."""
    code = (
        "import sys, outsourcing, outsourcing.portfolio, outsourcing._cli\n"
        "print('importlib.metadata' in sys.modules)\n"
        "from importlib.metadata import version\n"
        "print(outsourcing.__version__ == version('outsourcing'))\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "False\nTrue\n" == done.stdout
