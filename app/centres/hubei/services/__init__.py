"""Hubei service centres: keep centres, their year's evidence and service records; score and rank them.

One module per concern, all of them reachable from here (``services.save_evidence``…):

| module | what |
| --- | --- |
| ``centres`` | the centres: list, find, create, change, delete |
| ``evidence`` | a centre's evidence for a year, the years in use |
| ``service_records`` | service records: listed, imported (previewed first), cleared |
| ``scoring`` | the stored year as the engine's input, scored as ``jixiao centre score`` scores it |
| ``rankings`` | the ranking, a centre's score page, grades across years (kept per year) |
| ``assignments`` | companies claimed by several centres, given to one (000 第十条) |

Each public function that writes is one unit of work (``transaction()``); the audit trail records
every row it changes, against the centre. The field checks are pure (``app.centres.rules.hubei_checks``).
"""

from app.centres.hubei.records import ServiceDraft
from app.centres.hubei.services.assignments import assignments, claimants, set_assignment
from app.centres.hubei.services.centres import (
    create_centre,
    delete_centre,
    find_centre,
    get_centre,
    list_centres,
    update_centre,
    visible,
)
from app.centres.hubei.services.evidence import (
    claims_of,
    default_year,
    evidence_version,
    get_evidence,
    save_evidence,
    years_in_use,
)
from app.centres.hubei.services.rankings import (
    CentreReport,
    Ranking,
    RankRow,
    Standing,
    centre_report,
    keep_scores,
    ranking,
    stored_grades,
)
from app.centres.hubei.services.scoring import (
    SETTINGS,
    ConflictView,
    YearScores,
    assessment_document,
    conflicts_of,
    participants,
    score_year,
)
from app.centres.hubei.services.service_records import (
    ImportPreview,
    clear_records,
    import_records,
    item_counts,
    preview_import,
    record_input,
    service_records,
    store_records,
)
from app.centres.rules.hubei_checks import CATEGORIES, CODE, check_year
from app.centres.rules.hubei_drafts import APPEND, REPLACE, CentreDraft, EvidenceDraft, TrainingDraft
from app.domain.dates import FIRST_YEAR, LAST_YEAR

__all__ = [
    "APPEND", "CATEGORIES", "CODE", "FIRST_YEAR", "LAST_YEAR", "REPLACE", "SETTINGS",
    "CentreDraft", "CentreReport", "ConflictView", "EvidenceDraft", "ImportPreview", "RankRow", "Ranking", "ServiceDraft",
    "Standing", "TrainingDraft", "YearScores",
    "assessment_document", "assignments", "centre_report", "check_year", "claimants", "claims_of", "clear_records",
    "conflicts_of", "create_centre", "default_year", "delete_centre", "evidence_version", "find_centre",
    "get_centre", "get_evidence", "import_records", "item_counts", "keep_scores", "list_centres", "participants",
    "preview_import", "ranking", "record_input", "save_evidence", "score_year", "service_records",
    "set_assignment", "store_records", "stored_grades", "update_centre", "visible", "years_in_use",
]
