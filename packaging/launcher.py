"""Entry point of the frozen application (PyInstaller): the same as the `clipper` command."""

import sys

from clipper.cli import main

if __name__ == "__main__":
    sys.exit(main())
