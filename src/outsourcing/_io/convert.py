"""The library's own cattrs converters: strict JSON in, lossless JSON out, every problem explained.

The hooks are generic over what the models are made of (attrs classes, enums, ``Decimal``,
``date``, ``str``, ``int``, ``bool``, homogeneous tuples, ``Optional`` and ``Mapping``), so a new
model class needs no code here. Two converters share one configuration: a fast one that stops at
the first problem, and a detailed one that is run only to explain a failure, with every problem at
its JSON path.
"""

from __future__ import annotations

import collections.abc
import contextvars
import datetime as dt
import enum
import itertools
import json
import re
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, Final

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from outsourcing._models import checks, jsondata
from outsourcing.exceptions import InvalidValueError, Problem

DECIMAL_PATTERN: Final = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"
"""A decimal number in plain notation (no exponent, no ``+``, no leading zeros), as JSON writes."""

DATE_PATTERN: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
"""An ISO 8601 calendar date in its extended form, ``YYYY-MM-DD``, and no other."""

DECIMAL_FORMAT: Final = re.compile(DECIMAL_PATTERN)
DATE_FORMAT: Final = re.compile(DATE_PATTERN)
_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED_KEY: Final = re.compile(r"\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]")

Hook = Callable[[Any, Any], Any]


class Mismatch(Exception):  # noqa: N818 - internal signal, never seen by users
    """A JSON value is not what its place needs; the explanation is written later, with the path."""

    def __init__(self, value: object, expected: str | None = None) -> None:
        super().__init__(expected)
        self.value = value
        self.expected = expected


def quoted(text: str) -> str:
    """``text`` as a JSON string, for a message: escaped where it holds a lone surrogate.

    A message must be writable wherever it goes (a terminal, a UTF-8 log), even when the bad value
    it shows is a string that is not.
    """
    return json.dumps(text, ensure_ascii=not checks.writable(text))


