"""``python -m clipper``: the same as the ``clipper`` command."""

import sys

from clipper.cli import main

sys.exit(main())
