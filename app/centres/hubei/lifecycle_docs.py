"""The documents of a centre's life (issue 16): the 决定书, the 服务协议 (.docx) and the year's support (.xlsx).

Build, then send: each function returns bytes; the views only wrap them. The templates are
``docx_templates/centre_decision.docx`` and ``centre_agreement.docx`` (``build_centre_lifecycle.py``),
rendered with ``autoescape=True`` and every stored text through ``literal``.
"""

import datetime

from docxtpl import DocxTemplate
from openpyxl import Workbook

from app.centres.hubei.sheet import LEVEL_LABELS
from app.centres.rules import hubei_lifecycle as rules
from app.centres.rules.common import cite, number_text
from app.centres.rules.hubei_lifecycle_terms import funding_text
from app.documents.contexts import literal
from app.documents.template_files import TEMPLATE_DIR
from app.documents.xlsx import book_bytes, table_sheet

DECISION_TEMPLATE = TEMPLATE_DIR / "centre_decision.docx"
AGREEMENT_TEMPLATE = TEMPLATE_DIR / "centre_agreement.docx"


def _date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "    年  月  日"


# -- 决定书 (001 第九条（三）（四）) -----------------------------------------------------------------


def decision_context(application) -> dict:
    """Describe an approved application for ``centre_decision.docx`` (keys: centre_lifecycle_README.md)."""
    kind = rules.Kind(application.kind)
    unit = application.unit.name if application.unit is not None else "县（市、区）商务主管部门"
    basis = cite("001 第九条（三）") if kind is rules.Kind.ESTABLISH else cite("001 第九条（四）")
    preamble = (f"你单位报送的{application.centre_name}{kind.label}申请，经所在市州商务局审核上报，已收悉。"
                f"根据{basis}，经审核，现决定如下：")
    decision = {
        rules.Kind.ESTABLISH: f"同意设立{application.centre_name}，由{application.operator_name}承办。",
        rules.Kind.ADJUST: f"同意调整{application.centre_name}。",
        rules.Kind.REVOKE: f"撤销{application.centre_name}。",
    }[kind]
    if application.decision_note:
        decision += application.decision_note
    particulars = []
    if kind is not rules.Kind.REVOKE:
        particulars = [
            {"label": "服务场地面积", "value": f"{number_text(application.floor_area)} 平方米"},
            {"label": "派驻人员", "value": f"{application.staff} 名（其中从事国际贸易 3 年以上 {application.staff_experienced} 人，"
                                           f"专业报关员 {application.customs_declarants} 人，外语人才 {application.linguists} 人）"},
        ]
    if application.reason:
        particulars.append({"label": "申请理由", "value": literal(application.reason)})
    obligations = {
        rules.Kind.ESTABLISH: [
            f"请你单位会同开发区（园区）管委会与承办企业签订三方合作协议，自签订之日起 15 个工作日内连同承办企业申报材料"
            f"报市（州）商务主管部门汇总上报省商务厅备案（{cite('001 第十条（三）')}）。",
            f"支持资金按国家级开发区（园区）40万元/年、省级开发区（园区）30万元/年安排（{cite('001 第十一条')}）。",
        ],
        rules.Kind.ADJUST: [f"请按调整后的安排做好工作交接（{cite('001 第十条（六）')}）。"],
        rules.Kind.REVOKE: [f"自本决定下达之日起，该中心不再享受资金支持政策（{cite('001 第十一条')}）。"],
    }[kind]
    return {
        "kind": kind.label,
        "centre_name": literal(application.centre_name),
        "centre_code": literal(application.centre_code),
        "decision_no": literal(application.decision_no),
        "addressee": literal(unit),
        "preamble": literal(preamble),
        "decision": literal(decision),
        "park": literal(application.park),
        "level": LEVEL_LABELS.get(application.level, application.level) + "开发区（园区）",
        "operator": literal(application.operator_name),
        "credit_code": literal(application.credit_code),
        "particulars": particulars,
        "obligations": obligations,
        "decided_on": _date(application.decided_on),
    }


def decision_docx(application) -> bytes:
    template = DocxTemplate(str(DECISION_TEMPLATE))
    template.render(decision_context(application), autoescape=True)
    return book_bytes(template)


# -- 服务协议 (000 附件2) ---------------------------------------------------------------------------


def agreement_context(agreement) -> dict:
    """Describe an agreement for ``centre_agreement.docx``."""
    centre = agreement.centre
    items = [line.strip() for line in (agreement.items or "").splitlines() if line.strip()]
    return {
        "company": literal(agreement.company),
        "code": literal(agreement.code),
        "operator": literal(centre.company or centre.name),
        "centre": literal(centre.name),
        "items_line": literal("；".join(items) if items else "按第一条服务范围"),
        "start": _date(agreement.start),
        "end": _date(agreement.end),
        "signed_line": _date(agreement.signed_on),
    }


def agreement_docx(agreement) -> bytes:
    template = DocxTemplate(str(AGREEMENT_TEMPLATE))
    template.render(agreement_context(agreement), autoescape=True)
    return book_bytes(template)


# -- the year's support (001 第十一条、第十二条（三）) ---------------------------------------------------

FUNDING_COLUMNS = (
    ("中心编号", lambda r: r.centre.code, "@", 12),
    ("中心名称", lambda r: r.centre.name, "@", 30),
    ("园区级别", lambda r: LEVEL_LABELS.get(r.centre.level, r.centre.level), "@", 9),
    ("承办企业", lambda r: r.centre.company, "@", 24),
    ("考核等次", lambda r: r.funding.grade.value if r.funding.grade else "", "@", 8),
    ("标准（万元）", lambda r: r.funding.base, "0.00", 10),
    ("当年支持（万元）", lambda r: r.funding.amount, "0.00", 12),
    ("已拨付（万元）", lambda r: r.paid, "0.00", 12),
    ("追回（万元）", lambda r: r.recovered, "0.00", 10),
    ("招标优先", lambda r: "是" if r.funding.tender_priority else "", "@", 8),
    ("取消资质", lambda r: "是" if r.funding.revoked else "", "@", 8),
    ("依据", lambda r: "；".join(cite(x) for x in r.funding.reasons) or funding_text(r.funding), "@", 60),
)


def funding_xlsx(rows, year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "扶持资金"
    table_sheet(sheet, f"{year} 年度外贸综合服务中心扶持资金", FUNDING_COLUMNS, rows, wrap_text=True)
    return book_bytes(book)
