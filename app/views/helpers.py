"""Template filters and globals."""

from flask import Flask

from app.domain.access import role_labels
from app.domain.audit import action_label, type_label
from app.domain.money import format_money
from app.domain.numbers import plain
from app.domain.workflow import STATE_LABELS, state_of
from app.services.audit import local_time
from app.services.audit_display import readable_changes


def status_label(value: str | None) -> str:
    return STATE_LABELS[state_of(value)]


def register(app: Flask) -> None:
    """Add the product's Jinja filters."""
    app.add_template_filter(format_money, "money")
    app.add_template_filter(plain, "plain")  # a score as written: 12.5, 10
    app.add_template_filter(local_time, "localtime")
    app.add_template_filter(status_label, "status_label")
    app.add_template_filter(action_label, "action_label")
    app.add_template_filter(type_label, "type_label")
    app.add_template_filter(readable_changes, "changes")
    app.add_template_global(role_labels, "role_labels")
