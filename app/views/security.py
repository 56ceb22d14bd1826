"""Security headers on every response (GB/T 22239-2019 8.1.4: 入侵防范 for the web layer), and bounded numbers in URLs."""

from flask import Flask, Request, abort, current_app, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

from app.domain.dates import FIRST_YEAR, LAST_YEAR, valid_year
from app.views.guards import TOKEN

# No inline script or style anywhere: templates load app.js/app.css from /static only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# The widest id a table holds (PostgreSQL `integer`); a larger number in a URL reached the database
# and failed there (SQLite: OverflowError, PostgreSQL: NumericValueOutOfRange), a 500 instead of a 404.
MAX_INT = 2**31 - 1


class BadParameter(BadRequest):
    """A number in the query string or form that no object, page or year can have: a 400 saying which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BoundedArgs(ImmutableMultiDict):
    """``request.args.get(name, type=int)`` refuses what no id, page or year can be, with a message naming it."""

    def get(self, key, default=None, type=None):  # noqa: A002 (werkzeug's name)
        value = super().get(key, default, type)
        if type is int and key in self and isinstance(value, int) and not isinstance(value, bool):
            if key == "year" and not valid_year(value):
                raise BadParameter(f"年度应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的年份，而不是“{value}”")
            if abs(value) > MAX_INT:
                raise BadParameter(f"参数“{key}”超出范围")
        return value


class BoundedRequest(Request):
    parameter_storage_class = BoundedArgs


def _ids_in_range():
    """An ``<int:…>`` in the path past MAX_INT names nothing: 404, before a view looks it up.

    (Checked here rather than by the URL converter: a converter that refused the number made werkzeug
    answer 405 to a POST whose path also had a GET rule.) The JSON API answers it itself, after the
    token, with its problem document (``app.api.spec``).
    """
    if not request.view_args or not any(
        isinstance(value, int) and value > MAX_INT for value in request.view_args.values()
    ):
        return
    if getattr(current_app.view_functions.get(request.endpoint), "access", None) != TOKEN:
        abort(404)


def register(app: Flask) -> None:
    """Bound the numbers URLs carry; add the headers to every response; pages and downloads are never cached."""
    app.request_class = BoundedRequest
    app.before_request(_ids_in_range)

    @app.after_request
    def security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:  # served over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto)
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
