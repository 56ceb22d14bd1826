"""SQLAlchemy models, one module per aggregate. No rules, no commits."""

from app.models.accounts import User, user_unit
from app.models.audit import AuditEvent
from app.models.departments import DepartmentGoalItem, DepartmentGoals, DepartmentMeasure
from app.models.evaluations import IndicatorEvaluation, ProjectEvaluation  # noqa: F401
from app.models.figures import FigureEpoch, ProjectFigure  # noqa: F401
from app.models.jobs import Job  # noqa: F401
from app.models.monitoring import MonitoringReport, MonitoringRow  # noqa: F401
from app.models.opinions import RecommendedIndicator, ReviewOpinion  # noqa: F401
from app.models.payments import BudgetAdjustment, Payment  # noqa: F401
from app.models.projects import Indicator, Project, ProjectGoal, SpendingCheckpoint
from app.models.rollup import ProjectRollup  # noqa: F401
from app.models.schemes import SchemeChoice  # noqa: F401
from app.models.sessions import RateHit, UserSession  # noqa: F401
from app.models.tokens import ApiToken  # noqa: F401
from app.models.units import CheckpointSetting, Unit

__all__ = [
    "AuditEvent",
    "CheckpointSetting",
    "DepartmentGoalItem",
    "DepartmentGoals",
    "DepartmentMeasure",
    "Indicator",
    "Project",
    "ProjectGoal",
    "SpendingCheckpoint",
    "Unit",
    "User",
    "user_unit",
]
