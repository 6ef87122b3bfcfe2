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
from collections.abc import Iterable, Sequence
from typing import IO, Any, NoReturn, Protocol, TextIO, cast

from outsourcing import json as ojson
from outsourcing._cli import ocds, portfolio
from outsourcing._cli.summary import summarize
from outsourcing._example import EXAMPLE_AS_OF, example_contract
from outsourcing._models.contract import Contract
from outsourcing._operations.status import render_text, status_report
from outsourcing._render.calendar import engagement_calendar
from outsourcing._render.html import status_page
from outsourcing._render.markdown import status_markdown
from outsourcing._rules.catalogue import validate
from outsourcing._rules.machinery import Report
from outsourcing._rules.rule_sets import AUTHORED, RULE_SETS
from outsourcing.exceptions import LoadError, MissingDependencyError, OutsourcingError, Problem

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


class _Version(argparse.Action):
    """``--version``, the version read only when asked (importlib.metadata is slow to import)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version  # noqa: PLC0415

        stream = sys.stdout or sys.stderr  # where argparse writes it; none when both are closed
        if stream is not None:
            stream.write(f"{parser.prog} {version('outsourcing')}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="outsourcing",
        description="Check and summarise outsourcing contracts written as JSON documents.",
        epilog="Run 'outsourcing COMMAND --help' for what each command does, with an example.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "validate",
        help="check contract documents against the rule catalogue",
        description="Load each contract document and report every rule it breaks, with the\n"
        "rule's code, the JSON path and what to do about it.\n\n"
        "exit status: 0 all valid (warnings allowed), 1 some rule error,\n"
        "2 a file unreadable or not a contract document.",
        epilog="example:\n  outsourcing validate --as-of 2026-11-22 contract.json\n"
        "  outsourcing validate --rule-set published imported.json\n"
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
    _add_rule_set(check)
    portfolio.add_arguments(check)
    check.set_defaults(run=_validate)

    report = commands.add_parser(
        "report",
        help="summarise an engagement (the bundled example if no FILE)",
        description="Print the parties, phases and milestones in order, owners, payments and\n"
        "the validation outcome of one contract: the bundled example unless FILE is given.\n"
        "With --as-of, add the status of the engagement on that day: progress per phase,\n"
        "late milestones, pending acceptances, KPIs and service credits, payments, the\n"
        "invoice schedule by month (fees, credits and their caps, transactions, net payable),\n"
        "next meetings, open gates, risks and access to revoke. --format markdown, html or json\n"
        "prints that status report alone (markdown with a Mermaid timeline and the RACI\n"
        "table; html as one self-contained page with pictures). With FILE these need\n"
        "--as-of (nothing here reads the clock); the bundled example is reported as of its\n"
        f"own date, {EXAMPLE_AS_OF}, unless --as-of says otherwise.\n\n"
        "exit status: as for 'outsourcing validate'.",
        epilog="example:\n  outsourcing report\n"
        "  outsourcing report contract.json --as-of 2026-12-01\n"
        "  outsourcing report --as-of 2026-12-01 --format markdown > status.md\n"
        "  outsourcing report contract.json --as-of 2026-12-01 --format html > status.html",
        formatter_class=raw,
    )
    report.add_argument("file", nargs="?", metavar="FILE", help="a contract document ('-': stdin)")
    report.add_argument(
        "--as-of", type=_date, metavar="DATE", help="the day to report the engagement's status on"
    )
    report.add_argument(
        "--format",
        choices=("text", "markdown", "json", "html"),
        default="text",
        help="text (default), or the status report alone as markdown, json or html",
    )
    _add_rule_set(report)
    report.set_defaults(run=_report)

    calendar = commands.add_parser(
        "calendar",
        help="print the engagement's calendar as iCalendar (.ics)",
        description="Print an iCalendar file of one contract (the bundled example unless FILE\n"
        "is given): meetings with their recurrence rules, milestones due, gate decisions\n"
        "due, access-grant expiries and the end of hypercare, as all-day events.\n"
        "Needs the calendar extra: pip install 'outsourcing[calendar]'.\n\n"
        "exit status: 0 written, 2 a file unreadable or not a contract document, or the\n"
        "calendar extra missing.",
        epilog="example:\n  outsourcing calendar contract.json > engagement.ics",
        formatter_class=raw,
    )
    calendar.add_argument(
        "file", nargs="?", metavar="FILE", help="a contract document ('-': stdin)"
    )
    calendar.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="read statuses on this day and stamp the events with it (default: the example's "
        "date, or the latest recorded fact of FILE)",
    )
    calendar.set_defaults(run=_calendar)

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
    _add_rule_set(portfolio.add_tables_command(commands, raw))
    ocds.add_commands(commands, raw)
    return parser


def _add_rule_set(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--rule-set",
        choices=tuple(RULE_SETS),
        default=AUTHORED.name,
        metavar="NAME",
        help="the rules for the kind of document: 'authored' (default: the whole catalogue, for "
        "contracts written with this library) or 'published' (only what is wrong with the data "
        "itself, for imported or published data)",
    )


class _Writes(Protocol):
    def write(self, text: str, /) -> int: ...
    def writelines(self, lines: Iterable[str], /) -> None: ...
    def flush(self) -> None: ...


def _read(name: str) -> Contract:
    """Load a contract document from a file (``-`` is standard input).

    Raises:
        LoadError: The file is unreadable or not a contract document.
    """
    try:
        if name == "-":
            if sys.stdin is None:  # started with standard input closed (`<&-`)
                raise LoadError((Problem("$", "cannot read standard input: it is closed"),))
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


def _validate(args: argparse.Namespace, out: _Writes, err: _Writes) -> int:
    if portfolio.wants_portfolio(args):
        # _Output has what the portfolio reads of a stream: write, writelines, flush, isatty
        return portfolio.validate_many(args, cast("TextIO", out), cast("TextIO", err))
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
        report = validate(contract, as_of=args.as_of, rules=RULE_SETS[args.rule_set])
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


def _report(args: argparse.Namespace, out: _Writes, err: _Writes) -> int:  # noqa: C901
    name = args.file
    if name is None and args.as_of is None:
        args.as_of = EXAMPLE_AS_OF
    if args.format != "text" and args.as_of is None:
        err.write(f"outsourcing report: --format {args.format} needs --as-of DATE\n")
        return UNREADABLE
    try:
        contract = example_contract() if name is None else _read(name)
    except LoadError as exc:
        err.writelines(f"{line}\n" for line in _problem_lines(name, exc))
        return UNREADABLE
    report = validate(contract, as_of=args.as_of, rules=RULE_SETS[args.rule_set])
    if args.format == "text":
        out.write(_summary(contract, report) + "\n")
    if args.as_of is None:
        return _status(report)
    try:
        status = status_report(contract, as_of=args.as_of)
    except OutsourcingError as exc:  # an invalid contract: say why there is no status report
        if args.format != "text":
            err.write(f"{name or 'example'}: {report}\n")
        err.write(
            f"outsourcing report: no status report for this contract as it stands ({exc}); "
            "fix the errors listed by 'outsourcing validate' first\n"
        )
        return max(_status(report), INVALID)
    if args.format == "markdown":
        out.write(status_markdown(contract, as_of=args.as_of, report=status) + "\n")
    elif args.format == "html":
        out.write(status_page(contract, as_of=args.as_of, report=status))
    elif args.format == "json":
        out.write(ojson.dumps(status) + "\n")
    else:
        out.write(f"\n{render_text(status)}\n")
    return _status(report)


def _summary(contract: Contract, report: Report) -> str:
    """The summary for people, or, for a contract too broken to summarise, its problems."""
    try:
        return summarize(contract, report)
    except OutsourcingError as exc:
        return f"(no summary for this contract as it stands: {exc})\n{report}"


def _calendar(args: argparse.Namespace, out: _Writes, err: _Writes) -> int:
    name = args.file
    try:
        contract = example_contract() if name is None else _read(name)
    except LoadError as exc:
        err.writelines(f"{line}\n" for line in _problem_lines(name, exc))
        return UNREADABLE
    as_of = EXAMPLE_AS_OF if name is None and args.as_of is None else args.as_of
    try:
        data = engagement_calendar(contract, as_of=as_of)
    except MissingDependencyError as exc:
        err.write(f"outsourcing calendar: {exc}\n")
        return UNREADABLE
    # iCalendar lines end in CRLF: text mode would turn them into CR CR LF on Windows.
    out.flush()
    binary = getattr(out, "buffer", None)
    if binary is None:
        out.write(data.decode())
    else:
        binary.write(data)
    return VALID


def _example(_args: argparse.Namespace, out: _Writes, _err: _Writes) -> int:
    out.write(ojson.dumps(example_contract(), indent=2) + "\n")
    return VALID


def _schema(_args: argparse.Namespace, out: _Writes, _err: _Writes) -> int:
    out.write(json.dumps(ojson.schema(), indent=2, ensure_ascii=False) + "\n")
    return VALID


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); return the exit status."""
    out, err = _Output(sys.stdout), _Output(sys.stderr)
    try:
        args = _parser().parse_args(argv)
        status: int = args.run(args, out, err)
        out.flush()
    except SystemExit as exc:  # --help, --version and command-line errors
        return exc.code if isinstance(exc.code, int) else UNREADABLE
    except BrokenPipeError:  # argparse's own help, written straight to a reader that went away
        out.leave()
        return VALID
    return status


class _Output:
    """Standard output that a reader may leave (`outsourcing validate ... | head -c1`).

    When the pipe breaks, what is left to print goes nowhere, but the command carries on to its
    end, so that its exit status says what it found, as for any other reader.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.gone = stream is None  # started with standard output closed

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)  # type: ignore[union-attr]
            except BrokenPipeError:
                self.leave()
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> IO[bytes] | None:
        """The stream's own binary buffer, if it has one (for CRLF-exact output)."""
        return getattr(self.stream, "buffer", None)

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()  # type: ignore[union-attr]
            except BrokenPipeError:
                self.leave()

    def leave(self) -> None:
        self.gone = True
        # Python flushes standard output once more on the way out: let that go nowhere too.
        if self.stream is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
