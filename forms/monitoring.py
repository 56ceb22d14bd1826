"""The 绩效运行监控表 of a project: the funds outlook and one row per indicator."""

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange

from app.domain.monitoring import Likelihood, MonitoringEntry, ReasonKind, RowEntry
from forms.fields import MoneyField

LIKELIHOOD_CHOICES = [SelectChoice("", "请选择")] + [SelectChoice(item.value) for item in Likelihood]
REASON_CHOICES = [SelectChoice("", "—")] + [SelectChoice(item.value) for item in ReasonKind]
LONG = Length(max=2000, message="不能超过 2000 字")


class MonitoringRowForm(Form):
    indicator_id = HiddenField()
    progress = TextAreaField("1–N月完成情况", validators=[LONG])
    expected = TextAreaField("全年预计完成情况", validators=[LONG])
    likelihood = SelectField("完成目标可能性", choices=LIKELIHOOD_CHOICES, validate_choice=False)
    reason_kind = SelectField("偏差原因", choices=REASON_CHOICES, validate_choice=False)
    reason_text = TextAreaField("偏差原因说明", validators=[LONG])
    measures = TextAreaField("纠偏措施", validators=[LONG])


class MonitoringForm(FlaskForm):
    month = IntegerField("报告月份", validators=[InputRequired("请选择报告月份"), NumberRange(1, 12, message="报告月份应为 1 至 12")])
    expected_spend = MoneyField("全年预计执行数（万元）")
    goal_progress = TextAreaField("年度总体目标 1–N月实际完成情况", validators=[Length(max=4000, message="不能超过 4000 字")])
    rows = FieldList(FormField(MonitoringRowForm), min_entries=0)

    def to_entry(self) -> MonitoringEntry:
        rows = []
        for entry in self.rows.entries:
            try:
                indicator_id = int(entry.form.indicator_id.data)
            except (TypeError, ValueError):
                indicator_id = 0
            f = entry.form
            rows.append(
                RowEntry(
                    indicator_id,
                    f.progress.data or "",
                    f.expected.data or "",
                    f.likelihood.data or "",
                    f.reason_kind.data or "",
                    f.reason_text.data or "",
                    f.measures.data or "",
                )
            )
        return MonitoringEntry(self.month.data or 0, self.expected_spend.data, self.goal_progress.data or "", tuple(rows))


def form_data(entry: MonitoringEntry) -> dict:
    """What the form shows for an entry."""
    return {
        "month": entry.month,
        "expected_spend": entry.expected_spend,
        "goal_progress": entry.goal_progress,
        "rows": [
            {
                "indicator_id": str(row.indicator_id),
                "progress": row.progress,
                "expected": row.expected,
                "likelihood": row.likelihood,
                "reason_kind": row.reason_kind,
                "reason_text": row.reason_text,
                "measures": row.measures,
            }
            for row in entry.rows
        ],
    }
