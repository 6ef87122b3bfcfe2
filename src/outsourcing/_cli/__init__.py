"""The ``outsourcing`` command (also ``python -m outsourcing``).

Exit status: 0 when every document is valid (warnings allowed), 1 when some rule reports an error,
2 when a file cannot be read or is not a contract document, or the command line is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any, NoReturn, TextIO

from outsourcing import json as ojson
from outsourcing._cli.summary import summarize
from outsourcing._example import example_contract
from outsourcing._models.contract import Contract
from outsourcing._operations.status import render_markdown, render_text, status_report
from outsourcing._rules.catalogue import validate
from outsourcing._rules.machinery import Report
from outsourcing.exceptions import LoadError, Problem

VALID, INVALID, UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, with where to find help."""

    def error(self, message: str) -> NoReturn:
        self.exit(UNREADABLE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _date(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    msg = f"expected a date as YYYY-MM-DD, got {text!r}"
    raise argparse.ArgumentTypeError(msg)


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="outsourcing",
        description="Check and summarise outsourcing contracts written as JSON documents.",
        epilog="Run 'outsourcing COMMAND --help' for what each command does, with an example.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('outsourcing')}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "validate",
        help="check contract documents against the rule catalogue",
        description="Load each contract document and report every rule it breaks, with the\n"
        "rule's code, the JSON path and what to do about it.\n\n"
        "exit status: 0 all valid (warnings allowed), 1 some rule error,\n"
        "2 a file unreadable or not a contract document.",
        epilog="example:\n  outsourcing validate --as-of 2026-11-22 contract.json\n"
        "  (for a contract.json to try it on: outsourcing example > contract.json)",
        formatter_class=raw,
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a contract document ('-': stdin)")
    check.add_argument(
        "--as-of", type=_date, metavar="DATE", help="judge time-dependent rules on this day"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="how to print (default: text)"
    )
    check.set_defaults(run=_validate)

    report = commands.add_parser(
        "report",
        help="summarise an engagement (the bundled example if no FILE)",
        description="Print the parties, phases and milestones in order, owners, payments and\n"
        "the validation outcome of one contract: the bundled example unless FILE is given.\n"
        "With --as-of, add the status of the engagement on that day: progress per phase,\n"
        "late milestones, pending acceptances, KPIs and service credits, payments, the\n"
        "invoice schedule by month (recurring fees, credits and their caps, net payable),\n"
        "transactions, next meetings and open gates. --format markdown or json prints that\n"
        "status report alone (and needs --as-of: nothing here reads the clock).\n\n"
        "exit status: as for 'outsourcing validate'.",
        epilog="example:\n  outsourcing report\n"
        "  outsourcing report contract.json --as-of 2026-12-01\n"
        "  outsourcing report --as-of 2026-12-01 --format markdown > status.md",
        formatter_class=raw,
    )
    report.add_argument("file", nargs="?", metavar="FILE", help="a contract document ('-': stdin)")
    report.add_argument(
        "--as-of", type=_date, metavar="DATE", help="the day to report the engagement's status on"
    )
    report.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default), or the status report alone as markdown or json",
    )
    report.set_defaults(run=_report)

    example = commands.add_parser(
        "example",
        help="print the bundled example contract as JSON",
        description="Print the bundled example contract (a web-shop rebuild) as a JSON\n"
        "document: a starting point for your own.",
        epilog="example:\n  outsourcing example > contract.json",
        formatter_class=raw,
    )
    example.set_defaults(run=_example)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of contract documents",
        description="Print the JSON Schema (draft 2020-12) of contract documents, to validate\n"
        "them or to generate code in another language.",
        epilog="example:\n  outsourcing schema > contract.schema.json",
        formatter_class=raw,
    )
    schema.set_defaults(run=_schema)
    return parser


def _read(name: str) -> Contract:
    """Load a contract document from a file (``-`` is standard input).

    Raises:
        LoadError: The file is unreadable or not a contract document.
    """
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as file:  # noqa: PTH123 - plain open reads best here
                data = file.read()
    except OSError as exc:
        raise LoadError((Problem("$", f"cannot read the file: {exc.strerror or exc}"),)) from None
    return ojson.loads(data)


def _problem_lines(name: str, error: LoadError) -> list[str]:
    return [f"{name}: {p.path}: {p.message}" for p in error.problems]


def _status(report: Report) -> int:
    return VALID if report.ok else INVALID


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    results: list[dict[str, Any]] = []
    worst = VALID
    for name in args.files:
        try:
            contract = _read(name)
        except LoadError as exc:
            worst = UNREADABLE
            if args.format == "text":
                err.writelines(f"{line}\n" for line in _problem_lines(name, exc))
            problems = [{"path": p.path, "message": p.message} for p in exc.problems]
            results.append({"file": name, "status": "unreadable", "problems": problems})
            continue
        report = validate(contract, as_of=args.as_of)
        worst = max(worst, _status(report))
        if args.format == "text":
            out.write(f"{name}: {report}\n")
        violations = [
            {"code": v.code, "severity": v.severity.value, "path": v.path, "message": v.message}
            for v in report
        ]
        results.append(
            {
                "file": name,
                "status": "valid" if report.ok else "invalid",
                "violations": violations,
                "skipped": list(report.skipped),
            }
        )
    if args.format == "json":
        out.write(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return worst


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    name = args.file
    if args.format != "text" and args.as_of is None:
        err.write(f"outsourcing report: --format {args.format} needs --as-of DATE\n")
        return UNREADABLE
    try:
        contract = example_contract() if name is None else _read(name)
    except LoadError as exc:
        err.writelines(f"{line}\n" for line in _problem_lines(name, exc))
        return UNREADABLE
    report = validate(contract, as_of=args.as_of)
    if args.as_of is None:
        out.write(summarize(contract, report) + "\n")
        return _status(report)
    status = status_report(contract, as_of=args.as_of)
    if args.format == "markdown":
        out.write(render_markdown(status) + "\n")
    elif args.format == "json":
        out.write(ojson.dumps(status) + "\n")
    else:
        out.write(f"{summarize(contract, report)}\n\n{render_text(status)}\n")
    return _status(report)


def _example(_args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    out.write(ojson.dumps(example_contract(), indent=2) + "\n")
    return VALID


def _schema(_args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    out.write(json.dumps(ojson.schema(), indent=2, ensure_ascii=False) + "\n")
    return VALID


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); return the exit status."""
    try:
        args = _parser().parse_args(argv)
        status: int = args.run(args, sys.stdout, sys.stderr)
        sys.stdout.flush()
    except SystemExit as exc:  # --help, --version and command-line errors
        return exc.code if isinstance(exc.code, int) else UNREADABLE
    except BrokenPipeError:  # the reader went away (`outsourcing schema | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return VALID
    return status
