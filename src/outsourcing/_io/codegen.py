"""The fast path of loading: one generated function per model class, for documents that are right.

cattrs' generic hooks make one Python call per value, which dominates the time to load a large
contract. Here each model class gets a function, generated once from its fields' types, that checks
every JSON value inline (``type(v) is str``, a pattern for decimals and dates, a dict lookup for
enum values) and builds the object. It does not explain anything: at the first doubt it gives up,
and :mod:`outsourcing.json` falls back to the cattrs converters, which accept exactly what they
always accepted and explain every problem with its path. So this path may only ever accept what
the converters accept, and build the same objects; ``tests/test_fastload.py`` checks both.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs

from outsourcing._io import convert as _convert
from outsourcing._models import checks as _checks
from outsourcing._models import work as _work
from outsourcing._models.work import Raci


class Doubt(Exception):  # noqa: N818 - internal signal: "let the converters decide"
    """The fast path cannot vouch for a value; the careful path takes over."""


_made: dict[type, Callable[[Any], Any]] = {}
_DECIMAL: Final = _convert._DECIMAL.fullmatch  # noqa: SLF001 - one definition of the format
_DATE: Final = _convert._DATE.fullmatch  # noqa: SLF001
_from_iso: Final = dt.date.fromisoformat


def structure(data: Any, cls: type) -> Any:
    """Build ``cls`` from parsed JSON ``data`` (objects as dicts or as tuples of pairs).

    Raises:
        Doubt: Something is not plainly right; the caller asks the converters instead.
    """
    try:
        return function_for(cls)(data)
    except Doubt:
        raise
    except Exception as exc:  # a model's field check, a bad date, an unhashable enum value...
        raise Doubt from exc


def function_for(cls: type) -> Callable[[Any], Any]:
    """The generated function that builds ``cls`` from parsed JSON, made once per class."""
    found = _made.get(cls)
    if found is None:
        found = _made[cls] = _generate(cls)
    return found


def _doubt() -> typing.NoReturn:
    raise Doubt


def _union(tag: str, classes: dict[Any, type]) -> Callable[[Any], Any]:
    """Build the class of a tagged union that the tag names, such as ``"op": "add_deliverable"``."""
    choices = tuple(classes.items())

    def build(obj: Any) -> Any:
        if type(obj) is tuple:
            found = dict(obj)
            if len(found) != len(obj):
                raise Doubt
        elif type(obj) is dict:
            found = obj
        else:
            raise Doubt
        value = found.get(tag)
        for allowed, cls in choices:
            if type(value) is type(allowed) and value == allowed:
                return function_for(cls)(found)
        raise Doubt

    return build


def _free(value: Any) -> Any:
    try:
        return _convert.plain_json(value)
    except _convert.Mismatch:
        raise Doubt from None


class _Source:
    """The source of one generated function, and the names it needs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_doubt": _doubt,
            "_free": _free,
            "_DECIMAL": _DECIMAL,
            "_DATE": _DATE,
            "_from_iso": _from_iso,
            "Decimal": Decimal,
            "function_for": function_for,
            "_new": object.__new__,
            "_setter": object.__setattr__.__get__,
            "_STR": {str},
            "_strip": str.strip,
        }
        self.count = 0

    def name(self, value: Any) -> str:
        self.count += 1
        key = f"_n{self.count}"
        self.names[key] = value
        return key

    def builder(self, t: Any) -> str:
        """An expression for the function that builds a model class or a tagged union of them."""
        if attrs.has(t):
            return f"function_for({self.name(t)})"
        tag, classes = _convert.tagged_union(t) or ("", {})
        return self.name(_union(tag, classes))

    def convert_tuple(self, item: Any, var: str, indent: str) -> None:
        """Emit lines that turn a JSON array in ``var`` into a tuple of ``item``."""
        add = self.lines.append
        if item is str:
            add(f"{indent}if type({var}) is not list: _doubt()")
            add(f"{indent}if {var} and not _STR.issuperset(map(type, {var})): _doubt()")
            add(f"{indent}{var} = tuple({var})")
        elif attrs.has(item) or _convert.tagged_union(item) is not None:
            build = self.builder(item)
            add(f"{indent}if type({var}) is not list: _doubt()")
            add(f"{indent}if {var}:")  # an empty array (most histories) needs no builder
            add(f"{indent}    _f = {build}")
            add(f"{indent}    {var} = tuple([_f(_x) for _x in {var}])")
            add(f"{indent}else:")
            add(f"{indent}    {var} = ()")
        else:  # other item types are rare: an empty array is plain, the rest goes careful
            add(f"{indent}if type({var}) is not list or {var}: _doubt()")
            add(f"{indent}{var} = ()")

    def optional(
        self, t: Any, var: str, indent: str, emit: Callable[[Any, str, str], None]
    ) -> bool:
        """For ``t = X | None``, emit ``emit(X, ...)`` guarded by ``is not None``; else nothing.

        Returns whether ``t`` was optional.
        """
        inner = _convert.optional_of(t)
        if inner is None:
            return False
        start = len(self.lines)
        emit(inner, var, indent + "    ")
        if len(self.lines) > start:
            self.lines.insert(start, f"{indent}if {var} is not None:")
        return True

    def formatted(self, t: Any, var: str, indent: str) -> None:
        """Emit lines that turn the string in ``var`` into a decimal or a date, in our formats."""
        pattern, make = ("_DECIMAL", "Decimal") if t is Decimal else ("_DATE", "_from_iso")
        self.lines.append(f"{indent}if not {pattern}({var}): _doubt()")
        self.lines.append(f"{indent}{var} = {make}({var})")

    def convert(self, t: Any, var: str, indent: str) -> None:  # noqa: C901
        """Emit lines that check ``var`` against type ``t`` and replace it by the Python value."""
        add = self.lines.append
        if self.optional(t, var, indent, self.convert):
            return
        if t is str or t is int or t is bool:
            add(f"{indent}if type({var}) is not {t.__name__}: _doubt()")
        elif t is float:
            add(f"{indent}if type({var}) is int: {var} = float({var})")
            add(f"{indent}elif type({var}) is not float: _doubt()")
        elif t is Decimal or t is dt.date:
            add(f"{indent}if type({var}) is not str: _doubt()")
            self.formatted(t, var, indent)
        elif isinstance(t, type) and issubclass(t, enum.Enum):
            members = {m.value: m for m in t}
            kinds = {type(v) for v in members}
            if len(kinds) != 1:
                add(f"{indent}_doubt()")  # mixed-type values: let the converters judge
                return
            kind = self.name(next(iter(kinds)))
            add(f"{indent}if type({var}) is not {kind}: _doubt()")
            add(f"{indent}{var} = {self.name(members)}[{var}]")
        elif attrs.has(t):
            add(f"{indent}{var} = {self.builder(t)}({var})")
        elif (item := _convert.tuple_item(t)) is not None:
            self.convert_tuple(item, var, indent)
        elif _convert.tagged_union(t) is not None:
            add(f"{indent}{var} = {self.builder(t)}({var})")
        elif (values := _convert.literal_values(t)) is not None:
            allowed = self.name(frozenset((type(v), v) for v in values))
            add(f"{indent}if (type({var}), {var}) not in {allowed}: _doubt()")
        elif _convert.mapping_value(t) is Any or t is Any:
            add(f"{indent}{var} = _free({var})")
        else:
            add(f"{indent}_doubt()")


