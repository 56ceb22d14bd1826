"""Accounts (管理员): create, roles and units, reset password, unlock, end sessions, deactivate."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.domain.access import Permission
from app.domain.errors import ConflictError, DomainError
from app.services import accounts, conflicts
from app.views.guards import allow
from app.views.unit_picker import picker_units, typed_units
from forms import attach
from forms.accounts import ConfirmForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@allow(Permission.USER_READ)
def users():
    return render_template(
        "admin/users.html", users=accounts.list_users(), is_locked=accounts.is_locked, confirm=ConfirmForm()
    )


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Permission.USER_MANAGE)
def create_user():
    form = _form()
    if form.validate_on_submit() and (unit_ids := _unit_ids(form)) is not None:
        try:
            user, password = accounts.create_user(
                form.name.data, form.roles.data, unit_ids=unit_ids, display_name=form.display_name.data
            )
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            return render_template("admin/issued.html", user=user, password=password, created=True)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@allow(Permission.USER_MANAGE)
def edit_user(user_id: int):
    user = accounts.get_user(user_id) or abort(404)
    form = _form(
        user,
        data={
            "name": user.name,
            "display_name": user.display_name,
            "roles": list(user.roles),
            "units": [u.id for u in user.units],
            "active": user.active,
            # Shown with the page; a save carries back what the page showed (missing: outdated).
            **({"version": str(user.version), "seen": str(conflicts.mark(user))} if request.method == "GET" else {}),
        }
    )
    if form.validate_on_submit() and (unit_ids := _unit_ids(form)) is not None:
        try:
            accounts.update_user(
                user,
                roles=form.roles.data,
                unit_ids=unit_ids,
                active=form.active.data,
                display_name=form.display_name.data,
                by=current_user._get_current_object(),
                version=form.version.data or "",
                seen=form.seen.data,
            )
        except DomainError as err:
            if isinstance(err, ConflictError):  # the page now shows the latest version: a second save is deliberate
                form.version.data, form.seen.data = str(user.version), str(conflicts.mark(user))
                messages = [problem.message for problem in err.problems]
            else:
                messages = attach(form, err)
            for message in messages:
                flash(message, "error")
        else:
            flash(f"已保存用户 {user.name}")
            return redirect(url_for(".users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user_form.html", form=form, user=user, confirm=ConfirmForm()), status


@bp.post("/users/<int:user_id>/reset")
@allow(Permission.USER_MANAGE)
def reset_password(user_id: int):
    user = accounts.get_user(user_id) or abort(404)
    reset = accounts.reset_password(user)
    return render_template("admin/issued.html", user=user, password=reset.password, created=False,
                           revoked=revoked_text(reset.tokens_revoked))


@bp.post("/users/<int:user_id>/unlock")
@allow(Permission.USER_MANAGE)
def unlock(user_id: int):
    user = accounts.get_user(user_id) or abort(404)
    accounts.unlock(user)
    flash(f"已解锁用户 {user.name}")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/sessions/end")
@allow(Permission.USER_MANAGE)
def end_sessions(user_id: int):
    user = accounts.get_user(user_id) or abort(404)
    revoked = accounts.end_sessions(user)
    flash(f"已结束用户 {user.name} 的全部登录会话{revoked_text(revoked)}")
    return redirect(url_for(".users"))


def revoked_text(count: int) -> str:
    """How a reset or 结束全部会话 tells what became of the account's API tokens."""
    return f"并吊销其 {count} 个 API 令牌" if count else "（该用户没有有效的 API 令牌）"


def _form(user=None, **kwargs) -> UserForm:
    """The account form: every unit as a checkbox when they are few, else the account's own and a search box."""
    form = UserForm(**kwargs)
    listed = picker_units(Permission.UNIT_READ)
    form.many_units = listed is None
    if listed is None:
        listed = sorted(user.units, key=lambda unit: unit.code) if user is not None else []
    form.units.choices = [SelectChoice(unit.id, unit.label) for unit in listed]
    return form


def _unit_ids(form: UserForm) -> list[int] | None:
    """The checked units and those typed in 添加单位; None (the field in error) when a typed one is unknown."""
    added, unknown = typed_units(form.add_units.data or "")
    if unknown:
        form.add_units.errors = [f"没有编码或名称为“{'、'.join(unknown)}”的预算单位"]
        flash(form.add_units.errors[0], "error")
        return None
    return list(dict.fromkeys([*(form.units.data or []), *(unit.id for unit in added)]))
