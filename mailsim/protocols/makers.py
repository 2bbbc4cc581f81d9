"""Fast constructors for the frozen, slotted dataclasses an engine makes on every line.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
(the class refuses plain stores), about three times the cost of plain slot
stores; an SMTP session makes a command, a parsed path, an event or an envelope
for nearly every line. :func:`maker` gives a class a constructor that fills a
*draft* instead — a plain class with the very same slots and base, whose stores
the interpreter does without a call — and then gives it the dataclass's class,
which CPython allows between two such layouts. The result is the same object
(equal, hashed, frozen, slotted) as the dataclass would make; nothing is
checked, so a maker is for values the engine computed itself. trace/records.py
does the same by hand for the trace's records (the trace may import nothing of
the protocols).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """``cls(*values)``, every field given in order, without the per-field calls.

    ``cls`` must be a frozen dataclass with ``slots=True`` whose base class is not
    frozen itself (the draft shares that base, and its stores must be plain).
    """
    names = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    base: type = cls.__base__ or object
    plain_base = not any(  # a frozen base would refuse the draft's stores
        "__setattr__" in vars(klass) for klass in base.__mro__ if klass is not object)
    frozen = getattr(getattr(cls, "__dataclass_params__", None), "frozen", False)
    if not frozen or set(cls.__dict__.get("__slots__", ())) != set(names) or not plain_base:
        raise TypeError(f"{cls.__name__}: not a frozen, slotted dataclass on a plain base")
    draft = type(f"_{cls.__name__}Draft", (base,), {"__slots__": names})
    stores = "".join(f"    draft.{name} = {name}\n" for name in names)
    source = (f"def make_{cls.__name__}({', '.join(names)}):\n"
              f"    draft = _new(_Draft)\n{stores}"
              f"    draft.__class__ = _cls\n"
              f"    return draft\n")
    namespace: dict[str, Any] = {"_new": object.__new__, "_Draft": draft, "_cls": cls}
    exec(source, namespace)  # as dataclasses writes __init__: one plain function per class
    made: Callable[..., T] = namespace[f"make_{cls.__name__}"]
    made.__doc__ = f"``{cls.__name__}({', '.join(names)})`` (see mailsim.protocols.makers)."
    return made
