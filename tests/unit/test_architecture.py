"""The architecture of DESIGN.md, checked: the domain stays pure, the core ignores the centres, no layer imports upwards."""

import ast
import sys
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


def outside_the_standard_library(names: set[str], own: tuple[str, ...]) -> list[str]:
    """The imports that are neither the standard library nor one of ``own`` (an allowlist, not a denylist)."""
    return sorted(
        n for n in names
        if n.split(".")[0] not in sys.stdlib_module_names and not any(n == p or n.startswith(p + ".") for p in own)
    )


@pytest.mark.parametrize("path", modules("app/domain"), ids=lambda p: p.name)
def test_domain_imports_only_the_standard_library_and_itself(path):
    assert outside_the_standard_library(imported_modules(path), ("app.domain",)) == []
    assert _forbidden(imported_modules(path), FORBIDDEN_IN_DOMAIN) == []  # named, for the message


def test_the_architecture_check_catches_a_leak(tmp_path):
    leaky = tmp_path / "leak.py"
    leaky.write_text("from flask import current_app\nimport sqlalchemy.orm\nimport markupsafe\nimport decimal\nfrom app.domain import money\n")
    assert _forbidden(imported_modules(leaky), FORBIDDEN_IN_DOMAIN) == ["flask", "sqlalchemy.orm"]
    assert outside_the_standard_library(imported_modules(leaky), ("app.domain",)) == ["flask", "markupsafe", "sqlalchemy.orm"]


# Only create_app (app/__init__.py) may register the centre module.
CORE = [p for p in modules("app") if "centres" not in p.parts and p != ROOT / "app" / "__init__.py"]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_the_centre_module(path):
    assert _forbidden(imported_modules(path), ("app.centres",)) == []


# What may not be imported by a form, nor by a centre module a form imports.
DATABASE = ("sqlalchemy", "flask_sqlalchemy", "app.models", "app.services", "app.extensions", "app.views")


def module_path(name: str) -> Path | None:
    """The file of a module of this repository (``app.centres.rules.hubei_drafts``), if there is one."""
    base = ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@pytest.mark.parametrize("path", modules("forms"), ids=lambda p: p.name)
def test_forms_never_query_the_database(path):
    assert _forbidden(imported_modules(path), DATABASE) == []


@pytest.mark.parametrize("path", modules("forms"), ids=lambda p: p.name)
def test_forms_import_only_pure_centre_modules(path):
    """A form may use the centre rules and plain drafts, never the centre services, views or models."""
    for name in _forbidden(imported_modules(path), ("app.centres",)):
        target = module_path(name)
        assert target is not None, name
        assert _forbidden(imported_modules(target), DATABASE + ("flask", "flask_wtf")) == [], f"{path.name} imports {name}"
        assert name.startswith("app.centres.rules") or target.name.endswith("drafts.py"), f"{path.name} imports {name}"


# The layers: what each folder of app/ may import of the others (an allowlist; its own folder is
# always allowed). The core (everything outside app/centres) never imports the centres (above).
LAYERS = {
    "app.domain": (),
    "app.models": ("app.domain", "app.extensions"),
    "app.documents": ("app.domain",),
    "app.services": ("app.domain", "app.models", "app.documents", "app.extensions"),
    "app.centres.rules": ("app.domain",),
    # app/centres/**/models.py: the core's models and pure rules, and one another
    "app.centres.models": ("app.domain", "app.extensions", "app.models", "app.centres.rules"),
    # the edges: pages, the JSON API and the CLI call services and read documents; nothing imports them back
    "app.views": ("app.services", "app.documents", "app.domain", "app.extensions", "forms"),
    "app.api": ("app.services", "app.documents", "app.domain", "app.extensions", "app.models", "app.views", "forms"),
    "app.cli": ("app.services", "app.documents", "app.domain", "app.extensions", "app.models"),
    # forms: the domain and pure centre modules (the drafts; tests below check they are pure)
    "forms": ("app.domain", "app.centres.rules"),
}


def _layer_modules():
    for prefix in LAYERS:
        if prefix == "app.centres.models":
            continue
        for path in modules(prefix.replace(".", "/")):
            yield prefix, path
    for path in sorted((ROOT / "app" / "centres").rglob("*models.py")):
        yield "app.centres.models", path


@pytest.mark.parametrize(("layer", "path"), list(_layer_modules()), ids=lambda v: v if isinstance(v, str) else str(v.relative_to(ROOT)))
def test_no_layer_imports_upwards(layer, path):
    allowed = LAYERS[layer]
    inside = [name for name in imported_modules(path) if name == "app" or name.startswith(("app.", "forms"))]
    if layer == "app.cli":
        inside = [name for name in inside if name != "app"]  # create_app: the CLI starts the application
    if layer == "app.centres.models":
        inside = [name for name in inside if not (name.startswith("app.centres.") and name.endswith("models"))]
    outside = [name for name in inside if not any(name == p or name.startswith(p + ".") for p in (layer, *allowed))]
    assert outside == [], f"{path.relative_to(ROOT)} imports {outside}"


def test_the_layer_check_catches_an_upward_import(tmp_path):
    leaky = tmp_path / "leak.py"
    leaky.write_text("from app.services import transaction\nfrom app.centres.hubei import services\nimport app.domain.money\n")
    names = imported_modules(leaky)
    assert _forbidden(names, ("app.services", "app.centres")) == ["app.centres.hubei", "app.services"]
    assert _forbidden(names, LAYERS["app.models"]) == ["app.domain.money"]


# What belongs to one HTTP request: a service is called from pages, the CLI, jobs and the API alike.
REQUEST_NAMES = {"request", "session", "flash", "g", "redirect", "url_for", "abort", "make_response", "render_template"}


def request_uses(path: Path) -> list[str]:
    """``from flask import request`` (alone or among others, aliased or not) and ``flask.request`` uses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask_login", "werkzeug.local"):
            found += [f"{node.module}.{a.name}" for a in node.names if a.name in REQUEST_NAMES | {"current_user"}]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "flask":
            if node.attr in REQUEST_NAMES:
                found.append(f"flask.{node.attr}")
    return sorted(found)


@pytest.mark.parametrize("path", modules("app/services"), ids=lambda p: p.name)
def test_services_never_touch_the_request(path):
    assert request_uses(path) == []


def test_the_request_check_sees_every_way_in(tmp_path):
    leaky = tmp_path / "leak.py"
    leaky.write_text(
        "from flask import current_app, g, request as r\nimport flask\nfrom flask_login import current_user\n"
        "def f():\n    return flask.session, current_app.config\n"
    )
    assert request_uses(leaky) == ["flask.g", "flask.request", "flask.session", "flask_login.current_user"]
