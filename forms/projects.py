"""The whole target table of a project in one form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.domain import taxonomy
from app.domain.dates import FIRST_YEAR, LAST_YEAR
from app.domain.errors import DomainError, Problem
from app.domain.projects import CheckpointDraft, IndicatorDraft, ProjectDraft
from forms import attach
from forms.fields import MoneyField


def level1_choices(form, field) -> list[SelectChoice]:
    choices = [SelectChoice("", "请选择")] + [SelectChoice(name) for name in taxonomy.level1_names()]
    return _keep_current(choices, field.data)


def level2_choices(form, field) -> list[SelectChoice]:
    """Every level-2 name, tagged with its level-1 so the page can filter them."""
    choices = [SelectChoice("", "请选择")]
    for level1 in taxonomy.level1_names():
        choices += [
            SelectChoice(name, render_kw={"data-level1": level1}) for name in taxonomy.level2_names(level1)
        ]
    return _keep_current(choices, field.data)


def _keep_current(choices: list[SelectChoice], value: str | None) -> list[SelectChoice]:
    """Offer a value from an imported table that is not in the taxonomy, so it isn't lost."""
    if value and all(choice.value != value for choice in choices):
        choices.append(SelectChoice(value, f"{value}（非标准）", render_kw={"data-level1": "*"}))
    return choices


class GoalForm(Form):
    text = TextAreaField("绩效目标", validators=[Optional(), Length(max=4000)])


class CheckpointForm(Form):
    month = HiddenField("月份")  # shown as a 1–12 月底 choice: a project may use other months than its unit
    amount = MoneyField("计划支出")


class IndicatorForm(Form):
    # Choices are checked by the domain (level-2 must belong to level-1), so a value
    # loaded from another province's table is kept and shown instead of dropped.
    level1 = SelectField("一级指标", choices=level1_choices, validate_choice=False)
    level2 = SelectField("二级指标", choices=level2_choices, validate_choice=False)
    name = StringField("三级指标", validators=[Length(max=300)])
    description = TextAreaField("绩效指标描述", validators=[Length(max=2000)])
    target_text = StringField("指标值", validators=[Length(max=500)])
    basis = StringField("指标值确定依据", validators=[Length(max=1000)])


