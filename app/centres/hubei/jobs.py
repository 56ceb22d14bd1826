"""The centre module's background job (app/services/jobs.py): the year's ranking, every centre scored.

Registered when the module is (``app.centres.register``): the core never imports the centres.
"""

from app.centres.hubei import exports, services
from app.domain.access import Permission, allows, visible_units
from app.domain.errors import DomainError
from app.services import accounts
from app.services.jobs import Context, kind

RANKING_TITLE = "{year}年度外贸综合服务中心绩效考核排名"


@kind("centre_ranking", "服务中心绩效考核排名（Excel）")
def centre_ranking(job: Context) -> dict:
    """Score every centre of the year and write the ranking workbook, as ``/centres/ranking.xlsx`` does."""
    principal = accounts.principal(job.user)
    if not allows(principal, Permission.CENTRE_READ):
        raise DomainError("您已没有执行此任务的权限")
    year = int(job.params["year"])
    job.progress(0, 1, "正在为各服务中心评分")
    result = services.ranking(year, visible_units(principal, Permission.CENTRE_READ))
    title = RANKING_TITLE.format(year=year)
    job.output(f"{title}.xlsx").write_bytes(exports.ranking_xlsx(result, title))
    job.progress(1, 1)
    job.message = f"已评分 {result.total} 个服务中心，排名表列出 {len(result.rows)} 个"
    return {"centres": result.total, "shown": len(result.rows)}
