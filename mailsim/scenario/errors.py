"""One clear message for a bad scenario file: the file, the key path, what was expected."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only named in a signature; pydantic loads with the loader
    from pydantic import ValidationError

_MAX_LISTED = 8


class ScenarioError(Exception):
    """A scenario file cannot be used. ``str()`` is the message to print."""

    def __init__(self, source: str, problems: Sequence[tuple[str, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        shown = [
            f"{self.source}: {path}: {what}" if path else f"{self.source}: {what}"
            for path, what in self.problems[:_MAX_LISTED]
        ]
        if len(self.problems) > _MAX_LISTED:
            shown.append(f"{self.source}: ... and {len(self.problems) - _MAX_LISTED} more problems")
        return "\n".join(shown)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` looks like a misspelling of (difflib), or None."""
    names = [str(choice) for choice in choices]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.75)
    if not close:  # names differing only in case, or a short one with a typo
        close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.6)
    return close[0] if close and close[0] != word else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'latency'?`` when ``word`` looks like a misspelling of a choice."""
    close = closest(word, choices)
    return f"; did you mean {close!r}?" if close is not None else ""


def key_path(loc: Sequence[str | int]) -> str:
    """``hosts["mail.example.com"].smarthost`` — unambiguous even for dotted names."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f'["{part}"]'
    return out


def _real_loc(loc: Sequence[str | int], data: Any, missing: bool) -> tuple[list[str | int], int | None]:
    """The keys of ``loc`` present in the file, and where the innermost union tag was dropped.

    Pydantic inserts the names of union members (``str``, ``dict[...]``, a
    step's kind) into the location. A tag can equal a real key (a step
    ``{at: .., send: {..}}`` is tagged ``send``): it is recognised because the
    key after it belongs to the same mapping, not to the tag's value. An
    absent key is kept only as the last element of a ``missing`` error (a
    required field the file left out).
    """
    kept: list[str | int] = []
    dropped: int | None = None
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        following = None if last else loc[index + 1]
        if isinstance(node, dict) and part in node:
            child = node[part]
            if following is not None and following in node and not (
                isinstance(child, dict) and following in child
            ):
                dropped = len(kept)
                continue  # a tag that happens to equal a sibling key
            node = child
            kept.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            kept.append(part)
        elif last and missing and isinstance(node, dict):
            kept.append(part)
        elif part != "[key]":
            dropped = len(kept)
    return kept, dropped


# What a union member expects, in the words of a scenario file.
_EXPECTED = {
    "string_type": "text", "dict_type": "a mapping", "model_type": "a mapping",
    "model_attributes_type": "a mapping", "list_type": "a list", "int_type": "a whole number",
    "int_parsing": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
    "bool_parsing": "true or false",
}
# Pydantic names its model classes in a few messages; the file's author never wrote them.
_CLASS_NAMES = re.compile(r" or (instance of \w+|object to extract fields from)")


def _got(error: Any) -> str:
    value = error.get("input")
    if isinstance(value, bool) or value is None:  # as YAML wrote it
        return f" (got {'null' if value is None else str(value).lower()})"
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(repr(value)) < 60:
        return f" (got {value!r})"
    return ""


def _describe(error: Any) -> str:
    message = _CLASS_NAMES.sub("", str(error["msg"]))
    message = message.removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown key (check its spelling)"
    if error["type"] in ("missing", "union_tag_not_found"):
        return "required key is missing"
    if error["type"] == "union_tag_invalid":
        ctx = error.get("ctx", {})
        expected = ctx.get("expected_tags", "")
        return f"expected one of {expected}" if expected else message
    return f"{message[0].lower()}{message[1:]}{_got(error)}"


def _alternative(error: Any) -> str:
    """One union member's expectation, short: ``text``, ``a mapping``, ``'latest' or 'all'``."""
    if error["type"] in _EXPECTED:
        return _EXPECTED[error["type"]]
    return _CLASS_NAMES.sub("", str(error["msg"])).removeprefix("Input should be ")


# Given (key path, pydantic's error, the file's data), what to add to the message: the
# "did you mean" of an unknown key, step kind or choice (:mod:`mailsim.scenario.keys`).
Hint = Callable[[list[str | int], Any, Any], str]


def from_validation_error(source: str, exc: ValidationError, data: Any,
                          hint: Hint | None = None, reword: Hint | None = None) -> ScenarioError:
    """One problem per key path the user wrote; a union's failed members become one line.

    When a value matches no member of a union (``title`` is text or a mapping
    by language), pydantic reports each member. If some member got inside the
    value (the value is a mapping with a wrong key), only those deeper errors
    are shown; otherwise the members' expectations are joined into one line.
    ``reword``, when it returns text, says what was expected instead of pydantic.
    """
    errors: list[tuple[list[str | int], int | None, Any]] = []
    for error in exc.errors():
        loc, dropped = _real_loc(error["loc"], data, missing=error["type"] == "missing")
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc.append(str(error.get("ctx", {}).get("discriminator", "")).strip("'"))
        errors.append((loc, dropped, error))
    deeper = {tuple(loc[:dropped]) for loc, dropped, _ in errors
              if dropped is not None and len(loc) > dropped}
    problems: list[tuple[str, str]] = []
    merged: dict[str, list[Any]] = {}
    for loc, dropped, error in errors:
        at_union = dropped is not None and len(loc) == dropped
        if at_union and tuple(loc) in deeper:
            continue  # another member of this union got further into the value
        path = key_path(loc)
        if at_union:
            if path not in merged:
                merged[path] = []
                problems.append((path, ""))
            merged[path].append(error)
        else:
            what = (reword(loc, error, data) if reword is not None else "") or _describe(error)
            if what != _describe(error):
                what += _got(error)
            extra = hint(loc, error, data) if hint is not None else ""
            if extra.startswith("; it is a key of") or " belongs under " in extra:
                what = "unknown key"  # spelt right, in the wrong place
            what += extra
            problems.append((path, what))
    for index, (path, what) in enumerate(problems):
        if not what:
            members = merged[path]
            if len(members) == 1:
                what = _describe(members[0])
            else:
                alternatives = list(dict.fromkeys(_alternative(e) for e in members))
                what = f"expected {', '.join(alternatives[:-1])} or {alternatives[-1]}{_got(members[0])}"
            problems[index] = (path, what)
    return ScenarioError(source, problems)
