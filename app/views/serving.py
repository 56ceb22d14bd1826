"""Serving behind a reverse proxy: the client's address, a request id, one JSON log line per request.

``JIXIAO_PROXY_HOPS`` says how many proxies in front of the application to trust (0: none, the
address is the connection's own). With one (nginx), werkzeug's ``ProxyFix`` takes the client's
address from the last ``X-Forwarded-For`` entry nginx appended, so the audit trail and the sign-in
rate limit see the client, not the proxy; a value a client sent itself is never trusted.

Each request gets an id: the proxy's ``X-Request-ID`` if it looks like one, else a new one. It is
sent back in the same header, written on every log line and shown on the error pages, so a user
can quote it and an operator find the request.
"""

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, current_app, g, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

HEADER = "X-Request-ID"
# What a proxy's id looks like (nginx's $request_id is 32 hex digits; a UUID has dashes).
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
LOGGER = "jixiao.requests"
_ID_KEY, _STARTED_KEY = "jixiao.request_id", "jixiao.request_started"


def register(app: Flask) -> None:
    """Trust the configured proxies, give every request an id and log it when answered."""
    hops = int(app.config.get("JIXIAO_PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    # Before every other before_request (the sign-in guard may answer early): registered first.
    app.before_request(_start)
    app.after_request(_finish)
    if app.config.get("JIXIAO_REQUEST_LOG", True):
        _install_handler()


def request_id() -> str:
    """This request's id (made on first use); empty outside a request."""
    if not has_request_context():
        return ""
    # Kept in the WSGI environ, which lives exactly as long as the request (an app context, and
    # its ``g``, may outlive it).
    found = request.environ.get(_ID_KEY)
    if found is None:
        offered = request.headers.get(HEADER, "")
        found = offered if SANE_ID.fullmatch(offered) else uuid.uuid4().hex
        request.environ[_ID_KEY] = found
    return found


def _start() -> None:
    request.environ[_STARTED_KEY] = time.perf_counter()
    request_id()


def _finish(response):
    response.headers[HEADER] = request_id()
    if current_app.config.get("JIXIAO_REQUEST_LOG", True):
        logging.getLogger(LOGGER).info(json.dumps(_line(response), ensure_ascii=False))
    return response


def _line(response) -> dict:
    started = request.environ.get(_STARTED_KEY)
    duration = (time.perf_counter() - started) * 1000 if started is not None else None
    # The user the guard loaded for this request, read without loading anything (the database may be gone).
    user = g.get("_login_user")
    user_id = getattr(user, "id", None) if user is not None and getattr(user, "is_authenticated", False) else None
    token = g.get("api_token")  # an API call: the token's user (app/api/auth.py), never a cookie
    if token is not None:
        user_id = token.user_id
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "request_id": request_id(),
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(duration, 1) if duration is not None else None,
        "user_id": user_id,
        **({"token_id": token.id} if token is not None else {}),
        "remote_addr": request.remote_addr,
    }


class _StandardError(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (gunicorn's, a test's capture)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def _install_handler() -> None:
    logger = logging.getLogger(LOGGER)
    logger.setLevel(logging.INFO)
    if not any(isinstance(handler, _StandardError) for handler in logger.handlers):
        handler = _StandardError()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False  # one line, not again through the root logger
