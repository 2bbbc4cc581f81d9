"""One clear message for a bad scenario file: the file, the key path, what was expected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


def _real_loc(loc: Sequence[str | int], data: Any) -> list[str | int]:
    """Drop the union tags pydantic inserts, keeping only keys present in the file.

    A tag can equal a real key (a step ``{at: .., send: {..}}`` is tagged
    ``send``): it is recognised because the key after it belongs to the same
    mapping, not to the tag's value. An absent key is kept only as the last
    element (a missing field).
    """
    kept: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        following = None if last else loc[index + 1]
        if isinstance(node, dict) and part in node:
            child = node[part]
            if following is not None and following in node and not (
                isinstance(child, dict) and following in child
            ):
                continue  # a tag that happens to equal a sibling key
            node = child
            kept.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            kept.append(part)
        elif last and part != "[key]":
            kept.append(part)
    return kept


def _describe(error: Any) -> str:
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown key (check its spelling)"
    if error["type"] == "missing":
        return "required key is missing"
    if error["type"] == "union_tag_invalid" or error["type"] == "union_tag_not_found":
        ctx = error.get("ctx", {})
        expected = ctx.get("expected_tags", "")
        return f"expected one of {expected}" if expected else message
    value = error.get("input")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(repr(value)) < 60:
        return f"{message[0].lower()}{message[1:]} (got {value!r})"
    return f"{message[0].lower()}{message[1:]}"


def from_validation_error(source: str, exc: ValidationError, data: Any) -> ScenarioError:
    problems = []
    for error in exc.errors():
        loc = _real_loc(error["loc"], data)
        if error["type"] == "union_tag_invalid":
            loc.append(str(error.get("ctx", {}).get("discriminator", "")).strip("'"))
        problems.append((key_path(loc), _describe(error)))
    return ScenarioError(source, problems)
