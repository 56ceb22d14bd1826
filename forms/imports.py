"""The upload form of the import page and the hidden form that confirms its preview."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, IntegerField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, Regexp

from app.domain.dates import FIRST_YEAR, LAST_YEAR

EXISTING = [SelectChoice("skip", "跳过"), SelectChoice("update", "更新")]
UNIT_LINES = "按各表的单位行（须为您的单位）"


class ImportForm(FlaskForm):
    file = FileField(
        "绩效目标表文件（.docx、.xlsx 或 .txt；旧版 .doc、.xls 也可）",
        validators=[FileRequired("请选择要导入的文件"),
                    FileAllowed(["docx", "xlsx", "txt", "doc", "xls"], "只能导入 .docx、.xlsx、.txt 文件或旧版 .doc、.xls 文件")],
    )
    year = IntegerField("年度", validators=[Optional(), NumberRange(FIRST_YEAR, LAST_YEAR, message="年度无效")])
    # Unit codes; "" reads each table's own unit line. The view supplies the units.
    unit = SelectField("预算单位", choices=[SelectChoice("", UNIT_LINES)], validate_choice=False)
    existing = RadioField("已存在的项目", choices=EXISTING, default="skip")

    def set_units(self, units) -> None:
        """Offer the given units (objects with ``code`` and ``label``)."""
        self.unit.choices = [SelectChoice("", UNIT_LINES)] + [SelectChoice(u.code, u.label) for u in units]


class ConfirmImportForm(FlaskForm):
    """Carries the preview's choices and the kept file's token to the confirming POST."""

    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}\.(?:docx|xlsx|txt)$")])
    filename = HiddenField(validators=[Length(max=255)])
    year = IntegerField("年度", validators=[Optional(), NumberRange(FIRST_YEAR, LAST_YEAR, message="年度无效")])
    # Chosen again in the preview: the unit line printed in each table only suggests.
    unit = SelectField("导入到单位", choices=[SelectChoice("", UNIT_LINES)], validate_choice=False,
                       validators=[Optional(), Regexp(r"^[0-9A-Za-z]{1,32}$")])
    existing = HiddenField(validators=[AnyOf(["skip", "update"])])

    def set_units(self, units) -> None:
        """Offer the given units (objects with ``code`` and ``label``)."""
        self.unit.choices = [SelectChoice("", UNIT_LINES)] + [SelectChoice(u.code, u.label) for u in units]
