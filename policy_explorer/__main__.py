"""``python -m policy_explorer``."""

import sys

from .cli import main

sys.exit(main())
