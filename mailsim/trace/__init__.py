"""The trace: the one seam between a run and everything that shows it.

``records`` (the frozen events and the header), ``codec`` (JSON Lines),
``collection`` (:class:`Trace`), ``recorder`` (collecting during a run),
``states`` (one typed class per state action), ``world`` and ``folds`` (node
state and how each action changes it), ``replay`` (every node's state at any
step) and ``invariants`` (what every run must satisfy). The names below are the
trace's public face.
"""

from mailsim.trace.codec import TraceFormatError, event_from_dict, event_to_dict
from mailsim.trace.collection import DISPLAY_HOOKS, Trace
from mailsim.trace.records import FORMAT_VERSION, MessageEvent, StateEvent, TraceEvent, TraceHeader

__all__ = [
    "DISPLAY_HOOKS", "FORMAT_VERSION", "MessageEvent", "StateEvent", "Trace", "TraceEvent",
    "TraceFormatError", "TraceHeader", "event_from_dict", "event_to_dict",
]
