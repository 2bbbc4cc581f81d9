"""Sans-IO protocol engines: lines in, replies and events out.

Nothing in this package imports simpy, reads a clock, draws random numbers or
opens a socket; the simulation, the tests and a live bridge all drive the same
engines.
"""
