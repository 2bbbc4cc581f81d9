"""The kinds of timed step, one module each; importing this package registers them.

A step in a file reads ``{at: 30s, <kind>: {...}}``. A new kind is a module
here that calls :func:`mailsim.scenario.registry.register_step`, plus its
import line below. The order of the imports is the order in which error
messages list the kinds.
"""

# isort: off
from mailsim.scenario.steps import send
from mailsim.scenario.steps import reading
from mailsim.scenario.steps import connectivity
# isort: on

from mailsim.scenario.registry import StepBase
from mailsim.scenario.steps.send import SendStep

__all__ = ["SendStep", "StepBase", "connectivity", "reading", "send"]
