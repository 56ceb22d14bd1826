"""A table that prints no year, uploaded in the browser: the preview asks for the year, then imports with it.

The message the service gives names both ways to give the year (the page's 年度 field and the command's
--year); the preview shows a 年度 field only when a table lacks one.
"""

import io
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Project
from tests.conftest import login
from tests.documents.docx_builder import Table, build
from tests.factories import make_unit, make_user


@pytest.fixture
def officer(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    unit = make_unit("304001", "白沟镇")
    return login(app.test_client(), make_user("zhang", ["officer"], [unit]))


def upload(client, data: bytes):
    form = {"file": (io.BytesIO(data), "t.docx"), "year": "", "unit": "", "existing": "skip"}
    return client.post("/imports/", data=form, content_type="multipart/form-data")


def test_a_table_without_a_year_is_given_one_in_the_preview(app, officer):
    page = upload(officer, build(Table(name="白沟项目", title="1.白沟项目绩效目标表"))).get_data(as_text=True)
    assert "无法从文件中确定年度" in page and "网页上填写“年度”" in page
    year_input = re.search(r'<input[^>]*id="year"[^>]*>', page).group(0)
    assert 'type="hidden"' not in year_input and '<label for="year">年度</label>' in page
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    fields = {"token": token, "filename": "t.docx", "year": "2025", "unit": "", "existing": "skip"}
    again = officer.post("/imports/confirm", data={**fields, "action": "preview"}).get_data(as_text=True)
    assert 'class="status-created"' in again and "无法从文件中确定年度" not in again
    assert 'type="hidden"' in re.search(r'<input[^>]*id="year"[^>]*>', again).group(0)  # given: carried along
    assert officer.post("/imports/confirm", data=fields).status_code == 200
    assert [(p.name, p.year) for p in db.session.scalars(select(Project))] == [("白沟项目", 2025)]


def test_a_table_with_its_year_carries_it_hidden(app, officer):
    page = upload(officer, build(Table())).get_data(as_text=True)
    assert 'type="hidden"' in re.search(r'<input[^>]*id="year"[^>]*>', page).group(0)
    assert '<label for="year">' not in page
