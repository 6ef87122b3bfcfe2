"""Load and validate documents one by one, on one process or many, keeping memory bounded.

Workers receive text (a chunk of JSON lines, or a file's path) and send back :class:`Checked`
records: the violations (plain attrs objects) and the load problems (named tuples). Contracts
never cross a process boundary, so nothing here depends on contracts being picklable, and the
parent holds only the records, never the portfolio.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final, TypeVar

import attrs

from outsourcing import json as ojson
from outsourcing._base.violations import Severity, Violation
from outsourcing._rules.catalogue import validate
from outsourcing._rules.machinery import Rule
from outsourcing.exceptions import InvalidValueError, LoadError, Problem

LINES_SUFFIXES: Final = (".jsonl", ".ndjson", ".jsonlines")
"""File names ending so hold JSON Lines; other files hold one document."""

CHUNK: Final = 64
"""How many lines one task carries to a worker."""

BEHIND: Final = 8
"""How many more tasks than are in flight may be taken before the head task is waited for."""

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Checked:
    """The outcome of loading and validating one document.

    Args:
        source: Where the document came from: a file name, or ``-`` for standard input.
        line: Its line in a JSON Lines source (from 1), or ``None`` for a whole file.
        contract_id: The contract's id, when it loaded.
        contract_version: The contract's version, when it loaded.
        violations: What the rules found.
        skipped: Rules not run for want of an ``as_of`` date.
        problems: Why the document could not be loaded (empty when it loaded).
    """

    source: str
    line: int | None = None
    contract_id: str | None = None
    contract_version: int | None = None
    violations: tuple[Violation, ...] = ()
    skipped: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def loaded(self) -> bool:
        """Whether the document loaded (it may still break rules)."""
        return not self.problems

    @property
    def ok(self) -> bool:
        """Whether the document loaded and breaks no error rule."""
        return self.loaded and not any(v.severity is Severity.ERROR for v in self.violations)

    @property
    def status(self) -> str:
        """``valid``, ``invalid`` or ``unreadable``."""
        if not self.loaded:
            return "unreadable"
        return "valid" if self.ok else "invalid"

    @property
    def where(self) -> str:
        """The source, with the line when there is one (``portfolio.jsonl:12``)."""
        return self.source if self.line is None else f"{self.source}:{self.line}"


def check_text(
    text: str | bytes,
    *,
    source: str = "-",
    line: int | None = None,
    as_of: dt.date | None = None,
    rules: Sequence[Rule | str] | None = None,
) -> Checked:
    """Load one contract document and validate it; a document that does not load is reported."""
    try:
        contract = ojson.loads(text)
    except LoadError as exc:
        return Checked(source=source, line=line, problems=exc.problems)
    report = validate(contract, as_of=as_of, rules=rules)
    return Checked(
        source=source,
        line=line,
        contract_id=contract.id,
        contract_version=contract.version,
        violations=report.violations,
        skipped=report.skipped,
    )


def _read_file(path: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``.

    Raises:
        OSError: The file cannot be read, or standard input is closed.
    """
    if path == "-":
        import sys  # noqa: PLC0415 - only standard input needs it

        if sys.stdin is None:  # started with standard input closed (`<&-`)
            raise OSError("it is closed")
        return sys.stdin.buffer.read()
    with open(path, "rb") as file:  # noqa: PTH123 - a plain open reads best here
        return file.read()


def _cannot_read(path: str, exc: OSError) -> Problem:
    what = "standard input" if path == "-" else "the file"
    return Problem("$", f"cannot read {what}: {exc.strerror or exc}")


def check_file(
    path: str, *, as_of: dt.date | None = None, rules: Sequence[Rule | str] | None = None
) -> Checked:
    """Load and validate the one document in a file (``-``: standard input)."""
    try:
        data = _read_file(path)
    except OSError as exc:
        return Checked(source=path, problems=(_cannot_read(path, exc),))
    return check_text(data, source=path, as_of=as_of, rules=rules)


