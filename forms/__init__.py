"""WTForms classes: they check shape and call domain parsers, never the database."""

from wtforms import Form, i18n
from wtforms.meta import DefaultMeta

from app.domain.errors import DomainError


class _Chinese:
    """WTForms' own messages ("Not a valid integer value.") in Chinese: the zh catalogue WTForms
    ships, and the few messages it lacks."""

    LACKING = {
        "'%(value)s' is not a valid choice for this field.": "“%(value)s”不是可选的值。",
        "'%(value)s' are not valid choices for this field.": "“%(value)s”不是可选的值。",
        "Date must be at least %(min)s.": "日期不能早于 %(min)s。",
        "Date must be at most %(max)s.": "日期不能晚于 %(max)s。",
        "Date must be between %(min)s and %(max)s.": "日期应在 %(min)s 至 %(max)s 之间。",
        "Not a valid week value.": "不是有效的周。",
        "This field cannot be edited.": "该字段不可修改。",
        "This field is disabled and cannot have a value.": "该字段已停用，不能填写。",
    }

    def __init__(self):
        self.zh = i18n.get_translations(["zh"])

    def gettext(self, string: str) -> str:
        return self.LACKING.get(string) or self.zh.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular in self.LACKING:
            return self.LACKING[singular]
        return self.zh.ngettext(singular, plural, n)


# Every form, a FlaskForm or a FieldList's plain row Form, reads its Meta from here (app/config.py
# turns off Flask-WTF's translations, which would need Flask-Babel).
_CHINESE = _Chinese()
DefaultMeta.get_translations = lambda self, form: _CHINESE


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
