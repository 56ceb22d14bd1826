"""The form that makes a personal API token."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

MAX_DAYS = 365  # app.services.tokens.MAX_DAYS (forms never import services)


class TokenForm(FlaskForm):
    name = StringField("用途", validators=[DataRequired(message="请填写令牌的用途"), Length(max=100, message="用途不能超过 100 字")],
                       description="如：国库支付数据夜间推送")
    scope = RadioField("权限范围", choices=[SelectChoice("read", "只读"), SelectChoice("write", "读写（可登记、修改、删除）")],
                       default="read", validators=[DataRequired(message="请选择权限范围")])
    days = IntegerField("有效期（天）", default=90,
                        validators=[InputRequired(message="请填写有效期"),
                                    NumberRange(min=1, max=MAX_DAYS, message=f"有效期应为 1 至 {MAX_DAYS} 天")])