# Field checks that the conversion above already guarantees, by the field's exact annotation:
# a value converted as ``dt.date`` is a date, a tuple built from ``function_for(C)`` holds only Cs.
_IMPLIED_BY_TYPE: Final[dict[Any, tuple[Any, ...]]] = {
    _checks.date: (dt.date,),
    _checks.optional_date: (dt.date, dt.date | None),
    _checks.decimal: (Decimal,),
    _checks.optional_decimal: (Decimal, Decimal | None),
    _checks.plain_str: (str,),
    _checks.boolean: (bool,),
    _work._role: (Raci,),  # noqa: SLF001 - a member(Raci) check with its own message
}
_IMPLIED_CLOSURES: Final = ("member.<locals>.check", "instance.<locals>.check")


def _check_kind(validator: Any, t: Any) -> str:  # noqa: PLR0911 - one answer per kind
    """How the fast path honours a field's validator: implied, inlined, or called for real."""
    if validator is None:
        return "none"
    if t in _IMPLIED_BY_TYPE.get(validator, ()):
        return "implied"
    qualname = getattr(validator, "__qualname__", "")
    if getattr(validator, "__module__", "") == _checks.__name__:
        plain = _convert.optional_of(t) is None
        if qualname in _IMPLIED_CLOSURES and plain and (attrs.has(t) or isinstance(t, type)):
            return "implied"  # member(E) / instance(C) on a field annotated E / C
        if qualname == "tuple_of.<locals>.check" and _convert.tuple_item(t) is not None:
            return "strings" if _convert.tuple_item(t) is str else "implied"
        if validator is _checks.text and t is str:
            return "text"
        if validator is _checks.optional_text and t in (str, str | None):
            return "optional_text"
    return "call"