class ProjectForm(FlaskForm):
    unit_id = SelectField("预算单位", coerce=int, validators=[InputRequired(message="请选择预算单位")])
    year = IntegerField(
        "年度", validators=[InputRequired(message="请填写年度"), NumberRange(FIRST_YEAR, LAST_YEAR, message="年度无效")]
    )
    code = StringField("项目编码", validators=[Optional(), Length(max=64)])
    name = StringField("项目名称", validators=[DataRequired(message="请填写项目名称"), Length(max=300)])
    budget_total = MoneyField("预算数")
    budget_fiscal = MoneyField("财政资金")
    budget_other = MoneyField("其他资金", blank_is_zero=True)
    purpose = TextAreaField("资金用途", validators=[Length(max=4000)])
    goals = FieldList(FormField(GoalForm), min_entries=1)
    long_term_goals = TextAreaField("中长期目标（每行一项，可不填）", validators=[Length(max=8000)])
    checkpoints = FieldList(FormField(CheckpointForm))
    indicators = FieldList(FormField(IndicatorForm), min_entries=1)
    version = HiddenField()
    # Asked for when the plan's months differ from the unit's setting for the year (issue 12).
    confirm_months = BooleanField("确认按本项目的节点月份保存")
    _indicator_rows: list[int] = []

    def attach(self, error: DomainError) -> list[str]:
        """Show each problem beside its field; return the messages that belong to no field."""
        rows = self._indicator_rows or list(range(len(self.indicators.entries)))
        problems = []
        for problem in error.problems:
            head, _, rest = problem.field.partition("-")
            index, _, name = rest.partition("-")
            if head == "indicators" and index.isdigit() and int(index) < len(rows):
                problem = Problem(f"indicators-{rows[int(index)]}-{name}", problem.message)
            problems.append(problem)
        return attach(self, DomainError(problems))

    def field_path(self, path: str) -> str:
        """The form path of a draft's path: empty rows are not in the draft (call after ``to_draft``)."""
        head, _, rest = path.partition("-")
        index, _, name = rest.partition("-")
        if not index.isdigit():
            return path
        if head == "indicators":
            rows = self._indicator_rows or list(range(len(self.indicators.entries)))
        elif head == "goals":
            rows = [i for i, e in enumerate(self.goals.entries) if (e.form.text.data or "").strip()]
        else:
            return path
        return f"{head}-{rows[int(index)]}-{name}" if int(index) < len(rows) else path

    def to_draft(self) -> ProjectDraft:
        """Describe what was typed as a draft for the domain rules."""
        self._indicator_rows = [i for i, e in enumerate(self.indicators.entries) if _filled(e.form)]
        checkpoints = []
        for entry in self.checkpoints.entries:
            try:
                month = int(entry.form.month.data)
            except (TypeError, ValueError):
                continue
            checkpoints.append(CheckpointDraft(month, entry.form.amount.data))
        if all(c.amount is None for c in checkpoints):
            checkpoints = []  # no spending plan at all (the basic layout)
        return ProjectDraft(
            year=self.year.data,
            code=(self.code.data or "").strip() or None,
            name=self.name.data or "",
            budget_total=self.budget_total.data,
            budget_fiscal=self.budget_fiscal.data,
            budget_other=self.budget_other.data,
            purpose=self.purpose.data or "",
            goals=tuple(
                e.form.text.data.strip() for e in self.goals.entries if (e.form.text.data or "").strip()
            ),
            long_term_goals=tuple(line.strip() for line in (self.long_term_goals.data or "").splitlines() if line.strip()),
            checkpoints=tuple(checkpoints),
            indicators=tuple(
                IndicatorDraft(
                    level1=e.form.level1.data or "",
                    level2=e.form.level2.data or "",
                    name=e.form.name.data or "",
                    description=e.form.description.data or "",
                    target_text=e.form.target_text.data or "",
                    basis=e.form.basis.data or "",
                )
                for e in self.indicators.entries
                if _filled(e.form)
            ),
        )


def _filled(row: IndicatorForm) -> bool:
    """A row the officer left completely empty is not an indicator."""
    return any((getattr(row, name).data or "").strip() for name in ("level1", "level2", "name", "description", "target_text", "basis"))


class UnitForm(FlaskForm):
    code = StringField("单位编码", validators=[DataRequired(message="请填写单位编码"), Length(max=32)])
    name = StringField("单位名称", validators=[DataRequired(message="请填写单位名称"), Length(max=200)])
    # The unit's version and the newest audit event the page showed (app.services.conflicts).
    version = HiddenField()
    seen = HiddenField()


class MonthsForm(FlaskForm):
    year = IntegerField("年度", validators=[InputRequired(message="请填写年度"), NumberRange(FIRST_YEAR, LAST_YEAR)])
    months = StringField("支出计划节点月份", validators=[DataRequired(message="请填写月份")])


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token confirms a delete or a copy."""


class OpinionForm(FlaskForm):
    """A reviewer's 审核意见 on one indicator row (0: the whole table)."""

    row = IntegerField("指标行", validators=[Optional()])
    text = TextAreaField("审核意见", validators=[DataRequired(message="请填写审核意见"), Length(max=2000)])


class AnswerForm(FlaskForm):
    """The officer's answer to one 审核意见."""

    opinion_id = IntegerField("意见", validators=[InputRequired()])
    answer = TextAreaField("答复", validators=[DataRequired(message="请填写答复"), Length(max=2000)])


class RecommendForm(FlaskForm):
    """A reviewer marks one indicator row as a 标杆指标 for a kind of project."""

    row = IntegerField("指标行", validators=[InputRequired(message="请选择指标行")])
    kind = StringField("项目类别", validators=[Optional(), Length(max=100)])
