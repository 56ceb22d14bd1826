"""Sign-in, password and account forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from app.domain.access import ROLE_LABELS, Role
from app.domain.passwords import MAX_LENGTH, MIN_LENGTH


def _at_most(label: str) -> Length:
    """No password longer than the policy's new ones (hashing a megabyte is work an attacker picks)."""
    return Length(max=MAX_LENGTH, message=f"{label}不能超过 {MAX_LENGTH} 位")


class LoginForm(FlaskForm):
    name = StringField("用户名", validators=[DataRequired(message="请填写用户名"), Length(max=64)])
    # No length check here: accounts.authenticate refuses an overlong password as a failed sign-in
    # (recorded and counted, never hashed), which a form error would skip.
    password = PasswordField("密码", validators=[DataRequired(message="请填写密码")])


class PasswordForm(FlaskForm):
    # The current password's length is checked by accounts.change_password, so that an overlong one
    # counts as a wrong guess (views/auth.py) without being hashed.
    current = PasswordField("当前密码", validators=[DataRequired(message="请填写当前密码")])
    password = PasswordField(
        "新密码", validators=[DataRequired(message="请填写新密码"), _at_most("新密码")],
        description=f"{MIN_LENGTH} 至 {MAX_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少三类",
    )
    confirm = PasswordField(
        "再次输入新密码", validators=[
            DataRequired(message="请再次输入新密码"), _at_most("再次输入的新密码"),
            EqualTo("password", message="两次输入的新密码不一致"),
        ]
    )


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, ROLE_LABELS[role]) for role in Role]


class UserForm(FlaskForm):
    """An account's roles and units; the view fills the unit choices."""

    name = StringField("用户名", validators=[DataRequired(message="请填写用户名"), Length(max=64)])
    display_name = StringField("姓名", validators=[Length(max=100)])
    roles = CheckboxesField("角色", choices=role_choices(), validate_choice=True)
    units = CheckboxesField("所属单位", coerce=int, validate_choice=True)
    # Past a few units the page lists only the account's own (to keep or uncheck) and adds others by code.
    add_units = StringField("添加单位", validators=[Length(max=2000)])
    active = BooleanField("启用", default=True)
    # The account's version and the newest audit event the page showed (app.services.conflicts).
    version = HiddenField()
    seen = HiddenField()


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token confirms the action."""


class CommentForm(FlaskForm):
    comment = TextAreaField("理由", validators=[Length(max=2000)])
