"""Caps that keep a scenario file from costing more than a class needs.

A scenario file is read whole and parsed into Python objects, so its size,
its nesting and what its YAML aliases expand to are capped before any of
that happens. Each cap names a way to raise it in its message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from mailsim.scenario.errors import ScenarioError
from mailsim.units import parse_size

DEFAULT_MAX_FILE_SIZE = 1_000_000  # octets: a class scenario is a few kilobytes
FILE_SIZE_VARIABLE = "MAILSIM_MAX_SCENARIO_SIZE"
MAX_DEPTH = 64  # mappings and lists inside each other; the bundled files use 5
MAX_NODES = 1_000_000  # scalars, mappings and lists once every alias is expanded

# libyaml parses about ten times faster than the pure-Python parser; both give
# the same documents, and only the wording of syntax errors differs.
BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def max_file_size() -> int:
    """The file-size cap: :data:`FILE_SIZE_VARIABLE` if set (``5MB``), else 1 MB."""
    configured = os.environ.get(FILE_SIZE_VARIABLE)
    if configured is None or not configured.strip():
        return DEFAULT_MAX_FILE_SIZE
    try:
        return parse_size(configured)
    except ValueError as exc:
        raise ScenarioError(FILE_SIZE_VARIABLE, [("", f"{exc} (got {configured!r})")]) from None


def read_capped(path: Path, source: str) -> str:
    """The file's text, refused unread past the size cap (only the cap is ever read)."""
    cap = max_file_size()
    try:
        with path.open("rb") as stream:
            raw = stream.read(cap + 1)
    except OSError as exc:
        raise ScenarioError(source, [("", f"cannot read the file ({exc})")]) from None
    if len(raw) > cap:
        raise ScenarioError(source, [("", (
            f"the file is larger than {cap:,} octets; a scenario is usually a few kilobytes "
            f"(raise the cap with {FILE_SIZE_VARIABLE}=5MB)"))])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(source, [("", f"cannot read the file ({exc})")]) from None


def check_shape(text: str, source: str) -> None:
    """Refuse deep nesting and alias bombs from the parser's events, before building objects.

    The events come in one flat stream, so this needs no recursion; an alias
    counts as many nodes as the anchored node it repeats.
    """
    open_sizes: list[int] = []  # nodes so far inside each open mapping or list
    anchors: list[str | None] = []
    sizes: dict[str, int] = {}
    total = 0
    for event in yaml.parse(text, Loader=BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) >= MAX_DEPTH:
                raise _at(source, event, f"nested deeper than {MAX_DEPTH} levels")
            open_sizes.append(1)
            anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            size = open_sizes.pop()
            anchor = anchors.pop()
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = sizes.get(str(event.anchor), 1), None
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if open_sizes:
            open_sizes[-1] += size
        else:
            total += size
        if total + sum(open_sizes) > MAX_NODES:
            raise _at(source, event, f"more than {MAX_NODES:,} values once its aliases (*name) "
                                     "are expanded")


def _at(source: str, event: Any, what: str) -> ScenarioError:
    mark = event.start_mark
    return ScenarioError(source, [(f"line {mark.line + 1}, column {mark.column + 1}", what)])
