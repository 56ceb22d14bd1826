"""The core names no class of the centre module, not even as a string: the centre models say how the
audit trail names them, what their edits hold and what their ids refer to (``AuditInfo``)."""

import ast
from pathlib import Path

import pytest

from app import create_app
from app.domain import audit as labels
from app.extensions import db

ROOT = Path(__file__).resolve().parents[2]
CORE = [p for p in sorted((ROOT / "app").rglob("*.py")) if "centres" not in p.parts]


def centre_classes() -> set[str]:
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"})
    return {m.class_.__name__ for m in db.Model.registry.mappers if m.class_.__module__.startswith("app.centres")}


NAMES = centre_classes()


def test_there_are_centre_classes_to_look_for():
    assert {"Centre", "CentreYear", "Region", "CentreApplication", "WeeklyReport"} <= NAMES


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_core_module_names_a_centre_class(path):
    strings = {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Constant)}
    assert sorted(strings & NAMES) == []


def test_the_trail_learns_the_centre_kinds_from_their_models():
    assert labels.type_label("CentreApplication") == "中心设立申请"
    assert labels.field_label("stage", "CentreApplication") == "办理状态"
    assert labels.REFERENCES["centre_id"] == "Centre" and labels.REFERENCES["region_id"] == "Region"
    assert labels.type_label("Project") == "项目"  # the core's own names are unchanged
