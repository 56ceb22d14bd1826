"""Use cases of Zhejiang's regions (seed 002), one module per concern, all reachable from here.

| module | what |
| --- | --- |
| ``regions`` | the regions: list, find, create, change, delete |
| ``months`` | a region's year: the case count and the monthly table, all or nothing |
| ``month_imports`` | the monthly table from a file: previewed, then confirmed |
| ``scoring`` | the engine's scores, through the document ``jixiao orders score`` reads |

Each public function that writes is one transaction; the audit trail records it (the listener
of ``app.services.audit``). The field checks are pure (``app.centres.rules.zhejiang_checks``).
"""

from app.centres.regions.services.month_imports import ImportedMonth, ImportPreview, confirm_file, confirm_import, preview_import
from app.centres.regions.services.months import FIGURES, mark, month_inputs, record_of, save_table, version_of, years_in_use
from app.centres.regions.services.regions import (
    RegionDraft,
    create_region,
    delete_region,
    find_region,
    get_region,
    list_regions,
    update_region,
)
from app.centres.regions.services.scoring import (
    SETTINGS,
    MonthLine,
    RegionReport,
    RegionRow,
    YearTable,
    engine_document,
    region_report,
    score_document,
    settings,
    year_table,
)

__all__ = [
    "FIGURES", "SETTINGS", "ImportPreview", "ImportedMonth", "MonthLine", "RegionDraft", "RegionReport", "RegionRow",
    "YearTable", "confirm_file", "confirm_import", "create_region", "delete_region", "engine_document", "find_region",
    "get_region", "list_regions", "mark", "month_inputs", "preview_import", "record_of", "region_report",
    "save_table", "score_document", "settings", "update_region", "version_of", "year_table", "years_in_use",
]
