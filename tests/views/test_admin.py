"""Accounts: the administrator's pages and ``jixiao user create``."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services import accounts
from tests.conftest import login
from tests.factories import make_unit, make_user


def issued(page: str) -> str:
    return re.search(r'id="issued-password">([^<]+)<', page).group(1)


def test_an_administrator_creates_an_account_that_must_change_its_password(app, anonymous):
    unit = make_unit()
    admin = login(app.test_client(), make_user("root", ["admin"]))
    form = admin.get("/admin/users/new").get_data(as_text=True)
    assert "填报" in form and "审核" in form and "审计" in form and "管理员" in form and "304001" in form
    page = admin.post("/admin/users/new", data={"name": "zhang", "display_name": "张三", "roles": ["officer"],
                                                "units": [str(unit.id)]})
    assert page.status_code == 200
    password = issued(page.get_data(as_text=True))
    listing = admin.get("/admin/users").get_data(as_text=True)
    assert "张三" in listing and "填报" in listing and "待修改密码" in listing
    response = anonymous.post("/login", data={"name": "zhang", "password": password})
    assert response.headers["Location"] == "/password"


def test_weak_or_duplicate_accounts_are_refused(app):
    admin = login(app.test_client(), make_user("root", ["admin"]))
    assert admin.post("/admin/users/new", data={"name": "root", "roles": ["auditor"]}).status_code == 422
    assert "请至少选择一个角色" in admin.post("/admin/users/new", data={"name": "x1"}).get_data(as_text=True)
    assert admin.post("/admin/users/new", data={"name": "x y", "roles": ["auditor"]}).status_code == 422


def test_roles_units_reset_and_deactivate(app):
    unit = make_unit()
    root = make_user("root", ["admin"])
    user = make_user("li", ["officer"], [unit])
    admin = login(app.test_client(), root)
    assert admin.post(f"/admin/users/{user.id}", data={"name": "li", "display_name": "李四", "version": "1",
                                                       "roles": ["reviewer", "auditor"], "active": "y"}).status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.roles == ("reviewer", "auditor") and user.units == [] and user.display_name == "李四"
    page = admin.post(f"/admin/users/{user.id}/reset").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).must_change_password and len(issued(page)) >= 8
    signed_in = login(app.test_client(), db.session.get(User, user.id))
    admin.post(f"/admin/users/{user.id}", data={"name": "li", "roles": ["reviewer"], "version": "2"})  # 启用 unticked
    db.session.expire_all()
    assert not db.session.get(User, user.id).active
    assert signed_in.get("/audit/").status_code == 302


def test_administrators_cannot_lock_themselves_out(app):
    root = make_user("root", ["admin"])
    admin = login(app.test_client(), root)
    page = admin.post(f"/admin/users/{root.id}", data={"name": "root", "roles": ["auditor"], "active": "y"})
    assert page.status_code == 422 and "不能取消自己的管理员角色" in page.get_data(as_text=True)
    page = admin.post(f"/admin/users/{root.id}", data={"name": "root", "roles": ["admin"]})
    assert "不能停用自己的账户" in page.get_data(as_text=True)


def test_an_administrator_alone_sees_users_and_units_but_no_project(app):
    admin = login(app.test_client(), make_user("root", ["admin"]))
    assert admin.get("/").headers["Location"] == "/admin/users"
    nav = admin.get("/admin/users").get_data(as_text=True)
    assert "预算单位" in nav and 'href="/projects/"' not in nav and "审计日志" not in nav
    assert admin.get("/projects/").status_code == 403 and admin.get("/audit/").status_code == 403


def test_roles_show_in_chinese(app):
    page = login(app.test_client(), make_user("mix", ["officer", "auditor"])).get("/projects/").get_data(as_text=True)
    assert "mix（填报、审计）" in page


def test_cli_creates_with_a_password_from_stdin(app, runner):
    make_unit()
    make_unit("573301", "天津")
    result = runner.invoke(args=["user", "create", "wang", "--role", "officer", "--role", "reviewer",
                                 "--unit", "304001", "--unit", "573301", "--password-stdin"], input="Stdin-Pass1\n")
    assert result.exit_code == 0, result.output
    assert "已创建用户 wang（填报、审核；单位：304001、573301）" in result.output and "Stdin-Pass1" not in result.output
    user = accounts.find_user("wang")
    assert not user.must_change_password and accounts.authenticate("wang", "Stdin-Pass1").id == user.id


def test_cli_prints_a_random_password_to_change_at_first_login(app, runner):
    result = runner.invoke(args=["user", "create", "zhao", "--role", "auditor"])
    assert result.exit_code == 0
    password = re.search(r"临时密码：(\S+)（", result.output).group(1)
    user = accounts.authenticate("zhao", password)
    assert user.must_change_password


def test_cli_refuses_weak_passwords_unknown_units_and_roles(app, runner):
    weak = runner.invoke(args=["user", "create", "a1", "--role", "auditor", "--password-stdin"], input="short\n")
    assert weak.exit_code != 0 and "密码至少 8 位" in weak.output
    unit = runner.invoke(args=["user", "create", "a2", "--role", "officer", "--unit", "999"])
    assert unit.exit_code != 0 and "单位编码 999 不存在" in unit.output
    role = runner.invoke(args=["user", "create", "a3", "--role", "boss"])
    assert role.exit_code != 0
    assert db.session.scalars(select(User)).all() == []
