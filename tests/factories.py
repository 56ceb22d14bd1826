"""Helpers that make things: units, drafts and projects with sensible defaults."""

from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import event

from app.domain.projects import CheckpointDraft, IndicatorDraft, ProjectDraft
from app.extensions import db
from app.services import accounts, projects, units

PASSWORD = "Jixiao-2024!"

INDICATORS = (
    IndicatorDraft("产出指标", "数量指标", "外出次数", "≤4次", "市场采购贸易方式试点活动外出", "依据实际工作开展情况"),
    IndicatorDraft("产出指标", "质量指标", "活动参与率", "≥95%", "活动参与率", "依据实际工作开展情况"),
    IndicatorDraft("产出指标", "时效指标", "完成时限", "2024年12月底", "完成时限", ""),
    IndicatorDraft("产出指标", "成本指标", "运行保障总成本", "≤26万元", "运行保障总成本", ""),
    IndicatorDraft("效益指标", "社会效益指标", "外出考察学习", "推进试点能级提升", "", "考察报告"),
    IndicatorDraft("满意度指标", "服务对象满意度指标", "参与人员满意度", "≥95%", "", ""),
)


def make_unit(code: str = "304001", name: str = "保定白沟新城国际贸易服务中心（本级）"):
    return units.find_unit(code) or units.create_unit(code, name)


def make_draft(**overrides) -> ProjectDraft:
    draft = ProjectDraft(
        year=2024,
        code="13060524P00466210002W",
        name="2024年白沟箱包市场采购贸易方式试点活动资金",
        budget_total=Decimal("26.00"),
        budget_fiscal=Decimal("26.00"),
        budget_other=Decimal("0.00"),
        purpose="用于保障2024年白沟箱包市场采购贸易方式试点活动正常进行。",
        goals=("保障2024年白沟箱包市场采购贸易方式试点活动正常进行。",),
        checkpoints=tuple(
            CheckpointDraft(m, Decimal(a)) for m, a in ((3, "2.50"), (6, "12.00"), (10, "21.50"), (12, "26.00"))
        ),
        indicators=INDICATORS,
    )
    return replace(draft, **overrides)


def make_project(unit=None, **overrides):
    project, _ = projects.create_project(unit or make_unit(), make_draft(**overrides))
    return project


def make_user(name: str = "officer-a", roles=("officer",), units=(), password: str = PASSWORD, must_change: bool = False):
    """An account; ``roles`` may combine 管理员 with budget roles, as accounts made before separation of duties did.

    The services refuse that combination now (``accounts.create_user``); page tests still sign in one
    such account (``tester``) to act as officer and administrator at once, so it is written directly.
    """
    roles = list(roles)
    combined = "admin" in roles and len(roles) > 1
    made_with = [r for r in roles if r != "admin"] if combined else roles
    user, _ = accounts.create_user(
        name, made_with, unit_ids=[u.id for u in units], password=password, must_change=must_change
    )
    if combined:
        from app.domain.access import Role
        from app.extensions import db

        user.roles_text = ",".join(r.value for r in Role if r.value in roles)
        db.session.commit()
    return user


def confirm_payments(client, page: str):
    """Post the confirming form of a payments list's preview page, as the browser does."""
    import re

    names = ("csrf_token", "token", "unit", "year", "filename")
    found = {name: re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', page) for name in names}
    return client.post("/payments/import/confirm", data={k: (m.group(1) or m.group(2)) if m else "" for k, m in found.items()})


def write_json(tmp_path, document, name="project.json") -> str:
    """Write a document (or a text) to a JSON file under ``tmp_path``; return its path."""
    import json

    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def form_data(unit_id, indicators=INDICATORS, **overrides):
    """The project form as a browser posts it: a plan at 3/6/9/12 and the given indicators."""
    data = {
        "unit_id": str(unit_id),
        "year": "2024",
        "code": "P-001",
        "name": "信息化运维项目",
        "budget_total": "12.00",
        "budget_fiscal": "12.00",
        "budget_other": "",
        "purpose": "确保机房网络 & 服务器 <稳定> 运行",
        "goals-0-text": "确保现有的机房网络可无阻碍运行。",
        "goals-1-text": "确保门户网站网络安全。",
        "checkpoints-0-month": "3",
        "checkpoints-0-amount": "2",
        "checkpoints-1-month": "6",
        "checkpoints-1-amount": "6",
        "checkpoints-2-month": "9",
        "checkpoints-2-amount": "9",
        "checkpoints-3-month": "12",
        "checkpoints-3-amount": "12",
    }
    for i, indicator in enumerate(indicators):
        for name in ("level1", "level2", "name", "description", "target_text", "basis"):
            data[f"indicators-{i}-{name}"] = getattr(indicator, name)
    data.update(overrides)
    return data


@contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def queries_for(client, url) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)
