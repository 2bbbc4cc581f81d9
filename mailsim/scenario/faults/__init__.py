"""The kinds of fault, one module each; importing this package registers them.

A fault in a file reads ``{host_down: {host: relay.example.net, from: 1m, until: 2h}}``;
``until`` left out means to the end of the run. A new kind is a module here
that calls :func:`mailsim.scenario.registry.register_fault`, plus its import
line below. The order of the imports is the order in which error messages
list the kinds.
"""

# isort: off
from mailsim.scenario.faults import network
from mailsim.scenario.faults import dns
from mailsim.scenario.faults import smtp
# isort: on

__all__ = ["dns", "network", "smtp"]