def pairs_to_dict(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Turn a parsed JSON object into a dict, refusing keys that occur more than once.

    The parser builds each object as a tuple of ``(key, value)`` pairs (``object_pairs_hook=tuple``,
    which costs nothing), so that no repeated key is dropped silently and arrays (lists) stay
    apart from objects (tuples).

    Raises:
        Mismatch: A key occurs more than once.
    """
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        twice = dict.fromkeys(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        keys = ", ".join(quoted(k) for k in twice)
        raise Mismatch(pairs, f"each key once, but {keys} occurs more than once")
    return found


MAX_PROBLEMS: Final = 100
"""How many bad items of one array a refusal lists; the rest are counted in one more problem."""

MAX_DEPTH: Final = 64
"""How deeply free-form JSON data (a contract's ``extensions``) may nest."""


def plain_json(value: Any, depth: int = 0) -> Any:
    """Turn parsed free-form JSON data into plain dicts and lists, refusing repeated keys."""
    if depth > MAX_DEPTH:
        raise Mismatch(value, f"JSON data nested at most {MAX_DEPTH} levels deep")
    if type(value) is tuple:
        value = pairs_to_dict(value)
    if type(value) is dict:
        return {k: plain_json(v, depth + 1) for k, v in value.items()}
    if type(value) is list:
        return [plain_json(v, depth + 1) for v in value]
    return value


# -- what each type accepts, in words -------------------------------------------------------------


def optional_of(t: Any) -> Any | None:
    """Return ``X`` for ``X | None`` (or ``Optional[X]``), else ``None``."""
    if typing.get_origin(t) in {typing.Union, types.UnionType}:
        args = [a for a in typing.get_args(t) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(t)) == 2:
            return args[0]
    return None


def tuple_item(t: Any) -> Any | None:
    """Return ``X`` for ``tuple[X, ...]``, else ``None``."""
    args = typing.get_args(t)
    if typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def mapping_value(t: Any) -> Any | None:
    """Return ``V`` for ``Mapping[str, V]`` (or ``dict[str, V]``), else ``None``."""
    if typing.get_origin(t) in {collections.abc.Mapping, dict}:
        key, value = typing.get_args(t) or (str, Any)
        if key is not str:
            msg = f"JSON object keys are strings: cannot convert {t}"
            raise TypeError(msg)
        return value
    return None


def literal_values(t: Any) -> tuple[Any, ...] | None:
    """Return the values of ``Literal[...]``, else ``None``."""
    if typing.get_origin(t) is typing.Literal:
        return typing.get_args(t)
    return None


def field_types(cls: type) -> dict[str, Any]:
    """Return field name → resolved type of an attrs class.

    Annotations are resolved in the module that defined the class, once (:func:`attrs.resolve_types`
    keeps the result on the fields). The library's public classes report their public module in
    ``__module__``, where :func:`typing.get_type_hints` would look for the names in vain; they are
    resolved before that module is set (:mod:`outsourcing._base.public`).
    """
    attrs.resolve_types(cls)
    return {f.name: f.type for f in attrs.fields(cls)}


def tagged_union(t: Any) -> tuple[str, dict[Any, type]] | None:
    """Return the tag field and tag → class of a union of attrs classes told apart by a field.

    Each class of the union has a field of the same name whose type is a one-value ``Literal``,
    such as ``op: Literal["add_deliverable"]``, and no two classes share a value. Anything else
    (``X | None`` included) is not a tagged union.
    """
    if typing.get_origin(t) not in {typing.Union, types.UnionType}:
        return None
    classes = typing.get_args(t)
    if not all(attrs.has(c) for c in classes):
        return None
    tags: list[dict[str, Any]] = []
    for cls in classes:
        attrs.resolve_types(cls)
        tags.append(
            {
                f.name: values[0]
                for f in attrs.fields(cls)
                if (values := literal_values(f.type)) is not None and len(values) == 1
            }
        )
    for name in tags[0]:
        tagged = [found.get(name) for found in tags]
        if None not in tagged and len(set(tagged)) == len(tagged):
            return name, dict(zip(tagged, classes, strict=True))
    return None


def is_enum(t: Any) -> bool:
    """Whether ``t`` is an enumeration class."""
    return isinstance(t, type) and issubclass(t, enum.Enum)


def expected(t: Any) -> str:  # noqa: PLR0911 - one answer per kind of type
    """Say in words which JSON value a place of type ``t`` accepts."""
    simple = {
        str: "a string",
        bool: "true or false",
        int: "an integer",
        float: "a number",
        Decimal: 'a decimal number in a string, such as "1200.50"',
        dt.date: "an ISO 8601 date (YYYY-MM-DD)",
        Any: "a JSON value",
    }
    if t in simple:
        return simple[t]
    if is_enum(t):
        return "one of " + ", ".join(json.dumps(m.value) for m in t)
    if (values := literal_values(t)) is not None:
        return "one of " + ", ".join(json.dumps(v) for v in values)
    if (union := tagged_union(t)) is not None:
        tag, classes = union
        return f"an object whose {json.dumps(tag)} is one of " + ", ".join(
            json.dumps(v) for v in classes
        )
    if attrs.has(t):
        return f"an object ({t.__name__})"
    if (inner := optional_of(t)) is not None:
        return f"{expected(inner)}, or null"
    if tuple_item(t) is not None:
        return "an array"
    if typing.get_origin(t) in {collections.abc.Mapping, dict}:
        return "an object"
    return f"a {getattr(t, '__name__', t)}"


def describe(value: object) -> str:  # noqa: C901, PLR0911 - one answer per kind of value
    """Name a JSON value briefly, so that its type shows (``"5"`` versus ``5``)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is str:
        text = quoted(value[:60])
        return text[:-1] + '..."' if len(value) > 60 else text
    if type(value) is int:
        return (
            str(value) if value.bit_length() < 200 else f"an integer of {value.bit_length()} bits"
        )
    if type(value) is float:
        if value != value:  # noqa: PLR0124 - the NaN test
            return "NaN"
        if value in {float("inf"), float("-inf")}:
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if type(value) is tuple:
        return "an object"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object"
    return repr(value)[:80]


# -- the converters --------------------------------------------------------------------------------


def _strict(t: type) -> Hook:
    """Accept values of exactly type ``t`` (so a bool is not an int, and 12.9 is not 12)."""

    def structure(value: Any, _: Any) -> Any:
        if type(value) is t:
            return value
        raise Mismatch(value)

    return structure


def _number(value: Any, _: Any) -> float:
    if type(value) is float or type(value) is int:
        return float(value)
    raise Mismatch(value)


def _decimal(value: Any, _: Any) -> Decimal:
    if type(value) is str and DECIMAL_FORMAT.fullmatch(value):
        return Decimal(value)
    raise Mismatch(value)


def _date(value: Any, _: Any) -> dt.date:
    if type(value) is str and DATE_FORMAT.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise Mismatch(value, "a date that exists in the calendar (YYYY-MM-DD)") from None
    raise Mismatch(value)


def _enum(t: type[enum.Enum]) -> Hook:
    members = {m.value: m for m in t}
    kinds = {type(v) for v in members}

    def structure(value: Any, _: Any) -> enum.Enum:
        if type(value) in kinds:
            found = members.get(value)
            if found is not None:
                return found
        raise Mismatch(value)

    return structure


def _literal(t: Any) -> Hook:
    values = literal_values(t) or ()

    def structure(value: Any, _: Any) -> Any:
        for allowed in values:
            if type(value) is type(allowed) and value == allowed:
                return value
        raise Mismatch(value)

    return structure


def _tagged(t: Any, converter: cattrs.Converter) -> Hook:
    """Structure a tagged union: read the tag, then structure the object as its class."""
    tag, classes = tagged_union(t) or ("", {})
    hooks = {value: (cls, converter.get_structure_hook(cls)) for value, cls in classes.items()}

    def structure(value: Any, _: Any) -> Any:
        if type(value) is tuple:
            value = pairs_to_dict(value)
        elif type(value) is not dict:
            raise Mismatch(value)
        if tag not in value:
            raise Mismatch(value, f"{expected(t)}, with the key {json.dumps(tag)}")
        found = value[tag]
        if not any(type(found) is type(v) and found == v for v in hooks):
            raise Mismatch(
                found, f"{json.dumps(tag)} to be one of {', '.join(map(json.dumps, hooks))}"
            )
        cls, handler = hooks[found]
        return handler(value, cls)

    return structure


def _attrs(t: type, converter: cattrs.Converter) -> Hook:
    generated: Callable[[dict[str, Any], Any], Any] = make_dict_structure_fn(t, converter)

    def structure(value: Any, _: Any) -> Any:
        if type(value) is tuple:
            value = pairs_to_dict(value)
        elif type(value) is not dict:
            raise Mismatch(value)
        return generated(value, t)

    return structure


def _tuple(t: Any, converter: cattrs.Converter) -> Hook:  # noqa: C901 - fast and explaining
    item = tuple_item(t)
    handler = converter.get_structure_hook(item)
    if not converter.detailed_validation:

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise Mismatch(value)
            return tuple([handler(v, item) for v in value])

        return structure

    def explain(value: Any, _: Any) -> tuple[Any, ...]:  # noqa: C901 - vouched, built or counted
        if type(value) is not list:
            raise Mismatch(value)
        errors: list[Exception] = []
        more = 0  # bad items beyond the first MAX_PROBLEMS: counted, not kept
        consume = _consume.get()
        items = _items.get()
        quick = None if items is None else items.builder(item)
        # the items before the first in doubt, built in one go; then item by item
        result = [] if items is None else items.prefix(value, item, consume=consume)
        for index, v in enumerate(itertools.islice(value, len(result), None), len(result)):
            if consume:  # the data is the library's own: let each item go once it is read
                value[index] = None
            built = _UNVOUCHED if quick is None else _vouched(quick, v)
            if built is _UNVOUCHED and items is not None:
                v = items.plain(v)  # noqa: PLW2901 - the item, read for the converter
            if len(errors) == MAX_PROBLEMS:  # enough explained: only count the rest, quickly
                if built is not _UNVOUCHED:
                    continue
                try:
                    FAST.structure(v, item)  # type: ignore[arg-type]
                except Exception:  # noqa: BLE001 - counted
                    more += 1
                continue
            if built is not _UNVOUCHED:
                if not errors:
                    result.append(built)
                continue
            try:
                built = handler(v, item)
            except Exception as exc:  # noqa: BLE001 - collected, explained by problems()
                note = IterableValidationNote(f"Structuring {t} @ index {index}", index, item)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
                result.clear()  # no use for the items built so far: let them go
                continue
            if not errors:
                result.append(built)
        if errors:
            error = IterableValidationError(f"While structuring {t!r}", errors, t)
            error.more = more  # type: ignore[attr-defined] # read by problems()
            raise error
        return tuple(result)

    return explain


def _vouched(quick: Callable[[Any], Any], value: Any) -> Any:
    """The item the typed path builds from ``value``, or :data:`_UNVOUCHED` where it doubts."""
    try:
        return quick(value)
    except Exception:  # noqa: BLE001 - in doubt: the converter decides
        return _UNVOUCHED


def _mapping(t: Any, converter: cattrs.Converter) -> Hook:
    item = mapping_value(t)
    if item is Any:

        def verbatim(value: Any, _: Any) -> dict[str, Any]:
            if type(value) is dict or type(value) is tuple:
                return plain_json(value)  # type: ignore[no-any-return]
            raise Mismatch(value)

        return verbatim
    handler = converter.get_structure_hook(item)

    def structure(value: Any, _: Any) -> dict[str, Any]:
        if type(value) is tuple:
            value = pairs_to_dict(value)
        elif type(value) is not dict:
            raise Mismatch(value)
        result, errors = {}, []
        for key, v in value.items():
            try:
                result[key] = handler(v, item)
            except Exception as exc:  # noqa: BLE001 - collected, explained by problems()
                note = IterableValidationNote(f"Structuring {t} @ key {key!r}", key, item)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return result

    return structure


def _unstructure_tuple(t: Any, converter: cattrs.Converter) -> Callable[[Any], list[Any]]:
    item = tuple_item(t)
    if item in {str, int, bool, float, Any}:
        return list
    handler = converter.get_unstructure_hook(item)
    return lambda value: [handler(v) for v in value]


def omitted_at_default(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """Return the fields of an attrs class written only when they hold other than their default.

    They carry :data:`outsourcing._models.checks.OMIT_DEFAULT`: fields added after documents were
    first written, left out at their default so that older documents are written as before.
    """
    return tuple(f for f in attrs.fields(cls) if f.metadata.get("omit_default"))


def _unstructure_omitting(t: type, converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Unstructure an attrs class, leaving out its fields that hold their default and say so."""
    attrs.resolve_types(t)
    overrides = {f.name: override(omit_if_default=True) for f in omitted_at_default(t)}
    return make_dict_unstructure_fn(t, converter, **overrides)  # type: ignore[arg-type]


def make_converter(*, detailed: bool) -> cattrs.Converter:
    """Build the library's converter: strict in, lossless out, ``detailed`` to explain failures."""
    c = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    for t in (str, int, bool):
        c.register_structure_hook(t, _strict(t))
    c.register_structure_hook(float, _number)
    c.register_structure_hook(Decimal, _decimal)
    c.register_structure_hook(dt.date, _date)
    c.register_structure_hook_factory(is_enum, _enum)
    c.register_structure_hook_factory(attrs.has, _attrs)
    c.register_structure_hook_factory(lambda t: tuple_item(t) is not None, _tuple)
    c.register_structure_hook_factory(lambda t: mapping_value(t) is not None, _mapping)
    c.register_structure_hook_factory(lambda t: literal_values(t) is not None, _literal)
    c.register_structure_hook_factory(lambda t: tagged_union(t) is not None, _tagged)

    c.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    c.register_unstructure_hook(dt.date, dt.date.isoformat)
    c.register_unstructure_hook_factory(lambda t: tuple_item(t) is not None, _unstructure_tuple)
    c.register_unstructure_hook_factory(
        lambda t: mapping_value(t) is not None, lambda _t: jsondata.thaw
    )
    c.register_unstructure_hook_factory(
        lambda t: attrs.has(t) and bool(omitted_at_default(t)), _unstructure_omitting
    )
    return c


# -- explaining a failure --------------------------------------------------------------------------


def key_path(path: str, key: object) -> str:
    """Extend a JSON path by an object key: ``$.a`` + ``b`` is ``$.a.b``."""
    text = str(key)
    if _NAME.fullmatch(text):
        return f"{path}.{text}"
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{path}[{quoted(text)}]"


def problems(exc: BaseException, path: str, t: Any) -> Iterator[Problem]:  # noqa: C901, PLR0912
    """Turn what the detailed converter raised into problems, each at its JSON path.

    One branch per kind of error that cattrs, the hooks or the models raise.
    """
    if isinstance(exc, ClassValidationError):
        with_notes, others = exc.group_exceptions()
        for sub, note in with_notes:
            yield from problems(sub, key_path(path, note.name), note.type)
        for sub in others:
            if isinstance(sub, ForbiddenExtraKeysError):
                known = ", ".join(a.name for a in attrs.fields(exc.cl))
                for key in sorted(sub.extra_fields):
                    yield Problem(
                        key_path(path, key),
                        f"unknown key; {exc.cl.__name__} has only: {known}",
                    )
            else:
                yield from problems(sub, path, exc.cl)
    elif isinstance(exc, IterableValidationError):
        with_index, rest = exc.group_exceptions()
        for item, at in with_index:
            index: object = at.index
            where = f"{path}[{index}]" if type(index) is int else key_path(path, index)
            yield from problems(item, where, at.type)
        for sub in rest:
            yield from problems(sub, path, t)
        more = getattr(exc, "more", 0)
        if more:
            yield Problem(
                path,
                f"and {more} more item{'' if more == 1 else 's'} with problems, not listed "
                f"(the first {MAX_PROBLEMS} are)",
            )
    elif isinstance(exc, Mismatch):
        yield Problem(path, f"expected {exc.expected or expected(t)}, got {describe(exc.value)}")
    elif isinstance(exc, KeyError):
        yield Problem(path, f"missing (expected {expected(t)})")
    elif isinstance(exc, InvalidValueError):
        yield Problem(_field_path(path, exc.field), f"expected {exc.expected}, got {_python(exc)}")
    else:
        yield Problem(path, f"expected {expected(t)} ({type(exc).__name__}: {exc})")


def _field_path(path: str, field: str) -> str:
    """Place a model's ``Class.field[...]`` error under the object's JSON path."""
    _, dot, rest = field.partition(".")
    if not dot:
        return path

    def plain(match: re.Match[str]) -> str:
        text = match.group(1)
        return key_path("", text[1:-1])

    return f"{path}.{_QUOTED_KEY.sub(plain, rest)}"


_SCALARS: Final = (str, int, float, bool, type(None))


def _python(exc: InvalidValueError) -> str:
    """Describe the value a model refused, as the JSON it came from where possible."""
    value = exc.value
    if isinstance(value, (*_SCALARS, list, dict)):
        return describe(value)
    try:
        text = json.dumps(FAST.unstructure(value), ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


FAST: Final = make_converter(detailed=False)
DETAILED: Final = make_converter(detailed=True)


def explain(data: object, t: Any) -> tuple[Problem, ...]:
    """Return every problem that keeps ``data`` from being structured as ``t``."""
    return build_or_explain(data, t)[1]


_consume: Final = contextvars.ContextVar("outsourcing_consume_arrays", default=False)


class Items(typing.Protocol):
    """How the items of arrays of model objects are read: see :func:`build_or_explain`."""

    def builder(self, t: Any) -> Callable[[Any], Any] | None:
        """A function that builds an item of ``t`` quickly or raises; ``None``: none."""

    def plain(self, value: Any) -> Any:
        """An item as plain JSON data, for the converter."""

    def prefix(self, value: list[Any], t: Any, *, consume: bool) -> list[Any]:
        """The items of ``value`` built quickly, from the first up to the first in doubt."""


_items: Final[contextvars.ContextVar[Items | None]] = contextvars.ContextVar(
    "outsourcing_array_items", default=None
)
_UNVOUCHED: Final = object()
_alike: dict[Any, bool] = {}


def reads_dicts_alike(t: Any) -> bool:
    """Whether the converters read ``t`` from dicts exactly as from pairs, building it once.

    True when every type reachable from ``t`` has a hook of this module, each of which reads an
    object given as pairs as the same dict: the library's models, and users' classes made of the
    same kinds of types. A type left to cattrs' own handling (a union that is neither ``X | None``
    nor tagged, a bare ``Any``, a ``list``...) may read pairs otherwise (cattrs' unions want
    mappings), so such a class keeps the pairs and the converters' two steps, as ever.
    """
    found = _alike.get(t)
    if found is None:
        found = _alike[t] = _reads_alike(t, set())
    return found


def _reads_alike(t: Any, seen: set[Any]) -> bool:  # noqa: PLR0911 - one answer per kind of type
    if t in seen:
        return True  # a recursive class: judged where it was first met
    if t in {str, int, bool, float, Decimal, dt.date} or is_enum(t):
        return True
    if literal_values(t) is not None:
        return True
    if attrs.has(t):
        seen.add(t)
        return all(_reads_alike(h, seen) for h in field_types(t).values())
    if (union := tagged_union(t)) is not None:
        return all(_reads_alike(c, seen) for c in union[1].values())
    for inner in (optional_of(t), tuple_item(t)):
        if inner is not None:
            return _reads_alike(inner, seen)
    try:
        value = mapping_value(t)
    except TypeError:
        return False
    return value is not None and (value is Any or _reads_alike(value, seen))


def build_or_explain(
    data: object, t: Any, *, consume: bool = False, items: Items | None = None
) -> tuple[Any, tuple[Problem, ...]]:
    """Structure ``data`` as ``t`` once: the object and no problems, or ``None`` and every problem.

    The detailed converter builds what the fast one builds, and explains where it cannot: a
    document that must be refused is built once, not once to fail and again to explain. A
    failure that names no problem (none is known) is said as the exception it was.

    With ``consume``, data the library parsed itself and lets go afterwards, each array's items
    are replaced by ``None`` as they are read, so that the parsed data shrinks while the objects
    grow (strings are shared between the two): the peak is the parsed data, not both.

    With ``items`` (the typed path's: :class:`outsourcing._io.typedload.Items`), each item of an
    array of model objects is first given to the function ``items.builder`` makes for the item
    type, which builds the same object the converter would, at a fraction of the cost, or raises;
    only the items it does not vouch for are read by ``items.plain`` and built, or explained, by
    the converter. So a large document refused for a few items costs about a typed load of it,
    and says exactly what the converter alone would say. The data must be plain JSON (as msgspec
    parses it), or the items' text, which the typed path reads as the converter does.
    """
    token = _consume.set(consume)
    vouched = _items.set(items)
    try:
        return DETAILED.structure(data, t), ()
    except Exception as exc:  # noqa: BLE001 - every failure is turned into problems
        found = tuple(problems(exc, "$", t))
        return None, found or (Problem("$", f"{exc.__class__.__name__}: {exc}"),)
    finally:
        _items.reset(vouched)
        _consume.reset(token)
