"""``python -m mailsim``."""

import sys

from mailsim.cli import main

if __name__ == "__main__":  # not when a spawned worker (diagram pages) imports it again
    sys.exit(main())
