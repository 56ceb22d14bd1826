"""``jixiao load``'s bulk path for new projects writes the same rows and the same audit events as the ORM path.

Each test loads one document into a fresh database through the ORM (``bulk_insert=False``), then
again through the bulk path, and compares every table and every audit event field by field; ids
are compared by their rank in their table (the order rows were inserted), timestamps not at all.
"""

import copy
import json
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from app.domain.errors import DomainError
from app.extensions import db
from app.models import AuditEvent
from app.services import demo, interchange, units
from app.services.audit.actor import set_actor
from app.services.bulk_insert import insert_projects
from tests.conftest import PG_URL, _empty_tables
from tests.factories import make_unit, make_user

SKIPPED = {"created_at", "updated_at", "at", "last_seen_at", "password_hash", "session_token",  # times, salts
           "token"}  # the stored figures' epoch (figure_cache): random, replaced alike by both paths


def extra_projects() -> list[dict]:
    """Projects the seeds lack: no code, a new unit, ranges, small decimals, deadlines, long-term goals."""
    rows = [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "target_text": "20～30人"},
        {"level1": "产出指标", "level2": "质量指标", "name": "差错率", "target_text": "≤0.1%", "description": "抽查"},
        {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "target_text": "9月底前"},
        {"level1": "产出指标", "level2": "成本指标", "name": "单价", "target_text": "≤2.5万元", "basis": "市场价"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "影响", "target_text": "持续提升"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target_text": "≥95%"},
    ]
    base = {
        "unit": {"code": "573301", "name": "x"}, "year": 2024, "budget_total": "12.50", "budget_fiscal": "10.00",
        "budget_other": "2.50", "purpose": "", "goals": ["第一条", "第二条"],
        "checkpoints": [{"month": 3, "amount": "1.00"}, {"month": 9, "amount": "5.5"}, {"month": 12, "amount": "12.50"}],
        "indicators": rows,
    }
    return [
        {**base, "name": "无编码项目"},
        {**base, "code": "NEW-UNIT-1", "name": "新单位项目", "unit": {"code": "999001", "name": "新建单位"},
         "long_term_goals": ["长期一", "长期二"], "purpose": "用途"},
        {**base, "code": "NO-PLAN", "name": "无计划项目", "checkpoints": [], "goals": []},
    ]


def untidy_project() -> dict:
    """What the row builder tidies as ``apply_draft`` does: spaces around code, name, levels and 指标值, blank goals."""
    rows = [
        {"level1": " 产出指标 ", "level2": "数量指标 ", "name": " 培训场次 ", "target_text": " ≥ 1,000 台 ",
         "description": " 说明 ", "basis": " 依据 "},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "区间", "target_text": "80%-90%"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "期限", "target_text": "2024.07-2025.01"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target_text": "不低于95%"},
    ]
    return {
        "unit": {"code": "573301", "name": "x"}, "year": 2024, "code": "  SP-1 ", "name": "  带空格的名称 ",
        "budget_total": "1,234.5", "budget_fiscal": "1234.50", "budget_other": "0", "purpose": "  用途  ",
        "goals": ["  一  ", "", "二"], "long_term_goals": ["  长期  目标 一 ", "  ", "二"],
        "checkpoints": [{"month": 6, "amount": "0.01"}, {"month": 12, "amount": "1234.50"}],
        "indicators": rows,
    }


def document() -> dict:
    doc = copy.deepcopy(demo.demo_document())
    doc["projects"] += extra_projects() + [untidy_project()]
    return doc


def fresh_database() -> None:
    db.session.remove()
    if PG_URL:
        _empty_tables()
    else:
        db.drop_all()
        db.create_all()


def load_both_ways(before, doc, monkeypatch, *, inserted: int) -> tuple:
    """Load ``doc`` through the ORM, then into a fresh database through the bulk path: (summary, state) each.

    ``inserted``: how many projects the bulk path must have inserted through Core.
    """
    counted = []

    def counting(projects):
        counted.extend(projects)
        insert_projects(projects)

    monkeypatch.setattr(interchange, "insert_projects", counting)
    results = []
    for bulk_insert in (False, True):
        fresh_database()
        before()
        summary = interchange.load(copy.deepcopy(doc), bulk_insert=bulk_insert)
        results.append((summary.to_dict(), state()))
        assert len(counted) == (inserted if bulk_insert else 0)
    return results


