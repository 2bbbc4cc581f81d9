"""A workload as an explicit line-level scenario (its home is :mod:`mailsim.scenario.expand`,
which the loader uses to run a ``fidelity: line`` workload)."""

from mailsim.scenario.expand import expand

__all__ = ["expand"]
