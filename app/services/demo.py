"""The demo data: the projects and department goals of seeds 003 and 004."""

import json
from importlib import resources

from app.services import accounts, units
from app.services.interchange import LoadSummary, load


def demo_document() -> dict:
    """Read the fixture made from the seeds (``scripts/make_demo_fixture.py``)."""
    with resources.files("app").joinpath("fixtures/demo.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def load_demo() -> LoadSummary:
    """Load (or refresh) the demo projects; running it twice changes nothing."""
    return load(demo_document(), update=True)


def demo_accounts() -> list[tuple[str, str, str]]:
    """One account per role (officer and reviewer of the demo units), with fresh passwords."""
    codes = sorted({project["unit"]["code"] for project in demo_document().get("projects", [])})
    return accounts.ensure_demo_accounts([unit for unit in map(units.find_unit, codes) if unit is not None])
