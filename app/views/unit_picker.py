"""Unit filters that search (issue 14): a province's 2,000 units are never listed in one <select>.

A user who sees at most ``SELECT_LIMIT`` units gets a <select>; anyone else gets a search box
(``templates/_unit_picker.html``) whose suggestions come from ``/units/search``. The box sends
``unit_code``; ``chosen_unit`` turns it into the ``unit`` id the pages (and their guards) read,
so a typed code works without JavaScript.

Forms that choose a unit (the administration pages: an account's units, a unit's scoring scheme) use
the same box past ``SELECT_LIMIT`` units: ``posted_unit`` reads the typed ``unit_code`` into the form's
own unit field, so the form, its validation and the service stay as they are.
"""

from flask import flash, redirect, request, url_for
from werkzeug.datastructures import CombinedMultiDict, MultiDict

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


def posted_unit(field: str = "unit_id"):
    """The request's form data with ``field`` set to the unit typed in the search box (``unit_code``).

    Returns ``(formdata, unit, problem)``: ``unit`` None and ``problem`` a Chinese message when a text
    names no unit (the field stays empty and its own "请选择" message shows too); None formdata on a GET.
    """
    if request.method != "POST":
        return None, None, None
    text = request.form.get("unit_code")
    if text is None:
        return None, None, None
    unit = units.unit_from_text(text)
    if unit is None:
        problem = f"没有编码或名称为“{text.strip()}”的预算单位" if text.strip() else None
        return CombinedMultiDict([MultiDict({field: ""}), request.form]), None, problem
    return CombinedMultiDict([MultiDict({field: str(unit.id)}), request.form]), unit, None


def typed_units(text: str) -> tuple[list, list[str]]:
    """The units named in a box of codes (separated by spaces, commas or 、), and the texts that name none."""
    found, unknown = [], []
    for token in text.replace("，", ",").replace("、", ",").replace(",", " ").split():
        unit = units.unit_from_text(token)
        if unit is None:
            unknown.append(token)
        elif unit not in found:
            found.append(unit)
    return found, unknown
