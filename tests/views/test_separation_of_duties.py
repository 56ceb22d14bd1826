"""Separation of duties: an administrator manages users and units only; only an administrator grants administration."""

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError
from app.extensions import db
from app.models import User
from app.services import accounts
from tests.conftest import login
from tests.factories import PASSWORD, make_unit, make_user


@pytest.mark.parametrize("budget_role", ["officer", "reviewer", "auditor"])
def test_no_account_is_created_administrator_and_budget_role_at_once(app, budget_role):
    with pytest.raises(DomainError) as refused:
        accounts.create_user("both", ["admin", budget_role], password=PASSWORD)
    assert "管理员只管理用户和单位" in str(refused.value)
    assert db.session.scalar(select(User).where(User.name == "both")) is None


@pytest.mark.parametrize("other", ["officer", "reviewer", "auditor"])
def test_a_centre_operator_holds_no_bureau_role(app, other):
    with pytest.raises(DomainError) as refused:
        accounts.create_user("both", ["operator", other], password=PASSWORD)
    assert "承办企业账号只填报本中心周报" in str(refused.value) and refused.value.problems[0].field == "roles"
    assert db.session.scalar(select(User).where(User.name == "both")) is None
    user, _ = accounts.create_user("alone", ["operator"], password=PASSWORD)
    assert user.roles_text == "operator"


def test_the_command_line_refuses_the_combination_too(app, runner):
    result = runner.invoke(args=["user", "create", "both", "--role", "admin", "--role", "officer"])
    assert result.exit_code != 0 and "管理员只管理用户和单位" in result.output
    assert "Traceback" not in result.output


def test_an_administrator_cannot_give_itself_a_project_role(app):
    unit = make_unit()
    root = make_user("root", ["admin"])
    admin = login(app.test_client(), root)
    page = admin.post(f"/admin/users/{root.id}", data={"name": "root", "roles": ["admin", "officer"],
                                                       "units": [str(unit.id)], "active": "y"})
    assert page.status_code == 422 and "管理员只管理用户和单位" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, root.id).roles == ("admin",)
    assert admin.get("/projects/").status_code == 403


def test_an_administrator_cannot_give_another_administrator_a_project_role(app):
    root, other = make_user("root", ["admin"]), make_user("other", ["admin"])
    admin = login(app.test_client(), root)
    page = admin.post(f"/admin/users/{other.id}", data={"name": "other", "roles": ["admin", "reviewer"], "active": "y"})
    assert page.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, other.id).roles == ("admin",)


def test_only_an_administrator_grants_administration(app):
    officer = make_user("zhang", ["officer"], [make_unit()])
    with pytest.raises(DomainError) as refused:
        accounts.update_user(officer, roles=["admin"], unit_ids=[], active=True, display_name="", by=officer)
    assert "不能" in str(refused.value)
    auditor = make_user("li", ["auditor"])
    with pytest.raises(DomainError) as refused:
        accounts.update_user(officer, roles=["admin"], unit_ids=[], active=True, display_name="", by=auditor)
    assert "只有管理员可以授予管理员角色" in str(refused.value)
    root = make_user("root", ["admin"])
    accounts.update_user(officer, roles=["admin"], unit_ids=[], active=True, display_name="", by=root)
    db.session.expire_all()
    assert db.session.get(User, officer.id).roles == ("admin",)
