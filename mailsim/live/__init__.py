"""Live mode: real mail programs talk to a running simulation over loopback.

``mailsim serve`` (:mod:`mailsim.commands.serve`) builds a scenario's world and opens real ports on loopback
(2587 for submission, 2525 for the recipient's MX, 2110/2143 for POP3 and IMAP,
5353 for DNS on UDP and TCP, and the implicit-TLS ports). Each real connection is driven
through the scenario's own server sessions; its lines join the trace marked
``live``, next to the simulated relay and DNS hops. See :mod:`mailsim.live.server`.
"""
