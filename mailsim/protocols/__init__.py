"""Sans-IO protocol engines: lines in, replies and events out.

Nothing in this package imports simpy, reads a clock, draws random numbers or
opens a socket; the simulation, the tests and a live bridge all drive the same
engines.

SMTP, POP3 and IMAP engines derive from :class:`engine.Engine` (servers from
:class:`engine.ServerEngine`), and their state moves only through the table of
a :class:`transitions.StateMachine`, drawn in ``docs/state-machines.md``.
"""
