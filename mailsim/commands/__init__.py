"""The ``mailsim`` subcommands, one module per family; each has ``register(subparsers)``.

Only :mod:`argparse` is imported at module level: simulation, figures and the
terminal player load inside the handlers, so ``mailsim --help`` stays fast.
"""

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
