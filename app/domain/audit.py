"""How the audit trail reads in Chinese: actions, object types and field names."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

CREATE, UPDATE, DELETE = "create", "update", "delete"

ACTION_LABELS = {
    CREATE: "新增",
    UPDATE: "修改",
    DELETE: "删除",
    "login": "登录",
    "login_failed": "登录失败",
    "lock": "账户锁定",
    "unlock": "解锁",
    "logout": "退出",
    "timeout": "超时退出",
    "end_sessions": "结束全部会话",
    "password": "修改密码",
    "reset_password": "重置密码",
    "export": "导出",
    "submit": "提交审核",
    "approve": "审核通过",
    "return": "退回修改",
    "reopen": "重新打开",
    "import": "导入",
}

TYPE_LABELS = {
    "Project": "项目",
    "ProjectGoal": "绩效目标",
    "SpendingCheckpoint": "资金支出计划",
    "Indicator": "绩效指标",
    "Unit": "预算单位",
    "CheckpointSetting": "支出计划节点",
    "SchemeChoice": "评分方案",
    "DepartmentGoals": "部门整体绩效目标",
    "DepartmentGoalItem": "分项绩效目标",
    "DepartmentMeasure": "工作保障措施",
    "ProjectEvaluation": "年终自评",
    "IndicatorEvaluation": "指标自评",
    "Payment": "支出记录",
    "BudgetAdjustment": "预算调整",
    "MonitoringReport": "绩效运行监控表",
    "MonitoringRow": "监控指标",
    "User": "用户",
    "AuditEvent": "审计记录",
    "ReviewOpinion": "审核意见",
    "RecommendedIndicator": "标杆指标",
    "ApiToken": "接口令牌",
    # a centre's life (issue 16)
}

FIELD_LABELS = {
    "unit_id": "预算单位",
    "year": "年度",
    "code": "编码",
    "name": "名称",
    "budget_total": "预算数",
    "budget_fiscal": "财政资金",
    "budget_other": "其他资金",
    "purpose": "资金用途",
    "long_term_goals": "中长期目标",
    "status": "状态",
    "position": "序号",
    "text": "内容",
    "month": "月份",
    "amount": "计划支出",
    "level1": "一级指标",
    "level2": "二级指标",
    "description": "绩效指标描述",
    "target_text": "指标值",
    "target_kind": "指标值类型",
    "target_comparator": "比较符",
    "target_value": "指标数值",
    "target_lower": "区间下限",
    "target_upper": "区间上限",
    "target_unit": "计量单位",
    "target_deadline": "完成时限",
    "basis": "指标值确定依据",
    "months_text": "节点月份",
    "scheme_name": "评分方案",
    "rules": "评分规则",
    "scheme_rules": "评分方案（计分时）",
    "part_scores": "评价人打分",
    "direction": "指标方向",
    "overall": "总体目标",
    "title": "标题",
    "goal": "绩效目标",
    "indicator": "绩效指标",
    "display_name": "姓名",
    "password_hash": "密码",
    "roles_text": "角色",
    "units": "所属单位",
    "active": "启用",
    "must_change_password": "须修改密码",
    "locked_until": "锁定至",
    # 支出 and 预算调整
    "day": "日期",
    "voucher": "凭证号",
    "source": "资金来源",
    "note": "摘要",
    "reason": "调整原因",
    # 年终自评
    "supervising_department": "主管部门",
    "budget_adjusted": "全年预算数",
    "spent_fiscal": "全年执行数（本年财政拨款）",
    "spent_carryover": "全年执行数（上年结转资金）",
    "spent_other": "全年执行数（其他资金）",
    "execution_reason": "预算执行率偏低原因",
    "overall_actual": "总体目标实际完成情况",
    "submitted_at": "提交时间",
    "submitted_by_id": "提交人",
    "reviewed_by_id": "审核人",
    "reviewed_at": "审核时间",
    "review_comment": "审核意见",
    "indicator_id": "指标",
    "actual": "实际完成值",
    "grade": "评价等级",
    "grade_percent": "等级得分比例",
    "weight": "分值",
    "not_applicable": "不适用",
    "deviation_reason": "偏差原因分析及改进措施",
    # 绩效运行监控表
    "expected_spend": "全年预计执行数",
    "goal_progress": "总体目标完成情况",
    "progress": "1–N月实际完成情况",
    "expected": "全年预计完成情况",
    "likelihood": "能否完成目标",
    "reason_kind": "偏差原因类型",
    "reason_text": "偏差原因说明",
    "measures": "纠偏措施",
    # 外贸综合服务中心 (issue 7)
    "level": "园区级别",
    "park": "所在开发区（园区）",
    "company": "承办企业",
    "contract_start": "合同起始年度",
    "contract_end": "合同截止年度",
    "fixed_office": "固定办公场地",
    "staff": "工作人员数",
    "staff_experienced": "3 年以上外贸从业人员数",
    "customs_declarants": "专业报关员数",
    "linguists": "外语人才数",
    "floor_area": "服务场地面积（平方米）",
    "meetings": "参加会议、活动次数",
    "complaints": "有效投诉数",
    "harmful_acts": "有损行为数",
    "praises": "表扬、典型发言、正面宣传次数",
    "companies": "参会企业数",
    "category": "类别",
    "client": "服务对象",
    "item": "服务项目",
    "matter": "服务事项",
    "requested": "申请日期",
    "evaluated": "评价日期",
    "rating": "评价结果",
    "centre_id": "外贸综合服务中心",
    # 订单+清单 regions (issue 7, seed 002)
    "province": "省份",
    "cases": "获评案例数",
    "fill_share": "当月填报企业数占比",
    "prev_accuracy": "上月填报准确率",
    "completion": "当年填报完成度",
    "asked": "提问数",
    "answered": "响应数",
    "warned": "五色清单预警企业数",
    "feedback": "五色清单反馈企业数",
    "sluggish": "响应拖沓、答复草率次数",
}


# Where one column name means different things in different objects.
TYPED_FIELD_LABELS = {
    ("Payment", "amount"): "支出金额",
    ("BudgetAdjustment", "amount"): "调整后预算数",
    # 审核意见 on a row, and the officer's answer (issue 17)
    ("ReviewOpinion", "project_id"): "项目",
    ("ReviewOpinion", "row"): "指标行",
    ("ReviewOpinion", "field"): "栏目",
    ("ReviewOpinion", "text"): "审核意见",
    ("ReviewOpinion", "author_id"): "审核人",
    ("ReviewOpinion", "answer"): "答复",
    ("ReviewOpinion", "answered_by_id"): "答复人",
    ("ReviewOpinion", "answered_at"): "答复时间",
    ("RecommendedIndicator", "unit_id"): "推荐单位",
    ("RecommendedIndicator", "project_kind"): "项目类别",
    ("RecommendedIndicator", "level1"): "一级指标",
    ("RecommendedIndicator", "level2"): "二级指标",
    ("RecommendedIndicator", "name"): "三级指标",
    ("RecommendedIndicator", "target_text"): "指标值",
    ("RecommendedIndicator", "basis"): "指标值确定依据",
    ("RecommendedIndicator", "marked_by_id"): "推荐人",
    # personal API tokens (issue 18)
    ("ApiToken", "user_id"): "所属用户",
    ("ApiToken", "name"): "令牌名称",
    ("ApiToken", "scope"): "权限范围",
    ("ApiToken", "secret_hash"): "令牌摘要",
    ("ApiToken", "expires_at"): "有效期至",
    ("ApiToken", "revoked_at"): "撤销时间",
    # a centre's life (issue 16)
}


def register_kind(
    object_type: str, title: str, fields: Mapping[str, str] = MappingProxyType({}), references: Mapping[str, str] = MappingProxyType({})
) -> None:
    """Learn a kind's Chinese name and its columns' names from the model that declares them.

    The core's kinds are named in the tables above; a module with tables of its own (the centres)
    declares them on its models (``AuditInfo(title=..., fields=...)``), so nothing here names its classes.
    """
    if title:
        TYPE_LABELS[object_type] = title
    for name, label in fields.items():
        TYPED_FIELD_LABELS[(object_type, name)] = label
    REFERENCES.update(references)


def field_label(field: str, object_type: str = "") -> str:
    """The Chinese name of a recorded field (of an object of ``object_type``)."""
    return TYPED_FIELD_LABELS.get((object_type, field)) or FIELD_LABELS.get(field, field)


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None
    after: str | None
    object_type: str = ""

    @property
    def label(self) -> str:
        return field_label(self.field, self.object_type)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def type_label(object_type: str) -> str:
    return TYPE_LABELS.get(object_type, object_type)


def changes_of(raw, object_type: str = "") -> list[Change]:
    """Read the stored ``[[field, before, after], ...]`` (of an object of ``object_type``)."""
    return [Change(*item, object_type) for item in raw or [] if isinstance(item, (list, tuple)) and len(item) == 3]


def summarize(raw) -> str:
    """One line: "名称：旧 → 新；预算数：1 → 2"."""
    return "；".join(f"{c.label}：{_show(c.before)} → {_show(c.after)}" for c in changes_of(raw))


def _show(value) -> str:
    return "（空）" if value is None or value == "" else str(value)


# --- how recorded values read (issue 12): the trail stores what the columns hold; the pages,
# the history and the exports show it as a user knows it.

VALUE_LABELS = {
    "target_kind": {"quantitative": "定量", "qualitative": "定性", "deadline": "截止日期", "range": "区间"},
    "target_comparator": {">=": "≥", "<=": "≤", "=": "＝", ">": "＞", "<": "＜"},
}

# Recorded ids of other objects, shown by that object's name (the service looks the name up).
REFERENCES = {
    "unit_id": "Unit",
    "indicator_id": "Indicator",
    "user_id": "User",
    "submitted_by_id": "User",
    "reviewed_by_id": "User",
}

_UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
BEIJING = datetime.timedelta(hours=8)


def shown_value(field: str, value, object_type: str = "") -> str | None:
    """A recorded value as the pages show it: 定量 for quantitative, ≥ for >=, times in 北京时间.

    References (``REFERENCES``) are left to the caller, which knows the names.
    """
    if value is None or value == "":
        return value
    text = str(value)
    labels = VALUE_LABELS.get(field)
    if labels is not None:
        return labels.get(text, text)
    if field == "position" and text.isdigit():
        return str(int(text) + 1)  # stored from 0; 第 1 条 is what the page shows
    if field == "months_text":
        return "、".join(f"{month}月底" for month in text.split(",") if month)
    if _UTC_TIME.fullmatch(text):  # a stored time (UTC) such as 提交时间
        moment = datetime.datetime.fromisoformat(text) + BEIJING
        return moment.strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）"
    return text
