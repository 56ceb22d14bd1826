"""Writes cost the same per row however many rows a flush holds (issue 14 point 5)."""

from dataclasses import replace

from sqlalchemy.orm import Session

from app.services import transaction
from app.services.projects import add_project
from tests.factories import INDICATORS, make_draft, make_unit


def _pending_reads(monkeypatch, unit, indicators: int) -> int:
    """How often the flush listeners ask the session for its pending objects while one project is stored."""
    reads = []
    real = Session.new

    def counted(self):
        reads.append(1)
        return real.fget(self)

    monkeypatch.setattr(Session, "new", property(counted))
    draft = make_draft(
        code=f"L{indicators}", indicators=tuple(replace(INDICATORS[i % 6], name=f"指标{i}") for i in range(indicators))
    )
    with transaction():
        add_project(unit, draft)
    monkeypatch.setattr(Session, "new", real)
    return len(reads)


def test_the_version_bump_reads_the_pending_objects_once_per_flush(app, monkeypatch):
    # ``session.new`` builds a set of every pending object: read once per row, a flush was quadratic.
    unit = make_unit()
    assert _pending_reads(monkeypatch, unit, 10) == _pending_reads(monkeypatch, unit, 300)


def _document(units: int, per_unit: int, indicators: int = 5) -> dict:
    from tests.factories import make_draft as draft_of

    base = draft_of()
    projects = []
    for u in range(units):
        for p in range(per_unit):
            projects.append({
                "unit": {"code": f"7{u:05d}", "name": f"单位{u}"}, "year": 2024, "code": f"U{u}P{p}", "name": f"项目{u}-{p}",
                "budget_total": "26.00", "budget_fiscal": "26.00", "budget_other": "0.00", "purpose": base.purpose,
                "goals": list(base.goals), "checkpoints": [{"month": c.month, "amount": str(c.amount)} for c in base.checkpoints],
                "indicators": [
                    {"level1": i.level1, "level2": i.level2, "name": f"{i.name}{n}", "target_text": i.target_text}
                    for n, i in enumerate(INDICATORS[k % len(INDICATORS)] for k in range(indicators))
                ],
            })
    return {"projects": projects}


def _statements(document) -> int:
    from sqlalchemy import event

    from app.extensions import db
    from app.services import interchange

    seen = []
    record = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        interchange.load(document)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(seen)


def test_a_load_does_not_query_per_project(app):
    """jixiao load looks projects up once per unit and year and flushes in batches (not per project)."""
    few = _statements(_document(2, 3))
    many = _statements(_document(2, 60, indicators=8))  # 20× the projects
    # Per unit: its look-ups and its creation; the rows go in the same number of statements
    # on PostgreSQL (multi-row INSERT); SQLite inserts row by row, so count only the rest there.
    from app.extensions import db

    if db.engine.dialect.name == "postgresql":
        assert many < 60  # 120 projects: far fewer statements than projects
    else:
        assert many - (120 * (1 + 1 + 8 + 4) + 1) <= few


def test_a_load_still_finds_a_project_given_twice(app):
    """The second copy updates the first, as when each project was flushed before the next."""
    from app.services import interchange

    document = _document(1, 2)
    twice = dict(document["projects"][0], purpose="第二份")
    summary = interchange.load({"projects": document["projects"] + [twice]})
    assert len(summary.created) == 2 and len(summary.updated) == 1
    stored = projects_named("项目0-0")
    assert len(stored) == 1 and stored[0].purpose == "第二份"


def projects_named(name: str):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Project

    return list(db.session.scalars(select(Project).where(Project.name == name)))


def test_a_load_builds_each_unit_years_look_ups_once(app, monkeypatch):
    """Projects added during a load join the look-ups; rebuilding them per project was quadratic in a unit's projects."""
    from app.services import interchange, projects

    built = []
    real = projects._index_project

    def counted(index, project):
        built.append(project.name)
        real(index, project)

    monkeypatch.setattr(projects, "_index_project", counted)
    summary = interchange.load(_document(2, 40))
    assert len(summary.created) == 80
    assert sorted(built) == sorted(f"项目{u}-{p}" for u in range(2) for p in range(40))  # each indexed once


def test_a_load_asks_nothing_of_the_units_it_creates(app):
    """A unit the load creates has no projects yet: no look-up of its projects; a known unit's once per year."""
    from sqlalchemy import event

    from app.extensions import db
    from app.services import interchange

    seen = []

    def record(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT") and "FROM project " in statement + " ":
            seen.append(statement)

    make_unit("700001", "单位1")
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        interchange.load(_document(3, 4))  # units 700000 and 700002 are new
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(seen) == 1  # 700001's projects of 2024
