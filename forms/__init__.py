"""WTForms classes: they check shape and call domain parsers, never the database."""

from wtforms import Form
from wtforms.meta import DefaultMeta

from app.domain.errors import DomainError

# WTForms' own messages ("Not a valid integer value.", "Not a valid choice.") in Chinese, from the
# zh catalogue WTForms ships; every form, FlaskForm or a FieldList's plain row Form, reads its Meta
# from here (app/config.py turns off Flask-WTF's translations, which would need Flask-Babel).
DefaultMeta.locales = ("zh",)


def attach(form: Form, error: DomainError) -> list[str]:
    """Put each problem beside its field (``indicators-3-target_text``); return the rest."""
    unplaced = []
    for problem in error.problems:
        field = _find(form, problem.field)
        if field is None:
            unplaced.append(problem.message)
        else:
            field.errors = list(field.errors or []) + [problem.message]
    return unplaced


def messages(form: Form) -> list[str]:
    """Each field's problems as a flash can show them, away from the field: "指标行：不是有效的整数。"."""
    return [
        message if str(form[name].label.text) in message else f"{form[name].label.text}：{message}"
        for name, errors in form.errors.items()
        for message in errors
        if isinstance(message, str)
    ]


def _find(form: Form, path: str):
    """Follow a WTForms name (``indicators-3-target_text``) to its field, by position."""
    if not path:
        return None
    parts = path.split("-")
    node = form
    while parts:
        name = parts.pop(0)
        if hasattr(node, "entries"):  # a FieldList: the name is a position
            try:
                node = node.entries[int(name)]
            except (ValueError, IndexError):
                return None
            if hasattr(node, "form"):
                node = node.form
            continue
        try:
            node = node[name]
        except KeyError:
            return None
        if parts and hasattr(node, "form") and not hasattr(node, "entries"):
            node = node.form
    return node if hasattr(node, "errors") else None


def error_count(form: Form) -> int:
    """How many fields are in error, rows of lists included (the banner's "有 N 处需要修改").

    A list's own message ("至少需要一条绩效指标", the plan's months) counts once besides its rows.
    """
    count = 0
    for field in form:
        if field.name == "csrf_token":
            continue
        if hasattr(field, "entries"):
            count += 1 if any(isinstance(e, str) for e in field.errors or []) else 0
            for entry in field.entries:
                count += error_count(entry.form) if hasattr(entry, "form") else (1 if entry.errors else 0)
        elif hasattr(field, "form"):
            count += error_count(field.form)
        elif field.errors:
            count += 1
    return count
