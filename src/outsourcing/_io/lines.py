"""JSON Lines: one document per line, read and written as a stream, one line in memory at a time.

This module knows nothing of how one document is loaded or written: the public functions in
:mod:`outsourcing.json` hand it their own ``loads`` and ``dumps``, which it calls once per line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Generic, TypeVar

import attrs

from outsourcing.exceptions import LineError, LoadError, Problem

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Line(Generic[T]):
    """One line of a JSON Lines stream, loaded: its document, or why it could not be loaded.

    Args:
        number: The line's number, from 1 (blank lines are counted, and skipped).
        value: The object the line holds, or ``None`` when it could not be loaded.
        error: Why the line could not be loaded (with every problem and its JSON path), or
            ``None``.
    """

    number: int
    value: T | None = None
    error: LineError | None = None

    @property
    def ok(self) -> bool:
        """Whether the line was loaded."""
        return self.error is None


def _text(raw: str | bytes | bytearray, number: int, what: str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem("$", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        raise LineError(number, (problem,), what) from None


def read(
    lines: Iterable[str | bytes | bytearray],
    load: Callable[[str], T],
    what: str,
    *,
    stop: bool = False,
) -> Iterator[Line[T]]:
    """Load each non-blank line with ``load``, yielding a :class:`Line` per document.

    Args:
        lines: The lines, with or without their line ends (a text or binary file will do).
        load: Builds one object from one line's text; raises :class:`LoadError` when it cannot.
        what: What each line holds, for messages (``Contract document``).
        stop: Raise the first bad line's :class:`LineError` instead of yielding it.
    """
    for number, raw in enumerate(lines, start=1):
        try:
            text = _text(raw, number, what)
            if not text or text.isspace():  # blank: no copy of a long line made to tell
                continue
            yield Line(number=number, value=load(text))
        except LineError as exc:
            if stop:
                raise
            yield Line(number=number, error=exc)
        except LoadError as exc:
            error = LineError(number, exc.problems, what)
            if stop:
                raise error from None
            yield Line(number=number, error=error)


def write(objects: Iterable[Any], dump: Callable[[Any], str], fp: IO[str]) -> int:
    """Write each object as one line of compact JSON; return how many lines were written."""
    count = 0
    for obj in objects:
        fp.write(dump(obj))
        fp.write("\n")
        count += 1
    return count
