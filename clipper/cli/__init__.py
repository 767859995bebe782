"""The command line: a thin face over the same ``Library`` API as the GUI.

User errors print one line on stderr and exit 2 (1 where a command reports failures it
found: failed imports, a library that disagrees with its index). No traceback for them.

``entry.main`` runs a command that ``parser.build_parser`` parsed; each command module
(``clippings``, ``capture``, ``library``, ``analyst``, ``collection``, ``export``) registers its
commands on the parser and uses ``shared`` (exit codes, opening the library, JSON, progress)
and ``words``. Imports go one way: entry -> parser -> command modules -> shared, words ->
``clipper.core``; nothing here imports ``clipper.cli`` itself or the GUI.
"""

from clipper.cli.entry import main

__all__ = ["main"]
