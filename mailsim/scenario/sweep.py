"""``mailsim sweep``: one scenario under every combination of changed values, over many seeds.

``--vary KEY=V1,V2,...`` names a place in the scenario file and the values to try
there. KEY is the path to it, written as error messages write it:

* names joined by dots, a list item by its index: ``links.0.latency`` or
  ``links[0].latency``;
* a name that contains dots in brackets, quotes optional:
  ``hosts[mx.example.jp].queue.first_retry`` or ``hosts["mx.example.jp"]...``.
  Without brackets a dotted name is still found when the file has it as a key
  (``hosts.mx.example.jp.queue.first_retry``; the longest key that fits wins).

A key the file does not write yet (``queue`` of a host that takes the defaults)
is added; validation then says whether the scenario knows it. A host, user or
DNS zone must be in the file: a sweep changes them, it does not add one. Each value is read
as YAML (``20ms``, ``3``, ``true``); values are separated by commas. Every variant
is validated like a scenario file before anything runs: a bad key or value is one
``FILE (--vary ...): key.path: what was expected`` message, exit status 2.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from mailsim.scenario.build import run_scenario
from mailsim.scenario.errors import ScenarioError, key_path
from mailsim.scenario.limits import BaseLoader, load_yaml, read_capped
from mailsim.scenario.loader import parse_scenario, resolve
from mailsim.scenario.model import Scenario
from mailsim.scenario.outcomes import Outcome, outcome_of
from mailsim.scenario.parallel import map_tasks

MAX_RUNS = 10_000  # variants x seeds: a sweep is for a class, not a data centre
MAX_SEED = 2**63 - 1
NAMED = ("hosts", "users", "dns")  # mappings of names: a sweep changes entries, never adds one


@dataclass(frozen=True, slots=True)
class Part:
    """One step of a key: ``text`` as written; ``exact`` when it was in brackets."""

    text: str
    exact: bool


@dataclass(frozen=True, slots=True)
class Vary:
    """``--vary KEY=V1,V2``: where to change the file, and the values (as YAML read them)."""

    option: str
    parts: tuple[Part, ...]
    texts: tuple[str, ...]
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Variant:
    """One combination of values: (key, value) as written for each ``--vary``, and the scenario."""

    settings: tuple[tuple[str, str], ...]
    scenario: Scenario

    @property
    def label(self) -> str:
        """``links[0].latency=20ms, ...``; empty for the scenario as written."""
        return ", ".join(f"{key}={value}" for key, value in self.settings)


def _bad(option: str, what: str) -> ScenarioError:
    return ScenarioError(f"--vary {option}", [("", what)])


def parse_key(key: str, option: str) -> tuple[Part, ...]:
    """``hosts[mx.example.jp].queue.first_retry`` → its parts; bad syntax is a ScenarioError."""
    parts: list[Part] = []
    rest = key
    expect_name = True  # at the start, and after a dot
    while rest:
        if rest[0] == "[":
            close = rest.find("]")
            if close < 0:
                raise _bad(option, f"expected ']' to close '{rest}' in the key")
            inner = rest[1:close]
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "\"'":
                inner = inner[1:-1]
            if not inner:
                raise _bad(option, "expected a name or an index inside '[]'")
            parts.append(Part(inner, exact=True))
            rest = rest[close + 1:]
            expect_name = False
        elif rest[0] == ".":
            if expect_name:
                raise _bad(option, f"expected a name before '.' in the key {key!r}")
            rest = rest[1:]
            expect_name = True
            if not rest:
                raise _bad(option, f"expected a name after the last '.' in the key {key!r}")
        else:
            if not expect_name:
                raise _bad(option, f"expected '.' or '[' after ']' in the key {key!r}")
            end = min((i for i in (rest.find("."), rest.find("[")) if i >= 0), default=len(rest))
            parts.append(Part(rest[:end], exact=False))
            rest = rest[end:]
            expect_name = False
    if not parts:
        raise _bad(option, "expected a key before '=' (such as links.0.latency)")
    return tuple(parts)


def parse_vary(option: str) -> Vary:
    """``KEY=V1,V2,...`` → a :class:`Vary`; each value read as YAML."""
    key, equals, values = option.partition("=")
    if not equals:
        raise _bad(option, "expected KEY=VALUE1,VALUE2,... (such as links.0.latency=5ms,50ms)")
    parts = parse_key(key.strip(), option)
    texts = tuple(text.strip() for text in values.split(","))
    if any(not text for text in texts):
        raise _bad(option, "expected a value between every two commas and after '='")
    if len(set(texts)) < len(texts):
        repeated = next(text for text in texts if texts.count(text) > 1)
        raise _bad(option, f"the value {repeated!r} is given twice")
    parsed = []
    for text in texts:
        try:
            parsed.append(yaml.safe_load(text))
        except yaml.YAMLError:
            raise _bad(option, f"the value {text!r} is not a YAML scalar (quote it)") from None
    return Vary(option, parts, texts, tuple(parsed))


def parse_seeds(text: str) -> list[int]:
    """``1..20``, ``7`` or ``1,2,5`` (or ``1..3,10``) → the seeds, each once."""
    seeds: list[int] = []
    for piece in text.split(","):
        low, dots, high = piece.strip().partition("..")
        try:
            first, last = int(low), int(high if dots else low)
        except ValueError:
            raise ScenarioError(f"--seeds {text}", [("", "expected whole numbers as 1..20, "
                                                     "7 or 1,2,5")]) from None
        if not 0 <= first <= last <= MAX_SEED:
            raise ScenarioError(f"--seeds {text}", [("", f"expected FIRST..LAST with 0 <= FIRST <= "
                                                     f"LAST (got {piece.strip()})")])
        if last - first >= MAX_RUNS:
            raise ScenarioError(f"--seeds {text}", [("", f"at most {MAX_RUNS:,} runs in one sweep")])
        seeds.extend(range(first, last + 1))
    if len(set(seeds)) < len(seeds):
        raise ScenarioError(f"--seeds {text}", [("", "a seed is given twice")])
    return seeds


def _step(node: Any, parts: Sequence[Part], at: int) -> tuple[str | int, int]:
    """The key or index ``parts[at:]`` starts with in ``node``, and how many parts it took."""
    part = parts[at]
    if isinstance(node, list):
        if part.text.isdigit() and int(part.text) < len(node):
            return int(part.text), 1
        raise ValueError(f"expected an index from 0 to {len(node) - 1} (the list has "
                         f"{len(node)} items)" if node else "expected an index, but the list is empty")
    if not part.exact:
        # A dotted name written without brackets: the longest run of parts that is a key.
        for end in range(len(parts), at + 1, -1):
            run = parts[at:end]
            if all(not p.exact for p in run) and ".".join(p.text for p in run) in node:
                return ".".join(p.text for p in run), end - at
    return part.text, 1


def with_value(data: dict[str, Any], vary: Vary, value: Any) -> tuple[dict[str, Any], str]:
    """A copy of ``data`` with ``value`` at ``vary``'s key (the containers on the way are
    copied, so a YAML alias elsewhere keeps its value), and the key as error messages write it."""
    root: dict[str, Any] = dict(data)
    node: Any = root
    loc: list[str | int] = []
    at = 0
    while at < len(vary.parts):
        try:
            key, used = _step(node, vary.parts, at)
        except ValueError as exc:
            raise _bad(vary.option, f"{key_path(loc)}: {exc}") from None
        loc.append(key)
        at += used
        if at == len(vary.parts):
            node[key] = value
            break
        child = node.get(key) if isinstance(node, dict) else node[key]
        if child is None and len(loc) == 2 and loc[0] in NAMED:
            known = ", ".join(sorted(map(str, node))) or "none"
            raise _bad(vary.option, f"{key_path(loc[:1])} has no {key!r} (it has: {known})")
        if child is None and isinstance(node, dict):
            child = {}  # a mapping the file leaves to its defaults
        if not isinstance(child, (dict, list)):
            raise _bad(vary.option, f"{key_path(loc)} is {child!r}, not a mapping or a list")
        node[key] = child = dict(child) if isinstance(child, dict) else list(child)
        node = child
    return root, key_path(loc)


def variants(scenario: str, varies: Sequence[Vary]) -> tuple[Scenario, list[Variant]]:
    """The base scenario and every combination of the values, each validated; in the order
    of the options (the last ``--vary`` changes fastest)."""
    path = resolve(scenario)
    source = str(path)
    text = read_capped(path, source)
    base = parse_scenario(text, source)
    if not varies:
        return base, _line_level([Variant((), base)], source)
    combinations = 1
    for vary in varies:
        combinations *= len(vary.values)
    if combinations > MAX_RUNS:
        raise ScenarioError("--vary", [("", f"{combinations:,} combinations; at most {MAX_RUNS:,}")])
    data = load_yaml(text, source, BaseLoader)
    out = []
    for combination in itertools.product(*(range(len(vary.values)) for vary in varies)):
        changed = data
        settings: list[tuple[str, str]] = []
        for vary, index in zip(varies, combination, strict=True):
            changed, where = with_value(changed, vary, vary.values[index])
            if any(where == key for key, _ in settings):  # links.4.latency is links[4].latency
                raise _bad(vary.option, f"{where} is varied twice: give all its values in one --vary")
            settings.append((where, vary.texts[index]))
        variant = Variant(tuple(settings), base)
        dumped = yaml.safe_dump(changed, allow_unicode=True, sort_keys=False)
        out.append(Variant(variant.settings,
                           parse_scenario(dumped, f"{source} (--vary {variant.label})")))
    return base, _line_level(out, source)


def _line_level(found: list[Variant], source: str) -> list[Variant]:
    """A sweep reads each run's trace: a session-level study has none worth reading."""
    for variant in found:
        if variant.scenario.fidelity != "line":
            where = f"{source} (--vary {variant.label})" if variant.label else source
            raise ScenarioError(where, [("fidelity", "expected line: a sweep runs every protocol line "
                                         "and reads its trace (a session-level study is for "
                                         "mailsim compare)")])
    return found


