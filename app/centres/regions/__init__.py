"""Zhejiang's 订单+清单 regions in the browser: services, pages and files (seed 002).

Part of the centre module: only ``app.centres.register`` (called by create_app) wires it in,
so the core never imports it. The data are ``app/centres/regions/models.py``; the scores come from
``app.centres.rules`` unchanged.
"""

from flask import Flask


def register(app: Flask) -> None:
    """Add the region pages and the regions' demo year to APP."""
    from app.centres.regions import demo, views
    from app.services.demo import register_loader

    app.register_blueprint(views.bp)
    register_loader(app, demo.load_demo_regions)