def state() -> tuple[dict, list]:
    """Every table's rows and every audit event, ids replaced by their rank in their table."""
    db.session.remove()
    conn = db.session.connection()
    tables = [t for t in db.metadata.sorted_tables if t.name != AuditEvent.__tablename__]
    raw = {t.name: conn.execute(select(t).order_by(*t.primary_key.columns)).mappings().all() for t in tables}
    ranks = {name: {r["id"]: n for n, r in enumerate(rows)} for name, rows in raw.items() if rows and "id" in rows[0]}

    def rank(table: str, value):
        return None if value is None else ranks[table][value]

    rows = {}
    for t in tables:
        refs = {c.name: next(iter(c.foreign_keys)).column.table.name for c in t.columns if c.foreign_keys}
        rows[t.name] = [
            {k: (rank(t.name, v) if k == "id" else rank(refs[k], v) if k in refs else v)
             for k, v in r.items() if k not in SKIPPED}
            for r in raw[t.name]
        ]
    table_of = {m.class_.__name__: m.local_table.name for m in db.Model.registry.mappers}
    events = []
    for r in conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.id)).mappings():
        event = {k: v for k, v in r.items() if k not in SKIPPED | {"id"}}
        for kind, key in (("object_type", "object_id"), ("root_type", "root_id")):
            if event[kind] in table_of and event[key] is not None:
                event[key] = rank(table_of[event[kind]], event[key])
        events.append(event)
    return rows, events


def assert_same(orm, bulk) -> None:
    (orm_summary, (orm_rows, orm_events)), (bulk_summary, (bulk_rows, bulk_events)) = orm, bulk
    assert bulk_summary == orm_summary
    for table, expected in orm_rows.items():
        assert bulk_rows[table] == expected, table
    assert len(bulk_events) == len(orm_events)
    # The same events, each field alike. New units, plan months and updates (the ORM's, in both
    # paths) are recorded at other flushes than the inserted rows, so the order differs between
    # those, but the projects' rows are created in the same order.
    def key(event):
        return json.dumps(event, sort_keys=True, default=str, ensure_ascii=False)

    assert sorted(map(key, bulk_events)) == sorted(map(key, orm_events))
    project_rows = ("Project", "ProjectGoal", "SpendingCheckpoint", "Indicator")
    assert [e for e in bulk_events if e["object_type"] in project_rows and e["action"] == "create"] == [
        e for e in orm_events if e["object_type"] in project_rows and e["action"] == "create"
    ]


def test_new_projects_give_the_same_rows_and_events_through_both_paths(app, monkeypatch):
    def before():
        user = make_user("loader")
        set_actor(user, "10.1.2.3")

    orm, bulk = load_both_ways(before, document(), monkeypatch, inserted=25)
    assert orm[0]["projects"] == 25 and len(orm[0]["created"]) == 25
    assert sum(1 for e in orm[1][1] if e["object_type"] == "Indicator") > 150
    assert {e["actor_name"] for e in orm[1][1] if e["object_type"] == "Project"} == {"loader"}
    untidy = [r for r in bulk[1][0]["project"] if r["code"] == "SP-1"]
    assert [(r["name"], r["long_term_goals"], r["purpose"]) for r in untidy] == [("带空格的名称", "长期 目标 一\n二", "  用途  ")]
    indicators = [r for r in bulk[1][0]["indicator"] if r["name"] == "培训场次"]
    assert [(r["level1"], r["level2"], r["target_text"], r["target_value"], r["description"]) for r in indicators] == [
        ("产出指标", "数量指标", "≥ 1,000 台", Decimal("1000"), " 说明 ")
    ]
    assert_same(orm, bulk)


