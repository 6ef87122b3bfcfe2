"""The public face: objects defined in private modules report the public module that exports them.

Each public module (the package root and the task modules such as :mod:`outsourcing.changes`)
calls :func:`publish` on what it exports, so that reprs, pickles, tracebacks and the API reference
show ``outsourcing.Contract`` and ``outsourcing.changes.apply_change``, never a private path.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterable, Mapping

import attrs

__all__ = ["publish"]


def publish(module: str, namespace: Mapping[str, object], names: Iterable[str]) -> None:
    """Make the classes and functions named in ``names`` report ``module`` in ``__module__``.

    Only objects defined in the library's private modules (a name with a leading ``_`` in the
    module's path) are touched. A class has its annotations
    resolved first, in the module that defined it, where their names are, and keeps them resolved:
    afterwards :func:`typing.get_type_hints` looks names up in ``module``, which need not hold them.
    """
    for name in names:
        found = namespace[name]
        if not (isinstance(found, type) or inspect.isfunction(found)):
            continue
        defined_in = found.__module__.split(".")
        if defined_in[0] != "outsourcing" or not any(part.startswith("_") for part in defined_in):
            continue
        if isinstance(found, type):
            _resolve(found)
        found.__module__ = module


def _resolve(cls: type) -> None:
    """Replace the class's own string annotations by the types they name."""
    own = inspect.get_annotations(cls)
    try:
        hints = typing.get_type_hints(cls, include_extras=True)
    except NameError:  # a name only a type checker sees; nothing reads these at run time
        return
    cls.__annotations__ = {key: hints[key] for key in own}
    if attrs.has(cls):
        attrs.resolve_types(cls)
