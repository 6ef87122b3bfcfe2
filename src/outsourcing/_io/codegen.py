"""The builders of the typed path: one generated function per shadow Struct, for right documents.

msgspec parses a document into the shadow Structs of :mod:`outsourcing._io.shadows`, checking in C
what it can (dates included). What is left is generated here, once per Struct, from the fields'
types: a function that turns the decimals (strings in the shadow) into values in the library's
format, builds nested objects with their own builders, judges the values the shadow keeps as
plain JSON (free-form data, odd enumerations) inline, puts in the default of a field the document
left out, and builds the object as attrs' ``__init__`` would: set the fields, run the validators,
run ``__attrs_post_init__``. It does not explain anything: at the first doubt it raises
:class:`Doubt`, and :mod:`outsourcing.json` takes the careful path, whose converters accept exactly
what they always accepted and explain every problem with its path. So a builder may only ever
accept what the converters accept, and build the same objects; ``tests/test_fastload.py`` checks
both.

Builders are made under :data:`outsourcing._io.shadows.LOCK` and published only when complete.
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
import msgspec

from outsourcing._io import convert as _convert
from outsourcing._io.shadows import LOCK, SHADOWS, TAG, Slot
from outsourcing._models import checks as _checks
from outsourcing._models import work as _work
from outsourcing._models.work import Raci


class Doubt(Exception):  # noqa: N818 - internal signal: "let the converters decide"
    """The typed path cannot vouch for a value; the careful path takes over."""


_builders: dict[type, Callable[[Any], Any]] = {}
_DECIMAL: Final = _convert.DECIMAL_FORMAT.fullmatch  # one definition of the format
_DATE: Final = _convert.DATE_FORMAT.fullmatch
_from_iso: Final = dt.date.fromisoformat


def build(shadow: Any) -> Any:
    """Build the model object of a shadow (or of a whole document's Struct).

    Raises:
        Doubt: Something is not plainly right; the caller asks the converters instead.
    """
    try:
        return builder(type(shadow))(shadow)
    except Doubt:
        raise
    except Exception as exc:  # a model's field check, a bad date, a blank text...
        raise Doubt from exc


def builder(struct: type) -> Callable[[Any], Any]:
    """The generated function that builds a model object from a shadow of type ``struct``."""
    found = _builders.get(struct)  # published complete: no lock needed to read it
    if found is None:
        with LOCK:
            found = _builders.get(struct)
            if found is None:
                found = _generate(struct)
                _builders[struct] = found
    return found


def _doubt() -> typing.NoReturn:
    raise Doubt


def _free(value: Any) -> Any:
    try:
        return _convert.plain_json(value)
    except _convert.Mismatch:
        raise Doubt from None


def _decimal(text: str) -> Decimal:
    if not _DECIMAL(text):
        raise Doubt
    return Decimal(text)


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
            "_new": object.__new__,
            "_setter": object.__setattr__.__get__,
            "_STR": {str},
            "_strip": str.strip,
            "_UNSET": msgspec.UNSET,
        }
        self.count = 0

    def name(self, value: Any) -> str:
        self.count += 1
        key = f"_n{self.count}"
        self.names[key] = value
        return key

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

    def shadowed(self, t: Any, var: str, indent: str) -> None:
        """Emit what is left to do to a value msgspec checked against its shadow annotation.

        Strings, integers, booleans, floats, dates, enumerations, literals and arrays of them
        msgspec made what they are; decimals are strings, model objects shadows.
        """
        add = self.lines.append
        if self.optional(t, var, indent, self.shadowed):
            return
        if t is Decimal:
            self.formatted(t, var, indent)
        elif attrs.has(t) or _convert.tagged_union(t) is not None:
            add(f"{indent}{var} = {self.maker(t)}({var})")
        elif (item := _convert.tuple_item(t)) is not None:
            if item is Decimal:
                make = self.name(_decimal)
            elif attrs.has(item) or _convert.tagged_union(item) is not None:
                make = self.maker(item)
            elif _convert.optional_of(item) is not None or _convert.tuple_item(item) is not None:
                add(f"{indent}if {var}: _doubt()")  # rare kinds of items: the careful path
                return
            else:
                return
            add(f"{indent}if {var}:")  # an empty array (most histories) needs no builder
            add(f"{indent}    _f = {make}")
            add(f"{indent}    {var} = tuple([_f(_x) for _x in {var}])")

    def maker(self, t: Any) -> str:
        """An expression for the function that builds a model class or a tagged union of them."""
        if attrs.has(t):
            return self.name(builder(SHADOWS.struct(t)))
        tag, classes = _convert.tagged_union(t) or ("", {})
        by_struct = {
            SHADOWS.struct(c, tag): builder(SHADOWS.struct(c, tag)) for c in classes.values()
        }
        return self.name(lambda shadow: by_struct[type(shadow)](shadow))

    def convert_tuple(self, item: Any, var: str, indent: str) -> None:
        """Emit lines that turn a plain JSON array in ``var`` into a tuple of ``item``."""
        add = self.lines.append
        if item is str:
            add(f"{indent}if type({var}) is not list: _doubt()")
            add(f"{indent}if {var} and not _STR.issuperset(map(type, {var})): _doubt()")
            add(f"{indent}{var} = tuple({var})")
        else:  # other item types are rare: an empty array is plain, the rest goes careful
            add(f"{indent}if type({var}) is not list or {var}: _doubt()")
            add(f"{indent}{var} = ()")

    def convert(self, t: Any, var: str, indent: str) -> None:
        """Emit lines that check the plain JSON ``var`` against type ``t`` and make it a value."""
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
        elif (item := _convert.tuple_item(t)) is not None:
            self.convert_tuple(item, var, indent)
        elif (values := _convert.literal_values(t)) is not None:
            allowed = self.name(frozenset((type(v), v) for v in values))
            add(f"{indent}if (type({var}), {var}) not in {allowed}: _doubt()")
        elif _convert.mapping_value(t) is Any or t is Any:
            add(f"{indent}{var} = _free({var})")
        else:
            add(f"{indent}_doubt()")


# Field checks that the conversion above already guarantees, by the field's exact annotation:
# a value converted as ``dt.date`` is a date, a tuple built by the builder of C holds only Cs.
_IMPLIED_BY_TYPE: Final[dict[Any, tuple[Any, ...]]] = {
    _checks.date: (dt.date,),
    _checks.optional_date: (dt.date, dt.date | None),
    _checks.decimal: (Decimal,),
    _checks.optional_decimal: (Decimal, Decimal | None),
    _checks.boolean: (bool,),
    _work.raci_role: (Raci,),  # a member(Raci) check with its own message
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
        if validator is _checks.plain_str and t is str:
            return "plain"
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
        # isascii() takes constant time: only other text is checked for a lone surrogate
        writable = f"({var}.isascii() or {source.name(_checks.writable)}({var}))"
        if kind == "text":
            add(f"{indent}if not {var} or {var}.isspace() or not {writable}: _doubt()")
        elif kind == "optional_text":
            add(
                f"{indent}if {var} is not None and "
                f"(not {var} or {var}.isspace() or not {writable}): _doubt()"
            )
        elif kind == "plain":
            add(f"{indent}if not {writable}: _doubt()")
        elif kind == "strings":  # what tuple_of(str) checks: no empty, blank or unwritable string
            # strip() leaves nothing of an empty or blank string (as isspace() judges blank)
            add(
                f"{indent}if {var} and not (all(map(_strip, {var})) and "
                f"all(map({source.name(_checks.writable)}, {var}))): _doubt()"
            )
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


def _conforms(value: Any, t: Any) -> bool:
    """Whether ``value`` is of type ``t`` as a conversion to ``t`` would make it, exactly."""
    inner = _convert.optional_of(t)
    if inner is not None:
        return value is None or _conforms(value, inner)
    if attrs.has(t):
        return isinstance(value, t)
    item = _convert.tuple_item(t)
    if item is not None:
        return type(value) is tuple and all(_conforms(v, item) for v in value)
    return type(value) is t


def _default(source: _Source, slot: Slot, var: str, indent: str) -> None:
    """Emit the lines that put the default of a field the document left out into ``var``.

    attrs' ``__init__`` would use the default, or call the factory, and check the result with
    the field's validator. The builder skips the validators its conversion guarantees: where the
    default is not what that conversion would make, or the factory needs the half-made object,
    the careful path decides instead.
    """
    add = source.lines.append
    default: Any = slot.attribute.default
    hint = slot.hint
    implied = _check_kind(slot.attribute.validator, hint) == "implied"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type] # attrs' Factory is a class
        factory: Any = default.factory
        if default.takes_self or (implied and not _conforms(factory(), hint)):
            add(f"{indent}_doubt()")
        else:
            add(f"{indent}{var} = {source.name(factory)}()")
    elif implied and not _conforms(default, hint):
        add(f"{indent}_doubt()")
    else:
        add(f"{indent}{var} = {source.name(default)}")


def _generate(struct: type) -> Callable[[Any], Any]:
    plan = SHADOWS.plans[struct]
    cls = plan.cls
    hints = {slot.attribute.name: slot.hint for slot in plan.fields}
    source = _Source()
    add = source.lines.append
    add("def build(s):")
    for number, slot in enumerate(plan.fields):
        var, name, indent = f"v{number}", slot.attribute.name, "    "
        if slot.held is TAG:  # the Struct's tag: msgspec read it, and it is the field's one value
            add(f"{indent}{var} = {source.name(plan.tag[1] if plan.tag else None)}")
            continue
        add(f"{indent}{var} = s.{name}")
        if slot.attribute.default is not attrs.NOTHING:
            add(f"{indent}if {var} is _UNSET:")
            _default(source, slot, var, indent + "    ")
            add(f"{indent}else:")
            indent += "    "
        start = len(source.lines)
        if slot.held is Any:
            source.convert(slot.hint, var, indent)  # plain JSON: judge and convert it here
        else:
            source.shadowed(slot.hint, var, indent)
        if len(source.lines) == start and indent != "    ":
            source.lines.pop()  # nothing to do with a value that is there
    fields = [slot.attribute for slot in plan.fields]
    _construct(source, cls, fields, hints, indent="    ")
    namespace = dict(source.names)
    code = compile("\n".join(source.lines), f"<typedload {struct.__name__}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own generated code
    built: Callable[[Any], Any] = namespace["build"]
    return built
