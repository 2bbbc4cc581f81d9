"""``python -m mailsim``."""

import sys

from mailsim.cli import main

sys.exit(main())
