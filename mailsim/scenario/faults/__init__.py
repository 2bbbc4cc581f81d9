"""The kinds of fault, grouped by what they touch; importing this package registers them.

A fault in a file reads ``{host_down: {host: relay.example.net, from: 1m, until: 2h}}``;
``until`` left out means to the end of the run. A new kind goes in a module here
(its own, or one that groups kinds like it) that calls
:func:`mailsim.scenario.registry.register_fault`; a new module also needs its
import line below and its name in ``__all__``. The order of the imports is the order in which error messages
list the kinds.
"""

# isort: off
from mailsim.scenario.faults import network
from mailsim.scenario.faults import dns
from mailsim.scenario.faults import smtp
# isort: on

__all__ = ["dns", "network", "smtp"]