def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None] | None:
    """The ``__set__`` of the slot that holds field ``name``, if a slot holds it."""
    for klass in cls.__mro__:
        found = vars(klass).get(name)
        if found is not None:
            if isinstance(found, types.MemberDescriptorType):
                setter: Callable[[Any, Any], None] = found.__set__
                return setter
            return None
    return None


def _set_fields(source: _Source, cls: type, fields: Any, indent: str) -> None:
    """Emit the lines that set the fields of ``inst`` to ``v0, v1...``, frozen as it is."""
    add = source.lines.append
    slots = [_slot_setter(cls, f.name) for f in fields]
    if all(slots):  # straight into the slot: what object.__setattr__ ends up doing, less lookup
        for number, set_slot in enumerate(slots):
            add(f"{indent}{source.name(set_slot)}(inst, v{number})")
    else:
        add(f"{indent}_set = _setter(inst)")
        for number, f in enumerate(fields):
            add(f"{indent}_set({f.name!r}, v{number})")


def _construct(
    source: _Source, cls: type, fields: Any, hints: dict[str, Any], *, indent: str = "        "
) -> None:
    """Emit the lines that build ``cls`` from ``v0, v1...`` as attrs' ``__init__`` would.

    attrs' ``__init__`` sets every field, then runs every validator, then ``__attrs_post_init__``.
    So does this, except that validators the conversion already guarantees are skipped and the
    cheap ones are inlined: on a contract of a hundred thousand deliverables those calls were
    a good part of the time to load it.
    """
    add = source.lines.append
    for number, f in enumerate(fields):
        kind = _check_kind(f.validator, hints[f.name])
        var = f"v{number}"
        if kind == "text":
            add(f"{indent}if not {var} or {var}.isspace(): _doubt()")
        elif kind == "optional_text":
            add(f"{indent}if {var} is not None and (not {var} or {var}.isspace()): _doubt()")
        elif kind == "strings":  # what tuple_of(str) checks: no empty or blank strings
            # strip() leaves nothing of an empty or blank string (as isspace() judges blank)
            add(f"{indent}if {var} and not all(map(_strip, {var})): _doubt()")
        if f.converter is not None:
            add(f"{indent}{var} = {source.name(f.converter)}({var})")
    add(f"{indent}inst = _new({source.name(cls)})")
    _set_fields(source, cls, fields, indent)
    for number, f in enumerate(fields):
        if _check_kind(f.validator, hints[f.name]) == "call":
            check, attribute = source.name(f.validator), source.name(f)
            add(f"{indent}{check}(inst, {attribute}, v{number})")
    if hasattr(cls, "__attrs_post_init__"):
        add(f"{indent}inst.__attrs_post_init__()")
    add(f"{indent}return inst")


def _always_doubt(_obj: Any) -> Any:
    raise Doubt


def _generate(cls: type) -> Callable[[Any], Any]:
    hints = _convert.field_types(cls)
    fields = attrs.fields(cls)
    if not all(f.init for f in fields):
        return _always_doubt  # a field set by the class itself: the converters know what to do
    source = _Source()
    keys = source.name(frozenset(f.name for f in fields))
    required = source.name(frozenset(f.name for f in fields if f.default is attrs.NOTHING))
    add = source.lines.append
    add("def build(obj):")
    add("    if type(obj) is dict:")
    add("        d = obj")
    add("    elif type(obj) is tuple:")  # parsed carefully: pairs, refused if a key repeats
    add("        d = dict(obj)")
    add("        if len(d) != len(obj): _doubt()")
    add("    else:")
    add("        _doubt()")
    target = source.name(cls)
    # Every key present, as dumps writes them. With as many keys as fields, a missing one means
    # an unknown one instead: its lookup raises KeyError, which structure() takes as a doubt.
    add(f"    if len(d) == {len(fields)}:")
    for number, f in enumerate(fields):
        var = f"v{number}"
        add(f"        {var} = d[{f.name!r}]")
        source.convert(hints[f.name], var, "        ")
    _construct(source, cls, fields, hints)
    add(f"    if d.keys() - {keys} or {required} - d.keys(): _doubt()")
    add("    kwargs = {}")
    for number, f in enumerate(fields):
        var = f"v{number}"
        add(f"    if {f.name!r} in d:")
        add(f"        {var} = d[{f.name!r}]")
        source.convert(hints[f.name], var, "        ")
        add(f"        kwargs[{f.alias!r}] = {var}")
    add(f"    return {target}(**kwargs)")
    namespace = dict(source.names)
    code = compile("\n".join(source.lines), f"<fastload {cls.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own generated code
    built: Callable[[Any], Any] = namespace["build"]
    return built
