"""The kinds of timed step, grouped by what they do; importing this package registers them.

A step in a file reads ``{at: 30s, <kind>: {...}}``. A new kind goes in a module
here (its own, or one that groups kinds like it) that calls
:func:`mailsim.scenario.registry.register_step`; a new module also needs its
import line below and its name in ``__all__``. The order of the imports is the
order in which error messages list the kinds.
"""

# isort: off
from mailsim.scenario.steps import send
from mailsim.scenario.steps import reading
from mailsim.scenario.steps import connectivity
# isort: on

from mailsim.scenario.registry import StepBase
from mailsim.scenario.steps.send import SendStep

__all__ = ["SendStep", "StepBase", "connectivity", "reading", "send"]
