"""``python -m clipper.cli``: the same as the ``clipper`` command."""

import sys

from clipper.cli.entry import main

sys.exit(main())