def _check_chunk(
    source: str,
    numbered: Sequence[tuple[int | None, str | bytes]],
    as_of: dt.date | None,
    rules: Sequence[Rule | str] | None,
) -> list[Checked]:
    return [
        check_text(text, source=source, line=number, as_of=as_of, rules=rules)
        for number, text in numbered
    ]


def _check_one_file(
    path: str, as_of: dt.date | None, rules: Sequence[Rule | str] | None
) -> list[Checked]:
    return [check_file(path, as_of=as_of, rules=rules)]


def _numbered(lines: Iterable[str | bytes]) -> Iterator[tuple[int, str | bytes]]:
    for number, text in enumerate(lines, start=1):
        if text and not text.isspace():  # not blank (without copying a long line)
            yield number, text


def is_lines(path: str) -> bool:
    """Whether a file name says JSON Lines."""
    return path.lower().endswith(LINES_SUFFIXES)


def _tasks(paths: Iterable[str]) -> Iterator[tuple[Any, ...]]:
    """One task per plain file; a JSON Lines file is read here, lazily, and sent in chunks.

    Standard input (``-``) is read here too: a worker process has none of its own.
    """
    for path in paths:
        if path == "-":
            try:
                data = _read_file(path)
            except OSError as exc:
                yield (_unreadable, path, _cannot_read(path, exc))
            else:
                yield (_check_chunk, path, [(None, data)])
            continue
        if not is_lines(path):
            yield (_check_one_file, path)
            continue
        try:
            with open(path, "rb") as file:  # noqa: PTH123
                numbered = _numbered(file)
                while chunk := list(itertools.islice(numbered, CHUNK)):
                    yield (_check_chunk, path, chunk)
        except OSError as exc:
            yield (_unreadable, path, _cannot_read(path, exc))


def _unreadable(path: str, problem: Problem, *_: object) -> list[Checked]:
    return [Checked(source=path, problems=(problem,))]


def _context() -> Any:  # noqa: ANN401 - a multiprocessing context
    methods = multiprocessing.get_all_start_methods()
    # Not fork: forking a process that runs threads can deadlock its child.
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _run(
    tasks: Iterable[tuple[Any, ...]],
    jobs: int,
    as_of: dt.date | None,
    rules: Sequence[Rule | str] | None,
) -> Iterator[Checked]:
    """Run the tasks in order, on ``jobs`` processes: this one and ``jobs - 1`` workers."""
    if type(jobs) is not int or jobs < 1:
        raise InvalidValueError("jobs", jobs, "a whole number of processes, at least 1")
    rules = None if rules is None else tuple(rules)
    if jobs == 1:
        for function, *args in tasks:
            yield from function(*args, as_of, rules)
        return
    with cf.ProcessPoolExecutor(max_workers=jobs - 1, mp_context=_context()) as pool:

        def submit(
            function: Callable[..., list[Checked]], *args: object
        ) -> cf.Future[list[Checked]]:
            return pool.submit(function, *args, as_of, rules)

        def here(function: Callable[..., list[Checked]], *args: object) -> list[Checked]:
            return function(*args, as_of, rules)

        try:
            yield from interleave(tasks, submit, here, ahead=2 * (jobs - 1))
        except GeneratorExit:  # the caller stopped reading: drop the chunks not started
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def interleave(
    tasks: Iterable[tuple[Any, ...]],
    submit: Callable[..., cf.Future[list[T]]],
    here: Callable[..., list[T]],
    *,
    ahead: int,
) -> Iterator[T]:
    """The results of ``tasks`` in order: ``ahead`` at a time on workers, the rest run here.

    The calling process is one of the processes: while the workers start (a process imports the
    library, about a quarter of a second, a good part of a small portfolio's time) and whenever
    ``ahead`` tasks are already running or waiting on the workers, it runs the next task itself,
    rather than wait. Finished tasks at the head are handed on at once; the tasks taken and not
    handed on are at most ``ahead + BEHIND`` (then the head is waited for), so memory stays bounded
    by a few tasks, whatever their number. A task that raises, here or on a worker, raises in its
    turn, after the results of the tasks before it.
    """
    pending: deque[cf.Future[list[T]]] = deque()
    for task in tasks:
        if sum(1 for p in pending if not p.done()) < ahead:
            pending.append(submit(*task))
        else:
            pending.append(_run_here(here, task))
        while pending and (pending[0].done() or len(pending) > ahead + BEHIND):
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _run_here(here: Callable[..., list[T]], task: tuple[Any, ...]) -> cf.Future[list[T]]:
    """Run a task in this process, its outcome kept as a finished future's, for its turn."""
    done: cf.Future[list[T]] = cf.Future()
    try:
        done.set_result(here(*task))
    except Exception as exc:  # noqa: BLE001 - raised in its turn, by result()
        done.set_exception(exc)
    return done


