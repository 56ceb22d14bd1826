"""评分方案: an administrator's choice per unit and year, and the 复核 upload."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

CUSTOM = "custom"


class SchemeChoiceForm(FlaskForm):
    unit_id = SelectField("预算单位", coerce=int, validators=[InputRequired(message="请选择预算单位")])
    year = IntegerField("年度", validators=[InputRequired(message="请填写年度"),
                                          NumberRange(1901, 2199, message="年度应为四位数字，如 2024")])
    scheme = SelectField("评分方案", validators=[InputRequired(message="请选择评分方案")])
    rules = TextAreaField("本单位方案（JSON）", validators=[Optional()])

    def offer(self, units, presets) -> None:
        self.unit_id.choices = [SelectChoice(unit.id, unit.label) for unit in units]
        self.scheme.choices = [SelectChoice(s.name, f"{s.name}：{s.title}") for s in presets]
        self.scheme.choices.append(SelectChoice(CUSTOM, "本单位方案（按下方 JSON）"))


class PreviewForm(FlaskForm):
    rules = TextAreaField("本单位方案（JSON）", validators=[InputRequired(message="请填写评分方案")])


class CheckForm(FlaskForm):
    file = FileField("已填写的自评表（.docx、.xlsx、.txt 或 .json）")
    text = TextAreaField("或粘贴自评表文字（从 Word/Excel 复制，单元格以制表符分隔）", validators=[Optional()])
    scheme = SelectField("按评分方案复核", validators=[Optional()])

    def offer(self, presets) -> None:
        self.scheme.choices = [SelectChoice("", "表中所列分值（默认）")] + [
            SelectChoice(s.name, f"{s.name}：{s.title}") for s in presets
        ]
