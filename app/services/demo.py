"""The demo data: the projects and department goals of seeds 003 and 004."""

import json
from importlib import resources

from app.services.interchange import LoadSummary, load


def demo_document() -> dict:
    """Read the fixture made from the seeds (``scripts/make_demo_fixture.py``)."""
    with resources.files("app").joinpath("fixtures/demo.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def load_demo() -> LoadSummary:
    """Load (or refresh) the demo projects; running it twice changes nothing."""
    return load(demo_document(), update=True)
