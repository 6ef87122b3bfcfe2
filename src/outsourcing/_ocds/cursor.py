"""Reading one OCDS object while keeping count of what was read, so nothing is dropped silently.

A :class:`Cursor` wraps a JSON object and its JSONPath. Each field the importer reads is marked;
:meth:`Cursor.done` writes a ``left_out`` note for every field that was not, and the typed getters
write a note (and give ``None``) for a value of the wrong type instead of raising.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from outsourcing._ocds.notes import Note, NoteKind
from outsourcing.exceptions import OutsourcingError

T = TypeVar("T")


def member(path: str, key: str | int) -> str:
    """The JSONPath of ``key`` under ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


class Notes:
    """The notes of one contract (or of the document), in the order they were written."""

    def __init__(self) -> None:
        self.items: list[Note] = []

    def add(self, path: str, kind: NoteKind, message: str) -> None:
        """Write a note."""
        self.items.append(Note(path=path, kind=kind, message=message))

    def build(
        self, path: str, make: Callable[..., T], /, *args: object, **fields: object
    ) -> T | None:
        """Build a model object; if the model refuses it, write a note and return ``None``.

        The arguments are not checked here: the model's own checks say what is wrong.
        """
        try:
            return make(*args, **fields)
        except (OutsourcingError, ValueError, TypeError) as exc:
            self.add(path, NoteKind.LEFT_OUT, f"the model refused it: {exc}")
            return None


class Cursor:
    """One JSON object being read, with its path and the notes to write to."""

    def __init__(self, data: Mapping[str, Any], path: str, notes: Notes) -> None:
        self.data = data
        self.path = path
        self.notes = notes
        self.read: set[str] = set()

    def at(self, key: str) -> str:
        """The path of one of the object's fields."""
        return member(self.path, key)

    def where(self, key: str) -> str:
        """Where a note about one of the object's fields points: the field if the object has it,
        else the object itself (a path in a note always names something in the source)."""  # noqa: D205, D209
        return self.at(key) if key in self.data else self.path

    def has(self, key: str) -> bool:
        """Whether the field is there and not null."""
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:  # noqa: ANN401 - JSON
        """The field's value as it is (marked as read)."""
        self.read.add(key)
        return self.data.get(key)

    def skip(self, *keys: str) -> None:
        """Mark fields as read on purpose (bookkeeping that has no meaning for the contract)."""
        self.read.update(keys)

    def _wrong(self, key: str, value: object, expected: str) -> None:
        self.notes.add(self.at(key), NoteKind.LEFT_OUT, f"expected {expected}, got {value!r:.80}")

    def text(self, key: str) -> str | None:
        """A string field (an integer id is read as its digits); ``None`` if absent or empty."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self._wrong(key, value, "a string")
            return None
        text = str(value)
        return text if text.strip() else None

    def variant(self, key: str, language: object = None) -> str | None:
        """A text field published only in its language variants (``title_en``, ``title_fr``):
        the variant in ``language`` (the release's) if there is one, else the first, with a
        note; ``None`` if there is none."""  # noqa: D205, D209
        pattern = re.compile(re.escape(key) + r"_([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?")
        found = [(k, m.group(1).lower()) for k in self.data if (m := pattern.fullmatch(k))]
        wanted = language.lower()[:2] if isinstance(language, str) else None
        found.sort(key=lambda pair: pair[1] != wanted)  # stable: the document's order otherwise
        for chosen, _ in found:
            text = self.text(chosen)
            if text is not None:
                self.notes.add(self.at(chosen), NoteKind.GUESSED, f"no {key}: {chosen} is used")
                return text
        return None

    def obj(self, key: str) -> Cursor | None:
        """An object field as a cursor; ``None`` if absent."""
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self._wrong(key, value, "an object")
            return None
        return Cursor(value, self.at(key), self.notes)

    def objs(self, key: str) -> list[Cursor]:
        """An array of objects as cursors (items that are not objects get a note)."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(key, value, "an array")
            return []
        found = []
        for i, item in enumerate(value):
            where = member(self.at(key), i)
            if isinstance(item, Mapping):
                found.append(Cursor(item, where, self.notes))
            else:
                self.notes.add(where, NoteKind.LEFT_OUT, f"expected an object, got {item!r:.80}")
        return found

    def strings(self, key: str) -> list[str]:
        """An array of strings (other items get a note)."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(key, value, "an array")
            return []
        found = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                found.append(item)
            else:
                where = member(self.at(key), i)
                self.notes.add(where, NoteKind.LEFT_OUT, f"expected a string, got {item!r:.80}")
        return found

    def date(self, key: str) -> dt.date | None:
        """A date-time (or date) field, as the day it names in its own time zone."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                pass
        self._wrong(key, value, "an ISO 8601 date-time")
        return None

    def number(self, key: str) -> Decimal | None:
        """A number field as an exact Decimal (a string of digits is accepted too)."""
        value = self.raw(key)
        if value is None:
            return None
        found: Decimal | None = None
        if isinstance(value, Decimal):
            found = value
        elif isinstance(value, int) and not isinstance(value, bool):
            found = Decimal(value)
        elif isinstance(value, float) and math.isfinite(value):
            found = Decimal(repr(value))  # the shortest decimal that reads back as this float
        elif isinstance(value, str):
            try:
                found = Decimal(value.strip())
            except InvalidOperation:
                found = None
        if found is None or not found.is_finite():
            self._wrong(key, value, "a number")
            return None
        return found

    def done(self) -> None:
        """Write a ``left_out`` note for each field that was not read."""
        for key, value in self.data.items():
            if key not in self.read and value is not None:
                self.notes.add(self.at(key), NoteKind.LEFT_OUT, "no place for it in the model")
