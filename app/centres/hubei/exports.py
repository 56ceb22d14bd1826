"""The files a commerce department hands on: the year's ranking (.xlsx) and a centre's score sheet (.docx).

Build, then send: each function returns the bytes; the views only wrap them. Both show
the numbers of ``app.centres.hubei.sheet.score_sheet`` (the CLI's own JSON numbers).
"""

import datetime

from docxtpl import DocxTemplate
from openpyxl import Workbook
from openpyxl.styles import Font

from app.centres.hubei.sheet import LEVEL_LABELS, PART_LABELS
from app.centres.rules.common import cite
from app.centres.rules.hubei_model import PART_NAMES
from app.documents import inert
from app.documents.contexts import literal
from app.documents.template_files import TEMPLATE_DIR
from app.documents.xlsx import book_bytes, table_sheet

TEMPLATE = TEMPLATE_DIR / "centre_score.docx"
PARTS = PART_NAMES[:-1]  # S1 … B3; the bonus total has its own column


def _contract(centre) -> str:
    if centre.contract_start and centre.contract_end:
        return f"{centre.contract_start}—{centre.contract_end} 年"
    if centre.contract_start or centre.contract_end:
        return f"{centre.contract_start or '?'}—{centre.contract_end or '?'} 年"
    return ""


# -- the ranking as .xlsx ------------------------------------------------------------------

RANKING_COLUMNS = (
    ("名次", lambda r: r.rank, "0", 6),
    ("中心编号", lambda r: r.centre.code, "@", 12),
    ("中心名称", lambda r: r.centre.name, "@", 36),
    ("园区级别", lambda r: LEVEL_LABELS.get(r.centre.level, r.centre.level), "@", 9),
    ("所在开发区（园区）", lambda r: r.centre.park, "@", 24),
    ("承办企业", lambda r: r.centre.company, "@", 24),
    *(
        (f"{part} {PART_LABELS[part]}", (lambda part: lambda r: r.sheet["raw"]["parts"][part])(part), "General", 10)  # noqa: B023 (bound by the outer lambda)
        for part in PARTS
    ),
    ("奖励分合计", lambda r: r.sheet["raw"]["parts"]["bonus"], "General", 10),
    ("总分", lambda r: r.sheet["raw"]["total"], "0.00", 8),
    ("等次", lambda r: r.sheet["grade"], "@", 6),
    ("当年资金支持（万元）", lambda r: r.standing.consequences.support, "0", 12),
    ("考核结果运用", lambda r: r.standing.text, "@", 36),
    ("尚缺", lambda r: "；".join(r.sheet["missing"]) or None, "@", 60),
)


def ranking_xlsx(ranking, title: str) -> bytes:
    """Build the workbook: a title line, the header, one line per centre (numbers stay numbers)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "考核排名"
    table_sheet(sheet, title, RANKING_COLUMNS, ranking.rows, wrap_text=True)
    sheet.freeze_panes = "D3"
    if ranking.conflicts:
        inert.append(sheet, [])
        inert.append(sheet, [f"重复申报（{cite('000 第十条')}，均不计入）"])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for conflict in ranking.conflicts:
            inert.append(sheet, ["", conflict.label, conflict.code, "、".join(c.name for c in conflict.centres)])
    return book_bytes(book)


# -- a centre's score sheet as .docx -------------------------------------------------------


def score_sheet_context(report, today: datetime.date | None = None) -> dict:
    """Describe one centre's year for ``docx_templates/centre_score.docx`` (keys: centre_score_README.md)."""
    centre, sheet = report.centre, report.sheet
    rows, group = [], None
    for row in sheet["rows"]:
        if row["part"] == "bonus":
            continue  # printed in the totals
        rows.append({
            "group": row["group"] if row["group"] != group else "",
            "part": row["part"],
            "name": row["name"],
            "full": row["full"],
            "points": row["points"],
            "clause": _clause(row["clause"]),
            "notes": literal("\n".join(f"{f['text']}（{_clause(f['clause'])}）" if f["clause"] != row["clause"] else f["text"] for f in row["findings"])),
        })
        group = row["group"]
    conflicts = [
        f"{c.label} {c.code}：{'、'.join(f'{x.code} {x.name}' for x in c.centres)}" for c in report.conflicts
    ]
    standing = [f"{year} 年度：{grade.value}" for year, grade in report.standing.history]
    standing = ["历年等次：" + "，".join(standing)] if standing else []
    standing += [cite(reason) for reason in report.standing.consequences.reasons]
    return {
        "year": report.year,
        "name": literal(centre.name),
        "code": literal(centre.code),
        "level": LEVEL_LABELS.get(centre.level, centre.level) + "开发区（园区）",
        "park": literal(centre.park),
        "company": literal(centre.company),
        "contract": _contract(centre),
        "rows": rows,
        "base": sheet["base"],
        "bonus": sheet["parts"]["bonus"],
        "total": sheet["total"],
        "grade": sheet["grade"],
        "missing": [literal(text) for text in sheet["missing"]],
        "conflicts": [literal(text) for text in conflicts],
        "standing": standing,
        "recognition": [f"{gap.text}（{cite(gap.clause)}）" for gap in report.recognition],
        "generated": f"生成日期：{(today or datetime.date.today()).isoformat()}",
    }


def score_sheet_docx(report, today: datetime.date | None = None) -> bytes:
    """Render one centre's score sheet."""
    template = DocxTemplate(str(TEMPLATE))
    template.render(score_sheet_context(report, today), autoescape=True)
    return book_bytes(template)


def _clause(text: str) -> str:
    """A clause in the score sheet: the 考核办法 is named in the sheet's heading, so its clauses read
    "第九条（二）3"; a clause of another document is cited by that document's name (issue 12)."""
    return text.removeprefix("000 ") if text.startswith("000 ") else cite(text)
