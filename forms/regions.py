"""Zhejiang 订单+清单 regions: a region, its monthly table, the upload of a table and its confirmation.

The cells stay text here: the service reads them (``82%`` or ``0.82``) and names each bad
cell by its form path (``months-2-asked``), which ``forms.attach`` puts beside the field.
"""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

# The monthly table's cells: (field name, label), in the order of the table.
CELLS = (
    ("fill_share", "当月填报企业数占比"),
    ("prev_accuracy", "上月填报准确率"),
    ("completion", "当年填报完成度"),
    ("asked", "提问数"),
    ("answered", "响应数"),
    ("warned", "五色清单预警企业数"),
    ("feedback", "五色清单反馈企业数"),
    ("sluggish", "响应拖沓、答复草率次数"),
)
YEAR = NumberRange(1990, 2200, message="年度无效")


class RegionForm(FlaskForm):
    name = StringField("地区名称", validators=[InputRequired("请填写地区名称"), Length(max=100, message="地区名称不能超过 100 字")])
    province = StringField("省份", default="浙江省", validators=[Length(max=50, message="省份不能超过 50 字")])
    unit = SelectField("预算单位（其填报人员可修改本地区数据）", choices=[], validate_choice=False)

    def set_units(self, units) -> None:
        """Offer the given units (objects with ``id`` and ``label``) and “none”."""
        self.unit.choices = [SelectChoice("", "不指定（所有填报人员均可修改）")] + [SelectChoice(str(u.id), u.label) for u in units]

    def unit_id(self) -> int | None:
        return int(self.unit.data) if (self.unit.data or "").isdigit() else None


class MonthRowForm(Form):
    month = HiddenField()
    fill_share = StringField("当月填报企业数占比")
    prev_accuracy = StringField("上月填报准确率")
    completion = StringField("当年填报完成度")
    asked = StringField("提问数")
    answered = StringField("响应数")
    warned = StringField("五色清单预警企业数")
    feedback = StringField("五色清单反馈企业数")
    sluggish = StringField("响应拖沓、答复草率次数")


class MonthsForm(FlaskForm):
    """The year's table: twelve lines (a blank line is a month not entered) and the case count."""

    year = IntegerField(validators=[InputRequired("缺少年度"), YEAR])
    version = IntegerField(validators=[InputRequired("缺少版本号，请刷新页面后重试")])
    seen = HiddenField()  # the newest audit event the form showed: who changed what since (app.services.conflicts)
    cases = StringField("获评案例数", validators=[Length(max=20)])
    months = FieldList(FormField(MonthRowForm), min_entries=12, max_entries=12)

    def rows(self) -> list[tuple[str, str, dict]]:
        """Each line as (where, form path prefix, cells) for the service to read."""
        rows = []
        for entry in self.months.entries:
            row = entry.form
            month = (row.month.data or "").strip()
            cells = {name: row[name].data for name, _ in CELLS} | {"month": month}
            rows.append((f"{month} 月" if month else "月度数据", f"{entry.name}-", cells))
        return rows


def months_data(year: int, version: int, cases: int, stored: dict, seen: int = 0) -> dict:
    """What the table form shows: STORED maps a month to its cells as text."""
    return {
        "year": year,
        "version": version,
        "seen": str(seen),
        "cases": str(cases),
        "months": [{"month": str(m), **stored.get(m, {})} for m in range(1, 13)],
    }


class ImportForm(FlaskForm):
    file = FileField(
        "月度数据（.csv 或 .xlsx）",
        validators=[FileRequired("请选择要导入的文件"), FileAllowed(["csv", "xlsx"], "只能导入 .csv 或 .xlsx 文件")],
    )
    year = IntegerField("年度", validators=[InputRequired("请填写年度"), YEAR])


class ConfirmImportForm(FlaskForm):
    """Carries the kept file's token back (the upload service keeps the file; it is read again)."""

    year = IntegerField(validators=[InputRequired(), YEAR])
    version = IntegerField(validators=[InputRequired()])
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}\.(?:csv|xlsx)$")])
    filename = HiddenField(validators=[Optional(), Length(max=255), Regexp(r"^[^\r\n]*$")])


class DeleteRegionForm(FlaskForm):
    pass