def test_known_and_new_units_and_their_plan_months_alike_through_both_paths(app, monkeypatch):
    """Units are read and created once per load (``units.ensure_units``), plan months stored together."""
    def before():
        unit = make_unit("573301", "x")
        units.set_checkpoint_months(unit, 2024, (3, 6, 9, 12))  # the load changes it to its plan's months
        make_unit("999003", "已有单位")

    doc = {"projects": extra_projects()}
    third = {**copy.deepcopy(doc["projects"][0]), "name": "第三单位项目", "unit": {"code": "999002", "name": ""},
             "checkpoints": [{"month": 6, "amount": "6.00"}, {"month": 12, "amount": "12.50"}]}
    known = {**copy.deepcopy(doc["projects"][0]), "name": "已有单位项目", "unit": {"code": "999003", "name": "别名"}}
    doc["projects"] += [third, known, {**copy.deepcopy(third), "name": "第三单位项目二", "unit": {"code": "999002", "name": "后名"}}]
    orm, bulk = load_both_ways(before, doc, monkeypatch, inserted=6)
    assert orm[0]["units_created"] == ["999001新建单位", "999002999002"]  # the first name given, else the code
    settings = {(r["unit_id"], r["year"]): r["months_text"] for r in bulk[1][0]["checkpoint_setting"]}
    assert sorted(settings.values()) == ["3,9,12", "3,9,12", "3,9,12", "6,12"]  # 573301 (changed), 999001, 999003; 999002
    assert [e["changes"] for e in bulk[1][1] if e["object_type"] == "CheckpointSetting" and e["action"] == "update"] == [
        [["months_text", "3,6,9,12", "3,9,12"]]
    ]
    assert_same(orm, bulk)


@pytest.mark.parametrize("bulk_insert", [True, False])
def test_a_unit_code_refused_names_its_project_and_stores_nothing(app, bulk_insert):
    doc = {"projects": extra_projects()}
    doc["projects"][1]["unit"] = {"code": "99-01", "name": "坏编码单位"}
    with pytest.raises(DomainError) as caught:
        interchange.load(doc, bulk_insert=bulk_insert)
    assert "第 2 个项目“新单位项目”：单位编码应为 1 至 32 位数字或字母" in str(caught.value)
    assert db.session.execute(text("SELECT COUNT(*) FROM unit")).scalar() == 0
    assert db.session.execute(text("SELECT COUNT(*) FROM audit_event")).scalar() == 0


def test_new_and_existing_projects_in_one_document(app, monkeypatch):
    doc = document()
    changed = copy.deepcopy(doc)
    changed["projects"][0]["indicators"][0]["target_text"] = "≤5次"
    changed["projects"][1]["goals"] = ["改过的目标"]

    def before():
        interchange.load({"projects": doc["projects"][:5]}, bulk_insert=False)

    orm, bulk = load_both_ways(before, changed, monkeypatch, inserted=20)
    assert len(orm[0]["updated"]) == 5 and len(orm[0]["created"]) == 20
    assert any(e["action"] == "update" and e["object_type"] == "Indicator" for e in orm[1][1])
    assert_same(orm, bulk)


@pytest.mark.parametrize("batch, inserted", [(None, 0), (200, 0), (1, 3)])
def test_the_same_new_project_twice_is_loaded_through_the_orm_alike(app, monkeypatch, batch, inserted):
    """Seen before the load (batch None), or by the bulk path with the first one staged or inserted already."""
    if batch is not None:
        monkeypatch.setattr(interchange, "_names_a_project_twice", lambda projects: False)
        monkeypatch.setattr(interchange, "FLUSH_EVERY", batch)

    def before():  # the units first: ids the attempt used and rolled back are not reused by PostgreSQL
        make_unit("573301", "x")
        make_unit("999001", "新建单位")

    doc = {"projects": extra_projects()}
    twice = copy.deepcopy(doc["projects"][1])
    twice["purpose"] = "第二次的用途"
    doc["projects"].append(twice)
    orm, bulk = load_both_ways(before, doc, monkeypatch, inserted=inserted)  # then rolled back
    assert len(orm[0]["created"]) == 3 and len(orm[0]["updated"]) == 1
    assert_same(orm, bulk)


def test_a_bad_project_leaves_the_database_unchanged_on_the_bulk_path(app):
    doc = {"projects": extra_projects()}
    doc["projects"][2]["budget_total"] = "abc"
    before = state()
    try:
        interchange.load(doc, bulk_insert=True)
    except Exception as err:  # noqa: BLE001 - the message is checked below
        message = str(err)
    else:  # pragma: no cover
        raise AssertionError("the load passed")
    assert "无计划项目" in message
    assert state() == before
    assert db.session.execute(text("SELECT COUNT(*) FROM audit_event")).scalar() == 0
