"""JSON in and out: lossless, strict, and described by a JSON Schema that agrees with the loader.

>>> from outsourcing import example_contract, json
>>> contract = example_contract()
>>> text = json.dumps(contract)
>>> text[:20]
'{"schema_version":1,'
>>> json.loads(text) == contract
True

Amounts are strings in plain decimal notation (``"1200.50"``, never a float), dates are
``YYYY-MM-DD``, enumerations are their string values. Loading is strict: ``5`` is not the id
``"5"``, an unknown key is an error, and every problem is reported at once in a
:class:`~outsourcing.exceptions.LoadError`:

>>> json.loads('{"schema_version": 1, "id": 5, "title": "Web shop", "parties": "nordlys"}')
Traceback (most recent call last):
...
outsourcing.exceptions.LoadError: 4 problems in the Contract document:
  $.id: expected a string, got 5
  $.parties: expected an array, got "nordlys"
  $.term: missing (expected an object (Term))
  $.value: missing (expected an object (Money))

Every document carries ``schema_version`` at its top level (whatever type it holds); objects
nested inside a document do not.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from typing import IO, Any, Final, TypeVar, overload

import attrs
import msgspec

from outsourcing._base import collector as _gc
from outsourcing._base.public import publish as _publish
from outsourcing._io import convert, fastdump
from outsourcing._io import lines as _lines
from outsourcing._io import schema as _jsonschema
from outsourcing._io import typedload as _typedload
from outsourcing._io.codegen import Doubt
from outsourcing._models.contract import Contract
from outsourcing.exceptions import InvalidValueError, LoadError, Problem

__all__ = [
    "SCHEMA_VERSION",
    "Line",
    "dump",
    "dump_lines",
    "dumps",
    "from_dict",
    "iter_lines",
    "load",
    "load_lines",
    "loads",
    "schema",
    "to_dict",
]

Line = _lines.Line

SCHEMA_VERSION: Final = 1
"""The version of the JSON format that this release writes and reads."""

T = TypeVar("T")


def _model(cls: object, where: str) -> None:
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise InvalidValueError(where, cls, "a model class such as outsourcing.Contract")


def to_dict(obj: object) -> dict[str, Any]:
    """Return the JSON document of a model object as plain dicts, lists, strings and numbers.

    The result is new: changing it does not change ``obj``.

    Args:
        obj: A model object: a :class:`~outsourcing.Contract`, a :class:`~outsourcing.Milestone`...

    Raises:
        InvalidValueError: ``obj`` is not a model object.
    """
    _model(type(obj), "to_dict(obj)")
    return {"schema_version": SCHEMA_VERSION, **convert.FAST.unstructure(obj)}


def dumps(obj: object, *, indent: int | None = None) -> str:
    """Return the JSON text of a model object (compact unless ``indent`` is given).

    ``schema_version`` comes first; the fields of every object follow in alphabetical order.

    Args:
        obj: A model object: a :class:`~outsourcing.Contract`, a :class:`~outsourcing.Milestone`...
        indent: Indent nested levels by this many spaces, for people to read.

    Raises:
        InvalidValueError: ``obj`` is not a model object.
    """
    _model(type(obj), "to_dict(obj)")
    raw = fastdump.encode(obj, schema_version=SCHEMA_VERSION)
    if raw is None:  # a decimal msgspec would write with an exponent, or a lone surrogate
        return _dumps_exactly(obj, indent)
    if indent is not None:
        raw = msgspec.json.format(raw, indent=indent)
    return raw.decode("utf-8")


def _dumps_exactly(obj: object, indent: int | None) -> str:
    """The same JSON data as the fast path, written by the converters and :func:`json.dumps`."""
    separators = (",", ":") if indent is None else (",", ": ")
    fields = _in_field_order(convert.FAST.unstructure(obj), builtins.type(obj))
    document = {"schema_version": SCHEMA_VERSION, **fields}
    return json.dumps(
        document, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
    )


def _in_field_order(data: Any, t: Any) -> Any:
    """Put the fields of every model object in alphabetical order, as msgspec writes them.

    Integrators' free-form data (``extensions``) keeps its own order: it is kept verbatim.
    """
    if data is None:
        return None
    if attrs.has(t):
        hints = convert.field_types(t)
        return {k: _in_field_order(data[k], hints[k]) for k in sorted(data)}
    inner = convert.optional_of(t)
    if inner is not None:
        return _in_field_order(data, inner)
    union = convert.tagged_union(t)
    if union is not None:  # an operation of a change request: ordered as its own class
        tag, classes = union
        return _in_field_order(data, classes[data[tag]])
    item = convert.tuple_item(t)
    if item is not None:
        return [_in_field_order(x, item) for x in data]
    return data


def dump(obj: object, fp: IO[str], *, indent: int | None = 2) -> None:
    """Write the JSON text of a model object to a text file, indented for people to read."""
    fp.write(dumps(obj, indent=indent))
    fp.write("\n")


def _refuse_constant(name: str) -> float:
    """NaN and Infinity are not JSON: keep them as floats, which every typed place refuses."""
    return float(name)


def _text(text: str | bytes | bytearray) -> str:
    if isinstance(text, str):
        return text
    if not isinstance(text, bytes | bytearray | memoryview):
        # bytes(300_000_000) would make that many zero bytes: only text is read as text
        msg = f"JSON text must be str, bytes or bytearray, not {type(text).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    try:
        return bytes(text).decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start}"
        raise LoadError((Problem("$", f"not UTF-8 text ({exc.reason} at {where})"),)) from None


def _parse(text: str) -> Any:
    """Parse JSON text carefully: objects as tuples of pairs, so that a repeated key shows."""
    try:
        return json.loads(text, object_pairs_hook=tuple, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        at = f"line {exc.lineno} column {exc.colno}"
        raise LoadError((Problem("$", f"not valid JSON: {exc.msg} at {at}"),)) from None
    except RecursionError:
        raise LoadError((Problem("$", "not a document: nested too deeply"),)) from None
    except ValueError as exc:  # integers longer than Python converts (sys.int_info)
        raise LoadError((Problem("$", f"not a document: {exc}"),)) from None


def _version(document: Mapping[str, Any]) -> Problem | None:
    if "schema_version" not in document:
        return Problem(
            "$.schema_version",
            f"missing (expected {SCHEMA_VERSION}: every document names its format version)",
        )
    version = document["schema_version"]
    if type(version) is not int or version < 1:
        got = convert.describe(version)
        return Problem("$.schema_version", f"expected a version number such as 1, got {got}")
    if version > SCHEMA_VERSION:
        return Problem(
            "$.schema_version",
            f"this document is written in format version {version}, but this release of "
            f"outsourcing reads version {SCHEMA_VERSION} only: upgrade outsourcing to load it",
        )
    return None


@overload
def from_dict(data: object) -> Contract: ...
@overload
def from_dict(data: object, type: type[T]) -> T: ...


def from_dict(data: object, type: type[Any] = Contract) -> Any:  # noqa: A002 - the issue's name
    """Build a model object from a parsed JSON document (plain dicts, lists, strings, numbers).

    The same two paths as :func:`loads`: msgspec converts a document made of JSON's own types
    into the shadow Structs, then generated builders make the objects; anything else (a tuple for
    an array, an enumeration member for its value, a document with a problem) takes the careful
    path, which decides and explains.

    Args:
        data: The document, with its ``schema_version``.
        type: The model class the document holds.

    Raises:
        LoadError: The document is not one of ``type``; the error lists every problem.
        InvalidValueError: ``type`` is not a model class.
    """
    _model(type, "from_dict(type=...)")
    with _gc.paused(promote=True):  # as in loads()
        try:
            return _typedload.from_python(data, type, SCHEMA_VERSION)
        except Doubt:
            plain = _plain_dicts(data)  # a document read with object_pairs_hook=OrderedDict...
            if plain is not data:
                try:
                    return _typedload.from_python(plain, type, SCHEMA_VERSION)
                except Doubt:
                    pass
            return _careful(plain, type)


def _plain_dicts(data: object) -> object:
    """``data`` with every mapping that is not a plain dict (an ``OrderedDict``...) made one.

    Returns ``data`` itself when it has none, so the common case copies nothing.
    """
    if type(data) is list:
        items = [_plain_dicts(v) for v in data]
        return data if all(a is b for a, b in zip(items, data, strict=True)) else items
    if isinstance(data, Mapping):
        values = {k: _plain_dicts(v) for k, v in data.items()}
        same = type(data) is dict and all(values[k] is v for k, v in data.items())
        return data if same else values
    return data


def _careful(
    data: object,
    type: type[Any],  # noqa: A002
    *,
    consume: bool = False,
    items: _typedload.Items | None = None,
) -> Any:
    """Build a document parsed by :func:`_parse` (objects as pair tuples) or given as dicts.

    The careful path: the converters, exactly as strict as the typed path, and the only one that
    says what is wrong, every problem with its JSON path. ``consume``: the data is the library's
    own, and its arrays may be emptied as they are read. ``items``: the data is as
    :meth:`_typedload.Items.parse` reads it, and the typed path builds each item of an array of
    model objects that it can vouch for, the converters the rest (see
    :func:`convert.build_or_explain`).
    """
    what = f"{type.__name__} document"
    if builtins.type(data) is tuple:
        try:
            data = convert.pairs_to_dict(data)
        except convert.Mismatch as exc:
            raise LoadError((Problem("$", f"expected {exc.expected}"),), what) from None
    if not isinstance(data, dict):
        got = convert.describe(data)
        raise LoadError((Problem("$", f"expected an object ({type.__name__}), got {got}"),), what)
    if (problem := _version(data)) is not None:
        raise LoadError((problem,), what)
    body = {k: v for k, v in data.items() if k != "schema_version"}
    if convert.reads_dicts_alike(type):  # built once, and explained as it goes
        built, found = convert.build_or_explain(body, type, consume=consume, items=items)
        if found:
            raise LoadError(found, what)
        return built
    try:  # a class with types of cattrs' own handling: its two steps, as ever
        return convert.FAST.structure(body, type)
    except Exception as exc:  # noqa: BLE001 - explained in detail below
        found = convert.explain(body, type)
        if not found:  # the detailed path accepted what the fast one refused: say what we know
            found = (Problem("$", f"{exc.__class__.__name__}: {exc}"),)
        raise LoadError(found, what) from None


@overload
def loads(text: str | bytes | bytearray) -> Contract: ...
@overload
def loads(text: str | bytes | bytearray, type: type[T]) -> T: ...


def loads(text: str | bytes | bytearray, type: type[Any] = Contract) -> Any:  # noqa: A002
    """Build a model object from JSON text.

    Two paths, one after the other. The typed path: msgspec parses the text straight into a
    shadow Struct of each model class, checking keys and types in C as it goes (a key left out
    takes its field's default), and generated builders make the model objects, running their
    checks. At the first doubt (a repeated key, an unknown one, a wrong type, a bad date, a
    failing check), the careful path parses the text again (with msgspec into dicts where it can
    vouch that no key repeats, else with :mod:`json` into pairs) and the converters decide,
    exactly as strictly, building the object once and explaining every problem as they go (the
    first hundred bad items of an array, and how many more there are).

    The garbage collector pauses during the load. After a large one (over 100,000 objects), what
    it made goes straight to the collector's oldest generation, unwalked, unless the program has
    disabled the collector or frozen objects with :func:`gc.freeze`; see the performance page of
    the documentation.

    Args:
        text: The JSON document, as text or as UTF-8 bytes.
        type: The model class the document holds.

    Raises:
        LoadError: The text is not JSON, or not a document of ``type``; the error lists every
            problem with its JSON path.
        InvalidValueError: ``type`` is not a model class.
    """
    _model(type, "loads(type=...)")
    # A large document makes hundreds of thousands of objects, all kept: keep the garbage
    # collector from walking them again and again while they are made (see _gc).
    what = f"{type.__name__} document"
    with _gc.paused(promote=True):
        try:
            text = _text(text)
            try:
                return _typedload.loads(text, type, SCHEMA_VERSION)
            except Doubt as doubt:  # what the typed path made is let go before the careful path
                read = isinstance(doubt, _typedload.ReadDoubt)
            return _careful_text(text, type, read=read)
        except LoadError as exc:
            raise LoadError(exc.problems, what) from None


_DEEP: Final = f"expected JSON data nested at most {convert.MAX_DEPTH} levels deep"


def _careful_text(text: str, type: type[Any], *, read: bool) -> Any:  # noqa: A002
    """The careful path from text: the converters decide, and explain, building the object once.

    Text msgspec reads with no repeated key goes to them as dicts, its arrays of model objects
    item by item, each built the typed way where it can be (:class:`_typedload.Items`; ``read``:
    the typed path read the text already); the rest is parsed as pairs. Data nested too deeply
    is refused at the depth where the pairs' parse refuses it, as ever: msgspec's own limit is
    not quite the same.
    """
    if convert.reads_dicts_alike(type):
        items = _typedload.Items(read=read)
        data = items.parse(text, type)
        if data is not None:
            try:
                built = _careful(data, type, consume=True, items=items)
            except LoadError as exc:
                deep = any(p.message.startswith(_DEEP) for p in exc.problems)
                if items.sound() and not deep:
                    raise
            else:
                if items.sound():
                    return built
    return _careful(_parse(text), type, consume=True)


@overload
def load(fp: IO[str] | IO[bytes]) -> Contract: ...
@overload
def load(fp: IO[str] | IO[bytes], type: type[T]) -> T: ...


def load(fp: IO[str] | IO[bytes], type: type[Any] = Contract) -> Any:  # noqa: A002
    """Build a model object from a file of JSON (opened in text or binary mode)."""
    return loads(fp.read(), type)


def schema(type: type[Any] = Contract) -> dict[str, Any]:  # noqa: A002
    """Return the JSON Schema (draft 2020-12) of the documents of a model class.

    It is generated from the models, with titles and descriptions from their docstrings. Every
    document :func:`dumps` writes validates against it, and every document it rejects is refused
    by :func:`loads` too. The loader checks more than a schema can say (a gate decision with its
    date, a time zone that exists), so some documents the schema accepts are still refused.

    >>> from outsourcing import json
    >>> json.schema()["properties"]["schema_version"]
    {'const': 1, 'description': 'The version of the format the document is written in.'}

    Args:
        type: The model class whose documents the schema describes.
    """
    _model(type, "schema(type=...)")
    return _jsonschema.document_schema(type, SCHEMA_VERSION)


# -- JSON Lines: one document per line, streamed -------------------------------------------------


@overload
def iter_lines(
    lines: Iterable[str | bytes | bytearray], *, stop: bool = False
) -> Iterator[Line[Contract]]: ...
@overload
def iter_lines(
    lines: Iterable[str | bytes | bytearray], type: type[T], *, stop: bool = False
) -> Iterator[Line[T]]: ...


def iter_lines(
    lines: Iterable[str | bytes | bytearray],
    type: type[Any] = Contract,  # noqa: A002
    *,
    stop: bool = False,
) -> Iterator[Line[Any]]:
    r"""Load a JSON Lines stream lazily: one :class:`Line` per non-blank line, in order.

    Only one line's text and document are held at a time. A bad line does not stop the rest: its
    :class:`Line` carries the :class:`~outsourcing.exceptions.LineError` that names the line and
    every problem with its JSON path, unless ``stop`` asks to raise it.

    >>> from outsourcing import example_contract, json
    >>> text = json.dumps(example_contract())
    >>> results = list(json.iter_lines([text, "", '{"schema_version": 1}']))
    >>> [(line.number, line.ok) for line in results]
    [(1, True), (3, False)]
    >>> print(results[1].error)  # doctest: +ELLIPSIS
    5 problems in the Contract document on line 3:
      $.id: missing (expected a string)
    ...

    Args:
        lines: The lines: a file opened in text or binary mode, or any iterable of strings or
            bytes (with or without their line ends). Split text on ``"\n"`` only:
            :meth:`str.splitlines` also splits on characters that JSON strings may hold raw.
        type: The model class each line holds.
        stop: Raise the first bad line's error instead of going on.

    Raises:
        LineError: With ``stop``, the first line that is not a document of ``type``.
        InvalidValueError: ``type`` is not a model class.
    """
    _model(type, "iter_lines(type=...)")
    return _lines.read(
        lines, lambda text: loads(text, type), f"{type.__name__} document", stop=stop
    )


@overload
def load_lines(
    source: str | PathLike[str] | IO[str] | IO[bytes], *, stop: bool = False
) -> Iterator[Line[Contract]]: ...
@overload
def load_lines(
    source: str | PathLike[str] | IO[str] | IO[bytes], type: type[T], *, stop: bool = False
) -> Iterator[Line[T]]: ...


def load_lines(
    source: str | PathLike[str] | IO[str] | IO[bytes],
    type: type[Any] = Contract,  # noqa: A002
    *,
    stop: bool = False,
) -> Iterator[Line[Any]]:
    """Load a JSON Lines file lazily, as :func:`iter_lines` does; the file is read line by line.

    Args:
        source: A path (the file is opened, and closed when the iteration ends), or a file
            already open.
        type: The model class each line holds.
        stop: Raise the first bad line's error instead of going on.
    """
    _model(type, "load_lines(type=...)")
    if isinstance(source, str | PathLike):
        return _read_path(source, type, stop=stop)
    return iter_lines(source, type, stop=stop)


def _read_path(path: str | PathLike[str], type: type[Any], *, stop: bool) -> Iterator[Line[Any]]:  # noqa: A002
    with open(path, "rb") as file:  # noqa: PTH123 - a path or a PathLike, as given
        yield from iter_lines(file, type, stop=stop)


def dump_lines(objects: Iterable[object], fp: IO[str]) -> int:
    """Write model objects to a text file as JSON Lines, one compact document per line.

    Objects are written as they come, so a generator of contracts is never held whole.

    Args:
        objects: Model objects, such as contracts.
        fp: A text file open for writing.

    Returns:
        How many lines were written.

    Raises:
        InvalidValueError: An object is not a model object (the lines before it are written).
    """
    return _lines.write(objects, dumps, fp)


_publish(__name__, globals(), ["Line"])
