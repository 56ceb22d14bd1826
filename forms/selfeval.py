"""The year-end entry of a project (年终自评): budget execution and one row per indicator."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from app.domain.actuals import Grade
from app.domain.errors import DomainError, Problem
from app.domain.targets import parse_number
from app.domain.yearend import RowEntry, YearEndEntry
from forms import attach
from forms.fields import MoneyField

GRADE_CHOICES = [SelectChoice("", "请选择")] + [SelectChoice(grade.value) for grade in Grade]
_GRADES = {grade.value: grade for grade in Grade}


class NumberField(StringField):
    """A number such as "12.5", "12.5分" or "75%"; keeps what was typed when it is not one."""

    def __init__(self, label=None, validators=None, suffixes=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.suffixes = suffixes

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        for suffix in self.suffixes:
            text = text.removesuffix(suffix).strip()
        self.data = parse_number(text) if text else None
        if text and self.data is None:
            raise ValueError(f"{self.label.text}应为数字，填写的是“{valuelist[0].strip()}”")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format(self.data.normalize(), "f") if self.data is not None else ""


DIRECTION_CHOICES = [SelectChoice("", "按指标值"), SelectChoice("正向"), SelectChoice("反向")]


def known_direction(form, field) -> None:
    if field.data and field.data not in ("正向", "反向"):
        raise ValidationError("指标方向应为正向或反向")


def known_grade(form, field) -> None:
    if field.data and field.data not in _GRADES:
        raise ValidationError("请从列表中选择评价等级")


def at_most_1000(form, field) -> None:
    """A 分值 of a thousand or more is a typing error (a table totals 100; the column holds under 10^6)."""
    if field.data is not None and field.data >= 1000:
        raise ValidationError(f"{field.label.text}过大（应小于 1000），填写的是“{format(field.data.normalize(), 'f')}”")


def not_negative(form, field) -> None:
    if field.data is not None and field.data < 0:
        raise ValidationError(f"{field.label.text}不能为负数")


def positive(form, field) -> None:
    if field.data is not None and field.data <= 0:
        raise ValidationError(f"{field.label.text}须大于 0")


def at_most_100(form, field) -> None:
    if field.data is not None and field.data > 100:
        raise ValidationError(f"{field.label.text}不能超过 100%")


class IndicatorEvaluationForm(Form):
    indicator_id = HiddenField()
    actual = StringField("实际完成值", validators=[Length(max=500, message="实际完成值不能超过 500 字")])
    grade = SelectField(
        "评价等级",
        choices=GRADE_CHOICES,
        validate_choice=False,
        validators=[known_grade],
    )
    grade_percent = NumberField("得分比例", suffixes=("%", "％"), validators=[not_negative, at_most_100])
    weight = NumberField("分值", suffixes=("分",), validators=[not_negative, at_most_1000])
    not_applicable = BooleanField("不适用")
    # The officer says which way the value counts; never guessed from the indicator's name.
    direction = SelectField("指标方向", choices=DIRECTION_CHOICES, validate_choice=False, validators=[known_direction])
    deviation_reason = TextAreaField(
        "偏差原因分析及改进措施", validators=[Length(max=4000, message="偏差原因不能超过 4000 字")]
    )


class PartScoreForm(Form):
    """The evaluator's score of one part of a four-part scheme (项目决策, 项目过程)."""

    name = HiddenField()
    score = NumberField("得分", suffixes=("分",), validators=[not_negative, at_most_1000])


