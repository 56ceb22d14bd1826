"""Every request passes here: sign-in, idle timeout, forced password change, then the access policy.

Deny by default: a page is reachable only if its view says who may use it, with
``@allow(permission)`` (the rules are in ``app.domain.access``) or ``@public``. A
``project_id`` or ``unit_id`` in the URL is checked against the user's units:
an unknown id is a 404 for everyone, another unit's object a 403.
"""

from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app.domain.access import Permission, allows, allows_unassigned, visible_units
from app.extensions import login
from app.services import accounts, audit, sessions
from app.services import projects as project_service
from app.services import units as unit_service

PUBLIC = "public"
# The JSON API (app/api) authenticates its callers itself, by bearer token; cookies count for nothing there.
TOKEN = "token"
# Pages a user who must change their password can still reach.
BEFORE_PASSWORD_CHANGE = frozenset({"auth.password", "auth.logout"})


def public(view):
    """Let anyone in (the sign-in page)."""
    view.access = PUBLIC
    return view


def allow(permission: Permission, *, post: Permission | None = None, unit_arg: str | None = None, export: bool = False):
    """Let holders of ``permission`` in (``post`` for POST requests), for the unit of the object in the URL.

    ``unit_arg`` names a query parameter holding a unit id to check the same way;
    ``export`` records a successful download in the audit trail.
    """

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            needed = post if post is not None and request.method == "POST" else permission
            redirect_to = check(needed, kwargs.get("project_id"), kwargs.get("unit_id"), unit_arg)
            if redirect_to is not None:
                return redirect_to
            response = view(*args, **kwargs)
            if export:
                _record_export(response, kwargs.get("project_id"))
            return response

        guarded.access = (permission, post or permission)
        return guarded

    return decorate


def current_principal():
    return accounts.principal(current_user) if current_user.is_authenticated else None


def can(permission: str, unit_id: int | None = None) -> bool:
    """For templates: whether the signed-in user may do ``permission`` (in ``unit_id``)."""
    return allows(current_principal(), Permission(permission), unit_id)


def can_change(permission: str, unit_id: int | None) -> bool:
    """For templates: whether to offer a link that changes an object of ``unit_id`` (``may_change``):
    one of no unit is the department's, so ``can`` (some unit will do) would show a link that answers 403."""
    if unit_id is not None:
        return can(permission, unit_id)
    if "_all_unit_ids" not in g:  # a list of centres asks once per page, not once per row
        g._all_unit_ids = [unit.id for unit in unit_service.list_units()]
    return allows_unassigned(current_principal(), Permission(permission), g._all_unit_ids)


def may_change(permission: Permission, unit_id: int | None) -> bool:
    """Whether the signed-in user may change an object of ``unit_id``; one of no unit is the department's."""
    principal = current_principal()
    if unit_id is not None:
        return allows(principal, permission, unit_id)
    return allows_unassigned(principal, permission, [unit.id for unit in unit_service.list_units()])


def units_for(permission: Permission):
    """The units the signed-in user may act on with ``permission`` (for choices and checks)."""
    scope = visible_units(current_principal(), permission)
    return [unit for unit in unit_service.list_units() if scope is None or unit.id in scope]


def require_unit_code(permission: Permission, code: str | None) -> None:
    """403 unless ``code`` is a unit the user may act on; a user limited to some units must name one."""
    scope = visible_units(current_principal(), permission)
    if scope is None:
        return
    allowed = {unit.code for unit in units_for(permission)}
    if len(allowed) == len(unit_service.list_units()):
        return
    if not code or code not in allowed:
        abort(403)


def check(permission: Permission, project_id=None, unit_id=None, unit_arg=None):
    principal = current_principal()
    if project_id is not None:
        owner = project_service.unit_of(project_id)
        if owner is None:
            abort(404)
        if not allows(principal, permission, owner):
            abort(403)
        return None
    if unit_id is not None:
        if unit_service.get_unit(unit_id) is None:
            abort(404)
        if not allows(principal, permission, unit_id):
            abort(403)
        return None
    if not allows(principal, permission):
        abort(403)
    if unit_arg is not None:
        return _check_unit_arg(principal, permission, unit_arg)
    return None


