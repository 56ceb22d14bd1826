"""Sign in, sign out, change one's password."""

import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app.domain.access import Permission
from app.domain.errors import DomainError
from app.services import accounts
from app.views.guards import allow, public, safe_next
from forms import attach
from forms.accounts import LoginForm, PasswordForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.name.data, form.password.data)
        except accounts.LoginError as err:
            flash(str(err), "error")
        else:
            target = safe_next(request.args.get("next"))
            session.clear()  # a fresh session for the signed-in user
            login_user(user)
            session["seen"] = time.time()
            if user.must_change_password:
                return redirect(url_for(".password"))
            return redirect(target or url_for("main.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@allow(Permission.SIGNED_IN)
def logout():
    accounts.record_logout(current_user._get_current_object())  # the CSRF token was checked before the view
    logout_user()
    session.clear()
    flash("已退出")
    return redirect(url_for(".login"))


@bp.route("/password", methods=["GET", "POST"])
@allow(Permission.SIGNED_IN)
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user._get_current_object(), form.current.data, form.password.data)
        except DomainError as err:
            for message in attach(form, err):
                flash(message, "error")
        else:
            # The password change ended every session, this one included: start a new one.
            login_user(accounts.get_user(current_user.id))
            session["seen"] = time.time()
            flash("密码已修改")
            return redirect(url_for("main.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status
