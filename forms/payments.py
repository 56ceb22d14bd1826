"""Payments of a project: one payment, deleting one, a budget adjustment, and the upload of a list."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from app.domain.dates import FIRST_YEAR, LAST_YEAR
from app.domain.payments import PaymentDraft, Source, read_payment

SOURCE_CHOICES = [SelectChoice(source.value) for source in Source]


class PaymentForm(FlaskForm):
    day = StringField("日期", validators=[InputRequired("请填写日期")], render_kw={"placeholder": "2024-03-15"})
    amount = StringField("金额（万元）", validators=[InputRequired("请填写金额")])
    voucher = StringField("凭证号", validators=[Length(max=64, message="凭证号不能超过 64 字")])
    source = SelectField("资金来源", choices=SOURCE_CHOICES, default=Source.FISCAL.value)
    note = StringField("摘要", validators=[Length(max=500, message="摘要不能超过 500 字")])

    def to_draft(self, year: int) -> PaymentDraft:
        """The payment as the domain reads it; DomainError names the fields (day, amount, …)."""
        return read_payment(year, self.day.data, self.amount.data, self.voucher.data, self.source.data, self.note.data)


class DeletePaymentForm(FlaskForm):
    payment_id = HiddenField(validators=[DataRequired()])


class BudgetAdjustmentForm(FlaskForm):
    amount = StringField("调整后预算数（万元）", validators=[InputRequired("请填写调整后预算数")])
    day = StringField("调整日期", validators=[InputRequired("请填写调整日期")], render_kw={"placeholder": "2024-06-30"})
    reason = TextAreaField("调整原因", validators=[InputRequired("请填写调整原因"), Length(max=2000)])


class PaymentImportForm(FlaskForm):
    file = FileField(
        "支出明细（.csv 或 .xlsx）",
        validators=[FileRequired("请选择要导入的文件"), FileAllowed(["csv", "xlsx"], "只能导入 .csv 或 .xlsx 文件")],
    )
    year = IntegerField("年度", validators=[InputRequired("请填写年度"), NumberRange(FIRST_YEAR, LAST_YEAR, message="年度无效")])
    unit = SelectField("预算单位", choices=[], validate_choice=False, validators=[DataRequired("请选择预算单位")])

    def set_units(self, units) -> None:
        """Offer the given units (objects with ``code`` and ``label``)."""
        self.unit.choices = [SelectChoice("", "请选择")] + [SelectChoice(u.code, u.label) for u in units]


class ConfirmPaymentsForm(FlaskForm):
    """Carries the preview's unit, year and the kept file's token to the confirming POST."""

    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}\.(?:csv|xlsx)$")])
    unit = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9A-Za-z]{1,32}$")])
    year = IntegerField(validators=[InputRequired(), NumberRange(FIRST_YEAR, LAST_YEAR)])
    filename = HiddenField(validators=[Length(max=255)])
