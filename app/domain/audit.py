"""How the audit trail reads in Chinese: actions, object types and field names."""

from dataclasses import dataclass

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
    "password": "修改密码",
    "reset_password": "重置密码",
    "export": "导出",
    "submit": "提交审核",
    "approve": "审核通过",
    "return": "退回修改",
    "reopen": "重新打开",
}

TYPE_LABELS = {
    "Project": "项目",
    "ProjectGoal": "绩效目标",
    "SpendingCheckpoint": "资金支出计划",
    "Indicator": "绩效指标",
    "Unit": "预算单位",
    "CheckpointSetting": "支出计划节点",
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
    "target_unit": "计量单位",
    "target_deadline": "完成时限",
    "basis": "指标值确定依据",
    "months_text": "节点月份",
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
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None
    after: str | None

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def type_label(object_type: str) -> str:
    return TYPE_LABELS.get(object_type, object_type)


def changes_of(raw) -> list[Change]:
    """Read the stored ``[[field, before, after], ...]``."""
    return [Change(*item) for item in raw or [] if isinstance(item, (list, tuple)) and len(item) == 3]


def summarize(raw) -> str:
    """One line: "名称：旧 → 新；预算数：1 → 2"."""
    return "；".join(f"{c.label}：{_show(c.before)} → {_show(c.after)}" for c in changes_of(raw))


def _show(value) -> str:
    return "（空）" if value is None or value == "" else str(value)
