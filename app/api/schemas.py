"""The API's request and response shapes (pydantic v2): they check what comes in and are what
``/api/v1/openapi.json`` is generated from.

Money travels as text with two decimals ("12.50", 万元), as in ``jixiao dump``; a request may
also send a JSON number. Input models ignore keys they do not know, so a project read with
GET can be sent back with PUT as it is.
"""

import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Money = str | int | float


class In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- errors and pages ---------------------------------------------------------------------


class FieldError(Out):
    field: str = Field(description="出错的字段（JSON 路径，如 indicators[2].target_text）；空为整个请求")
    message: str


class Problem(Out):
    """RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []
    request_id: str | None = Field(None, description="本次请求的编号（与响应头 X-Request-ID 相同），报告问题时请提供")


class Paging(In):
    page: int = Field(1, ge=1, le=1_000_000, description="页码，从 1 起")
    per_page: int = Field(50, ge=1, le=500, description="每页条数（最多 500）")


class YearUnitQuery(Paging):
    year: int | None = Field(None, ge=1900, le=2200, description="年度")
    unit: str | None = Field(None, max_length=32, description="预算单位编码，如 304001")


class PageOut(Out):
    page: int
    per_page: int
    total: int
    pages: int


# -- units --------------------------------------------------------------------------------


class UnitOut(Out):
    id: int
    code: str
    name: str
    version: int


class UnitPage(PageOut):
    items: list[UnitOut]


class UnitIn(In):
    code: str = Field(max_length=32, description="单位编码")
    name: str = Field(max_length=200, description="单位名称")


# -- projects (the interchange shape of ``jixiao dump``) ----------------------------------


class UnitRef(BaseModel):
    code: str = Field(max_length=32)
    name: str = Field("", max_length=200)


class CheckpointIO(BaseModel):
    month: int = Field(ge=1, le=12)
    amount: Money | None = None


class CheckpointOut(Out):
    month: int
    amount: str


class IndicatorOut(Out):
    level1: str
    level2: str
    name: str
    description: str
    target_text: str
    target: dict[str, Any] = Field(description="指标值的解析结果（jixiao target parse 的形式）")
    basis: str


class ProjectOut(Out):
    id: int
    unit: UnitRef
    year: int
    code: str | None
    name: str
    budget_total: str
    budget_fiscal: str
    budget_other: str
    purpose: str
    goals: list[str]
    long_term_goals: list[str] = []
    checkpoints: list[CheckpointOut]
    indicators: list[IndicatorOut]
    status: str = Field(description="draft 草稿, submitted 已提交, approved 审核通过, returned 退回修改")
    version: int = Field(description="版本号，即 ETag；修改、删除时以 If-Match 带回")
    warnings: list[FieldError] = []


class ProjectPage(PageOut):
    items: list[ProjectOut]


class IndicatorIn(In):
    level1: str = Field("", max_length=60)
    level2: str = Field("", max_length=60)
    name: str = Field("", max_length=300)
    description: str = Field("", max_length=4000)
    target_text: str = Field("", max_length=500)
    basis: str = Field("", max_length=4000)


class ProjectIn(In):
    unit: UnitRef = Field(description="所属预算单位（按 code）；修改时须与原单位相同")
    year: int = Field(ge=1900, le=2200)
    code: str | None = Field(None, max_length=64)
    name: str = Field(max_length=300)
    budget_total: Money | None = None
    budget_fiscal: Money | None = None
    budget_other: Money | None = None
    purpose: str = Field("", max_length=8000)
    goals: list[str] = Field([], max_length=100)
    long_term_goals: list[str] = Field([], max_length=100)
    checkpoints: list[CheckpointIO] = Field([], max_length=12)
    indicators: list[IndicatorIn] = Field([], max_length=300)


# -- payments -----------------------------------------------------------------------------


class PaymentOut(Out):
    id: int
    project_id: int
    day: datetime.date
    amount: str
    voucher: str
    source: str
    note: str


class PaymentPage(PageOut):
    items: list[PaymentOut]


class PaymentIn(In):
    day: str = Field(max_length=40, description="支付日期，如 2024-03-15")
    amount: Money = Field(description="金额（万元），最多两位小数")
    voucher: str = Field("", max_length=64, description="凭证号")
    source: str = Field("", max_length=20, description="资金来源：财政资金（默认）或 其他资金")
    note: str = Field("", max_length=500, description="摘要")


class PaymentRowIn(PaymentIn):
    code: str = Field("", max_length=64, description="项目编码（或用 name）")
    name: str = Field("", max_length=300, description="项目名称（没有项目编码时）")


class PaymentBatchIn(In):
    unit: str = Field(max_length=32, description="预算单位编码")
    year: int = Field(ge=1900, le=2200)
    payments: list[PaymentRowIn] = Field(min_length=1, max_length=20000)


class ImportedProjectOut(Out):
    code: str
    name: str
    payments: int
    amount: str


class PaymentBatchOut(Out):
    payments: int
    total: str
    projects: list[ImportedProjectOut]


# -- spending progress ----------------------------------------------------------------------


class ProgressQuery(Paging):
    year: int = Field(ge=1900, le=2200, description="年度")
    unit: str | None = Field(None, max_length=32, description="预算单位编码")
    as_of: datetime.date | None = Field(None, description="截至日期（默认今天，或已结束年度的 12 月 31 日）")


class ProjectProgressQuery(In):
    as_of: datetime.date | None = Field(None, description="截至日期")


class CheckpointProgressOut(Out):
    month: int
    planned: str
    spent: str | None
    lagging: bool | None = Field(description="是否滞后；节点未到为 null")


class ProgressRowOut(Out):
    project_id: int
    unit: str
    code: str
    name: str
    budget: str
    spent: str
    rate: str | None
    plan_at_date: str | None
    benchmark: str | None
    checkpoints: list[CheckpointProgressOut]
    flags: list[str]


class ProgressTotalsOut(Out):
    budget: str
    plan: str
    spent: str
    rate: str | None
    lagging: int


class ProgressPage(PageOut):
    year: int
    as_of: datetime.date
    totals: ProgressTotalsOut
    items: list[ProgressRowOut]


# -- year-end evaluations -------------------------------------------------------------------


class EvaluationQuery(Paging):
    year: int = Field(ge=1900, le=2200, description="年度")
    unit: str | None = Field(None, max_length=32, description="预算单位编码")


class EvaluationSummaryOut(Out):
    project_id: int
    code: str
    name: str
    status: str
    budget: str | None
    spent: str | None
    rate: str | None
    score: str | None
    grade: str
    indicators: int
    unmet: int
    missing_reasons: list[str]
    complete: bool


class EvaluationPage(PageOut):
    items: list[EvaluationSummaryOut]


Grade = Literal["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"]


class RowIn(In):
    indicator_id: int
    actual: str = Field("", max_length=500)
    grade: Grade | None = None
    grade_percent: Money | None = None
    weight: Money | None = None
    not_applicable: bool = False
    deviation_reason: str = Field("", max_length=4000)
    direction: Literal["正向", "反向"] | None = None


class PartScoreIn(In):
    name: str = Field(max_length=100)
    score: Money | None = None


class EntryIn(In):
    budget_adjusted: Money | None = Field(None, description="全年预算数（万元）")
    spent_fiscal: Money | None = Field(None, description="全年执行数：本年财政拨款")
    spent_carryover: Money | None = Field(None, description="上年结转资金")
    spent_other: Money | None = Field(None, description="其他资金")
    execution_reason: str = Field("", max_length=4000)
    overall_actual: str = Field("", max_length=8000)
    supervising_department: str = Field("", max_length=200)
    rows: list[RowIn] = Field([], max_length=300)
    part_scores: list[PartScoreIn] = Field([], max_length=20)


class RowOut(Out):
    indicator_id: int
    actual: str
    grade: str | None
    grade_percent: str | None
    weight: str | None
    not_applicable: bool
    deviation_reason: str
    direction: str | None


class PartScoreOut(Out):
    name: str
    score: str | None


class EntryOut(Out):
    budget_adjusted: str | None
    spent_fiscal: str | None
    spent_carryover: str | None
    spent_other: str | None
    execution_reason: str
    overall_actual: str
    supervising_department: str
    rows: list[RowOut]
    part_scores: list[PartScoreOut]


class ExecutionVerdictOut(Out):
    rate: str
    points: str
    score: str
    explanation: str
    needs_reason: bool
    reason_missing: bool
    error: str
    missing: bool


class RowVerdictOut(Out):
    indicator_id: int
    weight: str
    score: str
    met: bool | None
    status: str
    explanation: str
    needs_reason: bool
    reason_missing: bool
    error: str
    missing: bool


class PartOut(Out):
    name: str
    points: str
    score: str


class VerdictOut(Out):
    complete: bool
    execution: ExecutionVerdictOut
    rows: list[RowVerdictOut]
    parts: list[PartOut]
    problems: list[str]
    missing_reasons: list[str]
    total: str = Field(description="总分（完整时）")
    grade: str = Field(description="等级：优、良、中、差（完整时）")


class EvaluationOut(Out):
    project_id: int
    status: str = Field(description="未填报、草稿、已提交、审核通过、退回修改")
    version: int = Field(description="版本号，即 ETag（未填报时为 0）")
    scheme: list[str] = Field(description="评分方案，逐条中文说明")
    entry: EntryOut
    verdict: VerdictOut
