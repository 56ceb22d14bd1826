"""Blueprints, one per area."""

from flask import Flask


def register(app: Flask) -> None:
    """Register every blueprint of the core."""
    from app.views import (
        admin,
        api,
        audit,
        auth,
        exports,
        health,
        imports,
        jobs,
        main,
        monitoring,
        payments,
        progress,
        projects,
        schemes,
        selfeval,
        units,
        workflow,
    )

    for module in (main, units, projects, api, exports, imports, selfeval, schemes, auth, admin, workflow, audit, progress, payments, monitoring, health, jobs):
        app.register_blueprint(module.bp)
