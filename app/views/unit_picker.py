"""Unit filters that search (issue 14): a province's 2,000 units are never listed in one <select>.

A user who sees at most ``SELECT_LIMIT`` units gets a <select>; anyone else gets a search box
(``templates/_unit_picker.html``) whose suggestions come from ``/units/search``. The box sends
``unit_code``; ``chosen_unit`` turns it into the ``unit`` id the pages (and their guards) read,
so a typed code works without JavaScript.
"""

from flask import flash, redirect, request, url_for

from app.domain.access import Permission, visible_units
from app.services import units
from app.views.guards import current_principal

SELECT_LIMIT = 50


def picker_units(permission: Permission = Permission.PROJECT_READ):
    """The units to list in a <select>, or None when there are too many (the page shows a search box)."""
    return units.few_units(visible_units(current_principal(), permission), SELECT_LIMIT)


def chosen_unit():
    """A redirect to the same page with ``unit=<id>`` when a code was typed in the box, else None."""
    text = request.args.get("unit_code")
    if text is None:
        return None
    args = {k: v for k, v in request.args.items() if k not in ("unit_code", "unit", "page")}
    if text.strip():
        unit = units.unit_from_text(text)
        if unit is None:
            flash(f"没有编码或名称为“{text.strip()}”的预算单位，已显示全部单位", "error")
        else:
            args["unit"] = unit.id
    return redirect(url_for(request.endpoint, **(request.view_args or {}), **args))