class SelfEvalForm(FlaskForm):
    supervising_department = StringField("主管部门", validators=[Length(max=200, message="主管部门不能超过 200 字")])
    budget_adjusted = MoneyField("全年预算数", validators=[positive])
    spent_fiscal = MoneyField("本年财政拨款", validators=[not_negative])
    spent_carryover = MoneyField("上年结转资金", validators=[not_negative])
    spent_other = MoneyField("其他资金", validators=[not_negative])
    execution_reason = TextAreaField("执行率偏差原因", validators=[Length(max=4000, message="原因不能超过 4000 字")])
    overall_actual = TextAreaField("实际完成情况", validators=[Length(max=8000, message="实际完成情况不能超过 8000 字")])
    indicators = FieldList(FormField(IndicatorEvaluationForm))
    parts = FieldList(FormField(PartScoreForm))
    # The entry's version and the newest audit event the page showed (app.services.conflicts).
    version = HiddenField()
    seen = HiddenField()

    def to_entry(self) -> YearEndEntry:
        """Describe what was typed as an entry; rows are keyed by their indicator id, not their place."""
        rows = []
        for entry in self.indicators.entries:
            row = entry.form
            try:
                indicator_id = int(row.indicator_id.data)
            except (TypeError, ValueError):
                continue
            rows.append(
                RowEntry(
                    indicator_id=indicator_id,
                    actual=(row.actual.data or "").strip(),
                    grade=_GRADES.get(row.grade.data or ""),
                    grade_percent=row.grade_percent.data,
                    weight=row.weight.data,
                    not_applicable=bool(row.not_applicable.data),
                    deviation_reason=(row.deviation_reason.data or "").strip(),
                    direction=row.direction.data if row.direction.data in ("正向", "反向") else None,
                )
            )
        return YearEndEntry(
            budget_adjusted=self.budget_adjusted.data,
            spent_fiscal=self.spent_fiscal.data,
            spent_carryover=self.spent_carryover.data,
            spent_other=self.spent_other.data,
            execution_reason=(self.execution_reason.data or "").strip(),
            overall_actual=(self.overall_actual.data or "").strip(),
            supervising_department=(self.supervising_department.data or "").strip(),
            rows=tuple(rows),
            part_scores=tuple(
                (entry.form["name"].data, entry.form.score.data) for entry in self.parts.entries if entry.form["name"].data
            ),
        )

    def attach(self, error: DomainError, indicator_ids: list[int]) -> list[str]:
        """Show each problem beside its field; ``indicators-N-…`` is the N-th indicator of the table.

        The rows of the form are matched by indicator id, so a page whose rows came
        back in another order still shows each message on the right row.
        """
        places = {}
        for index, entry in enumerate(self.indicators.entries):
            try:
                places[int(entry.form.indicator_id.data)] = index
            except (TypeError, ValueError):
                continue
        problems = []
        for problem in error.problems:
            head, _, rest = problem.field.partition("-")
            position, _, name = rest.partition("-")
            if head == "indicators" and position.isdigit():
                index = places.get(indicator_ids[int(position)]) if int(position) < len(indicator_ids) else None
                field = f"indicators-{index}-{name}" if index is not None else ""
                problem = Problem(field, problem.message)
            problems.append(problem)
        return attach(self, DomainError(problems))


def form_data(entry: YearEndEntry, indicator_ids: list[int]) -> dict:
    """What the form shows for a stored entry: one row per indicator of the table, in its order."""
    rows = []
    for indicator_id in indicator_ids:
        row = entry.row(indicator_id)
        rows.append(
            {
                "indicator_id": str(indicator_id),
                "actual": row.actual,
                "grade": row.grade.value if row.grade else "",
                "grade_percent": row.grade_percent,
                "weight": row.weight,
                "not_applicable": row.not_applicable,
                "deviation_reason": row.deviation_reason,
                "direction": row.direction or "",
            }
        )
    return {
        "supervising_department": entry.supervising_department,
        "budget_adjusted": entry.budget_adjusted,
        "spent_fiscal": entry.spent_fiscal,
        "spent_carryover": entry.spent_carryover,
        "spent_other": entry.spent_other,
        "execution_reason": entry.execution_reason,
        "overall_actual": entry.overall_actual,
        "indicators": rows,
        "parts": [{"name": name, "score": score} for name, score in entry.part_scores],
    }

