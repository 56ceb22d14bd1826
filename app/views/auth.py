"""Sign in, sign out, change one's password, see and end one's sessions."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import accounts, sessions, tokens
from app.views.guards import allow, end_session, public, safe_next, start_session
from forms import attach
from forms.accounts import LoginForm, PasswordForm

bp = Blueprint("auth", __name__)


def _address_key() -> str:
    return f"login:{request.remote_addr or '-'}"


def _throttled() -> bool:
    """Too many failed sign-ins from this address in the window (JIXIAO_LOGIN_RATE_*)."""
    config = current_app.config
    window = int(config["JIXIAO_LOGIN_RATE_MINUTES"]) * 60
    return sessions.hits(_address_key(), window) >= int(config["JIXIAO_LOGIN_RATE_ATTEMPTS"])


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.is_submitted() and _throttled():
        minutes = current_app.config["JIXIAO_LOGIN_RATE_MINUTES"]
        flash(f"本机登录失败次数过多，请 {minutes} 分钟后再试", "error")
        return render_template("auth/login.html", form=form), 429
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.name.data, form.password.data)
        except accounts.LoginError as err:
            sessions.hit(_address_key(), int(current_app.config["JIXIAO_LOGIN_RATE_MINUTES"]) * 60)
            flash(str(err), "error")
        else:
            target = safe_next(request.args.get("next"))
            start_session(user)
            if user.must_change_password:
                return redirect(url_for(".password"))
            return redirect(target or url_for("main.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@allow(Permission.SIGNED_IN)
def logout():
    accounts.record_logout(current_user._get_current_object())  # the CSRF token was checked before the view
    end_session()
    flash("已退出")
    return redirect(url_for(".login"))


@bp.route("/password", methods=["GET", "POST"])
@allow(Permission.SIGNED_IN)
def password():
    form = PasswordForm()
    if form.is_submitted() and _password_guesses_exhausted():
        minutes = current_app.config["JIXIAO_LOCK_MINUTES"]
        flash(f"当前密码输错次数过多，请 {minutes} 分钟后再试", "error")
        return render_template("auth/password.html", form=form), 429
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user._get_current_object(), form.current.data, form.password.data)
        except DomainError as err:
            if any(problem.field == "current" for problem in err.problems):
                sessions.hit(_password_key(), int(current_app.config["JIXIAO_LOCK_MINUTES"]) * 60)
            for message in attach(form, err):
                flash(message, "error")
        else:
            # The password change ended every session, this one included: start a new one.
            start_session(accounts.get_user(current_user.id))
            flash("密码已修改")
            # API tokens stay (accounts.change_password says why): say so, and where to revoke them.
            live = sum(tokens.state(token) == "有效" for token in tokens.tokens_of(current_user))
            if live:
                flash(f"您的 {live} 个 API 令牌仍然有效；如需停用，请在“接口令牌”页撤销")
            return redirect(url_for("main.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status


def _password_key() -> str:
    return f"password:{current_user.id}"


def _password_guesses_exhausted() -> bool:
    """A signed-in browser (one left open, a stolen cookie) may not guess the current password without end:
    JIXIAO_LOCK_ATTEMPTS wrong ones in JIXIAO_LOCK_MINUTES stop the page, as they lock a sign-in."""
    config = current_app.config
    return sessions.hits(_password_key(), int(config["JIXIAO_LOCK_MINUTES"]) * 60) >= int(config["JIXIAO_LOCK_ATTEMPTS"])


@bp.get("/sessions")
@allow(Permission.SIGNED_IN)
def open_sessions():
    found = sessions.open_sessions(current_user.id, session.get("sid"))
    return render_template("auth/sessions.html", sessions=found)


@bp.post("/sessions/<key>/end")
@allow(Permission.SIGNED_IN)
def end_one(key: str):
    if not sessions.end_one(current_user.id, key):
        abort(404)
    flash("已结束该会话")
    return redirect(url_for(".open_sessions"))


@bp.post("/sessions/end-others")
@allow(Permission.SIGNED_IN)
def end_others():
    sessions.end_all(current_user.id, keep_token=session.get("sid"))
    flash("已结束其他所有会话")
    return redirect(url_for(".open_sessions"))
