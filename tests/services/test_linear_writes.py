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
