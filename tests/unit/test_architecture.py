"""The architecture of DESIGN.md, checked: the domain stays pure, the core ignores the centres."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_DOMAIN = ("flask", "flask_sqlalchemy", "flask_wtf", "flask_login", "sqlalchemy", "wtforms", "docx", "docxtpl", "openpyxl", "app.models", "app.services", "app.views", "app.extensions")  # noqa: E501


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _forbidden(names: set[str], prefixes) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("path", modules("app/domain"), ids=lambda p: p.name)
def test_domain_imports_only_the_standard_library_and_itself(path):
    assert _forbidden(imported_modules(path), FORBIDDEN_IN_DOMAIN) == []


def test_the_architecture_check_catches_a_leak(tmp_path):
    leaky = tmp_path / "leak.py"
    leaky.write_text("from flask import current_app\nimport sqlalchemy.orm\n")
    assert _forbidden(imported_modules(leaky), FORBIDDEN_IN_DOMAIN) == ["flask", "sqlalchemy.orm"]


# Only create_app (app/__init__.py) may register the centre module.
CORE = [p for p in modules("app") if "centres" not in p.parts and p != ROOT / "app" / "__init__.py"]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_the_centre_module(path):
    assert _forbidden(imported_modules(path), ("app.centres",)) == []


@pytest.mark.parametrize("path", modules("forms"), ids=lambda p: p.name)
def test_forms_never_query_the_database(path):
    assert _forbidden(imported_modules(path), ("sqlalchemy", "app.models", "app.services", "app.extensions")) == []


@pytest.mark.parametrize("path", modules("app/services"), ids=lambda p: p.name)
def test_services_never_touch_the_request(path):
    source = path.read_text(encoding="utf-8")
    for word in ("request", "session[", "flash("):
        assert f"from flask import {word}" not in source
    assert "flash(" not in source
