"""接口令牌: each user makes and revokes their own API tokens; administrators see and revoke everyone's."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import tokens
from app.views.guards import allow, can
from forms import attach
from forms.accounts import ConfirmForm
from forms.tokens import TokenForm

bp = Blueprint("tokens", __name__, url_prefix="/tokens")


def _page(form: TokenForm, status: int = 200):
    return render_template("tokens/index.html", form=form, tokens=tokens.tokens_of(current_user), state=tokens.state,
                           labels=tokens.SCOPE_LABELS, confirm=ConfirmForm(formdata=None)), status


@bp.get("/")
@allow(Permission.SIGNED_IN)
def index():
    return _page(TokenForm(formdata=None))


@bp.post("/")
@allow(Permission.SIGNED_IN)
def create():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            issued = tokens.create(current_user._get_current_object(), form.name.data, form.scope.data, form.days.data)
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            # Shown on this page only: never flashed, never kept in the session.
            return render_template("tokens/issued.html", issued=issued, labels=tokens.SCOPE_LABELS)
    return _page(form, 422)


@bp.post("/<int:token_id>/revoke")
@allow(Permission.SIGNED_IN)
def revoke(token_id: int):
    """Revoke one's own token; an administrator (user.manage) revokes anyone's.

    Another user's token answers exactly as an unknown id does (404), so ids can't be probed.
    """
    token = tokens.get(token_id)
    admin = can(Permission.USER_MANAGE.value)
    if token is None or (token.user_id != current_user.id and not admin):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    tokens.revoke(token)
    flash(f"已撤销令牌 jx_{token.id}（{token.name}）")
    return redirect(url_for(".everyone" if admin and token.user_id != current_user.id else ".index"))


@bp.get("/all")
@allow(Permission.USER_MANAGE)
def everyone():
    return render_template("tokens/all.html", tokens=tokens.all_tokens(), state=tokens.state, labels=tokens.SCOPE_LABELS,
                           confirm=ConfirmForm(formdata=None))
