"""The trail as auditors read it (app.services.audit.trail): a page at a time, types from the models."""

from app.domain.audit import TYPE_LABELS
from app.extensions import db
from app.services import audit, transaction
from tests.factories import make_unit


def test_search_pages_newest_first(app):
    for n in range(7):
        with transaction():
            audit.record("export", label=f"文件{n}", object_type="AuditEvent")
    first = audit.search(audit.Filters(action="export"), page=1, per_page=3)
    assert (first.total, first.page, first.pages) == (7, 1, 3)
    assert [e.object_label for e in first.events] == ["文件6", "文件5", "文件4"]
    last = audit.search(audit.Filters(action="export"), page=3, per_page=3)
    assert [e.object_label for e in last.events] == ["文件0"]
    beyond = audit.search(audit.Filters(action="export"), page=9, per_page=3)
    assert beyond.events == [] and beyond.total == 7
    empty = audit.search(audit.Filters(action="approve"))
    assert (empty.total, empty.pages, empty.events) == (0, 1, [])


def test_the_type_list_comes_from_the_models_not_from_the_trail(app):
    """Every type an auditor can filter on is named, whether or not the trail holds one yet."""
    types = audit.object_types()
    assert {"Project", "Indicator", "User", "AuditEvent", "ProjectEvaluation"} <= set(types)
    assert all(name in TYPE_LABELS for name in types)
    mapped = {m.class_.__name__ for m in db.Model.registry.mappers}
    assert set(types) == mapped & set(TYPE_LABELS)
    make_unit()
    assert audit.object_types() == types


def test_a_long_trail_is_counted_up_to_a_cap_and_still_pages(app, monkeypatch):
    from app.services.audit import trail

    monkeypatch.setattr(trail, "COUNT_CAP", 5)
    for n in range(8):
        with transaction():
            audit.record("export", label=f"文件{n}", object_type="AuditEvent")
    first = audit.search(audit.Filters(action="export"), page=1, per_page=2)
    assert (first.total, first.more, first.pages) == (5, True, 2)
    fourth = audit.search(audit.Filters(action="export"), page=4, per_page=2)
    assert [e.object_label for e in fourth.events] == ["文件1", "文件0"] and fourth.pages == 5
    fifth = audit.search(audit.Filters(action="export"), page=5, per_page=2)
    assert fifth.events == [] and fifth.pages == 5
    assert audit.search(audit.Filters(action="export", actor="nobody")).more is False
