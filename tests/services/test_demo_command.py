"""``jixiao demo`` never undoes a user's work (issue 12, point 2).

It loads the demo only into an empty database; ``--reset`` reloads it and first lists what it
replaces; passwords are printed only for accounts it creates, or with ``--new-passwords``.
"""

import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Project, User
from app.services import projects
from tests.factories import make_unit

NAME = "2023年PECC国际贸易投资博览会"
PRINTED = re.compile(r"(\S+)\t用户名 (\S+)\t密码 (\S+)")


@pytest.fixture
def demo(runner, monkeypatch):
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all

    def run(*args):
        result = runner.invoke(args=["demo", *args])
        assert result.exit_code == 0, result.output
        return result.output

    return run


def demo_project() -> Project:
    return db.session.scalar(select(Project).where(Project.name == NAME))


def rename_purpose(text: str) -> None:
    project = demo_project()
    projects.update_project(project, replace(projects.draft_of(project), purpose=text))


def hashes() -> dict[str, str]:
    return {user.name: user.password_hash for user in db.session.scalars(select(User))}


def test_an_empty_database_gets_the_demo_and_the_four_accounts(demo):
    output = demo()
    assert "演示数据已就绪：新建 21 个项目" in output
    assert [name for _, name, _ in PRINTED.findall(output)] == ["officer", "reviewer", "auditor", "admin"]


def test_a_second_run_keeps_an_edit_made_in_the_browser_and_the_passwords(demo):
    demo()
    rename_purpose("浏览器中改过的资金用途")
    before = hashes()
    output = demo()
    assert "数据库中已有数据（21 个项目），未载入演示数据" in output and "jixiao demo --reset" in output
    assert demo_project().purpose == "浏览器中改过的资金用途"
    assert PRINTED.findall(output) == [] and "officer、reviewer、auditor、admin 已存在，密码未改" in output
    assert hashes() == before  # nobody is signed out or locked out by a rerun


def test_a_database_with_only_a_unit_is_not_empty(demo):
    make_unit("999001", "自建单位")
    output = demo()
    assert "未载入演示数据" in output and db.session.scalar(select(Project.id).limit(1)) is None
    assert len(PRINTED.findall(output)) == 4  # the missing accounts are still created, with their passwords


def test_reset_says_what_it_replaces_then_replaces_it(demo):
    demo()
    original = demo_project().purpose
    rename_purpose("浏览器中改过的资金用途")
    output = demo("--reset")
    assert "--reset：以演示数据替换以下 1 个项目" in output
    assert f"2023 573301 {NAME}" in output
    assert demo_project().purpose == original
    assert "--reset：演示项目与演示数据一致" in demo("--reset")


def test_new_passwords_only_when_asked(demo):
    first = dict((name, password) for _, name, password in PRINTED.findall(demo()))
    again = dict((name, password) for _, name, password in PRINTED.findall(demo("--new-passwords")))
    assert set(again) == {"officer", "reviewer", "auditor", "admin"}
    assert all(again[name] != first[name] for name in again)
