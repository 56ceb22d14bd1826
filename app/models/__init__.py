"""SQLAlchemy models, one module per aggregate. No rules, no commits."""

from app.models.departments import DepartmentGoalItem, DepartmentGoals, DepartmentMeasure
from app.models.projects import Indicator, Project, ProjectGoal, SpendingCheckpoint
from app.models.units import CheckpointSetting, Unit

__all__ = [
    "CheckpointSetting",
    "DepartmentGoalItem",
    "DepartmentGoals",
    "DepartmentMeasure",
    "Indicator",
    "Project",
    "ProjectGoal",
    "SpendingCheckpoint",
    "Unit",
]
