"""Pure rules of the centre module: standard library only, Decimal throughout."""

from app.centres.rules.common import Finding, InputError, round_half_up
from app.centres.rules.hubei import score_assessment
from app.centres.rules.hubei_input import read_assessment
from app.centres.rules.hubei_model import Grade, HubeiSettings, Level
from app.centres.rules.hubei_status import consequences, grade_for, recognition_gaps
from app.centres.rules.zhejiang import ZhejiangSettings, score_region
from app.centres.rules.zhejiang_input import read_regions

__all__ = [
    "Finding", "Grade", "HubeiSettings", "InputError", "Level", "ZhejiangSettings",
    "consequences", "grade_for", "read_assessment", "read_regions", "recognition_gaps",
    "round_half_up", "score_assessment", "score_region",
]
