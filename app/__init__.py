"""jixiao: budget performance targets (绩效目标) as data."""

from pathlib import Path

from flask import Flask

from app import config as default_config
from app.extensions import csrf, db, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, errors, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    _load_config(app, overrides)
    _init_extensions(app)
    _register_serving(app)
    _register_access(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    _register_cli(app)
    _register_centres(app)
    _register_api(app)
    _learn_audit_kinds()
    return app


def _load_config(app: Flask, overrides: dict | None) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(default_config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(default_config.from_environment(app.instance_path, app.config))
    app.config.update(overrides or {})


def _init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (registers the tables on db.metadata)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    from app.services import audit, score_figures

    audit.install()
    score_figures.install()


def _learn_audit_kinds() -> None:
    """The trail's names for the kinds that declare them on their models (the centre module's)."""
    from app.services import audit

    audit.learn_kinds()


def _register_serving(app: Flask) -> None:
    """The trusted proxies, the request id and the request log (first: before the sign-in checks)."""
    from app.views import serving

    serving.register(app)


def _register_access(app: Flask) -> None:
    """Sign-in, the access policy on every request, security headers."""
    from app.views import guards, security

    guards.register(app)
    security.register(app)


def _register_blueprints(app: Flask) -> None:
    from app.views import register

    register(app)


def _register_error_handlers(app: Flask) -> None:
    from app.views.errors import register

    register(app)


def _register_template_helpers(app: Flask) -> None:
    from app.views.helpers import register

    register(app)


def _register_cli(app: Flask) -> None:
    from app.cli import register

    register(app)


def _register_centres(app: Flask) -> None:
    from app.centres import register

    register(app)


def _register_api(app: Flask) -> None:
    """The JSON API under /api/v1/ and the pages where users make their API tokens."""
    from app.api import register

    register(app)
