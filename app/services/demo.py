"""The demo data: the projects and department goals of seeds 003 and 004."""

import json
from importlib import resources

from sqlalchemy import func, select

from app.documents.interchange import draft_from_dict, project_label, unit_of
from app.extensions import db
from app.models import Project, Unit
from app.services import accounts, units
from app.services import projects as project_service
from app.services.interchange import LoadSummary, load, project_title


def demo_document() -> dict:
    """Read the fixture made from the seeds (``scripts/make_demo_fixture.py``)."""
    with resources.files("app").joinpath("fixtures/demo.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def load_demo() -> LoadSummary:
    """Load (or refresh) the demo projects; running it twice changes nothing."""
    return load(demo_document(), update=True)


def database_is_empty() -> bool:
    """Whether the database holds no unit and no project yet: the only time ``jixiao demo`` loads by itself."""
    return db.session.scalar(select(Unit.id).limit(1)) is None and db.session.scalar(select(Project.id).limit(1)) is None


def project_count() -> int:
    return db.session.scalar(select(func.count(Project.id))) or 0


def demo_changes() -> list[str]:
    """The stored demo projects a reload would change (what ``jixiao demo --reset`` replaces), in fixture order."""
    changed = []
    for index, data in enumerate(demo_document().get("projects", [])):
        code, _ = unit_of(data, project_label(data, index))
        unit = units.find_unit(code)
        if unit is None:
            continue
        draft = draft_from_dict(data, index)
        existing = project_service.find_existing(unit.id, draft)
        if existing is not None and not project_service.is_unchanged_by(existing, draft):
            changed.append(project_title(existing.year, unit.code, existing.code, existing.name))
    return changed


def demo_accounts(*, reset: bool = True) -> list[tuple[str, str, str | None]]:
    """One account per role (officer and reviewer of the demo units): (name, role, password or None).

    Missing accounts are created with a fresh password; existing ones get a new password
    only with ``reset`` (their password is None otherwise: left as it is).
    """
    codes = sorted({project["unit"]["code"] for project in demo_document().get("projects", [])})
    return accounts.ensure_demo_accounts([unit for unit in map(units.find_unit, codes) if unit is not None], reset=reset)


def load_demo_payments():
    """Give the demo projects a year of payments and a few budget adjustments (projects that have none yet)."""
    from app.services import demo_payments

    return demo_payments.load()


def load_demo_evaluations() -> list[str]:
    """Give one 2023 demo project a complete year-end self-evaluation draft (projects that have none)."""
    from app.services import demo_selfeval

    return demo_selfeval.load()


# Modules the core does not import (the centres) add their demo data to ``jixiao demo`` here:
# create_app registers their loaders; each loads idempotently and returns one line to print.
DEMO_LOADERS = "jixiao.demo_loaders"


def register_loader(app, loader) -> None:
    """Have ``jixiao demo`` run LOADER (a function of no arguments returning a line of text)."""
    loaders = app.extensions.setdefault(DEMO_LOADERS, [])
    if loader not in loaders:
        loaders.append(loader)


def load_module_demos() -> list[str]:
    """Run the loaders the modules registered; return what each says it loaded."""
    from flask import current_app

    return [loader() for loader in current_app.extensions.get(DEMO_LOADERS, [])]