def _check_unit_arg(principal, permission, name):
    """A unit chosen in the query string; without one, a user limited to some units must choose."""
    unit_id = request.args.get(name, type=int)
    if unit_id is not None:
        if unit_service.get_unit(unit_id) is None:
            abort(404)
        if not allows(principal, permission, unit_id):
            abort(403)
        return None
    scope = visible_units(principal, permission)
    if scope is None or scope >= {unit.id for unit in unit_service.list_units()}:
        return None  # every unit is theirs: no choice to make
    if len(scope) == 1:
        args = request.args.to_dict(flat=False)
        args[name] = [next(iter(scope))]
        return redirect(url_for(request.endpoint, **request.view_args, **args))
    flash("请先选择预算单位" if scope else "您还没有所属的预算单位，请联系系统管理员分配", "error")
    return redirect(url_for("projects.index", year=request.args.get("year", type=int)))


def _record_export(response, project_id) -> None:
    if getattr(response, "status_code", None) != 200:
        return
    filename = ""
    disposition = response.headers.get("Content-Disposition", "")
    if "filename*=UTF-8''" in disposition:
        filename = unquote(disposition.split("filename*=UTF-8''", 1)[1].split(";")[0])
    elif "filename=" in disposition:
        filename = disposition.split("filename=", 1)[1].strip('"')
    project = project_service.get_project(project_id) if project_id is not None else None
    audit.record_export(filename or "", request.full_path.rstrip("?"), project)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def same_site_referrer() -> str | None:
    """The page the request came from, as a path, when it is one of ours; never another host's (open redirect)."""
    parts = urlsplit(request.referrer or "")
    if not parts.path or parts.netloc != request.host:
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


def register(app: Flask) -> None:
    """Install the sign-in machinery and the checks every request goes through."""
    login.init_app(app)
    login.login_view = "auth.login"
    login.login_message = "请先登录"
    login.login_message_category = "warning"

    @login.user_loader
    def load_user(token: str):
        return accounts.load_session_user(token)

    app.before_request(_guard)
    app.teardown_request(_forget_actor)
    app.add_template_global(can, "can")
    app.add_template_global(can_change, "can_change")


def _forget_actor(error=None) -> None:
    # The app context (and its g) can outlive a request, as in tests: forget who signed in.
    g.pop("_login_user", None)
    g.pop("_all_unit_ids", None)
    audit.clear_actor()


def _guard():
    if request.endpoint == "static":
        return None
    g.pop("_login_user", None)
    g.pop("_all_unit_ids", None)  # load the user of this request's session, never a previous one
    _check_server_session()
    user = current_user._get_current_object() if current_user.is_authenticated else None
    audit.set_actor(user, request.remote_addr)
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None:
        return None  # 404 or 405, answered by Flask
    access = getattr(view, "access", None)
    if access in (PUBLIC, TOKEN):
        return None
    if user is None:
        return login.unauthorized()
    if user.must_change_password and request.endpoint not in BEFORE_PASSWORD_CHANGE:
        flash("首次登录或密码已被重置，请先修改密码", "warning")
        return redirect(url_for("auth.password"))
    if access is None:
        abort(403)  # a page that does not say who may use it is closed
    return None


def _check_server_session() -> None:
    """A signed-in cookie counts only while its session lives on the server (app.services.sessions).

    Signing out, a password change, a deactivation or an administrator ended it: the cookie
    is forgotten. A session unused for longer than JIXIAO_IDLE_MINUTES ends here, recorded.
    """
    if "_user_id" not in session:
        return
    state, user_id = sessions.check(session.get("sid"))
    if state == sessions.OK:
        claimed = str(session.get("_user_id", "")).partition(":")[0]
        if claimed == str(user_id):
            return
    logout_user()
    session.clear()
    if state == sessions.EXPIRED and user_id is not None:
        user = accounts.get_user(user_id)
        if user is not None:
            audit.set_actor(user, request.remote_addr)
            accounts.record_logout(user, "timeout")
        audit.set_actor(None, request.remote_addr)
        flash("长时间未操作，已自动退出，请重新登录", "warning")


def start_session(user) -> None:
    """Sign ``user`` in with a new session id, on the server and in the cookie."""
    session.clear()  # nothing of the anonymous session carries over
    login_user(user)
    session["sid"] = sessions.start(user.id, request.remote_addr or "", request.user_agent.string or "")


def end_session() -> None:
    """End this browser's session on the server and forget it in the cookie."""
    sessions.end(session.get("sid"))
    logout_user()
    session.clear()
