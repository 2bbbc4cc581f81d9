"""The simulated network: hosts, links, outages and TCP-like connections, on SimPy."""