def run_one(task: tuple[Scenario, int]) -> Outcome:
    """One run of a sweep, in a worker: only its outcome goes back, not its trace."""
    scenario, seed = task
    return outcome_of(run_scenario(scenario, seed=seed), seed)


def run_sweep(found: Sequence[Variant], seeds: Sequence[int] | None, *, workers: int | None = None,
              dask: str | None = None,
              on_done: Callable[[int], None] | None = None) -> list[list[Outcome]]:
    """Every variant under every seed (in a process pool, or on a Dask cluster): the outcomes
    by variant, then by seed, in the order given. ``seeds=None``: each variant's own seed
    (the file's, or the one ``--vary seed=...`` gave it)."""
    per_variant = [list(seeds) if seeds is not None else [variant.scenario.seed] for variant in found]
    runs = sum(len(own) for own in per_variant)
    if runs > MAX_RUNS:
        raise ScenarioError("--vary/--seeds", [("", f"{len(found):,} variants x {len(per_variant[0]):,} "
                                                f"seeds is {runs:,} runs; at most {MAX_RUNS:,}")])
    tasks = [(variant.scenario, seed) for variant, own in zip(found, per_variant, strict=True)
             for seed in own]
    names = [f"sweep: {variant.label or 'the scenario'} with seed {seed}"
             for variant, own in zip(found, per_variant, strict=True) for seed in own]
    outcomes = iter(map_tasks(run_one, tasks, workers=workers, names=names, on_done=on_done, dask=dask))
    return [[next(outcomes) for _ in own] for own in per_variant]
