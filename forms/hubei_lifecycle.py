"""Forms of a centre's life (issue 16): an application, a review step, a material, a contract, a payment,
a revocation, the blacklist, a service agreement, a weekly report, an inspection, an operator account."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.centres.rules import hubei_lifecycle as rules
from app.centres.rules.hubei_lifecycle_drafts import AgreementDraft, ApplicationDraft
from forms.fields import MoneyField
from forms.hubei import LEVEL_CHOICES, AreaField, CountField, YearField

KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in rules.Kind]
GROUND_CHOICES = [SelectChoice(g.code, f"{g.text}（{g.clause.removeprefix('001 ')}）") for g in rules.GROUNDS if g.code != "decision"]
NO_UNIT = ""


class ApplicationForm(FlaskForm):
    kind = SelectField("申请类型", choices=KIND_CHOICES, default=rules.Kind.ESTABLISH.value)
    unit_id = SelectField("申请单位（县区商务主管部门）", choices=[], default=NO_UNIT)
    centre_id = SelectField("已认定的中心（调整/撤销）", choices=[], default=NO_UNIT)
    centre_code = StringField("中心编号", validators=[Length(max=32)])
    centre_name = StringField("中心名称", validators=[Length(max=200)])
    park = StringField("所在开发区（园区）", validators=[Length(max=200)])
    level = SelectField("园区级别", choices=LEVEL_CHOICES, default="provincial")
    operator_name = StringField("承办企业", validators=[DataRequired("请填写承办企业名称"), Length(max=200)])
    credit_code = StringField("统一社会信用代码", validators=[DataRequired("请填写统一社会信用代码"), Length(max=32)])
    legal_person = BooleanField("依法注册、备案，具有独立法人资格，企业财务管理制度健全，资信情况良好")
    trade_qualified = BooleanField("已获得外贸经营者资质，具备运营能力，有固定的经营场所和专业外贸团队")
    clean_record = BooleanField("3年内无违法违规经营等不良记录")
    not_discredited = BooleanField("未被列入“失信联合惩戒名单”“失信企业”“严重失信主体名单”")
    floor_area = AreaField("服务场地面积（平方米）")
    staff = CountField("派驻人员数")
    staff_experienced = CountField("其中从事国际贸易 3 年以上")
    customs_declarants = CountField("其中专业报关员")
    linguists = CountField("其中外语人才")
    reason = TextAreaField("申请理由（调整/撤销）", validators=[Length(max=2000)])

    def set_choices(self, units, centres) -> None:
        self.unit_id.choices = [SelectChoice(str(u.id), f"{u.code} {u.name}") for u in units]
        self.centre_id.choices = [SelectChoice(NO_UNIT, "（设立新中心时不选）")] + [
            SelectChoice(str(c.id), f"{c.code} {c.name}") for c in centres
        ]

    def fill_from(self, application) -> None:
        for name in ("kind", "centre_code", "centre_name", "park", "level", "operator_name", "credit_code",
                     "legal_person", "trade_qualified", "clean_record", "not_discredited", "floor_area", "staff",
                     "staff_experienced", "customs_declarants", "linguists", "reason"):
            getattr(self, name).data = getattr(application, name)
        self.unit_id.data = str(application.unit_id) if application.unit_id else NO_UNIT
        self.centre_id.data = str(application.centre_id) if application.centre_id else NO_UNIT

    def to_draft(self) -> ApplicationDraft:
        return ApplicationDraft(
            kind=self.kind.data, unit_id=int(self.unit_id.data) if self.unit_id.data else None,
            centre_id=int(self.centre_id.data) if self.centre_id.data else None,
            centre_code=(self.centre_code.data or "").strip(), centre_name=(self.centre_name.data or "").strip(),
            park=(self.park.data or "").strip(), level=self.level.data, operator_name=self.operator_name.data.strip(),
            credit_code=self.credit_code.data, legal_person=self.legal_person.data,
            trade_qualified=self.trade_qualified.data, clean_record=self.clean_record.data,
            not_discredited=self.not_discredited.data, floor_area=self.floor_area.data, staff=self.staff.data,
            staff_experienced=self.staff_experienced.data, customs_declarants=self.customs_declarants.data,
            linguists=self.linguists.data, reason=self.reason.data or "",
        )


class StepForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    reason = TextAreaField("理由", validators=[Length(max=2000)])
    decision_no = StringField("决定书文号", validators=[Length(max=64)])


class MaterialForm(FlaskForm):
    key = HiddenField(validators=[DataRequired()])
    file = FileField("材料文件")
    missing = BooleanField("标记为缺少")
    note = StringField("说明", validators=[Length(max=500)])


class ContractForm(FlaskForm):
    year = YearField("合同年度", validators=[DataRequired("请填写合同年度")])
    procurement_start = YearField("采购周期起始年度（新一轮采购时填写）")
    signed_on = DateField("三方合作协议签订日期", validators=[DataRequired("请填写签订日期")])
    note = StringField("备注", validators=[Length(max=500)])


class FilingForm(FlaskForm):
    contract_id = HiddenField(validators=[DataRequired()])
    filed_on = DateField("报备日期", validators=[DataRequired("请填写报备日期")])


class PaymentForm(FlaskForm):
    year = YearField("年度", validators=[DataRequired("请填写年度")])
    amount = MoneyField("拨付金额（万元）", validators=[DataRequired("请填写拨付金额")])
    paid_on = DateField("拨付日期", validators=[DataRequired("请填写拨付日期")])
    note = StringField("备注", validators=[Length(max=500)])


class RevocationForm(FlaskForm):
    ground = SelectField("取消理由", choices=GROUND_CHOICES)
    details = TextAreaField("查实情况", validators=[DataRequired("请写明查实的情况"), Length(max=4000)])
    recovered = MoneyField("追回金额（万元）", blank_is_zero=True)
    credit_code = StringField("承办企业统一社会信用代码（列入黑名单时必填）", validators=[Length(max=32)])
    decided_on = DateField("决定日期", validators=[DataRequired("请填写决定日期")])


class BlacklistForm(FlaskForm):
    credit_code = StringField("统一社会信用代码", validators=[DataRequired("请填写统一社会信用代码"), Length(max=32)])
    name = StringField("企业名称", validators=[DataRequired("请填写企业名称"), Length(max=200)])
    reason = TextAreaField("查实情况", validators=[DataRequired("请写明查实的情况"), Length(max=4000)])


class AgreementForm(FlaskForm):
    company = StringField("甲方企业名称", validators=[DataRequired("请填写企业名称"), Length(max=200)])
    code = StringField("统一社会信用代码或海关注册编码", validators=[DataRequired("请填写企业编码"), Length(max=64)])
    start = DateField("协议起始日期", validators=[DataRequired("请填写起始日期")])
    end = DateField("协议截止日期", validators=[DataRequired("请填写截止日期")])
    items = TextAreaField("约定的服务事项（每行一项）", validators=[Length(max=2000)])

    def to_draft(self) -> AgreementDraft:
        return AgreementDraft(self.company.data, self.code.data, self.start.data, self.end.data, self.items.data or "")


class SignForm(FlaskForm):
    signed_on = DateField("签订日期", validators=[DataRequired("请填写签订日期")])


class WeeklyForm(FlaskForm):
    week = DateField("所报周（该周任一日）", validators=[DataRequired("请选择所报的周")])
    trainings = CountField("培训场次")
    companies = CountField("服务企业数")
    items = TextAreaField("分项服务条数（每行“服务项目:条数”，如 咨询:3）", validators=[Length(max=2000)])
    note = TextAreaField("工作情况", validators=[Length(max=4000)])


class InspectionForm(FlaskForm):
    year = YearField("年度", validators=[DataRequired("请填写年度")])
    quarter = SelectField("季度", choices=[SelectChoice(str(q), f"第{q}季度") for q in range(1, 5)])
    inspected_on = DateField("督查日期", validators=[DataRequired("请填写督查日期")])
    findings = TextAreaField("督查情况", validators=[DataRequired("请填写督查情况"), Length(max=4000)])


class OperatorForm(FlaskForm):
    user_name = StringField("承办人员账号", validators=[DataRequired("请填写账号"), Length(max=100)])


class ConfirmForm(FlaskForm):
    """A bare POST with CSRF (unlink an operator)."""

    target = HiddenField(validators=[Optional()])
