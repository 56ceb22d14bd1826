"""Forms of the Hubei service centres: a centre, its year's evidence, a service-record upload, an assignment."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from app.centres.rules.hubei_drafts import APPEND, REPLACE, CentreDraft, EvidenceDraft, TrainingDraft, split_codes
from app.centres.rules.hubei_model import CATEGORY_LABELS, LEVEL_LABELS
from app.domain.dates import parse_date
from app.domain.errors import DomainError
from app.domain.projects import Problem
from forms import attach

LEVEL_CHOICES = [SelectChoice(value, f"{label}开发区（园区）") for value, label in LEVEL_LABELS.items()]
MODE_CHOICES = [
    SelectChoice(REPLACE, "替换该年度已有的服务记录（平台导出的全年数据）"),
    SelectChoice(APPEND, "追加到已有记录之后"),
]
NO_UNIT = ""
TRAINING_ROWS = 3  # blank rows offered beyond those entered


def _typed(valuelist) -> str:
    return unicodedata.normalize("NFKC", valuelist[0] or "").strip() if valuelist else ""


class CountField(StringField):
    """A whole number, 0 or more; blank reads as BLANK (0, or None for "not given")."""

    def __init__(self, label=None, validators=None, blank=0, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.blank = blank

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = _typed(valuelist)
        if not text:
            self.data = self.blank
        elif re.fullmatch(r"\d{1,9}", text):
            self.data = int(text)
        else:
            self.data = None
            raise ValueError(f"{self.label.text}应为不小于 0 的整数，填写的是“{valuelist[0].strip()}”")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class YearField(CountField):
    """A year between 1990 and 2200, or blank (None)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, blank=None, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not 1990 <= self.data <= 2200:
            self.data = None
            raise ValueError(f"{self.label.text}应为 1990 至 2200 之间的年份")


AREA_LIMIT = 10**8  # NUMERIC(10, 2): the column holds less than this


class AreaField(StringField):
    """An area in 平方米 such as 120 or 85.5 (blank is 0)."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = _typed(valuelist).removesuffix("平方米").removesuffix("平米").removesuffix("㎡").replace(",", "").strip()
        try:
            if text and not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
                raise InvalidOperation  # plain decimals only: no sign, no exponent ("1e30")
            self.data = Decimal(text) if text else Decimal(0)
            if self.data >= AREA_LIMIT:
                self.data = None
                raise ValueError(f"{self.label.text}超出上限（应小于 {AREA_LIMIT:,} 平方米），填写的是“{valuelist[0].strip()}”")
        except InvalidOperation:
            self.data = None
            raise ValueError(f"{self.label.text}应为不小于 0 的数，填写的是“{valuelist[0].strip()}”") from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(self.data.normalize(), "f")


class CentreForm(FlaskForm):
    code = StringField("中心编号", validators=[DataRequired("请填写中心编号"), Length(max=32, message="中心编号不能超过 32 位")])
    name = StringField("中心名称", validators=[DataRequired("请填写中心名称"), Length(max=200, message="中心名称不能超过 200 字")])
    level = SelectField("园区级别", choices=LEVEL_CHOICES, validators=[AnyOf(list(LEVEL_LABELS), message="请选择园区级别")])
    park = StringField("所在开发区（园区）", validators=[Length(max=200, message="不能超过 200 字")])
    company = StringField("承办企业", validators=[Length(max=200, message="不能超过 200 字")])
    contract_start = YearField("合同起始年度")
    contract_end = YearField("合同截止年度")
    unit_id = SelectField("所属单位", choices=[], validate_choice=False)
    note = TextAreaField("备注", validators=[Length(max=2000, message="备注不能超过 2000 字")])

    def set_units(self, units, allow_none: bool) -> None:
        """Offer UNITS (and "no unit" when ALLOW_NONE)."""
        choices = [SelectChoice(NO_UNIT, "不指定（全体填报人员均可维护）")] if allow_none else []
        self.unit_id.choices = choices + [SelectChoice(str(u.id), u.label) for u in units]

    def chosen_unit(self) -> int | None:
        value = (self.unit_id.data or "").strip()
        return int(value) if value.isdigit() else None

    def to_draft(self) -> CentreDraft:
        return CentreDraft(
            code=self.code.data or "", name=self.name.data or "", level=self.level.data, park=self.park.data or "",
            company=self.company.data or "", contract_start=self.contract_start.data, contract_end=self.contract_end.data,
            unit_id=self.chosen_unit(), note=self.note.data or "",
        )


class TrainingRowForm(Form):
    day = StringField("培训日期", render_kw={"placeholder": "2024-04-10"})
    companies = CountField("参会企业数", blank=None)
    title = StringField("培训名称", validators=[Length(max=200, message="培训名称不能超过 200 字")])

    def is_blank(self) -> bool:
        return not ((self.day.data or "").strip() or self.companies.raw_data and self.companies.raw_data[0].strip() or (self.title.data or "").strip())


class EvidenceForm(FlaskForm):
    # The version of the year's evidence and the newest audit event the page showed (app.services.conflicts).
    version = HiddenField()
    seen = HiddenField()
    fixed_office = BooleanField("有相对固定的办公场地")
    staff = CountField("工作人员数（派驻人员）")
    staff_experienced = CountField("其中从事国际贸易 3 年以上")
    customs_declarants = CountField("其中专业报关员")
    linguists = CountField("其中外语人才")
    floor_area = AreaField("服务场地面积（平方米）")
    meetings = CountField("参加会议、活动次数")
    complaints = CountField("经核实的有效投诉（条）")
    harmful_acts = CountField("经核实的有损行为（条）")
    praises = CountField("表扬、典型发言、正面宣传（次）")
    trainings = FieldList(FormField(TrainingRowForm))
    registered = TextAreaField(CATEGORY_LABELS["registered"] + "（统一社会信用代码，每行一个）")
    first_trade = TextAreaField(CATEGORY_LABELS["first_trade"] + "（海关注册编码，每行一个）")
    growth10 = TextAreaField(CATEGORY_LABELS["growth10"] + "（海关注册编码，每行一个）")
    doubled = TextAreaField(CATEGORY_LABELS["doubled"] + "（海关注册编码，每行一个）")
    note = TextAreaField("备注", validators=[Length(max=4000, message="备注不能超过 4000 字")])

    def to_draft(self) -> EvidenceDraft:
        """The evidence as the service stores it; DomainError names the training rows that are wrong."""
        trainings, problems, self._rows = [], [], []
        for index, entry in enumerate(self.trainings.entries):
            row = entry.form
            if row.is_blank():
                continue
            day = None
            if (row.day.data or "").strip():
                try:
                    day = parse_date(row.day.data)
                except ValueError as err:
                    problems.append((f"trainings-{index}-day", str(err)))
            if row.companies.data is None:
                problems.append((f"trainings-{index}-companies", "请填写参会企业数"))
            self._rows.append(index)
            trainings.append(TrainingDraft(day, row.companies.data or 0, row.title.data or ""))
        if problems:
            raise DomainError([Problem(f, m) for f, m in problems])
        return EvidenceDraft(
            fixed_office=bool(self.fixed_office.data),
            staff=self.staff.data, staff_experienced=self.staff_experienced.data,
            customs_declarants=self.customs_declarants.data, linguists=self.linguists.data,
            floor_area=self.floor_area.data, meetings=self.meetings.data, complaints=self.complaints.data,
            harmful_acts=self.harmful_acts.data, praises=self.praises.data, trainings=tuple(trainings),
            claims={key: split_codes(getattr(self, key).data) for key in CATEGORY_LABELS},
            note=self.note.data or "",
        )

    def attach(self, error: DomainError) -> list[str]:
        """Put the service's problems beside their fields (its training numbers are of the rows kept)."""
        rows = getattr(self, "_rows", [])
        moved = []
        for problem in error.problems:
            match = re.fullmatch(r"trainings-(\d+)-(\w+)", problem.field)
            if match and int(match[1]) < len(rows):
                moved.append(Problem(f"trainings-{rows[int(match[1])]}-{match[2]}", problem.message))
            else:
                moved.append(problem)
        return attach(self, DomainError(moved))


