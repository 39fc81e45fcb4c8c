"""``python -m tools.exercises``: what ``python3 kit.py release|grade`` runs."""

import sys

from tools.exercises.cli import main

sys.exit(main())
