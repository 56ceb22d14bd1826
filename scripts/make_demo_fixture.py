"""Write app/fixtures/demo.json: the projects and department goals of seeds 003 and 004.

Run from anywhere: python scripts/make_demo_fixture.py
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # the seeds 003 and 004, copied from ../shared/seeds
OUTPUT = ROOT / "app" / "fixtures" / "demo.json"
SOURCES = (("003_*.txt", 2023), ("004_*.txt", 2024))

sys.path.insert(0, str(ROOT))  # run as a plain script, without installing the package

from app.documents.text_import import parse_text  # noqa: E402


def seed_path(pattern: str) -> Path:
    """Find the one seed file matching the pattern."""
    (path,) = SEEDS.glob(pattern)
    return path


def build_fixture() -> dict:
    """Parse the seeds into the demo data, projects in document order."""
    fixture: dict = {"projects": [], "departments": []}
    for pattern, year in SOURCES:
        path = seed_path(pattern)
        result = parse_text(path.read_text(encoding="utf-8"), source=path.name, year=year)
        fixture["projects"].extend(result.projects)
        fixture["departments"].extend(result.departments)
    return fixture


def render(fixture: dict) -> str:
    """Print the fixture as readable JSON (Chinese kept as is)."""
    return json.dumps(fixture, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(render(build_fixture()), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
