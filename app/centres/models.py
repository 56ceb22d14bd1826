"""The centre module's tables, in one import path: ``from app.centres.models import Centre, Region, …``.

The core's ``app.models`` does not import them: ``app.centres.register`` (called by create_app)
imports this module, which puts the tables on ``db.metadata`` for ``create_all`` and Alembic.
Each model declares how the audit trail names it and what it belongs to (``__audit__``).

New centre tables go in a module of their own under ``app/centres/hubei/`` or
``app/centres/regions/`` (e.g. ``app/centres/hubei/lifecycle_models.py``) and are imported here.
"""

from app.centres.hubei.lifecycle_models import (
    CentreApplication,
    CentreBlacklist,
    CentreContract,
    CentreMaterial,
    CentreOperator,
    CentrePayment,
    CentreRevocation,
    QuarterlyInspection,
    ServiceAgreement,
    WeeklyReport,
)
from app.centres.hubei.models import (
    Centre,
    CentreAssignment,
    CentreClaim,
    CentreServiceRecord,
    CentreTraining,
    CentreYear,
    CentreYearScore,
)
from app.centres.regions.models import DEFAULT_PROVINCE, Region, RegionMonth, RegionYear

__all__ = [
    "DEFAULT_PROVINCE",
    "Centre",
    "CentreApplication",
    "CentreAssignment",
    "CentreBlacklist",
    "CentreContract",
    "CentreMaterial",
    "CentreOperator",
    "CentrePayment",
    "CentreRevocation",
    "CentreClaim",
    "CentreServiceRecord",
    "CentreTraining",
    "CentreYear",
    "CentreYearScore",
    "QuarterlyInspection",
    "Region",
    "RegionMonth",
    "RegionYear",
    "ServiceAgreement",
    "WeeklyReport",
]
