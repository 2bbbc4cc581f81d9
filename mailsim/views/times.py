"""Times and idle gaps as the views print them."""

from __future__ import annotations


def format_gap(seconds: float) -> str:
    """A rounded duration for an idle gap: ``12 s``, ``15 min``, ``2 h 5 min``, ``3 d 4 h``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def format_time(t: float) -> str:
    """``0.0123 s`` for short runs; ``1:02:03.456`` once minutes matter."""
    if t < 60:
        return f"{t:.4f} s"
    hours, rest = divmod(t, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours)}:{int(minutes):02d}:{secs:06.3f}"
