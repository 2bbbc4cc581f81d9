"""A YAML syntax error said plainly: the line really at fault, and what is usually wrong there.

PyYAML stops where it finds the next token it cannot use, which after a line indented
too far is often the line below the mistake; an unclosed quote is reported at the end
of the file. The line at fault is found from the indentation of the lines up to where the parser
stopped; an unclosed quote or bracket is reported where it opened (the context mark).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# The plain words of each common mistake (``error.yaml_*`` in the catalogues).
HINT_TAB = "indent with spaces: YAML does not allow a tab there"
HINT_INDENT = "check the indentation: the keys of one mapping start in the same column"
HINT_QUOTE = "a quote opened here is never closed"
HINT_BRACKET = "a [ or { opened here is not closed, or a comma is missing between its items"

_INDENT_PROBLEMS = (
    "did not find expected key", "did not find expected '-' indicator",
    "mapping values are not allowed", "block sequence entries are not allowed",
    "expected <block end>",
)
_BLOCK_SCALAR = re.compile(r"[|>][+-]?\d*\s*(#.*)?$")


def _content(line: str) -> str:
    """The line without its indentation and a trailing comment (a rough cut, for indents only)."""
    return re.sub(r"\s+#.*$", "", line.strip())


def misindented_line(text: str, stop: int) -> int | None:
    """The line (0-based) at or before ``stop`` whose indentation is at fault, or None.

    Lines are scanned from the top with a stack of open blocks; where a line fits none,
    the one to blame is whichever of it and its block's first line breaks the file's
    usual indentation step (a block's first line sets the column its siblings must keep).
    """
    lines = text.splitlines()
    stack: list[tuple[int, int]] = []  # (indentation, the line that opened it)
    steps: dict[int, int] = {}
    found: int | None = None
    opens = False  # the previous line ends with ``key:`` or starts a list item
    scalar_at: int | None = None  # indentation of a ``key: >-`` whose text lines follow
    for number in range(min(stop, len(lines) - 1) + 1):
        line = lines[number]
        content = _content(line)
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if scalar_at is not None and indent > scalar_at:
            continue  # a line of a block scalar's text
        scalar_at = None
        top = stack[-1] if stack else None
        if top is None or indent > top[0]:
            if top is not None and opens:
                steps[indent - top[0]] = steps.get(indent - top[0], 0) + 1
            elif top is not None:
                found = _blame(stack, indent, number, steps)
            stack.append((indent, number))
        elif indent < top[0]:
            popped = top
            while stack and stack[-1][0] > indent:
                popped = stack.pop()
            if not stack or stack[-1][0] != indent:
                # Between two open levels: either may be the odd one out.
                found = _blame([*stack, popped], indent, number, steps)
                if found == number:
                    found = _blame(stack, indent, number, steps)
                stack.append((indent, number))
        if _BLOCK_SCALAR.search(content):
            scalar_at = indent
        opens = content.endswith(":") or content.startswith("- ")
    return found


def _blame(stack: list[tuple[int, int]], indent: int, number: int, steps: dict[int, int]) -> int:
    """``number``, or the first line of the block on top of ``stack`` if that one broke the step."""
    if len(stack) < 2:
        return number
    step = max(steps, key=lambda k: steps[k]) if steps else 2
    parent, (began_at, began) = stack[-2][0], stack[-1]
    if indent - parent == step and began_at - parent != step:
        return began
    return number


def plain_syntax_error(exc: Any, text: str) -> tuple[Any, str]:
    """(the mark to report, the plain hint or "") for PyYAML's error ``exc``."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    context_mark = getattr(exc, "context_mark", None)
    if "tab" in problem or "'\\t'" in problem:
        return mark, HINT_TAB
    if "quoted scalar" in context and context_mark is not None:
        return context_mark, HINT_QUOTE
    if "flow" in context and "expected ','" in problem and context_mark is not None:
        return context_mark, HINT_BRACKET
    if mark is not None and any(problem.startswith(p) for p in _INDENT_PROBLEMS):
        culprit = misindented_line(text, mark.line)
        if culprit is not None and culprit != mark.line:
            lines = text.splitlines(keepends=True)
            column = len(lines[culprit]) - len(lines[culprit].lstrip(" "))
            index = sum(len(line) for line in lines[:culprit]) + column
            mark = yaml.Mark(mark.name, index, culprit, column, None, 0)
        return mark, HINT_INDENT
    return mark, ""
