"""Caps that keep a scenario file from costing more than a class needs.

A scenario file is read whole and parsed into Python objects, so its size,
its nesting and what its YAML aliases expand to are capped before any of
that happens. Each cap names a way to raise it in its message.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
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
# the same documents, and only the wording of syntax errors differs. libyaml
# also refuses nesting past 1000 levels itself; the pure-Python composer would
# hit Python's recursion limit first, so there the events are checked before.
BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_COMPOSER_RECURSES = BaseLoader is yaml.SafeLoader


def load_yaml(text: str, source: str, loader: Any) -> Any:
    """The document in ``text``, built by ``loader`` once its shape is known to be small."""
    if _COMPOSER_RECURSES:
        check_shape(text, source)
    reader = loader(text)
    try:
        root = reader.get_single_node()
        if root is None:
            return None
        check_nodes(root, source)
        return reader.construct_document(root)
    finally:
        reader.dispose()


def check_nodes(root: yaml.Node, source: str) -> None:
    """Refuse deep nesting and alias bombs in the composed document, without recursion.

    An alias is the very node it names, so each node is counted once and then
    by reference: the expanded size of an alias bomb is found in the time of
    its written size.
    """
    sizes: dict[int, int] = {}  # expanded size of each finished node, by id
    started: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, finish = stack.pop()
        children = _children(node)
        if finish:
            # A node inside itself (``&a [*a]``) counts once; the constructor refuses it or builds it.
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
            if sizes[id(node)] > MAX_NODES:
                raise _at(source, node, f"more than {MAX_NODES:,} values once its aliases (*name) "
                                        "are expanded")
            continue
        if id(node) in sizes or id(node) in started:
            continue
        if depth > MAX_DEPTH:
            raise _at(source, node, f"nested deeper than {MAX_DEPTH} levels")
        started.add(id(node))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in started)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file becomes objects.

    Building a few hundred thousand lists and dicts makes the collector scan
    every object again and again (100,000 users: 5.1 s with it, 1.3 s
    without); the file-size cap bounds what is built meanwhile, and nothing
    built here is a cycle the collector must find.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    except UnicodeDecodeError as exc:  # worded as the trace reader words it
        raise ScenarioError(source, [("", f"not UTF-8 text (byte {exc.start + 1}); expected a "
                                          "scenario written as YAML text")]) from None


def check_shape(text: str, source: str) -> None:
    """Refuse deep nesting and alias bombs from the parser's events, before composing.

    The events come in one flat stream, so this needs no recursion; an alias
    counts as many nodes as the anchored node it repeats. Only needed where the
    composer itself recurses (no libyaml).
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
