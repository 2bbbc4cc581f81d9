"""Default output file names, made from a name a trace file chose: always in the working directory.

A trace's header says which scenario it comes from, and ``diagram`` and
``topology`` name their figure after it when no ``-o`` is given. The header is
whatever the file says (``"../../owned"``, ``"/etc/x"``, NUL, a thousand dots),
so only a plain basename of it is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_STEM = 100  # characters kept of the name (file systems allow 255 bytes in all)
_SEPARATORS = re.compile(r"[/\\]")


def safe_stem(name: str, fallback: str = "trace") -> str:
    """The last path component of ``name``, letters, digits, ``-``, ``_`` and ``.`` only.

    Anything else becomes ``_``; leading dots go (no hidden file, no ``..``);
    ``fallback`` stands in when nothing but punctuation is left. A scenario's own
    name (``article-route``) passes unchanged.
    """
    last = _SEPARATORS.split(name)[-1]
    kept = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in last)
    kept = kept.lstrip(".")[:MAX_STEM]
    return kept if kept.strip("._-") else fallback


def default_output(name: str, ending: str, fallback: str = "trace") -> Path:
    """``<safe stem of name><ending>``, a file directly in the working directory."""
    path = Path(safe_stem(name, fallback) + ending)
    if path.parent != Path(".") or path.name != str(path):  # safe_stem leaves no separator
        raise ValueError(f"unsafe output name {str(path)!r}")
    return path
