"""Scoring of Hubei's foreign-trade service centres and Zhejiang's regions.

A separate module: the core never imports it; only create_app registers it. Its tables are
``app.centres.models`` (imported by ``register``, which puts them on ``db.metadata``).
"""

from flask import Flask


def register(app: Flask) -> None:
    """Add the centre tables, commands, pages and demo data to APP."""
    from app.centres import models  # noqa: F401  (registers the centre tables on db.metadata)
    from app.centres.cli import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)
    from app.centres.rules.common import cite

    app.add_template_filter(cite, "cite")  # "000 第九条" → "《湖北省外贸综合服务中心绩效考核办法（试行）》第九条"
    _register_hubei(app)
    _register_regions(app)


def _register_hubei(app: Flask) -> None:
    """The Hubei centre pages and their demo data (issue 7)."""
    from app.centres.hubei import demo, jobs, views  # noqa: F401  (jobs registers the ranking job)
    from app.centres.hubei.services.rankings import install as keep_year_scores
    from app.services.demo import register_loader

    keep_year_scores()  # a change of a year's evidence or records forgets the scores kept for it
    app.register_blueprint(views.bp)
    from app.centres.hubei import lifecycle_views  # a centre's life (issue 16)

    app.register_blueprint(lifecycle_views.bp)
    register_loader(app, demo.load)
    from app.centres.hubei import lifecycle_demo  # one centre's life, application to weekly reports (issue 16)

    register_loader(app, lifecycle_demo.load)


def _register_regions(app: Flask) -> None:
    """The Zhejiang 订单+清单 region pages and their demo year (issue 7)."""
    from app.centres import regions

    regions.register(app)