def evidence_data(evidence, claims: dict[str, list[str]]) -> dict:
    """The form's data for stored evidence (None: a blank year), with blank training rows to fill."""
    trainings = []
    if evidence is not None:
        trainings = [
            {"day": t.day.isoformat() if t.day else "", "companies": t.companies, "title": t.title}
            for t in sorted(evidence.trainings, key=lambda t: t.position)
        ]
    trainings += [{"day": "", "companies": None, "title": ""}] * TRAINING_ROWS
    data = {"trainings": trainings}
    data.update({key: "\n".join(codes) for key, codes in claims.items()})
    if evidence is not None:
        for key in ("fixed_office", "staff", "staff_experienced", "customs_declarants", "linguists", "floor_area",
                    "meetings", "complaints", "harmful_acts", "praises", "note"):
            data[key] = getattr(evidence, key)
    return data


class RecordsImportForm(FlaskForm):
    file = FileField(
        "服务记录（.csv 或 .xlsx）",
        validators=[FileRequired("请选择要导入的文件"), FileAllowed(["csv", "xlsx"], "只能导入 .csv 或 .xlsx 文件")],
    )
    mode = RadioField("导入方式", choices=MODE_CHOICES, default=REPLACE, validators=[AnyOf([REPLACE, APPEND], message="请选择导入方式")])


class ConfirmRecordsForm(FlaskForm):
    """Carries the kept file's token and the chosen mode from the preview to the saving POST."""

    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}\.(?:csv|xlsx)$")])
    mode = HiddenField(validators=[AnyOf([REPLACE, APPEND])])
    filename = HiddenField(validators=[Optional(), Length(max=255)])


class AssignmentForm(FlaskForm):
    category = HiddenField(validators=[AnyOf(list(CATEGORY_LABELS), message="未知的企业类别")])
    code = HiddenField(validators=[DataRequired("请填写企业编码"), Length(max=64)])
    centre = SelectField("归口至", choices=[], validate_choice=False)


class ConfirmForm(FlaskForm):
    """A bare POST with its CSRF token (delete, clear)."""
