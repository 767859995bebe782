"""The Library is composed, not inherited: each store is given what it uses by constructor."""

import ast
import inspect
from pathlib import Path

from clipper.core import library as library_module
from clipper.core.library import Library
from clipper.core.store.unit_of_work import UnitOfWork

STORE = Path(library_module.__file__).parent / "store"


def _store_classes() -> list[ast.ClassDef]:
    classes = []
    for path in sorted(STORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes += [node for node in tree.body
                    if isinstance(node, ast.ClassDef) and node.name.endswith("Store")]
    return classes


def test_stores_inherit_nothing_and_take_the_unit_of_work_and_stores_only():
    classes = _store_classes()
    assert len(classes) >= 9
    for cls in classes:
        assert not cls.bases, f"{cls.name} inherits from {ast.unparse(cls.bases[0])}"
        init = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
        kinds = [ast.unparse(a.annotation) for a in init.args.args[1:] if a.annotation]
        assert kinds[0] == "UnitOfWork", cls.name
        assert all(kind.endswith("Store") for kind in kinds[1:]), (cls.name, kinds)


def test_library_is_a_facade_not_a_subclass():
    assert Library.__bases__ == (object,)
    assert inspect.signature(Library.__init__).parameters["work"].annotation in (
        "UnitOfWork", UnitOfWork)


def test_no_attr_defined_ignores_in_the_library_and_its_stores():
    for path in [Path(library_module.__file__), *STORE.glob("*.py")]:
        assert "ignore[attr-defined]" not in path.read_text(encoding="utf-8"), path.name