def check_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    as_of: dt.date | None = None,
    rules: Sequence[Rule | str] | None = None,
    jobs: int = 1,
) -> Iterator[Checked]:
    """Load and validate every document in ``paths``, in order, on ``jobs`` processes."""
    return _run(_tasks(os.fspath(p) for p in paths), jobs, as_of, rules)


def check_lines(
    lines: Iterable[str | bytes],
    *,
    source: str = "-",
    as_of: dt.date | None = None,
    rules: Sequence[Rule | str] | None = None,
    jobs: int = 1,
) -> Iterator[Checked]:
    """Load and validate each non-blank line of a JSON Lines stream, in order."""
    numbered = _numbered(lines)
    tasks = iter(lambda: (_check_chunk, source, list(itertools.islice(numbered, CHUNK))), None)
    chunks = itertools.takewhile(lambda task: bool(task[2]), tasks)
    return _run(chunks, jobs, as_of, rules)


# -- per partition, for Dask, Spark and Ray -------------------------------------------------------

FINDING_FIELDS: Final = (
    "contract_id",
    "contract_version",
    "line",
    "code",
    "severity",
    "path",
    "message",
)
"""The keys of each finding :func:`findings_of` returns."""

NOT_LOADED: Final = "NOT_LOADED"
"""The code of a finding that says a document could not be loaded."""


def findings_of(checked: Checked) -> list[dict[str, Any]]:
    """One plain row per violation, or per load problem (code ``NOT_LOADED``)."""
    key = {
        "contract_id": checked.contract_id,
        "contract_version": checked.contract_version,
        "line": checked.line,
    }
    rows = [
        {**key, "code": v.code, "severity": v.severity.value, "path": v.path, "message": v.message}
        for v in checked.violations
    ]
    rows.extend(
        {**key, "code": NOT_LOADED, "severity": "error", "path": p.path, "message": p.message}
        for p in checked.problems
    )
    return rows


def check_partition(
    lines: Iterable[str | bytes],
    as_of: dt.date | None = None,
    rules: Sequence[Rule | str] | None = None,
) -> list[dict[str, Any]]:
    """Validate one partition of JSON lines; return its findings as plain rows.

    The function a distributed engine maps over partitions: ``dask.bag`` as it is; Spark's
    ``mapInArrow`` and Ray's ``map_batches`` through :func:`check_arrow`.
    """
    rows: list[dict[str, Any]] = []
    for number, text in _numbered(lines):
        rows.extend(findings_of(check_text(text, line=number, as_of=as_of, rules=rules)))
    return rows


def check_arrow(
    batch: Any,  # noqa: ANN401 - pyarrow has no type hints
    column: str = "value",
    as_of: dt.date | None = None,
    rules: Sequence[Rule | str] | None = None,
) -> Any:  # noqa: ANN401
    """Validate the JSON documents in one column of an Arrow batch; return a table of findings.

    For Spark's ``mapInArrow`` (record batches in and out) and Ray's ``map_batches`` with
    ``batch_format="pyarrow"`` (tables in and out).
    """
    from outsourcing._io.tables import arrow  # noqa: PLC0415 - pyarrow is optional

    pa = arrow()
    rows = check_partition(batch.column(column).to_pylist(), as_of=as_of, rules=rules)
    schema = pa.schema(
        [
            ("contract_id", pa.string()),
            ("contract_version", pa.int64()),
            ("line", pa.int64()),
            ("code", pa.string()),
            ("severity", pa.string()),
            ("path", pa.string()),
            ("message", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)
