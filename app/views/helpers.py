"""Template filters and globals."""

from flask import Flask

from app.domain.money import format_money


def register(app: Flask) -> None:
    """Add the product's Jinja filters."""
    app.add_template_filter(format_money, "money")
