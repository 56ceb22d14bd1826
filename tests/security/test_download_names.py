"""A download's name comes from data a user typed: it never breaks or splits the Content-Disposition header."""

import pytest

from app.views.sending import safe_filename, send_document
from tests.conftest import login
from tests.factories import make_project, make_unit, make_user


@pytest.mark.parametrize("name,expected", [
    ("服务协议-A\nB.docx", "服务协议-A B.docx"),
    ("plain\r\nX-Evil: 1.docx", "plain X-Evil: 1.docx"),
    ("../../etc/passwd.docx", "etc passwd.docx"),  # a traversal probe
    ("a\\b\x00c.xlsx", "a b c.xlsx"),
    ("\n", "download"),
    ("2024年项目支出绩效目标表.docx", "2024年项目支出绩效目标表.docx"),
])
def test_names_lose_control_characters_and_separators(name, expected):
    assert safe_filename(name) == expected


def test_a_name_with_a_newline_is_sent_not_refused(app):
    with app.test_request_context():
        response = send_document(b"x", "服务协议-甲公司\r\nSet-Cookie: a=b.docx")
    disposition = response.headers["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition
    assert "Set-Cookie" not in response.headers


def test_a_project_named_over_two_lines_exports(app):
    unit = make_unit()
    project = make_project(unit, name="白沟项目\n第二行")
    client = login(app.test_client(), make_user("officer_a", ["officer"], [unit]))
    for path in (f"/projects/{project.id}/export.docx", f"/projects/{project.id}/export.xlsx"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "\n" not in response.headers["Content-Disposition"]
