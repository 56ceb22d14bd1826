"""Blueprints, one per area."""

from flask import Flask


def register(app: Flask) -> None:
    """Register every blueprint of the core."""
    from app.views import api, main, projects, units

    for module in (main, units, projects, api):
        app.register_blueprint(module.bp)
