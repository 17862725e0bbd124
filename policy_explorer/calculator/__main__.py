"""``python -m policy_explorer.calculator``: see :mod:`policy_explorer.calculator.cli`."""

import sys

from .cli import main

sys.exit(main())
