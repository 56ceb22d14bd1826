"""gunicorn settings for jixiao: ``gunicorn -c python:app.gunicorn_conf 'app:create_app()'``.

Each setting may be changed through the environment (docs/deploy.md):

- ``GUNICORN_BIND``: address to listen on (default ``127.0.0.1:8000``: only the proxy on this
  machine reaches it; a Unix socket is ``unix:/run/jixiao/gunicorn.sock``);
- ``GUNICORN_WORKERS``: worker processes (default 2 × CPUs + 1, at most 8);
- ``GUNICORN_THREADS``: threads per worker (default 1: sync workers, one request each);
- ``GUNICORN_TIMEOUT``: seconds before a silent worker is killed (default 60; long work runs as a job);
- ``GUNICORN_MAX_REQUESTS``: requests a worker serves before it is replaced (default 2000; 0 = never).

The application's own settings are ``DATABASE_URL``, ``SECRET_KEY`` and ``JIXIAO_*`` (app/config.py).
Each request is logged once by the application as a JSON line (app/views/serving.py), so gunicorn's
access log is off; its error log (start, stop, killed workers) goes to standard error.
"""

import multiprocessing
import os


def _number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _number("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _number("GUNICORN_THREADS", 1)
timeout = _number("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = _number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Each worker builds its own app, so no database connection is shared across the fork.
preload_app = False
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-* is trusted in one place, the app (JIXIAO_PROXY_HOPS and ProxyFix), not here too.
secure_scheme_headers: dict = {}
proc_name = "jixiao"
# gunicorn 25.1+ opens a control socket in the home folder by default; two instances would share it.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Freeze what the worker built at start-up out of Python's cyclic garbage collector.

    The app's import and set-up leave ~160,000 long-lived objects (models, mappers, templates,
    the document libraries). A full collection walks them all: measured on a province's 支出进度
    page, one draw in ten paid ~120 ms more for it. Frozen, they are never walked again (they live
    as long as the worker does anyway); what requests create is collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()
