"""The layers (DESIGN.md, rule 1): the core never imports Qt, the GUI or the CLI; the GUI and
the CLI never import each other; and no module of clipper imports itself back through others.

The import graph is read from the source (the AST of every module under clipper/), so an
import inside a function counts as much as one at the top: it closes a circle all the same,
only later. ``from package import name`` is an edge to ``package.name`` when that is a module,
else to ``package``. Imports under ``if TYPE_CHECKING:`` are kept apart: they tie modules
together for the type checker and the reader, but never run.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "clipper"
CORE = PACKAGE / "core"


@dataclass(frozen=True)
class Import:
    target: str  # a module of clipper
    line: int
    type_only: bool  # under "if TYPE_CHECKING:"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _known(name: str) -> str | None:
    """The module of clipper that importing ``name`` runs last (``a.b.C`` -> ``a.b``)."""
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: "from . import x", "from ..core import y"
        anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
        base = ".".join([*anchor, *([base] if base else [])])
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base
            for alias in node.names]


def imports_of(module: str) -> list[Import]:
    """Every import of a clipper module in ``module``: at the top, in functions, in classes."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in map(_known, _targets(node, package)):
                if target and target != module:
                    found.append(Import(target, node.lineno, type_only))
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_only)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return found


@cache
def import_graph(with_type_only: bool) -> dict[str, dict[str, int]]:
    """module -> {module it imports: the line of the first such import}."""
    graph: dict[str, dict[str, int]] = {}
    for module in modules():
        edges = graph.setdefault(module, {})
        for found in imports_of(module):
            if with_type_only or not found.type_only:
                edges.setdefault(found.target, found.line)
    return graph


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, {}):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(groups)


def cycle_path(graph: dict[str, dict[str, int]], group: list[str]) -> str:
    """The shortest circle through the group's first module, with the line of each import:
    "a:12 -> b:3 -> a"."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for other in sorted(graph[node]):
            if other == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                path.reverse()
                return " -> ".join(f"{a}:{graph[a][b]}"
                                   for a, b in zip(path, [*path[1:], start], strict=True)) \
                    + f" -> {start}"
            if other in members and other not in came_from and other != start:
                came_from[other] = node
                queue.append(other)
    raise AssertionError(f"no circle through {start}")  # a strongly connected group has one


def describe(graph: dict[str, dict[str, int]], group: list[str]) -> str:
    return f"{len(group)} modules in a circle ({', '.join(group)}), e.g. {cycle_path(graph, group)}"


def _circles(with_type_only: bool) -> list[str]:
    graph = import_graph(with_type_only)
    return [describe(graph, group) for group in strongly_connected(graph)]


# -- the tests ----------------------------------------------------------------------------------


def test_core_sources_do_not_import_qt():
    offenders = [
        str(path) for path in CORE.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+(PySide6|shiboken6)", path.read_text(), re.M)
    ]
    assert offenders == []


def test_importing_the_core_loads_no_qt():
    code = (
        "import sys, pkgutil, importlib, clipper.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'clipper.core.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_command_line_starts_without_qt_or_reportlab():
    """`clipper search` starts fast: the window and the briefing are imported when used."""
    code = ("import sys, clipper.cli, clipper.cli.parser\n"
            "print(sorted(n for n in sys.modules if n.startswith(("
            "'PySide6', 'shiboken6', 'reportlab', 'clipper.gui', 'clipper.core.briefing'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_window_and_its_first_screen_start_without_the_orm_or_whoosh():
    """The first screen shows before the library's code is loaded: the command line's entry,
    the application module and the first screen import neither SQLAlchemy nor Whoosh."""
    code = ("import sys, clipper.cli.entry, clipper.app, clipper.gui.first_screen\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ("
            "'sqlalchemy', 'sqlmodel', 'whoosh', 'alembic', 'psycopg')"
            " or n in ('clipper.core.models', 'clipper.core.library')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_graph_sees_every_kind_of_import():
    """The reader of imports itself: top-level, function-local, type-only, "from package
    import module", and a circle reported with its path."""
    graph = import_graph(True)
    assert "clipper.cli.clippings" in graph["clipper.cli.parser"]  # from clipper.cli.x import f
    assert "clipper.core.briefing" in graph["clipper.cli.export"]  # inside cmd_export
    assert "clipper.app" in graph["clipper.cli.entry"]  # inside main
    assert "clipper.gui.main_window" in graph["clipper.app"]  # under TYPE_CHECKING (and local)
    assert "clipper.gui.main_window" not in import_graph(False)["clipper.gui.exporting"]
    fake = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3, "d": 4}, "d": {}}
    assert strongly_connected(fake) == [["a", "b", "c"]]
    assert cycle_path(fake, ["a", "b", "c"]) == "a:1 -> b:2 -> c:3 -> a"


def test_the_core_never_imports_the_gui_or_the_cli():
    outside = [f"{module}:{line} imports {target}"
               for module, edges in import_graph(True).items() if module.startswith("clipper.core")
               for target, line in edges.items()
               if not (target == "clipper" or target.startswith("clipper.core"))]
    assert outside == []


def test_the_gui_and_the_cli_never_import_each_other():
    crossing = [f"{module}:{line} imports {target}"
                for module, edges in import_graph(True).items()
                for target, line in edges.items()
                for a, b in (("clipper.gui", "clipper.cli"), ("clipper.cli", "clipper.gui"))
                if (module == a or module.startswith(a + "."))
                and (target == b or target.startswith(b + "."))]
    assert crossing == []


def test_no_import_circles_at_run_time():
    assert _circles(with_type_only=False) == []


def test_no_import_circles_even_for_the_type_checker():
    assert _circles(with_type_only=True) == []
