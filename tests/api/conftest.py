"""What the API tests share: two units, a user of each role, and a token for each."""

import pytest

from app.services import tokens
from tests.factories import make_unit, make_user


class Caller:
    """A test client that sends ``Authorization: Bearer <token>`` with every request."""

    def __init__(self, client, token: str | None):
        self.client, self.token = client, token

    def _headers(self, headers):
        base = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return base | (headers or {})

    def get(self, path, headers=None, **kw):
        return self.client.get(path, headers=self._headers(headers), **kw)

    def post(self, path, json=None, headers=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(headers), **kw)

    def put(self, path, json=None, headers=None, **kw):
        return self.client.put(path, json=json, headers=self._headers(headers), **kw)

    def delete(self, path, headers=None, **kw):
        return self.client.delete(path, headers=self._headers(headers), **kw)


@pytest.fixture
def world(app):
    unit_a = make_unit("304001", "保定白沟新城国际贸易服务中心（本级）")
    unit_b = make_unit("573301", "中国国际贸易促进委员会天津市分会")
    users = {
        "officer_a": make_user("officer_a", ["officer"], [unit_a]),
        "reviewer_a": make_user("reviewer_a", ["reviewer"], [unit_a]),
        "auditor": make_user("auditor", ["auditor"]),
        "admin": make_user("admin", ["admin"]),
        "officer_b": make_user("officer_b", ["officer"], [unit_b]),
    }
    return {"unit_a": unit_a, "unit_b": unit_b, "users": users}


@pytest.fixture
def caller(app, world):
    """``caller(role, scope="write")``: a client with a fresh token of that user."""

    def make(role: str, scope: str = "write") -> Caller:
        issued = tokens.create(world["users"][role], f"{role} 测试", scope, 30)
        return Caller(app.test_client(), issued.text)

    return make
