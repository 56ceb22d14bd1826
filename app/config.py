"""Settings with safe defaults.

Layers, later ones win: these defaults, ``instance/config.py`` (git-ignored),
environment variables (``DATABASE_URL``, ``SECRET_KEY``, ``JIXIAO_*``), then the
``overrides`` a caller passes to ``create_app``.
"""

import os
import secrets
from pathlib import Path

# 80 indicators x 8 fields plus the budget block is close to Flask's default of 1,000.
MAX_FORM_PARTS = 5000
MAX_CONTENT_LENGTH = 16 * 1024 * 1024
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
WTF_CSRF_TIME_LIMIT = None
WTF_I18N_ENABLED = False  # WTForms' own zh messages (forms/__init__.py), not Flask-Babel's
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
JSON_AS_ASCII = False

# Sign-in security (GB/T 22239-2019 level 3: 身份鉴别, 访问控制).
JIXIAO_PASSWORD_HASH = "scrypt"  # werkzeug's method string; tests use a cheaper "scrypt:1024:8:1"
JIXIAO_LOCK_ATTEMPTS = 5  # failed sign-ins in a row that lock an account
JIXIAO_LOCK_MINUTES = 15
JIXIAO_IDLE_MINUTES = 30  # a session unused this long ends (checked on the server)
# Sign-in attempts one address may make in a window, whichever names they try: on top of the
# per-account lock, so one person cannot lock everyone out by guessing at every name.
JIXIAO_LOGIN_RATE_ATTEMPTS = 30
JIXIAO_LOGIN_RATE_MINUTES = 10
# Sessions (and the sign-in counters) live in the database, or in Redis when this names a server
# ("redis://127.0.0.1:6379/0"); keys start with the prefix.
JIXIAO_REDIS_URL = ""
JIXIAO_REDIS_PREFIX = "jixiao:"
# Uploaded .docx/.xlsx are zip archives: refuse archive bombs before opening them.
JIXIAO_ZIP_MAX_ENTRIES = 2000
JIXIAO_ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
# Table rows one upload through the pages may hold (the CLI has no such limit): docs/import.md.
JIXIAO_UPLOAD_MAX_ROWS = 6000
# Background jobs (docs/jobs.md): on the RQ queue named here when JIXIAO_REDIS_URL is set ("" = the
# Redis prefix without its colon), else in this many threads of the app. A target-table upload over
# JIXIAO_UPLOAD_MAX_ROWS runs as a job, up to JIXIAO_JOB_MAX_ROWS rows (5,000 projects of 20 indicators).
JIXIAO_QUEUE = ""
JIXIAO_JOB_THREADS = 2
JIXIAO_JOB_TIMEOUT = 3600  # seconds one job may run on the queue
JIXIAO_JOB_MAX_ROWS = 300000
# The 自评 summary and 支出进度 workbooks of more projects than this are built by a job.
JIXIAO_JOB_EXPORT_PROJECTS = 2000
# The ranking workbook of more service centres than this is scored by a job.
JIXIAO_JOB_RANKING_CENTRES = 50
# Reverse proxies in front of the application whose X-Forwarded-* headers are trusted (docs/deploy.md):
# 0 = none (the connection's address is the client's), 1 = one nginx.
JIXIAO_PROXY_HOPS = 0
# One JSON line per request on standard error (app/views/serving.py).
JIXIAO_REQUEST_LOG = True


def from_environment(instance_path: str, current: dict) -> dict:
    """Return the settings that depend on the environment or the instance folder."""
    settings: dict = {}
    url = os.environ.get("DATABASE_URL") or current.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + str(Path(instance_path) / "jixiao.sqlite")
    elif url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    settings["SQLALCHEMY_DATABASE_URI"] = url
    settings["SECRET_KEY"] = (
        os.environ.get("SECRET_KEY") or current.get("SECRET_KEY") or _instance_secret(instance_path)
    )
    if os.environ.get("JIXIAO_SECURE_COOKIES") == "1":
        settings["SESSION_COOKIE_SECURE"] = True
    settings.update(jixiao_environment(current, os.environ))
    return settings


class SettingError(ValueError):
    """An environment variable holds a value its setting cannot take."""


def jixiao_environment(current: dict, environ) -> dict:
    """Every ``JIXIAO_*`` variable in the environment, as the type of the setting's default.

    Numbers stay numbers (``JIXIAO_IDLE_MINUTES=10``), yes/no settings read 1/0, true/false;
    settings without a default here (``JIXIAO_PROGRESS_RULES``) are taken as text. The
    test-suite's own variables (``JIXIAO_TEST_*``) are not settings.
    """
    settings: dict = {}
    for name, raw in environ.items():
        if not name.startswith("JIXIAO_") or name.startswith("JIXIAO_TEST_") or name == "JIXIAO_SECURE_COOKIES":
            continue
        default = current.get(name)
        value = raw.strip()
        if isinstance(default, bool):
            if value.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise SettingError(f"环境变量 {name} 应为 1 或 0，而不是“{raw}”")
            settings[name] = value.lower() in ("1", "true", "yes", "on")
        elif isinstance(default, int):
            try:
                settings[name] = int(value)
            except ValueError:
                raise SettingError(f"环境变量 {name} 应为整数，而不是“{raw}”") from None
        else:
            settings[name] = value
    return settings


def _instance_secret(instance_path: str) -> str:
    """Keep one random secret per instance, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Readable by the service's account only: whoever reads it can forge a signed-in cookie.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(key)
        return key
    if path.stat().st_mode & 0o077:  # made readable by others by an older version: close it
        try:
            path.chmod(0o600)
        except OSError:
            pass  # not ours to change (a read-only mount): the key still works
    return key
