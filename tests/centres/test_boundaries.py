"""House rules of the centre module: pure rules, frozen data, a core that never imports it."""

import ast
import dataclasses
import sys
from pathlib import Path

import pytest

from app.centres.rules import hubei_model, zhejiang

APP = Path(__file__).resolve().parents[2] / "app"
# The domain is pure too (standard library only, tests/unit/test_architecture.py): rules may share it.
ALLOWED = {"app.centres.rules", "app.domain"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("path", sorted((APP / "centres" / "rules").glob("*.py")), ids=lambda p: p.name)
def test_rules_use_the_standard_library_only(path):
    for name in imported_modules(path):
        standard = name.split(".")[0] in sys.stdlib_module_names
        assert standard or any(name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED), name
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


def test_core_never_imports_the_centres():
    for path in APP.rglob("*.py"):
        if "centres" in path.parts or path == APP / "__init__.py":
            continue
        assert not any(name.startswith("app.centres") for name in imported_modules(path)), path


@pytest.mark.parametrize("module", [hubei_model, zhejiang])
def test_rule_data_is_frozen(module):
    classes = [value for value in vars(module).values() if dataclasses.is_dataclass(value)]
    assert classes
    assert all(cls.__dataclass_params__.frozen for cls in classes)
